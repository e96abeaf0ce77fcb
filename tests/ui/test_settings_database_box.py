"""设置 → 数据库 names where the book is: a file on this PC, or a server (a PostgreSQL book)."""

from __future__ import annotations

import pytest

from unionbook.services.database import Database
from unionbook.ui.application import create_application
from unionbook.ui.pages.settings import SettingsPage


def test_a_file_book_is_named_as_a_file_with_its_size(qtbot, db: Database) -> None:
    create_application()
    page = SettingsPage(db)
    qtbot.addWidget(page)
    page.refresh()
    assert page.place_caption.text() == "文件"
    assert page.path_label.text() == str(db.path)
    assert page.size_label.text().endswith(" MB")


def test_a_server_book_is_named_as_a_server_not_a_file(qtbot, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    create_application()
    monkeypatch.setattr(Database, "on_server", property(lambda _self: True))
    monkeypatch.setattr(Database, "location", property(lambda _self: "postgresql://chair@10.0.0.5/unionbook"))
    page = SettingsPage(db)
    qtbot.addWidget(page)
    page.refresh()
    assert page.place_caption.text() == "服务器"
    assert page.path_label.text() == "postgresql://chair@10.0.0.5/unionbook"
    assert page.size_label.text() == "（在服务器上）"
