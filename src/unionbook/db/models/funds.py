"""The ORM classes of the funds tables (db/tables/funds.py holds their columns and why)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Mapped

from unionbook.db.base import Base
from unionbook.db.models._types import Versioned
from unionbook.db.tables.funds import fund_budgets, fund_entries


class FundEntry(Versioned, Base):
    __table__ = fund_entries

    id: Mapped[int]
    date: Mapped[date]
    category: Mapped[str]
    sub_item: Mapped[str]
    amount_fen: Mapped[int]
    voucher_no: Mapped[str | None]
    summary: Mapped[str]
    aid_batch_id: Mapped[int | None]
    aid_payment_id: Mapped[int | None]
    activity_id: Mapped[int | None]
    dues_month: Mapped[date | None]
    notes: Mapped[str | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class FundBudget(Versioned, Base):
    """预算: the year's planned amount for one income or spending category."""

    __table__ = fund_budgets

    id: Mapped[int]
    year: Mapped[int]
    category: Mapped[str]
    amount_fen: Mapped[int]
    notes: Mapped[str | None]
    updated_at: Mapped[datetime]
