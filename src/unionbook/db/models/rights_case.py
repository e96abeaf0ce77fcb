"""Rights cases (维权): legal advice, labour-dispute mediation, legal aid, requests handled.

The person is optional (a request may come from a whole 班组) and private by default: lists and
prints mask the name unless the chair shows it. A member on the roster is linked when known; the
name is kept in words too, so a case stays readable after the person left the roster.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from unionbook.db.base import Base
from unionbook.db.models._types import Versioned, created_at, in_vocab, not_before, updated_at
from unionbook.domain.vocab import CaseKind, CaseOutcome


class RightsCase(Versioned, Base):
    __tablename__ = "rights_cases"
    __table_args__ = (
        in_vocab("kind", CaseKind, nullable=False),
        in_vocab("outcome", CaseOutcome, nullable=False),
        not_before("closed_on", "opened_on"),
        # Open (办理中) exactly while there is no 办结日期.
        CheckConstraint(f"(outcome = '{CaseOutcome.OPEN.value}') = (closed_on IS NULL)", name="open_until_closed"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    person_name: Mapped[str | None] = mapped_column(String(50))  # 当事人
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"), index=True)
    opened_on: Mapped[date] = mapped_column(Date, index=True)  # 受理日期
    closed_on: Mapped[date | None] = mapped_column(Date, index=True)  # 办结日期
    request: Mapped[str] = mapped_column(Text)  # 事项 / 诉求内容
    outcome: Mapped[str] = mapped_column(String(10), default=CaseOutcome.OPEN.value)
    handling: Mapped[str | None] = mapped_column(Text)  # 办理情况
    private: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()
