"""Restore: check the backup completely, keep what is there now, then swap it in atomically.

Order of work, and why:
1. Stage the backup in a scratch folder beside the database (archive.stage): it must be a UnionBook
   backup of a revision this version knows (older ones are upgraded in the scratch copy) and pass
   `PRAGMA integrity_check`; its attachments must match their sha256. A refusal leaves the live
   data exactly as it was — nothing has been written outside the scratch folder yet.
2. Keep the current data: an automatic 恢复前 backup (with attachments) when it is healthy; when it
   is damaged (the reason for most restores), a plain copy of its file (and -wal) for whoever tries
   to rescue it, since the backup API may fail on damaged pages.
3. Swap (Database.swap_in): close every connection, checkpoint and remove -wal/-shm, fsync the
   staged file, lock its identity, os.replace it onto the database path, fsync the folder. A crash
   at any moment leaves either the old or the new database under the name, never a mixture.
4. Put back the attachment files the backup holds (content-addressed: existing files are kept).
5. Record the restore in the restored database's audit trail.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from unionbook.db.integrity import quick_check
from unionbook.db.migrate import backup_path_for
from unionbook.domain.errors import InputError
from unionbook.services.backup import archive
from unionbook.services.backup.auto import auto_backup

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RestoreResult:
    source: Path
    safety_copy: Path | None  # what was there before the restore
    damaged_before: bool  # the live database failed its check (the safety copy is a raw file copy)
    upgraded_from: str | None  # the backup's revision when it was older than this version
    attachments_restored: int
    attachments_missing: int  # referenced by the restored records, but in neither backup nor folder

    def message(self) -> str:
        parts = [f"已从 {self.source} 恢复"]
        if self.upgraded_from:
            parts.append("（备份来自旧版本，已升级到当前数据结构）")
        if self.attachments_restored:
            parts.append(f"，附件文件 {self.attachments_restored} 个")
        if self.safety_copy:
            parts.append(f"；恢复前的数据另存为 {self.safety_copy}")
        if self.attachments_missing:
            parts.append(
                f"；注意：有 {self.attachments_missing} 个附件文件在备份中没有（旧式备份不含附件），这些附件无法打开"
            )
        return "".join(parts)


def _raw_copy(db_path: Path) -> Path:
    """A damaged database's files as they are (no connection is open at this point)."""
    target = backup_path_for(db_path, "损坏", ".sqlite")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(db_path, target)
    for suffix in ("-wal", "-shm"):
        side = db_path.with_name(db_path.name + suffix)
        if side.exists():
            shutil.copyfile(side, target.with_name(target.name + suffix))
    return target


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _referenced(db_file: Path) -> set[str]:
    with closing(sqlite3.connect(db_file)) as conn:
        return {r[0] for r in conn.execute("SELECT DISTINCT stored_name FROM attachments")}


def _put_back_attachments(staged: archive.Staged, folder: Path, referenced: set[str]) -> tuple[int, int]:
    restored = 0
    for stored, extracted in staged.attachments.items():
        target = folder / stored
        sha = stored.split("/", 1)[1].split(".", 1)[0]
        if target.is_file() and _sha256(target) == sha:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        shutil.copyfile(extracted, partial)
        os.replace(partial, target)
        restored += 1
    missing = sum(1 for name in referenced if not (folder / name).is_file())
    return restored, missing


def restore(db, source: Path) -> RestoreResult:
    """Replace the open database's contents (and attachment files) with the backup at `source`.

    InputError (exit 2) when the backup cannot be used; the live data is then untouched.
    A book on a PostgreSQL server is restored from pg_dump's file or our export, into an empty
    book only (postgres.py).
    """
    from unionbook.services.district.guard import install_book_guard

    if getattr(db, "on_server", False):
        from unionbook.services.backup import postgres

        result = postgres.restore_book(db, source)
        install_book_guard(db.engine)  # a district book's export restored: refuse union records from now on
        return result
    source = Path(source).expanduser()
    if source.exists() and source.resolve() == db.path:
        raise InputError(detail="不能用数据库本身恢复自己")
    with archive.scratch_folder(db.path) as scratch:
        staged = archive.stage(source, scratch)

        live = quick_check(db.path)
        if live.damaged:
            db.engine.dispose()
            safety = _raw_copy(db.path)
        else:
            safety = auto_backup(db, "恢复前")
        log.info("restoring %s from %s (safety copy %s)", db.path, source.name, safety)

        referenced = _referenced(staged.db_file)
        db.swap_in(staged.db_file)
        restored, missing = _put_back_attachments(staged, db.files_dir("attachments"), referenced)
    from unionbook.services import audit  # the ORM's, imported when a restore is done, not by every open

    install_book_guard(db.engine)  # the restored book may be the other kind (a district's, or a union's)
    with db.session_factory.begin() as session:
        audit.record_restore(session, source, safety)
    return RestoreResult(
        source=source,
        safety_copy=safety,
        damaged_before=live.damaged,
        upgraded_from=staged.revision if staged.upgraded else None,
        attachments_restored=restored,
        attachments_missing=missing,
    )
