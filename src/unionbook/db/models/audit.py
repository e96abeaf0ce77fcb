"""The ORM class of the audit trail (db/tables/audit.py holds its columns and why): who changed
what, when, from where, in the same transaction as the change."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Mapped

from unionbook.db.base import Base
from unionbook.db.tables.audit import audit_log


class AuditEntry(Base):
    __table__ = audit_log

    id: Mapped[int]
    at: Mapped[datetime]
    action: Mapped[str]
    table_name: Mapped[str]
    row_id: Mapped[int | None]
    changes: Mapped[dict]
    source: Mapped[str]
    who: Mapped[str | None]
    computer: Mapped[str | None]
