"""The two lists of the sign-in dialog: people found in the roster, and the people on the list.

Each keystroke in the dialog's search box refills the results (up to 300 people). Filling a
QTableWidget item by item, with its header in ResizeToContents mode, re-measured every row on
each change: about 5 s for 300 people (DESIGN.md, Known traps). A model replaced in one reset
under fixed, sampled column widths costs a few milliseconds (bench/run.py, "attendance search").
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtGui import QBrush, QColor

from unionbook.domain.idnumber import mask_id_number
from unionbook.services.activities import Attendee
from unionbook.services.members import MemberRow
from unionbook.ui.models.rows_model import RowsModel

_CONTEXT = "AttendanceDialog"
_CHOSEN_BRUSH = QBrush(QColor("#8a949e"))


class PersonColumn(IntEnum):
    NAME = 0
    DEPARTMENT = 1
    ID_NUMBER = 2
    MEMBERSHIP = 3
    ON_LIST = 4


#: A typical widest value per column (the last one stretches).
PERSON_SAMPLES: dict[PersonColumn, str] = {
    PersonColumn.NAME: "欧阳晓明",
    PersonColumn.DEPARTMENT: "生产二车间",
    PersonColumn.ID_NUMBER: "440106********002X",
    PersonColumn.MEMBERSHIP: "保留会籍",
}


class PeopleModel(RowsModel[MemberRow]):
    """Search results: people of the roster; those already on the list are grey and say so."""

    COLUMNS = PersonColumn
    HEADERS = {  # noqa: RUF012 - read-only class data, as in every RowsModel
        PersonColumn.NAME: QT_TRANSLATE_NOOP(_CONTEXT, "姓名"),
        PersonColumn.DEPARTMENT: QT_TRANSLATE_NOOP(_CONTEXT, "部门"),
        PersonColumn.ID_NUMBER: QT_TRANSLATE_NOOP(_CONTEXT, "证件号码"),
        PersonColumn.MEMBERSHIP: QT_TRANSLATE_NOOP(_CONTEXT, "会籍"),
        PersonColumn.ON_LIST: QT_TRANSLATE_NOOP(_CONTEXT, ""),
    }
    CONTEXT = _CONTEXT

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._on_list: frozenset[int] = frozenset()

    def set_people(self, rows: Iterable[MemberRow], on_list: Iterable[int]) -> None:
        """Replace the results (one reset) and who of them is on the list already."""
        self._on_list = frozenset(on_list)
        self.set_rows(list(rows))

    def display(self, row: MemberRow, column: PersonColumn) -> str:
        match column:
            case PersonColumn.NAME:
                return row.name
            case PersonColumn.DEPARTMENT:
                return row.department or ""
            case PersonColumn.ID_NUMBER:
                return mask_id_number(row.id_number)
            case PersonColumn.MEMBERSHIP:
                return row.membership
            case _:
                return "已在名单" if row.id in self._on_list else ""

    def foreground(self, row: MemberRow, column: PersonColumn) -> Any:
        return _CHOSEN_BRUSH if row.id in self._on_list else None


class AttendeeColumn(IntEnum):
    NAME = 0
    DEPARTMENT = 1


class AttendeesModel(RowsModel[Attendee]):
    """The sign-in list as edited in the dialog, in the order shown."""

    COLUMNS = AttendeeColumn
    HEADERS = {  # noqa: RUF012
        AttendeeColumn.NAME: QT_TRANSLATE_NOOP(_CONTEXT, "姓名"),
        AttendeeColumn.DEPARTMENT: QT_TRANSLATE_NOOP(_CONTEXT, "部门"),
    }
    CONTEXT = _CONTEXT

    def display(self, row: Attendee, column: AttendeeColumn) -> str:
        return row.name if column == AttendeeColumn.NAME else (row.department or "")

    def row_of(self, row_id: int) -> int:
        """The position of the person with that member id, or -1."""
        return next((i for i, r in enumerate(self._rows) if r.member_id == row_id), -1)
