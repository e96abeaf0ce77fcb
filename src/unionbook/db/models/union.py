"""The ORM class of the union's profile (db/tables/union.py holds the columns and why)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Mapped

from unionbook.db.base import Base
from unionbook.db.models._types import Versioned
from unionbook.db.tables.union import union_profile


class UnionProfile(Versioned, Base):
    """工会基本信息. Exactly one row (id = 1)."""

    __table__ = union_profile

    id: Mapped[int]
    union_name: Mapped[str]
    unit_name: Mapped[str]
    credit_code: Mapped[str]
    chair_name: Mapped[str]
    contact_name: Mapped[str]
    contact_phone: Mapped[str]
    address: Mapped[str]
    founded_on: Mapped[date | None]
    employee_total_override: Mapped[int | None]
    updated_at: Mapped[datetime]
