"""`export funds`: the 经费收支明细账 and the 预算执行情况 as one workbook, for the 经审 committee.

The ledger sheet is the ledger as the page shows it — every line, typed or taken from another
register (来源 says which) — with 收入, 支出 and the running 结余 as numbers in 元, and a 合计 row.
For one year it opens with the 上年结余 line; for every year (no --year) the balance runs from the
first record. Read back with `import funds`, it changes nothing: the 合计 and 上年结余 lines are not
sums of money, the lines from other registers are skipped (importing/funds.py), and the typed
entries are recognised as already recorded.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from unionbook.db.models import FundBudget
from unionbook.domain.money import fen_to_yuan
from unionbook.fileio.funds_workbook import LedgerSheet, SheetColumn, write_funds_workbook
from unionbook.services import audit, fund_ledger
from unionbook.services.fund_budgets import BudgetLine, budget_execution
from unionbook.services.funds import BEGINNING, opening_balance, year_range
from unionbook.services.member_export import ExportResult
from unionbook.services.union import get_profile

LEDGER_SHEET, BUDGET_SHEET = "经费收支明细账", "预算执行情况"
LEDGER_COLUMNS = (
    SheetColumn("序号", 6, "number"), SheetColumn("日期", 11), SheetColumn("凭证号", 9), SheetColumn("摘要", 34, "wrap"),
    SheetColumn("科目", 13), SheetColumn("明细科目", 15), SheetColumn("收入", 16, "money"),
    SheetColumn("支出", 16, "money"), SheetColumn("结余", 17, "money"), SheetColumn("来源", 10),
)  # fmt: skip
BUDGET_COLUMNS = (
    SheetColumn("年度", 8, "number"), SheetColumn("科目", 16), SheetColumn("预算", 17, "money"),
    SheetColumn("实际", 17, "money"), SheetColumn("差额", 17, "money"), SheetColumn("执行率", 10, "rate"),
)  # fmt: skip
_END = date(2100, 12, 31)


def _yuan(fen: int | None) -> Decimal | None:
    return None if fen is None else fen_to_yuan(fen)


def _ledger_rows(session: Session, year: int | None) -> tuple[list[list[object]], int, frozenset[int]]:
    """(rows, how many ledger lines, the bold rows)."""
    start, end = year_range(year) if year else (BEGINNING, _END)
    lines = fund_ledger.ledger_lines(session, start, end)
    balance = opening_balance(session, year) if year else 0
    rows: list[list[object]] = []
    if year:
        rows.append([None, start, None, "上年结余", None, None, None, None, fen_to_yuan(balance), None])
    income = spending = 0
    for number, line in enumerate(lines, start=1):
        amount = line.amount_fen
        income, spending = (income + amount, spending) if line.is_income else (income, spending + amount)
        balance += amount if line.is_income else -amount
        rows.append([number, line.date, line.voucher_no or None, line.summary, line.category.value, line.sub_item or None,
                     fen_to_yuan(amount) if line.is_income else None, None if line.is_income else fen_to_yuan(amount),
                     fen_to_yuan(balance), line.source.value])  # fmt: skip
    rows.append(
        [None, None, None, "合计", None, None, fen_to_yuan(income), fen_to_yuan(spending), fen_to_yuan(balance), None]
    )
    return rows, len(lines), frozenset({len(rows) - 1})


def _years(session: Session, lines_years: tuple[int, int] | None) -> list[int]:
    budgeted = session.execute(select(func.min(FundBudget.year), func.max(FundBudget.year))).one()
    first = [y for y in (*(lines_years or ()), *budgeted) if y is not None]
    return list(range(min(first), max(first) + 1)) if first else []


def _budget_rows(factory: sessionmaker[Session], years: list[int]) -> tuple[list[list[object]], frozenset[int]]:
    rows: list[list[object]] = []
    bold: set[int] = set()

    def add(year: int, line: BudgetLine) -> None:
        rate = line.rate
        if line.total:
            bold.add(len(rows))
        rows.append([year, line.category, _yuan(line.budget_fen), fen_to_yuan(line.actual_fen), _yuan(line.difference_fen),
                     None if rate is None else rate / 100])  # fmt: skip

    for year in years:
        report = budget_execution(factory, year)
        for line in report.lines:
            add(year, line)
    return rows, frozenset(bold)


def export_funds(factory: sessionmaker[Session], target: Path, *, year: int | None = None) -> ExportResult:
    """Write the ledger (one year, or all) and the budget execution of the same years; audited."""
    union = get_profile(factory).display_name
    with factory() as session:
        rows, count, bold = _ledger_rows(session, year)
        dated = [r[1] for r in rows if isinstance(r[0], int)]
        span = (dated[0].year, dated[-1].year) if dated else None  # type: ignore[union-attr]
        years = [year] if year else _years(session, span)
    period = f"{year}年度" if year else (f"{years[0]}—{years[-1]}年" if years else "全部")
    ledger = LedgerSheet(
        LEDGER_SHEET, f"{union}经费收支明细账", f"期间：{period}　　单位：元", LEDGER_COLUMNS, rows, bold
    )
    budget_rows, budget_bold = _budget_rows(factory, years)
    budget = LedgerSheet(BUDGET_SHEET, f"{union}预算执行情况", f"期间：{period}　　单位：元　　差额＝预算－实际",
                         BUDGET_COLUMNS, budget_rows, budget_bold, landscape=False)  # fmt: skip
    write_funds_workbook(Path(target), [ledger, budget])
    audit.record_export(factory, audit.ExportKind.FUNDS, count, False, target, period=period)
    return ExportResult(Path(target), count)
