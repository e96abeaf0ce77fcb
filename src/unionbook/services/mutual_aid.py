"""职工互助保障 enrollments: who was covered in which year, under which plan, for how much.

The insurer (the upper union's 互助保障 office) sends a list each year; importing it is the usual
way in, so one enrollment per member, year and plan, and the same list twice changes nothing.
A member's dialog shows the years they were covered (`years_covered`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from unionbook.db.models import Member, MutualAidEnrollment
from unionbook.domain.errors import NotFoundError, ValidationError
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


def list_enrollments(factory: sessionmaker[Session], flt: EnrollmentFilter = EnrollmentFilter()) -> list[EnrollmentRow]:
    """Matching enrollments, newest year first, then by name (pinyin)."""
    query = select(MutualAidEnrollment, Member.name, Member.department, Member.id_number).join(
        Member, Member.id == MutualAidEnrollment.member_id
    )
    if flt.year:
        query = query.where(MutualAidEnrollment.year == flt.year)
    if flt.plan is not None:
        query = query.where(MutualAidEnrollment.plan == flt.plan)
    if flt.member_id is not None:
        query = query.where(MutualAidEnrollment.member_id == flt.member_id)
    if flt.text.strip():
        like = f"%{flt.text.strip()}%"
        query = query.where(Member.name.like(like) | Member.department.like(like) | MutualAidEnrollment.policy_number.like(like))
    query = query.order_by(MutualAidEnrollment.year.desc(), Member.name_pinyin, MutualAidEnrollment.id)
    with factory() as session:
        return [EnrollmentRow(e.id, STORE.to_input(e), name, department or "", number or "")
                for e, name, department, number in session.execute(query)]  # fmt: skip


def get_enrollment(factory: sessionmaker[Session], enrollment_id: int) -> EnrollmentRow:
    rows = [r for r in list_enrollments(factory) if r.id == enrollment_id]
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
