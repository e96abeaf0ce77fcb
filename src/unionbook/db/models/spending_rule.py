"""开支标准 (spending rules) and the breaches a chair went ahead with, with the reason given.

Rules are rows, not code: a province's preset (resources/spending_rules/) is loaded into this table
and edited in 设置. A breach row is written when a payment that breaks a rule is saved anyway; it
keeps the rule's wording as it was then, so editing a cap later does not rewrite history.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from unionbook.db.base import Base
from unionbook.db.models._types import Versioned, created_at, in_vocab, non_negative, updated_at
from unionbook.domain.vocab import AidProgram, SpendingRuleKind


class SpendingRule(Versioned, Base):
    __tablename__ = "spending_rules"
    __table_args__ = (
        in_vocab("program", AidProgram, nullable=False),
        in_vocab("kind", SpendingRuleKind, nullable=False),
        non_negative("cap_fen"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    program: Mapped[str] = mapped_column(String(20), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    cap_fen: Mapped[int | None] = mapped_column(Integer)  # for 每人每年限额
    basis: Mapped[str] = mapped_column(String(200), default="")  # 依据, e.g. 皖工发〔2025〕18号
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()


class RuleBreach(Base):
    """A disbursement saved although it broke a rule: what it broke (as worded then) and why."""

    __tablename__ = "rule_breaches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("aid_payments.id", ondelete="CASCADE"), index=True)
    rule_id: Mapped[int | None] = mapped_column(ForeignKey("spending_rules.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(20))
    message: Mapped[str] = mapped_column(String(500))  # "节日慰问每人每年不超过2,200.00元：…"
    reason: Mapped[str] = mapped_column(String(500))  # the chair's reason for going ahead
    created_at: Mapped[datetime] = created_at()
