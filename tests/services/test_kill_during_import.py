"""A roster import killed at any moment leaves the database whole: all of the rows or none.

The power fails, Windows updates, or the chair ends the task while 2,000 people are being written.
Each trial starts `unionbook import members` in its own process and SIGKILLs it after a random delay
spanning start-up, reading, checking and writing; the database must then pass SQLite's
integrity_check, hold either every person of the roster or none, and open again at once (no stale
lock). The delays come from a fixed seed, so a failure can be replayed.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

from unionbook.domain.idnumber import check_digit
from unionbook.services.database import Database

ROSTER_SIZE = 2000
TRIALS = 20
pytestmark = [
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX only"),
    pytest.mark.sqlite_only("kills a process writing a SQLite file and reads what the file holds"),
]


def _roster(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "花名册"
    sheet.append(["姓名", "身份证号码", "部门", "入会时间"])
    for n in range(ROSTER_SIZE):
        # 17 digits: region 440106, birth 1970-01-01 + n days (all valid dates), sequence 001-999.
        birth = time.strftime("%Y%m%d", time.gmtime(86400 * (n * 7 % 12000)))
        first17 = f"440106{birth}{n % 999 + 1:03d}"
        sheet.append([f"职工{n:04d}", first17 + check_digit(first17), f"车间{n % 7}", "2015-03-01"])
    book.save(path)
    return path


def _members(database: Path) -> int:
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return int(connection.execute("SELECT count(*) FROM members").fetchone()[0])


def test_an_import_killed_at_random_points_leaves_all_or_nothing(db_path: Path, tmp_path: Path) -> None:
    roster = _roster(tmp_path / "花名册.xlsx")
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "UNIONBOOK_"))}
    env.update(HOME=str(home), XDG_STATE_HOME=str(home / "state"), XDG_DATA_HOME=str(home / "data"))

    def command(database: Path) -> list[str]:
        return [sys.executable, "-m", "unionbook", "--db", str(database), "import", "members", str(roster)]

    # How long a whole import takes here, so the kills spread over all of it.
    whole = tmp_path / "whole.sqlite"
    shutil.copy(db_path, whole)
    started = time.monotonic()
    done = subprocess.run(command(whole), env=env, capture_output=True, timeout=300)
    duration = time.monotonic() - started
    assert done.returncode == 0, done.stderr.decode()
    assert _members(whole) == ROSTER_SIZE

    chance = random.Random(20261130)
    outcomes = {"none": 0, "all": 0}
    for trial in range(TRIALS):
        target = tmp_path / f"trial{trial}.sqlite"
        shutil.copy(db_path, target)
        process = subprocess.Popen(
            command(target), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(chance.uniform(0.05, duration * 1.05))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        count = _members(target)
        assert count in (0, ROSTER_SIZE), f"trial {trial}: {count} of {ROSTER_SIZE} people written"
        outcomes["all" if count else "none"] += 1
        # Opens again at once: the dead process's lock went with it.
        Database.open(target, source="test").close()
    # The kills landed both before and after the commit (the test tried both sides).
    assert outcomes["none"] > 0 and outcomes["all"] + outcomes["none"] == TRIALS
