"""Opening a book reads app_settings as a Core table (issue 17): the open password, whether it is a
district book, the backups' keeping rule. A command that reads only Core tables must not import
the ORM on any path of the open — also on the first open of a day, when the open backs the book
up and prunes the old backups by the book's own rule."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from unionbook.app import main
from unionbook.services import access, members
from unionbook.services.backup import save_retention
from unionbook.services.backup.store import Retention
from unionbook.services.database import Database
from unionbook.services.district.book import make_district_book
from unionbook.services.district.guard import is_armed
from unionbook.services.members import MemberInput


def test_first_figures_of_the_day_backs_up_and_prunes_without_the_orm(tmp_path: Path) -> None:
    book = tmp_path / "工会.sqlite"
    with Database.open(book, source="test") as db:
        members.save_member(db.session_factory, MemberInput(name="张三", is_member=True, join_date=date(2020, 5, 1)))
        save_retention(db.session_factory, Retention(daily=1, weekly=0, monthly=0))
    folder = tmp_path / "backups"
    folder.mkdir()
    old = folder / "工会-20200101-080000-每日.zip"  # an old daily backup the book's rule (keep 1) prunes
    old.write_bytes(b"PK\x05\x06" + bytes(18))
    probe = (
        "import contextlib, io, sys\n"
        "from unionbook.app import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = main(['--db', {str(book)!r}, 'figures', '--year', '2025'])\n"
        "print(code, *sorted(m for m in ('sqlalchemy.orm', 'unionbook.db.models') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], check=False, capture_output=True, text=True, timeout=120)
    assert done.stdout.split() == ["0"], done.stdout + done.stderr
    made = [p.name for p in folder.iterdir()]
    assert len(made) == 1 and made[0].endswith("-每日.zip") and made[0] != old.name  # today's, the old one pruned


def test_a_district_book_with_a_password_is_locked_and_guarded_when_reopened(
    db_path: Path | str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The open reads the password and the book's kind as Core rows, on a file and (with
    UNIONBOOK_TEST_DB) on a PostgreSQL server book alike."""
    with Database.open(db_path, source="test") as db:
        make_district_book(db.session_factory)
        access.set_password(db.session_factory, "工会2025")
    with Database.open(db_path, source="test") as db:
        assert is_armed(db.engine)
        assert access.has_password(db.connect)
        assert access.check_password(db.connect, "工会2025")
        assert not access.check_password(db.connect, "工会2024")
    monkeypatch.setenv(access.ENV_VAR, "工会2024")
    assert main(["--db", str(db_path), "district", "unions"]) == 2
    assert "打开密码不正确" in capsys.readouterr().err
    monkeypatch.setenv(access.ENV_VAR, "工会2025")
    assert main(["--db", str(db_path), "figures", "--year", "2025"]) == 2
    assert "这是区总工会汇总库" in capsys.readouterr().err
    assert main(["--db", str(db_path), "district", "unions"]) == 0
