"""职工互助保障 enrollments: who was covered in which year, under which plan, for how much.

One row per member, year and plan (a member may join the 住院医疗 and the 重大疾病 plan in one
year); importing the insurer's list twice therefore changes nothing.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from unionbook.db.base import Base
from unionbook.db.models._types import Versioned, created_at, non_negative, updated_at


class MutualAidEnrollment(Versioned, Base):
    __tablename__ = "mutual_aid_enrollments"
    __table_args__ = (
        UniqueConstraint("member_id", "year", "plan", name="uq_mutual_aid_enrollments_member_year_plan"),
        CheckConstraint("year BETWEEN 1990 AND 2100", name="year_range"),
        non_negative("contribution_fen"),
        # 互助保障参保人数 and 缴费金额 of a year from this index alone (migration 0011).
        Index("ix_mutual_aid_enrollments_year", "year", "member_id", "contribution_fen"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)  # 参保年度
    plan: Mapped[str] = mapped_column(String(100), default="")  # 保障计划 ("" when the list has none)
    contribution_fen: Mapped[int] = mapped_column(Integer, default=0)  # 缴费金额
    policy_number: Mapped[str | None] = mapped_column(String(50))  # 保单号
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()
