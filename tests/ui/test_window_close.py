"""Closing the window ends the program at once (issues 17/18): the overview's background read and
the daily backup's integrity check, both still running, are stopped; no backup file is left, the
book's lock is free again, and the day's backup is made at the next open."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from unionbook.services import backup as backups
from unionbook.services.backup import archive
from unionbook.services.database import Database
from unionbook.ui import application, ui_settings
from unionbook.ui.pages import overview

pytestmark = pytest.mark.sqlite_only

#: Never ends by itself: only the close's interrupt stops it.
ENDLESS = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"


@pytest.mark.timeout(120)
def test_closing_while_the_overview_and_the_backup_run_ends_at_once(
    demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = Path(demo_db.path)
    demo_db.close()  # the window takes the lock itself
    assert not (path.parent / "backups").exists()  # the day's first backup is due
    ui_settings.settings().setValue("main/page", 0)  # the window opens on 总览
    reading, checking = threading.Event(), threading.Event()

    def endless_overview(factory, year, **_kwargs):  # a 100,000-member year, as slow as it gets
        reading.set()
        with factory() as session:
            return session.execute(text(ENDLESS)).scalar()

    real_check = archive.quick_check

    def slow_check(db_path, budget=None, cancel=None):
        """The backup's integrity check, still running when the window closes."""
        checking.set()
        give_up = time.monotonic() + 60
        while (cancel is None or not cancel.is_set()) and time.monotonic() < give_up:
            time.sleep(0.01)
        return real_check(db_path, budget, cancel)

    closed_at: list[float] = []
    idle = application._FirstPaint._idle

    def close_while_busy(self) -> None:
        give_up = time.monotonic() + 30
        while not (reading.is_set() and checking.is_set()) and time.monotonic() < give_up:
            QApplication.processEvents()
            time.sleep(0.01)
        assert reading.is_set() and checking.is_set()
        closed_at.append(time.monotonic())
        idle(self)

    monkeypatch.setattr(overview, "read_overview", endless_overview)
    monkeypatch.setattr(archive, "quick_check", slow_check)
    monkeypatch.setattr(application._FirstPaint, "_idle", close_while_busy)

    assert application.run_gui(path, exit_when_shown=True) == 0
    assert time.monotonic() - closed_at[0] < 5  # blocked work would have held it for a minute
    assert sorted(p.name for p in (path.parent / "backups").glob("*")) == []  # no partial backup

    monkeypatch.setattr(archive, "quick_check", real_check)
    with Database.open(path, source="test") as again:  # at once: the lock was released
        made = backups.daily_backup_if_due(again)  # the cancelled backup is made now
    assert made is not None and made.name.endswith("每日.zip")
