"""The command line contract of DESIGN.md: sub-commands, exit codes, one Chinese line per message."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from unionbook.app import main
from unionbook.services.database import Database


def run(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_demo_fills_a_new_database_and_refuses_a_filled_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "demo.sqlite"
    code, out, _ = run("--db", str(path), "demo", capsys=capsys)
    assert code == 0
    assert "已生成演示工会" in out and "职工" in out

    code, _, err = run("--db", str(path), "demo", capsys=capsys)
    assert code == 2
    assert "已有数据" in err
    assert len(err.strip().splitlines()) == 1


def test_usage_errors_are_one_chinese_line_with_exit_code_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as excinfo:
        main(["--no-such-option"])
    assert excinfo.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("命令行参数有误")
    assert len(err.strip().splitlines()) == 1


def test_locked_database_is_refused_by_the_cli(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run("--db", str(db.path), "templates", capsys=capsys)
    assert code == 2
    assert "正被另一个 UnionBook" in err


def test_backup_and_restore_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "u.sqlite"
    copy = tmp_path / "copy.sqlite"
    assert run("--db", str(path), "backup", "-o", str(copy), capsys=capsys)[0] == 0
    assert copy.exists()
    code, out, _ = run("--db", str(path), "restore", str(copy), capsys=capsys)
    assert code == 0 and "已从" in out
    code, _, err = run("--db", str(path), "restore", str(tmp_path / "missing.sqlite"), capsys=capsys)
    assert code == 2 and "找不到备份文件" in err


def test_templates_lists_user_templates_with_variable_counts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import openpyxl

    folder = tmp_path / "templates"
    folder.mkdir()
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "会员 {{会员总数}} 人，入会率 {{入会率}}%"
    workbook.active["A2"] = "{{会员总数}}"
    workbook.save(folder / "我的报表.xlsx")
    (folder / "~$我的报表.xlsx").write_bytes(b"lock file of an open workbook")
    code, out, _ = run("--db", str(tmp_path / "u.sqlite"), "templates", capsys=capsys)
    assert code == 0
    lines = [line for line in out.splitlines() if "我的报表" in line]
    assert len(lines) == 1
    assert "自定义" in lines[0] and "2 个变量" in lines[0]


def test_python_dash_m_runs_the_same_cli(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "unionbook", "--db", str(tmp_path / "m.sqlite"), "templates"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "m.sqlite").exists()
