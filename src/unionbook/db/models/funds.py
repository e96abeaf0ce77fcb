"""经费 (union funds): the income and spending sub-ledger, and the year's budget per category.

Aid disbursements and activity costs are already recorded in their own registers; the ledger shows
them without a second entry (services/fund_ledger.py), and so are the dues collected (会费收入). An
entry that links to a batch, a payment, an activity or a month's dues takes it over: it is the voucher for that spending, and the derived line disappears.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from unionbook.db.base import Base
from unionbook.db.models._types import Versioned, created_at, in_vocab, updated_at
from unionbook.domain.vocab import FundCategory


class FundEntry(Versioned, Base):
    __tablename__ = "fund_entries"
    __table_args__ = (
        in_vocab("category", FundCategory, nullable=False),
        CheckConstraint("amount_fen > 0", name="amount_fen_positive"),
        CheckConstraint("(aid_batch_id IS NOT NULL) + (aid_payment_id IS NOT NULL) + (activity_id IS NOT NULL)"
                        " + (dues_month IS NOT NULL) <= 1", name="one_link"),  # fmt: skip
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    date: Mapped[date] = mapped_column(Date, index=True)
    category: Mapped[str] = mapped_column(String(20), index=True)
    sub_item: Mapped[str] = mapped_column(String(50), default="")  # 明细科目 (文体活动, 困难帮扶 …)
    amount_fen: Mapped[int] = mapped_column(Integer)
    voucher_no: Mapped[str | None] = mapped_column(String(50))  # 凭证号
    summary: Mapped[str] = mapped_column(String(200), default="")  # 摘要
    aid_batch_id: Mapped[int | None] = mapped_column(ForeignKey("aid_batches.id", ondelete="SET NULL"), index=True)
    aid_payment_id: Mapped[int | None] = mapped_column(ForeignKey("aid_payments.id", ondelete="SET NULL"), index=True)
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activities.id", ondelete="SET NULL"), index=True)
    #: A 会费收入 entry booking the dues collected in this month (its first day) takes that month's
    #: derived line over, as a linked entry does a batch's.
    dues_month: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()


class FundBudget(Versioned, Base):
    """预算: the year's planned amount for one income or spending category."""

    __tablename__ = "fund_budgets"
    __table_args__ = (
        UniqueConstraint("year", "category", name="uq_fund_budgets_year_category"),
        in_vocab("category", FundCategory, nullable=False),
        CheckConstraint("amount_fen >= 0", name="amount_fen_nonneg"),
        CheckConstraint("year BETWEEN 1990 AND 2100", name="year_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    category: Mapped[str] = mapped_column(String(20))
    amount_fen: Mapped[int] = mapped_column(Integer)
    notes: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = updated_at()
