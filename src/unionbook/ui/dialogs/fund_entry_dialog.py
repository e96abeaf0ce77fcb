"""Add or edit one 经费收支 entry: date, 科目 and 明细科目, amount, 凭证号, 摘要 — and, when the
voucher pays for something another register already holds, the link that takes it over.

The link is picked from the year's records not yet taken over (a batch, a payment, an activity, a
month's dues), each with the amount the register shows, and the amount the chair types is set
against it under the field, so a voucher for 1,200 元 linked to a batch of 1,000 元 is seen before
saving (the service warns again after). The records are read off the GUI thread: at 100,000
members a year holds thousands of single payments.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QLabel, QSizePolicy, QWidget

from unionbook.domain.funds import SUB_ITEMS
from unionbook.domain.money import format_yuan
from unionbook.domain.vocab import FundCategory, labels
from unionbook.services import funds
from unionbook.services.database import Database
from unionbook.services.fund_ledger import LedgerLine
from unionbook.services.funds import NO_LINK, EntryInput, Link, LinkedRecord
from unionbook.services.records import SaveResult
from unionbook.ui.dialogs.form_dialog import FormDialog, inline
from unionbook.ui.dialogs.payment_dialog import date_edit, fen_of, yuan_edit, yuan_text
from unionbook.ui.dialogs.record_form import choice_combo, form_layout, line_edit, notes_edit, select
from unionbook.ui.i18n import translator
from unionbook.ui.tasks import run_in_background

tr = translator("FundEntryDialog")


def link_caption(source: str, day: date, description: str, amount_fen: int) -> str:
    return f"{day}　{source}　{description}　{format_yuan(amount_fen)} 元"


class FundEntryDialog(FormDialog):
    """`FundEntryDialog(db, today=…)` adds an entry, `FundEntryDialog(db, entry_id=3)` edits one."""

    def __init__(self, db: Database, *, entry_id: int | None = None, parent: QWidget | None = None,
                 today: date | None = None, day: date | None = None) -> None:  # fmt: skip
        super().__init__(parent, db=db, today=today)
        self.entry_id = entry_id
        self.track("fund_entries", entry_id, self._reload_entry)
        entry = funds.get_entry(self._factory, entry_id) if entry_id is not None else None
        self.current_link: LinkedRecord | None = funds.entry_link(self._factory, entry_id) if entry_id else None
        self.setWindowTitle(tr("记一笔收支") if entry is None else tr("修改收支：") + entry.summary)
        self.setMinimumWidth(640)
        form = form_layout()
        self.body.addLayout(form)
        self.date = date_edit(entry.date if entry else (day or self._today))
        self.category = choice_combo(labels(FundCategory))
        self.sub_item = QComboBox()
        self.sub_item.setEditable(True)
        self.sub_item.setMinimumWidth(180)
        self.sub_item.lineEdit().setPlaceholderText(tr("可选择，也可自己填写"))
        self.amount = yuan_edit()
        self.voucher = line_edit(50, tr("如 记-001"))
        self.voucher.setMaximumWidth(160)
        self.summary = line_edit(200, tr("如 购买职工书屋书架"))
        self.link = QComboBox()
        self.link.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.link.setEditable(True)
        self.link.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.link.lineEdit().setPlaceholderText(tr("输入文字查找"))
        self.link_note = QLabel()
        self.link_note.setObjectName("hint")
        self.link_note.setWordWrap(False)
        self.notes = notes_edit("", lines=2)
        form.addRow(tr("日期") + " *", self.field(self.date, "日期"))
        form.addRow(tr("科目") + " *", self.field(self.category, "科目"))
        form.addRow(tr("明细科目"), self.sub_item)
        form.addRow(tr("金额") + " *", self.field(inline(self.amount, tr("元")), "金额", self.amount))
        form.addRow(tr("凭证号"), self.voucher)
        form.addRow(tr("摘要") + " *", self.field(self.summary, "摘要"))
        form.addRow(tr("关联"), self.field(self.link, "关联"))
        form.addRow("", self.link_note)
        form.addRow(tr("备注"), self.notes)
        self.finish()
        self._links_year: int | None = None
        self.category.currentIndexChanged.connect(lambda _i: self._fill_sub_items())
        self.amount.textChanged.connect(lambda _t: self._show_link_note())
        self.link.currentIndexChanged.connect(lambda _i: self._show_link_note())
        self.date.dateChanged.connect(lambda _d: self._load_links())
        if entry is not None:
            self._load(entry)
        else:
            self.category.setCurrentIndex(self.category.findData(FundCategory.ACTIVITIES.value))
            self._fill_sub_items()
        self._load_links()
        self.summary.setFocus()

    def _load(self, entry: EntryInput) -> None:
        select(self.category, entry.category)
        self._fill_sub_items()
        self.sub_item.setCurrentText(entry.sub_item)
        self.amount.setText(yuan_text(entry.amount_fen))
        self.voucher.setText(entry.voucher_no)
        self.summary.setText(entry.summary)
        self.notes.setPlainText(entry.notes)

    def _reload_entry(self) -> None:
        """The entry as stored now (someone else saved it since the dialog opened)."""
        self._load(funds.get_entry(self._factory, self.entry_id))  # type: ignore[arg-type]

    # --- 明细科目 -------------------------------------------------------------------------------------

    def _fill_sub_items(self) -> None:
        category = self.category.currentData()
        typed = self.sub_item.currentText()
        self.sub_item.clear()
        self.sub_item.addItem("")
        self.sub_item.addItems(
            [*SUB_ITEMS.get(FundCategory(category), ()), *funds.sub_items_used(self._factory, category)]
        )
        self.sub_item.setCurrentText(
            typed if typed in [self.sub_item.itemText(i) for i in range(self.sub_item.count())] else ""
        )

    # --- the link -----------------------------------------------------------------------------------

    def _load_links(self) -> None:
        year = self.date.date().year()
        if year == self._links_year:
            return
        self._links_year = year
        self.link.clear()
        self.link.addItem(tr("正在读取{0}年可关联的记录……").format(year), None)
        self.link.setEnabled(False)
        factory = self._factory
        task = run_in_background(self, tr("正在读取可关联的记录……"),
                                 lambda _p, _c: funds.link_candidates(factory, year), cancellable=False, quiet=True)  # fmt: skip
        task.success(lambda lines: self._links_loaded(year, lines))
        task.start()
        self.links_task = task

    def _links_loaded(self, year: int, lines: list[LedgerLine]) -> None:
        if year != self._links_year:
            return  # the date moved on to another year meanwhile
        self.link.clear()
        self.link.addItem(tr("不关联"), None)
        self._amounts: dict[Link, int] = {}
        current = self.current_link
        if current is not None:
            self.link.addItem(link_caption(current.link.source.value, current.date, current.description,
                                           current.amount_fen) + tr("（本笔已关联）"), current.link)  # fmt: skip
            self._amounts[current.link] = current.amount_fen
        for line in lines:
            link = Link(line.source, line.source_id)
            self.link.addItem(link_caption(line.source.value, line.date, line.summary, line.amount_fen), link)
            self._amounts[link] = line.amount_fen
        completer = QCompleter(self.link.model(), self.link)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.link.setCompleter(completer)
        self.link.setCurrentIndex(1 if current is not None else 0)
        self.link.setEnabled(True)
        self.link_note.setText(tr("可关联本年尚未入账的批次、发放、活动费用和会费（{0} 项）").format(len(lines)))
        self._show_link_note()

    def chosen_link(self) -> Link | None:
        if not self.link.isEnabled():  # still reading: an edit keeps the link it had
            return self.current_link.link if self.current_link is not None else None
        data = self.link.currentData()
        return data if isinstance(data, Link) else None

    def _show_link_note(self) -> None:
        link = self.chosen_link()
        if link is None:
            return
        amount = self._amounts.get(link, 0)
        try:
            typed = fen_of(self.amount)
        except ValueError:
            typed = None
        text = tr("所关联记录的金额 {0} 元").format(format_yuan(amount))
        if typed is not None and typed != amount:
            text += tr("，与本笔金额相差 {0} 元").format(format_yuan(abs(typed - amount)))
        else:
            text += tr("，与本笔金额相同")
        self.link_note.setText(text)

    # --- saving ----------------------------------------------------------------------------------------

    def check(self) -> bool:
        try:
            amount = fen_of(self.amount)
        except ValueError:
            amount = -1
        if amount is None or amount <= 0:
            self.errors["金额"].show_text(tr("请填写金额，例如 1200 或 1,200.50"))
            self.amount.setFocus()
            return False
        return True

    def entry_input(self) -> EntryInput:
        link = self.chosen_link()
        qdate: QDate = self.date.date()
        return EntryInput(
            date=date(qdate.year(), qdate.month(), qdate.day()), category=self.category.currentData(),
            amount_fen=fen_of(self.amount) or 0, summary=self.summary.text(), sub_item=self.sub_item.currentText(),
            voucher_no=self.voucher.text(), notes=self.notes.toPlainText(),
            **(link.fields() if link is not None else NO_LINK),  # type: ignore[arg-type]
        )  # fmt: skip

    def save(self) -> SaveResult:
        return funds.save_entry(self._factory, self.entry_input(), self.entry_id)
