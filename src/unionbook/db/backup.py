"""Copies of a live database made with SQLite's online backup API.

A plain file copy of a WAL database can miss committed pages that still sit in the -wal file, so
every copy the program makes (before a migration, on `backup`, on restore) goes through here.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing, suppress
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from unionbook.db.interrupt import Interrupter


#: Pages copied per step of a backup that can be cancelled (16 MB of 4 KB pages, a few hundredths
#: of a second): the closing window's cancel is seen between two steps.
STEP_PAGES = 4096


def backup_database(source: Path, target: Path, cancel: Interrupter | None = None) -> None:
    """Write a consistent copy of `source` to `target` (replaced if it exists). With `cancel`
    (db/interrupt.py) the copy goes in steps and stops when it is set: OperationCancelled, and no
    `target` nor its .partial is left."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".partial")
    tmp.unlink(missing_ok=True)
    try:
        with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(tmp)) as dst:
            if cancel is None:
                src.backup(dst)
            else:
                src.backup(dst, pages=STEP_PAGES, progress=lambda *_: cancel.raise_if_stopped())
            # The copy is a self-contained file: no -wal beside it to lose when it is moved or mailed.
            dst.execute("PRAGMA journal_mode = DELETE")
        tmp.replace(target)
    except BaseException:
        with suppress(OSError):  # a full disk must not leave half a backup behind
            tmp.unlink(missing_ok=True)
        raise


def restore_database(backup: Path, target: Path) -> None:
    """Overwrite the database at `target` with the contents of `backup`, through the backup API so
    that a WAL file beside the target is rewritten consistently rather than left stale."""
    with closing(sqlite3.connect(backup)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def is_sqlite_file(path: Path) -> bool:
    """True when the file starts with SQLite's magic header (an empty file is not one)."""
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False
