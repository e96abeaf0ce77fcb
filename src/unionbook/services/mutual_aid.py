"""职工互助保障 enrollments: who was covered in which year, under which plan, for how much.

The insurer (the upper union's 互助保障 office) sends a list each year; importing it is the usual
way in, so one enrollment per member, year and plan, and the same list twice changes nothing.
A member's dialog shows the years they were covered (`years_covered`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, sessionmaker

from unionbook.db.models import Member, MutualAidEnrollment
from unionbook.domain.errors import NotFoundError, ValidationError
from unionbook.services.filters import read_ids, where_contains, where_equal
from unionbook.services.records import RecordStore, stripped

FIRST_YEAR, LAST_YEAR = 1990, 2100


@dataclass(frozen=True)
class EnrollmentInput:
    member_id: int
    year: int
    plan: str = ""  # 保障计划 as the insurer names it
    contribution_fen: int = 0
    policy_number: str = ""
    notes: str = ""


@dataclass(frozen=True)
class EnrollmentRow:
    id: int
    data: EnrollmentInput
    member_name: str
    department: str
    id_number: str


@dataclass(frozen=True)
class EnrollmentFilter:
    year: int | None = None
    plan: str | None = None
    member_id: int | None = None
    text: str = ""


def validate_enrollment(session: Session, data: EnrollmentInput) -> tuple[EnrollmentInput, list[str]]:
    data = replace(data, **stripped(data, "plan", "policy_number", "notes"))
    if not data.member_id or session.get(Member, data.member_id) is None:
        raise ValidationError(field="参保职工", detail="请选择参保的职工")
    if not FIRST_YEAR <= data.year <= LAST_YEAR:
        raise ValidationError(field="参保年度", detail=f"应在 {FIRST_YEAR} 至 {LAST_YEAR} 年之间")
    if data.contribution_fen < 0:
        raise ValidationError(field="缴费金额", detail="不能为负数")
    return data, []


def _unique(session: Session, data: EnrollmentInput, enrollment_id: int | None) -> None:
    """One enrollment per member, year and plan: a second is the same insurance entered twice."""
    found = session.scalar(
        select(MutualAidEnrollment.id).where(
            MutualAidEnrollment.member_id == data.member_id, MutualAidEnrollment.year == data.year,
            MutualAidEnrollment.plan == data.plan, MutualAidEnrollment.id != (enrollment_id or 0),
        )
    )  # fmt: skip
    if found is not None:
        plan = f"“{data.plan}”" if data.plan else "互助保障"
        raise ValidationError(field="保障计划", detail=f"此人{data.year}年已登记参加{plan}")


STORE: RecordStore[EnrollmentInput] = RecordStore(MutualAidEnrollment, EnrollmentInput, "互助保障参保记录",
                                                  validate_enrollment, unique=_unique)  # fmt: skip


def _narrowed(query: Select, flt: EnrollmentFilter) -> Select:
    """The filter's conditions on a query over the enrollments (joined to Member when there is text)."""
    query = where_equal(query, (MutualAidEnrollment.year, flt.year or None), (MutualAidEnrollment.member_id, flt.member_id))
    if flt.plan is not None:  # "" is a plan too: enrollments the insurer named no plan for
        query = query.where(MutualAidEnrollment.plan == flt.plan)
    return where_contains(query, flt.text, Member.name, Member.department, MutualAidEnrollment.policy_number)


def _joined(flt: EnrollmentFilter, *columns: Any) -> Select:
    query = select(*columns).select_from(MutualAidEnrollment).join(Member, Member.id == MutualAidEnrollment.member_id)
    return _narrowed(query, flt)


_ROW_COLUMNS = (MutualAidEnrollment.id, MutualAidEnrollment.member_id, MutualAidEnrollment.year, MutualAidEnrollment.plan,
                MutualAidEnrollment.contribution_fen, MutualAidEnrollment.policy_number, MutualAidEnrollment.notes,
                Member.name, Member.department, Member.id_number)  # fmt: skip


def _row(r: Any) -> EnrollmentRow:
    data = EnrollmentInput(r.member_id, r.year, r.plan or "", r.contribution_fen, r.policy_number or "", r.notes or "")
    return EnrollmentRow(r.id, data, r.name, r.department or "", r.id_number or "")


#: The orders the list can be sorted in (the table's columns); "year" is the list's own order:
#: newest year first, then by name (pinyin). Ties are broken by id.
ENROLLMENT_SORTS: dict[str, Any] = {
    "year": MutualAidEnrollment.year, "name": Member.name_pinyin, "department": Member.department,
    "id_number": Member.id_number, "plan": MutualAidEnrollment.plan,
    "contribution": MutualAidEnrollment.contribution_fen, "policy": MutualAidEnrollment.policy_number,
}  # fmt: skip


def list_enrollments(factory: sessionmaker[Session], flt: EnrollmentFilter = EnrollmentFilter()) -> list[EnrollmentRow]:
    """Matching enrollments, newest year first, then by name (pinyin)."""
    query = _joined(flt, *_ROW_COLUMNS).order_by(MutualAidEnrollment.year.desc(), Member.name_pinyin, MutualAidEnrollment.id)
    with factory() as session:
        return [_row(r) for r in session.execute(query)]


def query_enrollment_ids(
    factory: sessionmaker[Session], flt: EnrollmentFilter = EnrollmentFilter(), sort: str = "year", descending: bool = True
) -> list[int]:
    """The ids of the filter's enrollments in the order of `sort` (an ENROLLMENT_SORTS key): what
    the lazy 互助保障 list holds (a year of a large union is 100,000 enrollments; the rows on
    screen are read by `fetch_enrollment_rows`). By year, the names within a year stay A to Z."""
    key = ENROLLMENT_SORTS[sort]
    order = [key.desc() if descending else key.asc()]
    if sort == "year":
        order.append(Member.name_pinyin)
    order.append(MutualAidEnrollment.id.desc() if descending and sort != "year" else MutualAidEnrollment.id)
    with factory() as session:
        return read_ids(session, _joined(flt, MutualAidEnrollment.id).order_by(*order))


def fetch_enrollment_rows(factory: sessionmaker[Session], ids: Sequence[int]) -> list[EnrollmentRow]:
    """The enrollments with these ids (in no particular order; missing ids are left out)."""
    if not ids:
        return []
    with factory() as session:
        query = _joined(EnrollmentFilter(), *_ROW_COLUMNS).where(MutualAidEnrollment.id.in_(ids))
        return [_row(r) for r in session.execute(query)]


@dataclass(frozen=True)
class EnrollmentTotals:
    """What a filter's enrollments add up to (the line under the list), counted in SQL."""

    people: int  # one person in two plans is one person, as 互助保障参保人数 counts them
    count: int
    contribution_fen: int


def enrollment_totals(factory: sessionmaker[Session], flt: EnrollmentFilter = EnrollmentFilter()) -> EnrollmentTotals:
    sums = (func.count(func.distinct(MutualAidEnrollment.member_id)), func.count(),
            func.coalesce(func.sum(MutualAidEnrollment.contribution_fen), 0))  # fmt: skip
    # Without a search text no member column is needed: the enrollments alone, over the year index.
    if flt.text.strip():
        query = _joined(flt, *sums)
    else:
        query = _narrowed(select(*sums).select_from(MutualAidEnrollment), flt)
    with factory() as session:
        return EnrollmentTotals(*session.execute(query).one())


def get_enrollment(factory: sessionmaker[Session], enrollment_id: int) -> EnrollmentRow:
    rows = fetch_enrollment_rows(factory, [enrollment_id])
    if not rows:
        raise NotFoundError(what=STORE.what, key=str(enrollment_id))
    return rows[0]


def plans(factory: sessionmaker[Session]) -> list[str]:
    """The plan names already used (the dialog offers them), most recent years' first."""
    with factory() as session:
        rows = session.execute(
            select(MutualAidEnrollment.plan, MutualAidEnrollment.year).distinct().order_by(MutualAidEnrollment.year.desc())
        ).all()
    return list(dict.fromkeys(plan for plan, _year in rows if plan))


def years_covered(factory: sessionmaker[Session], member_id: int) -> list[int]:
    """The years a member was enrolled, newest first (their dialog says "2023、2024、2025年")."""
    with factory() as session:
        return list(session.scalars(
            select(MutualAidEnrollment.year).distinct().where(MutualAidEnrollment.member_id == member_id)
            .order_by(MutualAidEnrollment.year.desc())
        ))  # fmt: skip


#: Save (validated, audited; a new record when no id is given) and delete, as the dialogs and scripts call them.
save_enrollment = STORE.save
delete_enrollment = STORE.delete
