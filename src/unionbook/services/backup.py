"""Backup and restore of the whole database file, through SQLite's backup API (never a file copy)."""

from __future__ import annotations

import logging
import sqlite3
from contextlib import closing
from pathlib import Path

from unionbook.db.backup import backup_database, is_sqlite_file, restore_database
from unionbook.db.migrate import backup_path_for, current_revision, migrate
from unionbook.domain.errors import InputError
from unionbook.services import audit
from unionbook.services.database import Database

log = logging.getLogger(__name__)


def backup(db: Database, target: Path) -> Path:
    """Write a consistent, self-contained copy of the open database to `target`."""
    target = Path(target).expanduser().resolve()
    if target == db.path:
        raise InputError(detail=f"备份文件不能是数据库本身：{target}")
    backup_database(db.path, target)
    return target


def check_backup_file(source: Path) -> str:
    """The schema revision of a backup file; InputError when it is not a UnionBook database."""
    source = Path(source).expanduser()
    if not source.is_file():
        raise InputError(detail=f"找不到备份文件：{source}")
    if not is_sqlite_file(source):
        raise InputError(detail=f"{source} 不是 UnionBook 备份文件（不是 SQLite 数据库）")
    with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as conn:
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.DatabaseError:
            row = None
    if not row:
        raise InputError(detail=f"{source} 不是 UnionBook 备份文件（缺少版本信息）")
    return str(row[0])


def restore(db: Database, source: Path) -> Path:
    """Replace the open database's contents with the backup at `source`.

    The current contents are first saved beside the database, so a wrong restore can be undone;
    an older backup is upgraded to the current schema afterwards. Returns the safety copy's path.
    """
    source = Path(source).expanduser().resolve()
    check_backup_file(source)
    if source == db.path:
        raise InputError(detail="不能用数据库本身恢复自己")
    safety = backup_path_for(db.path, "恢复前备份")
    backup_database(db.path, safety)
    db.engine.dispose()  # no pooled connection may hold pages of the old contents
    restore_database(source, db.path)
    if current_revision(db.path) is not None:
        migrate(db.path)
    with db.session_factory.begin() as session:
        audit.record_restore(session, source, safety)  # into the restored file: the entry survives
    log.info("restored %s from %s (safety copy %s)", db.path, source, safety)
    return safety
