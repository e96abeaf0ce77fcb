"""Launching UnionBook again brings the open window to the front and hands it the file, instead of
the "正被另一个窗口使用" refusal (ui/single_instance.py, issue 18)."""

from __future__ import annotations

import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from unionbook.services.database import Database
from unionbook.ui import application, single_instance
from unionbook.ui.application import bring_to_front, create_application
from unionbook.ui.dialogs.import_wizard import ImportWizard
from unionbook.ui.main_window import MainWindow
from unionbook.ui.single_instance import InstanceServer, hand_over, server_name

SECOND_LAUNCH = """
import sys
from PySide6.QtCore import QCoreApplication
from unionbook.ui.single_instance import hand_over
app = QCoreApplication([])
print(hand_over(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None))
"""


def _second_launch(name: str, *file: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", SECOND_LAUNCH, name, *file], stdout=subprocess.PIPE, text=True)


def test_the_name_is_per_user_and_database_and_plain_ascii(tmp_path: Path) -> None:
    a, b = server_name(tmp_path / "台账.sqlite"), server_name(tmp_path / "other.sqlite")
    assert a != b and a == server_name(tmp_path / "x" / ".." / "台账.sqlite")
    assert a.startswith("UnionBook-") and a.isascii() and len(a) == len("UnionBook-") + 16


def test_a_second_launch_hands_its_file_to_the_first_and_is_answered(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    create_application()
    server = InstanceServer(f"UnionBook-test-{uuid.uuid4().hex[:12]}")
    assert server.listen()
    try:
        received: list[Path | None] = []
        roster = tmp_path / "花名册.xlsx"
        first = _second_launch(server.name, str(roster))
        # A request that arrives while the window is still being built is kept for it.
        qtbot.waitUntil(lambda: bool(server._pending), timeout=15000)
        server.attach(received.append)
        assert received == [roster]
        second = _second_launch(server.name)  # a plain second double-click: just come to the front
        qtbot.waitUntil(lambda: len(received) == 2, timeout=15000)
        assert received[1] is None
        assert first.communicate(timeout=15)[0].strip() == "True"
        assert second.communicate(timeout=15)[0].strip() == "True"
    finally:
        server.close()


def test_with_no_window_open_the_launch_goes_on_at_once() -> None:
    create_application()
    started = time.monotonic()
    assert hand_over(f"UnionBook-test-{uuid.uuid4().hex[:12]}") is False
    assert time.monotonic() - started < 2


@pytest.fixture
def window(qtbot, demo_db: Database) -> MainWindow:  # noqa: ANN001
    create_application()
    win = MainWindow(demo_db)
    qtbot.addWidget(win)
    win.show()
    return win


def test_the_handed_file_opens_the_roster_import_on_the_member_page(qtbot, window: MainWindow, tmp_path: Path) -> None:  # noqa: ANN001
    roster = tmp_path / "花名册.csv"
    roster.write_text("姓名,身份证号码\n测试新人,11010519491231002X\n", encoding="utf-8")
    window.show_page(window.documents_page.title)
    window.showMinimized()
    bring_to_front(window, roster)
    assert not window.isMinimized()
    assert window.stack.currentWidget() is window.members_page
    wizards = [w for w in window.findChildren(ImportWizard) if w.isVisible()]
    assert len(wizards) == 1
    wizards[0].reject()


def test_a_file_that_is_not_a_table_is_refused_in_the_status_bar(window: MainWindow, tmp_path: Path) -> None:
    letter = tmp_path / "通知.docx"
    letter.write_bytes(b"PK")
    bring_to_front(window, letter)
    assert window.statusBar().currentMessage().startswith("不能导入这个文件：")
    assert not [w for w in window.findChildren(ImportWizard) if w.isVisible()]


def test_run_gui_hands_over_and_returns_without_opening_the_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    handed: list[tuple[str, Path | None]] = []
    monkeypatch.setattr(single_instance, "hand_over", lambda name, file: handed.append((name, file)) or True)
    monkeypatch.setattr(application, "open_database", lambda *a, **k: pytest.fail("the database was opened"))
    roster = tmp_path / "r.xlsx"
    assert application.run_gui(tmp_path / "db.sqlite", open_file=roster) == 0
    assert handed == [(server_name(tmp_path / "db.sqlite"), roster)]
    QApplication.processEvents()
