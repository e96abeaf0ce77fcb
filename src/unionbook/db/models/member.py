"""The ORM classes of the members tables (db/tables/member.py holds their columns and why).

Status is never stored on the person: membership at a date is the latest membership event on or
before it, employment status the latest employment event.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import event
from sqlalchemy.orm import Mapped, relationship

from unionbook.db.base import Base
from unionbook.db.models._types import Versioned
from unionbook.db.tables.member import employment_events, members, membership_events
from unionbook.domain.pinyin import name_keys


class Member(Versioned, Base):
    __table__ = members

    id: Mapped[int]
    name: Mapped[str]
    name_pinyin: Mapped[str]
    name_initials: Mapped[str]
    gender: Mapped[str | None]
    birth_date: Mapped[date | None]
    ethnicity: Mapped[str | None]
    id_type: Mapped[str]
    id_number: Mapped[str | None]
    education: Mapped[str | None]
    tech_level: Mapped[str | None]
    phone: Mapped[str | None]
    hukou_type: Mapped[str | None]
    hukou_place: Mapped[str | None]
    political_status: Mapped[str | None]
    department: Mapped[str | None]
    position: Mapped[str | None]
    employment_form: Mapped[str | None]
    is_migrant_worker: Mapped[bool]
    member_card_no: Mapped[str | None]
    notes: Mapped[str | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    membership_events: Mapped[list[MembershipEvent]] = relationship(
        back_populates="member", cascade="all, delete-orphan", order_by="MembershipEvent.date"
    )
    employment_events: Mapped[list[EmploymentEvent]] = relationship(
        back_populates="member", cascade="all, delete-orphan", order_by="EmploymentEvent.date"
    )


@event.listens_for(Member.name, "set")
def _keep_pinyin_in_step(target: Member, value: str | None, _old: object, _initiator: object) -> None:
    """ORM writes keep the stored pinyin keys in step with the name; bulk inserts (imports, demo)
    fill them from the same `name_keys`."""
    target.name_pinyin, target.name_initials = name_keys(value or "")


class MembershipEvent(Versioned, Base):
    """会籍变化: 入会, 转入, 保留, 转出, 除名, 退会, 去世 with a date and a reason.

    `date` may be NULL when a roster lists a member without saying since when: the event then
    counts as the earliest (a member at every date) but never as 新入会 within a period.
    """

    __table__ = membership_events

    id: Mapped[int]
    member_id: Mapped[int]
    kind: Mapped[str]
    date: Mapped[date | None]
    reason: Mapped[str | None]
    created_at: Mapped[datetime]

    member: Mapped[Member] = relationship(back_populates="membership_events")


class EmploymentEvent(Versioned, Base):
    """就业状况 from a date on (在岗 on hiring, 退休 on retiring ...).

    `date` may be NULL when a roster gives a status without saying since when: such an event
    counts as the earliest one.
    """

    __table__ = employment_events

    id: Mapped[int]
    member_id: Mapped[int]
    status: Mapped[str]
    date: Mapped[date | None]
    created_at: Mapped[datetime]

    member: Mapped[Member] = relationship(back_populates="employment_events")
