"""The integrity check a command makes when it opens a book (cli/base.py, db/integrity.open_budget):
a small union's file is checked whole however little time the check is given, so its damage is
refused before the command runs even on a busy PC; only a large file's check is cut at the budget."""

from __future__ import annotations

from pathlib import Path

import pytest
from corruption import corrupt_a_table_page

from unionbook.app import main
from unionbook.cli import base
from unionbook.db import integrity
from unionbook.db.backup import backup_database


@pytest.mark.sqlite_only("a damaged SQLite file")
def test_a_small_damaged_book_is_refused_even_with_no_time_for_the_check(
    demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    damaged = tmp_path / "damaged.sqlite"
    backup_database(demo_template, damaged)
    corrupt_a_table_page(damaged)  # a page of `members`, which `rules` never reads
    monkeypatch.setattr(base, "CHECK_BUDGET_SECONDS", 0.0)
    assert main(["--db", str(damaged), "rules"]) == 2
    assert "损坏" in capsys.readouterr().err
    # Counted as a large file, the same book gets the (empty) budget: the check is cut short and
    # `rules`, reading no damaged page, runs; the window's background check is what finds it then.
    monkeypatch.setattr(integrity, "WHOLE_CHECK_BYTES", 1024)
    assert main(["--db", str(damaged), "rules"]) == 0


def test_open_budget_by_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    book = tmp_path / "book.sqlite"
    book.write_bytes(b"x" * 2048)
    assert integrity.open_budget(book, 0.1) is None  # 2 KiB: whole
    monkeypatch.setattr(integrity, "WHOLE_CHECK_BYTES", 1024)
    assert integrity.open_budget(book, 0.1) == 0.1  # over the size: the budget
    assert integrity.open_budget(tmp_path / "new.sqlite", 0.1) is None  # nothing to check yet
    assert integrity.open_budget("postgresql://chair@server/union", 0.1) is None  # no file
