"""Activities and meetings (活动). Meetings also carry attendance, quorum and proposals."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from unionbook.db.base import Base
from unionbook.db.models._types import Versioned, created_at, in_vocab, non_negative, not_before, updated_at
from unionbook.domain.vocab import ActivityCategory, ActivityRole, FundingSource


class Activity(Versioned, Base):
    __tablename__ = "activities"
    __table_args__ = (
        in_vocab("category", ActivityCategory, nullable=False),
        in_vocab("role", ActivityRole, nullable=False),
        in_vocab("funding_source", FundingSource),
        not_before("end_date", "start_date"),
        non_negative("participants"),
        non_negative("cost_fen"),
        non_negative("expected_attendance"),
        non_negative("actual_attendance"),
        non_negative("proposals"),
        CheckConstraint(
            "proposals_closed IS NULL OR (proposals_closed >= 0 AND proposals_closed <= COALESCE(proposals, 0))",
            name="proposals_closed_range",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(20), index=True)
    start_date: Mapped[date] = mapped_column(Date, index=True)
    end_date: Mapped[date | None] = mapped_column(Date)
    location: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(4), default=ActivityRole.HOST.value)
    #: 参与人次 as typed in; when an attendance list is kept, its length is used instead.
    participants: Mapped[int | None] = mapped_column(Integer)
    cost_fen: Mapped[int] = mapped_column(Integer, default=0)
    funding_source: Mapped[str | None] = mapped_column(String(10))
    outcome: Mapped[str | None] = mapped_column(Text)  # 成果/获奖
    summary: Mapped[str | None] = mapped_column(Text)
    expected_attendance: Mapped[int | None] = mapped_column(Integer)  # 应到
    actual_attendance: Mapped[int | None] = mapped_column(Integer)  # 实到
    proposals: Mapped[int | None] = mapped_column(Integer)  # 提案数
    proposals_closed: Mapped[int | None] = mapped_column(Integer)  # 已办结提案数
    decisions: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()


class ActivityAttendance(Base):
    __tablename__ = "activity_attendance"
    __table_args__ = (UniqueConstraint("activity_id", "member_id", name="uq_activity_attendance_pair"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
