"""Settings that belong to the records and travel with the database file (STYLE.md: window state
goes to QSettings, what the data needs goes here): one row per key, the value as text.

The first key is the open password's salted hash (services/access.py). Rows are written with Core
statements, not the ORM, so the audit hook never copies a value (a hash) into the trail; the
service records its own summary entry instead.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from unionbook.db.base import Base
from unionbook.db.models._types import updated_at


class AppSetting(Base):
    __tablename__ = "app_settings"

    key: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = updated_at()
