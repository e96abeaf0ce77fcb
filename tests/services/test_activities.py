"""The activities register: validation, quorum, attendance lists and the ledger import."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from unionbook.domain.errors import ValidationError
from unionbook.services import activities, members
from unionbook.services.activities import ActivityFilter, ActivityInput
from unionbook.services.database import Database
from unionbook.services.importing.activities import (
    import_activities,
    import_attendance,
    plan_activities,
    plan_attendance,
)


def congress(**changes) -> ActivityInput:  # noqa: ANN003
    from dataclasses import replace

    base = ActivityInput(name="第三届职代会第二次会议", category="职代会/会员大会", start_date=date(2024, 3, 15),
                         expected_attendance=60, actual_attendance=41, proposals=5, proposals_closed=3)  # fmt: skip
    return replace(base, **changes)


def test_quorum_and_validation(db: Database) -> None:
    f = db.session_factory
    result = activities.save_activity(f, congress())
    assert result.warnings == []  # 41 of 60 is more than two thirds
    assert activities.get_activity(f, result.id).quorum_held is True
    short = activities.save_activity(f, congress(name="补开", actual_attendance=39))
    assert "法定人数" in short.warnings[0]
    with pytest.raises(ValidationError, match="已办结提案数"):
        activities.save_activity(f, congress(proposals_closed=6))
    with pytest.raises(ValidationError, match="结束日期"):
        activities.save_activity(f, congress(end_date=date(2024, 3, 14)))
    assert len(activities.list_activities(f)) == 2


def test_attendance_list_replaces_typed_participants(db: Database) -> None:
    f = db.session_factory
    people = [members.save_member(f, members.MemberInput(name=n, join_date_unknown=True)).id for n in ("甲", "乙", "丙")]
    act = activities.save_activity(f, ActivityInput(name="登山", category="文体活动", start_date=date(2024, 5, 1),
                                                    participants=50)).id  # fmt: skip
    assert activities.get_activity(f, act).participants == 50
    assert activities.set_attendance(f, act, people + people[:1]) == 3
    assert activities.get_activity(f, act).participants == 3
    assert [a.data.name for a in activities.activities_of_member(f, people[0])] == ["登山"]
    assert [a.name for a in activities.attendance(f, act)] == ["丙", "甲", "乙"]  # pinyin: bing, jia, yi
    assert activities.list_activities(f, ActivityFilter(category="培训")) == []


def test_ledger_import_maps_category_spellings_and_rejects_bad_rows(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "活动台账.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["活动名称", "活动类别", "活动日期", "地点", "参加人数", "经费", "提案数", "已办结提案数"])
    workbook.active.append(["迎新春文艺汇演", "文体", "2024-01-20", "礼堂", 200, "3,500.50", None, None])
    workbook.active.append(["职工代表大会", "职工代表大会", "2024.3.15", "会议室", 58, None, 5, 3])
    workbook.active.append(["无名活动", "联谊", "2024-04-01", None, 10, None, None, None])
    workbook.active.append(["提案错", "工会委员会会议", "2024-04-02", None, 7, None, 1, 2])
    workbook.save(path)
    plan = plan_activities(path)
    assert [r.row for r in plan.rejected] == [4, 5]
    summary = import_activities(db.session_factory, plan)
    assert (summary.new, summary.unit) == (2, "场")
    rows = {r.data.name: r for r in activities.list_activities(db.session_factory)}
    assert rows["迎新春文艺汇演"].data.cost_fen == 350050
    assert rows["职工代表大会"].data.category == "职代会/会员大会"
    again = import_activities(db.session_factory, plan_activities(path))
    assert (again.new, again.unchanged) == (0, 2)


def test_attendance_list_import_matches_by_id_then_unique_name(db: Database, tmp_path: Path) -> None:
    from unionbook.domain.idnumber import check_digit

    f = db.session_factory
    zhang_id = "44010619850312001" + check_digit("44010619850312001")
    members.save_member(f, members.MemberInput(name="张三", id_number=zhang_id, department="一车间", join_date_unknown=True))
    members.save_member(f, members.MemberInput(name="李四", department="一车间", join_date_unknown=True))
    members.save_member(f, members.MemberInput(name="李四", department="二车间", join_date_unknown=True))
    act = activities.save_activity(f, ActivityInput(name="培训", category="培训", start_date=date(2024, 6, 1))).id
    path = tmp_path / "签到表.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["姓名", "身份证号", "部门"])
    for row in (["张三", zhang_id, None], ["李四", None, "二车间"], ["李四", None, None], ["王五", None, None],
                ["张三", None, "财务部"]):  # fmt: skip
        workbook.active.append(row)
    workbook.save(path)
    plan = plan_attendance(path, f)
    reasons = [p.message for r in plan.rejected for p in r.problems]
    assert len(plan.accepted) == 2
    assert any("有 2 个“李四”" in m for m in reasons) and any("没有“王五”" in m for m in reasons)
    assert any("在一车间，不在财务部" in m for m in reasons)  # never guessed across departments
    assert import_attendance(f, plan, act) == 2
    assert activities.get_activity(f, act).participants == 2
