"""The members table for rosters of 100,000 people and more, in the manner of Anki's browser model.

Loading 100,000 rows of personal data to show the 30 on screen would make every keystroke in the
search box cost seconds. SQLite filters and sorts and hands back the ordered ids
(`members.query_member_ids`); this model keeps only those ids and fetches the rows the view asks
for, one block around the requested row at a time, into a bounded cache. `data()` runs no other SQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from unionbook.domain.idnumber import mask_id_number, mask_phone
from unionbook.services import members
from unionbook.services.members import MemberFilter, MemberRow, SortKey
from unionbook.ui.models.rows_model import CENTER, Col, LazyRowsModel, column_enum

#: Membership labels of people who have left: shown grey so the active roster stands out.
_LEFT = {"已转出", "已除名", "已退会", "已去世"}
_GREY = QBrush(QColor("#8a949e"))


#: Samples are typical widest values: widths come from them in the user's font, so the table fits
#: a 1366-pixel screen without cutting dates or masked ID numbers.
SPECS = (
    Col("NAME", "姓名", "欧阳晓明"),
    Col("GENDER", "性别", align=CENTER),
    Col("BIRTH_DATE", "出生日期", "2024-05-03", CENTER),
    Col("ID_NUMBER", "证件号码", "44010619900101002X"),
    Col("PHONE", "手机号", "138****5678"),
    Col("DEPARTMENT", "部门", "生产二车间"),
    Col("POSITION", "岗位", "机械设计工程师"),
    Col("MEMBERSHIP", "会籍状态", "保留会籍"),
    Col("EMPLOYMENT", "就业状况", "待(下)岗"),
    Col("JOIN_DATE", "入会日期", "2024-05-03", CENTER),
    Col("MIGRANT", "农民工", align=CENTER),
    Col("CARD", "会员卡号", "GHK20170000078"),
)
Column = column_enum("Column", SPECS)
#: Each column sorts in SQL by the key of the same name (姓名 in pinyin order: stored name_pinyin).
SORT_KEYS: dict[Column, SortKey] = {column: SortKey[column.name] for column in Column}


def format_date(value: date | None) -> str:
    return value.isoformat() if value else ""  # 2024-05-03, as DESIGN.md asks for tables


def member_text(row: MemberRow, column: str, show_full: bool = False) -> str:
    """A member's cell in the column named `column` (the roster's; the sign-in search shows some of
    them): the field its sort key names, dates as 2024-05-03, 农民工 as 是, ID numbers and phones
    masked unless `show_full`."""
    value = getattr(row, SortKey[column].value)
    if column in ("ID_NUMBER", "PHONE") and not show_full:
        return mask_id_number(value) if column == "ID_NUMBER" else mask_phone(value)
    if isinstance(value, bool):
        return "是" if value else ""
    return format_date(value) if isinstance(value, date) else (value or "")


class MemberTableModel(LazyRowsModel[MemberRow]):
    """Rows of `members.query_member_ids(factory, filter, sort)`, fetched lazily by id."""

    COLUMNS = Column

    def __init__(self, factory: Any, parent: Any = None) -> None:  # factory: a sessionmaker
        super().__init__(factory, parent, flt=MemberFilter(), sort_column=Column.NAME)
        self._show_full = False

    @property
    def show_full(self) -> bool:
        return self._show_full

    def set_show_full(self, show: bool) -> None:
        """Show ID numbers and phones in full instead of masked (the chair asked for it)."""
        if show == self._show_full:
            return
        self._show_full = show
        if self.row_count():
            for column in (Column.ID_NUMBER, Column.PHONE):
                self.dataChanged.emit(
                    self.index(0, column), self.index(self.row_count() - 1, column), [Qt.ItemDataRole.DisplayRole]
                )

    def fetch_ids(self) -> list[int]:
        return members.query_member_ids(self._factory, self._filter, SORT_KEYS[self.sort_column], self.descending)

    def fetch_rows(self, ids: Sequence[int]) -> list[MemberRow]:
        return members.fetch_rows(self._factory, list(ids))

    def foreground(self, row: MemberRow, column: Column) -> Any:
        return _GREY if row.membership in _LEFT else None

    def tooltip(self, row: MemberRow, column: Column) -> str | None:
        # Long department or position names are cut by the column; the tooltip has them whole.
        text = self.display(row, column)
        return text if column in (Column.DEPARTMENT, Column.POSITION, Column.CARD) and text else None

    def display(self, row: MemberRow, column: Column) -> str:
        return member_text(row, column.name, self._show_full)

    def sort_value(self, row: MemberRow, column: Column, position: int) -> Any:
        match column:
            case Column.BIRTH_DATE:
                return row.birth_date.toordinal() if row.birth_date else 0
            case Column.JOIN_DATE:
                return row.join_date.toordinal() if row.join_date else 0
            case Column.MIGRANT:
                return int(row.is_migrant_worker)
            case _:
                return getattr(row, SORT_KEYS[column].value) or ""
