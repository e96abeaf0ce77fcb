"""The activities table: one year's activities and meetings (a few dozen rows) held in memory.

A union registers tens of activities a year (a very large one 10,000), so the model keeps every
`ActivityRow` the page asked for and sorts them itself on the SortRole keys, computed once per row
(a `SortingRowsModel`; a sorting proxy asked for them 120,000 times at 10,000 rows). The text of each
cell comes from `cells()`, which the printed 活动台账 uses too (models/activity_ledger.py), so paper
and screen say the same thing.

人次 carries a small ✓ icon when it is the length of an attendance list rather than a typed number
(tooltip: 按签到名单计): the chair must see at a glance which numbers are backed by names, and the
number itself stays a number ("54", not "54 名单"). The printed ledger writes "54✓" and says what
the mark means under its title. Meetings carry two more columns:
出席 ("30/27 ✓": 应到/实到 and whether the quorum held, red when it did not) and 提案/办结; for
other activities those cells stay empty. The quorum shares the 出席 cell because a column of its
own took the width a narrow window needs for the activity's name. The quorum in words
(`quorum_sentence`) lives here too: the dialog says it while typing, the detail panel for a meeting.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QIcon, QPainter, QPen, QPixmap

from unionbook.domain.money import format_yuan
from unionbook.domain.vocab import ActivityCategory, ActivityRole
from unionbook.services import activities
from unionbook.services.activities import QUORUM, ActivityInput, ActivityRow
from unionbook.ui.i18n import translator
from unionbook.ui.models.rows_model import CENTER, RIGHT, Col, SortingRowsModel, column_enum

tr = translator("ActivityTableModel")


#: Two-line headings where the words are much wider than the numbers under them; samples size the
#: columns to fit a 1366-pixel screen (名称 takes what is left: its full text and the summary are in
#: the tooltip and the panel below). Print widths make the A4 活动台账 (activity_ledger.py), where the
#: meeting columns give way to one 会议情况 in words.
SPECS = (
    Col("DATE", "日期", "2024-05-03", CENTER, print_width=8.5),
    Col("NAME", "名称", print_width=16.5, print_header="活动名称"),
    Col("CATEGORY", "类别", "女职工活动", CENTER, print_width=7.5),
    Col("ROLE", "角色", "主办", CENTER, print_width=4),
    Col("LOCATION", "地点", "公司三楼多功能厅", print_width=10),
    Col("PARTICIPANTS", "人次", "1,200 ✓✓", RIGHT, "参与人次；带 ✓ 的按签到名单人数计", 5),
    Col("COST", "费用(元)", "12,000.00", RIGHT, print_width=7.5),
    Col("OUTCOME", "成果/获奖", "获团体三等", print_width=11),
    Col("ATTENDANCE", "应到/\n实到", "30/27 ✓", CENTER,
        "应到/实到人数；✓ 符合法定人数，✗ 不符合（职代会/会员大会实到须达应到的三分之二，工会委员会议须达二分之一）"),
    Col("PROPOSALS", "提案/\n办结", "6/5", CENTER, "会议收到的提案数 / 已办结提案数"),
)
Column = column_enum("Column", SPECS)

#: Short category names for the table and the printed ledger (the full name is in the tooltip):
#: "职代会/会员大会" in a narrow column would only be cut.
SHORT_CATEGORIES: dict[str, str] = {
    ActivityCategory.IDEOLOGY: "思想教育",
    ActivityCategory.CULTURE_SPORTS: "文体活动",
    ActivityCategory.SKILLS_CONTEST: "技能竞赛",
    ActivityCategory.ANKANG_CUP: "安康杯",
    ActivityCategory.TRAINING: "培训",
    ActivityCategory.CONGRESS: "职代会",
    ActivityCategory.COMMITTEE_MEETING: "委员会议",
    ActivityCategory.LEGAL_EDUCATION: "普法宣传",
    ActivityCategory.VOLUNTEER: "志愿服务",
    ActivityCategory.VISITS: "走访慰问",
    ActivityCategory.WOMEN: "女职工活动",
    ActivityCategory.HEALTH: "体检疗休养",
    ActivityCategory.OTHER: "其他",
}

#: The mark of a 人次 that is an attendance list's length (an icon on screen, this on paper).
LIST_MARK = "✓"
#: What the mark means: the cell's tooltip and the printed ledger's note.
LIST_MARK_TIP = "按签到名单计"
MEETING_COLUMNS = (Column.ATTENDANCE, Column.PROPOSALS)

_RED = QBrush(QColor("#c0392b"))
#: Activities the union only took part in (参加) read lighter: the union did not run them.
_PARTICIPANT_ROW = QBrush(QColor("#5d6d7e"))


def date_text(row: ActivityRow) -> str:
    """"2024-05-03", or "2024-05-03～05-05" for an activity over several days (the panel, the
    printed ledger; the table's narrow column shows the start and says the rest in its tooltip)."""
    start, end = row.data.start_date, row.data.end_date
    if end is None or end == start:
        return start.isoformat()
    if end.year == start.year:
        return f"{start.isoformat()}～{end:%m-%d}"
    return f"{start.isoformat()}～{end.isoformat()}"


def participants_text(row: ActivityRow) -> str:
    """The 人次 as a plain number: the list's length when there is a list, else the typed one."""
    if row.attendance:
        return f"{row.attendance:,}"
    return "" if row.data.participants is None else f"{row.data.participants:,}"


def participants_marked(row: ActivityRow) -> str:
    """The 人次 on paper: "54✓" when counted from the sign-in list."""
    return participants_text(row) + (LIST_MARK if row.attendance else "")


_list_icon: QIcon | None = None


def list_icon() -> QIcon:
    """A small green ✓ for the 人次 cell (drawn once, so no image file is needed)."""
    global _list_icon
    if _list_icon is None:
        size = 16
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(QColor("#1e8449"), 2.2)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.drawPolyline([QPointF(3, 8.5), QPointF(6.5, 12), QPointF(13, 4.5)])
        painter.end()
        _list_icon = QIcon(pixmap)
    return _list_icon


def quorum_rule_text(category: str) -> str:
    """"三分之二" / "二分之一" for the category's quorum (meetings only)."""
    numerator, denominator = QUORUM[category]
    digits = "零一二三四五六七八九"
    return f"{digits[denominator]}分之{digits[numerator]}"


def quorum_sentence(
    category: str, expected: int | None, actual: int | None, *, short: bool = False
) -> tuple[str, bool | None]:
    """The quorum in words, and whether it held (None: not a meeting, or 应到/实到 not both
    known). The dialog shows the rule and the smallest number present; the page's panel, `short`,
    only the verdict."""
    if category not in QUORUM:
        return "", None
    rule = quorum_rule_text(category)
    if not expected or actual is None:
        return tr("填写应到和实到人数后判断是否达到法定人数（实到须达应到的{0}）").format(rule), None
    data = ActivityInput(name="", category=category, start_date=date.today(),
                         expected_attendance=expected, actual_attendance=actual)  # fmt: skip
    held = activities.quorum_held(data)
    if short:
        verdict = tr("符合法定人数 ✓") if held else tr("未达到{0}，不符合法定人数 ✗").format(rule)
        return tr("应到 {0} 人，实到 {1} 人，{2}").format(expected, actual, verdict), held
    numerator, denominator = QUORUM[category]
    needed = -(-expected * numerator // denominator)  # the smallest whole number of people
    if held:
        text = tr("应到 {0} 人，实到 {1} 人，达到{2}（至少 {3} 人）：符合法定人数 ✓").format(expected, actual, rule, needed)
    else:
        text = tr("应到 {0} 人，实到 {1} 人，未达到{2}（至少 {3} 人）：会议不符合法定人数 ✗").format(
            expected, actual, rule, needed
        )
    return text, held


def quorum_mark(row: ActivityRow) -> str:
    held = row.quorum_held
    return "" if held is None else ("✓" if held else "✗")


def attendance_text(row: ActivityRow) -> str:
    """"30/27 ✓": 应到/实到 and the quorum mark (meetings only)."""
    data = row.data
    if not data.is_meeting or (data.expected_attendance is None and data.actual_attendance is None):
        return ""
    expected = "?" if data.expected_attendance is None else str(data.expected_attendance)
    actual = "?" if data.actual_attendance is None else str(data.actual_attendance)
    mark = quorum_mark(row)
    return f"{expected}/{actual}" + (f" {mark}" if mark else "")


def proposals_text(row: ActivityRow) -> str:
    data = row.data
    if not data.is_meeting or data.proposals is None:
        return ""
    return f"{data.proposals}/{data.proposals_closed or 0}"


def cells(row: ActivityRow) -> dict[Column, str]:
    """Every column's text for one activity: the table, its tooltips and the printed ledger."""
    data = row.data
    return {
        Column.DATE: data.start_date.isoformat(),
        Column.NAME: data.name,
        Column.CATEGORY: SHORT_CATEGORIES.get(data.category, data.category),
        Column.ROLE: data.role,
        Column.LOCATION: data.location,
        Column.PARTICIPANTS: participants_text(row),
        Column.COST: format_yuan(data.cost_fen) if data.cost_fen else "",
        Column.OUTCOME: data.outcome,
        Column.ATTENDANCE: attendance_text(row),
        Column.PROPOSALS: proposals_text(row),
    }


class ActivityTableModel(SortingRowsModel[ActivityRow]):
    """Activities as `ActivityRow`s, in the order `set_rows` gives them until sorted (the model
    sorts itself: a large union's year is 10,000 activities, too many for a sorting proxy)."""

    COLUMNS = Column
    CELLS = cells

    def has_meetings(self) -> bool:
        return any(r.data.is_meeting for r in self._rows)

    def decoration(self, row: ActivityRow, column: Column) -> Any:
        if column != Column.PARTICIPANTS or not row.attendance or QGuiApplication.instance() is None:
            return None  # (a pixmap needs the GUI application: none in a model's unit test)
        return list_icon()

    def foreground(self, row: ActivityRow, column: Column) -> Any:
        if column == Column.ATTENDANCE and row.quorum_held is False:
            return _RED
        if row.data.role == ActivityRole.PARTICIPANT:
            return _PARTICIPANT_ROW
        return None

    def tooltip(self, row: ActivityRow, column: Column) -> str | None:
        data = row.data
        match column:
            case Column.DATE if data.end_date and data.end_date != data.start_date:
                days = (data.end_date - data.start_date).days + 1
                return f"{data.start_date.isoformat()} 至 {data.end_date.isoformat()}（共 {days} 天）"
            case Column.NAME:
                return data.name + (f"\n{data.summary}" if data.summary else "")
            case Column.CATEGORY:
                return data.category
            case Column.LOCATION | Column.OUTCOME:
                return cells(row)[column] or None
            case Column.PARTICIPANTS if row.attendance:
                typed = ""
                if data.participants is not None and data.participants != row.attendance:
                    typed = f"（登记的参与人次 {data.participants} 不计）"
                return f"{LIST_MARK_TIP} {row.attendance} 人{typed}"
            case Column.COST if data.funding_source:
                return f"经费来源：{data.funding_source}"
            case Column.ATTENDANCE if row.quorum_held is not None:
                rule = quorum_rule_text(data.category)
                verdict = "达到" if row.quorum_held else "未达到"
                return f"实到 {data.actual_attendance} 人，{verdict}应到 {data.expected_attendance} 人的{rule}"
        return None

    def sort_value(self, row: ActivityRow, column: Column, position: int) -> Any:
        """Numbers sort as numbers; empty cells first in ascending order; ties by date."""
        data = row.data
        match column:
            case Column.DATE:
                # A string, not a tuple: the proxy compares QVariants, and a tuple is an opaque one.
                return f"{data.start_date.isoformat()} {row.id:010d}"
            case Column.PARTICIPANTS:
                return row.participants if (row.attendance or data.participants is not None) else -1
            case Column.COST:
                return data.cost_fen
            case Column.ATTENDANCE:
                # Meetings without a quorum first, then by the number present.
                held = {None: 0, False: 1, True: 2}[row.quorum_held]
                return held * 10_000_000 + (data.actual_attendance or 0)
            case Column.PROPOSALS:
                return -1 if data.proposals is None else data.proposals
            case Column.CATEGORY:
                return list(ActivityCategory).index(data.category) if data.category in list(ActivityCategory) else 99
            case _:
                return cells(row)[column]

