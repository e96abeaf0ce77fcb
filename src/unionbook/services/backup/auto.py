"""Automatic backups into backups/ beside the database, and the manual backup to a chosen file.

The moments (see the package docstring): the first open of a day, before a migration, an import, a
batch delete and a restore. Each is a complete backup (archive.py) followed by pruning (store.py).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from sqlalchemy import event

from unionbook.db.integrity import IntegrityReport, quick_check
from unionbook.db.migrate import backup_path_for, backups_dir, current_revision, inspect_database, refuse_unusable
from unionbook.domain.errors import DatabaseDamagedError, DatabaseMissingError, InputError
from unionbook.services.backup import archive
from unionbook.services.backup.store import (
    MANUAL,
    BackupEntry,
    Retention,
    get_retention,
    list_backups,
    prune,
    retention_in_file,
)

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session, sessionmaker

    from unionbook.db.interrupt import Interrupter


class OpenDatabase(Protocol):
    """What these functions use of services.database.Database (which imports this package)."""

    path: Path
    session_factory: sessionmaker[Session]

    def connect(self) -> Connection: ...

    def files_dir(self, name: str) -> Path: ...


log = logging.getLogger(__name__)

#: Two automatic backups at once (the window's daily one in a worker, an import) would pick the
#: same file name; they take turns.
_WRITING = threading.Lock()


def _path_of(db: OpenDatabase | Path) -> Path:
    return Path(db) if isinstance(db, (str, Path)) else db.path


def backup_folder(db: OpenDatabase | Path) -> Path:
    return backups_dir(_path_of(db))


def latest_good_backup(db_path: Path) -> Path | None:
    """The newest backup of this database that opens as a backup (for messages about damage)."""
    for entry in list_backups(db_path):
        if archive.looks_usable(entry.path):
            return entry.path
    return None


def damaged_error(db_path: Path, report: IntegrityReport) -> DatabaseDamagedError:
    """The refusal for a damaged database, naming its latest good backup."""
    latest = latest_good_backup(db_path)
    return DatabaseDamagedError(path=str(db_path), detail=report.summary(), backup=str(latest or ""))


def after_open_checks(
    db: OpenDatabase, open_check: IntegrityReport | None, cancel: Interrupter | None = None
) -> Path | None:
    """What the window runs in a worker once it shows: the rest of an integrity check that outgrew
    the open's time budget (a large database), then the first backup of the day. Raises
    DatabaseDamagedError (naming the latest good backup) when the check finds damage.

    `cancel` is the window's (db/interrupt.py): when it closes, the check and the backup stop and
    OperationCancelled is raised, no backup file is left, and as no backup was made today the next
    open makes it (`daily_backup_if_due`)."""
    if open_check is not None and not open_check.complete:
        report = quick_check(db.path, cancel=cancel)
        if report.damaged:
            raise damaged_error(db.path, report)
    return daily_backup_if_due(db, cancel=cancel)


def backups_of(db_path: Path | None) -> tuple[Path, list[BackupEntry], Retention]:
    """A database's backups and its keeping rule, without opening it (it may be damaged, or open
    in the window). DatabaseMissingError / ForeignDatabaseError for a path that is not a database."""
    from unionbook import paths

    path = Path(db_path or paths.default_db_path()).expanduser().resolve()
    if not path.exists():
        raise DatabaseMissingError(path=str(path))
    try:
        refuse_unusable(path, inspect_database(path))
    except DatabaseDamagedError:
        pass  # its backups are exactly what is wanted now
    return path, list_backups(path), retention_in_file(path)


def _latest_text(db_path: Path) -> str:
    latest = latest_good_backup(db_path)
    return str(latest) if latest else ""


def backup(db: OpenDatabase, target: Path) -> Path:
    """Write a complete backup of the open database (and its attachments) to `target`."""
    return write_backup(db, target).path


def write_backup(db: OpenDatabase, target: Path) -> archive.Written:
    """`backup`, telling also the size and how many attachment files went in (or were missing).
    A book on a PostgreSQL server is backed up by pg_dump or our table export (postgres.py)."""
    if getattr(db, "on_server", False):
        from unionbook.services.backup import postgres

        return postgres.write_backup(db, target)
    target = Path(target).expanduser().resolve()
    if target == db.path:
        raise InputError(detail=f"备份文件不能是数据库本身：{target}")
    if target.is_dir():
        raise InputError(detail=f"{target} 是一个文件夹，请给出备份文件的名称，例如 {target / '工会台账备份.zip'}")
    return archive.write(db.path, db.files_dir("attachments"), target, reason=MANUAL,
                         revision=current_revision(db.path), latest_backup=_latest_text(db.path))  # fmt: skip


def auto_backup(db: OpenDatabase | Path, reason: str, cancel: Interrupter | None = None) -> Path:
    """An automatic backup into backups/, then pruning by the database's rule (`cancel`: see
    archive.write)."""
    path = _path_of(db)
    with _WRITING:
        target = backup_path_for(path, reason)
        written = archive.write(path, path.parent / "attachments", target, reason=reason, cancel=cancel,
                                revision=current_revision(path), latest_backup=_latest_text(path))  # fmt: skip
        if reason != MANUAL:
            # A Core connection: the first open of a day (`unionbook figures` too) imports no ORM.
            retention = Retention() if isinstance(db, (str, Path)) else get_retention(db.connect)
            removed = prune(path, retention)
            if removed:
                log.info("pruned %d old backups of %s", len(removed), path.name)
    log.info("automatic backup (%s) of %s: %s", reason, path.name, written.path.name)
    return written.path


def _holds_records(db_path: Path) -> bool:
    """True when the database holds anything worth a daily copy (a fresh database does not)."""
    tables = ("members", "collective_contracts", "activities", "aid_payments", "hardship_files")
    with closing(sqlite3.connect(db_path)) as conn:
        for table in tables:
            try:
                if conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone():
                    return True
            except sqlite3.OperationalError:
                continue
    return False


def daily_backup_if_due(db: OpenDatabase, today: date | None = None, cancel: Interrupter | None = None) -> Path | None:
    """The first open of a day backs the database up (the window runs this in a worker)."""
    today = today or date.today()
    if any(e.when.date() == today and not e.legacy for e in list_backups(db.path)):
        return None
    if not _holds_records(db.path):
        return None
    return auto_backup(db, "每日", cancel)


_TAKEN = "unionbook.safety_backup"


def install_safety_backups(db: OpenDatabase) -> None:
    """Back up before every import and batch delete, whichever code path runs it.

    Imports record themselves in import_records and a batch delete removes an aid_batches row, both
    inside their own transaction; the backup is taken at that moment, once per transaction, through
    a separate connection, so it holds the data as it was before the transaction (WAL readers see
    only committed data). A backup that cannot be made stops the change.
    """

    def take(session, reason: str) -> None:
        transaction = session.get_transaction()
        if transaction is None or session.info.get(_TAKEN) is transaction:
            return
        session.info[_TAKEN] = transaction
        auto_backup(db, reason)

    def table_of(statement) -> str | None:
        table = getattr(statement, "table", None)
        return getattr(table, "name", None)

    @event.listens_for(db.session_factory, "do_orm_execute")
    def _on_execute(state) -> None:
        if state.is_insert and table_of(state.statement) == "import_records":
            take(state.session, "导入前")
        elif state.is_delete and table_of(state.statement) in ("aid_payments", "aid_batches"):
            take(state.session, "批量删除前")

    @event.listens_for(db.session_factory, "before_flush")
    def _on_flush(session, _context, _instances) -> None:
        for obj in session.new:
            if getattr(getattr(obj, "__table__", None), "name", None) == "import_records":
                take(session, "导入前")
                break
        for obj in session.deleted:
            if getattr(getattr(obj, "__table__", None), "name", None) == "aid_batches":
                take(session, "批量删除前")
                break
