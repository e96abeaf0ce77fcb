"""`unionbook --exit-when-shown` (DESIGN.md's command line; the bundle's smoke test and start-up
bench use it): the window opens on the database, the seconds to its first paint and to idle are
printed, and the program ends with exit 0 without anyone closing it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from unionbook.app import main
from unionbook.services.database import Database
from unionbook.ui.application import seconds_since_process_start


def test_the_window_opens_reports_its_first_paint_and_exits(demo_db: Database, capsys: pytest.CaptureFixture) -> None:
    path = Path(demo_db.path)
    demo_db.close()  # the window takes the database's lock itself
    assert main(["--db", str(path), "--exit-when-shown"]) == 0
    line = capsys.readouterr().out.strip().splitlines()[-1]
    match = re.fullmatch(r"窗口首次绘制 (\d+\.\d\d) 秒，空闲 (\d+\.\d\d) 秒", line)
    assert match is not None, line
    painted, idle = float(match.group(1)), float(match.group(2))
    assert 0 < painted <= idle <= seconds_since_process_start()
    with Database.open(path, source="test"):  # closed and unlocked again
        pass


def test_the_seconds_count_from_the_start_of_the_process() -> None:
    # pytest has been running for a while before this test: more than the time since this module
    # was imported, and less than a day.
    assert 0.5 < seconds_since_process_start() < 86_400
