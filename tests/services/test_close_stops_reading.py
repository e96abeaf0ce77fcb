"""What the closing window stops (db/interrupt.py, issues 17/18): a long read on the book's engine
and the integrity check end at once, a daily backup stopped at any step leaves no file behind and is
made at the next open, and a write in progress is not cut short."""

from __future__ import annotations

import sqlite3
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from unionbook.db.backup import backup_database
from unionbook.db.integrity import quick_check
from unionbook.db.interrupt import Interrupter, interrupter
from unionbook.domain.errors import OperationCancelled
from unionbook.services import backup as backups
from unionbook.services.database import Database

pytestmark = pytest.mark.sqlite_only

#: A query that never ends by itself (SQLite counts for ever): only an interrupt stops it.
ENDLESS = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"


def _stop_after(stopper: Interrupter, seconds: float) -> threading.Timer:
    timer = threading.Timer(seconds, stopper.stop)
    timer.start()
    return timer


def test_a_read_on_the_books_engine_ends_when_the_window_closes(db: Database) -> None:
    stopper = interrupter(db.engine)
    assert interrupter(db.engine) is stopper  # one per engine: the window and its workers share it
    _stop_after(stopper, 0.3)
    started = time.monotonic()
    with pytest.raises(OperationalError, match="interrupted"), db.session_factory() as session:
        session.execute(text(ENDLESS)).scalar()
    assert time.monotonic() - started < 5
    # After the close no read begins at all, however short.
    with pytest.raises(OperationCancelled), db.session_factory() as session:
        session.execute(text("SELECT count(*) FROM members")).scalar()


def test_a_write_in_progress_is_not_cut_short_by_the_close(db: Database) -> None:
    stopper = interrupter(db.engine)
    with db.session_factory() as session:
        session.execute(text("CREATE TEMP TABLE t(x)"))
        session.execute(text("INSERT INTO t VALUES (1)"))
        stopper.stop()  # the window closes while this transaction writes
        session.execute(text("INSERT INTO t SELECT x + 1 FROM t"))
        assert session.execute(text("SELECT sum(x) FROM t")).scalar() == 3
        session.commit()


def test_a_statement_that_is_one_long_step_is_interrupted_too(tmp_path: Path) -> None:
    """The progress handler is not reached inside one long step; `stop()` interrupts the
    connection itself."""
    stopper = Interrupter()
    with sqlite3.connect(tmp_path / "x.sqlite") as conn, stopper.watch(conn):
        conn.set_progress_handler(None, 0)  # as inside one step: the handler is never reached
        _stop_after(stopper, 0.3)
        started = time.monotonic()
        with pytest.raises(sqlite3.OperationalError, match="interrupted"):
            conn.execute(ENDLESS).fetchone()
        assert time.monotonic() - started < 5


def test_the_integrity_check_stops_when_the_window_closes(demo_template: Path, tmp_path: Path) -> None:
    path = tmp_path / "unionbook.sqlite"
    backup_database(demo_template, path)
    stopper = Interrupter()
    assert quick_check(path, cancel=stopper).ok  # not stopped: the whole check, as before
    stopper.stop()
    with pytest.raises(OperationCancelled):
        quick_check(path, cancel=stopper)
    with pytest.raises(OperationCancelled):
        quick_check(path, budget=10, cancel=stopper)


class _StopsAtStep(Interrupter):
    """Closed by the chair at the n-th look at the switch (between two steps of the backup)."""

    def __init__(self, n: int) -> None:
        super().__init__()
        self.n, self.looks = n, 0

    def raise_if_stopped(self) -> None:
        self.looks += 1
        if self.looks == self.n:
            self.stop()
        super().raise_if_stopped()


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*")) if folder.exists() else []


@pytest.mark.parametrize("step", [1, 2, 3, 4])
def test_a_daily_backup_stopped_at_any_step_leaves_nothing_and_is_made_next_time(
    demo_template: Path, tmp_path: Path, step: int
) -> None:
    path = tmp_path / "unionbook.sqlite"
    backup_database(demo_template, path)
    today = date(2026, 11, 30)
    with Database.open(path, source="test") as db:
        before = sorted(p.name for p in tmp_path.iterdir())
        with pytest.raises(OperationCancelled):
            backups.daily_backup_if_due(db, today, cancel=_StopsAtStep(step))
        assert _files(tmp_path / "backups") == []
        assert sorted(p.name for p in tmp_path.iterdir()) in (before, sorted([*before, "backups"]))
    with Database.open(path, source="test") as db:  # the next open: the day's backup is still due
        made = backups.daily_backup_if_due(db, today)
        assert made is not None and made.name.endswith("每日.zip")
        assert _files(tmp_path / "backups") == [made.name]


def test_a_backup_that_is_not_stopped_is_the_same_backup(demo_template: Path, tmp_path: Path) -> None:
    """The packing in steps (for the close) writes what zf.write wrote: a backup that restores."""
    path = tmp_path / "unionbook.sqlite"
    backup_database(demo_template, path)
    with Database.open(path, source="test") as db:
        made = backups.auto_backup(db, "每日", cancel=Interrupter())
    from unionbook.services.backup.archive import scratch_folder, stage

    with scratch_folder(path) as scratch:
        staged = stage(made, scratch)
        with sqlite3.connect(staged.db_file) as conn:
            assert conn.execute("SELECT count(*) FROM members").fetchone()[0] == 300
