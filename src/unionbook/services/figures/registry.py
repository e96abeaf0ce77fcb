"""The one registry of figures (DESIGN.md, "Figures engine"): every figure, in FIGURES.md order.

Templates, the variables catalogue, `unionbook figures`, the overview page and the 统计年报 sheet
all read figures from here; nothing computes a figure anywhere else. Each register module lists
its figures and computes them together for a period in a few aggregate queries; this module puts
them in order, runs the modules in one read transaction (so the figures agree with each other even
while someone saves), and turns raw values into what callers see: fen into 元 / 万元 by unit, once.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy.orm import Session, sessionmaker

from unionbook.domain.money import fen_to_wan, fen_to_yuan
from unionbook.services.figures import activities, aid, contracts, funds, members, union_work
from unionbook.services.figures.figure import Figure, Raw, Value
from unionbook.services.figures.period import Period

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
_COMPUTERS: tuple[Callable[[Session, Period], dict[str, Raw]], ...] = (
    members.compute,
    contracts.compute,
    aid.compute,
    activities.compute,
    union_work.compute,
    funds.compute,
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


def compute_in(session: Session, period: Period) -> dict[str, Value]:
    """Every figure for the period, keyed by Chinese name, inside the caller's session."""
    raw: dict[str, Raw] = {}
    for compute_register in _COMPUTERS:
        raw.update(compute_register(session, period))
    missing = [f.key for f in FIGURES if f.key not in raw]
    if missing:  # a register module lists a figure it does not compute: a programming error
        raise RuntimeError(f"figures without a value: {missing}")
    return {f.name: present(f, raw[f.key]) for f in FIGURES}


def compute(factory: sessionmaker[Session], period: Period) -> dict[str, int | Decimal]:
    """Every figure of FIGURES for the period, keyed by Chinese name, in registry order."""
    with factory() as session:
        return compute_in(session, period)
