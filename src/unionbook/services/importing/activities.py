"""Importing an activity ledger (活动台账), and attendance lists for one activity.

An activity already registered (same name and start date) is updated or skipped. Attendance lists
match people like the aid import: by ID number, else by a name that is unique (or unique within the
given department); a person who cannot be matched is a rejected row, never a new member.
"""

from __future__ import annotations

from pathlib import Path
from typing import Unpack

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from unionbook.db.models import Activity, ActivityAttendance
from unionbook.domain.cells import clean_id_number
from unionbook.domain.vocab import ActivityCategory, ActivityRole, FundingSource
from unionbook.services.activities import ActivityInput, _to_input, save_in_session, validate_activity
from unionbook.services.importing import history as import_history
from unionbook.services.importing.engine import (
    ImportPlan,
    ParsedRow,
    Problem,
    RowContext,
    invalid_as_problem,
    plan_import,
)
from unionbook.services.importing.matching import MemberMatcher
from unionbook.services.importing.spec import Column, Kind, RegisterSpec, Unknown
from unionbook.services.importing.writing import ImportSummary, StoredRecords, WriteOptions, filled, write_plan
from unionbook.services.persist import get_or_raise

ACTIVITY_SPEC = RegisterSpec(
    name="活动",
    anchor_keys=frozenset({"name"}),
    columns=(
        Column("name", "活动名称", ("名称", "活动主题", "会议名称")),
        Column("category", "类别", ("活动类别", "活动类型", "类型"), kind=Kind.CHOICE, vocab=ActivityCategory,
               unknown=Unknown.REJECT),
        Column("start_date", "开始日期", ("日期", "活动日期", "活动时间", "时间", "会议日期"), kind=Kind.DATE),
        Column("end_date", "结束日期", kind=Kind.DATE),
        Column("location", "地点", ("活动地点", "会议地点")),
        Column("role", "角色", ("参与方式", "主办/参加"), kind=Kind.CHOICE, vocab=ActivityRole, unknown=Unknown.DROP),
        Column("participants", "参与人次", ("参加人数", "人数", "参与人数", "参加人次"), kind=Kind.INT),
        Column("cost_fen", "费用", ("经费", "费用（元）", "支出"), kind=Kind.MONEY),
        Column("outcome", "成果", ("获奖情况", "成果/获奖")),
        Column("expected_attendance", "应到人数", ("应到",), kind=Kind.INT),
        Column("actual_attendance", "实到人数", ("实到",), kind=Kind.INT),
        Column("proposals", "提案数", ("议案数", "提案数量"), kind=Kind.INT),
        Column("proposals_closed", "已办结提案数", ("办结提案数", "已解决提案数"), kind=Kind.INT),
        Column("funding_source", "经费来源", ("资金来源",), kind=Kind.CHOICE, vocab=FundingSource, unknown=Unknown.REJECT),
        Column("decisions", "决议", ("会议决议", "决定事项")),
        Column("summary", "备注", ("摘要", "内容", "活动内容")),
    ),
)  # fmt: skip


def activity_rules(row: ParsedRow, ctx: RowContext) -> list[Problem]:
    values = row.values
    if not values.get("name"):
        return [Problem(row.row, ctx.header_for("name"), "缺少活动名称")]
    problems = []
    if not values.get("category"):
        problems.append(Problem(row.row, ctx.header_for("category"), "缺少类别"))
    if not values.get("start_date"):
        problems.append(Problem(row.row, ctx.header_for("start_date"), "缺少日期"))
    if problems:
        return problems
    if values.get("participants") is None and values.get("actual_attendance") is not None:
        # A meeting's 人次 is who came: a ledger that gives only 实到 still counts them.
        values["participants"] = values["actual_attendance"]
    with invalid_as_problem(row, problems):
        _data, warnings = validate_activity(ActivityInput(**filled(values, ActivityInput)))
        row.warnings.extend(Problem(row.row, None, w) for w in warnings)
    return problems


def plan_activities(path: Path, factory: sessionmaker[Session] | None = None, **kwargs: object) -> ImportPlan:
    return plan_import(path, ACTIVITY_SPEC, activity_rules, **kwargs)  # type: ignore[arg-type]


def _activity_rows(session: Session, on_duplicate: str) -> StoredRecords[ActivityInput]:
    return StoredRecords(session, on_duplicate, model=Activity, input_type=ActivityInput, to_input=_to_input,
                         save=save_in_session, key=lambda a: (a.name, a.start_date))  # fmt: skip


def import_activities(factory: sessionmaker[Session], plan: ImportPlan, **options: Unpack[WriteOptions]) -> ImportSummary:
    """An activity already registered (same name and start date) is updated or skipped, through
    the same validated save as the dialog."""
    return write_plan(factory, plan, _activity_rows, table="activities", unit="场", progress_every=200, **options)


# --- attendance lists -------------------------------------------------------------------------

ATTENDANCE_SPEC = RegisterSpec(
    name="签到名单",
    anchor_keys=frozenset({"name"}),
    columns=(
        Column("name", "姓名", ("职工姓名", "参加人", "签到人")),
        Column("id_number", "证件号码", ("身份证号", "身份证号码", "公民身份号码", "证件号"), kind=Kind.ID_NUMBER),
        Column("department", "部门", ("所在部门", "班组", "工会小组", "车间")),
    ),
)


def plan_attendance(path: Path, factory: sessionmaker[Session], **kwargs: object) -> ImportPlan:
    """Check an attendance list against the roster; rows name people who must already exist."""
    with factory() as session:
        matcher = MemberMatcher(session)

    def rules(row: ParsedRow, ctx: RowContext) -> list[Problem]:
        values = row.values
        number = clean_id_number(values["id_number"]) if values.get("id_number") is not None else None
        member_id, why = matcher.match(values.get("name"), number or None, values.get("department"))
        if member_id is None:
            return [Problem(row.row, ctx.header_for("name"), why)]
        seen: dict[int, int] = ctx.state.setdefault("seen", {})
        if member_id in seen:
            row.warnings.append(Problem(row.row, None, f"与第{seen[member_id]}行是同一人，只计一次"))
        seen.setdefault(member_id, row.row)
        values["member_id"] = member_id
        return []

    return plan_import(path, ATTENDANCE_SPEC, rules, **kwargs)  # type: ignore[arg-type]


def import_attendance(factory: sessionmaker[Session], plan: ImportPlan, activity_id: int) -> int:
    """Add the matched people to the activity's attendance list; returns the list's new length."""
    with factory.begin() as session:
        get_or_raise(session, Activity, activity_id, "活动")
        present = set(session.scalars(select(ActivityAttendance.member_id).where(ActivityAttendance.activity_id == activity_id)))
        added = [r.values["member_id"] for r in plan.accepted if r.values["member_id"] not in present]
        added = list(dict.fromkeys(added))
        for member_id in added:
            session.add(ActivityAttendance(activity_id=activity_id, member_id=member_id))
        unchanged = len({r.values["member_id"] for r in plan.accepted}) - len(added)
        summary = ImportSummary(len(added), 0, unchanged, len(plan.rejected), 0, len(plan.warnings))
        import_history.record(session, plan, summary)
        return len(present) + len(added)
