"""Backups of a PostgreSQL book (issue 19): pg_dump/pg_restore when installed, else UnionBook's
own export (every table's rows as JSON lines in a zip), restored into an empty book in one
transaction; a damaged file is refused naming it, with the book left empty.

The export is written from any engine, so its checks run on SQLite alone; the round trips need a
server (tests/server_books.py: UNIONBOOK_TEST_DB).
"""

from __future__ import annotations

import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from server_books import empty_book, needs_server  # noqa: F401 - the fixture
from sqlalchemy import func, select

from unionbook.db.base import Base
from unionbook.domain.errors import InputError
from unionbook.services.backup import postgres
from unionbook.services.database import Database

#: The demo union as generated for the tests: 300 people and 10 contracts whatever the day (the
#: payments, activities and honors it dates around today are compared with the source book).
DEMO = {"members": 300, "collective_contracts": 10}


def counts(engine) -> dict[str, int]:
    names = ("members", "collective_contracts", "aid_payments", "activities", "honors", "audit_log")
    with engine.connect() as conn:
        return {n: conn.scalar(select(func.count()).select_from(Base.metadata.tables[n])) for n in names}


def test_the_export_of_a_book_lists_every_table_with_its_rows(demo_db: Database, tmp_path: Path) -> None:
    target = tmp_path / "导出.zip"
    rows = postgres.export_tables(demo_db.engine, target, demo_db.schema_revision())
    manifest = postgres.check_export(target)
    listed = {t["name"]: t["rows"] for t in manifest["tables"]}
    assert listed["members"] == 300
    assert set(listed) == {t.name for t in Base.metadata.sorted_tables}
    assert rows == sum(listed.values())
    assert manifest["revision"] == demo_db.schema_revision()
    with zipfile.ZipFile(target) as zf:
        first = json.loads(zf.open("tables/members.jsonl").readline())
    columns = next(t["columns"] for t in manifest["tables"] if t["name"] == "members")
    assert first[columns.index("id")] == 1 and first[columns.index("version")] == 1


@pytest.mark.parametrize(
    ("damage", "why"),
    [
        (lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]), "BadZipFile"),
        (lambda p: _rewrite(p, "tables/members.jsonl", lambda b: b.replace(b'"', b"'", 1)), "数据表 members 的内容与校验值不符"),
        (lambda p: _rewrite(p, "tables/honors.jsonl", None), "缺少 tables/honors.jsonl"),
        (lambda p: _rewrite(p, "manifest.json", None), "缺少 manifest.json"),
    ],
    ids=["cut in half", "a changed row", "a table missing", "no manifest"],
)
def test_a_damaged_export_is_refused_naming_the_file(
    demo_db: Database, tmp_path: Path, damage: Callable[[Path], None], why: str
) -> None:
    target = tmp_path / "备份.zip"
    postgres.export_tables(demo_db.engine, target, demo_db.schema_revision())
    damage(target)
    with pytest.raises(InputError) as refused:
        postgres.check_export(target)
    assert refused.value.message() == f"备份文件 备份.zip 已损坏或不完整（{why}），未做任何改动"


def _rewrite(path: Path, name: str, change: Callable[[bytes], bytes] | None) -> None:
    """The zip again with entry `name` changed (or left out when `change` is None)."""
    scratch = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as old, zipfile.ZipFile(scratch, "w") as new:
        for item in old.infolist():
            if item.filename == name and change is None:
                continue
            data = old.read(item)
            new.writestr(item, change(data) if item.filename == name and change else data)
    scratch.replace(path)


# --- on a server ---------------------------------------------------------------------------------


@needs_server
def test_a_sqlite_book_moves_onto_an_empty_server_book_through_the_export(
    demo_db: Database, tmp_path: Path, empty_book: Callable[[], str]  # noqa: F811 - the fixture
) -> None:
    expected = counts(demo_db.engine)
    assert expected | DEMO == expected and expected["aid_payments"] > 2000
    archive = tmp_path / "工会台账.zip"
    postgres.export_tables(demo_db.engine, archive, demo_db.schema_revision())
    with Database.open(empty_book(), source="test") as server:
        restored = postgres.restore(server.engine, archive, server.schema_revision())
        assert restored.route == "export"
        assert counts(server.engine) == expected
        # New records continue after the restored ids (the sequences were moved on).
        from unionbook.services import members

        new_id = members.save_member(server.session_factory, members.MemberInput(name="新来的", join_date_unknown=True)).id
        assert new_id == 301


@needs_server
@pytest.mark.parametrize("route", ["pg_dump", "export"])
def test_a_server_book_round_trips_through_both_routes(
    demo_db: Database, tmp_path: Path, empty_book: Callable[[], str], route: str  # noqa: F811 - the fixture
) -> None:
    if route == "pg_dump" and not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.fail("pg_dump and pg_restore are needed (apt-get install postgresql-client)")
    archive = tmp_path / "demo.zip"
    postgres.export_tables(demo_db.engine, archive, demo_db.schema_revision())
    expected = counts(demo_db.engine)
    assert expected | DEMO == expected and expected["aid_payments"] > 2000
    with Database.open(empty_book(), source="test") as first:
        postgres.restore(first.engine, archive, first.schema_revision())
        backup = postgres.backup(first.engine, tmp_path / "服务器备份.dump", first.schema_revision(),
                                 use_pg_dump=route == "pg_dump")  # fmt: skip
        assert backup.route == route
        assert backup.path.read_bytes().startswith(b"PGDMP" if route == "pg_dump" else b"PK\x03\x04")
    with Database.open(empty_book(), source="test") as second:
        restored = postgres.restore(second.engine, backup.path, second.schema_revision())
        assert restored.route == route
        assert counts(second.engine) == expected


@needs_server
def test_a_restore_into_a_book_with_records_is_refused(
    demo_db: Database, tmp_path: Path, empty_book: Callable[[], str]  # noqa: F811 - the fixture
) -> None:
    archive = tmp_path / "demo.zip"
    postgres.export_tables(demo_db.engine, archive, demo_db.schema_revision())
    with Database.open(empty_book(), source="test") as server:
        postgres.restore(server.engine, archive, server.schema_revision())
        with pytest.raises(InputError) as refused:
            postgres.restore(server.engine, archive, server.schema_revision())
        assert refused.value.message().startswith("只能恢复到一个空的 PostgreSQL 数据库：当前数据库已有记录（")
        assert counts(server.engine)["members"] == 300


@needs_server
def test_a_damaged_pg_dump_is_refused_and_the_book_stays_empty(
    tmp_path: Path, empty_book: Callable[[], str]  # noqa: F811 - the fixture
) -> None:
    with Database.open(empty_book(), source="test") as server:
        from unionbook.services import members

        members.save_member(server.session_factory, members.MemberInput(name="王芳", join_date_unknown=True))
        dump = postgres.backup(server.engine, tmp_path / "a.dump", server.schema_revision(), use_pg_dump=True).path
    dump.write_bytes(dump.read_bytes()[:200])
    with Database.open(empty_book(), source="test") as target:
        with pytest.raises(InputError) as refused:
            postgres.restore(target.engine, dump, target.schema_revision())
        assert refused.value.message().startswith("备份文件 a.dump 已损坏或不完整，未做任何改动（pg_restore: error:")
        assert counts(target.engine)["members"] == 0


@needs_server
def test_backup_and_restore_of_a_server_book_go_through_the_usual_entry_points(
    demo_db: Database, tmp_path: Path, empty_book: Callable[[], str]  # noqa: F811 - the fixture
) -> None:
    """What `unionbook backup`/`restore` and the window's 备份 call (services.backup) take the
    server route for a server book; the restore is recorded in the restored book's trail."""
    from unionbook.services import backup as backups

    archive = tmp_path / "demo.zip"
    postgres.export_tables(demo_db.engine, archive, demo_db.schema_revision())
    with Database.open(empty_book(), source="test") as first:
        postgres.restore(first.engine, archive, first.schema_revision())
        written = backups.write_backup(first, tmp_path / "办公室备份.dump")
        assert (written.attachments, written.missing) == (0, ())
        expected = counts(first.engine)
    with Database.open(empty_book(), source="test") as second:
        result = backups.restore(second, written.path)
        assert result.message().startswith("已从 办公室备份.dump 恢复（")
        after = counts(second.engine)
        assert after == {**expected, "audit_log": expected["audit_log"] + 1}
