"""The two lists of the sign-in dialog: people found in the roster, and the people on the list.

Each keystroke in the dialog's search box refills the results (up to 300 people). Filling a
QTableWidget item by item, with its header in ResizeToContents mode, re-measured every row on
each change: about 5 s for 300 people (DESIGN.md, Known traps). A model replaced in one reset
under fixed, sampled column widths costs a few milliseconds (bench/run.py, "attendance search").
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtGui import QBrush, QColor

from unionbook.services.activities import Attendee
from unionbook.services.members import MemberRow
from unionbook.ui.models.member_table_model import member_text
from unionbook.ui.models.rows_model import Col, RowsModel, column_enum

_CHOSEN_BRUSH = QBrush(QColor("#8a949e"))


#: Samples are typical widest values, the widths set once (the last column stretches).
_NAME = Col("NAME", "姓名", "欧阳晓明")
PERSON_SPECS = (
    _NAME,
    Col("DEPARTMENT", "部门", "生产二车间"),
    Col("ID_NUMBER", "证件号码", "440106********002X"),
    Col("MEMBERSHIP", "会籍", "保留会籍"),
    Col("ON_LIST", ""),
)
PersonColumn = column_enum("PersonColumn", PERSON_SPECS)
ATTENDEE_SPECS = (_NAME, Col("DEPARTMENT", "部门"))
AttendeeColumn = column_enum("AttendeeColumn", ATTENDEE_SPECS)


class PeopleModel(RowsModel[MemberRow]):
    """Search results: people of the roster; those already on the list are grey and say so."""

    COLUMNS = PersonColumn

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._on_list: frozenset[int] = frozenset()

    def set_people(self, rows: Iterable[MemberRow], on_list: Iterable[int]) -> None:
        """Replace the results (one reset) and who of them is on the list already."""
        self._on_list = frozenset(on_list)
        self.set_rows(list(rows))

    def display(self, row: MemberRow, column: PersonColumn) -> str:
        if column == PersonColumn.ON_LIST:
            return "已在名单" if row.id in self._on_list else ""
        return member_text(row, column.name)  # ID numbers masked

    def foreground(self, row: MemberRow, column: PersonColumn) -> Any:
        return _CHOSEN_BRUSH if row.id in self._on_list else None


class AttendeesModel(RowsModel[Attendee]):
    """The sign-in list as edited in the dialog, in the order shown."""

    COLUMNS = AttendeeColumn

    def display(self, row: Attendee, column: AttendeeColumn) -> str:
        return row.name if column == AttendeeColumn.NAME else (row.department or "")

    def row_of(self, row_id: int) -> int:
        """The position of the person with that member id, or -1."""
        return next((i for i, r in enumerate(self._rows) if r.member_id == row_id), -1)
