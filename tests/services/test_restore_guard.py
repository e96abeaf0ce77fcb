"""A restore into the open book (the window's 从备份恢复) can change what the book is: a district
book's backup restored over a union's book makes it a district book, and the other way round. The
district guard (services/district/guard.py) is armed when a book is opened, so the restore must
set it again: otherwise the window could write a union's members into the restored district book."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from unionbook.domain.errors import InputError
from unionbook.services import backup as backups
from unionbook.services import members
from unionbook.services.database import Database
from unionbook.services.district.book import make_district_book
from unionbook.services.members import MemberInput


def _people(db: Database) -> list[str]:
    with db.engine.connect() as conn:
        return [row[0] for row in conn.execute(text("SELECT name FROM members ORDER BY name"))]


def _backup_of_a_district_book(folder: Path) -> Path:
    folder.mkdir()
    with Database.open(folder / "区总.sqlite", source="test") as district:
        make_district_book(district.session_factory)
        return backups.backup(district, folder / "区总备份.zip")


def test_a_district_backup_restored_over_a_union_book_refuses_union_records(tmp_path: Path) -> None:
    zipped = _backup_of_a_district_book(tmp_path / "区总")
    (tmp_path / "工会").mkdir()
    with Database.open(tmp_path / "工会" / "工会.sqlite", source="test") as db:
        members.save_member(db.session_factory, MemberInput(name="张三", is_member=True, join_date=date(2020, 5, 1)))
        backups.restore(db, zipped)
        with pytest.raises(InputError, match="这是区总工会汇总库"):
            members.save_member(
                db.session_factory, MemberInput(name="李四", is_member=True, join_date=date(2021, 5, 1))
            )
        assert _people(db) == []  # the district book as restored: no member was written into it


def test_a_union_backup_restored_over_a_district_book_takes_union_records(tmp_path: Path) -> None:
    (tmp_path / "工会").mkdir()
    with Database.open(tmp_path / "工会" / "工会.sqlite", source="test") as union:
        members.save_member(union.session_factory, MemberInput(name="张三", is_member=True, join_date=date(2020, 5, 1)))
        zipped = backups.backup(union, tmp_path / "工会备份.zip")
    (tmp_path / "区总").mkdir()
    with Database.open(tmp_path / "区总" / "区总.sqlite", source="test") as db:
        make_district_book(db.session_factory)
        backups.restore(db, zipped)
        members.save_member(db.session_factory, MemberInput(name="李四", is_member=True, join_date=date(2021, 5, 1)))
        assert _people(db) == ["张三", "李四"]
