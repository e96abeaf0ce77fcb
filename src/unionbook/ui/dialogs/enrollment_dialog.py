"""Add or edit one 职工互助保障 enrollment: who, which year, which plan, how much, the policy number.

Most enrollments come in with the insurer's list (导入…); this is for the one person added later in
the year or a number to correct. The plans already used are offered, and the year starts at the
year the page shows.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QSizePolicy, QSpinBox, QWidget

from unionbook.services import mutual_aid
from unionbook.services.database import Database
from unionbook.services.mutual_aid import FIRST_YEAR, LAST_YEAR, EnrollmentInput, EnrollmentRow
from unionbook.services.records import SaveResult
from unionbook.ui.dialogs.form_dialog import FormDialog, inline
from unionbook.ui.dialogs.payment_dialog import MemberPicker, fen_of, yuan_edit, yuan_text
from unionbook.ui.dialogs.record_form import form_layout, line_edit, notes_edit
from unionbook.ui.i18n import translator

tr = translator("EnrollmentDialog")


class EnrollmentDialog(FormDialog):
    """`EnrollmentDialog(db, year=2025)` adds one, `EnrollmentDialog(db, row=enrollment_row)` edits one."""

    def __init__(self, db: Database, *, row: EnrollmentRow | None = None, year: int = 2025,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent, db=db)
        if row is not None:  # read again after its version: the page's row may be older
            self.track("mutual_aid_enrollments", row.id, self._reload_row)
            row = mutual_aid.get_enrollment(self._factory, row.id)
        self.row = row
        self.setWindowTitle(tr("登记互助保障参保") if row is None else tr("编辑互助保障参保：") + row.member_name)
        self.setMinimumWidth(600)
        form = form_layout()
        self.body.addLayout(form)
        self.member = MemberPicker(self._factory)
        self.year = QSpinBox()
        self.year.setRange(FIRST_YEAR, LAST_YEAR)
        self.year.setValue(year)
        self.plan = QComboBox()
        self.plan.setEditable(True)
        self.plan.addItems(mutual_aid.plans(self._factory))
        self.plan.setCurrentText(self.plan.itemText(0) if self.plan.count() else "")
        self.plan.lineEdit().setPlaceholderText(tr("例如：在职职工住院医疗互助保障"))
        self.plan.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)  # plans have long names
        self.amount = yuan_edit()
        self.policy = line_edit(50, tr("保险公司或互助保障办公室给的编号"))
        self.notes = notes_edit("", lines=2)
        form.addRow(tr("参保职工") + " *", self.field(self.member, "参保职工", self.member.search))
        form.addRow(tr("参保年度"), self.field(self.year, "参保年度"))
        form.addRow(tr("保障计划"), self.field(self.plan, "保障计划"))
        form.addRow(tr("缴费金额"), self.field(inline(self.amount, tr("元")), "缴费金额", self.amount))
        form.addRow(tr("保单号"), self.policy)
        form.addRow(tr("备注"), self.notes)
        self.finish()
        if row is not None:
            self._load(row.data)
        self.member.search.setFocus()

    def _load(self, data: EnrollmentInput) -> None:
        self.member.set_member(data.member_id)
        self.year.setValue(data.year)
        self.plan.setCurrentText(data.plan)
        self.amount.setText(yuan_text(data.contribution_fen))
        self.policy.setText(data.policy_number)
        self.notes.setPlainText(data.notes)

    def _reload_row(self) -> None:
        """The enrollment as stored now (someone else saved it since the dialog opened)."""
        self.row = mutual_aid.get_enrollment(self._factory, self.row.id)  # type: ignore[union-attr]
        self._load(self.row.data)

    def check(self) -> bool:
        if self.member.member_id() is None:
            self.errors["参保职工"].show_text(tr("请先查找并选择参保的职工"))
            self.member.search.setFocus()
            return False
        try:
            fen_of(self.amount)
        except ValueError:
            self.errors["缴费金额"].show_text(tr("应为金额，例如 60 或 120.50"))
            return False
        return True

    def enrollment_input(self) -> EnrollmentInput:
        return EnrollmentInput(
            member_id=self.member.member_id() or 0, year=self.year.value(), plan=self.plan.currentText(),
            contribution_fen=fen_of(self.amount) or 0, policy_number=self.policy.text(), notes=self.notes.toPlainText(),
        )  # fmt: skip

    def save(self) -> SaveResult:
        return mutual_aid.save_enrollment(self._factory, self.enrollment_input(), self.row.id if self.row else None)
