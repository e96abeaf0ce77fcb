"""会员: the roster of members and employees, searchable as you type even at 100,000 people.

The table is a lazy model over ids (ui/models/member_table_model.py): a keystroke re-runs one SQL
query for the ids, and only the rows on screen are read. The search waits for a short pause in the
typing, so a name typed quickly costs one query, not one per character.

Status (会员, 保留会籍 ...) is the person's status today, whatever year the window shows: this is the
register, not the year's figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QHeaderView, QLineEdit, QMenu, QPushButton, QWidget

from unionbook.domain.registers import Register
from unionbook.domain.vocab import MEMBERSHIP_STATUS_LABELS, Gender, labels
from unionbook.services import members
from unionbook.services.database import Database
from unionbook.services.member_status import MISSING, MISSING_ID, MISSING_JOIN_DATE
from unionbook.services.members import MemberFilter, MemberRow
from unionbook.ui import ui_settings
from unionbook.ui.i18n import translator
from unionbook.ui.models.member_table_model import Column, MemberTableModel
from unionbook.ui.pages.register_page import RegisterPage
from unionbook.ui.printing import collect_roster, show_print_preview

if TYPE_CHECKING:  # imported when first opened: the page is shown sooner without them (issue 17)
    from unionbook.ui.dialogs.export_dialog import ExportDialog
    from unionbook.ui.dialogs.import_history_dialog import ImportHistoryDialog
    from unionbook.ui.dialogs.member_dialog import MemberDialog
    from unionbook.ui.dialogs.roster_print_dialog import RosterPrintDialog

tr = translator("MembersPage")
#: Pause in typing before the search runs (ms): shorter re-queries mid-word, longer feels laggy.
SEARCH_DELAY_MS = 250
#: The 其他 filter's item for the people who joined in the window's year.
JOINED = "joined"
_ALL = "全部"

#: Columns a chair rarely needs on screen may be hidden from the header's context menu.
_SETTINGS_HIDDEN = "members/hidden_columns"


def membership_labels() -> list[str]:
    """The status labels, each once, in the vocabulary's order (会员 covers 入会 and 转入)."""
    return list(dict.fromkeys(MEMBERSHIP_STATUS_LABELS.values()))


class MembersPage(RegisterPage[MemberRow]):
    register = Register.MEMBERS
    noun = "职工"
    add_tip = "登记一名职工（Ctrl+N）"
    focus_column = Column.NAME
    export_caption = ("导出花名册", "会员花名册")
    deleter = members.delete_member
    print_caption = "打印预览"
    #: Nothing is selected for the chair: a roster is searched, not walked from the top.
    select_first = False

    def __init__(self, db: Database) -> None:
        super().__init__(db, MemberTableModel(db.session_factory))
        self._changes_pending = True  # read on first show: the window builds every page at start-up
        self.counts_label.setObjectName("memberCounts")
        self.delete_button.setToolTip(tr("删除选中的职工（Delete）"))
        self.import_button.setToolTip(tr("从 Excel/WPS 花名册导入（也可以把文件拖到窗口上）"))
        self.table.setAlternatingRowColors(True)
        # Fixed row heights: the view then never asks 100,000 rows for their size hints.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setToolTip(tr("单击表头排序；右键单击表头可选择显示哪些列"))
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        for column in self._hidden_columns():
            self.table.setColumnHidden(column, True)
        header.setStretchLastSection(True)
        header.setSortIndicator(Column.NAME, Qt.SortOrder.AscendingOrder)  # the model's initial order
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self.apply_filter)  # Enter: no need to wait
        self.show_full_check.toggled.connect(self.model.set_show_full)
        self.model.modelReset.connect(self._selection_changed)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        self._selection_changed()

    # --- what the frame asks ----------------------------------------------------------------------

    def build_toolbar(self) -> QHBoxLayout:
        """The search box leads the toolbar: finding a person is what the page is opened for."""
        toolbar = super().build_toolbar()
        self.search = QLineEdit()
        self.search.setObjectName("memberSearch")
        self.search.setPlaceholderText(tr("搜索姓名、拼音首字母、证件号尾号、手机号、部门"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(self.search.fontMetrics().horizontalAdvance(self.search.placeholderText()) + 40)
        toolbar.insertWidget(0, self.search, 1)
        self._filter_widgets.append(self.search)  # 清除筛选 empties it
        toolbar.takeAt(toolbar.count() - 1)  # no stretch after the buttons: the search box takes it
        # 导入记录… beside 导入…: what past imports warned about, after the wizard has closed.
        self.import_history_button = QPushButton(tr("导入记录…"))
        self.import_history_button.setObjectName("importHistoryButton")
        self.import_history_button.setToolTip(tr("查看每次导入的结果：新增、更新、跳过、拒绝的数目和每条警告"))
        self.import_history_button.clicked.connect(lambda: self.show_import_history())
        toolbar.insertWidget(toolbar.indexOf(self.import_button) + 1, self.import_history_button)
        return toolbar

    def show_import_history(self, select_id: int | None = None) -> ImportHistoryDialog:
        from unionbook.ui.dialogs.import_history_dialog import ImportHistoryDialog

        dialog = ImportHistoryDialog(self.db, self, select_id)
        dialog.open()
        return dialog

    def build_filters(self) -> None:
        self.department_combo = self.add_filter_combo(tr("部门"), [])
        self.department_combo.setMinimumContentsLength(8)
        self.department_combo.setSizeAdjustPolicy(self.department_combo.SizeAdjustPolicy.AdjustToContents)
        self.membership_combo = self.add_filter_combo(tr("会籍状态"), [(s, s) for s in membership_labels()])
        self.gender_combo = self.add_filter_combo(tr("性别"), [(g, g) for g in labels(Gender)])
        self.migrant_combo = self.add_filter_combo(tr("农民工"), [(tr("是"), True), (tr("否"), False)])
        # What the overview's 新入会人数 card and 待办 lines open: the year's joiners, the records
        # to complete. The 入会 item's text names the window's year (set_year).
        self.condition_combo = self.add_filter_combo(
            tr("其他"),
            [("", JOINED), (tr("缺少证件号码"), MISSING_ID), (tr("缺少入会日期"), MISSING_JOIN_DATE)],
            tr("统计年度内入会（转入）的人，或缺少证件号码、入会日期的在册会员"),
        )
        self._year = date.today().year
        self._name_joined_item()

    def filter_tail(self) -> QWidget:
        self.show_full_check = QCheckBox(tr("显示完整证件号码"))
        self.show_full_check.setToolTip(tr("默认只显示证件号码和手机号的首尾几位，防止旁人看到"))
        return self.show_full_check

    def current_filter(self) -> MemberFilter:
        return MemberFilter(
            text=self.search.text().strip(),
            department=self.department_combo.currentData(),
            membership=self.membership_combo.currentData(),
            gender=self.gender_combo.currentData(),
            migrant=self.migrant_combo.currentData(),
            joined_in=self._year if self.condition_combo.currentData() == JOINED else None,
            missing=self.condition_combo.currentData() if self.condition_combo.currentData() in MISSING else None,
        )

    def set_year(self, year: int) -> None:
        """The window's year names the 入会 filter; a roster filtered by it follows the year."""
        self._year = year
        self._name_joined_item()
        if self.condition_combo.currentData() == JOINED:
            self.apply_filter()

    def _name_joined_item(self) -> None:
        self.condition_combo.setItemText(self.condition_combo.findData(JOINED), tr("{0}年入会").format(self._year))

    def fill_model(self) -> Sequence[MemberRow]:
        self.model.set_filter(self.current_filter())  # type: ignore[union-attr]
        return ()

    def counts_text(self, rows: Sequence[MemberRow]) -> str:
        flt = self.current_filter()
        counts = members.status_counts(self.db.session_factory, flt)
        return tr("{prefix}共 {total:,} 人，其中会员 {members:,} 人，女性 {female:,} 人，农民工 {migrant:,} 人").format(
            prefix=tr("筛选结果：") if flt != MemberFilter() else "",
            total=counts.total,
            members=counts.members,
            female=counts.female,
            migrant=counts.migrant,
        )

    def new_dialog(self) -> MemberDialog:
        from unionbook.ui.dialogs.member_dialog import MemberDialog

        return MemberDialog(self.db.session_factory, parent=self)

    def edit_dialog(self, row: MemberRow) -> MemberDialog:
        from unionbook.ui.dialogs.member_dialog import MemberDialog

        return MemberDialog(self.db.session_factory, row.id, parent=self)

    def changed_without_save(self, dialog: MemberDialog) -> bool:  # type: ignore[override]
        return dialog.history_changed  # membership events are saved at once

    def saved_text(self, dialog: MemberDialog, verb: str) -> str:  # type: ignore[override]
        return f"{verb}“{dialog.member_input().name.strip()}”。"

    def delete_question(self, row: MemberRow) -> str:
        detail = "，".join(part for part in (row.department, row.membership) if part)
        return tr("确定删除“{name}”（{detail}）吗？\n此人的会籍和就业状况记录将一并删除。\n"
                  "如果此人只是调走或退休，请改为登记“转出”或“保留”。\n").format(name=row.name, detail=detail)  # fmt: skip

    def deleted_text(self, row: MemberRow) -> str:
        return tr("已删除“{name}”。").format(name=row.name)

    def refill_after_delete(self, position: int) -> None:
        self.requery(None)
        next_id = self.model.id_at(min(position, self.model.rowCount() - 1))  # type: ignore[union-attr]
        if position >= 0 and next_id is not None:
            self.select_id(next_id)

    def export_ledger(self, target: Path | None = None) -> ExportDialog:  # type: ignore[override]
        """The export dialog: 花名册 or the upstream collection sheet, masked or in full."""
        from unionbook.ui.dialogs.export_dialog import ExportDialog

        dialog = ExportDialog(self.db, self)
        dialog.open()
        return dialog

    def print_preview(self) -> RosterPrintDialog:  # type: ignore[override]
        """Ask who goes on paper (members on the books, ticked by default), then preview the
        roster as filtered and sorted."""
        from unionbook.ui.dialogs.roster_print_dialog import RosterPrintDialog

        ids = self.model.ids()  # type: ignore[union-attr]
        flt = self.model.filter  # type: ignore[union-attr]
        note = describe_filter(flt)
        show_full = self.model.show_full  # type: ignore[union-attr]
        factory = self.db.session_factory
        dialog = RosterPrintDialog(members.membership_breakdown(factory, flt), flt.membership, self)

        def chosen() -> None:
            members_only = dialog.members_only.isChecked()
            show_print_preview(
                self, lambda: collect_roster(factory, ids, members_only=members_only, show_full=show_full, note=note)
            )

        dialog.accepted.connect(chosen)
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()
        return dialog

    # --- the register's own: departments, debounced search, columns shown ----------------------

    def reload(self) -> None:
        """Departments, rows and counts from the database, keeping filter, sort and selection."""
        self._changes_pending = False
        self._fill_departments()
        super().reload()

    def apply_filter(self) -> None:
        self._search_timer.stop()
        super().apply_filter()

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

    def _hidden_columns(self) -> list[Column]:
        stored = ui_settings.settings().value(_SETTINGS_HIDDEN, "")
        names = stored.split(",") if isinstance(stored, str) else list(stored or [])
        return [Column[n] for n in names if n in Column.__members__ and n != Column.NAME.name]

    def _column_menu(self, position: QPoint) -> None:
        menu = QMenu(self)
        menu.addSection(tr("显示的列"))
        for column in Column:
            action = menu.addAction(self.model.header_label(column))
            action.setCheckable(True)
            action.setChecked(not self.table.isColumnHidden(column))
            action.setEnabled(column != Column.NAME)  # a roster without names is no roster
            action.toggled.connect(lambda shown, c=column: self.set_column_visible(c, shown))
        menu.exec(self.table.horizontalHeader().mapToGlobal(position))

    def set_column_visible(self, column: Column, shown: bool) -> None:
        self.table.setColumnHidden(column, not shown)
        hidden = [c.name for c in Column if self.table.isColumnHidden(c)]
        ui_settings.settings().setValue(_SETTINGS_HIDDEN, ",".join(hidden))


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
