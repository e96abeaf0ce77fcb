"""The ORM classes of the activities tables (db/tables/activity.py holds their columns and why)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Mapped

from unionbook.db.base import Base
from unionbook.db.models._types import Versioned
from unionbook.db.tables.activity import activities, activity_attendance


class Activity(Versioned, Base):
    __table__ = activities

    id: Mapped[int]
    name: Mapped[str]
    category: Mapped[str]
    start_date: Mapped[date]
    end_date: Mapped[date | None]
    location: Mapped[str | None]
    role: Mapped[str]
    participants: Mapped[int | None]
    cost_fen: Mapped[int]
    funding_source: Mapped[str | None]
    outcome: Mapped[str | None]
    summary: Mapped[str | None]
    expected_attendance: Mapped[int | None]
    actual_attendance: Mapped[int | None]
    proposals: Mapped[int | None]
    proposals_closed: Mapped[int | None]
    decisions: Mapped[str | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class ActivityAttendance(Base):
    __table__ = activity_attendance

    id: Mapped[int]
    activity_id: Mapped[int]
    member_id: Mapped[int]
