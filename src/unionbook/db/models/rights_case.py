"""The ORM class of the rights-cases table (db/tables/rights_case.py holds its columns and why):
legal advice, labour-dispute mediation, legal aid, requests handled."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Mapped

from unionbook.db.base import Base
from unionbook.db.models._types import Versioned
from unionbook.db.tables.rights_case import rights_cases


class RightsCase(Versioned, Base):
    __table__ = rights_cases

    id: Mapped[int]
    kind: Mapped[str]
    person_name: Mapped[str | None]
    member_id: Mapped[int | None]
    opened_on: Mapped[date]
    closed_on: Mapped[date | None]
    request: Mapped[str]
    outcome: Mapped[str]
    handling: Mapped[str | None]
    private: Mapped[bool]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
