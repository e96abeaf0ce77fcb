"""What every part of the demo generator shares: the five-year window, deterministic draws and date
arithmetic, the bounded progress reporter, and the data files under resources/demo/.

Kept apart from the register modules so that none of them has to import another just for a date
helper. Nothing here draws from the random stream unless its caller hands it `rng` for that draw,
so moving code between modules cannot reorder the stream.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Generic, TypeVar

from unionbook import paths
from unionbook.domain.errors import OperationCancelled

T = TypeVar("T")

WINDOW_START = date(2021, 1, 1)
WINDOW_END = date(2025, 12, 31)
PRE_WINDOW_END = date(2020, 12, 31)
YEARS = tuple(range(2021, 2026))
COMPANY_FOUNDED = date(1998, 3, 1)

#: 一线 departments (a department's `kind` in people.json): 夏送清凉 goes to everybody on duty
#: there, members or not; hardship concentrates there; women there retire at 50.
FRONT_LINE = frozenset({"worker", "service"})


@lru_cache(maxsize=None)
def load(name: str) -> dict[str, Any]:
    """One of the JSON files under resources/demo/, read once per process.

    The caller builds its own tables from it and must not change the dict (it is shared).
    """
    data: dict[str, Any] = json.loads(paths.resource_path("demo", name).read_text(encoding="utf-8"))
    return data


class Weighted(Generic[T]):
    """A weighted choice table; `rng.choices` with precomputed cumulative weights is deterministic
    and avoids re-summing the weights on each of the ~10^6 draws at 100,000 people."""

    def __init__(self, pairs: Iterable[tuple[T, float]]) -> None:
        self.items: list[T] = []
        self.cum: list[float] = []
        total = 0.0
        for item, weight in pairs:
            total += weight
            self.items.append(item)
            self.cum.append(total)

    def pick(self, rng: random.Random) -> T:
        return rng.choices(self.items, cum_weights=self.cum)[0]


def rand_date(rng: random.Random, lo: date, hi: date) -> date:
    return lo + timedelta(days=rng.randint(0, max(0, (hi - lo).days)))


def add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February in a common year: the birthday is kept on 1 March
        return date(d.year + years, 3, 1)


def weekday(d: date) -> date:
    """Offices meet on working days: a Saturday or Sunday moves to the Monday."""
    wd = d.weekday()
    return d + timedelta(days=7 - wd) if wd >= 5 else d


def age_on(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


# Calendar facts 2021–2025: lunar festivals cannot be computed without a lunar calendar, so their
# dates are data (calendar.json).


def _festival(name: str, year: int) -> date:
    return date.fromisoformat(load("calendar.json")[name][str(year)])


def warmth_date(year: int) -> date:
    """送温暖 goes out about two weeks before the Spring Festival."""
    return weekday(_festival("spring_festival", year) - timedelta(days=14))


def mid_autumn(year: int) -> date:
    return _festival("mid_autumn", year)


class Progress:
    """Reports progress a bounded number of times (callers redraw a bar on each call)."""

    TOTAL = 40

    def __init__(self, callback: Callable[[int, int], None] | None, cancelled: Callable[[], bool] | None) -> None:
        self._callback = callback
        self._cancelled = cancelled
        self.done = 0

    def step(self, n: int = 1) -> None:
        """Advance and give the user a chance to cancel; the caller's transaction rolls back."""
        if self._cancelled is not None and self._cancelled():
            raise OperationCancelled()
        self.done = min(self.done + n, self.TOTAL - 1)
        if self._callback is not None:
            self._callback(self.done, self.TOTAL)

    def finish(self) -> None:
        self.done = self.TOTAL
        if self._callback is not None:
            self._callback(self.TOTAL, self.TOTAL)
