"""The aid register: hardship files (困难职工档案) and every disbursement (帮扶/慰问发放)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from unionbook.db.base import Base
from unionbook.db.models._types import Versioned, created_at, in_vocab, non_negative, not_before, updated_at
from unionbook.domain.vocab import (
    AidProgram,
    FundingSource,
    HardshipCategory,
    HardshipCloseReason,
    HardshipReviewKind,
)


class HardshipFile(Versioned, Base):
    """One file per household, opened (建档) and eventually closed (脱困 ...)."""

    __tablename__ = "hardship_files"
    __table_args__ = (
        in_vocab("category", HardshipCategory, nullable=False),
        in_vocab("close_reason", HardshipCloseReason),
        not_before("closed_on", "opened_on"),
        non_negative("household_size"),
        non_negative("income_per_capita_fen"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="RESTRICT"), index=True)
    category: Mapped[str] = mapped_column(String(10))
    #: 致困原因, several labels of HardshipCause joined by "、" (the way forms print them).
    causes: Mapped[str] = mapped_column(String(200), default="")
    household_size: Mapped[int | None] = mapped_column(Integer)
    income_per_capita_fen: Mapped[int | None] = mapped_column(Integer)  # 人均月收入
    opened_on: Mapped[date] = mapped_column(Date, index=True)
    measures: Mapped[str | None] = mapped_column(Text)  # 帮扶措施
    closed_on: Mapped[date | None] = mapped_column(Date)
    close_reason: Mapped[str | None] = mapped_column(String(20))
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()

    family: Mapped[list[HardshipFamilyMember]] = relationship(
        back_populates="file", cascade="all, delete-orphan"
    )
    reviews: Mapped[list[HardshipReview]] = relationship(
        back_populates="file", cascade="all, delete-orphan", order_by="HardshipReview.date"
    )


class HardshipFamilyMember(Versioned, Base):
    __tablename__ = "hardship_family_members"
    __table_args__ = (non_negative("income_fen"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("hardship_files.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    relation: Mapped[str | None] = mapped_column(String(20))
    id_number: Mapped[str | None] = mapped_column(String(32))
    income_fen: Mapped[int | None] = mapped_column(Integer)  # monthly income
    health: Mapped[str | None] = mapped_column(String(50))
    school_or_work: Mapped[str | None] = mapped_column(String(100))

    file: Mapped[HardshipFile] = relationship(back_populates="family")


class HardshipReview(Versioned, Base):
    """Yearly review (复核) or visit (走访, with who went) of a hardship file."""

    __tablename__ = "hardship_reviews"
    __table_args__ = (in_vocab("kind", HardshipReviewKind, nullable=False),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("hardship_files.id", ondelete="CASCADE"), index=True)
    date: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(10), default=HardshipReviewKind.REVIEW.value)
    notes: Mapped[str | None] = mapped_column(Text)
    #: 走访人: who went (a visit's, DESIGN.md "HardshipVisit"); a 复核 leaves it empty.
    visitors: Mapped[str | None] = mapped_column(String(100))

    file: Mapped[HardshipFile] = relationship(back_populates="reviews")


class AidBatch(Versioned, Base):
    """One distribution to many people (one 端午节慰问 to 300 members), undone as a whole."""

    __tablename__ = "aid_batches"
    __table_args__ = (in_vocab("program", AidProgram, nullable=False),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    program: Mapped[str] = mapped_column(String(20))
    date: Mapped[date] = mapped_column(Date)
    prepared_by: Mapped[str | None] = mapped_column(String(50))
    approved_by: Mapped[str | None] = mapped_column(String(50))
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = created_at()


class AidPayment(Versioned, Base):
    __tablename__ = "aid_payments"
    __table_args__ = (
        in_vocab("program", AidProgram, nullable=False),
        in_vocab("funding_source", FundingSource),
        non_negative("amount_fen"),
        non_negative("goods_value_fen"),
        # The period's disbursements by program (the 帮扶 figures: 人次, 人数, 金额, 实物, 困难职工)
        # are read from this index alone, never from the rows (migration 0010).
        Index(
            "ix_aid_payments_date_program",
            *("date", "program", "member_id", "amount_fen", "goods_value_fen", "hardship_file_id"),
        ),
        Index("ix_aid_payments_member_date", "member_id", "date"),
        # The funds ledger's single payments of a period (batch_id NULL) and a batch's payments,
        # by program, with what the union paid: from this index alone (migration 0011).
        Index(
            "ix_aid_payments_batch_id",
            *("batch_id", "date", "program", "funding_source", "amount_fen", "goods_value_fen"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="RESTRICT"))
    hardship_file_id: Mapped[int | None] = mapped_column(
        ForeignKey("hardship_files.id", ondelete="SET NULL"), index=True
    )
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("aid_batches.id", ondelete="CASCADE"))
    program: Mapped[str] = mapped_column(String(20))
    date: Mapped[date] = mapped_column(Date)
    amount_fen: Mapped[int] = mapped_column(Integer, default=0)
    goods: Mapped[str | None] = mapped_column(String(200))  # 实物
    goods_value_fen: Mapped[int] = mapped_column(Integer, default=0)
    funding_source: Mapped[str | None] = mapped_column(String(10))
    signed: Mapped[bool] = mapped_column(Boolean, default=False)  # 已签收
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()
