"""The one registry of figures (DESIGN.md, "Figures engine"): every figure, in FIGURES.md order.

Templates, the variables catalogue, `unionbook figures`, the overview page and the 统计年报 sheet
all read figures from here; nothing computes a figure anywhere else. Each register module lists
its figures and computes them together for a period in a few aggregate queries; this module puts
them in order, runs the modules in one read transaction (so the figures agree with each other even
while someone saves), and turns raw values into what callers see: fen into 元 / 万元 by unit, once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from unionbook.domain.money import fen_to_wan, fen_to_yuan
from unionbook.services.figures import activities, aid, contracts, funds, members, union_work
from unionbook.services.figures.figure import Figure, Raw, Value
from unionbook.services.figures.period import Period

if TYPE_CHECKING:
    from unionbook.db.readers import Reader, ReaderFactory

    #: A register's figures for several periods (a year and 上年), one dict per period in order.
    PeriodsComputer = Callable[[Reader, Sequence[Period]], list[dict[str, Raw]]]

FIGURES: tuple[Figure, ...] = (
    *members.FIGURES,
    *contracts.FIGURES,
    *aid.FIGURES,
    *activities.FIGURES,
    # FIGURES.md's "Added with the honors, positions, rights and mutual-aid registers" (and, within
    # aid.ADDED, "Added with the generated documents").
    *contracts.ADDED,
    *aid.ADDED,
    *activities.ADDED,
    *union_work.FIGURES,
    # FIGURES.md's "Added with the dues and funds ledgers".
    *funds.FIGURES,
)

_BY_NAME: dict[str, Figure] = {f.name: f for f in FIGURES}


def _period_by_period(compute_register: Callable[[Reader, Period], dict[str, Raw]]) -> PeriodsComputer:
    return lambda reader, periods: [compute_register(reader, p) for p in periods]


#: 会员 computes every period from one walk over the roster (its per-person lookups are the costly
#: part: an earlier end only looks up again the people with an event since); the other registers'
#: queries each read only the rows of one period, so reading two periods in one query would read
#: as many rows and save nothing.
_COMPUTERS: tuple[PeriodsComputer, ...] = (
    members.compute_periods,
    _period_by_period(contracts.compute),
    _period_by_period(aid.compute),
    _period_by_period(activities.compute),
    _period_by_period(union_work.compute),
    _period_by_period(funds.compute),
)


def figure_by_name(name: str) -> Figure | None:
    return _BY_NAME.get(name)


def present(figure: Figure, raw: Raw) -> Value:
    """A raw value as callers see it: money from fen into 元 or 万元 (two decimals), counts as int."""
    if figure.unit == "元":
        return fen_to_yuan(int(raw))
    if figure.unit == "万元":
        return fen_to_wan(int(raw))
    if figure.unit == "%":
        return Decimal(raw).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return int(raw)


def compute_periods_in(reader: Reader, periods: Sequence[Period]) -> list[dict[str, Value]]:
    """Every figure for each period (in the order given), keyed by Chinese name, inside the
    caller's reader (session or connection): the year and 上年 of compute_with_comparison in one go."""
    raws: list[dict[str, Raw]] = [{} for _ in periods]
    for compute_register in _COMPUTERS:
        for raw, values in zip(raws, compute_register(reader, periods), strict=True):
            raw.update(values)
    for raw in raws:
        missing = [f.key for f in FIGURES if f.key not in raw]
        if missing:  # a register module lists a figure it does not compute: a programming error
            raise RuntimeError(f"figures without a value: {missing}")
    return [{f.name: present(f, raw[f.key]) for f in FIGURES} for raw in raws]


def compute_in(reader: Reader, period: Period) -> dict[str, Value]:
    """Every figure for the period, keyed by Chinese name, inside the caller's reader (session or connection)."""
    return compute_periods_in(reader, [period])[0]


def compute(factory: ReaderFactory, period: Period) -> dict[str, int | Decimal]:
    """Every figure of FIGURES for the period, keyed by Chinese name, in registry order, read in
    one transaction of `factory` (`db.session_factory` or `db.connect`)."""
    with factory() as reader:
        return compute_in(reader, period)
