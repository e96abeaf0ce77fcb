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


@pytest.mark.sqlite_only("the single-instance file lock")
def test_locked_database_is_refused_by_the_cli(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run("--db", str(db.path), "templates", capsys=capsys)
    assert code == 2
    assert "正被另一个 UnionBook" in err


def test_backup_and_restore_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "u.sqlite"
    path.touch()
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
    (tmp_path / "u.sqlite").touch()
    code, out, _ = run("--db", str(tmp_path / "u.sqlite"), "templates", capsys=capsys)
    assert code == 0
    lines = [line for line in out.splitlines() if "我的报表" in line]
    assert len(lines) == 1
    assert "自定义" in lines[0] and "2 个变量" in lines[0]


def test_python_dash_m_runs_the_same_cli(tmp_path: Path) -> None:
    (tmp_path / "m.sqlite").touch()  # an empty file is set up; only `demo` and the window create one
    result = subprocess.run(
        [sys.executable, "-m", "unionbook", "--db", str(tmp_path / "m.sqlite"), "templates"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "m.sqlite").exists()


@pytest.mark.sqlite_only("the book is a file made here")
def test_figures_loads_no_document_import_or_migration_library(tmp_path: Path) -> None:
    """`unionbook figures` pays for SQLAlchemy Core and the tables only (issue 17): not the ORM
    and the model classes (it reads db/tables/ through a plain connection, and opening the book —
    guard, password, daily backup — reads Core tables too), pypinyin (the roster's pinyin keys),
    openpyxl/python-calamine (spreadsheets), python-docx/docxtpl/Jinja (documents), alembic (a
    book at head needs no migration) or Qt."""
    book = tmp_path / "empty.sqlite"
    Database.open(book, source="test").close()
    probe = (
        "import contextlib, io, sys\n"
        "from unionbook.app import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = main(['--db', {str(book)!r}, 'figures', '--year', '2025'])\n"
        "heavy = ('sqlalchemy.orm', 'unionbook.db.models', 'pypinyin', 'openpyxl', 'python_calamine', 'docx',\n"
        "         'docxtpl', 'jinja2', 'alembic', 'PySide6')\n"
        "print(code, *sorted(m for m in heavy if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert done.stdout.split() == ["0"], done.stdout + done.stderr


def _roster(path: Path, rows: list[list[object]]) -> Path:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["姓名", "身份证号码", "部门"])
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def test_import_exit_codes_and_summary_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from unionbook.domain.idnumber import check_digit

    good = "44010619850312001" + check_digit("44010619850312001")
    other = "44010619900715002" + check_digit("44010619900715002")
    db_file = str(tmp_path / "u.sqlite")
    Path(db_file).touch()

    code, out, _ = run("--db", db_file, "import", "members", str(_roster(tmp_path / "ok.xlsx", [["张三", good, "一车间"]])), capsys=capsys)
    assert code == 0
    assert out.strip() == "导入完成：新增 1 人，更新 0 人，未变 0 人，拒绝 0 行，跳过 0 行，警告 0 条。"

    bad = _roster(tmp_path / "bad.xlsx", [["李四", other, "二车间"], ["王五", "4.40101E+17", "三车间"]])
    errors = tmp_path / "errors.xlsx"
    code, out, err = run("--db", db_file, "import", "members", str(bad), "--errors", str(errors), capsys=capsys)
    assert code == 3
    assert "新增 1 人" in out and "拒绝 1 行" in out and str(errors) in out
    assert "工作表“Sheet”第3行“身份证号码”列：Excel 已把证件号码当作数字存储" in err
    assert errors.exists()

    code, out, _ = run("--db", db_file, "import", "members", str(bad), "--on-duplicate", "skip", "--errors", str(errors), capsys=capsys)
    assert code == 3 and "跳过 1 行" in out

    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a spreadsheet")
    code, _, err = run("--db", db_file, "import", "members", str(junk), capsys=capsys)
    assert code == 2 and "junk.xlsx" in err and len(err.strip().splitlines()) == 1


def test_export_masks_unless_asked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from python_calamine import CalamineWorkbook

    db_file = str(tmp_path / "u.sqlite")
    assert run("--db", db_file, "demo", "--members", "40", capsys=capsys)[0] == 0
    masked, full = tmp_path / "masked.xlsx", tmp_path / "full.xlsx"
    code, out, _ = run("--db", db_file, "export", "members", "-o", str(masked), capsys=capsys)
    assert code == 0 and "已导出 40 人" in out and "部分隐藏" in out
    assert run("--db", db_file, "export", "members", "-o", str(full), "--show-id", capsys=capsys)[0] == 0
    rows_masked = CalamineWorkbook.from_path(masked).get_sheet_by_index(0).to_python()
    rows_full = CalamineWorkbook.from_path(full).get_sheet_by_index(0).to_python()
    col = rows_full[0].index("证件号码")
    assert all("*" in r[col] for r in rows_masked[1:]) and not any("*" in r[col] for r in rows_full[1:])
