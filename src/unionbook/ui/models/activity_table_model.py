"""The activities table: one year's activities and meetings (a few dozen rows) held in memory.

A union registers tens of activities a year, so the model keeps every `ActivityRow` the page asked
for and a QSortFilterProxyModel sorts them on SortRole (STYLE.md). The text of each cell comes from
`cells()`, which the printed 活动台账 uses too, so paper and screen say the same thing.

人次 is marked "名单" when it is the length of an attendance list rather than a typed number: the
chair must see at a glance which numbers are backed by names. Meetings carry two more columns:
出席 ("30/27 ✓": 应到/实到 and whether the quorum held, red when it did not) and 提案/办结; for
other activities those cells stay empty. The quorum shares the 出席 cell because a column of its
own took the width a narrow window needs for the activity's name.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from unionbook.domain.money import format_yuan
from unionbook.domain.vocab import ActivityCategory, ActivityRole
from unionbook.services.activities import QUORUM, ActivityRow

SortRole = Qt.ItemDataRole.UserRole
RowRole = Qt.ItemDataRole.UserRole + 1

_CONTEXT = "ActivityTableModel"


class Column(IntEnum):
    DATE = 0
    NAME = 1
    CATEGORY = 2
    ROLE = 3
    LOCATION = 4
    PARTICIPANTS = 5
    COST = 6
    OUTCOME = 7
    ATTENDANCE = 8
    PROPOSALS = 9


HEADERS: dict[Column, str] = {
    Column.DATE: QT_TRANSLATE_NOOP(_CONTEXT, "日期"),
    Column.NAME: QT_TRANSLATE_NOOP(_CONTEXT, "名称"),
    Column.CATEGORY: QT_TRANSLATE_NOOP(_CONTEXT, "类别"),
    Column.ROLE: QT_TRANSLATE_NOOP(_CONTEXT, "角色"),
    Column.LOCATION: QT_TRANSLATE_NOOP(_CONTEXT, "地点"),
    Column.PARTICIPANTS: QT_TRANSLATE_NOOP(_CONTEXT, "人次"),
    Column.COST: QT_TRANSLATE_NOOP(_CONTEXT, "费用(元)"),
    Column.OUTCOME: QT_TRANSLATE_NOOP(_CONTEXT, "成果/获奖"),
    Column.ATTENDANCE: QT_TRANSLATE_NOOP(_CONTEXT, "应到/实到（法定人数）"),
    Column.PROPOSALS: QT_TRANSLATE_NOOP(_CONTEXT, "提案/办结"),
}

#: Two-line headings where the words are much wider than the numbers under them.
_WRAPPED_HEADERS: dict[Column, str] = {
    Column.ATTENDANCE: "应到/\n实到",
    Column.PROPOSALS: "提案/\n办结",
}

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
    ActivityCategory.OTHER: "其他",
}

#: Words after the 人次 of a row whose number is an attendance list's length.
LIST_MARK = "名单"
MEETING_COLUMNS = (Column.ATTENDANCE, Column.PROPOSALS)

_NUMERIC = {Column.PARTICIPANTS, Column.COST}
_CENTERED = {Column.DATE, Column.CATEGORY, Column.ROLE, Column.ATTENDANCE, Column.PROPOSALS}
_RED = QBrush(QColor("#c0392b"))
#: Activities the union only took part in (参加) read lighter: the union did not run them.
_PARTICIPANT_ROW = QBrush(QColor("#5d6d7e"))


def header_label(column: Column) -> str:
    return QCoreApplication.translate(_CONTEXT, HEADERS[column])


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
    if row.attendance:
        return f"{row.attendance:,} {LIST_MARK}"
    return "" if row.data.participants is None else f"{row.data.participants:,}"


def quorum_rule_text(category: str) -> str:
    """"三分之二" / "二分之一" for the category's quorum (meetings only)."""
    numerator, denominator = QUORUM[category]
    digits = "零一二三四五六七八九"
    return f"{digits[denominator]}分之{digits[numerator]}"


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


class ActivityTableModel(QAbstractTableModel):
    """Activities as `ActivityRow`s, in the order `set_rows` gives them."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ActivityRow] = []

    # --- our API -------------------------------------------------------------------------

    def set_rows(self, rows: list[ActivityRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[ActivityRow]:
        return list(self._rows)

    def row_at(self, row: int) -> ActivityRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, activity_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == activity_id), -1)

    def has_meetings(self) -> bool:
        return any(r.data.is_meeting for r in self._rows)

    # --- Qt overrides -----------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(Column):
            column = Column(section)
            if role == Qt.ItemDataRole.DisplayRole:
                wrapped = _WRAPPED_HEADERS.get(column)
                return QCoreApplication.translate(_CONTEXT, wrapped) if wrapped else header_label(column)
            if role == Qt.ItemDataRole.ToolTipRole:
                match column:
                    case Column.PARTICIPANTS:
                        return "参与人次；标“名单”的按签到名单人数计"
                    case Column.ATTENDANCE:
                        return "应到/实到人数；✓ 符合法定人数，✗ 不符合（职代会/会员大会实到须达应到的三分之二，工会委员会议须达二分之一）"
                    case Column.PROPOSALS:
                        return "会议收到的提案数 / 已办结提案数"
                return header_label(column)
        elif orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows) or not 0 <= index.column() < len(Column):
            return None
        row = self._rows[index.row()]
        column = Column(index.column())
        match role:
            case Qt.ItemDataRole.DisplayRole:
                return cells(row)[column]
            case Qt.ItemDataRole.TextAlignmentRole:
                if column in _NUMERIC:
                    return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if column in _CENTERED:
                    return int(Qt.AlignmentFlag.AlignCenter)
                return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            case Qt.ItemDataRole.ForegroundRole:
                if column == Column.ATTENDANCE and row.quorum_held is False:
                    return _RED
                if row.data.role == ActivityRole.PARTICIPANT:
                    return _PARTICIPANT_ROW
                return None
            case Qt.ItemDataRole.ToolTipRole:
                return self._tooltip(row, column)
            case _ if role == SortRole:
                return self._sort_value(row, column)
            case _ if role == RowRole:
                return row
        return None

    @staticmethod
    def _tooltip(row: ActivityRow, column: Column) -> str | None:
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
                return f"按签到名单计 {row.attendance} 人{typed}"
            case Column.COST if data.funding_source:
                return f"经费来源：{data.funding_source}"
            case Column.ATTENDANCE if row.quorum_held is not None:
                rule = quorum_rule_text(data.category)
                verdict = "达到" if row.quorum_held else "未达到"
                return f"实到 {data.actual_attendance} 人，{verdict}应到 {data.expected_attendance} 人的{rule}"
        return None

    @staticmethod
    def _sort_value(row: ActivityRow, column: Column) -> Any:
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
