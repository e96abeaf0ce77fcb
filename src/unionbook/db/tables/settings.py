"""Settings that belong to the records and travel with the database file (STYLE.md: window state
goes to QSettings, what the data needs goes here): one row per key, the value as text.

The first key is the open password's salted hash (services/access.py). Rows are written with Core
statements, not the ORM, so the audit hook never copies a value (a hash) into the trail; the
service records its own summary entry instead.
"""

from __future__ import annotations

from sqlalchemy import Column, String, Table, Text

from unionbook.db.metadata import metadata
from unionbook.db.tables._columns import updated_at

app_settings = Table(
    "app_settings", metadata,
    Column("key", String(50), primary_key=True),
    Column("value", Text, nullable=False),
    updated_at(),
)  # fmt: skip
