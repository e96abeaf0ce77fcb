"""The ORM classes of the aid register (db/tables/aid.py holds their columns and why)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Mapped, relationship

from unionbook.db.base import Base
from unionbook.db.models._types import Versioned
from unionbook.db.tables.aid import (
    aid_batches,
    aid_payments,
    hardship_family_members,
    hardship_files,
    hardship_reviews,
)


class HardshipFile(Versioned, Base):
    """One file per household, opened (建档) and eventually closed (脱困 ...)."""

    __table__ = hardship_files

    id: Mapped[int]
    member_id: Mapped[int]
    category: Mapped[str]
    causes: Mapped[str]
    household_size: Mapped[int | None]
    income_per_capita_fen: Mapped[int | None]
    opened_on: Mapped[date]
    measures: Mapped[str | None]
    closed_on: Mapped[date | None]
    close_reason: Mapped[str | None]
    notes: Mapped[str | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    family: Mapped[list[HardshipFamilyMember]] = relationship(back_populates="file", cascade="all, delete-orphan")
    reviews: Mapped[list[HardshipReview]] = relationship(
        back_populates="file", cascade="all, delete-orphan", order_by="HardshipReview.date"
    )


class HardshipFamilyMember(Versioned, Base):
    __table__ = hardship_family_members

    id: Mapped[int]
    file_id: Mapped[int]
    name: Mapped[str]
    relation: Mapped[str | None]
    id_number: Mapped[str | None]
    income_fen: Mapped[int | None]
    health: Mapped[str | None]
    school_or_work: Mapped[str | None]

    file: Mapped[HardshipFile] = relationship(back_populates="family")


class HardshipReview(Versioned, Base):
    """Yearly review (复核) or visit (走访, with who went) of a hardship file."""

    __table__ = hardship_reviews

    id: Mapped[int]
    file_id: Mapped[int]
    date: Mapped[date]
    kind: Mapped[str]
    notes: Mapped[str | None]
    visitors: Mapped[str | None]

    file: Mapped[HardshipFile] = relationship(back_populates="reviews")


class AidBatch(Versioned, Base):
    """One distribution to many people (one 端午节慰问 to 300 members), undone as a whole."""

    __table__ = aid_batches

    id: Mapped[int]
    title: Mapped[str]
    program: Mapped[str]
    date: Mapped[date]
    prepared_by: Mapped[str | None]
    approved_by: Mapped[str | None]
    notes: Mapped[str | None]
    created_at: Mapped[datetime]


class AidPayment(Versioned, Base):
    __table__ = aid_payments

    id: Mapped[int]
    member_id: Mapped[int]
    hardship_file_id: Mapped[int | None]
    batch_id: Mapped[int | None]
    program: Mapped[str]
    date: Mapped[date]
    amount_fen: Mapped[int]
    goods: Mapped[str | None]
    goods_value_fen: Mapped[int]
    funding_source: Mapped[str | None]
    signed: Mapped[bool]
    notes: Mapped[str | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
