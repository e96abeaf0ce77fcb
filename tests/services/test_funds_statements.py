"""The 财务公开 statement and the 经费收支情况表 rendered on the hand-built union of funds_union.py.

Expected cells, counted by hand from funds_union's docstring (元):

2024 (the year; 本年累计 = 本期):
  收入  会费收入 37.00 · 拨缴经费收入 50,000.00 (budget 60,000.00 → 83.3%) · 上级补助收入 3,000.00 ·
        行政补助收入 0 · 其他收入 0 → 收入合计 53,037.00 (60,000.00 budgeted → 88.4%)
  支出  职工活动 2,800.00 / 5,000.00 = 56.0% · 职工服务 0, no budget · 维权 1,000.00 / 2,000.00 = 50.0% ·
        业务 520.00 / 1,000.00 = 52.0% · 资本性 8,000.00 / 8,000.00 = 100.0% · 其他 0 →
        支出合计 12,320.00 / 16,000.00 = 77.0%; 结余 40,717.00
  会费  应缴 72.00 · 实缴 52.00 · 72.2% · 欠缴 2 人
  2023 (上年): 会费收入 15.00, 其他收入 100.00, 收入合计 115.00, 其他支出 50.00, 支出合计 50.00, 结余 65.00
December 2024 (本期) beside January–December (本年累计):
  会费收入 10.00 (丙's, paid 12-31) · 上级补助收入 3,000.00 → 收入合计 3,010.00; 维权 1,000.00 +
  资本性 8,000.00 → 支出合计 9,000.00; 结余 −5,990.00; 会费 应缴 35.00, 实缴 15.00, 42.9%, 欠缴 2 人.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from conftest import libreoffice_convert
from funds_union import build

from unionbook.services import documents
from unionbook.services.database import Database
from unionbook.services.figures import Period
from unionbook.services.union import Profile, save_profile

D = date
Y = Decimal


@pytest.fixture
def union(db: Database) -> Database:
    build(db.session_factory)
    save_profile(db.session_factory, Profile(union_name="新安机械厂工会", unit_name="新安机械厂", chair_name="王主席"))
    return db


def render(database: Database, name: str, period: Period, folder: Path) -> Path:
    return documents.render(database.session_factory, name, period, folder / f"{name}.xlsx", today=D(2025, 1, 20),
                            report_date=D(2025, 1, 5))  # fmt: skip


def rows_by_label(path: Path) -> tuple[dict[str, tuple], list[str], object]:
    """Column A's label → the row's values after it; every text cell; the sheet."""
    sheet = openpyxl.load_workbook(path).active
    rows, texts = {}, []
    for row in sheet.iter_rows():
        values = tuple(Decimal(repr(c.value)) if isinstance(c.value, float) else c.value for c in row)
        if isinstance(values[0], str):
            rows[values[0]] = values[1:]
        texts += [v for v in values if isinstance(v, str)]
    return rows, texts, sheet


def test_yearly_statement(union: Database, tmp_path: Path) -> None:
    rows, texts, sheet = rows_by_label(render(union, "财务公开", Period.year(2024), tmp_path))
    assert texts[0] == "新安机械厂工会2024年度经费收支公开"
    assert rows["会费收入"] == (Y("37.00"), Y("37.00"), None, None)
    assert rows["拨缴经费收入"] == (Y("50000.00"), Y("50000.00"), Y("60000.00"), Y("83.3"))
    assert rows["上级补助收入"] == (Y("3000.00"), Y("3000.00"), None, None)
    assert rows["行政补助收入"][:2] == rows["其他收入"][:2] == (0, 0)
    assert rows["收入合计"] == (Y("53037.00"), Y("53037.00"), Y("60000.00"), Y("88.4"))
    assert rows["职工活动支出"] == (Y("2800.00"), Y("2800.00"), Y("5000.00"), Y("56.0"))
    assert rows["职工服务支出"] == (0, 0, None, None)  # no budget: no 执行率, not "0.0%"
    assert rows["维权支出"] == (Y("1000.00"), Y("1000.00"), Y("2000.00"), Y("50.0"))
    assert rows["业务支出"] == (Y("520.00"), Y("520.00"), Y("1000.00"), Y("52.0"))
    assert rows["资本性支出"] == (Y("8000.00"), Y("8000.00"), Y("8000.00"), Y("100.0"))
    assert rows["支出合计"] == (Y("12320.00"), Y("12320.00"), Y("16000.00"), Y("77.0"))
    assert rows["本期结余（收入合计－支出合计）"][:2] == (Y("40717.00"), Y("40717.00"))
    assert rows["应缴会费"][:2] == (Y("72.00"), Y("72.00")) and rows["实缴会费"][:2] == (Y("52.00"), Y("52.00"))
    assert rows["会费收缴率"][:2] == (Y("72.2"), Y("72.2")) and rows["欠缴会费人数（期末）"][:2] == (2, 2)
    assert "本期收入合计（大写）：伍万叁仟零叁拾柒元整" in texts
    assert "本期支出合计（大写）：壹万贰仟叁佰贰拾元整" in texts
    assert "本期结余（大写）：肆万零柒佰壹拾柒元整" in texts
    assert any(
        t.startswith("工会主席（签字）：") and "经审委员会主任（签字）：" in t and "经办人：" in t for t in texts
    )
    assert any(t.endswith("公开日期：2025年1月5日") for t in texts)
    # Money as numbers with a 元 format, rates with a % format, people with 人.
    formats = {}
    for row in sheet.iter_rows():
        if row[0].value in (
            "拨缴经费收入",
            "收入合计",
            "资本性支出",
            "支出合计",
            "实缴会费",
            "会费收缴率",
            "欠缴会费人数（期末）",
        ):
            formats[row[0].value] = [c.number_format for c in row[1:5] if c.value is not None]
    assert formats == {"拨缴经费收入": ['#,##0.00"元"'] * 3 + ['0.0"%"'], "收入合计": ['#,##0.00"元"'] * 3 + ['0.0"%"'],
                       "资本性支出": ['#,##0.00"元"'] * 3 + ['0.0"%"'], "支出合计": ['#,##0.00"元"'] * 3 + ['0.0"%"'],
                       "实缴会费": ['#,##0.00"元"'] * 2, "会费收缴率": ['0.0"%"'] * 2, "欠缴会费人数（期末）": ['#,##0"人"'] * 2}  # fmt: skip


def test_monthly_statement_from_the_command_line(union: Database, tmp_path: Path) -> None:
    from unionbook.app import main

    path, output = union.target, tmp_path / "2024年12月财务公开.xlsx"
    union.close()
    assert main(["--db", str(path), "report", "--template", "财务公开", "--month", "2024-12", "-o", str(output)]) == 0
    rows, texts, _sheet = rows_by_label(output)
    assert texts[0] == "新安机械厂工会2024年12月经费收支公开"
    assert "公开期间：2024年12月1日至2024年12月31日" in texts
    assert rows["会费收入"][:2] == (Y("10.00"), Y("37.00"))
    assert rows["收入合计"] == (Y("3010.00"), Y("53037.00"), Y("60000.00"), Y("88.4"))  # 执行率: the year so far
    assert rows["支出合计"] == (Y("9000.00"), Y("12320.00"), Y("16000.00"), Y("77.0"))
    assert rows["本期结余（收入合计－支出合计）"][:2] == (Y("-5990.00"), Y("40717.00"))
    assert rows["应缴会费"][:2] == (Y("35.00"), Y("72.00")) and rows["实缴会费"][:2] == (Y("15.00"), Y("52.00"))
    assert rows["会费收缴率"][:2] == (Y("42.9"), Y("72.2")) and rows["欠缴会费人数（期末）"][:2] == (2, 2)
    assert "本期结余（大写）：负伍仟玖佰玖拾元整" in texts
    # --month is the same as --from/--to over the month.
    same = tmp_path / "same.xlsx"
    args = ["--db", str(path), "report", "--template", "财务公开", "--from", "2024-12-01", "--to", "2024-12-31", "-o"]
    assert main([*args, str(same)]) == 0
    assert rows_by_label(same)[0] == rows


def test_funds_overview(union: Database, tmp_path: Path) -> None:
    rows, texts, _sheet = rows_by_label(render(union, "经费收支情况表", Period.year(2024), tmp_path))
    assert texts[0] == "新安机械厂工会2024年度经费收支情况表"
    # 项目: 预算, 实际, 上年, 同比, 执行率
    assert rows["会费收入"] == (None, Y("37.00"), Y("15.00"), "增长146.7%", None)
    assert rows["其他收入"] == (None, 0, Y("100.00"), "下降100.0%", None)
    assert rows["拨缴经费收入"] == (Y("60000.00"), Y("50000.00"), 0, "—", Y("83.3"))
    assert rows["收入合计"] == (Y("60000.00"), Y("53037.00"), Y("115.00"), "增长46019.1%", Y("88.4"))
    assert rows["资本性支出"] == (Y("8000.00"), Y("8000.00"), 0, "—", Y("100.0"))
    assert rows["其他支出"] == (None, 0, Y("50.00"), "下降100.0%", None)
    assert rows["支出合计"] == (Y("16000.00"), Y("12320.00"), Y("50.00"), "增长24540.0%", Y("77.0"))
    assert rows["收支结余"] == (None, Y("40717.00"), Y("65.00"), "增长62541.5%", None)
    assert any("制表日期：2025年1月5日" in t for t in texts)


def test_an_empty_union_gets_a_clean_statement(db: Database, tmp_path: Path) -> None:
    rows, texts, _sheet = rows_by_label(render(db, "财务公开", Period.year(2024), tmp_path))
    assert rows["收入合计"] == (0, 0, None, None) and rows["会费收缴率"][:2] == (0, 0)
    assert "本期收入合计（大写）：零元整" in texts


@pytest.mark.parametrize("name", ["财务公开", "经费收支情况表"])
def test_prints_on_one_a4_page(union: Database, tmp_path: Path, name: str) -> None:
    path = render(union, name, Period.month(2024, 12) if name == "财务公开" else Period.year(2024), tmp_path)
    sheet = openpyxl.load_workbook(path).active
    setup = sheet.page_setup
    assert (setup.paperSize, setup.orientation, setup.fitToWidth, setup.fitToHeight) == (9, "portrait", 1, 1)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    last_row = max(c.row for row in sheet.iter_rows() for c in row if c.value is not None)
    assert sheet.print_area.endswith(f"$E${last_row}" if name == "财务公开" else f"$F${last_row}")
    pdf = libreoffice_convert(path, "pdf", tmp_path).read_bytes()
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1


def test_the_new_names_are_in_the_catalogue() -> None:
    names = documents.known_names()
    assert {
        "本年累计会费实缴金额",
        "本年累计经费支出合计",
        "经费收入表",
        "经费支出表",
        "经费支出预算",
        "经费收入执行率",
    } <= names
    assert documents.list_columns()["经费支出表"] == (
        "项目",
        "本期",
        "本年累计",
        "年度预算",
        "执行率",
        "上年同期",
        "同比",
    )
