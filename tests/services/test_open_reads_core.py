"""Opening a book for a command that reads only Core tables (issue 17) must not import the ORM on
any path of the open — also on the first open of a day, when the open backs the book up and
prunes the old backups by the book's own rule (app_settings)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

from unionbook.services import members
from unionbook.services.backup import save_retention
from unionbook.services.backup.store import Retention
from unionbook.services.database import Database
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
