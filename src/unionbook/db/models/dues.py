"""The ORM classes of the dues tables (db/tables/dues.py holds their columns and why)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Mapped

from unionbook.db.base import Base
from unionbook.db.models._types import Versioned
from unionbook.db.tables.dues import dues_exemptions, dues_months, wage_bases


class WageBase(Versioned, Base):
    """工资基数: the monthly wage dues are counted from, in force from `effective_from` on."""

    __table__ = wage_bases

    id: Mapped[int]
    member_id: Mapped[int]
    effective_from: Mapped[date]
    wage_fen: Mapped[int]
    notes: Mapped[str | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class DuesExemption(Versioned, Base):
    """免缴会费 by a recorded decision (保留会籍 needs none: it follows from the membership events)."""

    __table__ = dues_exemptions

    id: Mapped[int]
    member_id: Mapped[int]
    from_month: Mapped[date]
    to_month: Mapped[date | None]
    reason: Mapped[str]
    notes: Mapped[str | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class DuesMonth(Versioned, Base):
    """One member's dues for one month: due, and (once paid) paid, when and how."""

    __table__ = dues_months

    id: Mapped[int]
    member_id: Mapped[int]
    month: Mapped[date]
    wage_fen: Mapped[int | None]
    due_fen: Mapped[int]
    exempt_reason: Mapped[str | None]
    paid_fen: Mapped[int | None]
    paid_on: Mapped[date | None]
    method: Mapped[str | None]
    notes: Mapped[str | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
