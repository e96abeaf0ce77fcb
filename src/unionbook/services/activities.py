"""The activities and meetings register (活动): what the union did, who came, what it cost.

An activity's 参与人次 is the typed number, unless an attendance list of members is kept: then the
list's length is the number (FIGURES.md). Meetings (职代会/会员大会, 工会委员会议) also record 应到/实到,
whether the quorum held, and proposals.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any

from sqlalchemy import Select, delete, func, insert, select
from sqlalchemy.orm import Session, sessionmaker

from unionbook.db.models import Activity, ActivityAttendance, Member
from unionbook.domain.errors import NotFoundError, ValidationError
from unionbook.domain.money import yuan_to_fen
from unionbook.domain.vocab import ActivityCategory, ActivityRole, AuditAction, FundingSource
from unionbook.services import audit
from unionbook.services.filters import where_contains, where_equal, where_in_year
from unionbook.services.persist import SaveResult, copy_fields, get_or_raise, load_or_add

#: 职代会 needs two thirds of its delegates present (《企业民主管理规定》); a committee meeting half.
QUORUM = {ActivityCategory.CONGRESS.value: (2, 3), ActivityCategory.COMMITTEE_MEETING.value: (1, 2)}


@dataclass(frozen=True)
class ActivityInput:
    name: str
    category: str
    start_date: date
    end_date: date | None = None
    location: str = ""
    role: str = ActivityRole.HOST.value
    participants: int | None = None
    cost_fen: int = 0
    funding_source: str | None = None
    outcome: str = ""
    summary: str = ""
    expected_attendance: int | None = None
    actual_attendance: int | None = None
    proposals: int | None = None
    proposals_closed: int | None = None
    decisions: str = ""

    @property
    def is_meeting(self) -> bool:
        return self.category in ActivityCategory.meetings()


@dataclass(frozen=True)
class ActivityRow:
    id: int
    data: ActivityInput
    attendance: int  # members on the attendance list (0 when none is kept)

    @property
    def participants(self) -> int:
        """人次 as FIGURES.md counts it: the list when kept, else the typed number."""
        return self.attendance if self.attendance else (self.data.participants or 0)

    @property
    def quorum_held(self) -> bool | None:
        """None for non-meetings or when 应到/实到 are not recorded."""
        return quorum_held(self.data)


@dataclass(frozen=True)
class ActivityFilter:
    category: str | None = None
    year: int | None = None
    role: str | None = None
    text: str = ""


_COLUMNS = [f.name for f in fields(ActivityInput)]


def quorum_held(data: ActivityInput) -> bool | None:
    rule = QUORUM.get(data.category)
    if rule is None or not data.expected_attendance or data.actual_attendance is None:
        return None
    numerator, denominator = rule
    return data.actual_attendance * denominator >= data.expected_attendance * numerator


def _to_input(a: Activity) -> ActivityInput:
    values = {name: getattr(a, name) for name in _COLUMNS}
    for text in ("location", "outcome", "summary", "decisions"):
        values[text] = values[text] or ""
    return ActivityInput(**values)


def _activity_query(flt: ActivityFilter) -> Select:
    """The filter's activities with their attendance counts, newest first, as plain rows: a year
    of a large union is 10,000 activities, and ORM objects for them cost a second."""
    attended = (
        select(func.count())
        .where(ActivityAttendance.activity_id == Activity.id)
        .correlate(Activity)
        .scalar_subquery()
    )
    query = select(Activity.id, *(getattr(Activity, name) for name in _COLUMNS), attended.label("attended"))
    query = where_equal(query, (Activity.category, flt.category), (Activity.role, flt.role))
    query = where_in_year(query, Activity.start_date, flt.year)
    query = where_contains(query, flt.text, Activity.name, Activity.location)
    return query.order_by(Activity.start_date.desc(), Activity.id.desc())


_TEXTS = [_COLUMNS.index(name) for name in ("location", "outcome", "summary", "decisions")]


def _activity_row(r: Any) -> ActivityRow:
    """A row of `_activity_query` (id, the input's fields in order, the count) as an ActivityRow."""
    values = list(r[1:-1])
    for index in _TEXTS:
        values[index] = values[index] or ""
    return ActivityRow(r[0], ActivityInput(*values), r[-1])


def list_activities(factory: sessionmaker[Session], flt: ActivityFilter = ActivityFilter()) -> list[ActivityRow]:
    """Matching activities, newest first, with their attendance counts (counted per activity over
    the (activity, member) key, not grouped over every list of every year)."""
    with factory() as session:
        return [_activity_row(r) for r in session.execute(_activity_query(flt))]


def activity_dates(factory: sessionmaker[Session]) -> list[date]:
    """Every day an activity starts on, oldest first: the 年度 list and where a new activity lands,
    without reading every activity of every year."""
    with factory() as session:
        return list(session.scalars(select(Activity.start_date).distinct().order_by(Activity.start_date)))


def get_activity(factory: sessionmaker[Session], activity_id: int) -> ActivityRow:
    with factory() as session:
        found = session.execute(_activity_query(ActivityFilter()).where(Activity.id == activity_id)).first()
    if found is None:
        raise NotFoundError(what="活动", key=str(activity_id))
    return _activity_row(found)


def validate_activity(data: ActivityInput) -> tuple[ActivityInput, list[str]]:
    data = replace(data, **{n: (getattr(data, n) or "").strip() for n in ("name", "location", "outcome", "summary", "decisions")})
    warnings: list[str] = []
    if not data.name:
        raise ValidationError(field="活动名称", detail="不能为空")
    if data.category not in list(ActivityCategory):
        raise ValidationError(field="类别", detail=f"“{data.category}”不是可选的类别")
    if data.role not in list(ActivityRole):
        raise ValidationError(field="角色", detail=f"“{data.role}”应为主办、承办或参加")
    if data.funding_source and data.funding_source not in list(FundingSource):
        raise ValidationError(field="经费来源", detail=f"“{data.funding_source}”不是可选的来源")
    if data.end_date and data.end_date < data.start_date:
        raise ValidationError(field="结束日期", detail=f"早于开始日期 {data.start_date}")
    for name, label in (("participants", "参与人次"), ("cost_fen", "费用"), ("expected_attendance", "应到人数"),
                        ("actual_attendance", "实到人数"), ("proposals", "提案数"), ("proposals_closed", "已办结提案数")):  # fmt: skip
        value = getattr(data, name)
        if value is not None and value < 0:
            raise ValidationError(field=label, detail="不能为负数")
    if data.proposals_closed and data.proposals_closed > (data.proposals or 0):
        raise ValidationError(field="已办结提案数", detail=f"不能多于提案数 {data.proposals or 0}")
    if data.expected_attendance is not None and data.actual_attendance is not None:
        if data.actual_attendance > data.expected_attendance:
            warnings.append(f"实到 {data.actual_attendance} 人多于应到 {data.expected_attendance} 人，请核对")
    if quorum_held(data) is False:
        numerator, denominator = QUORUM[data.category]
        warnings.append(f"实到人数未达到应到人数的{numerator}/{denominator}，会议不符合法定人数")
    return data, warnings


def save_in_session(session: Session, data: ActivityInput, activity_id: int | None = None) -> SaveResult:
    data, warnings = validate_activity(data)
    activity = load_or_add(session, Activity, activity_id, "活动")
    copy_fields(activity, data, _COLUMNS)
    activity.cost_fen = data.cost_fen or 0
    session.flush()
    return SaveResult(activity.id, warnings)


def save_activity(factory: sessionmaker[Session], data: ActivityInput, activity_id: int | None = None) -> SaveResult:
    with factory.begin() as session:
        return save_in_session(session, data, activity_id)


def delete_activity(factory: sessionmaker[Session], activity_id: int) -> None:
    with factory.begin() as session:
        # Attendance and attachments cascade in SQL.
        session.delete(get_or_raise(session, Activity, activity_id, "活动"))


# --- attendance ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attendee:
    member_id: int
    name: str
    department: str | None


def attendance(factory: sessionmaker[Session], activity_id: int) -> list[Attendee]:
    query = (
        select(Member.id, Member.name, Member.department)
        .join(ActivityAttendance, ActivityAttendance.member_id == Member.id)
        .where(ActivityAttendance.activity_id == activity_id)
        .order_by(Member.name_pinyin)
    )
    with factory() as session:
        return [Attendee(*row) for row in session.execute(query)]


def set_attendance(factory: sessionmaker[Session], activity_id: int, member_ids: list[int]) -> int:
    """Replace the attendance list; returns its length (the activity's 人次 from now on)."""
    unique = list(dict.fromkeys(member_ids))
    with factory.begin() as session:
        get_or_raise(session, Activity, activity_id, "活动")
        before = set(session.scalars(select(ActivityAttendance.member_id).where(ActivityAttendance.activity_id == activity_id)))
        session.execute(delete(ActivityAttendance).where(ActivityAttendance.activity_id == activity_id))
        if unique:
            session.execute(insert(ActivityAttendance), [{"activity_id": activity_id, "member_id": m} for m in unique])
        audit.record(session, AuditAction.UPDATE, "activity_attendance",
                     {"added": sorted(set(unique) - before), "removed": sorted(before - set(unique))}, row_id=activity_id)  # fmt: skip
    return len(unique)


def activities_of_member(factory: sessionmaker[Session], member_id: int) -> list[ActivityRow]:
    """Every activity the member is on the attendance list of, newest first (member's page)."""
    with factory() as session:
        ids = set(session.scalars(select(ActivityAttendance.activity_id).where(ActivityAttendance.member_id == member_id)))
    return [r for r in list_activities(factory) if r.id in ids]


def cost_from_yuan(text: str) -> int:
    """The dialog's 费用 field (元) as fen; ValidationError names the field when it is not an amount."""
    if not text.strip():
        return 0
    try:
        return yuan_to_fen(text)
    except ValueError:
        raise ValidationError(field="费用", detail=f"“{text}”不是金额，请填写元，例如 3500.50") from None
