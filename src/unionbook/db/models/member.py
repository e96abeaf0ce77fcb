"""Members and employees (职工/会员) with their membership and employment histories.

Status is never stored on the person: membership at a date is the latest membership event on or
before it, employment status the latest employment event. So a member who 转出 in 2023 still counts
in 2022's figures, and a retiree counts as 在岗 before the retirement date.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from unionbook.db.base import Base
from unionbook.db.models._types import Versioned, created_at, in_vocab, updated_at
from unionbook.domain.pinyin import name_keys
from unionbook.domain.vocab import EmploymentStatus, Gender, IdType, MembershipEventKind


class Member(Versioned, Base):
    __tablename__ = "members"
    __table_args__ = (
        # Only gender is closed: other code lists (学历, 户籍类型 ...) keep unknown values as typed,
        # because rosters from other systems use their own wording and the import must not lose it.
        in_vocab("gender", Gender),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(50), index=True)
    #: Derived from `name` on every write (domain/pinyin.py), stored so that 100,000 names sort in
    #: pinyin order and match typed initials ("zs" → 张三) inside SQL rather than in Python.
    name_pinyin: Mapped[str] = mapped_column(String(200), default="", server_default="", index=True)
    name_initials: Mapped[str] = mapped_column(String(50), default="", server_default="", index=True)
    gender: Mapped[str | None] = mapped_column(String(2))
    birth_date: Mapped[date | None] = mapped_column(Date)
    ethnicity: Mapped[str | None] = mapped_column(String(20))  # 民族
    id_type: Mapped[str] = mapped_column(String(20), default=IdType.RESIDENT_ID.value)
    #: Text, never a number; unique when present (NULLs do not collide in SQLite).
    id_number: Mapped[str | None] = mapped_column(String(32), unique=True)
    education: Mapped[str | None] = mapped_column(String(20))
    tech_level: Mapped[str | None] = mapped_column(String(30))  # 技术等级
    phone: Mapped[str | None] = mapped_column(String(30))
    hukou_type: Mapped[str | None] = mapped_column(String(10))  # 户籍类型
    hukou_place: Mapped[str | None] = mapped_column(String(100))  # 户籍所在地
    political_status: Mapped[str | None] = mapped_column(String(20))  # 政治面貌
    department: Mapped[str | None] = mapped_column(String(100), index=True)  # 部门/工会小组
    position: Mapped[str | None] = mapped_column(String(100))  # 岗位/职务/工种
    employment_form: Mapped[str | None] = mapped_column(String(30))  # 用工形式
    is_migrant_worker: Mapped[bool] = mapped_column(Boolean, default=False)  # 是否农民工
    member_card_no: Mapped[str | None] = mapped_column(String(40))  # 会员卡号
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()

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

    __tablename__ = "membership_events"
    __table_args__ = (
        in_vocab("kind", MembershipEventKind, nullable=False),
        # A person's latest event at a date (services/member_status.py) is read from this index
        # alone: `id` follows the date so "date DESC, id DESC" is the index's own order (no sort
        # per person), and `kind` is there so the row itself is never read (migration 0009).
        Index("ix_membership_events_member_date", "member_id", "date", "id", "kind"),
        Index("ix_membership_events_date_kind", "date", "kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))
    date: Mapped[date | None] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = created_at()

    member: Mapped[Member] = relationship(back_populates="membership_events")


class EmploymentEvent(Versioned, Base):
    """就业状况 from a date on (在岗 on hiring, 退休 on retiring ...).

    `date` may be NULL when a roster gives a status without saying since when: such an event
    counts as the earliest one.
    """

    __tablename__ = "employment_events"
    __table_args__ = (
        in_vocab("status", EmploymentStatus, nullable=False),
        # As ix_membership_events_member_date: the latest 就业状况 at a date from the index alone.
        Index("ix_employment_events_member_date", "member_id", "date", "id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(10))
    date: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = created_at()

    member: Mapped[Member] = relationship(back_populates="employment_events")
