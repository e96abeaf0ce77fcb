"""The figures of the honors, positions, rights and mutual-aid registers on a hand-built union.

Every record sits on an edge of the period (2024): honors dated 12-31 and 01-01, a second 劳动模范
title for the same person, a position closed mid-year and one closed on E itself, a case opened
12-31 and one opened 01-01, a mediation opened in 2024 and closed in 2025, a request opened in 2023
and resolved in 2024. The expected values are counted by hand in the comments.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from unionbook.db.models import Activity, ActivityAttendance, Honor, Member, MutualAidEnrollment, Position, RightsCase
from unionbook.services.database import Database
from unionbook.services.figures import FIGURES, Period, compute, compute_with_comparison

D = date
Y2024, Y2023 = Period.year(2024), Period.year(2023)

NEW_NAMES = [
    "互助保障参保人数", "互助保障缴费金额", "个人荣誉人次", "集体荣誉数", "劳模人数", "创新工作室数", "新增创新工作室数",
    "创新成果获奖数", "职工之家数", "职工书屋数", "爱心驿站数", "母婴室数", "新建阵地数", "法律咨询次数",
    "劳动争议调解件数", "调解成功件数", "办实事件数", "职工体检人数",
]  # fmt: skip


@pytest.fixture
def union(db: Database) -> Database:
    with db.session_factory.begin() as s:
        a, b, c = (Member(name=n, is_migrant_worker=False) for n in ("甲", "乙", "丙"))
        s.add_all([a, b, c])
        s.flush()

        def honor(kind: str, on: date, member: Member | None = None, collective: str = "", recipient: str = "") -> None:
            s.add(Honor(kind=kind, title=kind, level="市级", awarded_on=on, member_id=member.id if member else None,
                        recipient=recipient or ("个人" if member else "班组"), collective=collective or None))  # fmt: skip

        honor("劳动模范", D(2024, 1, 1), a)  # 2024: personal; 甲 is a 劳模 at E
        honor("劳动模范", D(2024, 6, 1), a)  # 2024: personal; 甲 again: still one 劳模
        honor("劳动模范", D(2025, 1, 1), b)  # after E: no 劳模, no honor in 2024
        honor("五一劳动奖章", D(2023, 12, 31), a)  # 2023's personal honor
        honor("技术创新成果", D(2024, 3, 15), c)  # 2024: personal, and an innovation award
        honor("技术创新成果", D(2025, 1, 1), None, "数控二班")  # 2025
        honor("工人先锋号", D(2024, 12, 31), None, "数控二班")  # 2024: collective
        honor("创新工作室", D(2023, 5, 1), None, "张师傅劳模创新工作室")  # 2023: collective, a studio
        honor("创新工作室", D(2024, 12, 31), None, "李师傅工匠创新工作室")  # 2024: collective, a new studio
        honor("模范职工之家", D(2024, 7, 1), None, "", "本工会")  # 2024: collective (the union)

        def position(kind: str, opened: date, closed: date | None = None) -> None:
            s.add(Position(kind=kind, name=f"{kind}{opened}", opened_on=opened, closed_on=closed))

        position("职工之家", D(2020, 5, 1))  # open at both ends
        position("职工书屋", D(2024, 12, 31))  # opened on E: open at E, new in 2024
        position("职工书屋", D(2025, 1, 1))  # not yet
        position("爱心妈妈小屋/母婴室", D(2022, 3, 8), D(2024, 6, 30))  # closed mid-2024: open at 2023's E only
        position("户外劳动者爱心驿站", D(2024, 1, 1), D(2024, 12, 31))  # closed on E: not open at E; new in 2024
        position("职工小家", D(2024, 4, 1))  # new in 2024, not one of the four counted kinds

        def case(kind: str, opened: date, closed: date | None = None, outcome: str = "办理中") -> None:
            s.add(RightsCase(kind=kind, opened_on=opened, closed_on=closed, outcome=outcome, request="事项"))

        case("法律咨询", D(2023, 12, 31), D(2023, 12, 31), "已解决")  # 2023
        case("法律咨询", D(2024, 1, 1), D(2024, 1, 1), "已解决")  # 2024
        case("劳动争议调解", D(2024, 11, 20), D(2025, 1, 10), "调解成功")  # 2024's mediation, succeeded (in 2025)
        case("劳动争议调解", D(2024, 3, 1), D(2024, 3, 20), "调解不成")  # 2024's mediation, failed
        case("劳动争议调解", D(2023, 12, 20), D(2024, 1, 5), "调解成功")  # 2023's mediation, succeeded
        case("职工诉求/办实事", D(2023, 11, 1), D(2024, 1, 15), "已解决")  # resolved in 2024
        case("职工诉求/办实事", D(2024, 12, 1), D(2025, 1, 2), "已解决")  # resolved in 2025
        case("职工诉求/办实事", D(2024, 5, 1), D(2024, 5, 10), "转交")  # referred: not resolved
        case("职工诉求/办实事", D(2024, 6, 1))  # still open

        for member, year, plan, fen in ((a, 2024, "住院医疗", 10000), (a, 2024, "重大疾病", 5000),
                                        (b, 2024, "住院医疗", 10000), (c, 2023, "住院医疗", 8000),
                                        (b, 2025, "住院医疗", 12000)):  # fmt: skip
            s.add(MutualAidEnrollment(member_id=member.id, year=year, plan=plan, contribution_fen=fen))

        s.add(Activity(name="体检一", category="职工体检/疗休养", start_date=D(2024, 12, 31), participants=40))
        s.add(Activity(name="体检二", category="职工体检/疗休养", start_date=D(2025, 1, 1), participants=10))
        listed = Activity(name="疗休养", category="职工体检/疗休养", start_date=D(2024, 5, 6), participants=30)
        s.add(listed)
        s.flush()
        s.add_all([ActivityAttendance(activity_id=listed.id, member_id=m.id) for m in (a, b)])  # the list wins: 2
    return db


def test_new_figures_are_registered_with_units_and_registers() -> None:
    by_name = {f.name: f for f in FIGURES}
    assert [n for n in NEW_NAMES if n not in by_name] == []
    assert by_name["集体荣誉数"].unit == "项" and by_name["职工之家数"].unit == "个"
    assert by_name["互助保障缴费金额"].unit == "元" and by_name["互助保障参保人数"].register == "帮扶"
    assert by_name["职工体检人数"].register == "活动" and by_name["法律咨询次数"].register == "维权"
    assert not by_name["劳模人数"].flow and by_name["新增创新工作室数"].flow


def test_union_work_figures_2024(union: Database) -> None:
    values = compute(union.session_factory, Y2024)
    assert {n: values[n] for n in NEW_NAMES} == {
        "互助保障参保人数": 2,  # 甲 (two plans) and 乙
        "互助保障缴费金额": Decimal("250.00"),  # 100 + 50 + 100
        "个人荣誉人次": 3,  # 甲's two 劳动模范, 丙's 技术创新成果
        "集体荣誉数": 3,  # 工人先锋号 12-31, the studio 12-31, the union's 模范职工之家
        "劳模人数": 1,  # 甲 (twice); 乙's title comes in 2025
        "创新工作室数": 2,  # named 2023 and 2024-12-31
        "新增创新工作室数": 1,
        "创新成果获奖数": 1,  # 丙's; the 班组's is 2025's
        "职工之家数": 1,
        "职工书屋数": 1,  # opened on E
        "爱心驿站数": 0,  # closed on E
        "母婴室数": 0,  # closed mid-year
        "新建阵地数": 3,  # 书屋 12-31, 驿站 01-01, 小家 04-01
        "法律咨询次数": 1,  # 01-01 (12-31 is 2023's)
        "劳动争议调解件数": 2,
        "调解成功件数": 1,  # opened 11-20, succeeded in 2025: still 2024's
        "办实事件数": 1,  # opened 2023, resolved 2024-01-15
        "职工体检人数": 42,  # 40 on 12-31, the list of 2 (not the typed 30); 2025's 10 not
    }


def test_union_work_figures_2023_and_comparison(union: Database) -> None:
    values = compute_with_comparison(union.session_factory, Y2024)
    assert {n: values["上年" + n] for n in NEW_NAMES} == {
        "互助保障参保人数": 1, "互助保障缴费金额": Decimal("80.00"), "个人荣誉人次": 1, "集体荣誉数": 1, "劳模人数": 0,
        "创新工作室数": 1, "新增创新工作室数": 1, "创新成果获奖数": 0, "职工之家数": 1, "职工书屋数": 0, "爱心驿站数": 0,
        "母婴室数": 1, "新建阵地数": 0, "法律咨询次数": 1, "劳动争议调解件数": 1, "调解成功件数": 1, "办实事件数": 0,
        "职工体检人数": 0,
    }  # fmt: skip
    assert values["集体荣誉数同比"] == "增长200.0%" and values["劳模人数同比"] == "—"


def test_union_work_figures_on_other_periods(union: Database) -> None:
    """The 统计年报's period (2023-10-01 to 2024-09-30) counts the insurer's year it ends in; a
    month's figures are that month's."""
    statistical = compute(union.session_factory, Period.statistical_year(2024))
    assert statistical["互助保障参保人数"] == 2 and statistical["母婴室数"] == 0  # closed 2024-06-30
    assert statistical["劳动争议调解件数"] == 2  # 2023-12-20 and 2024-03-01
    december = compute(union.session_factory, Period(D(2024, 12, 1), D(2024, 12, 31)))
    assert (december["集体荣誉数"], december["新建阵地数"], december["职工体检人数"]) == (2, 1, 40)
    january = compute(union.session_factory, Period(D(2024, 1, 1), D(2024, 1, 31)))
    assert (january["法律咨询次数"], january["办实事件数"], january["个人荣誉人次"]) == (1, 1, 1)


def test_flow_figures_add_up_over_the_months_and_stock_figures_are_at_the_end(union: Database) -> None:
    year = compute(union.session_factory, Y2024)
    months = [compute(union.session_factory, month) for month in Y2024.months()]
    for figure in (f for f in FIGURES if f.name in NEW_NAMES):
        if figure.flow:
            assert sum(m[figure.name] for m in months) == year[figure.name], figure.name
        else:
            assert months[-1][figure.name] == year[figure.name], figure.name


def test_figures_json_prints_the_new_figures(union: Database, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from unionbook.app import main

    path = union.target
    union.close()
    assert main(["--db", str(path), "figures", "--year", "2024", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert {n: document[n] for n in ("职工之家数", "调解成功件数", "互助保障缴费金额")} == {"职工之家数": 1, "调解成功件数": 1, "互助保障缴费金额": 250.0}
    assert document["上年母婴室数"] == 1 and document["集体荣誉数同比"] == "增长200.0%"
