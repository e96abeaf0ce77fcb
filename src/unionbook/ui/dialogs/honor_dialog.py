"""Add or edit one honor (荣誉): the title as conferred, its kind and level, the date and issuer,
and who holds it — a person of the roster (picked like a payment's recipient) or a collective.

Typing the title fills the kind and level when the chair has not chosen them ("番禺区劳动模范" →
劳动模范, 县区级), the way the import reads a ledger without a 类别 column. The rules (a 工人先锋号
goes to a collective, a 劳动模范 to a person) are the service's, shown under the field they name.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QWidget

from unionbook.domain.union_work import kind_from_title, level_from_title
from unionbook.domain.vocab import HonorKind, HonorLevel, Recipient, labels
from unionbook.services import honors
from unionbook.services.database import Database
from unionbook.services.honors import HonorInput, HonorRow
from unionbook.services.records import SaveResult
from unionbook.ui.dialogs.form_dialog import FormDialog
from unionbook.ui.dialogs.payment_dialog import MemberPicker, date_edit
from unionbook.ui.dialogs.record_form import choice_combo, form_layout, line_edit, notes_edit, select
from unionbook.ui.i18n import translator

tr = translator("HonorDialog")


class HonorDialog(FormDialog):
    """`HonorDialog(db)` adds an honor, `HonorDialog(db, row=honor_row)` edits one."""

    def __init__(self, db: Database, *, row: HonorRow | None = None, parent: QWidget | None = None,
                 today: date | None = None) -> None:  # fmt: skip
        super().__init__(parent, db=db, today=today)
        if row is not None:  # read again after its version: the page's row may be older
            self.track("honors", row.id, self._reload_row)
            row = honors.get_honor(self._factory, row.id)
        self.row = row
        self.setWindowTitle(tr("新增荣誉") if row is None else tr("编辑荣誉：") + row.data.title)
        self.setMinimumWidth(620)
        self.form = form = form_layout()
        self.body.addLayout(form)
        self.title_edit = line_edit(200, tr("例如：2024年度番禺区劳动模范、广州市工人先锋号"))
        self.kind = choice_combo(labels(HonorKind))
        self.level = choice_combo(labels(HonorLevel))
        self.date_edit = date_edit(self._today)
        self.issuer = line_edit(200, tr("例如：广州市总工会"))
        self.recipient = choice_combo(labels(Recipient))
        self.member = MemberPicker(self._factory)
        self.collective = line_edit(100, tr("例如：装配车间数控班"))
        self.notes = notes_edit(tr("例如：表彰文件文号"), lines=2)
        form.addRow(tr("荣誉称号") + " *", self.field(self.title_edit, "荣誉称号"))
        form.addRow(tr("类别"), self.field(self.kind, "类别"))
        form.addRow(tr("级别"), self.field(self.level, "级别"))
        form.addRow(tr("授予日期") + " *", self.field(self.date_edit, "授予日期"))
        form.addRow(tr("授予单位"), self.issuer)
        form.addRow(tr("授予对象"), self.field(self.recipient, "授予对象"))
        form.addRow(tr("获奖职工") + " *", self.field(self.member, "获奖职工", self.member.search))
        form.addRow(tr("获奖集体"), self.field(self.collective, "获奖集体"))
        form.addRow(tr("备注"), self.notes)
        self.finish()
        self._chosen = {"kind": row is not None, "level": row is not None}
        self.kind.activated.connect(lambda _i: self._chosen.update(kind=True))
        self.level.activated.connect(lambda _i: self._chosen.update(level=True))
        self.title_edit.textEdited.connect(self._guess)
        self.recipient.currentIndexChanged.connect(lambda _i: self._recipient_changed())
        self._load(row.data if row else None)

    def _reload_row(self) -> None:
        """The record as stored now (someone else saved it since the dialog opened)."""
        self.row = honors.get_honor(self._factory, self.row.id)  # type: ignore[union-attr]
        self._load(self.row.data)

    def _load(self, data: HonorInput | None) -> None:
        if data is not None:
            self.title_edit.setText(data.title)
            select(self.kind, data.kind)
            select(self.level, data.level)
            self.date_edit.setDate(QDate(data.awarded_on))
            self.issuer.setText(data.issuer)
            select(self.recipient, data.recipient)
            self.member.set_member(data.member_id)
            self.collective.setText(data.collective)
            self.notes.setPlainText(data.notes)
        self._recipient_changed()
        self.title_edit.setFocus()

    def _guess(self, title: str) -> None:
        """Kind and level from the title, while the chair has not chosen them."""
        kind, level = kind_from_title(title), level_from_title(title)
        if not self._chosen["kind"]:
            select(self.kind, (kind or HonorKind.OTHER).value)
            if kind is not None:
                select(self.recipient, (Recipient.PERSON if kind not in HonorKind.collective() else Recipient.TEAM).value)
        if not self._chosen["level"] and level is not None:
            select(self.level, level.value)

    def _recipient_changed(self) -> None:
        personal = self.recipient.currentData() == Recipient.PERSON
        self.form.setRowVisible(self.member.parentWidget(), personal)
        self.form.setRowVisible(self.collective.parentWidget(), not personal)

    def honor_input(self) -> HonorInput:
        return HonorInput(
            kind=str(self.kind.currentData()), title=self.title_edit.text(), level=str(self.level.currentData()),
            awarded_on=self.date_edit.date().toPython(), recipient=str(self.recipient.currentData()),
            member_id=self.member.member_id(), collective=self.collective.text(), issuer=self.issuer.text(),
            notes=self.notes.toPlainText(),
        )  # fmt: skip

    def check(self) -> bool:
        if self.recipient.currentData() == Recipient.PERSON and self.member.member_id() is None:
            self.errors["获奖职工"].show_text(tr("请先查找并选择获奖的职工"))
            self.member.search.setFocus()
            return False
        return True

    def save(self) -> SaveResult:
        return honors.save_honor(self._factory, self.honor_input(), self.row.id if self.row else None)
