"""Moving the data folder (e.g. from C:\\Users\\… to D:\\工会台账) from the settings, safely.

Nothing is moved: everything is copied, checked, and only then does the default location switch.
The database is copied with the backup API (never a file copy), its copy must pass
`integrity_check` and hold as many rows in every table as the original; attachments/, templates/
and documents/ are copied file by file and each copy's sha256 compared with the original's. Any
failure removes what was copied and leaves the old location in use. The old folder is kept as it
was, with a note saying where the data went: the chair deletes it once the new place has worked.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import sqlite3
from contextlib import closing, suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from unionbook import paths
from unionbook.db.backup import backup_database
from unionbook.db.integrity import integrity_check, quick_check
from unionbook.domain.errors import DatabaseDamagedError, InputError

log = logging.getLogger(__name__)

#: The folders that belong with a database (paths.user_files_dir); backups/ stays behind.
FOLDERS = ("attachments", "templates", "documents")
NOTE = "数据已移到新位置.txt"


@dataclass(frozen=True)
class MoveResult:
    old: Path
    new: Path
    files: int  # attachment, template and document files copied
    size: int  # bytes copied, database included
    remembered: bool  # UnionBook opens the new location from the next start


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _row_counts(db_file: Path) -> dict[str, int]:
    with closing(sqlite3.connect(db_file)) as conn:
        tables = [
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        ]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def _files(db, name: str) -> list[Path]:
    folder = db.files_dir(name)
    if not folder.is_dir():
        return []
    return [p for p in folder.rglob("*") if p.is_file() and not p.name.endswith(".partial")]


def move_data_folder(db, folder: Path, *, remember: bool = True) -> MoveResult:
    """Copy the open database and its files into `folder`, verify them, and (with `remember`)
    make that the database UnionBook opens by default from the next start."""
    old_folder = db.path.parent
    folder = Path(folder).expanduser().resolve()
    target = folder / db.path.name
    if folder == old_folder:
        raise InputError(detail="新位置就是当前位置，请选择另一个文件夹")
    for name in (*FOLDERS, "backups"):
        if folder.is_relative_to(old_folder / name):
            raise InputError(detail=f"不能移到当前数据的 {name} 文件夹里面，请选择另一个文件夹")
    if target.exists() or any((folder / name).exists() and any((folder / name).iterdir()) for name in FOLDERS):
        raise InputError(detail=f"{folder} 中已经有 UnionBook 的数据（{target.name} 或附件文件夹），请选择一个空文件夹")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(detail=f"无法在 {folder} 建立文件夹：{exc.strerror or exc}") from exc

    files = {name: _files(db, name) for name in FOLDERS}
    needed = db.path.stat().st_size + sum(p.stat().st_size for found in files.values() for p in found)
    free = shutil.disk_usage(folder).free
    if needed * 1.1 + 50 * 2**20 > free:
        raise InputError(detail=f"{folder} 所在磁盘空间不足：需要约 {needed // 2**20 + 50} MB，只剩 {free // 2**20} MB")
    report = quick_check(db.path)
    if report.damaged:
        raise DatabaseDamagedError(path=str(db.path), detail=report.summary())

    created: list[Path] = []
    try:
        backup_database(db.path, target)
        created.append(target)
        check = integrity_check(target)
        if check.damaged:
            raise InputError(detail=f"复制到 {target} 的数据库没有通过检查（{check.summary()}），已放弃移动")
        if _row_counts(target) != _row_counts(db.path):
            raise InputError(detail=f"复制到 {target} 的数据库与原数据库的记录数不一致，已放弃移动")
        copied = 0
        for name, found in files.items():
            source_root = db.files_dir(name)
            for source in found:
                dest = folder / name / source.relative_to(source_root)
                dest.parent.mkdir(parents=True, exist_ok=True)
                partial = dest.with_name(dest.name + ".partial")
                shutil.copyfile(source, partial)
                os.replace(partial, dest)
                created.append(dest)
                if _sha256(dest) != _sha256(source):
                    raise InputError(detail=f"复制的文件 {dest} 与原文件不一致，已放弃移动")
                copied += 1
        if remember:
            paths.remember_db_path(target)
    except BaseException:
        for path in reversed(created):
            with suppress(OSError):
                path.unlink()
        for name in FOLDERS:
            for sub in sorted((folder / name).rglob("*"), reverse=True) if (folder / name).is_dir() else ():
                with suppress(OSError):
                    sub.rmdir()
            with suppress(OSError):
                (folder / name).rmdir()
        raise
    with suppress(OSError):
        (old_folder / NOTE).write_text(
            f"{datetime.now():%Y-%m-%d %H:%M} UnionBook 的数据已复制到：\n{target}\n\n"
            "新位置已检查无误。确认新位置的数据都在以后，可以删除这个文件夹中的旧数据。\n",
            encoding="utf-8",
        )
    log.info("data folder copied from %s to %s (%d files)", old_folder, folder, copied)
    return MoveResult(db.path, target, copied, needed, remember)
