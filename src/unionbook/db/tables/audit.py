"""The audit trail: who changed what, when, from where (which person on which computer), in the
same transaction as the change."""

from __future__ import annotations

from sqlalchemy import JSON, Column, DateTime, Index, Integer, String, Table

from unionbook.db.metadata import metadata
from unionbook.db.tables._columns import in_vocab
from unionbook.domain.vocab import AuditAction

audit_log = Table(
    "audit_log", metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime, nullable=False, index=True),
    Column("action", String(10), nullable=False),
    Column("table_name", String(50), nullable=False),
    Column("row_id", Integer),
    #: {field: [old, new]} for updates, {field: new} for creates, {field: old} for deletes,
    #: or a summary ({"rows": 300, "file": ...}) for imports.
    Column("changes", JSON, nullable=False, default=dict),
    Column("source", String(100), nullable=False),  # gui, cli, import:<file>, demo ...
    #: The person: the OS login name, or on a PostgreSQL book the database user the office gave
    #: them; empty on entries written before 0007. With `computer` (the machine's name) it tells the
    #: second of two people saving one record who saved it first (services/audit/conflicts.py).
    Column("who", String(100)),
    Column("computer", String(100)),
    in_vocab("action", AuditAction, nullable=False),
    Index("ix_audit_log_table_row", "table_name", "row_id"),
)  # fmt: skip
