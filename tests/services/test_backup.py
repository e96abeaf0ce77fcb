"""Backup and restore go through SQLite's backup API and never lose the current data."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from unionbook.db.models import AuditEntry, Member
from unionbook.domain.errors import InputError
from unionbook.services.backup import backup, restore
from unionbook.services.database import Database

pytestmark = pytest.mark.sqlite_only("backup files and restore of a SQLite book (a server book: services/backup/postgres.py)")


def count_members(db: Database) -> int:
    with db.session_factory() as session:
        return session.scalar(select(func.count()).select_from(Member)) or 0


def test_backup_then_restore_brings_back_the_old_contents(db: Database, tmp_path: Path) -> None:
    with db.session_factory.begin() as session:
        session.add(Member(name="孙七", id_type="居民身份证"))
    copy = backup(db, tmp_path / "copy.zip")
    with db.session_factory.begin() as session:
        session.add(Member(name="周八", id_type="居民身份证"))
    assert count_members(db) == 2

    safety = restore(db, copy).safety_copy
    assert count_members(db) == 1
    assert safety is not None and safety.exists()  # what was there before the restore is kept
    with db.session_factory() as session:
        assert session.scalar(select(AuditEntry.action).order_by(AuditEntry.id.desc()).limit(1)) == "restore"


def test_restore_refuses_a_file_that_is_not_a_backup(db: Database, tmp_path: Path) -> None:
    junk = tmp_path / "名单.xlsx"
    junk.write_bytes(b"PK\x03\x04")
    with pytest.raises(InputError, match="不是 UnionBook 备份文件"):
        restore(db, junk)
    with pytest.raises(InputError, match="找不到备份文件"):
        restore(db, tmp_path / "missing.sqlite")


def test_backup_refuses_to_overwrite_the_database_itself(db: Database) -> None:
    with pytest.raises(InputError):
        backup(db, db.path)
