"""Add or edit one service position (阵地): what and where it is, when it opened (and closed), its
size and 示范 naming, and its photos.

Photos belong to a stored position (they point at its id), so a new one offers them once saved;
they are added at once, not on 保存 (the page re-reads even after 取消).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QVBoxLayout, QWidget

from unionbook.domain.vocab import DemoLevel, PositionKind, labels
from unionbook.services import positions
from unionbook.services.database import Database
from unionbook.services.positions import PositionInput, PositionRow
from unionbook.services.records import SaveResult
from unionbook.ui.dialogs.form_dialog import FormDialog, inline
from unionbook.ui.dialogs.payment_dialog import date_edit
from unionbook.ui.dialogs.record_form import (
    choice_combo,
    count_edit,
    count_of,
    form_layout,
    line_edit,
    notes_edit,
    select,
)
from unionbook.ui.i18n import translator
from unionbook.ui.widgets.optional_date import OptionalDateEdit

tr = translator("PositionDialog")


class PositionDialog(FormDialog):
    """`PositionDialog(db)` adds a position, `PositionDialog(db, row=position_row)` edits one."""

    def __init__(self, db: Database, *, row: PositionRow | None = None, parent: QWidget | None = None,
                 today: date | None = None) -> None:  # fmt: skip
        super().__init__(parent, db=db, today=today)
        if row is not None:  # read again after its version: the page's row may be older
            self.track("positions", row.id, self._reload_row)
            row = positions.get_position(self._factory, row.id)
        self.row = row
        self.setWindowTitle(tr("新增阵地") if row is None else tr("编辑阵地：") + row.data.name)
        form = form_layout()
        self.name_edit = line_edit(200, tr("例如：公司职工之家、装配车间职工小家"))
        self.kind = choice_combo(labels(PositionKind))
        self.opened = date_edit(self._today)
        self.closed = OptionalDateEdit(default=today)
        self.closed.setToolTip(tr("撤销、停用或并入其他阵地的日期；停用后不再计入期末阵地数"))
        self.place = line_edit(200, tr("例如：办公楼三楼"))
        self.area = count_edit(1_000_000)
        self.level = choice_combo(labels(DemoLevel), blank=tr("未命名"))
        self.notes = notes_edit(tr("例如：设施、藏书册数、开放时间"))
        form.addRow(tr("阵地名称") + " *", self.field(self.name_edit, "阵地名称"))
        form.addRow(tr("类型"), self.field(self.kind, "类型"))
        form.addRow(tr("建成日期") + " *", self.field(self.opened, "建成日期"))
        form.addRow(tr("停用日期"), self.field(self.closed, "停用日期"))
        form.addRow(tr("地点"), self.place)
        form.addRow(tr("面积"), self.field(inline(self.area, tr("平方米")), "面积", self.area))
        form.addRow(tr("示范级别"), self.field(self.level, "示范级别"))
        form.addRow(tr("备注"), self.notes)
        photos = QGroupBox(tr("照片和附件"))
        column = QVBoxLayout(photos)
        column.addWidget(self.attachments_widget(db, "position_id", row.id if row else None,
                                                 tr("保存后可添加照片：再次打开这个阵地，或在阵地页下方添加。")))  # fmt: skip
        row_layout = QHBoxLayout()
        row_layout.addLayout(form, 3)
        row_layout.addWidget(photos, 2)
        self.body.addLayout(row_layout)
        self.finish()
        self.resize(max(self.sizeHint().width(), 900), self.sizeHint().height())
        if row is not None:
            self._load(row.data)
        self.name_edit.setFocus()

    def _reload_row(self) -> None:
        """The record as stored now (someone else saved it since the dialog opened)."""
        self.row = positions.get_position(self._factory, self.row.id)  # type: ignore[union-attr]
        self._load(self.row.data)

    def _load(self, data: PositionInput) -> None:
        self.name_edit.setText(data.name)
        select(self.kind, data.kind)
        self.opened.setDate(QDate(data.opened_on))
        self.closed.set_value(data.closed_on)
        self.place.setText(data.place)
        self.area.setText("" if data.area is None else str(data.area))
        select(self.level, data.demo_level)
        self.notes.setPlainText(data.notes)

    def position_input(self) -> PositionInput:
        return PositionInput(
            kind=str(self.kind.currentData()), name=self.name_edit.text(), opened_on=self.opened.date().toPython(),
            closed_on=self.closed.value(), place=self.place.text(), area=count_of(self.area),
            demo_level=self.level.currentData(), notes=self.notes.toPlainText(),
        )  # fmt: skip

    def save(self) -> SaveResult:
        saved = positions.save_position(self._factory, self.position_input(), self.row.id if self.row else None)
        self.attachments.set_owner_id(saved.id)
        return saved
