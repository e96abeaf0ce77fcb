"""Attachments: scans and photos copied into the data folder, never linked to the user's original.

Files are stored by content hash (attachments/ab/abcdef….pdf beside the database), so attaching
the same scan twice stores it once, and a moved or deleted original never breaks a record.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import func, select

from unionbook.db.models import Attachment
from unionbook.domain.errors import InputError, NotFoundError
from unionbook.services.database import Database

#: The record kinds that can carry attachments, by the Attachment column that points at them.
OWNERS = ("member_id", "contract_id", "hardship_file_id", "activity_id", "position_id")
MAX_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class AttachmentInfo:
    id: int
    original_name: str
    path: Path  # where the copy lives now
    size: int
    added: datetime


def _folder(db: Database) -> Path:
    return db.files_dir("attachments")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def add_attachment(db: Database, owner: str, owner_id: int, source: Path) -> AttachmentInfo:
    """Copy `source` into the data folder and attach it to the record."""
    if owner not in OWNERS:
        raise ValueError(owner)
    source = Path(source)
    if not source.is_file():
        raise InputError(detail=f"找不到要添加的附件：{source}")
    size = source.stat().st_size
    if size > MAX_BYTES:
        raise InputError(detail=f"附件“{source.name}”有 {size // 1024 // 1024} MB，超过 200 MB，请压缩后再添加")
    sha = _sha256(source)
    stored = f"{sha[:2]}/{sha}{source.suffix.lower()}"
    target = _folder(db) / stored
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        shutil.copyfile(source, partial)
        partial.replace(target)
    with db.session_factory.begin() as session:
        row = Attachment(original_name=source.name, stored_name=stored, sha256=sha, size=size, **{owner: owner_id})
        session.add(row)
        session.flush()
        # Stored times are UTC (SQLite's CURRENT_TIMESTAMP); say the same here.
        return AttachmentInfo(row.id, row.original_name, target, size, datetime.now(timezone.utc).replace(tzinfo=None))


def list_attachments(db: Database, owner: str, owner_id: int) -> list[AttachmentInfo]:
    if owner not in OWNERS:
        raise ValueError(owner)
    with db.session_factory() as session:
        rows = session.scalars(
            select(Attachment).where(getattr(Attachment, owner) == owner_id).order_by(Attachment.id)
        ).all()
        return [AttachmentInfo(r.id, r.original_name, _folder(db) / r.stored_name, r.size, r.created_at) for r in rows]


def remove_attachment(db: Database, attachment_id: int) -> None:
    """Detach; the stored copy is deleted when no other record uses the same content."""
    with db.session_factory.begin() as session:
        row = session.get(Attachment, attachment_id)
        if row is None:
            raise NotFoundError(what="附件", key=str(attachment_id))
        stored = row.stored_name
        session.delete(row)
        session.flush()
        still_used = session.scalar(select(func.count()).where(Attachment.stored_name == stored))
    if not still_used:
        (_folder(db) / stored).unlink(missing_ok=True)


def sweep_orphans(db: Database) -> int:
    """Delete stored files no attachment row points at (left behind when a record was deleted,
    since rows cascade in SQL but files do not). Returns how many were removed."""
    folder = _folder(db)
    if not folder.is_dir():
        return 0
    with db.session_factory() as s:
        used = set(s.scalars(select(Attachment.stored_name)))
    removed = 0
    for path in folder.glob("*/*"):
        if path.is_file() and f"{path.parent.name}/{path.name}" not in used and not path.name.endswith(".partial"):
            path.unlink()
            removed += 1
    return removed
