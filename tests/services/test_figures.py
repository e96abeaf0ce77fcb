"""Every figure of the registry on a small hand-built union, at the edges of the period.

The union below is built row by row with the ORM so each expected number can be checked by hand:
events dated 12-31 and 01-01, undated events, a 转出 after the period, a contract ending on E,
one terminated on E, a file closed on E, a person paid twice by one program, attendance lists
overriding typed participants. E is 2024-12-31 unless a test says otherwise; 上年 is 2023.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from unionbook.db.models import (
    Activity,
    ActivityAttendance,
    AidPayment,
    CollectiveContract,
    EmploymentEvent,
    HardshipFile,
    HardshipReview,
    Member,
    MembershipEvent,
    UnionProfile,
)
from unionbook.services.database import Database
from unionbook.services.figures import (
    FIGURES,
    LISTS,
    Period,
    compute,
    compute_lists,
    compute_with_comparison,
    figure_by_name,
    yoy_text,
)
from unionbook.services.figures.aid import PROGRAMS
from unionbook.services.figures.registry import compute_periods_in

Y2024 = Period.year(2024)
Y2023 = Period.year(2023)
D = date


def yuan(text: str) -> Decimal:
    return Decimal(text)


def fen(text: str) -> int:
    return int(Decimal(text) * 100)


@pytest.fixture
def union(db: Database) -> Database:
    """The hand-built union (see the module docstring); returns the database."""
    with db.session_factory.begin() as s:
        people: dict[str, Member] = {}

        def person(key: str, gender: str, *, migrant: bool = False, card: str | None = None) -> Member:
            m = Member(name=key, gender=gender, is_migrant_worker=migrant, member_card_no=card)
            s.add(m)
            people[key] = m
            return m

        def membership(key: str, kind: str, on: date | None) -> None:
            s.add(MembershipEvent(member=people[key], kind=kind, date=on))

        def employment(key: str, status: str, on: date | None) -> None:
            s.add(EmploymentEvent(member=people[key], status=status, date=on))

        person("A", "女", migrant=True, card="C1")
        membership("A", "入会", D(2024, 1, 1))  # new on the first day of the period
        employment("A", "在岗", None)  # undated: the earliest, so 在岗 at every date
        person("B", "男", card="C2")
        membership("B", "入会", D(2023, 12, 31))  # new in 2023, not in 2024
        employment("B", "在岗", D(2020, 1, 1))
        person("C", "男")
        membership("C", "入会", None)  # undated: a member at every date, never "new"
        membership("C", "转出", D(2025, 1, 1))  # after E: still a member at 2024-12-31
        employment("C", "在岗", None)
        person("D", "女", migrant=True)
        membership("D", "入会", D(2020, 5, 1))
        membership("D", "转出", D(2024, 12, 31))  # an event on E counts at E
        employment("D", "在岗", D(2020, 5, 1))
        employment("D", "退职", D(2024, 12, 31))
        person("E", "男")
        membership("E", "入会", D(2010, 1, 1))
        membership("E", "保留", D(2024, 6, 30))  # retired, keeps membership: 保留, not 会员
        employment("E", "在岗", D(2010, 1, 1))
        employment("E", "退休", D(2024, 6, 30))
        person("F", "女")  # an employee who is not a member
        employment("F", "待(下)岗", D(2022, 1, 1))
        person("G", "女", card="   ")  # a blank card number is no card
        membership("G", "入会", D(2015, 1, 1))  # no employment event: not in 职工总数
        person("H", "男")
        membership("H", "转入", D(2024, 12, 31))  # 转入 counts as joining
        employment("H", "在岗", D(2024, 12, 31))
        person("I", "男")
        membership("I", "入会", D(2019, 3, 1))
        membership("I", "去世", D(2024, 3, 1))
        person("J", "男")
        membership("J", "入会", D(2018, 1, 1))
        membership("J", "转出", D(2023, 6, 1))  # left in 2023: still counts at 2022-12-31
        person("K", "男")
        membership("K", "入会", D(2024, 5, 1))
        membership("K", "退会", D(2024, 5, 1))  # same day, later row: the later one wins
        person("L", "男")
        employment("L", "在岗", D(2021, 1, 1))
        s.flush()

        def contract(
            kind: str, title: str, start: date | None, end: date | None, **extra: object
        ) -> CollectiveContract:
            c = CollectiveContract(kind=kind, title=title, effective_from=start, effective_to=end, **extra)
            s.add(c)
            s.flush()
            return c

        c1 = contract("综合集体合同", "综合2022", D(2022, 1, 1), D(2024, 12, 31), signed_on=D(2021, 12, 20),
                      covered_enterprises=2, covered_employees=100, employer="江川公司")  # fmt: skip
        contract("综合集体合同", "综合2025", D(2025, 1, 1), D(2027, 12, 31), signed_on=D(2024, 12, 15),
                 renews_id=c1.id, covered_employees=120)  # fmt: skip
        contract("工资专项集体合同", "工资2024", D(2024, 1, 1), D(2025, 6, 30), signed_on=D(2024, 1, 1),
                 covered_enterprises=1, covered_employees=80)  # fmt: skip
        c4 = contract("女职工权益保护专项集体合同", "女职工2023", D(2023, 1, 1), D(2025, 12, 31),
                      signed_on=D(2022, 12, 31), terminated_on=D(2024, 6, 30), covered_female=40)  # fmt: skip
        contract("劳动安全卫生专项集体合同", "安全2024", D(2024, 3, 1), D(2026, 12, 31), signed_on=D(2024, 12, 31),
                 terminated_on=D(2024, 12, 31))  # fmt: skip
        contract("女职工权益保护专项集体合同", "女职工2024", D(2024, 1, 1), D(2025, 12, 31),
                 signed_on=D(2023, 12, 31), covered_female=30, covered_employees=50)  # fmt: skip
        contract("其他专项", "其他（未填生效日期）", None, None, signed_on=D(2024, 5, 5), renews_id=c4.id)

        def file(
            key: str, category: str, opened: date, closed: date | None = None, reason: str | None = None
        ) -> HardshipFile:
            f = HardshipFile(member_id=people[key].id, category=category, opened_on=opened, closed_on=closed,
                             close_reason=reason)  # fmt: skip
            s.add(f)
            s.flush()
            return f

        f1 = file("A", "深度困难", D(2023, 5, 1))
        f2 = file("B", "相对困难", D(2024, 1, 1))
        f3 = file("C", "意外致困", D(2022, 1, 1), D(2024, 12, 31), "解困脱困")  # closed on E: not open at E
        file("D", "深度困难", D(2024, 12, 31))  # opened on E: open at E
        file("E", "相对困难", D(2020, 1, 1), D(2024, 3, 1), "不再符合条件")
        for f, on, kind in ((f1, D(2024, 1, 1), "走访"), (f1, D(2024, 12, 31), "走访"), (f2, D(2024, 6, 1), "走访"),
                            (f3, D(2024, 2, 1), "复核"), (f1, D(2023, 12, 31), "走访")):  # fmt: skip
            s.add(HardshipReview(file_id=f.id, date=on, kind=kind))

        def pay(key: str, program: str, on: date, amount: str, goods: str = "0", f: HardshipFile | None = None) -> None:
            s.add(AidPayment(member_id=people[key].id, program=program, date=on, amount_fen=fen(amount),
                             goods_value_fen=fen(goods), hardship_file_id=f.id if f else None))  # fmt: skip

        pay("A", "送温暖", D(2024, 1, 1), "1000.00", "200.00", f1)
        pay("A", "送温暖", D(2024, 12, 31), "500.50", f=f1)  # same person twice: 1 人数, 2 人次
        pay("B", "金秋助学", D(2024, 9, 1), "2050.00", f=f2)  # 0.205 万元 rounds half up to 0.21
        pay("C", "节日慰问", D(2024, 2, 9), "0", "300.00")
        pay("D", "其他", D(2024, 5, 1), "123.45")  # no program figures, but in every total
        pay("A", "送温暖", D(2023, 12, 31), "9999.00")
        pay("B", "医疗救助", D(2025, 1, 1), "777.00")

        def activity(name: str, category: str, start: date, participants: int | None = None, *, cost: str = "0",
                     attendance: tuple[str, ...] = (), **extra: object) -> None:  # fmt: skip
            a = Activity(name=name, category=category, start_date=start, participants=participants,
                         cost_fen=fen(cost), **extra)  # fmt: skip
            s.add(a)
            s.flush()
            for key in attendance:
                s.add(ActivityAttendance(activity_id=a.id, member_id=people[key].id))

        activity(
            "迎新春游园", "文体活动", D(2024, 1, 1), 30, cost="1000.00", attendance=("A", "B", "C"), location="厂区"
        )
        activity("年终培训", "培训", D(2024, 12, 31), 25, cost="500.00")
        activity("职代会", "职代会/会员大会", D(2024, 3, 1), 50, proposals=5, proposals_closed=4)
        activity("委员会议", "工会委员会议", D(2024, 4, 1), attendance=("A", "B"), proposals=2, proposals_closed=1)
        activity("去年的委员会议", "工会委员会议", D(2023, 12, 31), 7, proposals=9, proposals_closed=9)
        activity("其他活动", "其他", D(2024, 6, 1), cost="99.99", proposals=3, proposals_closed=0)
        activity("明年的宣讲", "思想教育/宣讲", D(2025, 1, 1), 60)
        activity("三八节", "女职工活动", D(2024, 3, 8), 10)
        activity("跨年长跑", "文体活动", D(2024, 12, 30), 40, end_date=D(2025, 1, 2))
    return db


def set_override(db: Database, value: int | None) -> None:
    with db.session_factory.begin() as s:
        profile = s.get(UnionProfile, 1) or UnionProfile(id=1)
        profile.employee_total_override = value
        s.add(profile)


def only(values: dict[str, object], names: list[str]) -> dict[str, object]:
    return {name: values[name] for name in names}


# --- 会员 ------------------------------------------------------------------------------------

MEMBER_NAMES = ["职工总数", "会员总数", "保留会籍人数", "入会率", "新入会人数", "减少会员数", "女会员数", "女职工人数",
                "农民工会员数", "会员卡发放数"]  # fmt: skip


def test_member_figures_at_the_period_edges(union: Database) -> None:
    assert only(compute(union.session_factory, Y2024), MEMBER_NAMES) == {
        "职工总数": 6,  # A, B, C, F (待岗), H (在岗 from E), L; not D (退职 on E), E (退休), G (no event)
        "会员总数": 5,  # A, B, C, G, H; not D (转出 on E), E (保留), I, J, K
        "保留会籍人数": 1,
        "入会率": Decimal("83.3"),
        "新入会人数": 3,  # A (01-01), H (转入 12-31), K; not B (2023-12-31), not C (undated)
        "减少会员数": 3,  # D (转出), I (去世), K (退会); 保留 is not leaving, C's 转出 is in 2025
        "女会员数": 2,  # A, G
        "女职工人数": 2,  # A, F
        "农民工会员数": 1,  # A; D is a migrant worker but no longer a member
        "会员卡发放数": 2,  # A, B; G's card number is blank
    }


def test_member_figures_one_year_earlier(union: Database) -> None:
    assert only(compute(union.session_factory, Y2023), MEMBER_NAMES) == {
        "职工总数": 7,  # H was not yet employed; D and E still were
        "会员总数": 6,  # B (joined on E), C, D, E, G, I
        "保留会籍人数": 0,
        "入会率": Decimal("85.7"),
        "新入会人数": 1,
        "减少会员数": 1,  # J
        "女会员数": 2,  # D, G
        "女职工人数": 3,  # A, D, F
        "农民工会员数": 1,  # D
        "会员卡发放数": 1,  # B
    }


def test_member_who_left_in_2023_counts_in_2022(union: Database) -> None:
    assert compute(union.session_factory, Period.year(2022))["会员总数"] == 6  # C, D, E, G, I, J


def test_several_periods_in_one_walk_give_each_periods_own_figures(union: Database) -> None:
    """The year and 上年 share one walk over the roster; each keeps its own values, in the order asked."""
    with union.session_factory() as session:
        values = compute_periods_in(session, [Y2024, Period.year(2022), Y2023, Period.half_year(2024)])
    assert [only(v, ["会员总数", "职工总数", "新入会人数", "减少会员数"]) for v in values] == [
        {"会员总数": 5, "职工总数": 6, "新入会人数": 3, "减少会员数": 3},
        {"会员总数": 6, "职工总数": 7, "新入会人数": 0, "减少会员数": 0},  # C, D, E, G, I, J
        {"会员总数": 6, "职工总数": 7, "新入会人数": 1, "减少会员数": 1},
        # at 06-30: A, B, C, D, G (E 保留 that day, I died, K left); at work A, B, C, D, F, L (E retired)
        {"会员总数": 5, "职工总数": 6, "新入会人数": 2, "减少会员数": 2},  # joined A, K; left I, K
    ]


def test_override_replaces_the_employee_total_but_not_the_female_count(union: Database) -> None:
    set_override(union, 10)
    values = compute(union.session_factory, Y2024)
    assert (values["职工总数"], values["入会率"], values["女职工人数"]) == (10, Decimal("50.0"), 2)
    set_override(union, 0)  # set, and zero: no rate rather than a division by zero
    values = compute(union.session_factory, Y2024)
    assert (values["职工总数"], values["入会率"]) == (0, Decimal("0.0"))
    set_override(union, None)
    assert compute(union.session_factory, Y2024)["职工总数"] == 6


# --- 集体合同 --------------------------------------------------------------------------------

CONTRACT_NAMES = ["有效集体合同份数", "新签集体合同份数", "续签集体合同份数", "综合集体合同份数", "集体合同覆盖企业数",
                  "集体合同覆盖职工人数", "工资专项集体合同份数", "工资专项覆盖职工人数", "女职工专项集体合同份数",
                  "覆盖女职工人数", "劳动安全卫生专项集体合同份数", "次年到期集体合同份数", "工资专项覆盖企业数"]  # fmt: skip


def test_contract_figures_at_the_period_edges(union: Database) -> None:
    assert only(compute(union.session_factory, Y2024), CONTRACT_NAMES) == {
        # 综合2022 ends on E (in force), 工资2024 starts on 01-01, 安全2024 is terminated on E itself
        # (not before E), 女职工2024; 女职工2023 was terminated in June, 综合2025 starts after E.
        "有效集体合同份数": 4,
        "新签集体合同份数": 2,  # 工资2024 (signed 01-01), 安全2024 (signed 12-31)
        "续签集体合同份数": 2,  # 综合2025 and the undated 其他专项, both renewing an earlier one
        "综合集体合同份数": 1,
        "集体合同覆盖企业数": 2,
        "集体合同覆盖职工人数": 100,  # only 综合 contracts count, not 女职工2024's 50
        "工资专项集体合同份数": 1,
        "工资专项覆盖职工人数": 80,
        "女职工专项集体合同份数": 1,
        "覆盖女职工人数": 30,
        "劳动安全卫生专项集体合同份数": 1,
        "次年到期集体合同份数": 2,  # 工资2024 (2025-06-30) and 女职工2024 (2025-12-31); 综合2022 ends on E
        "工资专项覆盖企业数": 1,
    }


def test_contract_figures_one_year_earlier(union: Database) -> None:
    values = compute(union.session_factory, Y2023)
    names = [
        "有效集体合同份数",
        "新签集体合同份数",
        "续签集体合同份数",
        "女职工专项集体合同份数",
        "次年到期集体合同份数",
    ]
    assert only(values, names) == {
        "有效集体合同份数": 2,  # 综合2022, 女职工2023
        "新签集体合同份数": 1,  # 女职工2024, signed 2023-12-31
        "续签集体合同份数": 0,
        "女职工专项集体合同份数": 1,
        "次年到期集体合同份数": 1,  # 综合2022 ends 2024-12-31, exactly 12 months after E
    }


def test_a_contract_terminated_on_e_is_still_in_force_that_day(union: Database) -> None:
    values = compute(union.session_factory, Period(D(2024, 1, 1), D(2024, 6, 30)))
    assert values["女职工专项集体合同份数"] == 2  # 女职工2023 (terminated on 06-30) and 女职工2024
    assert compute(union.session_factory, Period(D(2024, 1, 1), D(2024, 7, 1)))["女职工专项集体合同份数"] == 1


# --- 帮扶 ------------------------------------------------------------------------------------


def test_hardship_file_figures(union: Database) -> None:
    names = ["在档困难职工户数", "新建档户数", "解困脱困户数", "深度困难户数", "相对困难户数", "意外致困户数",
             "困难职工走访户数", "困难职工走访次数"]  # fmt: skip
    assert only(compute(union.session_factory, Y2024), names) == {
        "在档困难职工户数": 3,  # A's, B's (opened 01-01), D's (opened on E); not C's, closed on E
        "新建档户数": 2,
        "解困脱困户数": 1,  # C's; E's was closed for another reason
        "深度困难户数": 2,
        "相对困难户数": 1,
        "意外致困户数": 0,
        "困难职工走访户数": 2,  # A's file visited twice, B's once; a 复核 is not a visit
        "困难职工走访次数": 3,
    }
    assert only(compute(union.session_factory, Y2023), names[:6]) == {
        "在档困难职工户数": 3, "新建档户数": 1, "解困脱困户数": 0, "深度困难户数": 1, "相对困难户数": 1, "意外致困户数": 1,
    }  # fmt: skip


def test_disbursement_figures(union: Database) -> None:
    values = compute(union.session_factory, Y2024)
    totals = ["帮扶慰问总人次", "帮扶慰问总人数", "帮扶慰问总金额", "帮扶慰问总金额万元", "困难职工帮扶金额万元",
              "帮扶慰问款物合计万元"]  # fmt: skip
    assert only(values, totals) == {
        "帮扶慰问总人次": 5,  # the payments on 01-01 and 12-31 count; 2023-12-31 and 2025-01-01 do not
        "帮扶慰问总人数": 4,
        "帮扶慰问总金额": yuan("3673.95"),
        "帮扶慰问总金额万元": yuan("0.37"),
        "困难职工帮扶金额万元": yuan("0.36"),  # 3550.50 元 against files: 0.35505 → 0.36
        "帮扶慰问款物合计万元": yuan("0.42"),  # 3673.95 + 500.00 in kind
    }
    assert only(values, ["送温暖人数", "送温暖人次", "送温暖金额", "送温暖金额万元", "送温暖实物价值"]) == {
        "送温暖人数": 1, "送温暖人次": 2, "送温暖金额": yuan("1500.50"), "送温暖金额万元": yuan("0.15"),
        "送温暖实物价值": yuan("200.00"),
    }  # fmt: skip
    assert (values["金秋助学金额"], values["金秋助学金额万元"]) == (yuan("2050.00"), yuan("0.21"))  # half up
    assert (values["节日慰问人次"], values["节日慰问金额"], values["节日慰问实物价值"]) == (
        1,
        yuan("0.00"),
        yuan("300.00"),
    )
    for program in PROGRAMS:
        if program.value not in ("送温暖", "金秋助学", "节日慰问"):
            assert values[f"{program}人次"] == 0 and values[f"{program}金额万元"] == yuan("0.00")
    last_year = compute(union.session_factory, Y2023)
    assert (last_year["送温暖人次"], last_year["帮扶慰问总金额万元"]) == (1, yuan("1.00"))  # 9999 元


# --- 活动 ------------------------------------------------------------------------------------


def test_activity_figures(union: Database) -> None:
    values = compute(union.session_factory, Y2024)
    names = ["活动总场次", "活动参与总人次", "文体活动场次", "文体活动人次", "培训期数", "培训人次", "女职工活动场次",
             "女职工活动人次", "思想教育场次", "职代会次数", "工会委员会议次数", "提案数", "已办结提案数", "活动经费金额"]  # fmt: skip
    assert only(values, names) == {
        "活动总场次": 7,  # 01-01 and 12-31 included; an activity running into 2025 belongs to its start
        "活动参与总人次": 130,  # 3 (list, not the typed 30) + 25 + 50 + 2 (list) + 0 + 10 + 40
        "文体活动场次": 2,
        "文体活动人次": 43,
        "培训期数": 1,
        "培训人次": 25,
        "女职工活动场次": 1,
        "女职工活动人次": 10,
        "思想教育场次": 0,  # starts 2025-01-01
        "职代会次数": 1,
        "工会委员会议次数": 1,  # the 2023-12-31 meeting belongs to 2023
        "提案数": 7,  # meetings only: the 3 typed on an ordinary activity do not count
        "已办结提案数": 5,
        "活动经费金额": yuan("1599.99"),
    }


# --- types, lists, comparison ----------------------------------------------------------------


def test_value_types_follow_the_units(union: Database) -> None:
    values = compute(union.session_factory, Y2024)
    assert list(values) == [f.name for f in FIGURES]
    for figure in FIGURES:
        value = values[figure.name]
        if figure.unit in ("元", "万元"):
            assert isinstance(value, Decimal) and value.as_tuple().exponent == -2, figure.name
        elif figure.unit == "%":
            assert isinstance(value, Decimal) and value.as_tuple().exponent == -1, figure.name
        else:
            assert type(value) is int, figure.name


def test_lists(union: Database) -> None:
    lists = compute_lists(union.session_factory, Y2024)
    assert list(lists) == list(LISTS)
    for name, rows in lists.items():
        assert all(tuple(row) == LISTS[name] for row in rows), name
    activities = lists["活动列表"]
    assert [row["名称"] for row in activities] == [
        "迎新春游园",
        "职代会",
        "三八节",
        "委员会议",
        "其他活动",
        "跨年长跑",
        "年终培训",
    ]
    assert activities[0] == {"名称": "迎新春游园", "类别": "文体活动", "日期": D(2024, 1, 1), "地点": "厂区", "人次": 3}
    assert activities[1]["地点"] == ""  # no location: empty text, never None
    assert lists["帮扶发放汇总"] == [
        {"项目": "送温暖", "人数": 1, "人次": 2, "金额": yuan("1500.50"), "实物价值": yuan("200.00")},
        {"项目": "金秋助学", "人数": 1, "人次": 1, "金额": yuan("2050.00"), "实物价值": yuan("0.00")},
        {"项目": "节日慰问", "人数": 1, "人次": 1, "金额": yuan("0.00"), "实物价值": yuan("300.00")},
        {"项目": "其他", "人数": 1, "人次": 1, "金额": yuan("123.45"), "实物价值": yuan("0.00")},
    ]
    assert lists["到期合同列表"] == [
        {"标题": "工资2024", "类型": "工资专项集体合同", "企业方": "", "终止日期": D(2025, 6, 30)},
        {"标题": "女职工2024", "类型": "女职工权益保护专项集体合同", "企业方": "", "终止日期": D(2025, 12, 31)},
    ]
    assert lists["在档困难职工列表"] == [
        {"姓名": "A", "困难类别": "深度困难", "建档日期": D(2023, 5, 1)},
        {"姓名": "B", "困难类别": "相对困难", "建档日期": D(2024, 1, 1)},
        {"姓名": "D", "困难类别": "深度困难", "建档日期": D(2024, 12, 31)},
    ]
    values = compute(union.session_factory, Y2024)
    assert len(activities) == values["活动总场次"]
    assert sum(row["人次"] for row in activities) == values["活动参与总人次"]
    assert sum(row["金额"] for row in lists["帮扶发放汇总"]) == values["帮扶慰问总金额"]
    assert len(lists["到期合同列表"]) == values["次年到期集体合同份数"]
    assert len(lists["在档困难职工列表"]) == values["在档困难职工户数"]


@pytest.mark.parametrize(
    ("current", "previous", "text"),
    [(225, 200, "增长12.5%"), (97, 100, "下降3.0%"), (5, 5, "持平"), (5, 0, "—"), (0, 0, "—"), (0, 4, "下降100.0%"),
     (2, 3, "下降33.3%"), (10_001, 10_000, "持平"), (Decimal("1.05"), Decimal("1.05"), "持平"),
     (Decimal("0.21"), Decimal("0.20"), "增长5.0%"), (1, 16, "下降93.8%")],  # 93.75 rounds half up
)  # fmt: skip
def test_yoy_text(current: int | Decimal, previous: int | Decimal, text: str) -> None:
    assert yoy_text(current, previous) == text


def test_comparison_has_every_figure_last_year_and_the_change(union: Database) -> None:
    both = compute_with_comparison(union.session_factory, Y2024)
    # A rate (入会率, and since issue 14 会费收缴率 and 预算执行率) also has F同比百分点, right after F同比.
    rates = {"入会率", "会费收缴率", "预算执行率"}
    assert list(both) == [
        key
        for f in FIGURES
        for key in (f.name, "上年" + f.name, f.name + "同比", *([f.name + "同比百分点"] if f.name in rates else []))
    ]
    assert both["入会率同比百分点"] == "降低2.4个百分点"  # 83.3% against 85.7%
    # (2024, 2023, 同比), the years as in the tests above; the change is (now - before) / before.
    expected = {
        "职工总数": (6, 7, "下降14.3%"),  # -1/7 = -14.29%
        "会员总数": (5, 6, "下降16.7%"),  # -1/6 = -16.67%
        "保留会籍人数": (1, 0, "—"),  # nobody last year: no percentage
        "入会率": (Decimal("83.3"), Decimal("85.7"), "下降2.8%"),  # -2.4/85.7 = -2.80%
        "新入会人数": (3, 1, "增长200.0%"),
        "减少会员数": (3, 1, "增长200.0%"),
        "女会员数": (2, 2, "持平"),
        "女职工人数": (2, 3, "下降33.3%"),
        "农民工会员数": (1, 1, "持平"),
        "会员卡发放数": (2, 1, "增长100.0%"),
        "在档困难职工户数": (3, 3, "持平"),
        "新建档户数": (2, 1, "增长100.0%"),
        "解困脱困户数": (1, 0, "—"),
        "意外致困户数": (0, 1, "下降100.0%"),
        "送温暖人次": (2, 1, "增长100.0%"),
        "金秋助学人数": (1, 0, "—"),
        "帮扶慰问总金额万元": (yuan("0.37"), yuan("1.00"), "下降63.0%"),  # 3673.95 元 against 9999.00 元
    }
    assert {name: (both[name], both["上年" + name], both[name + "同比"]) for name in expected} == expected


def test_a_plain_connection_reads_what_a_session_reads(union: Database) -> None:
    """The CLI reads the figures through `db.engine.connect` (no ORM); the window through sessions.
    Both give the hand-checked values of the tests above, every figure, 上年 and list alike."""
    by_connection = compute_with_comparison(union.engine.connect, Y2024)
    assert {name: by_connection[name] for name in ("会员总数", "上年会员总数", "入会率同比百分点", "帮扶慰问总人数",
                                                  "帮扶慰问总金额", "活动参与总人次", "有效集体合同份数")} == {
        "会员总数": 5, "上年会员总数": 6, "入会率同比百分点": "降低2.4个百分点", "帮扶慰问总人数": 4,
        "帮扶慰问总金额": yuan("3673.95"), "活动参与总人次": 130, "有效集体合同份数": 4,
    }  # fmt: skip
    assert by_connection == compute_with_comparison(union.session_factory, Y2024)
    assert compute(union.engine.connect, Y2023) == compute(union.session_factory, Y2023)
    lists = compute_lists(union.engine.connect, Y2024)
    assert [row["姓名"] for row in lists["在档困难职工列表"]] == ["A", "B", "D"]
    assert lists == compute_lists(union.session_factory, Y2024)


def test_figure_by_name() -> None:
    figure = figure_by_name("会员总数")
    assert figure is not None and (figure.key, figure.unit, figure.register, figure.flow) == (
        "members_total", "人", "会员", False)  # fmt: skip
    assert figure_by_name("帮扶慰问总人次").flow is True
    assert figure_by_name("没有这个数") is None


def test_empty_database_gives_zeros(db: Database) -> None:
    values = compute(db.session_factory, Y2024)
    assert all(value == 0 for value in values.values())
    assert all(rows == [] for rows in compute_lists(db.session_factory, Y2024).values())
    both = compute_with_comparison(db.session_factory, Y2024)
    assert {both[f.name + "同比"] for f in FIGURES} == {"—"}
