"""会费 (membership dues): each member's wage base over time, and the monthly dues ledger.

A month's dues are written down as a row of `dues_months` when the month's list is made (会费收缴台账):
what was due (from the wage base in force then, 0 for the exempt, with the reason), and once paid,
what was paid, when and how. Keeping the due amount as a row rather than recomputing it is what the
经审 committee audits: a wage base corrected in March does not silently change January's ledger.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from unionbook.db.base import Base
from unionbook.db.models._types import Versioned, created_at, in_vocab, non_negative, not_before, updated_at
from unionbook.domain.vocab import DuesMethod


class WageBase(Versioned, Base):
    """工资基数: the monthly wage dues are counted from, in force from `effective_from` on."""

    __tablename__ = "wage_bases"
    __table_args__ = (
        UniqueConstraint("member_id", "effective_from", name="uq_wage_bases_member_effective_from"),
        non_negative("wage_fen"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    effective_from: Mapped[date] = mapped_column(Date)
    wage_fen: Mapped[int] = mapped_column(Integer)
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()


class DuesExemption(Versioned, Base):
    """免缴会费 by a recorded decision (保留会籍 needs none: it follows from the membership events)."""

    __tablename__ = "dues_exemptions"
    __table_args__ = (not_before("to_month", "from_month"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    from_month: Mapped[date] = mapped_column(Date)  # the first day of the first exempt month
    to_month: Mapped[date | None] = mapped_column(Date)  # the first day of the last one; open-ended when NULL
    reason: Mapped[str] = mapped_column(String(100))
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()


class DuesMonth(Versioned, Base):
    """One member's dues for one month: due, and (once paid) paid, when and how."""

    __tablename__ = "dues_months"
    __table_args__ = (
        UniqueConstraint("member_id", "month", name="uq_dues_months_member_month"),
        in_vocab("method", DuesMethod),
        non_negative("wage_fen"),
        non_negative("due_fen"),
        non_negative("paid_fen"),
        CheckConstraint("(paid_fen IS NULL) = (paid_on IS NULL)", name="paid_with_date"),
        # The month first (the ledger's month filter), then what the dues figures sum and count:
        # the period's due, paid and who owes are read from the index alone (0.24 → 0.07 s for a
        # year at 100,000 members).
        Index("ix_dues_months_month", "month", "due_fen", "paid_fen", "paid_on", "member_id"),
        # The funds ledger books the dues collected by the day they were paid (会费收入): a covering
        # index keeps that a scan of the year's payments, not of every month ever generated.
        Index("ix_dues_months_paid_on", "paid_on", "paid_fen", "member_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    month: Mapped[date] = mapped_column(Date)  # the month's first day (services/dues.py keeps it so)
    wage_fen: Mapped[int | None] = mapped_column(Integer)  # the base the due was counted from (NULL: none on file)
    due_fen: Mapped[int] = mapped_column(Integer, default=0)
    exempt_reason: Mapped[str | None] = mapped_column(String(100))  # 保留会籍, or the exemption's reason
    paid_fen: Mapped[int | None] = mapped_column(Integer)
    paid_on: Mapped[date | None] = mapped_column(Date)
    method: Mapped[str | None] = mapped_column(String(10))
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()
