"""The ORM class of the attachments (db/tables/attachment.py holds the columns and why)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Mapped

from unionbook.db.base import Base
from unionbook.db.tables.attachment import attachments


class Attachment(Base):
    """Exactly one owner column is set; deleting the owner deletes the row (the file is swept later)."""

    __table__ = attachments

    id: Mapped[int]
    member_id: Mapped[int | None]
    contract_id: Mapped[int | None]
    hardship_file_id: Mapped[int | None]
    activity_id: Mapped[int | None]
    position_id: Mapped[int | None]
    original_name: Mapped[str]
    stored_name: Mapped[str]
    sha256: Mapped[str]
    size: Mapped[int]
    created_at: Mapped[datetime]
