"""设置 → 备份与恢复, and the window's start-up questions (issue 12, items 2, 6, 11). Offscreen."""

from __future__ import annotations

from pathlib import Path

import pytest
from corruption import corrupt_a_table_page
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select

from unionbook.db.backup import backup_database
from unionbook.db.models import Member
from unionbook.services import backup as backups
from unionbook.services.backup import Retention
from unionbook.services.database import Database
from unionbook.ui import application
from unionbook.ui.application import create_application
from unionbook.ui.dialogs.backups_dialog import BackupsDialog


def count_members(db: Database) -> int:
    with db.session_factory() as session:
        return session.scalar(select(func.count()).select_from(Member)) or 0


@pytest.fixture
def quiet_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Answer 是 to every question and note what the information boxes said."""
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: said.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: said.append(text))
    return said


def test_the_dialog_lists_backups_and_restores_the_selected_one(
    qtbot, demo_db: Database, quiet_boxes: list[str]
) -> None:
    create_application()
    first = backups.auto_backup(demo_db, "每日")
    with demo_db.session_factory.begin() as session:
        session.add(Member(name="周八", id_type="居民身份证"))
    dialog = BackupsDialog(demo_db)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.table.rowCount() == 1
    cells = [dialog.table.item(0, c).text() for c in range(4)]
    assert cells[1] == "每天首次打开时自动备份" and cells[2].endswith(("KB", "MB")) and cells[3] == first.name

    dialog.backup_now()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=15_000)
    assert dialog.selected_entry().reason == "手动"

    dialog.table.selectRow(next(i for i, e in enumerate(dialog.entries) if e.reason == "每日"))  # before 周八
    dialog.restore_selected()
    qtbot.waitUntil(lambda: any("已从" in text for text in quiet_boxes), timeout=30_000)
    assert count_members(demo_db) == 300
    qtbot.waitUntil(lambda: any(e.reason == "恢复前" for e in dialog.entries), timeout=5_000)


def test_the_dialog_saves_how_many_backups_are_kept(qtbot, db: Database) -> None:
    create_application()
    dialog = BackupsDialog(db)
    qtbot.addWidget(dialog)
    assert [dialog.keep[n].value() for n in ("daily", "weekly", "monthly")] == [7, 4, 12]
    dialog.keep["daily"].setValue(10)
    dialog.save_retention()
    assert backups.get_retention(db.session_factory) == Retention(10, 4, 12)
    for spin in dialog.keep.values():
        spin.setValue(0)
    dialog.save_retention()
    assert "至少保留" in dialog.keep_error.text()


def test_the_settings_page_opens_the_backups_dialog(qtbot, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    from unionbook.ui.pages.settings import SettingsPage

    create_application()
    opened = []
    monkeypatch.setattr(BackupsDialog, "exec", lambda self: opened.append(self) or 0)
    page = SettingsPage(db)
    qtbot.addWidget(page)
    page.show_backups()
    assert len(opened) == 1


# --- start-up --------------------------------------------------------------------------------------


def test_a_missing_database_is_created_only_after_asking(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    create_application()
    asked: list[str] = []
    target = tmp_path / "新" / "unionbook.sqlite"

    monkeypatch.setattr(
        application, "_choose", lambda title, text, choices, icon: asked.append(text) or application.QUIT
    )
    assert application.open_database(target) is None
    assert not target.exists() and str(target) in asked[0]

    monkeypatch.setattr(application, "_choose", lambda *a: application.CREATE)
    db = application.open_database(target)
    try:
        assert db is not None and db.path == target and target.exists()
    finally:
        db.close()


def test_demo_creates_the_database_without_asking(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    create_application()
    monkeypatch.setattr(application, "_choose", lambda *a: pytest.fail("--demo must not ask"))
    db = application.open_database(tmp_path / "demo.sqlite", create_without_asking=True)
    assert db is not None
    db.close()


def test_a_damaged_database_offers_its_latest_backup(
    demo_template: Path, tmp_path: Path, monkeypatch, quiet_boxes
) -> None:
    create_application()
    path = tmp_path / "unionbook.sqlite"
    backup_database(demo_template, path)
    with Database.open(path, source="test") as db:
        good = backups.auto_backup(db, "每日")
    corrupt_a_table_page(path)

    offered: list[tuple[str, list[str]]] = []

    def choose(title, text, choices, icon):
        offered.append((text, [label for _key, label in choices]))
        return application.RESTORE

    monkeypatch.setattr(application, "_choose", choose)
    db = application.open_database(path)
    try:
        assert db is not None and count_members(db) == 300
    finally:
        db.close()
    text, labels = offered[0]
    assert str(good) in text and labels == ["从备份恢复", "选择其他备份文件…", "退出"]


def test_a_damaged_database_and_quit_leaves_it_alone(demo_template: Path, tmp_path: Path, monkeypatch) -> None:
    create_application()
    path = tmp_path / "unionbook.sqlite"
    backup_database(demo_template, path)
    corrupt_a_table_page(path)
    before = path.read_bytes()
    monkeypatch.setattr(application, "_choose", lambda *a: application.QUIT)
    assert application.open_database(path) is None
    assert path.read_bytes() == before


def test_the_backups_screen_at_1366x768(qtbot, demo_db: Database, tmp_path: Path) -> None:
    """Rendered for a look (the PNG is kept in the test's folder): everything fits the screen."""
    create_application()
    backups.auto_backup(demo_db, "每日")
    backups.auto_backup(demo_db, "导入前")
    dialog = BackupsDialog(demo_db)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.width() <= 1366 and dialog.height() <= 768 - 60
    assert dialog.sizeHint().height() <= 768 - 60
    dialog.grab().save(str(tmp_path / "backups_dialog.png"))
