"""The tables of the honors, positions, rights and mutual-aid registers.

Each is a `RowsModel` that says only its columns and the text of a cell (`cells`, which the printed
ledger reads too, so paper and screen agree). A union holds tens to a few hundred of each, so every
row is in memory — except 互助保障, where a large union enrolls everyone every year: that list is
lazy (`LazyRowsModel`). Greyed rows are history (a position no longer in use); an open rights case is
orange, like the other things that wait for the chair. The rights table masks the people of private
cases ("王*") unless the page's 显示姓名 is ticked (`show_names`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from unionbook.domain.idnumber import mask_id_number
from unionbook.domain.money import format_yuan
from unionbook.services import mutual_aid
from unionbook.services.honors import HonorRow
from unionbook.services.mutual_aid import EnrollmentFilter, EnrollmentRow
from unionbook.services.positions import PositionRow
from unionbook.services.rights_cases import CaseRow
from unionbook.ui.models.rows_model import CENTER, RIGHT, Col, LazyRowsModel, RowsModel, column_enum

_HISTORY = QBrush(QColor("#8a949e"))
_WAITING = QBrush(QColor("#b9770e"))


def _date(value: Any) -> str:
    return value.isoformat() if value else ""


# --- 荣誉 ------------------------------------------------------------------------------------------


HONOR_SPECS = (
    Col("DATE", "授予日期", "2024-05-03", CENTER, print_width=9),
    Col("TITLE", "荣誉称号", print_width=30),
    Col("KIND", "类别", "五一劳动奖章", CENTER, print_width=11),
    Col("LEVEL", "级别", "县区级", CENTER, print_width=7),
    Col("HOLDER", "获奖人/集体", "装配车间数控班", print_width=14),
    Col("DEPARTMENT", "部门/对象", "技术研发部", tip="个人荣誉：获奖人所在部门；集体荣誉：班组、部门或本工会", print_width=10),
    Col("ISSUER", "授予单位", "广州市番禺区总工会", print_width=17),
)
HonorColumn = column_enum("HonorColumn", HONOR_SPECS)


def honor_cells(row: HonorRow) -> dict[HonorColumn, str]:
    d = row.data
    return {
        HonorColumn.DATE: _date(d.awarded_on), HonorColumn.TITLE: d.title, HonorColumn.KIND: d.kind,
        HonorColumn.LEVEL: d.level, HonorColumn.HOLDER: row.holder,
        HonorColumn.DEPARTMENT: row.department if d.personal else d.recipient, HonorColumn.ISSUER: d.issuer,
    }  # fmt: skip


class HonorTableModel(RowsModel[HonorRow]):
    COLUMNS = HonorColumn
    CELLS = honor_cells

    def tooltip(self, row: HonorRow, column: HonorColumn) -> str | None:
        return "\n".join(t for t in (row.data.title, row.data.issuer, row.data.notes) if t)


# --- 阵地 ------------------------------------------------------------------------------------------


POSITION_SPECS = (
    Col("STATUS", "状态", "已停用", CENTER, print_width=6),
    Col("KIND", "类型", "户外劳动者爱心驿站", print_width=14),
    Col("NAME", "阵地名称", print_width=24),
    Col("OPENED", "建成日期", "2024-05-03", CENTER, print_width=9),
    Col("CLOSED", "停用日期", "2024-05-03", CENTER, print_width=9),
    Col("PLACE", "地点", "公司东门门卫室旁", print_width=18),
    Col("AREA", "面积（㎡）", "1,000", RIGHT, print_width=7),
    Col("LEVEL", "示范级别", "区县级示范", CENTER, print_width=9),
)
PositionColumn = column_enum("PositionColumn", POSITION_SPECS)


def position_cells(row: PositionRow) -> dict[PositionColumn, str]:
    d = row.data
    return {
        PositionColumn.STATUS: row.status, PositionColumn.KIND: d.kind, PositionColumn.NAME: d.name,
        PositionColumn.OPENED: _date(d.opened_on), PositionColumn.CLOSED: _date(d.closed_on),
        PositionColumn.PLACE: d.place, PositionColumn.AREA: "" if d.area is None else f"{d.area:,}",
        PositionColumn.LEVEL: d.demo_level or "",
    }  # fmt: skip


class PositionTableModel(RowsModel[PositionRow]):
    COLUMNS = PositionColumn
    CELLS = position_cells

    def foreground(self, row: PositionRow, column: PositionColumn) -> Any:
        return _HISTORY if row.data.closed_on is not None else None

    def sort_value(self, row: PositionRow, column: PositionColumn, position: int) -> Any:
        if column == PositionColumn.AREA:
            return -1 if row.data.area is None else row.data.area
        return position_cells(row)[column]

    def tooltip(self, row: PositionRow, column: PositionColumn) -> str | None:
        return row.data.notes or None


# --- 维权 ------------------------------------------------------------------------------------------


CASE_SPECS = (
    Col("OPENED", "受理日期", "2024-05-03", CENTER, print_width=9),
    Col("KIND", "类别", "职工诉求/办实事", CENTER, print_width=12),
    Col("PERSON", "当事人", "欧阳某某", tip="不公开的案件只显示姓氏（如“王*”）；勾选上方的“显示姓名”可看全名", print_width=8),
    Col("REQUEST", "事项", print_width=40),
    Col("OUTCOME", "结果", "调解不成", CENTER, print_width=8),
    Col("CLOSED", "办结日期", "2024-05-03", CENTER, print_width=9),
)
CaseColumn = column_enum("CaseColumn", CASE_SPECS)


def case_cells(row: CaseRow, show_names: bool = False) -> dict[CaseColumn, str]:
    d = row.data
    return {
        CaseColumn.OPENED: _date(d.opened_on), CaseColumn.KIND: d.kind, CaseColumn.PERSON: row.shown_name(show_names),
        CaseColumn.REQUEST: d.request, CaseColumn.OUTCOME: d.outcome, CaseColumn.CLOSED: _date(d.closed_on),
    }  # fmt: skip


class CaseTableModel(RowsModel[CaseRow]):
    COLUMNS = CaseColumn

    #: Whether private cases show the person's whole name (the page's 显示姓名).
    show_names = False

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


ENROLLMENT_SPECS = (
    Col("YEAR", "参保年度", "2025", CENTER, print_width=7),
    Col("NAME", "姓名", "欧阳某某", print_width=10),
    Col("DEPARTMENT", "部门", "仓储物流部门", print_width=12),
    Col("ID_NUMBER", "身份证号", "440106********001X", CENTER, print_width=18),
    Col("PLAN", "保障计划", print_width=28),
    Col("CONTRIBUTION", "缴费金额(元)", "1,000.00", RIGHT, print_width=10),
    Col("POLICY", "保单号", "HZ2025000123", print_width=14),
)
EnrollmentColumn = column_enum("EnrollmentColumn", ENROLLMENT_SPECS)


def enrollment_cells(row: EnrollmentRow) -> dict[EnrollmentColumn, str]:
    d = row.data
    return {
        EnrollmentColumn.YEAR: str(d.year), EnrollmentColumn.NAME: row.member_name,
        EnrollmentColumn.DEPARTMENT: row.department, EnrollmentColumn.ID_NUMBER: mask_id_number(row.id_number),
        EnrollmentColumn.PLAN: d.plan, EnrollmentColumn.CONTRIBUTION: format_yuan(d.contribution_fen),
        EnrollmentColumn.POLICY: d.policy_number,
    }  # fmt: skip


#: The service's sort key of each column (services/mutual_aid.py ENROLLMENT_SORTS).
_ENROLLMENT_SORTS = dict(zip(EnrollmentColumn, ("year", "name", "department", "id_number", "plan", "contribution",
                                                "policy"), strict=True))  # fmt: skip


class EnrollmentTableModel(LazyRowsModel[EnrollmentRow]):
    """Lazy, as 发放记录 is: a year of a large union is 100,000 enrollments (every member, often
    in two plans), so SQL filters and sorts the ids (`mutual_aid.query_enrollment_ids`) and the
    rows on screen are read. Newest year first, names A to Z, until a heading is clicked."""

    COLUMNS = EnrollmentColumn
    CELLS = enrollment_cells

    def __init__(self, factory: Any, parent: Any = None) -> None:
        super().__init__(factory, parent, flt=EnrollmentFilter(), sort_column=EnrollmentColumn.YEAR)
        self.sort_order = Qt.SortOrder.DescendingOrder

    def fetch_ids(self) -> list[int]:
        return mutual_aid.query_enrollment_ids(self._factory, self._filter, _ENROLLMENT_SORTS[self.sort_column],
                                               self.descending)  # fmt: skip

    def fetch_rows(self, ids: Sequence[int]) -> list[EnrollmentRow]:
        return mutual_aid.fetch_enrollment_rows(self._factory, ids)
