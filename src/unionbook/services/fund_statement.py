"""What the 财务公开 statement and the 经费收支情况表 read beside the figures: the year-to-date
totals (本年累计), the year's budget and its execution, per category.

A statement posted for March shows March (本期) beside January–March (本年累计), and each spending
category against its budget for the year; the figures engine gives the period's and last year's
values, this module adds the rest, once, for the template context (services/documents.py):
- 本年累计F for every figure of the dues and funds ledgers: the same figure over 1 January of the
  year the period ends in … the period's end (for a whole year, the year itself);
- 经费收入表 and 经费支出表: one row per category of the 工会会计制度, in its order, with 本期,
  本年累计, 年度预算, 执行率, 上年同期 and 同比;
- the budget totals and their execution: 经费收入预算, 经费支出预算, 经费收入执行率, 经费支出执行率.

执行率 is always 本年累计 / 年度预算 × 100, one decimal, and None (an empty cell, no "0.0%") when
the category has no budget: a statement must not claim that nothing of a budget that does not exist
was spent. The budget is the year's the period ends in, like 预算执行率's.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from unionbook.db.models import FundBudget
from unionbook.domain.money import fen_to_yuan
from unionbook.domain.vocab import FundCategory
from unionbook.services.figures import Period
from unionbook.services.figures import funds as fund_figures
from unionbook.services.figures.members import rate
from unionbook.services.figures.registry import present

YEAR_TO_DATE = "本年累计"
#: The figures that also exist as 本年累计F: those of the dues and funds ledgers.
YEAR_TO_DATE_FIGURES: tuple[str, ...] = tuple(f.name for f in fund_figures.FIGURES)

LISTS: dict[str, tuple[str, ...]] = {
    "经费收入表": ("项目", "本期", "本年累计", "年度预算", "执行率", "上年同期", "同比"),
    "经费支出表": ("项目", "本期", "本年累计", "年度预算", "执行率", "上年同期", "同比"),
}
LIST_DESCRIPTIONS: dict[str, str] = {
    "经费收入表": "经费收入按科目（会费收入、拨缴经费收入、上级补助收入、行政补助收入、其他收入）：本期、本年累计、"
    "年度预算、执行率（本年累计占年度预算的百分比，没有预算时为空）、上年同期、同比；金额为元",
    "经费支出表": "经费支出按科目（职工活动支出、职工服务支出、维权支出、业务支出、资本性支出、其他支出）：本期、本年累计、"
    "年度预算、执行率（本年累计占年度预算的百分比，没有预算时为空）、上年同期、同比；金额为元",
}
#: The scalars beside the lists: name → (group, description, unit).
TOTALS: dict[str, tuple[str, str, str]] = {
    "经费收入预算": ("经费", "期末所在年度各项收入预算的合计（元）", "元"),
    "经费支出预算": ("经费", "期末所在年度各项支出预算的合计（元）", "元"),
    "经费收入执行率": ("经费", "本年累计经费收入合计占收入预算的百分比（没有预算时为空）", "%"),
    "经费支出执行率": ("经费", "本年累计经费支出合计占支出预算的百分比（没有预算时为空；全年即预算执行率）", "%"),
}


def year_to_date_descriptions() -> list[tuple[str, str, str, str]]:
    """(name, group, description, unit) of every 本年累计F, for the variables catalogue."""
    return [(YEAR_TO_DATE + f.name, f.register, f"期末所在年度1月1日至期末的{f.name}（期间为全年时与本期相同）", f.unit)
            for f in fund_figures.FIGURES]  # fmt: skip


def _budgets(session: Session, year: int) -> dict[FundCategory, int]:
    rows = session.execute(
        select(FundBudget.category, func.sum(FundBudget.amount_fen)).where(FundBudget.year == year).group_by(FundBudget.category)
    )  # fmt: skip
    return {FundCategory(category): amount for category, amount in rows}


def _execution(done: Decimal, budget_fen: int | None) -> Decimal | None:
    """本年累计 (元) against the budget (fen) × 100, one decimal; None without a budget."""
    return rate(int(done * 100), budget_fen) if budget_fen else None


def _yuan(fen: int | None) -> Decimal | None:
    return fen_to_yuan(fen) if fen is not None else None


def statement_fields(factory: sessionmaker[Session], period: Period, figures: Mapping[str, Any]) -> dict[str, Any]:
    """本年累计F, the two category lists and the budget totals for the period.

    `figures` is the period's compute_with_comparison answer (本期, 上年同期 and 同比 come from it,
    so the lists and the figures can never disagree). For a period that starts on 1 January,
    本年累计 is the period itself and is taken from `figures` rather than computed again (every
    yearly document builds this context; the funds ledger of a large union takes seconds).
    """
    year_to_date = period.year_to_date()
    with factory() as session:
        if year_to_date == period:
            done = {f.name: figures[f.name] for f in fund_figures.FIGURES}
        else:
            raw = fund_figures.compute(session, year_to_date)
            done = {f.name: present(f, raw[f.key]) for f in fund_figures.FIGURES}
        budgets = _budgets(session, period.end.year)
    fields: dict[str, Any] = {YEAR_TO_DATE + name: value for name, value in done.items()}

    def row(category: FundCategory) -> dict[str, Any]:
        name = category.value
        return {"项目": name, "本期": figures[name], "本年累计": done[name],
                "年度预算": _yuan(budgets.get(category)), "执行率": _execution(done[name], budgets.get(category)),
                "上年同期": figures["上年" + name], "同比": figures[name + "同比"]}  # fmt: skip

    fields["经费收入表"] = [row(c) for c in FundCategory.income()]
    fields["经费支出表"] = [row(c) for c in FundCategory.spending()]
    income_budget = sum(budgets.get(c, 0) for c in FundCategory.income())
    spending_budget = sum(budgets.get(c, 0) for c in FundCategory.spending())
    fields["经费收入预算"] = _yuan(income_budget or None)
    fields["经费支出预算"] = _yuan(spending_budget or None)
    fields["经费收入执行率"] = _execution(done["经费收入合计"], income_budget)
    fields["经费支出执行率"] = _execution(done["经费支出合计"], spending_budget)
    return fields
