"""Bring a database to the newest schema, safely, without alembic.ini at run time.

Order of work: read the current revision; if it is not head, copy the file aside with the backup
API, run every pending migration in ONE transaction with foreign keys off (batch operations
re-create tables), run `PRAGMA foreign_key_check`, commit. Any failure rolls back (DDL included,
see engine.py) and the backup is restored as a second line of defence. New databases take the
same path, so the migrations run on every fresh install.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from unionbook import paths
from unionbook.db.backup import backup_database, is_sqlite_file, restore_database
from unionbook.db.engine import make_engine
from unionbook.domain.errors import DatabaseOpenError, MigrationError, NewerDatabaseError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MigrationResult:
    from_revision: str | None
    to_revision: str
    backup: Path | None  # the copy made before upgrading an existing database

    @property
    def upgraded(self) -> bool:
        return self.from_revision != self.to_revision


def alembic_config(script_location: Path | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(script_location or paths.migrations_path()))
    return cfg


def head_revision(script_location: Path | None = None) -> str:
    script = ScriptDirectory.from_config(alembic_config(script_location))
    head = script.get_current_head()
    assert head is not None, "migrations/versions is empty"
    return head


def current_revision(db_path: Path) -> str | None:
    engine = make_engine(db_path)
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()


def backup_path_for(db_path: Path, label: str) -> Path:
    """A dated sibling of the database file: unionbook.升级前备份-20261121-093000.sqlite."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return db_path.with_name(f"{db_path.stem}.{label}-{stamp}{db_path.suffix}")


def migrate(db_path: Path, script_location: Path | None = None, target: str = "head") -> MigrationResult:
    """Upgrade the database at `db_path` (created when missing) to `target`."""
    db_path = Path(db_path)
    existing = db_path.exists() and db_path.stat().st_size > 0
    if existing and not is_sqlite_file(db_path):
        raise DatabaseOpenError(path=str(db_path), detail="这不是 UnionBook 数据库文件（不是 SQLite 格式）")
    db_path.parent.mkdir(parents=True, exist_ok=True)

    cfg = alembic_config(script_location)
    script = ScriptDirectory.from_config(cfg)
    wanted = script.get_current_head() if target == "head" else target
    before = current_revision(db_path) if existing else None
    if before == wanted:
        return MigrationResult(before, wanted, None)
    if before is not None and before not in {rev.revision for rev in script.walk_revisions()}:
        raise NewerDatabaseError(path=str(db_path), revision=before)

    backup = None
    if existing:
        backup = backup_path_for(db_path, f"升级前备份-{before}")
        backup_database(db_path, backup)
        log.info("backed up %s to %s before migrating", db_path, backup)

    engine = make_engine(db_path, foreign_keys=False)
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, target)
            problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise RuntimeError(f"外键检查失败：{problems[:5]}")
    except Exception as exc:
        engine.dispose()
        if backup is not None:
            restore_database(backup, db_path)
        log.exception("migration of %s failed", db_path)
        raise MigrationError(path=str(db_path), backup=str(backup or "无"), detail=str(exc)) from exc
    engine.dispose()
    after = current_revision(db_path)
    log.info("migrated %s from %s to %s", db_path, before, after)
    return MigrationResult(before, after or wanted, backup)
