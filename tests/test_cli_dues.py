"""`unionbook import dues`, `export dues` and `dues …`: the 会费 register on the command line, with
the exit codes and messages of the others (DESIGN.md, "Command line"). Who is who:
tests/dues_people.py; expected amounts worked by hand."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from dues_people import D, build_union
from sqlalchemy import func, select

from unionbook.app import main
from unionbook.db.models import AuditEntry, DuesMonth
from unionbook.services import dues
from unionbook.services.database import Database
from unionbook.services.dues import DuesFilter


def run(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def union(db_path: Path) -> dict[str, int]:
    with Database.open(db_path, source="test") as database:
        return build_union(database.session_factory)


def _march(db_path: Path) -> dict[str, dues.DuesRow]:
    with Database.open(db_path, source="test") as database:
        return {r.member_name: r for r in dues.list_rows(database.session_factory, DuesFilter(month=D(2025, 3, 1)))}


def _sheet(path: Path, rows: list[list[object]], title: str = "三月代扣") -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = title
    ws.append(["江川精密机械有限公司 2025年3月工会会费代扣明细"])
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def test_import_the_payroll_list(db_path: Path, tmp_path: Path, union: dict[str, int], capsys: pytest.CaptureFixture[str]) -> None:
    listing = _sheet(tmp_path / "代扣.xlsx", [
        ["序号", "姓名", "身份证号", "所属月份", "代扣金额"],
        [1, "张三", "110101198001010014", "2025年3月", 28.35],
        [2, "李四", None, "202503", "20.00"],
        [3, "王五", "110101198503030031", "2025-03", 45],  # not what the rule says: a warning
    ])  # fmt: skip
    code, out, err = run("--db", str(db_path), "import", "dues", str(listing), capsys=capsys)
    assert code == 0, err
    assert out.startswith("导入完成：新增 3 人次")
    assert "工作表“三月代扣”第5行“代扣金额”列：代扣 45.00 元，与按工资基数应缴的 40.00 元不同" in err
    rows = _march(db_path)
    # The month was not generated: it is, for the three on the list only.
    assert sorted(rows) == ["张三", "李四", "王五"]
    assert [(rows[n].due_fen, rows[n].paid_fen, rows[n].method) for n in ("张三", "李四", "王五")] == [
        (2835, 2835, "工资代扣"), (2000, 2000, "工资代扣"), (4000, 4500, "工资代扣")]  # fmt: skip
    assert rows["张三"].paid_on == D(2025, 3, 31)  # no 扣款日期 column: the month's last day
    code, out, _err = run("--db", str(db_path), "import", "dues", str(listing), capsys=capsys)
    assert code == 0 and out.startswith("导入完成：新增 0 人次，更新 0 人次，未变 3 人次")
    # Generating the month afterwards adds the others and keeps the paid rows.
    code, out, _err = run("--db", str(db_path), "dues", "generate", "--month", "2025-03", capsys=capsys)
    assert code == 0 and out == "已生成 2025-03：共 6 人，新增 3，重算 0，已缴 3 条未改动；1 人未登记工资基数\n"


def test_a_bad_row_refuses_the_whole_list(db_path: Path, tmp_path: Path, union: dict[str, int],
                                          capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    listing = _sheet(tmp_path / "代扣.xlsx", [
        ["姓名", "身份证号", "月份", "代扣金额"],
        ["张三", "110101198001010014", "2025-03", 28.35],
        ["马十", None, "2025-03", 20],  # not on the roster
        ["李四", None, "2025-03", "二十元"],  # not money
        ["周九", None, "2025-03", 10],  # no member in March
    ])  # fmt: skip
    with Database.open(db_path, source="test") as database, database.session_factory() as s:
        audit_before = s.scalar(select(func.count()).select_from(AuditEntry))
    code, out, err = run("--db", str(db_path), "import", "dues", str(listing), "--errors", str(tmp_path / "改.xlsx"), capsys=capsys)
    assert code == 2 and out == ""
    assert f"被拒绝的行已写入 {tmp_path / '改.xlsx'}，修改后可再次导入。" in err
    fix = openpyxl.load_workbook(tmp_path / "改.xlsx").active
    assert [c.value for c in fix[1]][-1] == "错误原因" and fix.max_row == 4  # the header and the three rows
    assert "文件“代扣.xlsx”中有 3 行不能导入，整个文件都没有导入" in err
    assert "工作表“三月代扣”第4行“姓名”列：名册中没有“马十”（请先在会员名册中登记此人）" in err
    assert "工作表“三月代扣”第5行“代扣金额”列：" in err
    assert "第6行“月份”列：此人2025年3月不是在册会员，不应扣缴会费" in err
    with Database.open(db_path, source="test") as database, database.session_factory() as s:
        assert s.scalar(select(func.count()).select_from(DuesMonth)) == 0
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == audit_before


def test_dues_commands(db_path: Path, tmp_path: Path, union: dict[str, int], capsys: pytest.CaptureFixture[str]) -> None:
    db = str(db_path)
    assert run("--db", db, "dues", "settings", capsys=capsys)[1] == "会费规则：按月工资的 5‰ 缴纳，不足 10 元的部分不计，结果四舍五入到分。\n"
    code, _out, err = run("--db", db, "dues", "settings", "--round", "厘", capsys=capsys)
    assert code == 2 and err.startswith("舍入到：“厘”应为 分、角 或 元")
    code, out, _err = run("--db", db, "dues", "generate", "--year", "2025", capsys=capsys)
    assert code == 0 and "已生成 2025-03：共 6 人，新增 6，重算 0；1 人未登记工资基数" in out
    with pytest.raises(SystemExit) as exited:
        main(["--db", db, "dues", "generate", "--month", "2025-13"])
    assert exited.value.code == 2 and "“2025-13”不是月份，请写成 2025-03、2025年3月 或 202503" in capsys.readouterr().err

    code, out, _err = run("--db", db, "dues", "pay", "--month", "2025-03", "--member", "张三", "--member", "110101199002020027",
                          "--date", "2025-03-15", "--method", "转账", capsys=capsys)  # fmt: skip
    assert code == 0 and out == "已登记缴纳 2 条。\n"
    code, out, _err = run("--db", db, "dues", "list", "--month", "2025-03", capsys=capsys)
    assert "张三" in out and "2025-03-15  转账  已缴" in out
    assert out.splitlines()[-1] == ("共 6 人：应缴 88.35 元，实缴 48.35 元，收缴率 54.7%，欠缴 1 人 40.00 元；"
                                    "免缴 2 人，未登记工资基数 1 人。")  # fmt: skip
    code, out, _err = run("--db", db, "dues", "unpay", "--month", "2025-03", "--member", "李四", capsys=capsys)
    assert code == 0 and out == "已撤销 1 条缴纳记录。\n"
    code, _out, err = run("--db", db, "dues", "pay", "--month", "2025-03", "--member", "周九", capsys=capsys)
    assert code == 2 and "2025-03 的会费台账中没有“周九”" in err

    code, out, _err = run("--db", db, "dues", "arrears", "--as-of", "2025-04-20", capsys=capsys)
    # Jan–Mar are over: 张三 Jan+Feb 56.70, 李四 Mar 20, 王五 Jan–Mar 120, 孙八 Jan 15, 赵六 Jan+Feb 70 (保留 from 31 March).
    assert code == 0 and out.splitlines()[-1] == "截至 2025-04-20：欠缴会费 5 人，9 个月，共 281.70 元。"

    code, out, _err = run("--db", db, "dues", "wage-base", "add", "--member", "钱七", "--from", "2025-01-01", "--wage", "6,543.21",
                          capsys=capsys)  # fmt: skip
    assert code == 0 and "自 2025-01-01 起每月 6,543.21 元。已生成的未缴月份重算了 12 个。" in out  # all of 2025
    base_id = int(out.split("编号 ")[1].split("）")[0])
    assert run("--db", db, "dues", "wage-base", "edit", str(base_id), "--wage", "6600", capsys=capsys)[0] == 0
    code, out, _err = run("--db", db, "dues", "wage-base", "list", "--member", "钱七", capsys=capsys)
    assert "钱七  一车间  2025-01-01  6,600.00" in out
    code, _out, err = run("--db", db, "dues", "wage-base", "add", "--member", "钱七", "--from", "2025-01-01", "--wage", "1",
                          capsys=capsys)  # fmt: skip
    assert code == 2 and "生效日期：此人 2025-01-01 已有一条工资基数" in err
    code, out, _err = run("--db", db, "dues", "list", "--month", "2025-03", "--search", "钱七", capsys=capsys)
    assert "钱七  一车间  6,600.00  33.00" in out  # 6,600 × 5‰
    assert run("--db", db, "dues", "wage-base", "delete", str(base_id), capsys=capsys)[0] == 0

    code, out, _err = run("--db", db, "dues", "exempt", "add", "--member", "张三", "--from", "2025-05", "--to", "2025-06",
                          "--reason", "工伤停工留薪期", capsys=capsys)  # fmt: skip
    assert code == 0
    code, out, _err = run("--db", db, "dues", "exempt", "list", capsys=capsys)
    assert "张三" in out and "2025-05 至 2025-06  工伤停工留薪期" in out
    exemption = out.splitlines()[1].split()[0]
    assert run("--db", db, "dues", "exempt", "delete", exemption, capsys=capsys)[0] == 0


def test_export_month_and_year(db_path: Path, tmp_path: Path, union: dict[str, int], capsys: pytest.CaptureFixture[str]) -> None:
    db = str(db_path)
    code, _out, err = run("--db", db, "export", "dues", "-o", str(tmp_path / "x.xlsx"), capsys=capsys)
    assert code == 2 and "还没有生成任何月份的会费" in err
    run("--db", db, "dues", "generate", "--month", "2025-03", capsys=capsys)
    run("--db", db, "dues", "generate", "--month", "2025-04", capsys=capsys)
    run("--db", db, "dues", "pay", "--month", "2025-03", "--member", "张三", "--date", "2025-03-15", "--method", "工资代扣", capsys=capsys)
    # A name a spreadsheet would take for a formula stays text.
    li = _march(db_path)["李四"].id
    with Database.open(db_path, source="test") as database, database.session_factory.begin() as s:
        s.get(DuesMonth, li).notes = "=HYPERLINK(\"http://x\")"  # type: ignore[union-attr]

    code, out, _err = run("--db", db, "export", "dues", "--month", "2025-03", "-o", str(tmp_path / "m.xlsx"), capsys=capsys)
    assert code == 0 and out.startswith("已导出2025年3月会费收缴台账 6 人到")
    ws = openpyxl.load_workbook(tmp_path / "m.xlsx").active
    assert ws.title == "2025年3月会费收缴台账"
    assert [c.value for c in ws[1]] == ["序号", "姓名", "身份证号", "部门", "工资基数", "应缴", "实缴", "缴纳日期", "方式", "备注"]
    body = {row[1].value: row for row in ws.iter_rows(min_row=2)}
    zhang = body["张三"]
    assert [c.value for c in zhang[2:9]] == ["110101********0014", "一车间", 5678.9, 28.35, 28.35,
                                              zhang[7].value, "工资代扣"]  # fmt: skip
    assert zhang[7].value.date() == D(2025, 3, 15) and zhang[7].number_format == "yyyy-mm-dd"
    assert zhang[4].number_format == zhang[5].number_format == '#,##0.00"元"'
    assert body["赵六"][9].value == "保留会籍" and body["钱七"][9].value == "未登记工资基数"
    assert body["王五"][9].value == "欠缴" and body["王五"][6].value is None
    assert body["李四"][9].value == "欠缴；=HYPERLINK(\"http://x\")" and body["李四"][9].data_type == "s"
    totals = next(iter(ws.iter_rows(min_row=ws.max_row)))
    assert [c.value for c in totals[:7]] == ["合计", "6 人", None, None, None, 88.35, 28.35]
    assert totals[5].number_format == '#,##0.00"元"'

    code, out, _err = run("--db", db, "export", "dues", "--year", "2025", "--show-id", "-o", str(tmp_path / "y.xlsx"),
                          capsys=capsys)  # fmt: skip
    assert code == 0 and out.startswith("已导出2025年会费收缴台账 6 人到") and "隐藏" not in out
    ws = openpyxl.load_workbook(tmp_path / "y.xlsx").active
    header = [c.value for c in ws[1]]
    assert header[:6] == ["序号", "姓名", "身份证号", "部门", "1月", "2月"] and header[-3:] == ["应缴合计", "实缴合计", "欠缴"]
    body = {row[1].value: [c.value for c in row] for row in ws.iter_rows(min_row=2)}
    # 张三: March paid 28.35, April (6,000.00 from April) owed 30.00
    assert body["张三"][2] == "110101198001010014"
    assert body["张三"][4:8] == [None, None, 28.35, "欠缴"] and body["张三"][-3:] == [58.35, 28.35, 30.0]
    assert body["赵六"][6:8] == ["免缴", "免缴"] and body["钱七"][6] == "未登记"
    total = [c.value for c in next(iter(ws.iter_rows(min_row=ws.max_row)))]
    # due: March 88.35 + April 30 + 20 + 0 + 0 + 15 (孙八's exemption over) = 65 → 153.35; owed 153.35 − 28.35
    assert total[:2] == ["合计", "6 人"] and total[6:8] == [28.35, 0] and total[-3:] == [153.35, 28.35, 125.0]
    # for paper: A4 landscape one page wide, the heading row on every page, the title above
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == "$1:$1" and ws.oddHeader.center.text.endswith("2025年会费收缴台账")
    code, _out, err = run("--db", db, "export", "contracts", "--month", "2025-03", "-o", str(tmp_path / "c.xlsx"), capsys=capsys)
    assert code == 2 and "--month 只用于导出会费收缴台账" in err
