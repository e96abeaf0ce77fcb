"""导入记录: every import's result, kept after the wizard closed (services/importing/history.py).

The list of imports (newest first) is on top; under it, the selected import's rejected rows and
warnings, each with its sheet row and column, so a chair can go back to a December warning in
January. The dialog only reads: an import is undone by editing the records, not from here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from unionbook.services.database import Database
from unionbook.services.importing import history
from unionbook.services.importing.history import ImportEntry, ImportMessage
from unionbook.ui.i18n import translator
from unionbook.ui.widgets.panes import pane, selectable_label, split_panes
from unionbook.ui.widgets.register_table import size_columns

tr = translator("ImportHistoryDialog")
#: Messages shown for one import; a 100,000-row roster full of warnings would only slow the table.
MAX_SHOWN = 2000

ENTRY_HEADERS = ("时间", "台账", "文件", "新增", "更新", "未变", "跳过", "拒绝", "警告")
MESSAGE_HEADERS = ("类型", "行", "姓名/名称", "列", "说明")


def _item(value: object, tooltip: str = "", align_right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem("" if value is None else str(value))
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if tooltip:
        item.setToolTip(tooltip)
    if align_right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _table(name: str, headers: tuple[str, ...]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels([tr(h) for h in headers])
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    return table


class ImportHistoryDialog(QDialog):
    """The import history; `select_id` opens it on one import (the one just finished)."""

    def __init__(self, db: Database, parent: QWidget | None = None, select_id: int | None = None) -> None:
        super().__init__(parent)
        self.factory = db.session_factory
        self.setObjectName("importHistoryDialog")
        self.setWindowTitle(tr("导入记录"))
        layout = QVBoxLayout(self)
        hint = QLabel(
            tr("每次导入的结果都保存在这里。选中一次导入，下方列出它被拒绝的行和每条警告（行号、列名与原表格一致）。")
        )
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)

        self.entries_table = _table("importHistoryTable", ENTRY_HEADERS)
        # The counts are as wide as their headings; the file name takes what is left.
        counts = {column: ENTRY_HEADERS[column] for column in range(3, len(ENTRY_HEADERS))}
        size_columns(self.entries_table, {0: "2024-12-31 23:59", 1: "困难职工档案", **counts}, 28)
        self.entries_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.detail_label = selectable_label("importDetail")
        self.messages_table = _table("importMessagesTable", MESSAGE_HEADERS)
        size_columns(self.messages_table, {0: "拒绝"}, 28)
        size_columns(self.messages_table, {1: "100000", 2: "欧阳晓明明", 3: "身份证号码（必填）"}, 20, stretch_last=True)
        self.more_label = QLabel()
        self.more_label.setObjectName("hint")
        lower = pane(self.detail_label, (self.messages_table, 1), self.more_label)
        layout.addWidget(split_panes(self.entries_table, lower, (1, 2)), 1)

        self.empty_label = QLabel(tr("还没有导入记录。用“导入…”从 Excel/WPS 表格导入后，每次的结果会保存在这里。"))
        self.empty_label.setObjectName("hint")
        self.empty_label.setWordWrap(True)
        layout.addWidget(self.empty_label)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.entries: list[ImportEntry] = []
        self.entries_table.itemSelectionChanged.connect(self._show_selected)
        # Fits a 1366×768 screen with the taskbar; the splitter gives the messages the larger part.
        self.resize(min(1060, max(960, self.fontMetrics().horizontalAdvance("字") * 80)), 620)
        self.reload(select_id)

    def reload(self, select_id: int | None = None) -> None:
        self.entries = history.list_imports(self.factory)
        table = self.entries_table
        table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            numbers = (entry.added, entry.updated, entry.unchanged, entry.skipped, entry.rejected, entry.warnings)
            cells = [_item(f"{entry.at:%Y-%m-%d %H:%M}"), _item(entry.register),
                     _item(entry.file_name, tr("工作表“{0}”").format(entry.sheet))]  # fmt: skip
            cells += [_item(n, align_right=True) for n in numbers]
            for column, cell in enumerate(cells):
                table.setItem(row, column, cell)
        empty = not self.entries
        self.empty_label.setVisible(empty)
        self.detail_label.setVisible(not empty)
        index = next((i for i, e in enumerate(self.entries) if e.id == select_id), 0)
        if not empty:
            table.selectRow(index)
        self._show_selected()

    def selected_entry(self) -> ImportEntry | None:
        rows = self.entries_table.selectionModel().selectedRows()
        return self.entries[rows[0].row()] if rows else None

    def _show_selected(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            self.detail_label.setText("")
            self.messages_table.setRowCount(0)
            self.more_label.setVisible(False)
            return
        self.detail_label.setText(
            tr("{at} 导入“{file}”（工作表“{sheet}”）到{register}：{counts}。").format(
                at=f"{entry.at:%Y-%m-%d %H:%M}", file=entry.file_name, sheet=entry.sheet,
                register=entry.register, counts=entry.counts_text(),
            )
        )  # fmt: skip
        messages = history.import_messages(self.factory, entry.id, limit=MAX_SHOWN)
        self._fill_messages(messages)
        total = history.message_count(self.factory, entry.id) if len(messages) >= MAX_SHOWN else len(messages)
        hidden = total - len(messages)
        if hidden > 0:
            self.more_label.setText(tr("只显示前 {0} 条，另有 {1} 条未显示。").format(len(messages), hidden))
        elif not messages:
            self.more_label.setText(tr("这次导入没有警告，也没有被拒绝的行。"))
        self.more_label.setVisible(hidden > 0 or not messages)

    def _fill_messages(self, messages: list[ImportMessage]) -> None:
        table = self.messages_table
        table.setUpdatesEnabled(False)
        table.setRowCount(len(messages))
        bold = QFont(self.font())
        bold.setBold(True)
        for row, message in enumerate(messages):
            kind = _item(message.kind_label)
            if message.kind == history.REJECTION:
                kind.setFont(bold)
            table.setItem(row, 0, kind)
            table.setItem(row, 1, _item(message.row, align_right=True))
            table.setItem(row, 2, _item(message.label or ""))
            table.setItem(row, 3, _item(message.column or ""))
            table.setItem(row, 4, _item(message.message, message.text()))
        table.setUpdatesEnabled(True)
