"""The figures of the dues and funds ledgers on the hand-built union of funds_union.py.

Counted by hand from funds_union's docstring (fen → 元):

2024, 会费 (months 2024-01 … 2024-12): due 甲 1500 (Jan) + 1500 (Dec) + 乙 2000 (Dec) + 丙 0 (保留会籍)
+ 1000 (Jul) + 丁 1200 (Mar) = 7200 → 72.00; paid for those months 1500 + 1500 (paid 2025-01-10, still
for December) + 1000 + 1200 = 5200 → 52.00; 收缴率 5200/7200 = 72.2%; 欠缴 at 12-31: 甲 (December
paid after E) and 乙 (December unpaid) = 2 (丙's exempt month is not due).

2024, 经费: 会费收入 = dues collected in 2024 by the day paid: 甲 1500 (01-15) + 丙 1000 (12-31), 丁's
1200 of 03-31 booked by the 04-02 entry (1200) instead → 3700 → 37.00; 拨缴 50,000.00 (01-01);
上级补助 3,000.00 (12-31); 行政补助 0 (2025-01-01); 其他收入 0 (2023-12-31) → 收入合计 53,037.00.
职工活动 2,000.00 (entry) + 300.00 (新春游园 01-01) + 500.00 (the 节日慰问 batch: 200 + goods 100 + 200;
the 行政-paid 生日慰问 is not the union's) = 2,800.00; 维权 1,000.00 (医疗救助 12-31); 业务 520.00 (the
entry that takes over the 500.00 培训); 资本性 8,000.00 (12-31) → 支出合计 12,320.00; 结余 40,717.00;
预算执行率 12,320 / (5,000 + 2,000 + 1,000 + 8,000) = 77.0% (the 60,000 income budget not counted);
超标准发放人次 = 甲's 节日慰问 (09-15), 丙's 医疗救助 (12-31), 甲's 生日慰问 (01-01, two breaches: once)
= 3; 丁's of 2025-01-01 not.

2023: due 甲 1500 (Nov) + 丁 1200 (Dec) = 27.00, paid 15.00, 55.6%, 欠缴 1 (丁); income 其他收入 100.00
+ 会费收入 15.00 (甲, 11-30) = 115.00; spending 其他支出 50.00; 结余 65.00; no budget: 0.0%; 超标准 0.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from funds_union import build

from unionbook.services.database import Database
from unionbook.services.figures import FIGURES, Period, compute, compute_with_comparison, yoy_text

D = date
Y2024 = Period.year(2024)

DUES_NAMES = ["会费应缴金额", "会费实缴金额", "会费收缴率", "欠缴会费人数"]
FUNDS_NAMES = ["经费收入合计", "会费收入", "拨缴经费收入", "上级补助收入", "行政补助收入", "其他收入", "经费支出合计",
               "职工活动支出", "职工服务支出", "维权支出", "业务支出", "资本性支出", "其他支出", "经费结余", "预算执行率",
               "超标准发放人次"]  # fmt: skip
NEW_NAMES = DUES_NAMES + FUNDS_NAMES


def yuan(text: str) -> Decimal:
    return Decimal(text)


@pytest.fixture
def union(db: Database) -> Database:
    build(db.session_factory)
    return db


def test_the_figures_are_registered_with_their_units() -> None:
    by_name = {f.name: f for f in FIGURES}
    assert [n for n in NEW_NAMES if n not in by_name] == []
    assert {n for n in NEW_NAMES if by_name[n].unit == "%"} == {"会费收缴率", "预算执行率"}
    assert by_name["欠缴会费人数"].unit == "人" and by_name["超标准发放人次"].unit == "人次"
    assert {by_name[n].unit for n in NEW_NAMES} - {"%", "人", "人次"} == {"元"}
    assert {by_name[n].register for n in DUES_NAMES} == {"会费"} and {by_name[n].register for n in FUNDS_NAMES} == {
        "经费"
    }
    assert not by_name["欠缴会费人数"].flow and not by_name["预算执行率"].flow and by_name["经费结余"].flow


def test_dues_and_funds_figures_2024(union: Database) -> None:
    values = compute(union.session_factory, Y2024)
    assert {n: values[n] for n in NEW_NAMES} == {
        "会费应缴金额": yuan("72.00"),
        "会费实缴金额": yuan("52.00"),
        "会费收缴率": yuan("72.2"),
        "欠缴会费人数": 2,
        "经费收入合计": yuan("53037.00"),
        "会费收入": yuan("37.00"),
        "拨缴经费收入": yuan("50000.00"),
        "上级补助收入": yuan("3000.00"),
        "行政补助收入": yuan("0.00"),
        "其他收入": yuan("0.00"),
        "经费支出合计": yuan("12320.00"),
        "职工活动支出": yuan("2800.00"),
        "职工服务支出": yuan("0.00"),
        "维权支出": yuan("1000.00"),
        "业务支出": yuan("520.00"),
        "资本性支出": yuan("8000.00"),
        "其他支出": yuan("0.00"),
        "经费结余": yuan("40717.00"),
        "预算执行率": yuan("77.0"),
        "超标准发放人次": 3,
    }


def test_last_year_and_comparison(union: Database) -> None:
    values = compute_with_comparison(union.session_factory, Y2024)
    assert {n: values["上年" + n] for n in ("会费应缴金额", "会费实缴金额", "会费收缴率", "欠缴会费人数", "经费收入合计",
                                         "其他收入", "会费收入", "经费支出合计", "其他支出", "经费结余", "预算执行率",
                                         "超标准发放人次")} == {
        "会费应缴金额": yuan("27.00"), "会费实缴金额": yuan("15.00"), "会费收缴率": yuan("55.6"), "欠缴会费人数": 1,
        "经费收入合计": yuan("115.00"), "其他收入": yuan("100.00"), "会费收入": yuan("15.00"),
        "经费支出合计": yuan("50.00"), "其他支出": yuan("50.00"), "经费结余": yuan("65.00"), "预算执行率": yuan("0.0"),
        "超标准发放人次": 0,
    }  # fmt: skip
    assert values["会费实缴金额同比"] == "增长246.7%"  # (52 − 15) / 15
    assert values["会费收缴率同比百分点"] == "提高16.6个百分点"  # 72.2 − 55.6
    assert values["欠缴会费人数同比"] == "增长100.0%" and values["预算执行率同比百分点"] == "—"


def test_months_on_the_edges(union: Database) -> None:
    december = compute(union.session_factory, Period(D(2024, 12, 1), D(2024, 12, 31)))
    # Due 甲 15 + 乙 20; paid for December: 甲's 15 (paid 2025-01-10); both 欠缴 at 12-31.
    assert (december["会费应缴金额"], december["会费实缴金额"], december["欠缴会费人数"]) == (
        yuan("35.00"),
        yuan("15.00"),
        2,
    )
    # 丙's dues paid on 12-31 (10.00) and the 上级补助 of 12-31; 医疗救助 and 资本性支出 of 12-31.
    assert (december["经费收入合计"], december["经费支出合计"]) == (yuan("3010.00"), yuan("9000.00"))
    # December's spending against the year's budget: 9,000 / 16,000.
    assert december["预算执行率"] == yuan("56.3")
    march = compute(union.session_factory, Period(D(2024, 3, 1), D(2024, 3, 31)))
    april = compute(union.session_factory, Period(D(2024, 4, 1), D(2024, 4, 30)))
    # 丁's March dues are booked by the entry of 04-02: March's derived line is gone, April has the entry.
    assert (march["会费收入"], april["会费收入"]) == (yuan("0.00"), yuan("12.00"))
    assert (march["会费应缴金额"], march["会费实缴金额"], march["会费收缴率"]) == (
        yuan("12.00"),
        yuan("12.00"),
        yuan("100.0"),
    )
    january_2025 = compute(union.session_factory, Period(D(2025, 1, 1), D(2025, 1, 31)))
    # 甲's December dues paid 01-10 are January's 会费收入; 行政补助 01-01; 元旦长跑 and 住院慰问 01-01.
    assert (january_2025["会费收入"], january_2025["行政补助收入"]) == (yuan("15.00"), yuan("10000.00"))
    assert (january_2025["经费支出合计"], january_2025["超标准发放人次"]) == (yuan("599.00"), 1)
    # 2025's dues: 乙's unpaid January; no 2025 budget.
    assert (january_2025["欠缴会费人数"], january_2025["预算执行率"]) == (1, yuan("0.0"))


def test_flow_figures_add_up_over_the_months(union: Database) -> None:
    year = compute(union.session_factory, Y2024)
    months = [compute(union.session_factory, month) for month in Y2024.months()]
    for figure in (f for f in FIGURES if f.name in NEW_NAMES):
        if figure.flow:
            assert sum(m[figure.name] for m in months) == year[figure.name], figure.name


def test_an_empty_union_has_zeros(db: Database) -> None:
    values = compute(db.session_factory, Y2024)
    assert {n: values[n] for n in ("会费收缴率", "预算执行率", "经费结余", "欠缴会费人数")} == {
        "会费收缴率": yuan("0.0"), "预算执行率": yuan("0.0"), "经费结余": yuan("0.00"), "欠缴会费人数": 0}  # fmt: skip


def test_a_smaller_deficit_is_a_growth() -> None:
    """经费结余 is the one figure that can be negative: −80 after −100 grew by 20%."""
    assert (yoy_text(Decimal(-80), Decimal(-100)), yoy_text(Decimal(-120), Decimal(-100))) == ("增长20.0%", "下降20.0%")
    assert yoy_text(Decimal(50), Decimal(-100)) == "增长150.0%"


def test_the_statistical_report_leaves_the_funds_to_their_statements(union: Database) -> None:
    from unionbook.services.statistical_report import statistical_rows

    labels = {row["指标"] for row in statistical_rows(compute_with_comparison(union.session_factory, Y2024))}
    assert labels and not labels & set(NEW_NAMES)


def test_figures_json_prints_them(union: Database, capsys: pytest.CaptureFixture[str]) -> None:
    from unionbook.app import main

    path = union.target
    union.close()
    assert main(["--db", str(path), "figures", "--year", "2024", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert {n: document[n] for n in ("会费实缴金额", "会费收缴率", "欠缴会费人数", "经费结余", "超标准发放人次")} == {
        "会费实缴金额": 52.0, "会费收缴率": 72.2, "欠缴会费人数": 2, "经费结余": 40717.0, "超标准发放人次": 3}  # fmt: skip
    assert document["上年经费支出合计"] == 50.0 and document["会费收缴率同比百分点"] == "提高16.6个百分点"
