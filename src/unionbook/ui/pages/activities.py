"""活动: what the union did in a year, meeting by meeting and activity by activity.

The page answers what a chair is asked in December (issue #6): which activities were held, in
which months, how many people came, what they cost, whether each 职代会 had its quorum, and the
year's totals by category for the 年度工作总结. The table is one year's register in date order
(the paper 活动台账 reads January to December), a strip of months above it shows where the year was
busy and narrows the table to a month with one click, the panel under it shows the selected
activity's summary, decisions and photos, and the panel on the right holds the year's totals.

Those totals come from the figures registry (`services.figures.compute`), never from counting rows
here: they are the numbers the 年度工作总结 and 统计年报 print, with the registry's rules (人次 from
the sign-in list when one is kept, activities counted by start date). The month strip and the
"共 N 场" line count only the rows the table shows, to help find them. Computing the figures reads
every register, so like the 总览 page it happens only while the page is on screen.

A union holds tens of activities a year, so every filter change asks the service again
(`list_activities`); the month is applied to the year's rows here, since the service filters by
year. The ledger is printed with QPainter like the contract ledger, cells wrapping.

The 年度 filter follows the window's year selector (set_year); 全部年度 stays selectable for a
search across years, and the month strip then rests.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QObject,
    QSortFilterProxyModel,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QDesktopServices,
    QKeySequence,
    QShortcut,
    QShowEvent,
)
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from unionbook.domain.errors import UnionbookError
from unionbook.domain.registers import Register
from unionbook.domain.vocab import ActivityCategory, ActivityRole, labels
from unionbook.services import activities, attachments
from unionbook.services.activities import ActivityFilter, ActivityRow
from unionbook.services.database import Database
from unionbook.services.figures import FIGURES, Figure, Period, compute, format_value
from unionbook.services.register_export import export_activities
from unionbook.services.union import get_profile
from unionbook.ui import register_io
from unionbook.ui.changes import announce
from unionbook.ui.dialogs.activity_dialog import ActivityDialog, detail_html
from unionbook.ui.dialogs.attendance_dialog import AttendanceDialog
from unionbook.ui.dialogs.import_wizard import ImportWizard
from unionbook.ui.errors import show_error
from unionbook.ui.models.activity_table_model import (
    MEETING_COLUMNS,
    ActivityTableModel,
    Column,
    SortRole,
    cells,
    date_text,
)
from unionbook.ui.pages.base import Page, heading
from unionbook.ui.widgets.proxy_selection import ProxySelection
from unionbook.ui.printing import Ledger, TableStyle, a4_landscape_printer, preview_dialog, render_table
from unionbook.ui.tasks import BackgroundTask
from unionbook.ui.widgets.attachments import AttachmentsWidget

_CONTEXT = "ActivitiesPage"
_ALL = "全部"
_REGISTER = "活动"

#: A typical widest value per column, so the table fits a 1366-pixel screen in the user's font.
#: 名称 takes what is left (its full text and the summary are in the tooltip and the panel below).
_COLUMN_SAMPLES: dict[Column, str] = {
    Column.DATE: "2024-05-03",
    Column.CATEGORY: "女职工活动",
    Column.ROLE: "主办",
    Column.LOCATION: "公司三楼多功能厅",
    Column.PARTICIPANTS: "120 名单",
    Column.COST: "12,000.00",
    Column.OUTCOME: "获团体三等",
    Column.ATTENDANCE: "30/27 ✓",
    Column.PROPOSALS: "6/5",
}

_STRIP_STYLE = """
QFrame#monthStrip QToolButton {
    border: 1px solid #d5dbe1; border-radius: 4px; background: white; color: #2b3a4a; padding: 2px 0;
}
QFrame#monthStrip QToolButton:hover { border-color: #8a9aab; }
QFrame#monthStrip QToolButton:checked { background: #2b3a4a; border-color: #2b3a4a; color: white; }
QFrame#monthStrip QToolButton[empty="true"] { color: #a7b0ba; }
QFrame#monthStrip QToolButton:disabled { color: #c3c9cf; background: #f4f6f8; }
"""

_TOTALS_STYLE = """
QFrame#totalsPanel { background: white; border: 1px solid #d5dbe1; border-radius: 6px; }
QFrame#totalsPanel QLabel { padding: 1px 0; }
QLabel#totalsTitle { font-size: 15px; font-weight: bold; color: #2b3a4a; }
QLabel#totalsHead { color: #6b7785; }
QLabel#totalsZero { color: #a7b0ba; }
QLabel#totalsSum { font-weight: bold; color: #c0392b; }
"""


def tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def activity_years(rows: Sequence[ActivityRow], *extra: int) -> list[int]:
    """Every year with an activity, plus `extra`, newest first (the 年度 filter)."""
    return sorted({r.data.start_date.year for r in rows} | set(extra), reverse=True)


def month_counts(rows: Sequence[ActivityRow]) -> Counter[int]:
    """Rows per month of their start date: the strip's navigation counts, not statistics."""
    return Counter(r.data.start_date.month for r in rows)


#: Captions that would make the panel wider than the table can spare (the tooltip has the full name).
_SHORT_CAPTIONS = {"劳动和技能竞赛": "技能竞赛"}


@dataclass(frozen=True)
class TotalsLine:
    """One line of the totals panel: a caption and the figures shown beside it."""

    caption: str
    figures: tuple[Figure, ...]


def totals_layout() -> tuple[list[TotalsLine], list[TotalsLine], list[TotalsLine]]:
    """The activity figures of the registry arranged for the panel: categories (场次/期数 with
    their 人次), meetings, and the year's sums. Read from the registry, so a figure added there
    shows here without a change to this page."""
    mine = [f for f in FIGURES if f.register == _REGISTER]
    by_key = {f.key: f for f in mine}
    categories = []
    for figure in mine:
        if figure.key.endswith("_count"):
            slug = figure.key.removesuffix("_count")
            people = by_key.get(f"{slug}_attendance")
            caption = figure.name.removesuffix("场次").removesuffix("期数")
            caption = _SHORT_CAPTIONS.get(caption, caption)
            categories.append(TotalsLine(caption, (figure,) + ((people,) if people else ())))
    meetings, sums = [], []
    for key, caption in (("congress_meetings", "职代会"), ("committee_meetings", "委员会议")):
        if key in by_key:
            meetings.append(TotalsLine(caption, (by_key[key],)))
    if "proposals" in by_key:
        meetings.append(TotalsLine("提案（办结）", tuple(by_key[k] for k in ("proposals", "proposals_closed") if k in by_key)))
    if "activities_total" in by_key:
        sums.append(TotalsLine("合计", tuple(by_key[k] for k in ("activities_total", "attendance_total") if k in by_key)))
    if "activity_cost" in by_key:
        sums.append(TotalsLine("活动经费", (by_key["activity_cost"],)))
    return categories, meetings, sums


class ActivitiesPage(ProxySelection, Page):
    focus_column = Column.NAME

    title = "活动"
    watches = frozenset({Register.ACTIVITIES})

    def __init__(self, db: Database) -> None:
        super().__init__()
        self.db = db
        self._window_year: int | None = None
        self._month: int | None = None
        self._all_rows: list[ActivityRow] = []  # every year: the 年度 list
        self._year_rows: list[ActivityRow] = []  # the filtered rows before the month is applied
        self._totals_stale = True
        self.totals_values: dict[str, object] = {}
        self.dialog: ActivityDialog | None = None  # the open add/edit dialog (tests drive it)
        self.attendance_dialog: AttendanceDialog | None = None
        self.export_task: BackgroundTask | None = None
        self.setStyleSheet(_STRIP_STYLE + _TOTALS_STYLE)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 12)
        layout.setSpacing(8)
        layout.addWidget(heading(tr("活动")))
        layout.addLayout(self._build_toolbar())
        layout.addLayout(self._build_filters())
        layout.addWidget(self._build_month_strip())

        self.model = ActivityTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SortRole)
        self.table = QTableView()
        self.table.setObjectName("activityTable")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        metrics = self.fontMetrics()
        arrow = 14  # room for the sort indicator
        #: Each column's comfortable width; _fit_columns gives way on narrow windows.
        self._widths: dict[Column, int] = {}
        for column, sample in _COLUMN_SAMPLES.items():
            heading_text = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            heading_width = max(metrics.horizontalAdvance(line) for line in heading_text.split("\n"))
            self._widths[column] = max(metrics.horizontalAdvance(sample), heading_width + arrow) + 14
            self.table.setColumnWidth(column, self._widths[column])
        header.setSectionResizeMode(Column.NAME, QHeaderView.ResizeMode.Stretch)
        self.table.viewport().installEventFilter(self)
        header.setToolTip(tr("单击表头排序"))
        self.table.setSortingEnabled(True)
        # January first: the order of the paper ledger and of the month strip above.
        self.table.sortByColumn(Column.DATE, Qt.SortOrder.AscendingOrder)

        left = QSplitter(Qt.Orientation.Vertical)
        left.setChildrenCollapsible(False)
        left.addWidget(self.table)
        left.addWidget(self._build_detail())
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 2)
        # Rows first: the panel is read for one activity, the table scanned for the year.
        left.setSizes([640, 260])
        body = QHBoxLayout()
        body.setSpacing(12)
        body.addWidget(left, 1)
        body.addWidget(self._build_totals())
        layout.addLayout(body, 1)

        status = QHBoxLayout()
        self.counts_label = QLabel()
        self.counts_label.setObjectName("activityCounts")
        self.message_label = QLabel()
        self.message_label.setObjectName("hint")
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.LinksAccessibleByMouse
        )
        self.message_label.linkActivated.connect(lambda link: QDesktopServices.openUrl(QUrl(link)))
        status.addWidget(self.counts_label)
        status.addSpacing(24)
        status.addWidget(self.message_label, 1)
        layout.addLayout(status)

        for combo in (self.category_combo, self.role_combo):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.year_combo.currentIndexChanged.connect(lambda _i: self._year_chosen())
        self.search_edit.textChanged.connect(lambda _t: self.apply_filter())
        self.reset_filters_button.clicked.connect(self.reset_filters)
        self.add_button.clicked.connect(lambda: self.add_activity())
        self.edit_button.clicked.connect(lambda: self.edit_activity())
        self.delete_button.clicked.connect(lambda: self.delete_activity())
        self.attendance_button.clicked.connect(lambda: self.edit_attendance())
        self.import_button.clicked.connect(lambda: self.open_import())
        self.export_button.clicked.connect(lambda: self.export_ledger())
        self.print_button.clicked.connect(lambda: self.print_preview())
        self.table.doubleClicked.connect(lambda index: self.edit_activity(self.proxy.mapToSource(index).row()))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        QShortcut(QKeySequence.StandardKey.New, self, self.add_activity)
        delete_shortcut = QShortcut(QKeySequence.StandardKey.Delete, self.table, self.delete_activity)
        delete_shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.reload()

    # --- building -----------------------------------------------------------------------------

    def _build_toolbar(self) -> QHBoxLayout:
        toolbar = QHBoxLayout()
        self.add_button = QPushButton(tr("新增"))
        self.edit_button = QPushButton(tr("编辑"))
        self.delete_button = QPushButton(tr("删除"))
        self.attendance_button = QPushButton(tr("签到名单…"))
        self.import_button = QPushButton(tr("导入…"))
        self.export_button = QPushButton(tr("导出…"))
        self.print_button = QPushButton(tr("打印台账"))
        self.add_button.setToolTip(tr("登记一项活动或会议（Ctrl+N）"))
        self.attendance_button.setToolTip(tr("选中活动的签到名单：从名册中选择或从签到表导入；有名单时人次按名单计"))
        self.import_button.setToolTip(tr("从 Excel/WPS 活动台账导入"))
        self.export_button.setToolTip(tr("导出全部活动为 Excel 表格（可再次导入）"))
        self.print_button.setToolTip(tr("按当前筛选和排序打印活动台账（A4 横向）"))
        for button in (self.add_button, self.edit_button, self.delete_button, self.attendance_button):
            toolbar.addWidget(button)
        toolbar.addSpacing(16)
        for button in (self.import_button, self.export_button, self.print_button):
            toolbar.addWidget(button)
        toolbar.addStretch(1)
        return toolbar

    def _build_filters(self) -> QHBoxLayout:
        filters = QHBoxLayout()
        self.category_combo = QComboBox()
        self.category_combo.addItem(tr(_ALL), None)
        for label in labels(ActivityCategory):
            self.category_combo.addItem(label, label)
        self.year_combo = QComboBox()
        self.year_combo.setToolTip(tr("跟随窗口右上角的统计年度；选“全部年度”可跨年查找"))
        self.role_combo = QComboBox()
        self.role_combo.addItem(tr(_ALL), None)
        for label in labels(ActivityRole):
            self.role_combo.addItem(label, label)
        for caption, combo in (("类别", self.category_combo), ("年度", self.year_combo), ("角色", self.role_combo)):
            label = QLabel(tr(caption))
            label.setBuddy(combo)
            filters.addWidget(label)
            filters.addWidget(combo)
            filters.addSpacing(10)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(tr("搜索名称或地点"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMaximumWidth(220)
        filters.addWidget(self.search_edit)
        self.reset_filters_button = QPushButton(tr("清除筛选"))
        filters.addWidget(self.reset_filters_button)
        filters.addStretch(1)
        return filters

    def _build_month_strip(self) -> QFrame:
        strip = QFrame()
        strip.setObjectName("monthStrip")
        row = QHBoxLayout(strip)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        self.month_group = QButtonGroup(self)
        self.month_group.setExclusive(True)
        self.month_buttons: dict[int | None, QToolButton] = {}
        line = self.fontMetrics().lineSpacing()
        for month in (None, *range(1, 13)):
            button = QToolButton()
            button.setCheckable(True)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setFixedHeight(line * 2 + 12)
            button.setMinimumWidth(self.fontMetrics().horizontalAdvance("12月") + 16)
            self.month_group.addButton(button, 0 if month is None else month)
            self.month_buttons[month] = button
            row.addWidget(button, 2 if month is None else 1)
            if month is None:
                row.addSpacing(8)
        self.month_buttons[None].setChecked(True)
        self.month_group.idClicked.connect(lambda month: self.set_month(month or None))
        return strip

    def _build_detail(self) -> QWidget:
        """The selected activity: facts, what it was about (and a meeting's decisions), photos."""
        panel = QFrame()
        panel.setObjectName("activityDetail")
        panel.setFrameShape(QFrame.Shape.StyledPanel)
        outer = QVBoxLayout(panel)
        outer.setContentsMargins(12, 8, 12, 8)
        outer.setSpacing(4)
        self.detail_title = QLabel()
        self.detail_title.setObjectName("detailTitle")
        self.detail_title.setStyleSheet("font-size: 15px; font-weight: bold; color: #2b3a4a;")
        self.detail_title.setWordWrap(True)
        self.detail_title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(self.detail_title)
        row = QHBoxLayout()
        row.setSpacing(20)
        outer.addLayout(row, 1)
        # One label per column: stacked word-wrapped labels in a splitter pane get uneven heights
        # from Qt and end up overlapping (the contract page learned it first).
        self.detail_info = QLabel()
        self.detail_text = QLabel()
        for label, stretch in ((self.detail_info, 3), (self.detail_text, 4)):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            # A 职代会's decisions run to many lines: they scroll rather than being cut off.
            scroll = QScrollArea()
            scroll.setWidget(label)
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            scroll.viewport().setAutoFillBackground(False)
            label.setAutoFillBackground(False)
            row.addWidget(scroll, stretch)
        right = QVBoxLayout()
        files_caption = QLabel(tr("照片和附件"))
        files_caption.setStyleSheet("font-weight: bold;")
        right.addWidget(files_caption)
        self.attachments = AttachmentsWidget(self.db, "activity_id", unsaved_hint=tr("请先在上面的表格中选中一项活动。"))
        self.attachments.list.setMinimumHeight(70)
        right.addWidget(self.attachments, 1)
        row.addLayout(right, 3)
        panel.setMinimumHeight(self.fontMetrics().lineSpacing() * 8 + 30)
        return panel

    def _build_totals(self) -> QFrame:
        """The year's figures by category, laid out from the registry (see totals_layout)."""
        panel = QFrame()
        panel.setObjectName("totalsPanel")
        panel.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        column = QVBoxLayout(panel)
        column.setContentsMargins(14, 10, 14, 10)
        column.setSpacing(6)
        self.totals_title = QLabel()
        self.totals_title.setObjectName("totalsTitle")
        column.addWidget(self.totals_title)
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(2)
        self.totals_labels: dict[str, QLabel] = {}  # figure name → its value label
        categories, meetings, sums = totals_layout()
        row = 0
        for text, col in ((tr("类别"), 0), (tr("场次"), 1), (tr("人次"), 2)):
            head = QLabel(text)
            head.setObjectName("totalsHead")
            grid.addWidget(head, row, col, alignment=Qt.AlignmentFlag.AlignLeft if col == 0 else Qt.AlignmentFlag.AlignRight)
        row += 1
        for section, lines in enumerate((categories, meetings, sums)):
            if section:
                rule = QFrame()
                rule.setFrameShape(QFrame.Shape.HLine)
                rule.setStyleSheet("color: #d5dbe1;")
                grid.addWidget(rule, row, 0, 1, 3)
                row += 1
            for line in lines:
                caption = QLabel(tr(line.caption))
                caption.setToolTip("\n".join(f"{f.name}：{f.description}" for f in line.figures))
                grid.addWidget(caption, row, 0)
                if len(line.figures) == 1 and line.figures[0].unit == "元":
                    # An amount is too wide for the 场次 column: it spans both.
                    value = QLabel()
                    grid.addWidget(value, row, 1, 1, 2, alignment=Qt.AlignmentFlag.AlignRight)
                    self.totals_labels[line.figures[0].name] = value
                else:
                    for col, figure in enumerate(line.figures, start=1):
                        value = QLabel()
                        value.setToolTip(f"{figure.name}：{figure.description}")
                        grid.addWidget(value, row, col, alignment=Qt.AlignmentFlag.AlignRight)
                        self.totals_labels[figure.name] = value
                if section == 2:
                    caption.setObjectName("totalsSum")
                    for figure in line.figures:
                        self.totals_labels[figure.name].setObjectName("totalsSum")
                row += 1
        column.addLayout(grid)
        note = QLabel(tr("按活动开始日期统计；有签到名单的按名单人数计。与年度工作总结、统计年报中的数字一致。"))
        note.setObjectName("hint")
        note.setWordWrap(True)
        column.addWidget(note)
        column.addStretch(1)
        # As wide as the figures need (the wrapped note follows): every pixel is the table's.
        # Measured on typical values, since the labels are still empty here.
        for name, label in self.totals_labels.items():
            unit = next(f.unit for f in FIGURES if f.name == name)
            label.setText({"元": "999,999.00 元", "人次": "9,999"}.get(unit, "999 场"))
        margins = column.contentsMargins()
        panel.setFixedWidth(grid.sizeHint().width() + margins.left() + margins.right() + 24)
        for label in self.totals_labels.values():
            label.clear()
        return panel

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return super().eventFilter(watched, event)

    def _fit_columns(self) -> None:
        """On a narrow window the name must stay readable: 地点 gives up width first (down to a
        few characters, the rest in its tooltip), before the name is squeezed."""
        others = sum(
            width
            for column, width in self._widths.items()
            if column != Column.LOCATION and not self.table.isColumnHidden(column)
        )
        room = self.table.viewport().width() - others
        wanted_name = self.fontMetrics().horizontalAdvance("2024年第4次工会委员会会议") + 14
        location = max(self.fontMetrics().horizontalAdvance("公司会议") + 14, room - wanted_name)
        self.table.setColumnWidth(Column.LOCATION, min(self._widths[Column.LOCATION], location))

    # --- reading ---------------------------------------------------------------------------

    def set_year(self, year: int) -> None:
        """The window's year changed: the register follows it. Called again with the same year
        on every refresh, which must not undo the chair's 全部年度."""
        if year == self._window_year:
            return
        self._window_year = year
        self._fill_years(select=year)
        self._year_chosen()

    def refresh(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Years and rows from the database, keeping filters, sort and selection."""
        try:
            self._all_rows = activities.list_activities(self.db.session_factory)
        except UnionbookError as exc:
            show_error(self, exc)
            self._all_rows = []
        self._fill_years()
        self._totals_stale = True
        self._requery(keep=self.selected_id())

    def _fill_years(self, select: int | None = None) -> None:
        first = self.year_combo.count() == 0
        current = select if select is not None else self.year_combo.currentData()
        if first and current is None:
            current = self._window_year or date.today().year
        extra = [date.today().year] + ([self._window_year] if self._window_year else []) + ([current] if current else [])
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        self.year_combo.addItem(tr("全部年度"), None)
        for year in activity_years(self._all_rows, *extra):
            self.year_combo.addItem(f"{year} 年", year)
        self.year_combo.setCurrentIndex(max(self.year_combo.findData(current), 0) if current else 0)
        self.year_combo.blockSignals(False)

    def current_filter(self) -> ActivityFilter:
        return ActivityFilter(
            category=self.category_combo.currentData(),
            year=self.year_combo.currentData(),
            role=self.role_combo.currentData(),
            text=self.search_edit.text(),
        )

    @property
    def month(self) -> int | None:
        return self._month

    def totals_year(self) -> int:
        """The year the totals panel shows: the 年度 filter's, else the window's."""
        return self.year_combo.currentData() or self._window_year or date.today().year

    def _year_chosen(self) -> None:
        self._month = None
        self._totals_stale = True
        self.apply_filter()

    def set_month(self, month: int | None) -> None:
        """Show one month of the year (None: 全年)."""
        self._month = month if self.year_combo.currentData() else None
        self._requery(keep=self.selected_id())

    def apply_filter(self) -> None:
        self._requery(keep=self.selected_id())

    def reset_filters(self) -> None:
        for combo in (self.category_combo, self.role_combo):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search_edit.blockSignals(True)
        self.search_edit.clear()
        self.search_edit.blockSignals(False)
        self._month = None
        if self.year_combo.currentData() is None:
            self._fill_years(select=self._window_year or date.today().year)
            self._totals_stale = True
        self.apply_filter()

    def _requery(self, keep: int | None) -> None:
        flt = self.current_filter()
        try:
            rows = activities.list_activities(self.db.session_factory, flt)
        except UnionbookError as exc:
            show_error(self, exc)
            rows = []
        self._year_rows = rows
        shown = [r for r in rows if self._month is None or r.data.start_date.month == self._month]
        self.model.set_rows(shown)
        # Meeting columns only when a meeting is listed: for 文体活动 they would be empty.
        for column in MEETING_COLUMNS:
            self.table.setColumnHidden(column, not self.model.has_meetings())
        # 成果/获奖 likewise: most activities have none, and the width is the name's.
        self.table.setColumnHidden(Column.OUTCOME, not any(r.data.outcome for r in shown))
        self._fit_columns()
        self._update_month_strip()
        self._update_counts(shown, flt)
        if not (keep is not None and self.select_activity(keep)) and shown:
            self._select_proxy_row(0)
        self._selection_changed()
        if self._totals_stale and self.isVisible():
            self.show_totals()

    def _update_month_strip(self) -> None:
        year = self.year_combo.currentData()
        counts = month_counts(self._year_rows)
        for month, button in self.month_buttons.items():
            button.setEnabled(year is not None)
            if month is None:
                button.setText(tr("全年\n{0} 场").format(len(self._year_rows)) if year else tr("全年"))
                button.setToolTip(tr("显示全年的活动"))
            else:
                count = counts.get(month, 0)
                button.setText(f"{month}月\n{count if count else '—'}")
                button.setToolTip(tr("{0}年{1}月：{2} 场（当前筛选条件下）").format(year, month, count) if year else "")
                button.setProperty("empty", count == 0)
            button.style().unpolish(button)
            button.style().polish(button)
        self.month_buttons[self._month].setChecked(True)

    def _update_counts(self, shown: Sequence[ActivityRow], flt: ActivityFilter) -> None:
        filtered = (flt.category, flt.role, flt.text.strip(), self._month) != (None, None, "", None)
        prefix = tr("筛选结果：") if filtered else ""
        where = f"{flt.year} 年" if flt.year else tr("全部年度")
        if self._month:
            where += f" {self._month} 月"
        self.counts_label.setText(f"{prefix}{where}共 {len(shown)} 场")

    # --- totals -----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._totals_stale:
            self.show_totals()

    def show_totals(self) -> None:
        """The year's figures from the registry (nothing here counts them)."""
        year = self.totals_year()
        try:
            values = compute(self.db.session_factory, Period.year(year))
        except UnionbookError as exc:
            show_error(self, exc)
            return
        self.totals_values = dict(values)
        self.totals_title.setText(tr("{0} 年分类合计").format(year))
        for name, label in self.totals_labels.items():
            figure = next(f for f in FIGURES if f.name == name)
            value = values[name]
            if name == "已办结提案数":
                label.setText(f"（{value}）")
            elif figure.unit in ("人次",):
                label.setText(f"{value:,}")
            else:
                label.setText(format_value(value, figure.unit))
            if label.objectName() != "totalsSum":
                label.setObjectName("totalsZero" if not value else "")
                label.style().unpolish(label)
                label.style().polish(label)
        self._totals_stale = False

    # --- selection ---------------------------------------------------------------------------

    def select_activity(self, activity_id: int) -> bool:
        return self.select_id(activity_id)

    def _selection_changed(self) -> None:
        row = self.selected_row()
        for button in (self.edit_button, self.delete_button, self.attendance_button):
            button.setEnabled(row is not None)
        self._show_detail(row)

    def _show_detail(self, row: ActivityRow | None) -> None:
        self.attachments.set_owner_id(row.id if row else None)
        if row is None:
            self.detail_title.setText(tr("（未选中活动）"))
            self.detail_info.setText("")
            self.detail_text.setText("")
            return
        data = row.data
        self.detail_title.setText(f"{date_text(row)}　{data.name}")
        self.detail_info.setText(detail_html(row))
        parts = []
        if data.summary:
            parts.append(f"<b>{tr('摘要')}</b><br>{html.escape(data.summary)}")
        if data.is_meeting and data.decisions:
            decisions = "<br>".join(html.escape(line) for line in data.decisions.splitlines() if line.strip())
            parts.append(f"<b>{tr('决议事项')}</b><br>{decisions}")
        if not parts:
            parts.append(f'<span style="color:#6b7785">{tr("没有填写摘要。双击这一行可补充。")}</span>')
        self.detail_text.setText("<br><br>".join(parts))

    def show_message(self, text: str, warning: bool = False) -> None:
        self.message_label.setObjectName("warning" if warning else "hint")
        self.message_label.style().unpolish(self.message_label)
        self.message_label.style().polish(self.message_label)
        self.message_label.setText(text)

    # --- add, edit, delete, attendance ------------------------------------------------------

    def _default_date(self) -> date:
        """A new activity lands in the year (and month) being looked at, so it shows at once."""
        today = date.today()
        year = self.year_combo.currentData()
        if year is None or (year == today.year and self._month in (None, today.month)):
            return today
        return date(year, self._month or 1, 1)

    def _open_dialog(self, dialog: ActivityDialog, verb: str) -> ActivityDialog:
        """Open non-blocking (window-modal); the page reads the result when it closes."""
        self.dialog = dialog

        def finished(result: int) -> None:
            if result == ActivityDialog.DialogCode.Accepted and dialog.saved is not None:
                self._after_save(dialog, verb)
            elif dialog.attachments_changed or dialog.attendance_changed:
                self.reload()
                if dialog.attendance_changed:
                    announce(Register.ACTIVITIES, source=self)
            self.dialog = None
            dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()
        return dialog

    def add_activity(self) -> ActivityDialog:
        return self._open_dialog(ActivityDialog(self.db, parent=self, default_date=self._default_date()), tr("已新增"))

    def edit_activity(self, source_row: int | None = None) -> ActivityDialog | None:
        row = self.model.row_at(source_row) if source_row is not None else self.selected_row()
        if row is None:
            return None
        try:
            dialog = ActivityDialog(self.db, row.id, parent=self)
        except UnionbookError as exc:  # deleted elsewhere since the list was read
            show_error(self, exc)
            self.reload()
            return None
        return self._open_dialog(dialog, tr("已保存"))

    def _after_save(self, dialog: ActivityDialog, verb: str) -> None:
        assert dialog.saved is not None
        self.reload()
        visible = self.select_activity(dialog.saved.id)
        text = f"{verb}“{dialog.name_edit.text().strip()}”。"
        if dialog.row is None:
            text += tr("可以在下方添加照片和附件，或登记签到名单。")
        if not visible:
            text += tr("（当前筛选条件下不显示这项活动）")
        if dialog.saved.warnings:
            self.show_message(text + tr("请注意：") + dialog.warnings_text(), warning=True)
        else:
            self.show_message(text)
        announce(Register.ACTIVITIES, source=self)

    def delete_activity(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        extra = []
        if row.attendance:
            extra.append(tr("它的签到名单（{0} 人）将一并删除。").format(row.attendance))
        if self.attachments.infos():
            extra.append(tr("它的 {0} 个照片和附件将一并删除。").format(len(self.attachments.infos())))
        answer = QMessageBox.question(
            self,
            tr("删除活动"),
            tr("确定删除 {date} 的“{name}”吗？\n{extra}删除后不能撤销。").format(
                date=date_text(row), name=row.data.name, extra="".join(e + "\n" for e in extra)
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            activities.delete_activity(self.db.session_factory, row.id)
            # Attachment rows go with the activity (ON DELETE CASCADE); their copies must go too.
            attachments.sweep_orphans(self.db)
        except UnionbookError as exc:
            show_error(self, exc, tr("不能删除"))
            return
        self.reload()
        self.show_message(tr("已删除“{0}”。").format(row.data.name))
        announce(Register.ACTIVITIES, source=self)

    def edit_attendance(self) -> AttendanceDialog | None:
        row = self.selected_row()
        if row is None:
            return None
        try:
            dialog = AttendanceDialog(self.db, row.id, parent=self)
        except UnionbookError as exc:
            show_error(self, exc)
            self.reload()
            return None
        self.attendance_dialog = dialog

        def finished(_result: int) -> None:
            self.attendance_dialog = None
            dialog.deleteLater()
            if not dialog.changed:
                return
            self.reload()
            self.select_activity(row.id)
            count = activities.get_activity(self.db.session_factory, row.id).attendance
            if count:
                self.show_message(tr("“{0}”的签到名单已保存：{1} 人，参与人次按名单计。").format(row.data.name, count))
            else:
                self.show_message(tr("“{0}”的签到名单已清空，参与人次按登记的人数计。").format(row.data.name))
            announce(Register.ACTIVITIES, source=self)

        dialog.finished.connect(finished)
        dialog.open()
        return dialog

    # --- import, export, print ----------------------------------------------------------------

    def open_import(self, path: Path | None = None) -> ImportWizard:
        return register_io.open_import_wizard(self, self.db, "activities", path, self._after_import)

    def _after_import(self, summary: object) -> None:
        register_io.reload_after_import(self, summary, Register.ACTIVITIES)

    def export_ledger(self, target: Path | None = None) -> BackgroundTask | None:
        """Export every activity (not only the filtered ones: the file is meant for re-import)."""
        if target is None:
            target = register_io.ask_xlsx_path(self, tr("导出活动台账"), f"活动台账-{date.today():%Y%m%d}.xlsx")
            if target is None:
                return None
        factory = self.db.session_factory
        return register_io.export_in_background(
            self,
            tr("正在导出活动台账……"),
            lambda: export_activities(factory, target),
            tr("已导出 {rows} 项活动到 {path}"),
        )

    def ledger(self) -> Ledger:
        """The table as shown (filter, month and sort applied), as strings ready to print."""
        rows = self.visible_rows()
        today = date.today()
        body = [(str(number), *ledger_cells(row)) for number, row in enumerate(rows, start=1)]
        flt = self.current_filter()
        notes = [f"{caption}：{value}" for caption, value in (("类别", flt.category), ("角色", flt.role)) if value]
        if self._month:
            notes.append(f"月份：{self._month}月")
        if flt.text.strip():
            notes.append(f"搜索：{flt.text.strip()}")
        year = f"{flt.year}年" if flt.year else ""
        subtitle = f"打印日期：{today.year}年{today.month}月{today.day}日　共 {len(rows)} 场"
        if notes:
            subtitle += "　（已筛选）" + "；".join(notes)
        return Ledger(f"{get_profile(self.db.session_factory).display_name}{year}活动台账", subtitle, body)

    def print_preview(self) -> QPrintPreviewDialog:
        ledger = self.ledger()
        # Kept by the page: the preview only borrows the printer, and with a non-blocking open()
        # a local one would be collected while the preview still paints on it.
        self._printer = printer = a4_landscape_printer()
        dialog = preview_dialog(
            self, printer, tr("打印预览 — ") + ledger.title, (1100, 760), lambda target: render_ledger(target, ledger)
        )
        dialog.open()
        return dialog


# --- the printed ledger ------------------------------------------------------------------------

#: (heading, relative width, alignment) of the printed columns; 序号 first.
PRINT_COLUMNS: tuple[tuple[str, float, Qt.AlignmentFlag], ...] = (
    ("序号", 4, Qt.AlignmentFlag.AlignCenter),
    ("日期", 8.5, Qt.AlignmentFlag.AlignCenter),
    ("活动名称", 16.5, Qt.AlignmentFlag.AlignLeft),
    ("类别", 7.5, Qt.AlignmentFlag.AlignCenter),
    ("角色", 4, Qt.AlignmentFlag.AlignCenter),
    ("地点", 10, Qt.AlignmentFlag.AlignLeft),
    ("人次", 5, Qt.AlignmentFlag.AlignRight),
    ("费用(元)", 7.5, Qt.AlignmentFlag.AlignRight),
    ("成果/获奖", 11, Qt.AlignmentFlag.AlignLeft),
    ("会议情况", 9.5, Qt.AlignmentFlag.AlignLeft),
    ("主要内容", 20, Qt.AlignmentFlag.AlignLeft),
)


def ledger_cells(row: ActivityRow) -> tuple[str, ...]:
    """One activity as the paper ledger's cells (after 序号): the table's text, the meeting's
    numbers in words, and the summary, which is what the paper ledger is read for."""
    text = cells(row)
    data = row.data
    meeting = []
    if data.is_meeting:
        if data.expected_attendance is not None or data.actual_attendance is not None:
            mark = {True: " 符合法定人数", False: " 不足法定人数", None: ""}[row.quorum_held]
            meeting.append(f"应到{data.expected_attendance or '?'} 实到{data.actual_attendance or '?'}{mark}")
        if data.proposals is not None:
            meeting.append(f"提案{data.proposals} 办结{data.proposals_closed or 0}")
    return (
        date_text(row).replace("～", "\n～"),
        data.name,
        text[Column.CATEGORY],
        data.role,
        data.location,
        text[Column.PARTICIPANTS].replace(" ", "\n"),
        text[Column.COST],
        data.outcome,
        "\n".join(meeting),
        data.summary,
    )


#: Cells wrap instead of being cut: an activity's summary is what the paper ledger is read for.
LEDGER_STYLE = TableStyle(PRINT_COLUMNS, body_size=9, padding=0.5, wrap=True)


def render_ledger(printer: QPrinter, ledger: Ledger) -> int:
    """Paint the ledger onto `printer` (a real printer, a PDF or the preview); returns pages."""
    return render_table(printer, ledger, LEDGER_STYLE)
