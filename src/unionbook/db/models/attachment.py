"""Files attached to records, copied into the data folder's attachments/ (never a link to the original)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from unionbook.db.base import Base
from unionbook.db.models._types import created_at, non_negative

_OWNERS = ("member_id", "contract_id", "hardship_file_id", "activity_id", "position_id")


class Attachment(Base):
    """Exactly one owner column is set; deleting the owner deletes the row (the file is swept later)."""

    __tablename__ = "attachments"
    __table_args__ = (
        CheckConstraint(" + ".join(f"({c} IS NOT NULL)" for c in _OWNERS) + " = 1", name="one_owner"),
        non_negative("size"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    contract_id: Mapped[int | None] = mapped_column(
        ForeignKey("collective_contracts.id", ondelete="CASCADE"), index=True
    )
    hardship_file_id: Mapped[int | None] = mapped_column(
        ForeignKey("hardship_files.id", ondelete="CASCADE"), index=True
    )
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"), index=True)
    position_id: Mapped[int | None] = mapped_column(ForeignKey("positions.id", ondelete="CASCADE"), index=True)
    original_name: Mapped[str] = mapped_column(String(260))
    #: Path relative to the data folder's attachments/, named by content hash.
    stored_name: Mapped[str] = mapped_column(String(260))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = created_at()
