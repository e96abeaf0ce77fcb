"""Opening and closing a UnionBook database: lock, migrate, engine, audited sessions.

Both front ends (CLI and GUI) open databases only through `Database.open`, so every path takes
the single-instance lock and runs the migrations before any service touches the data.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from unionbook import paths
from unionbook.db.engine import make_engine, make_session_factory
from unionbook.db.location import location_warning
from unionbook.db.lock import DatabaseLock
from unionbook.db.migrate import MigrationResult, current_revision, migrate
from unionbook.services.audit import install_audit

log = logging.getLogger(__name__)


@dataclass
class Database:
    path: Path
    engine: Engine
    session_factory: sessionmaker[Session]
    migration: MigrationResult
    warning: str | None = None
    _lock: DatabaseLock | None = field(default=None, repr=False)

    @classmethod
    def open(cls, path: Path | None = None, *, source: str = "app", lock: bool = True) -> Database:
        """Open (creating when missing) and upgrade the database at `path` (default: the user's).

        Raises DatabaseLockedError when another UnionBook holds it, MigrationError when the
        upgrade failed (the file is then as it was before).
        """
        db_path = Path(path or paths.default_db_path()).expanduser().resolve()
        db_lock = DatabaseLock(db_path) if lock else None
        if db_lock is not None:
            db_path.parent.mkdir(parents=True, exist_ok=True)
            db_lock.acquire()
        try:
            result = migrate(db_path)
            engine = make_engine(db_path)
            factory = make_session_factory(engine, source=source)
            install_audit(factory)
        except BaseException:
            if db_lock is not None:
                db_lock.release()
            raise
        warning = location_warning(db_path)
        if warning:
            log.warning(warning)
        return cls(db_path, engine, factory, result, warning, db_lock)

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
        return current_revision(self.path)

    def files_dir(self, name: str) -> Path:
        """attachments/, templates/, documents/ beside this database."""
        return paths.user_files_dir(self.path, name)
