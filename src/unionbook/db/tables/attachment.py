"""Files attached to records, copied into the data folder's attachments/ (never a link to the original)."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, ForeignKey, Integer, String, Table

from unionbook.db.metadata import metadata
from unionbook.db.tables._columns import created_at, non_negative

_OWNERS = ("member_id", "contract_id", "hardship_file_id", "activity_id", "position_id")

#: Exactly one owner column is set; deleting the owner deletes the row (the file is swept later).
attachments = Table(
    "attachments", metadata,
    Column("id", Integer, primary_key=True),
    Column("member_id", Integer, ForeignKey("members.id", ondelete="CASCADE"), index=True),
    Column("contract_id", Integer, ForeignKey("collective_contracts.id", ondelete="CASCADE"), index=True),
    Column("hardship_file_id", Integer, ForeignKey("hardship_files.id", ondelete="CASCADE"), index=True),
    Column("activity_id", Integer, ForeignKey("activities.id", ondelete="CASCADE"), index=True),
    Column("position_id", Integer, ForeignKey("positions.id", ondelete="CASCADE"), index=True),
    Column("original_name", String(260), nullable=False),
    #: Path relative to the data folder's attachments/, named by content hash.
    Column("stored_name", String(260), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("size", Integer, nullable=False),
    created_at(),
    CheckConstraint(" + ".join(f"({c} IS NOT NULL)" for c in _OWNERS) + " = 1", name="one_owner"),
    non_negative("size"),
)  # fmt: skip
