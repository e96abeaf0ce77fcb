"""设置 → 备份数据库… and 从备份恢复… on a book on a PostgreSQL server (issue 19): pg_dump's file
where the chair chooses, and back into an empty server book. Needs UNIONBOOK_TEST_DB (tests/server_books.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from server_books import empty_book, needs_server  # noqa: F401 - the fixture

from unionbook.services import members
from unionbook.services.database import Database
from unionbook.ui.application import create_application
from unionbook.ui.dialogs import backups_dialog


@needs_server
def test_the_window_backs_a_server_book_up_with_pg_dump_and_restores_it_into_an_empty_one(
    qtbot, monkeypatch, tmp_path: Path, empty_book  # noqa: F811
) -> None:
    if not shutil.which("pg_dump"):
        pytest.fail("pg_dump is needed (apt-get install postgresql-client)")
    create_application()
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: said.append(text))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    suggested: list[str] = []

    def save_as(_parent, _title, name, kind):
        suggested.append(f"{Path(name).suffix} {kind}")
        return str(tmp_path / "办公室备份"), kind

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(tmp_path / "办公室备份.dump"), ""))
    with Database.open(empty_book(), source="gui") as office:
        for name in ("王芳", "刘洋"):
            members.save_member(office.session_factory, members.MemberInput(name=name, join_date_unknown=True))
        backups_dialog.backup_to_file(None, office)
        qtbot.waitUntil(lambda: any(text.startswith("已备份到") for text in said), timeout=60_000)
    assert suggested == [".dump PostgreSQL 备份 (*.dump)"]
    assert (tmp_path / "办公室备份.dump").read_bytes().startswith(b"PGDMP")
    with Database.open(empty_book(), source="gui") as new_office:
        backups_dialog.choose_and_restore(None, new_office)
        qtbot.waitUntil(lambda: any(text.startswith("已从") for text in said), timeout=60_000)
        assert sorted(row.name for row in members.fetch_rows(new_office.session_factory, members.query_member_ids(new_office.session_factory))) == ["刘洋", "王芳"]
