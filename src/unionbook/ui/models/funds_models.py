"""The tables of the 经费 page: the year's ledger lines with their running 结余, and the budget's
execution per category.

A ledger line taken from another register (a batch, a payment, an activity, the dues collected) is
grey: it is edited where it was recorded, and its 来源 says where. A spending category over its
budget is red, like every other thing that needs the chair.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QBrush, QColor, QFont

from unionbook.domain.money import format_yuan
from unionbook.services.fund_budgets import BudgetLine
from unionbook.services.funds import LedgerRow
from unionbook.ui.models.rows_model import CENTER, RIGHT, Col, RowsModel, column_enum

_DERIVED = QBrush(QColor("#5d6d7e"))
_OVER = QBrush(QColor("#c0392b"))


def _yuan(fen: int | None) -> str:
    return "" if not fen else format_yuan(fen)


# --- 经费收支 -------------------------------------------------------------------------------------


LEDGER_SPECS = (
    Col("DATE", "日期", "2024-05-03", CENTER, print_width=9),
    Col("VOUCHER", "凭证号", "记-0123", CENTER, print_width=7),
    Col("SUMMARY", "摘要", print_width=30),
    Col("CATEGORY", "科目", "职工活动支出", print_width=11),
    Col("SUB_ITEM", "明细科目", "职工体检/疗休养", print_width=11),
    Col("INCOME", "收入", "1,200,000.00", RIGHT, print_width=10),
    Col("SPENDING", "支出", "1,200,000.00", RIGHT, print_width=10),
    Col("BALANCE", "结余", "-1,200,000.00", RIGHT, tip="本年到这一笔为止的结余（从上年结余算起，不受筛选影响）",
        print_width=11),
    Col("SOURCE", "来源", "批量发放", CENTER, tip="记账：在这里登记的收支；其他：帮扶、活动、会费台账已记录的，在原台账修改",
        print_width=7),
)  # fmt: skip
LedgerColumn = column_enum("LedgerColumn", LEDGER_SPECS)


def ledger_cells(row: LedgerRow) -> dict[Any, str]:
    line = row.line
    return {
        LedgerColumn.DATE: line.date.isoformat(), LedgerColumn.VOUCHER: line.voucher_no, LedgerColumn.SUMMARY: line.summary,
        LedgerColumn.CATEGORY: line.category.value, LedgerColumn.SUB_ITEM: line.sub_item,
        LedgerColumn.INCOME: _yuan(row.income_fen), LedgerColumn.SPENDING: _yuan(row.spending_fen),
        LedgerColumn.BALANCE: format_yuan(row.balance_fen), LedgerColumn.SOURCE: line.source.value,
    }  # fmt: skip


class LedgerTableModel(RowsModel[LedgerRow]):
    COLUMNS = LedgerColumn
    CELLS = ledger_cells

    def sort_value(self, row: LedgerRow, column: Any, position: int) -> Any:
        money = {LedgerColumn.INCOME: row.income_fen, LedgerColumn.SPENDING: row.spending_fen,
                 LedgerColumn.BALANCE: row.balance_fen}  # fmt: skip
        if column in money:
            return money[column]
        if column == LedgerColumn.DATE:
            return position  # the ledger's own order: by date, income first on a day
        return ledger_cells(row)[column]

    def foreground(self, row: LedgerRow, column: Any) -> Any:
        return None if row.editable else _DERIVED

    def tooltip(self, row: LedgerRow, column: Any) -> str | None:
        if row.editable:
            return None
        return f"来自{row.line.source.value}，在原台账中修改；也可以新增一笔收支关联它（凭证入账）"


# --- 预算执行 -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BudgetRow:
    id: int  # the line's place in the table (categories do not move)
    line: BudgetLine


BUDGET_SPECS = (
    Col("CATEGORY", "科目", "职工服务支出（合计）", print_width=14),
    Col("BUDGET", "预算", "1,200,000.00", RIGHT, tip="双击修改这一科目的预算", print_width=12),
    Col("ACTUAL", "实际", "1,200,000.00", RIGHT, tip="本年经费收支明细账中这一科目的合计（含帮扶、活动、会费台账已记录的）",
        print_width=12),
    Col("DIFFERENCE", "差额", "-1,200,000.00", RIGHT, tip="预算减实际：还剩多少；负数为超出预算", print_width=12),
    Col("RATE", "执行率", "100.0%", RIGHT, tip="实际 ÷ 预算", print_width=8),
)  # fmt: skip
BudgetColumn = column_enum("BudgetColumn", BUDGET_SPECS)


def budget_cells(row: BudgetRow) -> dict[Any, str]:
    line = row.line
    budget, difference = line.budget_fen, line.difference_fen
    return {
        BudgetColumn.CATEGORY: line.category, BudgetColumn.BUDGET: "" if budget is None else format_yuan(budget),
        BudgetColumn.ACTUAL: format_yuan(line.actual_fen),
        BudgetColumn.DIFFERENCE: "" if difference is None else format_yuan(difference),
        BudgetColumn.RATE: line.rate_text if budget is not None else "",
    }  # fmt: skip


class BudgetTableModel(RowsModel[BudgetRow]):
    COLUMNS = BudgetColumn
    CELLS = budget_cells

    def foreground(self, row: BudgetRow, column: Any) -> Any:
        return _OVER if row.line.over and column != BudgetColumn.CATEGORY else None

    def data(self, index: Any, role: int = 0) -> Any:
        from PySide6.QtCore import Qt

        if role == Qt.ItemDataRole.FontRole:
            row = self.row_at(index.row())
            if row is not None and row.line.total:
                font = QFont()
                font.setBold(True)
                return font
        return super().data(index, role)

    def tooltip(self, row: BudgetRow, column: Any) -> str | None:
        if row.line.over:
            return f"超出预算 {format_yuan(-(row.line.difference_fen or 0))} 元"
        if row.line.budget_fen is None and not row.line.total:
            return "没有设置预算：双击设置"
        return None
