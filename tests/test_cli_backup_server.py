"""`unionbook backup` / `restore` on a book on a PostgreSQL server (issue 19): pg_dump's file,
restored into an empty book; a book with records and a cut file refused with exit 2; the
password never printed. Needs UNIONBOOK_TEST_DB (tests/server_books.py)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from server_books import empty_book, needs_server  # noqa: F401 - the fixture
from sqlalchemy.engine import make_url

from unionbook.app import main
from unionbook.services import members
from unionbook.services.database import Database


@needs_server
def test_backup_and_restore_of_a_server_book_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], empty_book: Callable[[], str]  # noqa: F811 - the fixture
) -> None:
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.fail("pg_dump and pg_restore are needed (apt-get install postgresql-client)")
    # A password in the URL (a trust-authenticated test server ignores it) that must never be printed.
    password = "pw-never-printed"
    office = make_url(empty_book()).set(password=password).render_as_string(hide_password=False)
    with Database.open(office, source="test") as db:
        for name in ("王芳", "刘洋", "陈静"):
            members.save_member(db.session_factory, members.MemberInput(name=name, join_date_unknown=True))
    target = tmp_path / "办公室.dump"
    assert main(["--db", office, "backup", "-o", str(target)]) == 0
    said = capsys.readouterr()
    assert said.out.startswith(f"已备份到 {target}（") and target.read_bytes().startswith(b"PGDMP")

    fresh = empty_book()
    assert main(["--db", fresh, "restore", str(target)]) == 0
    assert capsys.readouterr().out.strip() == "已从 办公室.dump 恢复（pg_restore）"
    with Database.open(fresh, source="test") as db:
        assert members.status_counts(db.session_factory).total == 3

    assert main(["--db", fresh, "restore", str(target)]) == 2  # it holds records now
    refused = capsys.readouterr()
    assert refused.err.startswith("只能恢复到一个空的 PostgreSQL 数据库：当前数据库已有记录（")

    cut = tmp_path / "断了的.dump"
    cut.write_bytes(target.read_bytes()[:300])
    assert main(["--db", empty_book(), "restore", str(cut)]) == 2
    damaged = capsys.readouterr()
    assert damaged.err.startswith("备份文件 断了的.dump 已损坏或不完整，未做任何改动（pg_restore: error:")
    for text in (said.out, said.err, refused.out, refused.err, damaged.out, damaged.err):
        assert password not in text
