"""Register or edit one disbursement (帮扶/慰问发放), and the member picker the aid dialogs share.

The rules live in `services.aid.validate_payment` (an amount of 0 needs goods, goods value needs
goods, the program and funding source come from the vocabularies); this dialog shows the service's
verdict under the field it names and keeps what the user typed.

A payment under 送温暖, 金秋助学, 医疗救助, 生活救助 or 困难劳模帮扶 to someone with an open hardship
file is, by default, counted under that file: that is how the upper union's 帮扶台账 reads
("为X名困难职工发放救助金"), and the importer links imported lists the same way.

困难劳模帮扶 is for people who hold a 劳动模范 title (the honors register): the dialog says when the
chosen person does, and warns when that program is chosen for somebody who does not.

The member picker lives here because a payment is where a chair picks people most often; the
hardship dialog imports it from here.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QRegularExpression, Qt, QTimer, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from unionbook.domain.errors import UnionbookError, ValidationError
from unionbook.domain.idnumber import mask_id_number
from unionbook.domain.money import fen_to_yuan, yuan_to_fen
from unionbook.domain.vocab import AidProgram, FundingSource, labels
from unionbook.services import aid, honors, members, spending_rules
from unionbook.services.aid import HARDSHIP_PROGRAMS, HardshipRow, PaymentInput, PaymentRow
from unionbook.services.database import Database
from unionbook.services.members import MemberFilter, MemberRow
from unionbook.ui.dialogs.breach_dialog import ask_to_go_ahead
from unionbook.ui.dialogs.form_dialog import FormDialog, Saved, inline
from unionbook.ui.dialogs.record_form import choice_combo, form_layout, line_edit, select
from unionbook.ui.i18n import translator

tr = translator("PaymentDialog")

#: People offered by the picker at once: a surname typed alone can match a hundred people, and the
#: chair narrows by typing more, not by scrolling.
MAX_CHOICES = 50
#: 元 as typed: digits with optional thousands commas and up to two decimals.
_YUAN_PATTERN = r"[0-9][0-9,，]{0,12}(\.[0-9]{0,2})?"


def yuan_edit(placeholder: str = "0.00") -> QLineEdit:
    """A line edit for an amount in 元 (two decimals at most, commas allowed)."""
    edit = QLineEdit()
    edit.setValidator(QRegularExpressionValidator(QRegularExpression(_YUAN_PATTERN), edit))
    edit.setPlaceholderText(placeholder)
    edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    edit.setMaximumWidth(140)
    return edit


def date_edit(value: date) -> QDateEdit:
    """A date field in ISO form with a calendar pop-up (the aid dialogs' dates)."""
    edit = QDateEdit(QDate(value))
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setCalendarPopup(True)
    return edit


def fen_of(edit: QLineEdit) -> int | None:
    """The typed amount in fen; None when empty. Raises ValueError for text that is not one."""
    text = edit.text().strip()
    return yuan_to_fen(text) if text else None


def yuan_text(fen: int | None) -> str:
    """Fen as the text a 元 field is loaded with ("1500", "12.50"): no separators to trip on."""
    if fen is None:
        return ""
    value = fen_to_yuan(fen)
    return f"{value:f}".rstrip("0").rstrip(".") if value == value.to_integral_value() else f"{value:f}"


def member_caption(row: MemberRow) -> str:
    """"张三　一车间　440106********0012" (the ID masked: the picker is seen over a shoulder)."""
    parts = [row.name, row.department or tr("（无部门）")]
    if row.membership != "会员":
        parts.append(row.membership)
    if row.id_number:
        parts.append(mask_id_number(row.id_number))
    return "　".join(parts)


class MemberPicker(QWidget):
    """Choose one person by typing part of a name, its pinyin initials or the ID number's tail.

    `member_changed(member_id or None)` fires when the choice changes.
    """

    member_changed = Signal(object)

    def __init__(self, factory: object, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._factory = factory
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("输入姓名、拼音首字母或身份证号后几位"))
        self.search.setClearButtonEnabled(True)
        self.choices = QComboBox()
        self.choices.setMinimumContentsLength(22)
        self.choices.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        row = QHBoxLayout()
        row.addWidget(self.search, 2)
        row.addWidget(self.choices, 3)
        layout.addLayout(row)
        layout.addWidget(self.hint)
        # Search after a short pause: each keystroke of "zhangs" need not query the roster.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self.run_search)
        self.search.textEdited.connect(lambda _t: self._timer.start())
        self.choices.currentIndexChanged.connect(lambda _i: self.member_changed.emit(self.member_id()))
        self._show_hint("")

    def member_id(self) -> int | None:
        value = self.choices.currentData()
        return int(value) if value is not None else None

    def member_row(self) -> MemberRow | None:
        member_id = self.member_id()
        if member_id is None:
            return None
        rows = members.fetch_rows(self._factory, [member_id])  # type: ignore[arg-type]
        return rows[0] if rows else None

    def set_member(self, member_id: int | None) -> None:
        """Show this person as chosen (an existing record), with their name in the search box."""
        self.choices.blockSignals(True)
        self.choices.clear()
        if member_id is not None:
            rows = members.fetch_rows(self._factory, [member_id])  # type: ignore[arg-type]
            if rows:
                self.choices.addItem(member_caption(rows[0]), rows[0].id)
                self.search.setText(rows[0].name)
        self.choices.blockSignals(False)
        self._show_hint(self.search.text())
        self.member_changed.emit(self.member_id())

    def run_search(self) -> None:
        text = self.search.text().strip()
        previous = self.member_id()
        self.choices.blockSignals(True)
        self.choices.clear()
        found = 0
        if text:
            ids = members.query_member_ids(self._factory, MemberFilter(text=text))  # type: ignore[arg-type]
            found = len(ids)
            for row in members.fetch_rows(self._factory, ids[:MAX_CHOICES]):  # type: ignore[arg-type]
                self.choices.addItem(member_caption(row), row.id)
        keep = self.choices.findData(previous) if previous is not None else -1
        self.choices.setCurrentIndex(keep if keep >= 0 else (0 if self.choices.count() else -1))
        self.choices.blockSignals(False)
        self._show_hint(text, found)
        self.member_changed.emit(self.member_id())

    def _show_hint(self, text: str, found: int | None = None) -> None:
        if not text:
            hint = tr("先输入姓名或拼音首字母查找，例如“张三”或“zs”")
        elif found is None:
            hint = ""
        elif found == 0:
            hint = tr("花名册中没有找到“{0}”").format(text)
        elif found > MAX_CHOICES:
            hint = tr("找到 {0} 人，只列出前 {1} 人，请多输入几个字").format(found, MAX_CHOICES)
        elif found > 1:
            hint = tr("找到 {0} 人，请在右边选择").format(found)
        else:
            hint = ""
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))


class PaymentDialog(FormDialog):
    """`PaymentDialog(db)` registers a payment; `PaymentDialog(db, row=payment_row)` edits one.

    After Accepted, `saved_id` is the payment's id.
    """

    def __init__(self, db: Database, *, row: PaymentRow | None = None, member_id: int | None = None,
                 parent: QWidget | None = None, today: date | None = None) -> None:  # fmt: skip
        super().__init__(parent, db=db, today=today)
        if row is not None:  # read again after its version: the page's row may be older
            self.track("aid_payments", row.id, self._reload_row)
            row = next(iter(aid.fetch_payment_rows(self._factory, [row.id])), row)
        self.row = row
        self._files: list[HardshipRow] = []
        self.setWindowTitle(tr("登记发放") if row is None else tr("编辑发放记录：") + row.member_name)
        self.setMinimumWidth(640)

        if row is not None and row.batch_title:
            batch = QLabel(tr("这笔发放属于批次“{0}”。修改只影响这一笔；整批撤销请到“批量发放”。").format(row.batch_title))
            batch.setObjectName("hint")
            batch.setWordWrap(True)
            self.body.addWidget(batch)
        form = form_layout()
        self.body.addLayout(form)

        self.member = MemberPicker(self._factory)
        self.program = QComboBox()
        for label in labels(AidProgram):
            self.program.addItem(label, label)
        self.date_edit = date_edit(self._today)
        self.amount = yuan_edit()
        amount_hint = QLabel(tr("只发实物时填 0，并在下面写明实物"))
        amount_hint.setObjectName("hint")
        amount_row = inline(self.amount, tr("元"), amount_hint)
        self.goods = line_edit(200, tr("例如：米一袋、油一桶"))
        self.goods_value = yuan_edit()
        goods_value_row = inline(self.goods_value, tr("元"))
        self.funding = choice_combo(labels(FundingSource), blank=tr("未填写"))
        self.link_file = QCheckBox()
        self.signed = QCheckBox(tr("已签收（领取人已在签收表上签字）"))
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.notes.fontMetrics().lineSpacing() * 3 + 12)
        self.notes.setPlaceholderText(tr("例如：住院慰问，市第一人民医院"))

        form.addRow(tr("领取人") + " *", self.field(self.member, "职工"))
        form.addRow(tr("项目") + " *", self.field(self.program, "项目"))
        self.model_worker_hint = QLabel()
        self.model_worker_hint.setWordWrap(True)
        form.addRow("", self.model_worker_hint)
        form.addRow(tr("发放日期") + " *", self.field(self.date_edit, "日期"))
        form.addRow(tr("金额"), self.field(amount_row, "金额", self.amount))
        form.addRow(tr("实物"), self.field(self.goods, "实物"))
        form.addRow(tr("实物价值"), self.field(goods_value_row, "实物价值", self.goods_value))
        form.addRow(tr("资金来源"), self.field(self.funding, "资金来源"))
        form.addRow(tr("困难档案"), self.field(self.link_file, "困难档案"))
        form.addRow("", self.signed)
        form.addRow(tr("备注"), self.notes)
        self.finish()

        self.member.member_changed.connect(lambda _m: self._update_file_link(default=True))
        self.program.currentIndexChanged.connect(lambda _i: self._update_file_link(default=True))
        self.date_edit.dateChanged.connect(lambda _d: self._update_file_link(default=False))
        self.member.member_changed.connect(lambda _m: self._update_model_worker_hint())
        self.program.currentIndexChanged.connect(lambda _i: self._update_model_worker_hint())
        self._load(row, member_id)
        self._update_model_worker_hint()

    # --- values in and out ----------------------------------------------------------------

    def _reload_row(self) -> None:
        """The payment as stored now (someone else saved it since the dialog opened)."""
        self.row = aid.fetch_payment_rows(self._factory, [self.row.id])[0]  # type: ignore[union-attr]
        self._load(self.row, None)

    def _load(self, row: PaymentRow | None, member_id: int | None) -> None:
        if row is None:
            self.member.set_member(member_id)
            self._update_file_link(default=True)
            (self.member.search if member_id is None else self.program).setFocus()
            return
        data = row.data
        self.member.set_member(data.member_id)
        select(self.program, data.program)
        self.date_edit.setDate(QDate(data.date))
        self.amount.setText(yuan_text(data.amount_fen))
        self.goods.setText(data.goods)
        self.goods_value.setText(yuan_text(data.goods_value_fen) if data.goods_value_fen else "")
        self.funding.setCurrentIndex(max(self.funding.findData(data.funding_source), 0) if data.funding_source else 0)
        self.signed.setChecked(data.signed)
        self.notes.setPlainText(data.notes)
        self._update_file_link(default=False)
        self.link_file.setChecked(data.hardship_file_id is not None and self.link_file.isEnabled())

    def _open_file(self) -> HardshipRow | None:
        """The chosen person's hardship file open on the payment's date, if any."""
        on = self.date_edit.date().toPython()
        return next((f for f in self._files if f.is_open(on)), None)

    def _update_file_link(self, *, default: bool) -> None:
        member_id = self.member.member_id()
        if default or not self._files or self._files[0].data.member_id != member_id:
            try:
                self._files = aid.list_hardship_files(self._factory, member_id=member_id) if member_id else []
            except UnionbookError:
                self._files = []
        found = self._open_file()
        if found is None:
            self.link_file.setText(tr("此人在发放日期没有在档的困难职工档案"))
            self.link_file.setChecked(False)
            self.link_file.setEnabled(False)
            return
        self.link_file.setEnabled(True)
        self.link_file.setText(
            tr("计入困难职工档案（{0} 建档，{1}）").format(found.data.opened_on.isoformat(), found.data.category)
        )
        if default:
            self.link_file.setChecked(self.program.currentData() in HARDSHIP_PROGRAMS)

    def _update_model_worker_hint(self) -> None:
        """Whether the person holds a 劳动模范 title: eligible for 困难劳模帮扶, or a warning."""
        member_id = self.member.member_id()
        title = honors.model_worker_title(self._factory, member_id) if member_id else None
        warning = title is None and member_id is not None and self.program.currentData() == AidProgram.MODEL_WORKER
        if title is not None:
            text = tr("此人是劳动模范（{0}，{1}），可享受困难劳模帮扶").format(title.data.title, title.data.level)
        elif warning:
            text = tr("此人没有登记劳动模范荣誉；困难劳模帮扶发给劳动模范，请核对（荣誉在“荣誉阵地维权”页登记）")
        else:
            text = ""
        self.model_worker_hint.setObjectName("warning" if warning else "hint")
        self.model_worker_hint.style().unpolish(self.model_worker_hint)
        self.model_worker_hint.style().polish(self.model_worker_hint)
        self.model_worker_hint.setText(text)
        self.model_worker_hint.setVisible(bool(text))

    def payment_input(self) -> PaymentInput:
        """The form as the service's input. Raises ValueError (with the field) for an amount
        the validator let through but Decimal refuses."""
        found = self._open_file() if self.link_file.isChecked() else None
        return PaymentInput(
            member_id=self.member.member_id() or 0,
            program=str(self.program.currentData() or ""),
            date=self.date_edit.date().toPython(),
            amount_fen=fen_of(self.amount) or 0,
            goods=self.goods.text(),
            goods_value_fen=fen_of(self.goods_value) or 0,
            funding_source=self.funding.currentData(),
            hardship_file_id=found.id if found else None,
            signed=self.signed.isChecked(),
            notes=self.notes.toPlainText(),
        )

    # --- saving -------------------------------------------------------------------------------

    def check(self) -> bool:
        """A recipient chosen and amounts that are amounts; the service checks the rest."""
        if self.member.member_id() is None:
            self.errors["职工"].show_text(tr("请先查找并选择领取人"))
            self.member.search.setFocus()
            return False
        for edit, key in ((self.amount, "金额"), (self.goods_value, "实物价值")):
            try:
                fen_of(edit)
            except ValueError:
                self.errors[key].show_text(tr("应为金额，例如 500 或 1,200.50"))
                edit.setFocus()
                return False
        return True

    def save(self) -> Saved:
        """Save; a payment over a spending rule or past the budget is shown first (BreachDialog):
        返回修改 keeps the form open with the reason under it, 仍然保存 saves with the reason given."""
        data, payment_id = self.payment_input(), (self.row.id if self.row else None)
        payment = aid.rule_payment(data)
        breaches = spending_rules.pending_breaches(self._factory, payment, payment_id)
        budget = spending_rules.budget_warnings(self._factory, [payment], data.funding_source, exclude_payment_id=payment_id)
        reason = ask_to_go_ahead(self, breaches, budget)
        if reason is None:
            raise ValidationError(field="开支标准", detail=tr("未保存：超出开支标准或预算，请修改后再保存"))
        return Saved(aid.save_payment(self._factory, data, payment_id, reason=reason or None))
