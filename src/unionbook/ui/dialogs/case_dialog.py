"""Add or edit one rights case (维权): what was asked, by whom (optional), when it was taken in and
when it was settled, and how it ended.

A case is 办理中 until it has a result and a 办结日期: choosing a result fills today's date, going
back to 办理中 clears it, and the service refuses the two out of step. The person's name is kept
private (masked in lists and prints) unless the chair unticks 不公开姓名.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QWidget

from unionbook.domain.vocab import CaseKind, CaseOutcome, labels
from unionbook.services import rights_cases
from unionbook.services.database import Database
from unionbook.services.records import SaveResult
from unionbook.services.rights_cases import CaseInput, CaseRow
from unionbook.ui.dialogs.form_dialog import FormDialog, inline
from unionbook.ui.dialogs.payment_dialog import date_edit
from unionbook.ui.dialogs.record_form import choice_combo, form_layout, line_edit, notes_edit, select
from unionbook.ui.i18n import translator
from unionbook.ui.widgets.optional_date import OptionalDateEdit

tr = translator("CaseDialog")


class CaseDialog(FormDialog):
    """`CaseDialog(db)` registers a case, `CaseDialog(db, row=case_row)` edits one."""

    def __init__(self, db: Database, *, row: CaseRow | None = None, parent: QWidget | None = None,
                 today: date | None = None) -> None:  # fmt: skip
        super().__init__(parent, db=db, today=today)
        if row is not None:  # read again after its version: the page's row may be older
            self.track("rights_cases", row.id, self._reload_row)
            row = rights_cases.get_case(self._factory, row.id)
        self.row = row
        self.setWindowTitle(tr("登记维权事项") if row is None else tr("编辑维权事项"))
        self.setMinimumWidth(640)
        form = form_layout()
        self.body.addLayout(form)
        self.kind = choice_combo(labels(CaseKind))
        self.opened = date_edit(self._today)
        self.person = line_edit(50, tr("可不填，例如职工集体提出的诉求"))
        self.private = QCheckBox(tr("不公开姓名（列表和打印只显示姓氏）"))
        self.private.setChecked(True)
        self.request = notes_edit(tr("例如：咨询加班费计算、解除劳动合同经济补偿争议、食堂增加夜班餐"))
        self.handling = notes_edit(tr("例如：法律顾问当面解答；调解委员会组织双方协商"))
        self.outcome = choice_combo(labels(CaseOutcome))
        self.closed = OptionalDateEdit(default=self._today)
        form.addRow(tr("类别"), self.field(self.kind, "类别"))
        form.addRow(tr("受理日期") + " *", self.field(self.opened, "受理日期"))
        form.addRow(tr("当事人"), inline(self.person, self.private))
        form.addRow(tr("事项") + " *", self.field(self.request, "事项"))
        form.addRow(tr("办理情况"), self.handling)
        form.addRow(tr("结果"), self.field(self.outcome, "结果"))
        form.addRow(tr("办结日期"), self.field(self.closed, "办结日期"))
        self.finish()
        select(self.outcome, CaseOutcome.OPEN.value)
        if row is not None:
            self._load(row.data)
        self.outcome.activated.connect(lambda _i: self._outcome_chosen())
        self.request.setFocus()

    def _reload_row(self) -> None:
        """The record as stored now (someone else saved it since the dialog opened)."""
        self.row = rights_cases.get_case(self._factory, self.row.id)  # type: ignore[union-attr]
        self._load(self.row.data)

    def _load(self, data: CaseInput) -> None:
        select(self.kind, data.kind)
        self.opened.setDate(QDate(data.opened_on))
        self.person.setText(data.person_name)
        self.private.setChecked(data.private)
        self.request.setPlainText(data.request)
        self.handling.setPlainText(data.handling)
        select(self.outcome, data.outcome)
        self.closed.set_value(data.closed_on)

    def _outcome_chosen(self) -> None:
        """A result needs its 办结日期 (today unless given); 办理中 has none."""
        if self.outcome.currentData() == CaseOutcome.OPEN:
            self.closed.set_value(None)
        elif self.closed.value() is None:
            self.closed.set_value(max(self._today, self.opened.date().toPython()))

    def case_input(self) -> CaseInput:
        name = self.person.text().strip()
        stored = self.row.data if self.row else None
        # The roster link stays while the name does (a case imported against a member).
        member_id = stored.member_id if stored is not None and name == stored.person_name else None
        return CaseInput(
            kind=str(self.kind.currentData()), opened_on=self.opened.date().toPython(),
            request=self.request.toPlainText(), person_name=name, member_id=member_id,
            closed_on=self.closed.value(), outcome=str(self.outcome.currentData()),
            handling=self.handling.toPlainText(), private=self.private.isChecked(),
        )  # fmt: skip

    def save(self) -> SaveResult:
        return rights_cases.save_case(self._factory, self.case_input(), self.row.id if self.row else None)
