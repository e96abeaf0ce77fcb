"""What the overview (总览) shows, read in one call that the page runs off the GUI thread.

- `register_counts`: how many records each register holds, all years together — the empty-database
  check and one line labelled 全部年度. These are record counts, not statistics figures (those live
  only in the figures registry).
- `latest_year_with_records`: the year the window opens on — the current year once it holds any
  dated record, else the latest year that does (a chair opening the demo in November 2026 sees
  2025, not a year of zeros).
- `read_overview`: the selected year's figures with last year's (the registry), its charts
  (services/charts.py) and the 待办 lines (services/todo.py).
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from unionbook.db.models import Activity, AidPayment, CollectiveContract, HardshipFile, Member, MembershipEvent
from unionbook.services.charts import ChartData, compute_charts
from unionbook.services.figures import Period, compute_with_comparison
from unionbook.services.todo import TodoItem, todo_items


@dataclass(frozen=True)
class RegisterCounts:
    members: int
    contracts: int
    hardship_files: int
    payments: int
    activities: int

    @property
    def empty(self) -> bool:
        return not any((self.members, self.contracts, self.hardship_files, self.payments, self.activities))


def register_counts(factory: sessionmaker[Session]) -> RegisterCounts:
    with factory() as session:

        def count(model: type) -> int:
            return session.scalar(select(func.count()).select_from(model)) or 0

        return RegisterCounts(
            members=count(Member),
            contracts=count(CollectiveContract),
            hardship_files=count(HardshipFile),
            payments=count(AidPayment),
            activities=count(Activity),
        )


#: The dated columns that make a year "have records".
_DATED = (
    MembershipEvent.date,
    Activity.start_date,
    AidPayment.date,
    CollectiveContract.signed_on,
    CollectiveContract.effective_from,
    HardshipFile.opened_on,
)


def latest_year_with_records(factory: sessionmaker[Session], today: date | None = None) -> int:
    """The current year once any record is dated in it, else the latest year holding one (a date
    after today — an activity planned for next year — does not count); the current year for an
    empty database."""
    today = today or date.today()
    latest: date | None = None
    with factory() as session:
        for column in _DATED:
            found = session.scalar(select(func.max(column)).where(column <= today))
            if found is not None and (latest is None or found > latest):
                latest = found
    return latest.year if latest is not None else today.year


@dataclass(frozen=True)
class Overview:
    """Everything the overview page shows for one year, and how long reading it took."""

    period: Period
    figures: dict[str, object]  # compute_with_comparison: F, 上年F, F同比 (and F同比百分点)
    charts: dict[str, ChartData]
    todo: list[TodoItem]
    counts: RegisterCounts
    seconds: dict[str, float] = field(default_factory=dict)


def read_overview(
    factory: sessionmaker[Session], year: int, *, today: date | None = None, db_path: Path | None = None
) -> Overview:
    """The year's figures (with last year's), charts and 待办 lines; `seconds` times each part.

    The charts and 待办 are read on a second connection while the figures are computed: the two
    share nothing but the book, SQLite (and psycopg) let go of Python while a query runs, and the
    figures already read in their own transaction. At 100,000 members the page's reading went from
    ~1.85 s to ~1.05 s on two cores; on one core it takes as long as before.
    """
    today = today or date.today()
    period = Period.year(year)
    seconds: dict[str, float] = {}

    def charts_and_todo() -> tuple[list[ChartData], list[TodoItem]]:
        started = time.perf_counter()
        charts = compute_charts(factory, period)
        seconds["charts"] = time.perf_counter() - started
        started = time.perf_counter()
        todo = todo_items(factory, year, today, db_path)
        seconds["todo"] = time.perf_counter() - started
        return charts, todo

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="overview") as second:
        beside = second.submit(charts_and_todo)
        started = time.perf_counter()
        counts = register_counts(factory)
        figures = compute_with_comparison(factory, period)
        seconds["figures"] = time.perf_counter() - started
        charts, todo = beside.result()
    return Overview(period, figures, charts, todo, counts, seconds)
