"""活动: what the union did in a year, meeting by meeting and activity by activity.

The page answers what a chair is asked in December (issue #6): which activities were held, in
which months, how many people came, what they cost, whether each 职代会 had its quorum, and the
year's totals by category for the 年度工作总结. The table is one year's register in date order
(the paper 活动台账 reads January to December); above it a strip of months (widgets/
activity_month_strip.py) narrows it to a month with one click; under it the selected activity's
summary, decisions and photos (activity_detail.py); on the right the year's totals, from the
figures registry and computed only while the page is on screen (activity_totals.py).

The register frame (RegisterPage) does the rest. A union holds tens of activities a year, so every
filter change asks the service again; the month is applied to the year's rows here, since the
service filters by year. The 年度 filter follows the window's year selector (set_year); 全部年度
stays selectable for a search across years, and the month strip then rests.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPushButton, QTableView, QVBoxLayout, QWidget

from unionbook.domain.errors import UnionbookError
from unionbook.domain.registers import Register
from unionbook.domain.vocab import ActivityCategory, ActivityRole, labels
from unionbook.services import activities
from unionbook.services.activities import ActivityFilter, ActivityRow
from unionbook.services.database import Database
from unionbook.services.register_export import export_activities
from unionbook.services.union import get_profile
from unionbook.ui.dialogs.activity_dialog import ActivityDialog
from unionbook.ui.dialogs.attendance_dialog import AttendanceDialog, open_attendance
from unionbook.ui.errors import show_error
from unionbook.ui.i18n import translator
from unionbook.ui.models.activity_ledger import LEDGER_STYLE, activity_ledger
from unionbook.ui.models.activity_table_model import MEETING_COLUMNS, ActivityTableModel, Column, date_text
from unionbook.ui.pages.base import fill_years
from unionbook.ui.pages.register_page import RegisterPage
from unionbook.ui.printing import Ledger
from unionbook.ui.widgets.activity_detail import ActivityDetail
from unionbook.ui.widgets.activity_month_strip import ActivityMonthStrip
from unionbook.ui.widgets.activity_totals import ActivityTotals
from unionbook.ui.widgets.panes import split_panes

if TYPE_CHECKING:
    from unionbook.services.todo import Opening

tr = translator("ActivitiesPage")


def activity_years(dates: Sequence[date], *extra: int) -> list[int]:
    """Every year with an activity, plus `extra`, newest first (the 年度 filter)."""
    return sorted({day.year for day in dates} | set(extra), reverse=True)


class ActivitiesPage(RegisterPage[ActivityRow]):
    register = Register.ACTIVITIES
    add_tip = "登记一项活动或会议（Ctrl+N）"
    focus_column = stretch_column = Column.NAME
    ledger_style = LEDGER_STYLE
    has_attachments = True
    hidden_note = "（当前筛选条件下不显示这项活动）"
    deleter, exporter = activities.delete_activity, export_activities
    export_done = "已导出 {rows} 项活动到 {path}"

    def __init__(self, db: Database) -> None:
        self._window_year: int | None = None
        self._month: int | None = None
        self._all_dates: list[date] = []  # the days activities start on, every year: the 年度 list
        self._year_rows: list[ActivityRow] = []  # the filtered rows before the month is applied
        self._totals_stale = True
        self.attendance_dialog: AttendanceDialog | None = None
        super().__init__(db, ActivityTableModel())
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setToolTip(tr("单击表头排序"))
        self.table.viewport().installEventFilter(self)
        # January first: the order of the paper ledger and of the month strip above.
        self.table.sortByColumn(Column.DATE, Qt.SortOrder.AscendingOrder)
        self.reload()

    # --- what the frame asks ----------------------------------------------------------------------

    def build_filters(self) -> None:
        self.category_combo = self.add_filter_combo(tr("类别"), [(c, c) for c in labels(ActivityCategory)])
        # Not reset by 清除筛选 (the year being looked at stays), and choosing one resets the month.
        self.year_combo = QComboBox()
        self.year_combo.setToolTip(tr("跟随窗口右上角的统计年度；选“全部年度”可跨年查找"))
        self.year_combo.currentIndexChanged.connect(lambda _i: self._year_chosen())
        self.add_filter_field(tr("年度"), self.year_combo)
        self.role_combo = self.add_filter_combo(tr("角色"), [(r, r) for r in labels(ActivityRole)])
        self.search_edit = self.add_search(tr("搜索名称或地点"))
        self.search_edit.setMinimumWidth(0)  # as wide as it needs, up to 220

    def row_actions(self) -> list[QPushButton]:
        self.attendance_button = QPushButton(tr("签到名单…"))
        self.attendance_button.setToolTip(tr("选中活动的签到名单：从名册中选择或从签到表导入；有名单时人次按名单计"))
        self.attendance_button.clicked.connect(lambda: self.edit_attendance())
        return [self.attendance_button]

    def build_body(self, table: QTableView) -> QWidget:
        """The month strip over the table and the detail panel, the totals on the right."""
        self.month_strip = ActivityMonthStrip()
        self.month_strip.month_chosen.connect(self.set_month)
        self.detail = ActivityDetail(self.db)
        self.totals = ActivityTotals(self.db)
        # Rows first: the panel is read for one activity, the table scanned for the year.
        left = split_panes(table, self.detail, (3, 2), sizes=(640, 260))
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        column.addWidget(self.month_strip)
        row = QHBoxLayout()
        row.setSpacing(12)
        row.addWidget(left, 1)
        row.addWidget(self.totals)
        column.addLayout(row, 1)
        return body

    def current_filter(self) -> ActivityFilter:
        return ActivityFilter(
            category=self.category_combo.currentData(),
            year=self.year_combo.currentData(),
            role=self.role_combo.currentData(),
            text=self.search_edit.text(),
        )

    def load_rows(self) -> list[ActivityRow]:
        self._year_rows = activities.list_activities(self.db.session_factory, self.current_filter())
        return [r for r in self._year_rows if self._month is None or r.data.start_date.month == self._month]

    def counts_text(self, rows: Sequence[ActivityRow]) -> str:
        flt = self.current_filter()
        filtered = (flt.category, flt.role, flt.text.strip(), self._month) != (None, None, "", None)
        where = f"{flt.year} 年" if flt.year else tr("全部年度")
        if self._month:
            where += f" {self._month} 月"
        return f"{tr('筛选结果：') if filtered else ''}{where}共 {len(rows)} 场"

    def rows_loaded(self, rows: Sequence[ActivityRow]) -> None:
        # Meeting columns only when a meeting is listed: for 文体活动 they would be empty.
        for column in MEETING_COLUMNS:
            self.table.setColumnHidden(column, not self.model.has_meetings())
        # 成果/获奖 likewise: most activities have none, and the width is the name's.
        self.table.setColumnHidden(Column.OUTCOME, not any(r.data.outcome for r in rows))
        self._fit_columns()
        self.month_strip.show_counts(self.year_combo.currentData(), self._year_rows, self._month)
        if self._totals_stale and self.isVisible():
            self.show_totals()

    def show_detail(self, row: ActivityRow | None) -> None:
        self.detail.show_activity(row)

    def new_dialog(self) -> ActivityDialog:
        return ActivityDialog(self.db, parent=self, default_date=self._default_date())

    def edit_dialog(self, row: ActivityRow) -> ActivityDialog:
        return ActivityDialog(self.db, row.id, parent=self)

    def changed_without_save(self, dialog: ActivityDialog) -> bool:  # type: ignore[override]
        return dialog.attachments_changed or dialog.attendance_changed

    def saved_text(self, dialog: ActivityDialog, verb: str) -> str:  # type: ignore[override]
        text = f"{verb}“{dialog.name_edit.text().strip()}”。"
        return text + tr("可以在下方添加照片和附件，或登记签到名单。") if dialog.row is None else text

    def row_name(self, row: ActivityRow) -> str:
        return f"“{row.data.name}”"

    def delete_question(self, row: ActivityRow) -> str:
        """Which activity, by its date too (a yearly one recurs under one name)."""
        notes = "".join(f"{n}\n" for n in self.delete_notes(row))
        return tr("确定删除 {0} 的“{1}”吗？\n").format(date_text(row), row.data.name) + notes

    def delete_notes(self, row: ActivityRow) -> list[str]:
        notes = [tr("它的签到名单（{0} 人）将一并删除。").format(row.attendance)] if row.attendance else []
        if self.detail.attachments.infos():
            notes.append(tr("它的 {0} 个照片和附件将一并删除。").format(len(self.detail.attachments.infos())))
        return notes

    def ledger(self) -> Ledger:
        """The table as shown (filter, month and sort applied), as strings ready to print."""
        name = get_profile(self.db.session_factory).display_name
        return activity_ledger(self.visible_rows(), name, self.current_filter(), self._month, date.today())

    # --- the register's own: year, month, totals, sign-in lists ------------------------------------

    def set_year(self, year: int) -> None:
        """The window's year changed: the register follows it. Called again with the same year
        on every refresh, which must not undo the chair's 全部年度."""
        if year == self._window_year:
            return
        self._window_year = year
        self._fill_years(select=year)
        if not self.isVisible():  # read when next shown: a year of a large union is 10,000 activities
            self._month = None
            self._totals_stale = True
            self._changes_pending = True
            return
        self._year_chosen()

    def reload(self) -> None:
        """Years and rows from the database, keeping filters, sort and selection."""
        try:
            self._all_dates = activities.activity_dates(self.db.session_factory)
        except UnionbookError as exc:
            show_error(self, exc)
            self._all_dates = []
        self._fill_years()
        self._totals_stale = True
        super().reload()

    def _fill_years(self, select: int | None = None) -> None:
        first = self.year_combo.count() == 0
        current = select if select is not None else self.year_combo.currentData()
        if first and current is None:
            current = self._window_year or date.today().year
        extra = [date.today().year] + ([self._window_year] if self._window_year else []) + ([current] if current else [])
        fill_years(self.year_combo, tr("全部年度"), activity_years(self._all_dates, *extra), current)

    def open_at(self, opening: Opening) -> None:
        """An activity, or the year (its month, its category) an overview line points at."""
        self._month = None
        self._totals_stale = True
        if opening.year is not None and self.year_combo.findData(opening.year) < 0:
            self._fill_years(select=opening.year)
        super().open_at(opening)
        if opening.month is not None:
            self.set_month(opening.month)

    @property
    def month(self) -> int | None:
        return self._month

    def set_month(self, month: int | None) -> None:
        """Show one month of the year (None: 全年)."""
        self._month = month if self.year_combo.currentData() else None
        self.apply_filter()

    def _year_chosen(self) -> None:
        self._month = None
        self._totals_stale = True
        self.apply_filter()

    def reset_filters(self) -> None:
        """Category, role and search back to 全部, the month to 全年; the year stays (全部年度
        goes back to the window's year)."""
        self._month = None
        if self.year_combo.currentData() is None:
            self._fill_years(select=self._window_year or date.today().year)
            self._totals_stale = True
        super().reset_filters()

    def _default_date(self, today: date | None = None) -> date:
        """A new activity lands in the year (and month) being looked at, so it shows at once: on
        today when today is in it, else on its last activity's date (the chair is catching up
        after it), else on its last day — never silently on 01-01, which would file a December
        meeting typed in January under the first month."""
        today = today or date.today()
        year = self.year_combo.currentData()
        if year is None:
            return today
        if self._month:
            first = date(year, self._month, 1)
            last = date(year + self._month // 12, self._month % 12 + 1, 1) - timedelta(days=1)
        else:
            first, last = date(year, 1, 1), date(year, 12, 31)
        if first <= today <= last:
            return today
        held = [day for day in self._all_dates if first <= day <= last]
        return max(held) if held else last

    def totals_year(self) -> int:
        """The year the totals panel shows: the 年度 filter's, else the window's."""
        return self.year_combo.currentData() or self._window_year or date.today().year

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._totals_stale:
            self.show_totals()

    def show_totals(self) -> None:
        if self.totals.show_year(self.totals_year()):
            self._totals_stale = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return super().eventFilter(watched, event)

    def _fit_columns(self) -> None:
        """On a narrow window the name must stay readable: 地点 gives up width first (down to a
        few characters, the rest in its tooltip), before the name is squeezed."""
        others = sum(
            width
            for column, width in self.column_widths.items()
            if column != Column.LOCATION and not self.table.isColumnHidden(column)
        )
        room = self.table.viewport().width() - others
        wanted_name = self.fontMetrics().horizontalAdvance("2024年第4次工会委员会会议") + 14
        location = max(self.fontMetrics().horizontalAdvance("公司会议") + 14, room - wanted_name)
        self.table.setColumnWidth(Column.LOCATION, min(self.column_widths[Column.LOCATION], location))

    def edit_attendance(self) -> AttendanceDialog | None:
        """签到名单 of the selected activity; once saved, its 人次 is the list's length."""
        row = self.selected_row()
        if row is None:
            return None
        try:
            self.attendance_dialog = open_attendance(self, self.db, row.id, lambda d: self._attendance_closed(row, d))
        except UnionbookError as exc:
            show_error(self, exc)
            self.reload()
            return None
        return self.attendance_dialog

    def _attendance_closed(self, row: ActivityRow, dialog: AttendanceDialog) -> None:
        self.attendance_dialog = None
        if not dialog.changed:
            return
        self.reload()
        self.select_id(row.id)
        count = activities.get_activity(self.db.session_factory, row.id).attendance
        if count:
            self.show_message(tr("“{0}”的签到名单已保存：{1} 人，参与人次按名单计。").format(row.data.name, count))
        else:
            self.show_message(tr("“{0}”的签到名单已清空，参与人次按登记的人数计。").format(row.data.name))
        self.announce()
