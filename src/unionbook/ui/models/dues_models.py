"""The tables of the 会费 tab: the monthly ledger (lazy: a year at 100,000 members is 1.2 million
rows, SQLite filters and sorts and the view fetches what is on screen) and the wage bases (lazy
too: a base for each member, and their history).

Colours say what waits for the chair: 欠缴 and 未登记工资基数 orange, 免缴 grey, 已缴 plain.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtGui import QBrush, QColor

from unionbook.domain.dues import DuesStatus, month_label
from unionbook.domain.money import format_yuan
from unionbook.services import dues
from unionbook.services.dues import DuesFilter, DuesRow, DuesSort, WageBaseFilter, WageBaseRow
from unionbook.ui.models.rows_model import CENTER, RIGHT, Col, LazyRowsModel, column_enum

_WAITING = QBrush(QColor("#b9770e"))
_GREY = QBrush(QColor("#8a949e"))


def _money(fen: int | None) -> str:
    return format_yuan(fen) if fen is not None else ""


DUES_SPECS = (
    Col("NAME", "姓名", "欧阳晓明", print_width=8),
    Col("DEPARTMENT", "部门", "生产二车间", print_width=10),
    Col("MONTH", "月份", "2025-03", CENTER, print_width=7),
    Col("WAGE", "工资基数", "12,345.67", RIGHT, "该月适用的月工资基数（月末有效的一条）", print_width=9),
    Col("DUE", "应缴", "61.70", RIGHT, print_width=7),
    Col("PAID", "实缴", "61.70", RIGHT, print_width=7),
    Col("PAID_ON", "缴纳日期", "2025-03-15", CENTER, print_width=9),
    Col("METHOD", "方式", "工资代扣", CENTER, print_width=7),
    Col("STATUS", "状态", "未登记工资基数", print_width=14),
)
DuesColumn = column_enum("DuesColumn", DUES_SPECS)
_SORTS = {DuesColumn.NAME: DuesSort.NAME, DuesColumn.DEPARTMENT: DuesSort.DEPARTMENT, DuesColumn.MONTH: DuesSort.MONTH,
          DuesColumn.WAGE: DuesSort.WAGE, DuesColumn.DUE: DuesSort.DUE, DuesColumn.PAID: DuesSort.PAID,
          DuesColumn.PAID_ON: DuesSort.PAID_ON, DuesColumn.METHOD: DuesSort.METHOD, DuesColumn.STATUS: DuesSort.STATUS}  # fmt: skip


def status_text(row: DuesRow) -> str:
    """免缴 says why (保留会籍, the exemption's reason)."""
    if row.status is DuesStatus.EXEMPT:
        return f"免缴（{row.exempt_reason}）"
    return row.status.value


def dues_cells(row: DuesRow) -> dict[Any, str]:
    return {
        DuesColumn.NAME: row.member_name, DuesColumn.DEPARTMENT: row.department, DuesColumn.MONTH: month_label(row.month),
        DuesColumn.WAGE: _money(row.wage_fen), DuesColumn.DUE: _money(row.due_fen), DuesColumn.PAID: _money(row.paid_fen),
        DuesColumn.PAID_ON: row.paid_on.isoformat() if row.paid_on else "", DuesColumn.METHOD: row.method or "",
        DuesColumn.STATUS: status_text(row),
    }  # fmt: skip


class DuesTableModel(LazyRowsModel[DuesRow]):
    """Rows of `dues.query_ids(factory, filter, sort)`, fetched by id."""

    COLUMNS = DuesColumn
    CELLS = dues_cells

    def __init__(self, factory: Any, parent: Any = None) -> None:  # factory: a sessionmaker
        super().__init__(factory, parent, flt=DuesFilter(), sort_column=DuesColumn.NAME)

    def fetch_ids(self) -> list[int]:
        return dues.query_ids(self._factory, self._filter, _SORTS[self.sort_column], self.descending)

    def fetch_rows(self, ids: Sequence[int]) -> list[DuesRow]:
        return dues.fetch_rows(self._factory, ids)

    def foreground(self, row: DuesRow, column: Any) -> Any:
        if row.status in (DuesStatus.OWED, DuesStatus.NO_BASE):
            return _WAITING if column == DuesColumn.STATUS else None
        return _GREY if row.status is DuesStatus.EXEMPT else None

    def tooltip(self, row: DuesRow, column: Any) -> str | None:
        if column != DuesColumn.STATUS:
            return None
        if row.status is DuesStatus.NO_BASE:
            return "没有登记此人的工资基数，无法计算应缴；请在“工资基数”页登记后重新生成本月应缴"
        return row.notes or None


WAGE_SPECS = (
    Col("NAME", "姓名", "欧阳晓明"),
    Col("DEPARTMENT", "部门", "生产二车间"),
    Col("FROM", "生效日期", "2025-03-15", CENTER),
    Col("WAGE", "工资基数", "12,345.67", RIGHT),
    Col("NOTES", "备注", "年度调薪"),
)
WageColumn = column_enum("WageColumn", WAGE_SPECS)


def wage_cells(row: WageBaseRow) -> dict[Any, str]:
    return {WageColumn.NAME: row.member_name, WageColumn.DEPARTMENT: row.department,
            WageColumn.FROM: row.data.effective_from.isoformat(), WageColumn.WAGE: format_yuan(row.data.wage_fen),
            WageColumn.NOTES: row.data.notes}  # fmt: skip


_WAGE_SORTS = dict(zip(WageColumn, ("name", "department", "from", "wage", "notes"), strict=True))


class WageBaseTableModel(LazyRowsModel[WageBaseRow]):
    """Rows of `dues.query_wage_base_ids` (by name, each member's newest first, until a heading is
    clicked), fetched by id: a large union has a base for each of 100,000 people."""

    COLUMNS = WageColumn
    CELLS = wage_cells

    def __init__(self, factory: Any, parent: Any = None) -> None:  # factory: a sessionmaker
        super().__init__(factory, parent, flt=WageBaseFilter(current_only=True), sort_column=WageColumn.NAME)

    def fetch_ids(self) -> list[int]:
        return dues.query_wage_base_ids(self._factory, self._filter, _WAGE_SORTS[self.sort_column], self.descending)

    def fetch_rows(self, ids: Sequence[int]) -> list[WageBaseRow]:
        return dues.fetch_wage_base_rows(self._factory, ids)
