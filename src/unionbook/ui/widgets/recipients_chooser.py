"""批量发放's 发放对象: all members, one department (members only or everyone in it), everyone on
the roster, or every open hardship file — four radio buttons and the department's choices, and
what they mean as the service's BatchRecipients. Kept apart from the dialog, which has the amounts,
the background preview and the write to look after."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QCheckBox, QComboBox, QHBoxLayout, QRadioButton, QVBoxLayout, QWidget

from unionbook.services.aid import BatchRecipients
from unionbook.services.members import MemberFilter
from unionbook.ui.i18n import translator

tr = translator("BatchDialog")


class RecipientsChooser(QWidget):
    """`changed` whenever the choice or the department changes (a preview is then out of date)."""

    changed = Signal()

    def __init__(self, departments: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.group = QButtonGroup(self)
        self.all_members = QRadioButton(tr("全体会员（会籍为“会员”的人）"))
        self.one_department = QRadioButton(tr("一个部门："))
        self.department = QComboBox()
        self.department.addItems(departments)
        self.department.setEnabled(False)
        self.members_only = QCheckBox(tr("只含会员"))
        self.members_only.setChecked(True)
        self.members_only.setEnabled(False)
        department_row = QHBoxLayout()
        department_row.addWidget(self.one_department)
        department_row.addWidget(self.department, 1)
        department_row.addWidget(self.members_only)
        self.whole_roster = QRadioButton(tr("花名册上所有人（含非会员职工）"))
        self.open_files = QRadioButton(tr("在档困难职工（发放日期时在档）"))
        for button in (self.all_members, self.one_department, self.whole_roster, self.open_files):
            self.group.addButton(button)
        self.all_members.setChecked(True)
        layout.addWidget(self.all_members)
        layout.addLayout(department_row)
        layout.addWidget(self.whole_roster)
        layout.addWidget(self.open_files)
        self.one_department.toggled.connect(self.department.setEnabled)
        self.one_department.toggled.connect(self.members_only.setEnabled)
        self.group.idToggled.connect(lambda *_: self.changed.emit())
        self.department.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.members_only.toggled.connect(lambda _c: self.changed.emit())

    def missing_department(self) -> bool:
        """一个部门 chosen without a department to choose (a roster with no departments)."""
        return self.one_department.isChecked() and not self.department.currentText()

    def recipients(self) -> BatchRecipients:
        if self.open_files.isChecked():
            return BatchRecipients(open_hardship_files=True)
        if self.whole_roster.isChecked():
            return BatchRecipients(members=MemberFilter())
        if self.one_department.isChecked():
            membership = "会员" if self.members_only.isChecked() else None
            return BatchRecipients(members=MemberFilter(department=self.department.currentText(), membership=membership))
        return BatchRecipients(members=MemberFilter(membership="会员"))
