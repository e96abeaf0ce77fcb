"""The audit trail: who changed what, when, from where (which person on which computer), in the
same transaction as the change."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from unionbook.db.base import Base
from unionbook.db.models._types import in_vocab
from unionbook.domain.vocab import AuditAction


class AuditEntry(Base):
    __tablename__ = "audit_log"
    __table_args__ = (
        in_vocab("action", AuditAction, nullable=False),
        Index("ix_audit_log_table_row", "table_name", "row_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    action: Mapped[str] = mapped_column(String(10))
    table_name: Mapped[str] = mapped_column(String(50))
    row_id: Mapped[int | None] = mapped_column(Integer)
    #: {field: [old, new]} for updates, {field: new} for creates, {field: old} for deletes,
    #: or a summary ({"rows": 300, "file": ...}) for imports.
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    source: Mapped[str] = mapped_column(String(100))  # gui, cli, import:<file>, demo ...
    #: The person: the OS login name, or on a PostgreSQL book the database user the office gave
    #: them; empty on entries written before 0007. With `computer` (the machine's name) it tells the
    #: second of two people saving one record who saved it first (services/audit/conflicts.py).
    who: Mapped[str | None] = mapped_column(String(100))
    computer: Mapped[str | None] = mapped_column(String(100))
