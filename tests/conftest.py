"""Shared fixtures. Qt runs offscreen; every test gets its own user folders and database copy.

A database migrated to head is built once per session and copied for each test (the way Anki's
and calibre's test suites do it), so tests start from a real migrated file in milliseconds. With
UNIONBOOK_TEST_DB set to a PostgreSQL server, the same fixtures hand out fresh server databases
instead (server_books.py), and tests marked `sqlite_only` are skipped.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import server_books

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep QSettings, logs and the default database of tests out of the developer's profile, and
    out of each other's: every test starts with empty window state (last page, year, folders)."""
    from PySide6.QtCore import QSettings

    home = tmp_path_factory.mktemp("home")
    for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"), ("XDG_STATE_HOME", "state"), ("XDG_CACHE_HOME", "cache")):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.delenv("UNIONBOOK_DB", raising=False)
    # Qt reads XDG_CONFIG_HOME once, at the first QSettings, and keeps that folder for the whole
    # process; setPath moves every later QSettings (ui_settings makes a new one per use) to this
    # test's own folder, so a file name never repeats and Qt's cache of open INI files never hits.
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(home / "config"))


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path | str]:
    from unionbook.db.migrate import migrate

    if server_books.admin_url():
        book = server_books.create(server_books.new_name("template"))
        migrate(book)
        yield book
        for reusable in [r for t, r in _reusable.items() if t == book]:
            server_books.drop(reusable.book)
        server_books.drop(book)
        return
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    migrate(path)
    yield path


_reusable: dict[str, server_books.Reusable] = {}


def _copy_book(template: Path | str, tmp_path: Path, name: str) -> Iterator[Path | str]:
    """A fresh copy of a template book: a file beside the test, or on the server the template's
    working database put back to the template's rows (server_books.Reusable)."""
    if isinstance(template, server_books.ServerBook):
        if template not in _reusable:
            _reusable[template] = server_books.Reusable(template)
        yield _reusable[template].fresh()
        return
    from unionbook.db.backup import backup_database

    path = tmp_path / name
    backup_database(template, path)
    yield path


@pytest.fixture
def db_path(template_db: Path | str, tmp_path: Path) -> Iterator[Path | str]:
    """A migrated, empty book: a SQLite file, or with UNIONBOOK_TEST_DB a PostgreSQL database
    (server_books.ServerBook, a str that works wherever the tests pass a database path)."""
    yield from _copy_book(template_db, tmp_path, "unionbook.sqlite")


@pytest.fixture
def db(db_path: Path | str) -> Iterator:
    """An open Database (lock held, audited sessions) on a fresh copy of the template."""
    from unionbook.services.database import Database

    database = Database.open(db_path, source="test")
    yield database
    database.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path | str]:
    """The 300-member demo union, generated once per session."""
    from unionbook.services.database import Database
    from unionbook.services.demo import generate_demo

    if server_books.admin_url():
        book: Path | str = server_books.create(server_books.new_name("demo"))
    else:
        book = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    with Database.open(book, source="test") as database:
        generate_demo(database.session_factory)
    yield book
    if isinstance(book, server_books.ServerBook):
        for reusable in [r for t, r in _reusable.items() if t == book]:
            server_books.drop(reusable.book)
        server_books.drop(book)


@pytest.fixture
def demo_db(demo_template: Path | str, tmp_path: Path) -> Iterator:
    from unionbook.services.database import Database

    for book in _copy_book(demo_template, tmp_path, "demo.sqlite"):
        database = Database.open(book, source="test")
        yield database
        database.close()


@pytest.fixture(autouse=True)
def _drop_copied_server_books() -> Iterator[None]:
    """Server books a test copied (server_books.copy_book) go when it ends: a bounded number
    exists at once."""
    yield
    while server_books.made:
        server_books.drop(server_books.made.pop())


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On PostgreSQL (UNIONBOOK_TEST_DB), tests about SQLite files themselves are skipped, each
    with its reason (`-rs` lists them)."""
    if not server_books.admin_url():
        return
    for item in items:
        marker = item.get_closest_marker("sqlite_only")
        if marker is not None:
            reason = marker.args[0] if marker.args else "about SQLite files"
            item.add_marker(pytest.mark.skip(reason=f"sqlite_only: {reason}"))


def libreoffice_convert(source: Path, fmt: str, outdir: Path) -> Path:
    """Convert a document with LibreOffice (xlsx → xls/ods, docx → pdf) the way a user's colleague
    would save it. CI installs LibreOffice, so its absence is a failure, not a skip."""
    import subprocess

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.fail("LibreOffice (soffice) is needed: apt-get install -y libreoffice-calc-nogui (see README.md)")
    profile = (outdir / "lo-profile").as_uri()  # a private profile, so parallel runs don't clash
    run = subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", fmt, "--outdir", str(outdir),
         str(source)],
        capture_output=True,
        text=True,
        timeout=180,
    )  # fmt: skip
    converted = outdir / f"{source.stem}.{fmt.split(':')[0]}"
    assert converted.exists(), f"soffice did not convert {source.name} to {fmt}: {run.stdout}{run.stderr}"
    return converted


@pytest.fixture(autouse=True)
def _settle_background_work() -> Iterator[None]:
    """No GUI worker may outlive the test that started it: one still running when the test's
    widgets are destroyed would deliver its result into the next test."""
    yield
    import sys

    if "PySide6.QtWidgets" not in sys.modules:
        return  # not a GUI test
    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QApplication

    QThreadPool.globalInstance().waitForDone(30_000)
    app = QApplication.instance()
    if app is not None:
        app.processEvents()


@pytest.fixture(autouse=True)
def _no_unexpected_modals(monkeypatch: pytest.MonkeyPatch) -> None:
    """A modal dialog a test did not expect fails that test at once instead of hanging the suite
    (offscreen, nobody clicks it; pytest-timeout cannot interrupt Qt's modal loop). Tests that
    expect one patch the dialog's own `exec` (or the module's `show_error`), which wins over this."""
    import sys

    if "PySide6.QtWidgets" not in sys.modules:
        return  # not a GUI test
    from PySide6.QtWidgets import QDialog, QMessageBox

    def refuse(self: QDialog, *_args: object) -> int:
        text = self.text() if isinstance(self, QMessageBox) else ""
        raise AssertionError(f"unexpected modal dialog {type(self).__name__} “{self.windowTitle()}”: {text}")

    def refuse_static(_parent: object, title: str = "", text: str = "", *_args: object, **_kwargs: object) -> int:
        raise AssertionError(f"unexpected message box “{title}”: {text}")

    monkeypatch.setattr(QDialog, "exec", refuse)
    monkeypatch.setattr(QMessageBox, "exec", refuse)
    for name in ("question", "information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(refuse_static))
