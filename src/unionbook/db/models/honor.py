"""The ORM class of the honors table (db/tables/honor.py holds its columns and why): a title
conferred on a person of the roster or on a collective."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Mapped

from unionbook.db.base import Base
from unionbook.db.models._types import Versioned
from unionbook.db.tables.honor import honors


class Honor(Versioned, Base):
    __table__ = honors

    id: Mapped[int]
    kind: Mapped[str]
    title: Mapped[str]
    level: Mapped[str]
    awarded_on: Mapped[date]
    issuer: Mapped[str | None]
    recipient: Mapped[str]
    member_id: Mapped[int | None]
    collective: Mapped[str | None]
    notes: Mapped[str | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
