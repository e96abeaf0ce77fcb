"""`unionbook import|export honors|positions|cases|mutual-aid`: the registers of issue 13 on the
command line, with the exit codes and messages of the others (DESIGN.md, "Command line")."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from unionbook.app import main
from unionbook.cli import REGISTER_NAMES
from unionbook.services.importing.registers import IMPORTERS


def run(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_cli_knows_every_importable_register() -> None:
    assert REGISTER_NAMES == list(IMPORTERS)


def test_import_and_export_positions_and_cases(db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(db_path)
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "阵地"
    for row in (["阵地名称", "建成日期", "地点"], ["职工书屋", "2021-04-23", "三楼"], ["篮球场", "2020-01-01", None]):
        ws.append(row)
    book.save(tmp_path / "阵地.xlsx")
    code, out, err = run("--db", db, "import", "positions", str(tmp_path / "阵地.xlsx"), capsys=capsys)
    assert code == 3, err
    assert "工作表“阵地”第3行“类型”列：缺少类型，“篮球场”也看不出是哪类阵地" in err
    assert out.startswith("导入完成：新增 1 个") and (tmp_path / "阵地.错误行.xlsx").exists()
    code, out, _err = run("--db", db, "import", "positions", str(tmp_path / "阵地.xlsx"), capsys=capsys)
    assert code == 3 and out.startswith("导入完成：新增 0 个，更新 0 个，未变 1 个")

    code, out, _err = run("--db", db, "export", "positions", "-o", str(tmp_path / "out.xlsx"), capsys=capsys)
    assert code == 0 and out.startswith("已导出 1 个阵地到")
    code, _out, err = run("--db", db, "export", "positions", "--show-id", "-o", str(tmp_path / "o.xlsx"), capsys=capsys)
    assert code == 2 and "--show-id 只用于" in err

    ws = (book := openpyxl.Workbook()).active
    for row in (["类别", "事项", "受理日期", "当事人"], ["法律咨询", "加班费", "2024-05-06", "王小明"]):
        ws.append(row)
    book.save(tmp_path / "维权.xlsx")
    assert run("--db", db, "import", "cases", str(tmp_path / "维权.xlsx"), capsys=capsys)[0] == 0
    for extra, shown in (([], "王*"), (["--show-id"], "王小明")):
        code, out, _err = run("--db", db, "export", "cases", *extra, "-o", str(tmp_path / "cases.xlsx"), capsys=capsys)
        assert code == 0 and out.startswith("已导出 1 件维权案件到")
        assert openpyxl.load_workbook(tmp_path / "cases.xlsx").active["F2"].value == shown
