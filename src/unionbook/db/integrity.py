"""SQLite's own integrity checks, run on a file through a connection of their own.

`quick_check` reads every page and checks the b-tree structure, record formats and NOT NULL/CHECK
constraints (everything `integrity_check` does except comparing each index with its table). It
reads the whole file, so its time grows with the database: about 2 s for 100,000 members (a 220 MB
file, warm cache; up to 5 s cold). On open it therefore runs with a time budget: a progress handler
interrupts it when the budget is spent, and the report says the check was incomplete. Backups and
restores run it without a budget.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from contextlib import AbstractContextManager, closing, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from unionbook.domain.errors import OperationCancelled

if TYPE_CHECKING:
    from unionbook.db.interrupt import Interrupter

#: What opening a database may spend on the check (the full check of a 50 MB file fits in it).
OPEN_BUDGET_SECONDS = 1.0
#: A file up to this size is checked whole on open whatever the time (the 300-member demo union's
#: 4 MB took 0.09-0.11 s on a loaded 2-core machine): a small union's damage is then reported before
#: any page reads, however busy the PC; a larger file gets the opener's time budget (`open_budget`).
#: The command line's open uses it (cli/base.py); the window keeps the same size in
#: ui/application.py, which may not import db.
WHOLE_CHECK_BYTES = 8 * 2**20


def open_budget(path: Path | str, budget: float) -> float | None:
    """The check budget for opening `path`: None (check it whole) for a small or new file, else
    `budget`. A server book's address is no file: None (the server's check has no budget to keep)."""
    file = Path(path)
    small = not file.is_file() or file.stat().st_size <= WHOLE_CHECK_BYTES
    return None if small else budget


@dataclass(frozen=True)
class IntegrityReport:
    ok: bool  # nothing wrong was found in what was checked
    complete: bool  # the whole file was checked (False: the time budget ran out first)
    problems: tuple[str, ...] = ()
    seconds: float = 0.0

    @property
    def damaged(self) -> bool:
        return not self.ok

    def summary(self) -> str:
        """The first problems in one line, for a message."""
        lines = [" ".join(line.split()) for problem in self.problems for line in problem.splitlines()]
        lines = [line[:100] for line in lines if line and not line.startswith("***")]
        shown = "；".join(lines[:2])
        more = f" 等 {len(lines)} 处" if len(lines) > 2 else ""
        return f"{shown}{more}" if shown else "无"


def _check(path: Path, pragma: str, budget: float | None, cancel: Interrupter | None = None) -> IntegrityReport:
    started = time.monotonic()
    deadline = None if budget is None else started + budget
    timed_out = False

    def progress() -> int:
        nonlocal timed_out
        if cancel is not None and cancel.is_set():
            return 1
        if deadline is not None and time.monotonic() > deadline:
            timed_out = True
            return 1  # interrupts the statement
        return 0

    def out_of_time(conn: sqlite3.Connection) -> None:
        nonlocal timed_out
        timed_out = True
        conn.interrupt()

    watchdog: threading.Timer | None = None
    try:
        with closing(sqlite3.connect(path, timeout=5)) as conn, _watched(conn, cancel):
            if deadline is not None:
                # The progress handler runs between virtual-machine steps, but the check of a whole
                # b-tree is one step (at 100,000 members a 0.1 s budget took ~1 s), so a timer
                # interrupts the connection from another thread when the budget is spent.
                conn.set_progress_handler(progress, 10_000)
                watchdog = threading.Timer(max(budget or 0.0, 0.0), out_of_time, (conn,))
                watchdog.daemon = True
                watchdog.start()
            try:
                rows = [str(r[0]) for r in conn.execute(f"PRAGMA {pragma}(100)").fetchall()]
            finally:
                if watchdog is not None:
                    watchdog.cancel()
                    watchdog.join()
    except sqlite3.OperationalError as exc:
        if cancel is not None and cancel.is_set():
            raise OperationCancelled() from exc  # the window closed: the check is made next time
        if timed_out:
            return IntegrityReport(True, False, (), time.monotonic() - started)
        if "locked" in str(exc).lower():
            raise  # not damage: somebody holds the file
        return IntegrityReport(False, True, (str(exc),), time.monotonic() - started)
    except sqlite3.DatabaseError as exc:  # "database disk image is malformed", "file is not a database"
        return IntegrityReport(False, True, (str(exc),), time.monotonic() - started)
    elapsed = time.monotonic() - started
    if rows == ["ok"]:
        return IntegrityReport(True, True, (), elapsed)
    return IntegrityReport(False, True, tuple(rows), elapsed)


def quick_check(path: Path, budget: float | None = None, cancel: Interrupter | None = None) -> IntegrityReport:
    """`PRAGMA quick_check`; with `budget` (seconds) it stops there and reports itself incomplete.
    `cancel` (the window's, db/interrupt.py) stops it when the window closes: OperationCancelled."""
    return _check(Path(path), "quick_check", budget, cancel)


def _watched(conn: sqlite3.Connection, cancel: Interrupter | None) -> AbstractContextManager:
    return nullcontext() if cancel is None else cancel.watch(conn)


def integrity_check(path: Path) -> IntegrityReport:
    """`PRAGMA integrity_check`: quick_check plus every index against its table (for a backup
    about to become the live database)."""
    return _check(Path(path), "integrity_check", None)
