"""Honors (荣誉与创建): a title conferred on a person of the roster or on a collective.

A person's honor points at the member (and goes with them when a wrongly entered person is
deleted); a collective's names the 班组, 部门 or the union in words, since collectives are not
records of their own. Holding 劳动模范 is what makes a member eligible for 困难劳模帮扶.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from unionbook.db.base import Base
from unionbook.db.models._types import Versioned, created_at, in_vocab, updated_at
from unionbook.domain.vocab import HonorKind, HonorLevel, Recipient


class Honor(Versioned, Base):
    __tablename__ = "honors"
    __table_args__ = (
        in_vocab("kind", HonorKind, nullable=False),
        in_vocab("level", HonorLevel, nullable=False),
        in_vocab("recipient", Recipient, nullable=False),
        # A person's honor names the member; a collective's does not (it names the collective).
        CheckConstraint(f"(recipient = '{Recipient.PERSON.value}') = (member_id IS NOT NULL)", name="person_named"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    title: Mapped[str] = mapped_column(String(200))  # 荣誉称号 as conferred: "2024年度江川市五一劳动奖章"
    level: Mapped[str] = mapped_column(String(10))
    awarded_on: Mapped[date] = mapped_column(Date, index=True)
    issuer: Mapped[str | None] = mapped_column(String(200))  # 授予单位
    recipient: Mapped[str] = mapped_column(String(10))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    collective: Mapped[str | None] = mapped_column(String(100))  # 获奖集体: "数控车间二班"
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()
