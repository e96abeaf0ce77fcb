"""`unionbook funds …`, `import funds` and `export funds`: the 经费 register on the command line.

The cash journal below is kept as a 出纳 keeps it in Excel: two title rows, a 上年结转 line, dates as
Excel serial numbers (45301 = 2024-01-10, 45327 = 2024-02-05, 45382 = 2024-03-31, 45397 = 2024-04-15),
amounts typed as text with thousands commas in separate 收入/支出 columns, a running 余额 and a 合计
row at the bottom.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from unionbook.app import main
from unionbook.db.models import FundEntry
from unionbook.services.database import Database

TITLE = [["江川精密机械有限公司工会现金日记账"], ["2024年度", None, None, None, None, None, "单位：元"]]
HEADER = ["日期", "凭证号", "摘要", "科目", "明细科目", "收入", "支出", "余额"]
JOURNAL = [
    [45292, None, "上年结转", None, None, None, None, "98,000.00"],
    [45301, "记-001", "一季度拨缴经费", "拨缴经费收入", None, "30,000.00", None, "128,000.00"],
    [45327, "记-002", "工会委员会议资料印刷", "业务支出—会议", None, None, "1,250.50", "126,749.50"],
    [45382, "记-003", "职工书屋书架", "资本性支出", "设备购置", None, "3,600", "123,149.50"],
    [45397, "记-004", "存款利息", "其他收入", "利息收入", "12.34", None, "123,161.84"],
    [45397, "记-005", "春节送温暖补助", "送温暖补助", None, "20,000.00", None, "143,161.84"],
    ["合计", None, None, None, None, "50,012.34", "4,850.50", "143,161.84"],
]


def run(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def journal(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "现金日记账"
    for row in [*TITLE, HEADER, *rows]:
        sheet.append(row)
    book.save(path)
    return path


def entries(db_path: Path) -> list[tuple]:
    database = Database.open(db_path, source="test")
    try:
        with database.session_factory() as s:
            return [tuple(r) for r in s.execute(
                select(FundEntry.date, FundEntry.category, FundEntry.sub_item, FundEntry.amount_fen, FundEntry.voucher_no)
                .order_by(FundEntry.voucher_no))]  # fmt: skip
    finally:
        database.close()


def test_a_cash_journal_is_imported_once_whatever_its_title_rows_totals_and_text_amounts(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from datetime import date as D

    path = journal(tmp_path / "日记账.xlsx", JOURNAL)
    code, out, err = run("--db", str(db_path), "import", "funds", str(path), capsys=capsys)
    assert code == 0, err
    assert out.startswith("导入完成：新增 5 笔")
    assert "工作表“现金日记账”第4行：“上年结转”行不是一笔收支，已跳过" in err
    assert entries(db_path) == [
        (D(2024, 1, 10), "拨缴经费收入", "", 3000000, "记-001"),
        (D(2024, 2, 5), "业务支出", "会议", 125050, "记-002"),
        (D(2024, 3, 31), "资本性支出", "设备购置", 360000, "记-003"),
        (D(2024, 4, 15), "其他收入", "利息收入", 1234, "记-004"),
        (D(2024, 4, 15), "上级补助收入", "送温暖补助", 2000000, "记-005"),
    ]
    code, out, _err = run("--db", str(db_path), "import", "funds", str(path), capsys=capsys)
    assert code == 0 and out.startswith("导入完成：新增 0 笔，更新 0 笔，未变 5 笔")


def test_one_bad_line_refuses_the_whole_journal_naming_where(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [*JOURNAL[:2],
            [45310, "记-006", "三八节活动", "职工活动支出", "文体活动", "2,000.00", None, None],
            [45311, "记-007", "购买打印纸", "办公费", None, None, "300", None],
            *JOURNAL[2:]]  # fmt: skip
    path = journal(tmp_path / "bad.xlsx", rows)
    code, out, err = run("--db", str(db_path), "import", "funds", str(path), capsys=capsys)
    assert code == 2 and out == ""
    assert "文件“bad.xlsx”中有 2 行不能导入，整个文件都没有导入" in err
    assert "工作表“现金日记账”第6行“收入”列：金额在“收入”列，科目“职工活动支出”却是支出" in err
    assert "工作表“现金日记账”第7行“科目”列：“办公费”不是经费科目" in err
    assert "Traceback" not in err
    assert entries(db_path) == []


def test_entries_ledger_and_budget_on_the_command_line(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(db_path)
    code, out, err = run("--db", db, "funds", "add", "--date", "2024-01-10", "--category", "拨缴经费收入", "--amount",
                         "30,000", "--summary", "一季度拨缴经费", "--voucher", "记-001", capsys=capsys)  # fmt: skip
    assert code == 0 and out == "已记账：编号 1，2024-01-10 拨缴经费收入 30,000.00 元“一季度拨缴经费”。\n", err
    code, out, err = run("--db", db, "funds", "add", "--date", "2024-02-05", "--category", "业务支出", "--sub-item", "会议",
                         "--amount", "1250.5", "--summary", "委员会议资料印刷", "--voucher", "记-001", capsys=capsys)  # fmt: skip
    assert code == 0 and "请注意：凭证号“记-001”在2024年已用于 2024-01-10“一季度拨缴经费”" in err
    code, _out, err = run("--db", db, "funds", "add", "--date", "2024-02-05", "--category", "办公费", "--amount", "1",
                          "--summary", "x", capsys=capsys)  # fmt: skip
    assert code == 2 and err.startswith("科目：“办公费”不是可选的科目")
    code, _out, err = run("--db", db, "funds", "add", "--date", "2024-02-05", "--category", "业务支出", "--amount", "1",
                          "--summary", "x", "--link", "activity:9", capsys=capsys)  # fmt: skip
    assert code == 2 and err.startswith("关联：所关联的记录不存在")
    code, out, _err = run("--db", db, "funds", "edit", "2", "--amount", "1300", capsys=capsys)
    assert code == 0 and out.startswith("已修改：编号 2，2024-02-05 业务支出 1,300.00 元")
    code, out, _err = run("--db", db, "funds", "ledger", "--year", "2024", capsys=capsys)
    assert code == 0
    assert (
        out.splitlines()[-1] == "上年结余 0.00 元，本年收入合计 30,000.00 元，支出合计 1,300.00 元，结余 28,700.00 元。"
    )
    assert "28,700.00" in out.splitlines()[-2] and "委员会议资料印刷" in out.splitlines()[-2]

    assert run("--db", db, "funds", "budget", "set", "--year", "2024", "--category", "业务支出", "--amount", "1000",
               capsys=capsys)[1] == "2024年“业务支出”预算已设为 1,000.00 元。\n"  # fmt: skip
    code, out, err = run("--db", db, "funds", "budget", "show", "--year", "2024", capsys=capsys)
    business = next(line for line in out.splitlines() if line.startswith("业务支出"))
    assert business.split() == ["业务支出", "1,000.00", "1,300.00", "-300.00", "130.0%", "超预算"]
    assert "请注意：2024年业务支出超出预算。" in err
    code, out, _err = run("--db", db, "funds", "budget", "copy", "--year", "2025", capsys=capsys)
    assert code == 0 and out == "已把2024年的 1 个科目的预算复制到2025年。\n"
    code, out, _err = run("--db", db, "funds", "delete", "2", capsys=capsys)
    assert code == 0 and out == "已删除 2024-02-05“委员会议资料印刷”（1,300.00 元）。\n"


def test_the_export_is_the_ledger_and_the_budget_in_yuan_and_reads_back_unchanged(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(db_path)
    assert run("--db", db, "import", "funds", str(journal(tmp_path / "j.xlsx", JOURNAL)), capsys=capsys)[0] == 0
    run(
        "--db",
        db,
        "funds",
        "budget",
        "set",
        "--year",
        "2024",
        "--category",
        "资本性支出",
        "--amount",
        "4500",
        capsys=capsys,
    )
    out_file = tmp_path / "经费.xlsx"
    code, out, _err = run("--db", db, "export", "funds", "--year", "2024", "-o", str(out_file), capsys=capsys)
    assert code == 0 and out.startswith("已导出 5 笔经费收支")
    book = openpyxl.load_workbook(out_file)
    assert book.sheetnames == ["经费收支明细账", "预算执行情况"]
    ledger = book["经费收支明细账"]
    assert ledger["A1"].value.endswith("经费收支明细账") and ledger["A2"].value.startswith("期间：2024年度")
    assert [c.value for c in ledger[3]] == [
        "序号",
        "日期",
        "凭证号",
        "摘要",
        "科目",
        "明细科目",
        "收入",
        "支出",
        "结余",
        "来源",
    ]
    assert [c.value for c in ledger[4]][3:9] == ["上年结余", None, None, None, None, 0]
    second = [c.value for c in ledger[6]]
    assert second[0] == 2 and second[2:10] == [
        "记-002",
        "工会委员会议资料印刷",
        "业务支出",
        "会议",
        None,
        1250.5,
        28749.5,
        "记账",
    ]
    assert ledger["H6"].number_format == ledger["I6"].number_format == '#,##0.00"元"'
    assert ledger["B6"].is_date and ledger["B6"].number_format == "yyyy-mm-dd"
    total = [c.value for c in ledger[10]]
    assert total[3] == "合计" and total[6:9] == [50012.34, 4850.5, 45161.84] and ledger["G10"].font.bold
    budget = book["预算执行情况"]
    assert [c.value for c in budget[3]] == ["年度", "科目", "预算", "实际", "差额", "执行率"]
    capital = next(row for row in budget.iter_rows(min_row=4, values_only=True) if row[1] == "资本性支出")
    assert capital == (2024, "资本性支出", 4500, 3600, 900, 0.8)
    capital_row = next(r for r in range(4, budget.max_row + 1) if budget.cell(r, 2).value == "资本性支出")
    assert budget.cell(capital_row, 6).number_format == "0.0%"

    code, out, err = run("--db", db, "import", "funds", str(out_file), capsys=capsys)
    assert code == 0 and out.startswith("导入完成：新增 0 笔，更新 0 笔，未变 5 笔"), err
    with Database.open(db_path, source="test") as database, database.session_factory() as s:
        assert s.scalar(select(func.count()).select_from(FundEntry)) == 5
