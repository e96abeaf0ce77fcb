"""`unionbook audit` and the open password on the command line (issue 12, items 10 and 12)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from unionbook.app import main
from unionbook.services import access, audit, members
from unionbook.services.audit import AuditFilter
from unionbook.services.database import Database
from unionbook.services.members import MemberInput

JOINED = date(2020, 3, 1)


def run(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _with_people(db_path: Path, *, password: str | None = None) -> None:
    with Database.open(db_path, source="test") as db:
        members.save_member(db.session_factory, MemberInput(name="张三", phone="13812345678", join_date=JOINED))
        members.save_member(db.session_factory, MemberInput(name="李四", join_date=JOINED))
        if password:
            access.set_password(db.session_factory, password)


def test_cli_audit_lists_and_filters(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _with_people(db_path)
    code, out, err = run("--db", str(db_path), "audit", "--kind", "新增", capsys=capsys)
    assert code == 0, err
    assert "新增  会员“张三”" in out and "新增  会员“李四”" in out
    assert "13812345678" not in out
    assert out.strip().splitlines()[-1] == "共 6 条。"  # 2 people, each with a 入会 and a 就业状况 event
    code, out, _ = run("--db", str(db_path), "audit", "--kind", "export", capsys=capsys)
    assert (code, out.strip()) == (0, "没有符合条件的操作记录。")
    code, out, _ = run("--db", str(db_path), "audit", "--from", "2000-01-01", "--to", "2000-12-31", capsys=capsys)
    assert out.strip() == "没有符合条件的操作记录。"


def test_cli_audit_exports_and_records_the_export(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _with_people(db_path)
    target = tmp_path / "操作记录.xlsx"
    code, out, err = run("--db", str(db_path), "audit", "--register", "会员", "-o", str(target), capsys=capsys)
    assert code == 0, err
    assert out.strip() == f"已导出 6 条操作记录到 {target}"
    assert openpyxl.load_workbook(target).active.max_row == 7
    with Database.open(db_path, source="test") as db:
        (entry,) = audit.list_entries(db.session_factory, AuditFilter(action="export"))
    assert entry.source == "cli"
    assert entry.summary == "操作记录 6 条，证件号码已隐藏，文件“操作记录.xlsx”"


def test_cli_audit_refuses_unknown_kind_and_register(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as excinfo:
        main(["--db", str(db_path), "audit", "--kind", "打印"])
    assert excinfo.value.code == 2
    assert capsys.readouterr().err.startswith("命令行参数有误：argument --kind: 操作应为 新增、修改")
    code, _, err = run("--db", str(db_path), "audit", "--register", "车间", capsys=capsys)
    assert code == 2 and err.startswith("台账应为")


def test_cli_wrong_password_exits_2_with_one_chinese_line(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _with_people(db_path, password="工会2025")
    monkeypatch.setenv("UNIONBOOK_PASSWORD", "工会2024")
    code, out, err = run("--db", str(db_path), "audit", capsys=capsys)
    assert code == 2
    assert out == ""
    assert err.strip() == f"打开密码不正确，未打开数据库 {db_path}"
    monkeypatch.setenv("UNIONBOOK_PASSWORD", "工会2025")
    code, out, _ = run("--db", str(db_path), "audit", capsys=capsys)
    assert code == 0 and "会员“张三”" in out


def test_cli_password_without_terminal_or_variable_exits_2(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _with_people(db_path, password="工会2025")
    monkeypatch.delenv("UNIONBOOK_PASSWORD", raising=False)
    code, out, err = run("--db", str(db_path), "export", "members", "-o", str(tmp_path / "x.xlsx"), capsys=capsys)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert "设有打开密码" in err and "UNIONBOOK_PASSWORD" in err
    assert not (tmp_path / "x.xlsx").exists()


def test_cli_password_asked_on_a_terminal(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import getpass
    import sys

    _with_people(db_path, password="工会2025")
    monkeypatch.delenv("UNIONBOOK_PASSWORD", raising=False)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    answers = iter(["错的", "也错", "工会2025"])
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(answers))
    code, _, err = run("--db", str(db_path), "audit", capsys=capsys)
    assert code == 0
    assert err.strip().splitlines() == ["密码不正确，还可以再试 2 次", "密码不正确，还可以再试 1 次"]
    answers = iter(["错的"] * 3)
    code, _, err = run("--db", str(db_path), "audit", capsys=capsys)
    assert code == 2 and err.strip().splitlines()[-1].startswith("打开密码不正确")
