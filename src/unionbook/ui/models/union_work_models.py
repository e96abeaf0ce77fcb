"""The tables of the honors, positions, rights and mutual-aid registers.

Each is a `RowsModel` that says only its columns and the text of a cell (`cells`, which the printed
ledger reads too, so paper and screen agree). A union holds tens to a few hundred of each, so every
row is in memory. Greyed rows are history (a position no longer in use); an open rights case is
orange, like the other things that wait for the chair. The rights table masks the people of private
cases ("王*") unless the page's 显示姓名 is ticked (`show_names`).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum
from typing import Any, ClassVar, TypeVar

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtGui import QBrush, QColor

from unionbook.domain.idnumber import mask_id_number
from unionbook.domain.money import format_yuan
from unionbook.services.honors import HonorRow
from unionbook.services.mutual_aid import EnrollmentRow
from unionbook.services.positions import PositionRow
from unionbook.services.rights_cases import CaseRow
from unionbook.ui.models.rows_model import RowsModel

_CONTEXT = "UnionWorkModels"
_HISTORY = QBrush(QColor("#8a949e"))
_WAITING = QBrush(QColor("#b9770e"))


RowT = TypeVar("RowT")


def _date(value: Any) -> str:
    return value.isoformat() if value else ""


class _CellsModel(RowsModel[RowT]):
    """A table whose every cell is what its register's `cells(row)` says (the ledger's text too)."""

    CONTEXT = _CONTEXT
    CELLS: ClassVar[Callable[[Any], dict[Any, str]]]

    def display(self, row: RowT, column: Any) -> str:
        return type(self).CELLS(row)[column]


# --- 荣誉 ------------------------------------------------------------------------------------------


class HonorColumn(IntEnum):
    DATE = 0
    TITLE = 1
    KIND = 2
    LEVEL = 3
    HOLDER = 4
    DEPARTMENT = 5
    ISSUER = 6


def honor_cells(row: HonorRow) -> dict[HonorColumn, str]:
    d = row.data
    return {
        HonorColumn.DATE: _date(d.awarded_on), HonorColumn.TITLE: d.title, HonorColumn.KIND: d.kind,
        HonorColumn.LEVEL: d.level, HonorColumn.HOLDER: row.holder,
        HonorColumn.DEPARTMENT: row.department if d.personal else d.recipient, HonorColumn.ISSUER: d.issuer,
    }  # fmt: skip


class HonorTableModel(_CellsModel[HonorRow]):
    COLUMNS = HonorColumn
    CELLS = honor_cells
    HEADERS = {
        HonorColumn.DATE: QT_TRANSLATE_NOOP(_CONTEXT, "授予日期"), HonorColumn.TITLE: QT_TRANSLATE_NOOP(_CONTEXT, "荣誉称号"),
        HonorColumn.KIND: QT_TRANSLATE_NOOP(_CONTEXT, "类别"), HonorColumn.LEVEL: QT_TRANSLATE_NOOP(_CONTEXT, "级别"),
        HonorColumn.HOLDER: QT_TRANSLATE_NOOP(_CONTEXT, "获奖人/集体"),
        HonorColumn.DEPARTMENT: QT_TRANSLATE_NOOP(_CONTEXT, "部门/对象"),
        HonorColumn.ISSUER: QT_TRANSLATE_NOOP(_CONTEXT, "授予单位"),
    }  # fmt: skip
    HEADER_TIPS = {HonorColumn.DEPARTMENT: "个人荣誉：获奖人所在部门；集体荣誉：班组、部门或本工会"}
    CENTERED = frozenset({HonorColumn.DATE, HonorColumn.KIND, HonorColumn.LEVEL})

    def tooltip(self, row: HonorRow, column: HonorColumn) -> str | None:
        return "\n".join(t for t in (row.data.title, row.data.issuer, row.data.notes) if t)


# --- 阵地 ------------------------------------------------------------------------------------------


class PositionColumn(IntEnum):
    STATUS = 0
    KIND = 1
    NAME = 2
    OPENED = 3
    CLOSED = 4
    PLACE = 5
    AREA = 6
    LEVEL = 7


def position_cells(row: PositionRow) -> dict[PositionColumn, str]:
    d = row.data
    return {
        PositionColumn.STATUS: row.status, PositionColumn.KIND: d.kind, PositionColumn.NAME: d.name,
        PositionColumn.OPENED: _date(d.opened_on), PositionColumn.CLOSED: _date(d.closed_on),
        PositionColumn.PLACE: d.place, PositionColumn.AREA: "" if d.area is None else f"{d.area:,}",
        PositionColumn.LEVEL: d.demo_level or "",
    }  # fmt: skip


class PositionTableModel(_CellsModel[PositionRow]):
    COLUMNS = PositionColumn
    CELLS = position_cells
    HEADERS = {
        PositionColumn.STATUS: QT_TRANSLATE_NOOP(_CONTEXT, "状态"), PositionColumn.KIND: QT_TRANSLATE_NOOP(_CONTEXT, "类型"),
        PositionColumn.NAME: QT_TRANSLATE_NOOP(_CONTEXT, "阵地名称"),
        PositionColumn.OPENED: QT_TRANSLATE_NOOP(_CONTEXT, "建成日期"),
        PositionColumn.CLOSED: QT_TRANSLATE_NOOP(_CONTEXT, "停用日期"), PositionColumn.PLACE: QT_TRANSLATE_NOOP(_CONTEXT, "地点"),
        PositionColumn.AREA: QT_TRANSLATE_NOOP(_CONTEXT, "面积（㎡）"),
        PositionColumn.LEVEL: QT_TRANSLATE_NOOP(_CONTEXT, "示范级别"),
    }  # fmt: skip
    NUMERIC = frozenset({PositionColumn.AREA})
    CENTERED = frozenset({PositionColumn.STATUS, PositionColumn.OPENED, PositionColumn.CLOSED, PositionColumn.LEVEL})

    def foreground(self, row: PositionRow, column: PositionColumn) -> Any:
        return _HISTORY if row.data.closed_on is not None else None

    def sort_value(self, row: PositionRow, column: PositionColumn, position: int) -> Any:
        if column == PositionColumn.AREA:
            return -1 if row.data.area is None else row.data.area
        return position_cells(row)[column]

    def tooltip(self, row: PositionRow, column: PositionColumn) -> str | None:
        return row.data.notes or None


# --- 维权 ------------------------------------------------------------------------------------------


class CaseColumn(IntEnum):
    OPENED = 0
    KIND = 1
    PERSON = 2
    REQUEST = 3
    OUTCOME = 4
    CLOSED = 5


def case_cells(row: CaseRow, show_names: bool = False) -> dict[CaseColumn, str]:
    d = row.data
    return {
        CaseColumn.OPENED: _date(d.opened_on), CaseColumn.KIND: d.kind, CaseColumn.PERSON: row.shown_name(show_names),
        CaseColumn.REQUEST: d.request, CaseColumn.OUTCOME: d.outcome, CaseColumn.CLOSED: _date(d.closed_on),
    }  # fmt: skip


class CaseTableModel(RowsModel[CaseRow]):
    COLUMNS = CaseColumn
    CONTEXT = _CONTEXT
    HEADERS = {
        CaseColumn.OPENED: QT_TRANSLATE_NOOP(_CONTEXT, "受理日期"), CaseColumn.KIND: QT_TRANSLATE_NOOP(_CONTEXT, "类别"),
        CaseColumn.PERSON: QT_TRANSLATE_NOOP(_CONTEXT, "当事人"), CaseColumn.REQUEST: QT_TRANSLATE_NOOP(_CONTEXT, "事项"),
        CaseColumn.OUTCOME: QT_TRANSLATE_NOOP(_CONTEXT, "结果"), CaseColumn.CLOSED: QT_TRANSLATE_NOOP(_CONTEXT, "办结日期"),
    }  # fmt: skip
    HEADER_TIPS = {CaseColumn.PERSON: "不公开的案件只显示姓氏（如“王*”）；勾选上方的“显示姓名”可看全名"}
    CENTERED = frozenset({CaseColumn.OPENED, CaseColumn.KIND, CaseColumn.OUTCOME, CaseColumn.CLOSED})

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.show_names = False

    def set_show_names(self, show: bool) -> None:
        self.show_names = show
        if self.row_count():
            self.dataChanged.emit(self.index(0, CaseColumn.PERSON), self.index(self.row_count() - 1, CaseColumn.PERSON))

    def display(self, row: CaseRow, column: CaseColumn) -> str:
        return case_cells(row, self.show_names)[column]

    def foreground(self, row: CaseRow, column: CaseColumn) -> Any:
        return _WAITING if row.data.is_open and column == CaseColumn.OUTCOME else None

    def tooltip(self, row: CaseRow, column: CaseColumn) -> str | None:
        if column == CaseColumn.REQUEST:
            return "\n".join(t for t in (row.data.request, row.data.handling) if t)
        return None


# --- 互助保障 --------------------------------------------------------------------------------------


class EnrollmentColumn(IntEnum):
    YEAR = 0
    NAME = 1
    DEPARTMENT = 2
    ID_NUMBER = 3
    PLAN = 4
    CONTRIBUTION = 5
    POLICY = 6


def enrollment_cells(row: EnrollmentRow) -> dict[EnrollmentColumn, str]:
    d = row.data
    return {
        EnrollmentColumn.YEAR: str(d.year), EnrollmentColumn.NAME: row.member_name,
        EnrollmentColumn.DEPARTMENT: row.department, EnrollmentColumn.ID_NUMBER: mask_id_number(row.id_number),
        EnrollmentColumn.PLAN: d.plan, EnrollmentColumn.CONTRIBUTION: format_yuan(d.contribution_fen),
        EnrollmentColumn.POLICY: d.policy_number,
    }  # fmt: skip


class EnrollmentTableModel(_CellsModel[EnrollmentRow]):
    COLUMNS = EnrollmentColumn
    CELLS = enrollment_cells
    HEADERS = {
        EnrollmentColumn.YEAR: QT_TRANSLATE_NOOP(_CONTEXT, "参保年度"), EnrollmentColumn.NAME: QT_TRANSLATE_NOOP(_CONTEXT, "姓名"),
        EnrollmentColumn.DEPARTMENT: QT_TRANSLATE_NOOP(_CONTEXT, "部门"),
        EnrollmentColumn.ID_NUMBER: QT_TRANSLATE_NOOP(_CONTEXT, "身份证号"),
        EnrollmentColumn.PLAN: QT_TRANSLATE_NOOP(_CONTEXT, "保障计划"),
        EnrollmentColumn.CONTRIBUTION: QT_TRANSLATE_NOOP(_CONTEXT, "缴费金额(元)"),
        EnrollmentColumn.POLICY: QT_TRANSLATE_NOOP(_CONTEXT, "保单号"),
    }  # fmt: skip
    NUMERIC = frozenset({EnrollmentColumn.CONTRIBUTION})
    CENTERED = frozenset({EnrollmentColumn.YEAR, EnrollmentColumn.ID_NUMBER})

    def sort_value(self, row: EnrollmentRow, column: EnrollmentColumn, position: int) -> Any:
        return row.data.contribution_fen if column == EnrollmentColumn.CONTRIBUTION else enrollment_cells(row)[column]
