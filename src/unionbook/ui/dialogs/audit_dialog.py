"""操作记录 (设置 → 操作记录…): the audit trail — who added, changed, deleted, imported, exported or
restored what, and when — filtered by date range, kind and register, exportable to .xlsx.

The dialog only reads. The table is lazy (ui/models/audit_table_model.py), so 100,000 entries open as
fast as 100; the selected entry's fields (old → new) are listed underneath. ID numbers and phones
arrive masked from the service, in the table and in the exported file alike; the export is itself
recorded in the trail.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from unionbook.services import audit
from unionbook.services.audit import AuditFilter, AuditRow
from unionbook.services.database import Database
from unionbook.ui.i18n import translator
from unionbook.ui.models.audit_table_model import AuditTableModel, Column
from unionbook.ui.models.rows_model import RowRole
from unionbook.ui.widgets.panes import pane, selectable_label, split_panes
from unionbook.ui.widgets.register_table import make_table, size_columns

tr = translator("AuditDialog")

#: The kinds a chair filters by (the demo union's entry stays under 全部).
KINDS = ("create", "update", "delete", "import", "export", "restore")


class ExportFlow(Protocol):
    """The pages' export flow — ui/register_io.py, which the opener hands in: a dialog importing
    register_io would close an import cycle (register_io opens the import wizard, a dialog)."""

    def ask_xlsx_path(self, parent: QWidget, caption: str, default_name: str) -> Path | None: ...

    def dated_name(self, stem: str, suffix: str = ".xlsx") -> str: ...

    def export_in_background(self, page: Any, label: str, work: Callable[[], object], done_text: str) -> object: ...


def _item(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    item.setToolTip(text)
    return item


class AuditDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None, *, export_flow: ExportFlow) -> None:
        super().__init__(parent)
        self.factory = db.session_factory
        self.export_flow = export_flow
        self.export_task = None
        self.setObjectName("auditDialog")
        self.setWindowTitle(tr("操作记录"))
        layout = QVBoxLayout(self)
        hint = QLabel(tr("每一次新增、修改、删除、导入、导出和恢复都记录在这里。证件号码和手机号部分隐藏。"))
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)

        filters = QHBoxLayout()
        self.date_check = QCheckBox(tr("日期"))
        self.date_check.setObjectName("auditDateCheck")
        today = date.today()
        self.from_edit = self._date_edit(today - timedelta(days=30))
        self.to_edit = self._date_edit(today)
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("auditKind")
        self.kind_combo.addItem(tr("全部"), None)
        for kind in KINDS:
            self.kind_combo.addItem(audit.ACTION_LABELS[kind], kind)
        self.register_combo = QComboBox()
        self.register_combo.setObjectName("auditRegister")
        self.register_combo.addItem(tr("全部"), None)
        for register in audit.REGISTER_TABLES:
            self.register_combo.addItem(register, register)
        clear = QPushButton(tr("清除筛选"))
        clear.clicked.connect(self.clear_filters)
        self.count_label = QLabel()
        self.count_label.setObjectName("auditCount")
        self.export_button = QPushButton(tr("导出…"))
        self.export_button.setObjectName("auditExport")
        self.export_button.clicked.connect(self.export)
        for widget in (self.date_check, self.from_edit, QLabel(tr("至")), self.to_edit):
            filters.addWidget(widget)
        filters.addSpacing(16)
        filters.addWidget(QLabel(tr("操作")))
        filters.addWidget(self.kind_combo)
        filters.addSpacing(16)
        filters.addWidget(QLabel(tr("台账")))
        filters.addWidget(self.register_combo)
        filters.addWidget(clear)
        filters.addStretch(1)
        filters.addWidget(self.count_label)
        filters.addWidget(self.export_button)
        layout.addLayout(filters)

        self.model = AuditTableModel(self.factory, self)
        self.table = make_table("auditTable", self.model, self.fontMetrics().height() + 10)
        self.table.setAlternatingRowColors(True)
        # Fixed row heights: the view never asks every row for its size (100,000 rows stay lazy).
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        size_columns(self.table, self.model.samples(), 24)
        self.table.horizontalHeader().setSectionResizeMode(Column.SUMMARY, QHeaderView.ResizeMode.Stretch)

        self.detail_label = selectable_label("auditDetail")
        self.changes_table = QTableWidget(0, 3)
        self.changes_table.setObjectName("auditChanges")
        self.changes_table.setHorizontalHeaderLabels([tr("字段"), tr("原值"), tr("新值")])
        self.changes_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.changes_table.verticalHeader().setVisible(False)
        self.changes_table.setWordWrap(False)
        changes_header = self.changes_table.horizontalHeader()
        changes_header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        changes_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        changes_header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.changes_table.setColumnWidth(0, self.fontMetrics().horizontalAdvance("含完整证件号码和手机号") + 20)
        layout.addWidget(split_panes(self.table, pane(self.detail_label, (self.changes_table, 1)), (3, 2)), 1)

        self.message_label = QLabel()
        self.message_label.setObjectName("auditMessage")
        self.message_label.setOpenExternalLinks(True)
        self.message_label.setVisible(False)
        layout.addWidget(self.message_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.date_check.toggled.connect(self.from_edit.setEnabled)
        self.date_check.toggled.connect(self.to_edit.setEnabled)
        self.from_edit.setEnabled(False)
        self.to_edit.setEnabled(False)
        for signal in (self.date_check.toggled, self.from_edit.dateChanged, self.to_edit.dateChanged,
                       self.kind_combo.currentIndexChanged, self.register_combo.currentIndexChanged):  # fmt: skip
            signal.connect(self.apply_filters)
        self.table.selectionModel().selectionChanged.connect(self._show_selected)
        self.model.modelReset.connect(self._show_selected)
        # Fits a 1366×768 screen with the taskbar.
        self.resize(min(1240, max(1000, self.fontMetrics().horizontalAdvance("字") * 90)), 640)
        self.apply_filters()

    def _date_edit(self, day: date) -> QDateEdit:
        edit = QDateEdit(QDate(day))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    # --- filters --------------------------------------------------------------------------------

    def current_filter(self) -> AuditFilter:
        start = end = None
        if self.date_check.isChecked():
            start, end = self.from_edit.date().toPython(), self.to_edit.date().toPython()
            if end < start:
                start, end = end, start
        return AuditFilter(start=start, end=end, action=self.kind_combo.currentData(),
                           register=self.register_combo.currentData())  # fmt: skip

    def apply_filters(self) -> None:
        self.model.set_filter(self.current_filter())
        count = self.model.rowCount()
        self.count_label.setText(tr("共 {0} 条").format(f"{count:,}"))
        self.export_button.setEnabled(count > 0)
        if count:
            self.table.selectRow(0)
        self._show_selected()

    def clear_filters(self) -> None:
        for widget in (self.date_check, self.kind_combo, self.register_combo):
            widget.blockSignals(True)
        self.date_check.setChecked(False)
        self.kind_combo.setCurrentIndex(0)
        self.register_combo.setCurrentIndex(0)
        for widget in (self.date_check, self.kind_combo, self.register_combo):
            widget.blockSignals(False)
        self.from_edit.setEnabled(False)
        self.to_edit.setEnabled(False)
        self.apply_filters()

    # --- the selected entry ---------------------------------------------------------------------

    def selected_row(self) -> AuditRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.data(rows[0], RowRole) if rows else None

    def _show_selected(self) -> None:
        row = self.selected_row()
        table = self.changes_table
        if row is None:
            self.detail_label.setText(tr("没有符合条件的操作记录。") if not self.model.rowCount() else "")
            table.setRowCount(0)
            return
        record = tr("，记录编号 {0}").format(row.row_id) if row.row_id is not None else ""
        self.detail_label.setText(
            tr("{at}　{action}　{summary}（来源：{source}{record}）").format(
                at=f"{row.at:%Y-%m-%d %H:%M:%S}", action=row.action_label, summary=row.summary,
                source=row.source_label, record=record,
            )
        )  # fmt: skip
        table.setRowCount(len(row.changes))
        for n, change in enumerate(row.changes):
            table.setItem(n, 0, _item(change.field))
            table.setItem(n, 1, _item(change.old))
            table.setItem(n, 2, _item(change.new))
        # A new record has no 原值, a deleted one no 新值, a summary (export, import) only values.
        table.setColumnHidden(1, not any(c.old for c in row.changes))
        table.setColumnHidden(2, not any(c.new for c in row.changes) and any(c.old for c in row.changes))
        of_record = row.action in ("create", "update", "delete")
        table.horizontalHeaderItem(2).setText(tr("新值") if of_record else tr("内容"))

    # --- export ---------------------------------------------------------------------------------

    def export(self) -> None:
        flow = self.export_flow
        target = flow.ask_xlsx_path(self, tr("导出操作记录"), flow.dated_name(tr("操作记录")))
        if target is None:
            return
        factory, flt = self.factory, self.current_filter()
        flow.export_in_background(
            self, tr("正在导出操作记录…"), lambda: audit.export_entries(factory, flt, target),
            tr("已导出 {rows} 条操作记录到 {path}"),
        )  # fmt: skip

    def show_message(self, text: str) -> None:
        """Where export_in_background reports; the export's own entry then shows in the list."""
        self.message_label.setText(text)
        self.message_label.setVisible(True)
        self.apply_filters()
