"""The ORM class of the 职工互助保障 enrollments table (db/tables/mutual_aid.py holds its columns
and why): who was covered in which year, under which plan, for how much."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Mapped

from unionbook.db.base import Base
from unionbook.db.models._types import Versioned
from unionbook.db.tables.mutual_aid import mutual_aid_enrollments


class MutualAidEnrollment(Versioned, Base):
    __table__ = mutual_aid_enrollments

    id: Mapped[int]
    member_id: Mapped[int]
    year: Mapped[int]
    plan: Mapped[str]
    contribution_fen: Mapped[int]
    policy_number: Mapped[str | None]
    notes: Mapped[str | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
