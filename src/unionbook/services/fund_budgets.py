"""预算: the year's planned amount per fund category, and how far the year has gone through it.

A union's budget is adopted once a year (by the 工会委员会, reviewed by the 经审会) per category of
the 工会会计制度; most years it is last year's with a few changes, hence 复制上年预算. Budget vs
actual (预算执行情况) reads the actual figures from fund_ledger.category_totals — the same SQL
aggregate the figures and the 财务公开 statement read, so the three never disagree.

差额 is budget less actual (what is left; negative: overspent). 执行率 is actual / budget × 100,
one decimal, half up; a category without a budget has none (shown "—"): dividing by nothing is
not 0 % and not infinite. Spending over budget is the classic audit finding, so it is flagged.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from unionbook.db.models import FundBudget
from unionbook.domain.errors import InputError, ValidationError
from unionbook.domain.vocab import FundCategory, labels
from unionbook.services.fund_ledger import category_totals
from unionbook.services.funds import FIRST_YEAR, LAST_YEAR, year_range
from unionbook.services.records import check_choice


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(field="年度", detail=f"应在 {FIRST_YEAR} 至 {LAST_YEAR} 年之间")


def budgets(factory: sessionmaker[Session], year: int) -> dict[FundCategory, int]:
    """The year's budgets by category (only the categories that have one)."""
    with factory() as session:
        rows = session.execute(select(FundBudget.category, FundBudget.amount_fen).where(FundBudget.year == year))
        return {FundCategory(category): amount for category, amount in rows}


def budget_id(factory: sessionmaker[Session], year: int, category: str) -> int | None:
    """The stored budget line's id (None when the category has no budget that year): what the
    budget form tracks, so a budget someone else changed meanwhile is not overwritten unseen."""
    with factory() as session:
        return session.scalar(select(FundBudget.id).where(FundBudget.year == year, FundBudget.category == category))


def set_budget(factory: sessionmaker[Session], year: int, category: str, amount_fen: int | None) -> None:
    """Set (or, with None, remove) one category's budget for the year; audited like every change."""
    _check_year(year)
    check_choice(category, labels(FundCategory), "科目")
    if amount_fen is not None and amount_fen < 0:
        raise ValidationError(field="预算金额", detail="不能为负数")
    with factory.begin() as session:
        _set(session, year, category, amount_fen)


def _set(session: Session, year: int, category: str, amount_fen: int | None) -> None:
    budget = session.scalars(select(FundBudget).where(FundBudget.year == year, FundBudget.category == category)).first()
    if amount_fen is None:
        if budget is not None:
            session.delete(budget)
        return
    if budget is None:
        session.add(FundBudget(year=year, category=category, amount_fen=amount_fen))
    elif budget.amount_fen != amount_fen:
        budget.amount_fen = amount_fen


def copy_budgets(factory: sessionmaker[Session], year: int, *, replace_existing: bool = False) -> int:
    """复制上年预算: last year's budgets into `year`; categories `year` has already keep theirs
    unless `replace_existing`. Returns how many were written; refused when last year has none."""
    _check_year(year)
    with factory.begin() as session:
        last = dict(
            session.execute(select(FundBudget.category, FundBudget.amount_fen).where(FundBudget.year == year - 1)).all()
        )
        if not last:
            raise InputError(detail=f"{year - 1}年没有预算，无法复制")
        have = set(session.scalars(select(FundBudget.category).where(FundBudget.year == year)))
        written = 0
        for category in labels(FundCategory):
            if category in last and (replace_existing or category not in have):
                _set(session, year, category, last[category])
                written += 1
        return written


@dataclass(frozen=True)
class BudgetLine:
    category: str  # a FundCategory label, or 收入合计 / 支出合计
    budget_fen: int | None  # None: no budget set
    actual_fen: int
    spending: bool = True
    total: bool = False

    @property
    def difference_fen(self) -> int | None:
        """差额: what is left of the budget (negative: over it)."""
        return None if self.budget_fen is None else self.budget_fen - self.actual_fen

    @property
    def rate(self) -> Decimal | None:
        """执行率 in per cent, one decimal, half up; None without a budget (or a budget of 0)."""
        if not self.budget_fen:
            return None
        return (Decimal(self.actual_fen) * 100 / Decimal(self.budget_fen)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )

    @property
    def rate_text(self) -> str:
        rate = self.rate
        return "—" if rate is None else f"{rate}%"

    @property
    def over(self) -> bool:
        """Spent beyond the budget (a spending line only: income above plan is no finding)."""
        return self.spending and self.budget_fen is not None and self.actual_fen > self.budget_fen


INCOME_TOTAL, SPENDING_TOTAL = "收入合计", "支出合计"


@dataclass(frozen=True)
class BudgetExecution:
    year: int
    income: list[BudgetLine]  # each income category, then 收入合计
    spending: list[BudgetLine]  # each spending category, then 支出合计

    @property
    def spending_total(self) -> BudgetLine:
        return self.spending[-1]

    @property
    def lines(self) -> list[BudgetLine]:
        return [*self.spending, *self.income]


def _section(categories: tuple[FundCategory, ...], planned: dict[FundCategory, int], actual: dict[FundCategory, int],
             total_name: str) -> list[BudgetLine]:  # fmt: skip
    spending = not categories[0].is_income
    lines = [BudgetLine(c.value, planned.get(c), actual[c], spending) for c in categories]
    budgeted = [planned[c] for c in categories if c in planned]
    total = BudgetLine(
        total_name, sum(budgeted) if budgeted else None, sum(actual[c] for c in categories), spending, True
    )
    return [*lines, total]


def budget_execution(factory: sessionmaker[Session], year: int) -> BudgetExecution:
    """预算执行情况 of the year: per category 预算, 实际 (category_totals), 差额, 执行率; totals."""
    planned = budgets(factory, year)
    with factory() as session:
        actual = category_totals(session, *year_range(year))
    return BudgetExecution(year, _section(FundCategory.income(), planned, actual, INCOME_TOTAL),
                           _section(FundCategory.spending(), planned, actual, SPENDING_TOTAL))  # fmt: skip
