"""The ORM class of the collective contracts (db/tables/contract.py holds the columns and why)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Mapped, relationship

from unionbook.db.base import Base
from unionbook.db.models._types import Versioned
from unionbook.db.tables.contract import collective_contracts


class CollectiveContract(Versioned, Base):
    __table__ = collective_contracts

    id: Mapped[int]
    kind: Mapped[str]
    title: Mapped[str]
    employer: Mapped[str | None]
    negotiated_on: Mapped[date | None]
    congress_approved_on: Mapped[date | None]
    signed_on: Mapped[date | None]
    filed_on: Mapped[date | None]
    published_on: Mapped[date | None]
    effective_from: Mapped[date | None]
    effective_to: Mapped[date | None]
    terminated_on: Mapped[date | None]
    covered_enterprises: Mapped[int]
    covered_employees: Mapped[int | None]
    covered_female: Mapped[int | None]
    wage_increase_bp: Mapped[int | None]
    renews_id: Mapped[int | None]
    notes: Mapped[str | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    renews: Mapped[CollectiveContract | None] = relationship(remote_side=[collective_contracts.c.id])
