"""The window's shell paints before the database is opened (issues 17, 18), and what opening the
database has to say — a damaged book, a book in use elsewhere — still reaches the chair, over the
shell, with nothing written and exit 2."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from corruption import corrupt_a_table_page
from PySide6.QtWidgets import QApplication

from unionbook.db.backup import backup_database
from unionbook.services.database import Database
from unionbook.ui import application
from unionbook.ui.main_window import MainWindow


def _shells() -> list[MainWindow]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What happened, in order: the shell's first paint, then each message with what was on
    screen when it was shown."""
    events: list[str] = []
    wait = application.wait_for_first_paint

    def waited(window) -> bool:
        painted = wait(window)
        events.append(f"painted={painted}")
        return painted

    monkeypatch.setattr(application, "wait_for_first_paint", waited)
    return events


def _screen() -> str:
    shells = _shells()
    if len(shells) != 1:
        return f"{len(shells)} windows"
    shell = shells[0]
    return f"shell[{shell.statusBar().currentMessage()}|{shell.db is None}|{shell.built_pages() == []}]"


def test_a_damaged_book_is_reported_over_the_painted_shell(
    demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seen: list[str]
) -> None:
    path = tmp_path / "unionbook.sqlite"
    backup_database(demo_template, path)
    corrupt_a_table_page(path)
    before = path.read_bytes()

    def choose(title: str, text: str, choices, icon) -> str:
        seen.append(f"{title}: {text.splitlines()[0]} over {_screen()}")
        assert QApplication.overrideCursor() is None  # no busy cursor over a question
        return application.QUIT

    monkeypatch.setattr(application, "_choose", choose)
    assert application.run_gui(path) == 2
    assert seen == [
        "painted=True",
        "数据库已损坏: 数据库已损坏，不能继续使用： over shell[正在打开台账……|True|True]",
    ]
    assert path.read_bytes() == before
    QApplication.processEvents()
    assert _shells() == []  # 退出 closes the shell


def test_a_book_in_use_elsewhere_is_reported_over_the_painted_shell(
    demo_db: Database, monkeypatch: pytest.MonkeyPatch, seen: list[str]
) -> None:
    path = Path(demo_db.path)  # demo_db holds the book's lock, as another window would
    before = path.read_bytes()

    def critical(_parent, title: str, text: str) -> None:
        seen.append(f"{title}: {text} over {_screen()}")
        assert QApplication.overrideCursor() is None

    monkeypatch.setattr(application.QMessageBox, "critical", critical)
    assert application.run_gui(path) == 2
    assert seen == [
        "painted=True",
        f"无法打开数据库: 数据库 {path} 正被另一个 UnionBook 窗口或命令使用，请先关闭它再试 over shell[正在打开台账……|True|True]",
    ]
    assert path.read_bytes() == before


def test_the_shell_imports_nothing_that_reads_a_database() -> None:
    """Building and showing the shell needs Qt and the window's own modules only: SQLAlchemy, the
    models and the pages come after the first paint (checked in a fresh interpreter)."""
    import subprocess

    code = (
        "import sys\n"
        "from unionbook.ui.application import create_application\n"
        "from unionbook.ui.main_window import MainWindow\n"
        "app = create_application()\n"
        "w = MainWindow()\n"
        "w.show()\n"
        "app.processEvents()\n"
        "heavy = ('sqlalchemy', 'unionbook.db.models', 'unionbook.services.database', 'openpyxl', 'docx', 'pypinyin',"
        " 'alembic', 'PySide6.QtCharts', 'unionbook.ui.pages.overview')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_the_shell_takes_the_database_and_opens_on_the_remembered_page(qtbot, demo_db: Database) -> None:
    shell = MainWindow()
    qtbot.addWidget(shell)
    assert shell.built_pages() == [] and shell.windowTitle() == ""
    shell.nav.setCurrentRow(4)  # chosen while the database opens: nothing is built yet
    assert shell.built_pages() == []
    shell.attach(demo_db)
    assert [page.title for page in shell.built_pages()] == ["活动"]
    assert shell.stack.currentWidget() is shell.activities_page
    assert shell.path_label.text() == f"数据库：{demo_db.path}"
    assert shell.statusBar().currentMessage() != "正在打开台账……"


def test_a_district_book_takes_the_shells_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    from unionbook.app import main
    from unionbook.services.district.book import make_district_book

    path = tmp_path / "区总.sqlite"
    with Database.open(path, source="test") as db:
        make_district_book(db.session_factory)
    on_screen: list[list[str]] = []
    idle = application._FirstPaint._idle

    def noted(self) -> None:
        on_screen.append(sorted(type(w).__name__ for w in QApplication.topLevelWidgets() if w.isVisible()))
        idle(self)

    monkeypatch.setattr(application._FirstPaint, "_idle", noted)
    assert main(["--db", str(path), "--exit-when-shown"]) == 0
    assert on_screen == [["DistrictWindow"]]  # the shell closed once the district window showed
    assert capsys.readouterr().out.strip().splitlines()[-1].startswith("窗口首次绘制 ")


def test_a_window_that_never_paints_does_not_hold_the_start(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from PySide6.QtWidgets import QWidget

    monkeypatch.setattr(application, "FIRST_PAINT_WAIT_MS", 200)
    hidden = QWidget()  # never shown: never painted (a minimised start, a display that paints nothing)
    qtbot.addWidget(hidden)
    started = time.monotonic()
    assert application.wait_for_first_paint(hidden) is False
    assert 0.15 < time.monotonic() - started < 5
    shown = QWidget()
    qtbot.addWidget(shown)
    shown.show()
    assert application.wait_for_first_paint(shown) is True


def test_a_large_books_check_is_cut_at_the_budget_and_finished_after_the_window_shows(
    demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Over WHOLE_CHECK_BYTES the open checks for WINDOW_CHECK_BUDGET only (here: nothing), so the
    damage is not found before the window shows; start_background_checks finds it afterwards."""
    path = tmp_path / "unionbook.sqlite"
    backup_database(demo_template, path)
    corrupt_a_table_page(path)
    monkeypatch.setattr(application, "WHOLE_CHECK_BYTES", 1024)
    monkeypatch.setattr(application, "WINDOW_CHECK_BUDGET", 0)
    monkeypatch.setattr(application, "_choose", lambda *a: pytest.fail("asked at open"))
    db = application.open_database(path)
    try:
        assert db is not None and db.integrity is not None and not db.integrity.complete
    finally:
        db.close()


def test_a_shell_closed_while_the_book_opens_ends_the_start(demo_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """Closing the window before the database is open ends the program (exit 0) instead of
    leaving it running with no window and the book locked."""
    path = Path(demo_db.path)
    demo_db.close()
    wait = application.wait_for_first_paint

    def closed_meanwhile(window) -> bool:
        painted = wait(window)
        window.close()  # the chair clicks × while the book opens
        return painted

    monkeypatch.setattr(application, "wait_for_first_paint", closed_meanwhile)
    assert application.run_gui(path) == 0
    QApplication.processEvents()
    assert _shells() == []
    with Database.open(path, source="test"):  # unlocked again
        pass
