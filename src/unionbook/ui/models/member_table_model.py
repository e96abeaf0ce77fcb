"""The members table for rosters of 100,000 people and more, in the manner of Anki's browser model.

Loading 100,000 rows of personal data to show the 30 on screen would make every keystroke in the
search box cost seconds. SQLite filters and sorts and hands back the ordered ids
(`members.query_member_ids`); this model keeps only those ids and fetches the rows the view asks
for, one block around the requested row at a time, into a bounded cache. `data()` runs no other SQL.
"""

from __future__ import annotations

from datetime import date
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

from unionbook.domain.idnumber import mask_id_number, mask_phone
from unionbook.services import members
from unionbook.services.members import MemberFilter, MemberRow, SortKey

SortRole = Qt.ItemDataRole.UserRole
RowRole = Qt.ItemDataRole.UserRole + 1

#: Rows fetched per block: a few screens' worth, so scrolling line by line rarely queries, and
#: the query (about 6 ms for 200 rows at 100k members) stays well under one frame.
BLOCK = 200
#: Rows kept in the cache before it is dropped and refilled; a fling through 100k rows must not
#: end up holding the whole roster in memory.
CACHE_LIMIT = 20_000

_CONTEXT = "MemberTableModel"

#: Membership labels of people who have left: shown grey so the active roster stands out.
_LEFT = {"已转出", "已除名", "已退会", "已去世"}
_GREY = QBrush(QColor("#8a949e"))


class Column(IntEnum):
    NAME = 0
    GENDER = 1
    BIRTH_DATE = 2
    ID_NUMBER = 3
    PHONE = 4
    DEPARTMENT = 5
    POSITION = 6
    MEMBERSHIP = 7
    EMPLOYMENT = 8
    JOIN_DATE = 9
    MIGRANT = 10
    CARD = 11


HEADERS: dict[Column, str] = {
    Column.NAME: QT_TRANSLATE_NOOP(_CONTEXT, "姓名"),
    Column.GENDER: QT_TRANSLATE_NOOP(_CONTEXT, "性别"),
    Column.BIRTH_DATE: QT_TRANSLATE_NOOP(_CONTEXT, "出生日期"),
    Column.ID_NUMBER: QT_TRANSLATE_NOOP(_CONTEXT, "证件号码"),
    Column.PHONE: QT_TRANSLATE_NOOP(_CONTEXT, "手机号"),
    Column.DEPARTMENT: QT_TRANSLATE_NOOP(_CONTEXT, "部门"),
    Column.POSITION: QT_TRANSLATE_NOOP(_CONTEXT, "岗位"),
    Column.MEMBERSHIP: QT_TRANSLATE_NOOP(_CONTEXT, "会籍状态"),
    Column.EMPLOYMENT: QT_TRANSLATE_NOOP(_CONTEXT, "就业状况"),
    Column.JOIN_DATE: QT_TRANSLATE_NOOP(_CONTEXT, "入会日期"),
    Column.MIGRANT: QT_TRANSLATE_NOOP(_CONTEXT, "农民工"),
    Column.CARD: QT_TRANSLATE_NOOP(_CONTEXT, "会员卡号"),
}

SORT_KEYS: dict[Column, SortKey] = {
    Column.NAME: SortKey.NAME,  # pinyin order (stored name_pinyin)
    Column.GENDER: SortKey.GENDER,
    Column.BIRTH_DATE: SortKey.BIRTH_DATE,
    Column.ID_NUMBER: SortKey.ID_NUMBER,
    Column.PHONE: SortKey.PHONE,
    Column.DEPARTMENT: SortKey.DEPARTMENT,
    Column.POSITION: SortKey.POSITION,
    Column.MEMBERSHIP: SortKey.MEMBERSHIP,
    Column.EMPLOYMENT: SortKey.EMPLOYMENT,
    Column.JOIN_DATE: SortKey.JOIN_DATE,
    Column.MIGRANT: SortKey.MIGRANT,
    Column.CARD: SortKey.CARD,
}

_CENTERED = {Column.GENDER, Column.BIRTH_DATE, Column.JOIN_DATE, Column.MIGRANT}


def header_label(column: Column) -> str:
    return QCoreApplication.translate(_CONTEXT, HEADERS[column])


def format_date(value: date | None) -> str:
    return value.isoformat() if value else ""  # 2024-05-03, as DESIGN.md asks for tables


class MemberTableModel(QAbstractTableModel):
    """Rows of `members.query_member_ids(factory, filter, sort)`, fetched lazily by id."""

    def __init__(self, factory: Any, parent: Any = None) -> None:  # factory: a sessionmaker
        super().__init__(parent)
        self._factory = factory
        self._ids: list[int] = []
        self._cache: dict[int, MemberRow] = {}
        self._filter = MemberFilter()
        self._sort_column = Column.NAME
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._show_full = False
        #: Block fetches since the last reset; tests and the benchmark read it.
        self.fetch_count = 0

    # --- our API -------------------------------------------------------------------------

    @property
    def filter(self) -> MemberFilter:
        return self._filter

    @property
    def sort_column(self) -> Column:
        return self._sort_column

    @property
    def sort_order(self) -> Qt.SortOrder:
        return self._sort_order

    @property
    def show_full(self) -> bool:
        return self._show_full

    def ids(self) -> list[int]:
        """The ids in display order (a copy: printing walks it while the user may re-filter)."""
        return list(self._ids)

    def set_filter(self, flt: MemberFilter) -> None:
        self._filter = flt
        self.reload()

    def reload(self) -> None:
        """Query the ids again and forget cached rows (data may have changed anywhere)."""
        ids = members.query_member_ids(
            self._factory, self._filter, SORT_KEYS[self._sort_column], self._descending()
        )
        self.beginResetModel()
        self._ids = ids
        self._cache.clear()
        self.fetch_count = 0
        self.endResetModel()

    def set_show_full(self, show: bool) -> None:
        """Show ID numbers and phones in full instead of masked (the chair asked for it)."""
        if show == self._show_full:
            return
        self._show_full = show
        if self._ids:
            for column in (Column.ID_NUMBER, Column.PHONE):
                self.dataChanged.emit(
                    self.index(0, column), self.index(len(self._ids) - 1, column), [Qt.ItemDataRole.DisplayRole]
                )

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, member_id: int) -> int:
        """Display row of a person, -1 when the filter hides them."""
        try:
            return self._ids.index(member_id)
        except ValueError:
            return -1

    def row_at(self, row: int) -> MemberRow | None:
        """The person on `row`, fetching its block when it is not cached yet."""
        member_id = self.id_at(row)
        if member_id is None:
            return None
        cached = self._cache.get(member_id)
        if cached is None:
            self._fetch_around(row)
            cached = self._cache.get(member_id)
        return cached

    def _descending(self) -> bool:
        return self._sort_order == Qt.SortOrder.DescendingOrder

    def _fetch_around(self, row: int) -> None:
        if len(self._cache) > CACHE_LIMIT:
            self._cache.clear()
        start = max(0, row - BLOCK // 2)
        wanted = [i for i in self._ids[start : start + BLOCK] if i not in self._cache]
        self.fetch_count += 1
        for found in members.fetch_rows(self._factory, wanted):
            self._cache[found.id] = found
        # A person deleted elsewhere since the ids were read has no row; the view shows the line
        # empty until the next reload rather than fetching it again on every paint.

    # --- Qt overrides -----------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(Column)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(Column):
            if role == Qt.ItemDataRole.DisplayRole:
                return header_label(Column(section))
        elif orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        column = Column(index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            # Answered without the row, so alignment queries never trigger a fetch.
            if column in _CENTERED:
                return int(Qt.AlignmentFlag.AlignCenter)
            return int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.ForegroundRole,
            SortRole,
            RowRole,
        ):
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        if role == RowRole:
            return row
        if role == SortRole:
            return self._sort_value(row, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            return _GREY if row.membership in _LEFT else None
        text = self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            # Long department or position names are cut by the column; the tooltip has them whole.
            return text if column in (Column.DEPARTMENT, Column.POSITION, Column.CARD) and text else None
        return text

    def _display(self, row: MemberRow, column: Column) -> str:
        match column:
            case Column.NAME:
                return row.name
            case Column.GENDER:
                return row.gender or ""
            case Column.BIRTH_DATE:
                return format_date(row.birth_date)
            case Column.ID_NUMBER:
                return (row.id_number or "") if self._show_full else mask_id_number(row.id_number)
            case Column.PHONE:
                return (row.phone or "") if self._show_full else mask_phone(row.phone)
            case Column.DEPARTMENT:
                return row.department or ""
            case Column.POSITION:
                return row.position or ""
            case Column.MEMBERSHIP:
                return row.membership
            case Column.EMPLOYMENT:
                return row.employment_status or ""
            case Column.JOIN_DATE:
                return format_date(row.join_date)
            case Column.MIGRANT:
                return "是" if row.is_migrant_worker else ""
            case Column.CARD:
                return row.member_card_no or ""

    @staticmethod
    def _sort_value(row: MemberRow, column: Column) -> Any:
        match column:
            case Column.BIRTH_DATE:
                return row.birth_date.toordinal() if row.birth_date else 0
            case Column.JOIN_DATE:
                return row.join_date.toordinal() if row.join_date else 0
            case Column.MIGRANT:
                return int(row.is_migrant_worker)
            case _:
                return getattr(row, SORT_KEYS[column].value) or ""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting happens in SQL: re-query the ids in the new order (rows stay cached by id)."""
        if not 0 <= column < len(Column):
            return
        if (Column(column), order) == (self._sort_column, self._sort_order):
            return
        self._sort_column, self._sort_order = Column(column), order
        ids = members.query_member_ids(self._factory, self._filter, SORT_KEYS[self._sort_column], self._descending())
        # Same people in another order: a layout change keeps the selection via persistent indexes.
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        moved = [(p, self._ids[p.row()]) for p in persistent if 0 <= p.row() < len(self._ids)]
        self._ids = ids
        if moved:
            new_rows = {member_id: row for row, member_id in enumerate(ids)}
            self.changePersistentIndexList(
                [p for p, _ in moved],
                [self.index(new_rows[i], p.column()) if i in new_rows else QModelIndex() for p, i in moved],
            )
        self.layoutChanged.emit()
