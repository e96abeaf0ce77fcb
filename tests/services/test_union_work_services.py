"""The services of the honors, positions, rights and mutual-aid registers: each refuses a bad record
with a ValidationError naming the field (what the dialogs show under it), saves and deletes through
one audited transaction, and answers the questions other pages ask (劳模? years covered?)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from unionbook.db.models import AuditEntry, Member
from unionbook.domain.errors import NotFoundError, ValidationError
from unionbook.services import honors, mutual_aid, positions, rights_cases
from unionbook.services.database import Database
from unionbook.services.honors import HonorInput
from unionbook.services.mutual_aid import EnrollmentInput
from unionbook.services.positions import PositionInput
from unionbook.services.rights_cases import CaseInput

D = date


@pytest.fixture
def member_id(db: Database) -> int:
    with db.session_factory.begin() as s:
        person = Member(name="王小明", is_migrant_worker=False)
        s.add(person)
        s.flush()
        return person.id


def field_of(call) -> str:  # noqa: ANN001
    with pytest.raises(ValidationError) as info:
        call()
    return str(info.value.params["field"])


def test_honor_rules_name_their_fields(db: Database, member_id: int) -> None:
    f = db.session_factory
    good = HonorInput(kind="劳动模范", title=" 区劳动模范 ", level="县区级", awarded_on=D(2024, 4, 28), member_id=member_id)
    assert field_of(lambda: honors.save_honor(f, HonorInput("劳动模范", "", "县区级", D(2024, 1, 1), member_id=member_id))) == "荣誉称号"
    assert field_of(lambda: honors.save_honor(f, HonorInput("金牌", "x", "县区级", D(2024, 1, 1), member_id=member_id))) == "类别"
    assert field_of(lambda: honors.save_honor(f, HonorInput("劳动模范", "x", "乡级", D(2024, 1, 1), member_id=member_id))) == "级别"
    assert field_of(lambda: honors.save_honor(f, HonorInput("劳动模范", "x", "市级", D(2024, 1, 1)))) == "获奖职工"
    assert field_of(lambda: honors.save_honor(f, HonorInput("工人先锋号", "x", "市级", D(2024, 1, 1), member_id=member_id))) == "类别"
    assert field_of(lambda: honors.save_honor(f, HonorInput("工人先锋号", "x", "市级", D(2024, 1, 1), recipient="班组"))) == "获奖集体"
    assert field_of(lambda: honors.save_honor(f, HonorInput("劳动模范", "x", "市级", D(2024, 1, 1), recipient="部门",
                                                           collective="一车间"))) == "类别"  # fmt: skip
    saved = honors.save_honor(f, good)
    row = honors.get_honor(f, saved.id)
    assert row.data.title == "区劳动模范" and row.holder == "王小明" and row.data.collective == ""
    union = honors.save_honor(f, HonorInput("模范职工之家", "市模范职工之家", "市级", D(2023, 6, 30), recipient="本工会"))
    assert honors.get_honor(f, union.id).holder == "本工会"
    assert honors.model_worker_title(f, member_id, D(2024, 4, 27)) is None  # not yet
    assert honors.model_worker_title(f, member_id, D(2024, 4, 28)).data.title == "区劳动模范"  # type: ignore[union-attr]
    honors.delete_honor(f, saved.id)
    with pytest.raises(NotFoundError):
        honors.get_honor(f, saved.id)
    with f() as s:
        actions = [(e.action, e.table_name) for e in s.scalars(select(AuditEntry).where(AuditEntry.table_name == "honors").order_by(AuditEntry.id))]
    assert actions == [("create", "honors"), ("create", "honors"), ("delete", "honors")]


def test_position_rules(db: Database) -> None:
    f = db.session_factory
    assert field_of(lambda: positions.save_position(f, PositionInput("职工之家", " ", D(2020, 1, 1)))) == "阵地名称"
    assert field_of(lambda: positions.save_position(f, PositionInput("会议室", "x", D(2020, 1, 1)))) == "类型"
    assert field_of(lambda: positions.save_position(f, PositionInput("职工书屋", "x", D(2020, 1, 1),
                                                                    closed_on=D(2019, 1, 1)))) == "停用日期"  # fmt: skip
    assert field_of(lambda: positions.save_position(f, PositionInput("职工书屋", "x", D(2020, 1, 1), area=-1))) == "面积"
    assert field_of(lambda: positions.save_position(f, PositionInput("职工书屋", "x", D(2020, 1, 1), demo_level="国际示范"))) == "示范级别"
    saved = positions.save_position(f, PositionInput("职工书屋", "书屋", D(2020, 1, 1), demo_level=""))
    row = positions.get_position(f, saved.id)
    assert row.data.demo_level is None and row.status == "在用" and row.data.is_open(D(2024, 12, 31))
    later = positions.save_position(f, PositionInput("职工书屋", "书屋", D(2020, 1, 1), closed_on=D(2024, 6, 30)), saved.id)
    assert positions.get_position(f, later.id).status == "已停用"
    assert [r.data.name for r in positions.list_positions(f, positions.PositionFilter(status="在用"))] == []


def test_case_rules_and_privacy(db: Database, member_id: int) -> None:
    f = db.session_factory
    assert field_of(lambda: rights_cases.save_case(f, CaseInput("咨询", D(2024, 1, 1), "x"))) == "类别"
    assert field_of(lambda: rights_cases.save_case(f, CaseInput("法律咨询", D(2024, 1, 1), " "))) == "事项"
    assert field_of(lambda: rights_cases.save_case(f, CaseInput("法律咨询", D(2024, 1, 1), "x", closed_on=D(2024, 1, 2)))) == "结果"
    assert field_of(lambda: rights_cases.save_case(f, CaseInput("法律咨询", D(2024, 1, 1), "x", outcome="已解决"))) == "办结日期"
    assert field_of(lambda: rights_cases.save_case(f, CaseInput("法律咨询", D(2024, 1, 2), "x", outcome="已解决",
                                                                closed_on=D(2024, 1, 1)))) == "办结日期"  # fmt: skip
    saved = rights_cases.save_case(f, CaseInput("法律援助", D(2024, 1, 2), "欠薪", member_id=member_id, outcome="调解成功",
                                                closed_on=D(2024, 2, 1)))  # fmt: skip
    assert saved.warnings and "劳动争议调解" in saved.warnings[0]  # a mediation's result on legal aid: a warning
    row = rights_cases.get_case(f, saved.id)
    assert row.data.person_name == "王小明" and row.shown_name() == "王*" and row.shown_name(show=True) == "王小明"
    public = rights_cases.save_case(f, CaseInput("职工诉求/办实事", D(2024, 3, 1), "班车", person_name="李四", private=False))
    assert rights_cases.get_case(f, public.id).shown_name() == "李四"
    assert [r.id for r in rights_cases.list_cases(f)][0] == public.id  # open cases first


def test_enrollment_rules_and_years_covered(db: Database, member_id: int) -> None:
    f = db.session_factory
    assert field_of(lambda: mutual_aid.save_enrollment(f, EnrollmentInput(0, 2024))) == "参保职工"
    assert field_of(lambda: mutual_aid.save_enrollment(f, EnrollmentInput(member_id, 1980))) == "参保年度"
    assert field_of(lambda: mutual_aid.save_enrollment(f, EnrollmentInput(member_id, 2024, contribution_fen=-1))) == "缴费金额"
    first = mutual_aid.save_enrollment(f, EnrollmentInput(member_id, 2024, " 住院医疗 ", 6000))
    assert field_of(lambda: mutual_aid.save_enrollment(f, EnrollmentInput(member_id, 2024, "住院医疗"))) == "保障计划"
    mutual_aid.save_enrollment(f, EnrollmentInput(member_id, 2024, "住院医疗", 7000), first.id)  # itself: no clash
    mutual_aid.save_enrollment(f, EnrollmentInput(member_id, 2022, "住院医疗", 6000))
    assert mutual_aid.years_covered(f, member_id) == [2024, 2022]
    assert mutual_aid.plans(f) == ["住院医疗"]
    assert mutual_aid.get_enrollment(f, first.id).data.contribution_fen == 7000


def test_enrollment_list_ids_rows_and_totals_in_sql(db: Database, member_id: int) -> None:
    """What the lazy 互助保障 list reads: ids newest year first and names A to Z, a column's order
    on request, the rows by id, and the line under the list (people counted once)."""
    f = db.session_factory
    with f.begin() as s:
        s.add_all([Member(name="李四", department="仓库", is_migrant_worker=False),
                   Member(name="张三", department="车间", is_migrant_worker=False)])  # fmt: skip
    with f() as s:
        li, zhang = s.scalars(select(Member.id).where(Member.name.in_(["李四", "张三"])).order_by(Member.name_pinyin))
    wang_a = mutual_aid.save_enrollment(f, EnrollmentInput(member_id, 2024, "住院医疗", 6000, "HZ1")).id
    wang_b = mutual_aid.save_enrollment(f, EnrollmentInput(member_id, 2024, "意外伤害", 2000)).id
    li_a = mutual_aid.save_enrollment(f, EnrollmentInput(li, 2024, "住院医疗", 6000)).id
    zhang_old = mutual_aid.save_enrollment(f, EnrollmentInput(zhang, 2023, "住院医疗", 5000)).id
    zhang_a = mutual_aid.save_enrollment(f, EnrollmentInput(zhang, 2024, "住院医疗", 6000)).id

    EF = mutual_aid.EnrollmentFilter
    assert mutual_aid.query_enrollment_ids(f) == [li_a, wang_a, wang_b, zhang_a, zhang_old]  # 李, 王, 张 in 2024
    assert mutual_aid.query_enrollment_ids(f, EF(year=2024), "contribution", descending=False) == [wang_b, wang_a, li_a, zhang_a]
    assert mutual_aid.query_enrollment_ids(f, EF(text="仓库")) == [li_a]
    assert mutual_aid.query_enrollment_ids(f, EF(text="HZ1")) == [wang_a]
    assert mutual_aid.query_enrollment_ids(f, EF(plan="意外伤害")) == [wang_b]
    rows = {r.id: r for r in mutual_aid.fetch_enrollment_rows(f, [zhang_old, li_a, 999_999])}
    assert set(rows) == {zhang_old, li_a}
    assert (rows[zhang_old].member_name, rows[zhang_old].department, rows[zhang_old].data.year) == ("张三", "车间", 2023)
    assert mutual_aid.get_enrollment(f, wang_a).data.policy_number == "HZ1"
    with pytest.raises(NotFoundError):
        mutual_aid.get_enrollment(f, 999_999)

    assert mutual_aid.enrollment_totals(f, EF(year=2024)) == mutual_aid.EnrollmentTotals(3, 4, 20_000)  # 王 twice: 1 person
    assert mutual_aid.enrollment_totals(f, EF(year=2024, text="王")) == mutual_aid.EnrollmentTotals(1, 2, 8_000)
    assert mutual_aid.enrollment_totals(f, EF(year=2022)) == mutual_aid.EnrollmentTotals(0, 0, 0)
