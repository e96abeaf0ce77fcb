"""会员: the roster of members and employees, searchable as you type even at 100,000 people.

The table is a lazy model over ids (ui/models/member_table_model.py): a keystroke re-runs one SQL
query for the ids, and only the rows on screen are read. The search waits for a short pause in the
typing, so a name typed quickly costs one query, not one per character.

Status (会员, 保留会籍 ...) is the person's status today, whatever year the window shows: this is the
register, not the year's figures.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from unionbook.domain.errors import UnionbookError
from unionbook.domain.registers import Register
from unionbook.domain.vocab import MEMBERSHIP_STATUS_LABELS, Gender, labels
from unionbook.services import members
from unionbook.services.database import Database
from unionbook.services.members import MemberFilter, MemberRow
from unionbook.ui.dialogs.export_dialog import ExportDialog
from unionbook.ui.dialogs.import_wizard import ImportWizard
from unionbook.ui.dialogs.member_dialog import MemberDialog
from unionbook.ui.errors import show_error
from unionbook.ui import register_io, ui_settings
from unionbook.ui.changes import announce
from unionbook.ui.models.member_table_model import Column, MemberTableModel, header_label
from unionbook.ui.pages.base import Page, heading
from unionbook.ui.printing import collect_roster, show_print_preview

_CONTEXT = "MembersPage"
#: Pause in typing before the search runs (ms): shorter re-queries mid-word, longer feels laggy.
SEARCH_DELAY_MS = 250
_ALL = "全部"

#: A typical widest value per column: widths come from these in the user's font, so the table
#: fits a 1366-pixel screen without cutting dates or masked ID numbers.
_COLUMN_SAMPLES: dict[Column, str] = {
    Column.NAME: "欧阳晓明",
    Column.GENDER: "",
    Column.BIRTH_DATE: "2024-05-03",
    Column.ID_NUMBER: "44010619900101002X",
    Column.PHONE: "138****5678",
    Column.DEPARTMENT: "生产二车间",
    Column.POSITION: "机械设计工程师",
    Column.MEMBERSHIP: "保留会籍",
    Column.EMPLOYMENT: "待(下)岗",
    Column.JOIN_DATE: "2024-05-03",
    Column.MIGRANT: "",
    Column.CARD: "GHK20170000078",
}
#: Columns a chair rarely needs on screen may be hidden from the header's context menu.
_SETTINGS_HIDDEN = "members/hidden_columns"


def tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def membership_labels() -> list[str]:
    """The status labels, each once, in the vocabulary's order (会员 covers 入会 and 转入)."""
    return list(dict.fromkeys(MEMBERSHIP_STATUS_LABELS.values()))


class MembersPage(Page):
    title = "会员"
    #: People were added, changed or deleted: other pages (总览) must re-read.
    data_changed = Signal()

    def __init__(self, db: Database) -> None:
        super().__init__()
        self.db = db
        self._stale = True  # read on first show: the window builds every page at start-up

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 12)
        layout.setSpacing(8)
        layout.addWidget(heading(tr("会员")))

        # Row 1: search and actions. 导入…/导出… go into this layout too (toolbar_layout).
        self.toolbar_layout = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("memberSearch")
        self.search.setPlaceholderText(tr("搜索姓名、拼音首字母、证件号尾号、手机号、部门"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(self.search.fontMetrics().horizontalAdvance(self.search.placeholderText()) + 40)
        self.toolbar_layout.addWidget(self.search, 1)
        self.add_button = QPushButton(tr("新增"))
        self.edit_button = QPushButton(tr("编辑"))
        self.delete_button = QPushButton(tr("删除"))
        self.print_button = QPushButton(tr("打印预览"))
        self.import_button = QPushButton(tr("导入…"))
        self.export_button = QPushButton(tr("导出…"))
        self.import_button.setToolTip(tr("从 Excel/WPS 花名册导入（也可以把文件拖到窗口上）"))
        self.add_button.setToolTip(tr("登记一名职工（Ctrl+N）"))
        self.delete_button.setToolTip(tr("删除选中的职工（Delete）"))
        for button in (
            self.add_button,
            self.edit_button,
            self.delete_button,
            self.import_button,
            self.export_button,
            self.print_button,
        ):
            self.toolbar_layout.addWidget(button)
        self.import_button.clicked.connect(lambda: self.open_import())
        self.export_button.clicked.connect(self.open_export)
        layout.addLayout(self.toolbar_layout)

        # Row 2: filters.
        filters = QHBoxLayout()
        self.department_combo = QComboBox()
        self.department_combo.setMinimumContentsLength(8)
        self.department_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.membership_combo = self._filter_combo(membership_labels())
        self.gender_combo = self._filter_combo(labels(Gender))
        self.migrant_combo = QComboBox()
        for text, value in ((_ALL, None), ("是", True), ("否", False)):
            self.migrant_combo.addItem(tr(text), value)
        self.show_full_check = QCheckBox(tr("显示完整证件号码"))
        self.show_full_check.setToolTip(tr("默认只显示证件号码和手机号的首尾几位，防止旁人看到"))
        for caption, combo in (
            ("部门", self.department_combo),
            ("会籍状态", self.membership_combo),
            ("性别", self.gender_combo),
            ("农民工", self.migrant_combo),
        ):
            label = QLabel(tr(caption))
            label.setBuddy(combo)
            filters.addWidget(label)
            filters.addWidget(combo)
            filters.addSpacing(10)
        self.reset_filters_button = QPushButton(tr("清除筛选"))
        filters.addWidget(self.reset_filters_button)
        filters.addStretch(1)
        filters.addWidget(self.show_full_check)
        layout.addLayout(filters)

        self.model = MemberTableModel(db.session_factory, self)
        self.table = QTableView()
        self.table.setObjectName("memberTable")
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        # Fixed row heights: the view then never asks 100,000 rows for their size hints.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        metrics = self.fontMetrics()
        arrow = 22  # room for the sort indicator beside the heading
        for column, sample in _COLUMN_SAMPLES.items():
            text_width = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(header_label(column)) + arrow)
            self.table.setColumnWidth(column, text_width + 14)
        header.setToolTip(tr("单击表头排序；右键单击表头可选择显示哪些列"))
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        for column in self._hidden_columns():
            self.table.setColumnHidden(column, True)
        header.setStretchLastSection(True)
        header.setSortIndicator(Column.NAME, Qt.SortOrder.AscendingOrder)  # the model's initial order
        self.table.setSortingEnabled(True)
        layout.addWidget(self.table, 1)

        status = QHBoxLayout()
        self.counts_label = QLabel()
        self.counts_label.setObjectName("memberCounts")
        self.message_label = QLabel()
        self.message_label.setObjectName("hint")
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        status.addWidget(self.counts_label)
        status.addSpacing(24)
        status.addWidget(self.message_label, 1)
        layout.addLayout(status)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self.apply_filter)  # Enter: no need to wait
        for combo in (self.department_combo, self.membership_combo, self.gender_combo, self.migrant_combo):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.reset_filters_button.clicked.connect(self.reset_filters)
        self.show_full_check.toggled.connect(self.model.set_show_full)
        self.add_button.clicked.connect(lambda: self.add_member())
        self.edit_button.clicked.connect(lambda: self.edit_member())
        self.delete_button.clicked.connect(lambda: self.delete_member())
        self.print_button.clicked.connect(lambda: self.print_preview())
        self.table.doubleClicked.connect(lambda index: self.edit_member(index.row()))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        QShortcut(QKeySequence.StandardKey.New, self, self.add_member)
        delete_shortcut = QShortcut(QKeySequence.StandardKey.Delete, self.table, self.delete_member)
        delete_shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        self._update_buttons()

    @staticmethod
    def _filter_combo(items: list[str]) -> QComboBox:
        combo = QComboBox()
        combo.addItem(tr(_ALL), None)
        for item in items:
            combo.addItem(item, item)
        return combo

    def _hidden_columns(self) -> list[Column]:
        stored = ui_settings.settings().value(_SETTINGS_HIDDEN, "")
        names = stored.split(",") if isinstance(stored, str) else list(stored or [])
        return [Column[n] for n in names if n in Column.__members__ and n != Column.NAME.name]

    def _column_menu(self, position: QPoint) -> None:
        menu = QMenu(self)
        menu.addSection(tr("显示的列"))
        for column in Column:
            action = menu.addAction(header_label(column))
            action.setCheckable(True)
            action.setChecked(not self.table.isColumnHidden(column))
            action.setEnabled(column != Column.NAME)  # a roster without names is no roster
            action.toggled.connect(lambda shown, c=column: self.set_column_visible(c, shown))
        menu.exec(self.table.horizontalHeader().mapToGlobal(position))

    def set_column_visible(self, column: Column, shown: bool) -> None:
        self.table.setColumnHidden(column, not shown)
        hidden = [c.name for c in Column if self.table.isColumnHidden(c)]
        ui_settings.settings().setValue(_SETTINGS_HIDDEN, ",".join(hidden))

    # --- reading ---------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        if self._stale:
            self.reload()
        super().showEvent(event)

    def refresh(self) -> None:
        """Re-read now when visible; a hidden page re-reads when it is next shown (an import
        refreshes every page, and 100,000 ids need not be queried for a page nobody looks at)."""
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def reload(self) -> None:
        """Departments, rows and counts from the database, keeping filter, sort and selection."""
        self._stale = False
        self._fill_departments()
        self._requery(keep_selection=True)

    def _fill_departments(self) -> None:
        current = self.department_combo.currentData()
        self.department_combo.blockSignals(True)
        self.department_combo.clear()
        self.department_combo.addItem(tr(_ALL), None)
        for name in members.departments(self.db.session_factory):
            self.department_combo.addItem(name, name)
        index = self.department_combo.findData(current) if current else 0
        self.department_combo.setCurrentIndex(max(index, 0))
        self.department_combo.blockSignals(False)

    def current_filter(self) -> MemberFilter:
        return MemberFilter(
            text=self.search.text().strip(),
            department=self.department_combo.currentData(),
            membership=self.membership_combo.currentData(),
            gender=self.gender_combo.currentData(),
            migrant=self.migrant_combo.currentData(),
        )

    def apply_filter(self) -> None:
        self._search_timer.stop()
        if self._stale:
            self._stale = False
            self._fill_departments()
        self._requery(keep_selection=True)

    def reset_filters(self) -> None:
        for combo in (self.department_combo, self.membership_combo, self.gender_combo, self.migrant_combo):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search.clear()  # with signals: the line edit's clear button follows textChanged
        self.apply_filter()  # stops the search timer the clear just started

    def _requery(self, keep_selection: bool) -> None:
        selected = self.selected_id() if keep_selection else None
        flt = self.current_filter()
        self.model.set_filter(flt)
        counts = members.status_counts(self.db.session_factory, flt)
        filtered = flt != MemberFilter()
        self.counts_label.setText(
            tr("{prefix}共 {total:,} 人，其中会员 {members:,} 人，女性 {female:,} 人，农民工 {migrant:,} 人").format(
                prefix=tr("筛选结果：") if filtered else "",
                total=counts.total,
                members=counts.members,
                female=counts.female,
                migrant=counts.migrant,
            )
        )
        if selected is not None:
            self.select_member(selected)

    # --- selection ---------------------------------------------------------------------------

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.id_at(rows[0].row()) if rows else None

    def selected_row(self) -> MemberRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select_member(self, member_id: int) -> bool:
        row = self.model.row_of(member_id)
        if row < 0:
            return False
        index = self.model.index(row, Column.NAME)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        return True

    def _update_buttons(self) -> None:
        chosen = bool(self.table.selectionModel().selectedRows())
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def show_message(self, text: str, warning: bool = False) -> None:
        """One line under the table: what was just done, in orange when something needs a look."""
        self.message_label.setObjectName("warning" if warning else "hint")
        self.message_label.style().unpolish(self.message_label)  # the style sheet matches by name
        self.message_label.style().polish(self.message_label)
        self.message_label.setText(text)

    # --- actions --------------------------------------------------------------------------

    def add_member(self) -> None:
        dialog = MemberDialog(self.db.session_factory, parent=self)
        if dialog.exec() == MemberDialog.DialogCode.Accepted and dialog.saved is not None:
            self._after_save(dialog, tr("已新增"))

    def edit_member(self, row: int | None = None) -> None:
        member_id = self.model.id_at(row) if row is not None else self.selected_id()
        if member_id is None:
            return
        try:
            dialog = MemberDialog(self.db.session_factory, member_id, parent=self)
        except UnionbookError as exc:  # deleted elsewhere since the list was read
            show_error(self, exc)
            self.reload()
            return
        accepted = dialog.exec() == MemberDialog.DialogCode.Accepted and dialog.saved is not None
        if accepted:
            self._after_save(dialog, tr("已保存"))
        elif dialog.history_changed:
            self._requery(keep_selection=True)
            announce(Register.MEMBERS, source=self)

    def _after_save(self, dialog: MemberDialog, verb: str) -> None:
        assert dialog.saved is not None
        self._fill_departments()  # a new department name may have been typed
        self._requery(keep_selection=False)
        visible = self.select_member(dialog.saved.id)
        name = dialog.member_input().name.strip()
        text = f"{verb}“{name}”。"
        if not visible:
            text += tr("（当前筛选条件下不显示此人）")
        if dialog.saved.warnings:
            self.show_message(text + tr("请注意：") + "；".join(dialog.saved.warnings), warning=True)
        else:
            self.show_message(text)
        announce(Register.MEMBERS, source=self)

    def delete_member(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        detail = "，".join(part for part in (row.department, row.membership) if part)
        answer = QMessageBox.question(
            self,
            tr("删除职工"),
            tr("确定删除“{name}”（{detail}）吗？\n此人的会籍和就业状况记录将一并删除，且不能撤销。\n"
               "如果此人只是调走或退休，请改为登记“转出”或“保留”。").format(name=row.name, detail=detail),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            members.delete_member(self.db.session_factory, row.id)
        except UnionbookError as exc:
            show_error(self, exc, tr("不能删除"))
            return
        next_row = min(self.table.currentIndex().row(), self.model.rowCount() - 2)
        self._requery(keep_selection=False)
        if next_row >= 0:
            next_id = self.model.id_at(next_row)
            if next_id is not None:
                self.select_member(next_id)
        self.show_message(tr("已删除“{name}”。").format(name=row.name))
        announce(Register.MEMBERS, source=self)

    def open_import(self, path: Path | None = None) -> ImportWizard:
        """The import wizard, on `path` when a file was dropped on the window."""
        return register_io.open_import_wizard(self, self.db, "members", path, self._after_import)

    def _after_import(self, summary: object) -> None:
        register_io.reload_after_import(self, summary, Register.MEMBERS)

    def open_export(self) -> ExportDialog:
        dialog = ExportDialog(self.db, self)
        dialog.open()
        return dialog

    def print_preview(self) -> None:
        ids = self.model.ids()
        note = describe_filter(self.model.filter)
        show_print_preview(
            self,
            lambda: collect_roster(self.db.session_factory, ids, show_full=self.model.show_full, note=note),
        )


def describe_filter(flt: MemberFilter) -> str:
    """The filter in words for the printed roster, so a partial list is not taken for the whole."""
    parts = []
    if flt.text:
        parts.append(tr("搜索“{text}”").format(text=flt.text))
    for caption, value in (("部门", flt.department), ("会籍状态", flt.membership), ("性别", flt.gender)):
        if value:
            parts.append(f"{tr(caption)}：{value}")
    if flt.migrant is not None:
        parts.append(tr("农民工：是") if flt.migrant else tr("农民工：否"))
    return tr("（已筛选）") + "；".join(parts) if parts else ""
