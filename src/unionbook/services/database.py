"""Opening and closing a UnionBook database: lock, checks, migrate, engine, audited sessions.

The book is a SQLite file or a PostgreSQL database on a server (`--db postgresql://…`); what
differs between the two is asked of its backend (db/backend.py). Both front ends (CLI and GUI)
open databases only through `Database.open`, so every path:
1. refuses a path that does not exist unless asked to create it (only the window, after asking,
   and `demo` create a database: DESIGN.md, "Command line");
2. takes the single-instance lock on the file's identity (db/lock.py: a hard link or 8.3 name is
   the same file);
3. refuses, untouched, a file that is neither empty nor UnionBook's, and a newer UnionBook's;
4. runs `PRAGMA quick_check` within a time budget (db/integrity.py) and refuses a damaged
   database, naming the latest good backup;
5. backs up (with attachments) and migrates when the schema is older;
6. gives sessions with the audit trail and the automatic backups before imports and batch
   deletes (made on first use: a command that only reads the Core tables never imports the ORM).
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine

from unionbook import paths
from unionbook.db.backend import Backend, backend_for
from unionbook.db.engine import make_session_factory
from unionbook.db.integrity import OPEN_BUDGET_SECONDS, IntegrityReport
from unionbook.db.location import location_warning
from unionbook.db.lock import DatabaseLock
from unionbook.db.migrate import MigrationResult, current_revision, inspect_database, migrate, refuse_unusable
from unionbook.domain.errors import DatabaseDamagedError, DatabaseMissingError
from unionbook.fileio.durable import fsync_dir, fsync_file
from unionbook.services.district.guard import install_book_guard

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)


def damaged_error(db_path: Path, report: IntegrityReport) -> DatabaseDamagedError:
    from unionbook.services.backup.auto import damaged_error as with_latest_backup

    return with_latest_backup(db_path, report)


@dataclass
class Database:
    #: The SQLite file; None for a book on a PostgreSQL server (see `backend`, `location`).
    path: Path | None
    engine: Engine
    migration: MigrationResult
    warning: str | None = None
    _lock: DatabaseLock | None = field(default=None, repr=False)
    #: The check made on open; `complete` is False when a large file outgrew the time budget (the
    #: window then finishes the check in the background with the daily backup).
    integrity: IntegrityReport | None = None
    backend: Backend | None = field(default=None, repr=False)
    #: The audit trail's "from where" ("gui", "cli", ...) of every session.
    source: str = "app"
    #: Back up before every import and batch delete (services/backup/auto.install_safety_backups).
    safety_backups: bool = True
    _factory: sessionmaker[Session] | None = field(default=None, repr=False)
    _factory_lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    @property
    def session_factory(self) -> sessionmaker[Session]:
        """The ORM's sessions on this book, with the audit trail, the edit-version check and the
        safety backups attached — made on first use, because importing SQLAlchemy's ORM and the
        model classes is most of a short command's start-up: `unionbook figures` reads the Core
        tables through `connect` and never needs one."""
        with self._factory_lock:  # the window's pages and its background reads may ask at once
            if self._factory is None:
                from unionbook.services.audit import install_audit

                factory = make_session_factory(self.engine, source=self.source)
                install_audit(factory)
                self._factory = factory
                if self.safety_backups and not self.on_server:  # a server's copies are pg_dump's (README)
                    from unionbook.services.backup import install_safety_backups

                    install_safety_backups(self)
            return self._factory

    def connect(self) -> Connection:
        """A Core connection (for reading the tables of db/tables/ without the ORM): what
        `figures.compute*` accept in place of `session_factory`."""
        return self.engine.connect()

    @property
    def location(self) -> str:
        """The book as messages and the window name it: the file, or postgresql://user@host/db."""
        return self.backend.location if self.backend is not None else str(self.path)

    @property
    def target(self) -> Path | str:
        """What opens this book again (`--db`, Database.open): the file, or the server URL with
        its password — for handing on, never for showing (that is `location`)."""
        if self.backend is not None and self.backend.is_server:
            return self.backend.url.set(drivername="postgresql").render_as_string(hide_password=False)
        return self.path

    @property
    def on_server(self) -> bool:
        return self.backend is not None and self.backend.is_server

    @classmethod
    def open(
        cls,
        path: Path | str | None = None,
        *,
        source: str = "app",
        lock: bool = True,
        create: bool = True,
        check_budget: float | None = OPEN_BUDGET_SECONDS,
        safety_backups: bool = True,
    ) -> Database:
        """Open and upgrade the database at `path` (default: the user's).

        `create=False` refuses a path with no file (DatabaseMissingError). Raises
        DatabaseLockedError when another UnionBook holds the file, DatabaseOpenError /
        ForeignDatabaseError / NewerDatabaseError for a file it must not touch,
        DatabaseDamagedError when the integrity check fails, MigrationError when the upgrade
        failed (the file is then as it was before).
        """
        backend = backend_for(path)
        db_path = backend.path
        db_lock = cls._lock_file(backend, create=create, lock=lock)
        try:
            try:
                state = inspect_database(backend)
            except DatabaseDamagedError as exc:  # not even the schema can be read
                raise damaged_error(db_path, IntegrityReport(False, True, (str(exc.params["detail"]),))) from exc
            refuse_unusable(backend, state)
            if state.kind == "missing":  # only a server database can be missing here
                backend.create_empty()  # refuses: the administrator creates a server's databases
            report = None
            if state.kind == "unionbook":
                report = backend.quick_check(budget=check_budget)
                if report.damaged:
                    raise damaged_error(db_path, report)
            result = migrate(backend, backup=cls._backup_before_upgrade, state=state)
            engine = backend.make_engine()
            install_book_guard(engine)  # a district book refuses grassroots writes
        except BaseException:
            if db_lock is not None:
                db_lock.release()
            raise
        warning = None if backend.is_server else location_warning(db_path)
        if warning:
            log.warning(warning)
        return cls(db_path, engine, result, warning, db_lock, report, backend, source=source,
                   safety_backups=safety_backups)  # fmt: skip

    @classmethod
    def open_for_restore(cls, path: Path | None = None, *, source: str = "app") -> Database:
        """Lock and attach to a database only to restore a backup over it: no integrity refusal
        (a damaged database is what restores are for) and no migration. Another program's file
        is still refused: a restore must never overwrite it."""
        backend = backend_for(path)
        if backend.is_server:  # no file to swap: a server book is restored into (services/backup/postgres.py)
            return cls.open(backend, source=source, create=False, safety_backups=False)
        db_path = backend.path
        db_lock = cls._lock_file(backend, create=False, lock=True)
        try:
            state = inspect_database_leniently(db_path)
            if state is not None and state.kind in ("foreign", "not_sqlite"):
                refuse_unusable(db_path, state)
            engine = backend.make_engine()
        except BaseException:
            if db_lock is not None:
                db_lock.release()
            raise
        revision = state.revision if state is not None else None
        return cls(db_path, engine, MigrationResult(revision, revision or "", None), None, db_lock,
                   backend=backend, source=source, safety_backups=False)  # fmt: skip

    @staticmethod
    def _lock_file(backend: Backend, *, create: bool, lock: bool) -> DatabaseLock | None:
        if backend.is_server:  # nothing to lock; a missing database is found by inspect_database
            return None
        if not backend.exists():
            if not create:
                raise DatabaseMissingError(path=backend.location)
            backend.create_empty()  # the lock is on the file's identity, so the file comes first
        return backend.lock() if lock else None

    @staticmethod
    def _backup_before_upgrade(db_path: Path, _revision: str | None) -> Path:
        from unionbook.services.backup import auto_backup

        return auto_backup(db_path, "升级前")

    def close(self) -> None:
        self.engine.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def schema_revision(self) -> str | None:
        return current_revision(self.backend or self.path)

    @property
    def files_root(self) -> Path:
        """The folder of this book's attachments/, templates/, documents/ (and import error files
        when the roster's own folder cannot be written): beside a file, or for a server book the
        user's data folder's servers/<host>-<port>-<database>/."""
        if self.backend is not None and self.backend.is_server:
            return self.backend.files_root()
        return Path(self.path).resolve().parent

    def files_dir(self, name: str) -> Path:
        """attachments/, templates/, documents/ of this database (`files_root`)."""
        if self.backend is not None and self.backend.is_server:
            return self.files_root / name
        return paths.user_files_dir(self.path, name)

    def swap_in(self, staged: Path) -> None:
        """Atomically replace this database's file with `staged` (a checked file in the same
        folder). Every connection is closed first and the -wal/-shm of the old file removed, so no
        stale write-ahead log can be applied to the new file; the engine reconnects on next use."""
        staged = Path(staged)
        fsync_file(staged)
        self.engine.dispose()
        _retire_wal(self.path)
        if self._lock is not None:
            self._lock.lock_also(staged)  # the staged file's identity becomes the database's
        try:
            os.replace(staged, self.path)
        except BaseException:
            if self._lock is not None:
                self._lock.keep_only_current()
            raise
        fsync_dir(self.path.parent)
        if self._lock is not None:
            self._lock.keep_only_current()


def inspect_database_leniently(db_path: Path):
    """inspect_database, but None for a file too damaged to read its schema."""
    try:
        return inspect_database(db_path)
    except DatabaseDamagedError:
        return None


def _retire_wal(db_path: Path) -> None:
    """Fold the write-ahead log into the database and remove -wal/-shm (no connection is open).

    On a damaged database the checkpoint may fail; the file is being replaced anyway (its raw
    copy, -wal included, was kept first)."""
    import sqlite3
    from contextlib import closing, suppress

    wal = db_path.with_name(db_path.name + "-wal")
    shm = db_path.with_name(db_path.name + "-shm")
    if wal.exists():
        with suppress(sqlite3.Error), closing(sqlite3.connect(db_path)) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for side in (wal, shm):
        side.unlink(missing_ok=True)
