"""上年F and F同比: every figure beside the same figure one year earlier (FIGURES.md).

A summary says "会员总数较上年增长2.5%", so every figure F also exists as 上年F (the period shifted
back one year) and F同比 (a ready-made phrase). Both periods are read in one transaction.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy.orm import Session, sessionmaker

from unionbook.services.figures.period import Period
from unionbook.services.figures.registry import FIGURES, compute_in

PREVIOUS_PREFIX = "上年"
CHANGE_SUFFIX = "同比"


def yoy_text(current: Decimal | float, previous: Decimal | float | None) -> str:
    """ "增长12.5%", "下降3.0%", "持平", or "—" when last year was 0 (no percentage exists).

    The change is rounded half up to one decimal first, so a change too small to show (10,001
    against 10,000) reads "持平" rather than "增长0.0%".
    """
    if not previous:
        return "—"
    now, before = Decimal(str(current)), Decimal(str(previous))
    change = ((now - before) * 100 / before).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if change == 0:
        return "持平"
    return f"增长{change}%" if change > 0 else f"下降{-change}%"


def comparison_in(session: Session, period: Period) -> dict[str, object]:
    current = compute_in(session, period)
    previous = compute_in(session, period.previous())
    result: dict[str, object] = {}
    for figure in FIGURES:
        name = figure.name
        result[name] = current[name]
        result[PREVIOUS_PREFIX + name] = previous[name]
        result[name + CHANGE_SUFFIX] = yoy_text(current[name], previous[name])
    return result


def compute_with_comparison(factory: sessionmaker[Session], period: Period) -> dict[str, object]:
    """For every figure F, in registry order: F, 上年F (int or Decimal) and F同比 (text)."""
    with factory() as session:
        return comparison_in(session, period)
