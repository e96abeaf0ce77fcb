"""The command line's side of issue 11: `unionbook imports` (the import history), the messy roster
through `unionbook import`, and a sheet with a header but nobody under it (exit 2)."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from messy_roster import EXPECTED_WARNINGS, FULL_NUMBERS, messy_roster, rid

from unionbook.app import main


def run(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_messy_roster_through_the_cli_then_the_history(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(db_path)
    source = messy_roster(tmp_path / "花名册.xlsx")
    code, out, err = run("--db", db, "import", "members", str(source), capsys=capsys)
    assert code == 3
    assert out.startswith("导入完成：新增 11 人，更新 0 人，未变 0 人，拒绝 3 行，跳过 0 行，警告 8 条。")
    warned = sorted((int(m[1]), m[2]) for m in re.finditer(r"工作表“花名册”第(\d+)行“([^”]+)”列：(?!Excel)", err))
    assert warned == [(row, column) for row, column, _ in EXPECTED_WARNINGS]
    assert not [n for n in FULL_NUMBERS if n in out + err]
    errors = openpyxl.load_workbook(tmp_path / "花名册.错误行.xlsx")
    assert errors.sheetnames == ["花名册-错误行", "警告"] and errors["警告"].max_row == 1 + len(EXPECTED_WARNINGS)

    code, out, err = run("--db", db, "imports", capsys=capsys)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split() == ["编号", "时间", "台账", "文件", "新增", "更新", "未变", "跳过", "拒绝", "警告"]
    cells = lines[1].split()
    assert cells[0] == "1" and cells[3:] == ["会员", "花名册.xlsx", "11", "0", "0", "0", "3", "8"]
    assert lines[-1].startswith("共 1 次导入")

    code, out, err = run("--db", db, "imports", "--show", "1", capsys=capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("导入记录 1：") and "会员，文件“花名册.xlsx”，工作表“花名册”" in lines[0]
    assert lines[1] == "新增 11 人，更新 0 人，未变 0 人，跳过 0 行，拒绝 3 行，警告 8 条。"
    body = lines[2:]
    assert len(body) == 11
    assert [line.split("\t")[0] for line in body] == ["拒绝"] * 3 + ["警告"] * 8
    assert (
        body[0]
        == "拒绝\t工作表“花名册”第11行（郑一）“身份证号码”列：Excel 已把证件号码当作数字存储，末几位已丢失，请把该列设为文本后重新填写"
    )
    for (row, column, part), line in zip(EXPECTED_WARNINGS, sorted(body[3:], key=_row_of), strict=True):
        assert f"第{row}行（" in line and f"）“{column}”列：" in line and part in line
    assert not [n for n in FULL_NUMBERS if n in out]


def _row_of(line: str) -> tuple[int, str]:
    match = re.search(r"第(\d+)行（[^）]*）“([^”]+)”列", line)
    assert match
    return int(match[1]), match[2]


def test_imports_on_an_empty_history_and_an_unknown_entry(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run("--db", str(db_path), "imports", capsys=capsys)
    assert (code, out.strip()) == (0, "还没有导入记录。")
    code, _, err = run("--db", str(db_path), "imports", "--show", "7", capsys=capsys)
    assert code == 2 and err.strip() == "找不到导入记录：7"


def test_a_header_with_nobody_under_it_exits_2_naming_file_and_sheet(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "空表.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.title = "会员名单"
    workbook.active.append(["某某公司工会会员花名册"])
    workbook.active.append(["序号", "姓名", "身份证号码", "部门"])
    workbook.active.append([1, None, None, None])  # a pre-numbered template row, nobody in it
    workbook.active.append(["合计", "0人", None, None])
    workbook.save(path)
    code, out, err = run("--db", str(db_path), "import", "members", str(path), capsys=capsys)
    assert code == 2 and out == ""
    assert err.strip() == (
        "文件“空表.xlsx”的工作表“会员名单”第2行是表头，但表头下面没有任何人员，没有导入；请检查是否选对了工作表或表头行"
    )
    assert run("--db", str(db_path), "imports", capsys=capsys)[1].strip() == "还没有导入记录。"  # nothing written


def test_a_sheet_with_people_still_imports_with_exit_0(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "ok.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["姓名", "身份证号码"])
    workbook.active.append(["张三", rid("44010619850312001")])
    workbook.save(path)
    code, out, _ = run("--db", str(db_path), "import", "members", str(path), capsys=capsys)
    assert code == 0 and "新增 1 人" in out
