"""The 会费 dialogs: a wage base, an exemption by decision, and marking selected months paid.

A wage base or an exemption saved here also reaches the member's unpaid months already generated
(services/dues: save_and_apply): the chair corrects a base and sees the ledger follow. Marking paid
takes the day, the way and, if it differs from what each row owes, one amount for every row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QLabel, QWidget

from unionbook.domain.dues import month_start
from unionbook.domain.money import format_yuan
from unionbook.domain.vocab import DuesMethod, labels
from unionbook.services import dues
from unionbook.services.database import Database
from unionbook.services.dues import DuesRow, ExemptionInput, PaymentResult, WageBaseInput, WageBaseRow
from unionbook.services.records import SaveResult
from unionbook.ui.dialogs.form_dialog import FormDialog, inline
from unionbook.ui.dialogs.payment_dialog import MemberPicker, fen_of, yuan_edit, yuan_text
from unionbook.ui.dialogs.record_form import choice_combo, form_layout, line_edit, notes_edit
from unionbook.ui.i18n import translator

tr = translator("DuesDialogs")


def date_edit(day: date, month_only: bool = False) -> QDateEdit:
    edit = QDateEdit(QDate(day))
    edit.setDisplayFormat("yyyy-MM" if month_only else "yyyy-MM-dd")
    edit.setCalendarPopup(True)
    edit.setMinimumDate(QDate(1990, 1, 1))
    edit.setMaximumDate(QDate(2100, 12, 31))
    return edit


class WageBaseDialog(FormDialog):
    """`WageBaseDialog(db)` adds a base, `WageBaseDialog(db, row=row)` corrects one."""

    def __init__(self, db: Database, *, row: WageBaseRow | None = None, member_id: int | None = None,
                 today: date | None = None, parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent, db=db, today=today)
        if row is not None:  # read again after its version: the page's row may be older
            self.track("wage_bases", row.id, self._reload_row)
            row = self._stored(row) or row
        self.row = row
        self.recomputed = 0
        self.setWindowTitle(tr("登记工资基数") if row is None else tr("修改工资基数：") + row.member_name)
        self.setMinimumWidth(640)
        form = form_layout()
        self.body.addLayout(form)
        self.member = MemberPicker(self._factory)
        self.effective = date_edit(self._today.replace(day=1))
        self.wage = yuan_edit()
        self.notes = line_edit(200, tr("例如：2025年度调薪"))
        form.addRow(tr("职工") + " *", self.field(self.member, "职工", self.member.search))
        form.addRow(tr("生效日期"), self.field(self.effective, "生效日期"))
        form.addRow(tr("月工资基数") + " *", self.field(inline(self.wage, tr("元")), "工资基数", self.wage))
        hint = QLabel(tr("会费按月末有效的工资基数计算；已生成而未缴的月份会按新基数重算，已缴的月份不变。"))
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        form.addRow("", hint)
        form.addRow(tr("备注"), self.notes)
        self.finish()
        if row is not None:
            self._load(row.data)
        elif member_id is not None:
            self.member.set_member(member_id)
        (self.wage if member_id or row else self.member.search).setFocus()

    def _load(self, data: dues.wage_bases.WageBaseInput) -> None:
        self.member.set_member(data.member_id)
        self.effective.setDate(QDate(data.effective_from))
        self.wage.setText(yuan_text(data.wage_fen))
        self.notes.setText(data.notes)

    def _stored(self, row: dues.wage_bases.WageBaseRow) -> dues.wage_bases.WageBaseRow | None:
        return next((r for r in dues.wage_bases.member_history(self._factory, row.data.member_id) if r.id == row.id), None)

    def _reload_row(self) -> None:
        """The base as stored now (someone else saved it since the dialog opened)."""
        self.row = self._stored(self.row) or self.row  # type: ignore[arg-type]
        self._load(self.row.data)

    def check(self) -> bool:
        if self.member.member_id() is None:
            self.errors["职工"].show_text(tr("请先查找并选择职工"))
            return False
        try:
            if fen_of(self.wage) is None:
                self.errors["工资基数"].show_text(tr("请填写月工资基数"))
                return False
        except ValueError:
            self.errors["工资基数"].show_text(tr("应为金额，例如 5678.90"))
            return False
        return True

    def base_input(self) -> WageBaseInput:
        return WageBaseInput(self.member.member_id() or 0, self.effective.date().toPython(), fen_of(self.wage) or 0,
                             self.notes.text())  # fmt: skip

    def save(self) -> SaveResult:
        saved, self.recomputed = dues.wage_bases.save_and_apply(self._factory, self.base_input(), self.row.id if self.row else None)
        return saved


class ExemptionDialog(FormDialog):
    """免缴登记 for one member, from a month (to a month, or open-ended), with the decision's reason."""

    def __init__(self, db: Database, *, member_id: int | None = None, month: date | None = None,
                 today: date | None = None, parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent, db=db, today=today)
        self.recomputed = 0
        self.setWindowTitle(tr("免缴登记"))
        self.setMinimumWidth(560)
        form = form_layout()
        self.body.addLayout(form)
        self.member = MemberPicker(self._factory)
        start = month_start(month or self._today)
        self.from_month = date_edit(start, month_only=True)
        self.to_month = date_edit(start, month_only=True)
        self.open_ended = choice_combo([tr("到截止月份为止"), tr("长期（不填截止月份）")])
        self.open_ended.currentIndexChanged.connect(lambda i: self.to_month.setEnabled(i == 0))
        self.reason = line_edit(100, tr("例如：长期病休，经工会委员会研究同意免缴"))
        self.notes = notes_edit("", lines=2)
        form.addRow(tr("职工") + " *", self.field(self.member, "职工", self.member.search))
        form.addRow(tr("起始月份"), self.field(self.from_month, "起始月份"))
        form.addRow(tr("截止月份"), self.field(inline(self.to_month, self.open_ended), "截止月份", self.to_month))
        form.addRow(tr("免缴原因") + " *", self.field(self.reason, "免缴原因"))
        hint = QLabel(tr("保留会籍（退休等）的人不必登记，台账会自动记为免缴。"))
        hint.setObjectName("hint")
        form.addRow("", hint)
        form.addRow(tr("备注"), self.notes)
        self.finish()
        if member_id is not None:
            self.member.set_member(member_id)
            self.reason.setFocus()

    def check(self) -> bool:
        if self.member.member_id() is None:
            self.errors["职工"].show_text(tr("请先查找并选择职工"))
            return False
        return True

    def exemption_input(self) -> ExemptionInput:
        to_month = self.to_month.date().toPython() if self.open_ended.currentIndex() == 0 else None
        return ExemptionInput(self.member.member_id() or 0, self.from_month.date().toPython(), to_month,
                              self.reason.text(), self.notes.toPlainText())  # fmt: skip

    def save(self) -> SaveResult:
        saved, self.recomputed = dues.exemptions.save_and_apply(self._factory, self.exemption_input())
        return saved


@dataclass(frozen=True)
class Paid:
    """What 标记已缴 saved: the first row (the page keeps it selected) and the counts."""

    id: int
    result: PaymentResult
    warnings: tuple[str, ...] = ()


class PayDialog(FormDialog):
    """Mark the selected months paid: on a day, by a way, each its due unless an amount is given."""

    def __init__(self, db: Database, rows: list[DuesRow], *, today: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent, db=db, today=today)
        self.row_ids = [r.id for r in rows]
        self.setWindowTitle(tr("标记已缴"))
        self.setMinimumWidth(480)
        form = form_layout()
        self.body.addLayout(form)
        unpaid = [r for r in rows if r.paid_on is None]
        text = tr("所选 {0} 条，未缴的应缴合计 {1} 元").format(len(rows), format_yuan(sum(r.due_fen for r in unpaid)))
        if len(unpaid) < len(rows):
            text += tr("（其中 {0} 条已缴，不会改动）").format(len(rows) - len(unpaid))
        summary = QLabel(text)
        self.paid_on = date_edit(self._today)
        self.method = choice_combo(labels(DuesMethod))
        self.method.setCurrentIndex(max(self.method.findData(DuesMethod.CASH.value), 0))
        self.amount = yuan_edit(tr("按应缴"))
        self.amount.setToolTip(tr("不填：每条按其应缴金额记为实缴；填写：每条都记为这个金额"))
        form.addRow(tr("缴纳"), summary)
        form.addRow(tr("缴纳日期"), self.field(self.paid_on, "缴纳日期"))
        form.addRow(tr("缴纳方式"), self.field(self.method, "缴纳方式"))
        form.addRow(tr("实缴金额"), self.field(inline(self.amount, tr("元（每条）")), "实缴金额", self.amount))
        self.finish()

    def check(self) -> bool:
        try:
            fen_of(self.amount)
        except ValueError:
            self.errors["实缴金额"].show_text(tr("应为金额，例如 28.35"))
            return False
        return True

    def save(self) -> Paid:
        result = dues.record_payment(self._factory, self.row_ids, paid_on=self.paid_on.date().toPython(),
                                     method=str(self.method.currentData()), amount_fen=fen_of(self.amount))  # fmt: skip
        return Paid(self.row_ids[0], result)


