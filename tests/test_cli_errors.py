"""Failures the machine causes are one Chinese line and exit 2, never a traceback (issue 12, item 9).

Each case runs the real command line in a subprocess, as a chair's script would. The tests run as
root in CI, where chmod stops nothing, so the conditions are made otherwise: a home folder under a
file (HOME=/dev/null/x), SQLite's own read-only and size limits set on every connection by a small
wrapper around the entry point, and a database with its pages overwritten.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from unionbook.app import main

# Run the CLI with a condition imposed on every SQLite connection the program opens.
_WRAPPER = """
import sys
from sqlalchemy import event
from sqlalchemy.engine import Engine

mode = sys.argv.pop(1)

@event.listens_for(Engine, "connect")
def _impose(connection, _record):
    if mode == "readonly":
        connection.execute("PRAGMA query_only = 1")  # SQLite answers writes with SQLITE_READONLY
    elif mode == "full":
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        connection.execute(f"PRAGMA max_page_count = {pages}")  # SQLITE_FULL as soon as it grows

from unionbook.app import main
raise SystemExit(main(sys.argv[1:]))
"""


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "UNIONBOOK_"))}
    env["HOME"] = str(home)
    return env


def _cli(*args: str, home: Path, mode: str | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", _WRAPPER, mode, *args] if mode else [sys.executable, "-m", "unionbook", *args]
    return subprocess.run(command, capture_output=True, text=True, env=_env(home), timeout=60)


def _one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def _roster(path: Path, people: int) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["姓名", "性别", "部门", "备注"])
    for n in range(people):
        sheet.append([f"职工{n:04d}", "男" if n % 2 else "女", "一车间", "备注" * 20])
    workbook.save(path)
    return path


def test_an_unwritable_home_does_not_stop_version_or_help(tmp_path: Path) -> None:
    result = _cli("--version", home=Path("/dev/null/x"))
    assert result.returncode == 0 and "UnionBook" in result.stdout
    line = _one_line(result)
    assert line.startswith("提示：日志文件夹") and "/dev/null/x" in line


def test_an_unwritable_home_refuses_the_default_database_in_one_line(tmp_path: Path) -> None:
    result = _cli("figures", "--year", "2024", home=Path("/dev/null/x"))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2 and lines[0].startswith("提示：日志文件夹")  # the log's fallback, then the failure
    assert "/dev/null/x" in lines[1] and "不是文件夹" in lines[1]


@pytest.mark.sqlite_only("a disk failure under a SQLite file")
def test_a_read_only_database_is_one_line_and_exit_2(db_path: Path, tmp_path: Path) -> None:
    result = _cli("--db", str(db_path), "import", "members", str(_roster(tmp_path / "r.xlsx", 3)),
                  home=tmp_path / "home", mode="readonly")  # fmt: skip
    assert result.returncode == 2
    line = _one_line(result)
    assert str(db_path) in line and "只读" in line


@pytest.mark.sqlite_only("a disk failure under a SQLite file")
def test_a_full_disk_is_one_line_and_exit_2(db_path: Path, tmp_path: Path) -> None:
    result = _cli("--db", str(db_path), "import", "members", str(_roster(tmp_path / "r.xlsx", 400)),
                  home=tmp_path / "home", mode="full")  # fmt: skip
    assert result.returncode == 2
    line = _one_line(result)
    assert str(db_path) in line and "磁盘空间不足" in line and "没有保存" in line


def _damage(path: Path) -> None:
    """Overwrite the start of every page after the first two: the schema still reads, the tables do not."""
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for offset in range(2 * page, len(data), page):
        data[offset : offset + 200] = b"\xff" * 200
    path.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


@pytest.mark.sqlite_only("a damaged SQLite file")
def test_a_damaged_database_is_one_line_and_exit_2(demo_template: Path, tmp_path: Path) -> None:
    from unionbook.db.backup import backup_database

    damaged = tmp_path / "damaged.sqlite"
    backup_database(demo_template, damaged)
    _damage(damaged)
    for command in (["figures", "--year", "2024"], ["export", "members", "-o", str(tmp_path / "x.xlsx")]):
        result = _cli("--db", str(damaged), *command, home=tmp_path / "home")
        assert result.returncode == 2, result.stderr
        line = _one_line(result)
        assert "damaged.sqlite" in line and "损坏" in line


def test_a_database_path_that_is_a_folder_is_one_line_and_exit_2(tmp_path: Path) -> None:
    folder = tmp_path / "u.sqlite"
    folder.mkdir()
    result = _cli("--db", str(folder), "figures", "--year", "2024", home=tmp_path / "home")
    assert result.returncode == 2
    assert "u.sqlite" in _one_line(result)


@pytest.mark.sqlite_only("backup files of a SQLite book")
def test_backup_onto_a_full_disk_leaves_no_partial_file(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The backup API failing half-way (SQLITE_FULL) after the target file was created."""
    import types

    import unionbook.db.backup as db_backup

    real = sqlite3.connect

    class _FullDisk:
        def __init__(self, connection: sqlite3.Connection) -> None:
            self.connection = connection

        def backup(self, target: sqlite3.Connection) -> None:
            target.execute("CREATE TABLE half(x)")  # something was written before the disk filled
            raise sqlite3.OperationalError("database or disk is full")

        def close(self) -> None:
            self.connection.close()

    def connect(path: object, *args: object, **kwargs: object) -> object:
        connection = real(path, *args, **kwargs)
        return connection if str(path).endswith(".partial") else _FullDisk(connection)

    monkeypatch.setattr(db_backup, "sqlite3", types.SimpleNamespace(connect=connect))
    target = tmp_path / "out" / "b.sqlite"
    code = main(["--db", str(db_path), "backup", "-o", str(target)])
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert "磁盘空间不足" in err and "b.sqlite" in err
    assert list(target.parent.iterdir()) == []  # neither b.sqlite nor b.sqlite.partial


@pytest.mark.sqlite_only("a SQLite trigger makes the failure")
def test_an_unexpected_failure_is_one_line_and_exit_1(db_path: Path, tmp_path: Path) -> None:
    """A real bug (here a trigger refusing the insert) stays exit 1, still without a traceback."""
    with sqlite3.connect(db_path) as connection:
        connection.execute("CREATE TRIGGER refuse BEFORE INSERT ON members BEGIN SELECT RAISE(ABORT, 'refused'); END")
    result = _cli("--db", str(db_path), "import", "members", str(_roster(tmp_path / "r.xlsx", 2)), home=tmp_path / "home")
    assert result.returncode == 1
    line = _one_line(result)
    assert line.startswith("意外错误：IntegrityError") and "详细信息见日志" in line
