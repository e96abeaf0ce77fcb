"""The ORM class of the book's own settings (db/tables/settings.py holds the columns and why)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Mapped

from unionbook.db.base import Base
from unionbook.db.tables.settings import app_settings


class AppSetting(Base):
    __table__ = app_settings

    key: Mapped[str]
    value: Mapped[str]
    updated_at: Mapped[datetime]
