"""上年F and F同比: every figure beside the same figure one year earlier (FIGURES.md).

A summary says "会员总数较上年增长2.5%", so every figure F also exists as 上年F (the period shifted
back one year) and F同比 (a ready-made phrase). A rate is compared the way summaries compare
rates, in percentage points: F同比百分点 ("入会率提高0.2个百分点"; 90.0% against 89.8% is not
"增长0.2%"). Both periods are read in one transaction, together where a register can share the
work (registry.compute_periods_in).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from unionbook.services.figures.period import Period
from unionbook.services.figures.registry import FIGURES, compute_periods_in

if TYPE_CHECKING:
    from unionbook.db.readers import Reader, ReaderFactory

PREVIOUS_PREFIX = "上年"
CHANGE_SUFFIX = "同比"
POINTS_SUFFIX = "同比百分点"
#: The unit of the figures that also get F同比百分点.
RATE_UNIT = "%"


def yoy_text(current: Decimal | float, previous: Decimal | float | None) -> str:
    """ "增长12.5%", "下降3.0%", "持平", or "—" when last year was 0 (no percentage exists); the
    change is measured against last year's absolute value, so a smaller deficit reads as 增长.

    The change is rounded half up to one decimal first, so a change too small to show (10,001
    against 10,000) reads "持平" rather than "增长0.0%".
    """
    if not previous:
        return "—"
    now, before = Decimal(str(current)), Decimal(str(previous))
    # Against the size of last year's value: a 经费结余 of −80 after −100 is a growth of 20%, not
    # the "下降20.0%" a negative divisor would give.
    change = ((now - before) * 100 / abs(before)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if change == 0:
        return "持平"
    return f"增长{change}%" if change > 0 else f"下降{-change}%"


def points_text(current: Decimal | float, previous: Decimal | float | None) -> str:
    """ "提高0.2个百分点", "降低1.5个百分点", "持平", or "—" when last year's rate was 0.

    The difference of the two rates as they are printed (one decimal each), so the text agrees
    with the figures beside it: 90.0% against 89.8% is 提高0.2个百分点. A rate of 0 last year
    almost always means no roster last year (入会率 is 0 when 职工总数 is), not a real 0%, so it
    gets "—" like F同比 rather than a "提高90.0个百分点" that never happened.
    """
    if not previous:
        return "—"
    one = Decimal("0.1")
    now = Decimal(str(current)).quantize(one, rounding=ROUND_HALF_UP)
    before = Decimal(str(previous)).quantize(one, rounding=ROUND_HALF_UP)
    change = now - before
    if change == 0:
        return "持平"
    return f"提高{change}个百分点" if change > 0 else f"降低{-change}个百分点"


def comparison_in(reader: Reader, period: Period) -> dict[str, object]:
    current, previous = compute_periods_in(reader, [period, period.previous()])
    result: dict[str, object] = {}
    for figure in FIGURES:
        name = figure.name
        result[name] = current[name]
        result[PREVIOUS_PREFIX + name] = previous[name]
        result[name + CHANGE_SUFFIX] = yoy_text(current[name], previous[name])
        if figure.unit == RATE_UNIT:
            result[name + POINTS_SUFFIX] = points_text(current[name], previous[name])
    return result


def compute_with_comparison(factory: ReaderFactory, period: Period) -> dict[str, object]:
    """For every figure F, in registry order: F, 上年F (int or Decimal) and F同比 (text); for a
    rate also F同比百分点 (text)."""
    with factory() as reader:
        return comparison_in(reader, period)
