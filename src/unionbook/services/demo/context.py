"""The state one demo generation carries from phase to phase, and the bulk inserts every phase uses.

The registers are built by functions in sibling modules, each taking this context. Later phases
need what earlier ones made (hardship files need the roster, payments need the files), and all of
them draw from the one random stream, so the state lives in one object rather than in each module.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from unionbook.db.backend import raw_insert_sql
from unionbook.services.demo.common import Progress
from unionbook.services.demo.records import DemoFile, Person

#: Rows per executemany call: large enough to amortise the call, small enough to keep memory flat
#: at 100,000 people (the festival batches alone are ~1 million payment rows).
CHUNK = 20_000


class Context:
    """One instance per call. The phases run in a fixed order (see `generate_demo`), and that order
    is part of the determinism: every phase draws from the same `rng`."""

    def __init__(self, session: Session, rng: random.Random, size: int, progress: Progress) -> None:
        self.session = session
        self.rng = rng
        self.size = size
        self.progress = progress
        self.used_ids: set[str] = set()  # membership tests only; never iterated (order would leak)
        self.used_phones: set[str] = set()
        self.people: list[Person] = []
        self.files: list[DemoFile] = []
        self.family_rows: list[dict[str, Any]] = []
        self.model_files: list[DemoFile] = []  # files of 困难劳模
        self.congress_dates: dict[int, date] = {}
        self.counts: dict[str, int] = {}
        self.extra_counts: dict[str, int] = {}  # goes into the audit entry only, in this order

    # -- inserts ---------------------------------------------------------------------------------

    def insert(self, table: Table, rows: Sequence[dict[str, Any]]) -> None:
        """Core executemany: no ORM identity map, no per-row flush (and so no audit hook)."""
        if rows:
            self.session.execute(insert(table), rows)

    def insert_raw(self, table: Table, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> int:
        """Driver-level executemany for the one table that gets a million rows at 100,000 people.

        At that volume SQLAlchemy's per-row parameter processing costs more than SQLite's own work
        (about 9 s of 17 s), so the rows arrive as tuples already in storage form: dates as ISO text
        (what SQLAlchemy's SQLite Date type stores), booleans as 0/1. Column names are checked
        against the table, so a renamed column fails loudly instead of writing the wrong field.
        """
        connection = self.session.connection()
        sql = raw_insert_sql(connection, table, columns)  # KeyError on a column the model no longer has
        buffer: list[tuple[Any, ...]] = []
        count = 0
        for row in rows:
            buffer.append(row)
            if len(buffer) >= CHUNK:
                connection.exec_driver_sql(sql, buffer)
                count += len(buffer)
                buffer = []
        if buffer:
            connection.exec_driver_sql(sql, buffer)
            count += len(buffer)
        return count

    def insert_chunked(self, table: Table, rows: Iterable[dict[str, Any]], steps: int = 0, expected: int = 0) -> int:
        """Insert rows in CHUNKs; when `steps` is given, advance progress about that many times."""
        buffer: list[dict[str, Any]] = []
        count = 0
        stride = max(1, math.ceil(expected / steps)) if steps and expected else 0
        next_report = stride
        for row in rows:
            buffer.append(row)
            count += 1
            if len(buffer) >= CHUNK:
                self.insert(table, buffer)
                buffer = []
            if stride and count >= next_report:
                self.progress.step()
                next_report += stride
        self.insert(table, buffer)
        return count

    # -- draws over the roster -------------------------------------------------------------------

    def pick_active(self, d: date, condition: Callable[[Person], bool] | None = None) -> Person | None:
        """A random person who is an active member on duty at d (rejection sampling: O(1) expected)."""
        rng = self.rng
        for _ in range(200):
            p = self.people[rng.randrange(self.size)]
            if p.active(d) and p.on_duty(d) and (condition is None or condition(p)):
                return p
        return None

    def scaled(self, rate: float) -> int:
        """Expected `rate × size` events, rounded up or down at random so small unions still get some."""
        exact = rate * self.size
        whole = int(exact)
        return whole + (1 if self.rng.random() < exact - whole else 0)
