"""The ORM class of the positions table (db/tables/position.py holds its columns and why): 职工之家,
职工书屋, 爱心妈妈小屋 … with the dates they ran."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Mapped

from unionbook.db.base import Base
from unionbook.db.models._types import Versioned
from unionbook.db.tables.position import positions


class Position(Versioned, Base):
    __table__ = positions

    id: Mapped[int]
    kind: Mapped[str]
    name: Mapped[str]
    opened_on: Mapped[date]
    closed_on: Mapped[date | None]
    place: Mapped[str | None]
    area: Mapped[int | None]
    demo_level: Mapped[str | None]
    notes: Mapped[str | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
