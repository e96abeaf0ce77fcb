"""The backup file: one zip holding the database and every attachment it references.

    manifest.json                    what made it, when, why, the schema revision, every entry's sha256
    unionbook.sqlite                 a copy made with SQLite's backup API (never a file copy)
    attachments/ab/abcdef….pdf       each attachment file, under the name the database stores

Why a zip rather than a SQLite file with a blob table: Windows opens a zip in Explorer, so a chair
(or whoever helps) can take one scan or the database out without UnionBook; every entry carries a
CRC-32 that zipfile checks on reading, on top of the sha256s in the manifest; files of up to 200 MB
stream in and out without being held in memory; and a backup can never be mistaken for a live
database and opened with --db. The database entry is deflated at level 1 (a 220 MB database of
100,000 members becomes 41 MB in 1.2 s; level 6 saves 4 MB more for three times the time);
photos and PDFs are already compressed and are stored as they are.

Reading a backup (`stage`) trusts nothing in it: only the three kinds of names above are accepted
(no paths outside the scratch folder), declared sizes are checked against the free disk space and a
ratio limit before anything is extracted, every attachment must match the sha256 in its name, and
the database must pass `PRAGMA integrity_check` and be UnionBook's at a revision this version knows
(an older one is upgraded in the scratch copy). A plain .sqlite backup from earlier versions is
accepted the same way, without attachments.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import sqlite3
import zipfile
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from unionbook import __version__
from unionbook.db.backup import backup_database, is_sqlite_file
from unionbook.db.integrity import integrity_check, quick_check
from unionbook.db.migrate import head_revision, inspect_database, migrate
from unionbook.domain.errors import DatabaseDamagedError, InputError, MigrationError
from unionbook.fileio.durable import fsync_dir, fsync_file

if TYPE_CHECKING:
    from unionbook.db.interrupt import Interrupter

log = logging.getLogger(__name__)

FORMAT = "unionbook-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE = "unionbook.sqlite"
ATTACHMENT = re.compile(r"^attachments/(?P<stored>[0-9a-f]{2}/(?P<sha>[0-9a-f]{64})(?:\.[A-Za-z0-9]{1,10})?)$")
#: Already compressed: stored, not deflated again.
_STORED_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".pdf", ".zip", ".rar", ".7z",
                              ".docx", ".xlsx", ".pptx", ".mp4", ".mp3", ".ofd"})  # fmt: skip
#: A deflated entry may expand at most this much (a SQLite file of zeros reaches ~1000:1).
_MAX_RATIO = 2000
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Manifest:
    created: datetime | None
    reason: str
    revision: str | None
    app_version: str
    members: int | None
    attachments: int
    missing: tuple[str, ...] = ()

    @classmethod
    def from_json(cls, data: dict) -> Manifest:
        created = None
        with suppress(TypeError, ValueError):
            created = datetime.fromisoformat(data.get("created"))
        return cls(
            created=created,
            reason=str(data.get("reason", "")),
            revision=data.get("revision"),
            app_version=str(data.get("app_version", "")),
            members=data.get("members"),
            attachments=len(data.get("attachments", [])),
            missing=tuple(data.get("missing", [])),
        )


@dataclass(frozen=True)
class Written:
    path: Path
    size: int
    attachments: int
    missing: tuple[str, ...]  # referenced by a record, but no file in attachments/


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(_CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def _attachment_rows(db_file: Path) -> list[tuple[str, str, int]]:
    with closing(sqlite3.connect(db_file)) as conn:
        return [(r[0], r[1], r[2]) for r in conn.execute("SELECT DISTINCT stored_name, sha256, size FROM attachments")]


def _count_members(db_file: Path) -> int | None:
    with closing(sqlite3.connect(db_file)) as conn, suppress(sqlite3.DatabaseError):
        return conn.execute("SELECT count(*) FROM members").fetchone()[0]
    return None


def check_source(db_path: Path, *, latest_backup: str = "", cancel: Interrupter | None = None) -> None:
    """Refuse to back up a damaged database: a damaged copy would pass for a good one."""
    report = quick_check(db_path, cancel=cancel)
    if report.damaged:
        raise DatabaseDamagedError(path=str(db_path), detail=report.summary(), backup=latest_backup)


def write(db_path: Path, attachments_dir: Path, target: Path, *, reason: str, revision: str | None,
          latest_backup: str = "", cancel: Interrupter | None = None) -> Written:  # fmt: skip
    """Write the backup of the database at `db_path` (and its attachments) to `target`.

    The database is checked first (quick_check); the zip is written beside `target` as .partial,
    flushed to disk and renamed, so `target` is either the complete backup or absent. `cancel` (the
    closing window's, db/interrupt.py) stops the check, the copy and the packing between steps:
    OperationCancelled, nothing left behind; once the zip is complete it is finished.
    """
    target = Path(target)
    check_source(db_path, latest_backup=latest_backup, cancel=cancel)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    copy = target.with_name(f".{target.name}.db.partial")
    try:
        backup_database(db_path, copy, cancel)
        rows = _attachment_rows(copy)
        missing: list[str] = []
        entries: list[dict] = []
        with zipfile.ZipFile(partial, "w", allowZip64=True) as zf:
            if cancel is None:
                zf.write(copy, DATABASE, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
            else:
                _deflate_in_steps(zf, copy, cancel)
            for stored, sha, size in sorted(rows):
                if cancel is not None:
                    cancel.raise_if_stopped()
                source = Path(attachments_dir) / stored
                if not ATTACHMENT.match(f"attachments/{stored}") or not source.is_file():
                    missing.append(stored)
                    continue
                suffix = source.suffix.lower()
                kind = zipfile.ZIP_STORED if suffix in _STORED_SUFFIXES else zipfile.ZIP_DEFLATED
                zf.write(source, f"attachments/{stored}", compress_type=kind, compresslevel=1 if kind else None)
                entries.append({"name": stored, "sha256": sha, "size": size})
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "app_version": __version__,
                "created": datetime.now().isoformat(timespec="seconds"),
                "reason": reason,
                "revision": revision,
                "database": {"name": DATABASE, "sha256": _sha256_file(copy), "size": copy.stat().st_size},
                "members": _count_members(copy),
                "attachments": entries,
                "missing": missing,
            }
            zf.writestr(
                MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1), compress_type=zipfile.ZIP_DEFLATED
            )
        fsync_file(partial)
        os.replace(partial, target)
        fsync_dir(target.parent)
    except BaseException:
        with suppress(OSError):
            partial.unlink(missing_ok=True)
        raise
    finally:
        with suppress(OSError):
            copy.unlink(missing_ok=True)
    if missing:
        log.warning("backup %s: %d attachment files were missing", target.name, len(missing), extra={"file_only": True})
    return Written(target, target.stat().st_size, len(entries), tuple(missing))


def _deflate_in_steps(zf: zipfile.ZipFile, copy: Path, cancel: Interrupter) -> None:
    """The database entry as `zf.write` makes it (deflate level 1), a megabyte at a time, looking
    at `cancel` between them (the whole entry takes seconds at 100,000 members)."""
    info = zipfile.ZipInfo.from_file(copy, DATABASE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info._compresslevel = 1  # what zf.write sets for compresslevel=1 (Python 3.11; 3.13 calls it compress_level)
    with open(copy, "rb") as src, zf.open(info, "w") as dst:
        for block in iter(lambda: src.read(_CHUNK), b""):
            cancel.raise_if_stopped()
            dst.write(block)


def read_manifest(path: Path) -> Manifest | None:
    """The manifest of a zip backup, or None for a plain .sqlite backup or an unreadable file."""
    try:
        with zipfile.ZipFile(path) as zf:
            data = json.loads(zf.read(MANIFEST).decode("utf-8"))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, UnicodeDecodeError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    return Manifest.from_json(data)


def looks_usable(path: Path) -> bool:
    """A cheap check for naming a backup in a message: a zip with our manifest and a database, or
    a plain SQLite file. `stage` checks a backup completely before it is used."""
    if is_sqlite_file(path):
        return True
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except (OSError, zipfile.BadZipFile):
        return False
    return {MANIFEST, DATABASE} <= names and read_manifest(path) is not None


# --- reading a backup back ---------------------------------------------------------------------


@dataclass
class Staged:
    """A backup unpacked into a scratch folder and checked: ready to be swapped in."""

    source: Path
    db_file: Path  # integrity-checked, at this version's head revision
    revision: str  # the backup's own revision (before any upgrade)
    attachments: dict[str, Path] = field(default_factory=dict)  # stored name → extracted file
    manifest: Manifest | None = None

    @property
    def upgraded(self) -> bool:
        return self.revision != head_revision()


def _refuse(source: Path, why: str) -> InputError:
    return InputError(detail=f"不能用 {source} 恢复：{why}。当前数据没有任何改动")


@contextmanager
def scratch_folder(beside: Path) -> Iterator[Path]:
    """A hidden scratch folder in the database's own folder (so the staged file can be renamed
    onto the database), removed afterwards whatever happens."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix=f".{beside.stem}-restore-", dir=beside.parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def stage(source: Path, scratch: Path) -> Staged:
    """Unpack and check the backup at `source` inside `scratch`; InputError (exit 2) names what is
    wrong with it. Nothing outside `scratch` is written."""
    source = Path(source).expanduser()
    if not source.is_file():
        raise InputError(detail=f"找不到备份文件：{source}")
    db_file = scratch / DATABASE
    attachments: dict[str, Path] = {}
    manifest = None
    if zipfile.is_zipfile(source):
        manifest = _unpack_zip(source, scratch, db_file, attachments)
    elif is_sqlite_file(source):
        try:
            backup_database(source, db_file)  # reads a WAL-mode file consistently too
        except sqlite3.DatabaseError as exc:
            raise _refuse(source, f"备份文件已损坏（{exc}）") from exc
    else:
        raise _refuse(source, "它不是 UnionBook 备份文件（既不是备份包 .zip，也不是 SQLite 数据库）")

    try:
        state = inspect_database(db_file)
    except DatabaseDamagedError as exc:
        raise _refuse(source, f"备份文件已损坏（{exc.params['detail']}）") from exc
    if state.kind == "newer":
        raise _refuse(source, f"它由更新版本的 UnionBook 创建（数据结构版本 {state.revision}），请先升级本软件")
    if state.kind != "unionbook":
        why = state.detail or "没有 UnionBook 的数据表"
        raise _refuse(source, f"它不是 UnionBook 的数据库（{why}）")
    report = integrity_check(db_file)
    if report.damaged:
        raise _refuse(source, f"备份文件已损坏（完整性检查未通过：{report.summary()}）")
    revision = str(state.revision)
    if revision != head_revision():
        try:
            migrate(db_file)  # its pre-upgrade copy goes to scratch/backups/, removed with the scratch
        except MigrationError as exc:
            raise _refuse(source, f"它是旧版本的备份，升级时失败（{exc.params.get('detail')}）") from exc
    return Staged(source, db_file, revision, attachments, manifest)


def _unpack_zip(source: Path, scratch: Path, db_file: Path, attachments: dict[str, Path]) -> Manifest:
    try:
        with zipfile.ZipFile(source) as zf:
            infos = zf.infolist()
            names = [i.filename for i in infos]
            if MANIFEST not in names or DATABASE not in names:
                raise _refuse(source, "它不是 UnionBook 备份包（缺少 manifest.json 或 unionbook.sqlite）")
            manifest = read_manifest(source)
            if manifest is None:
                raise _refuse(source, "它不是 UnionBook 备份包（manifest.json 无法识别）")
            total = 0
            for info in infos:
                if info.filename in (MANIFEST, DATABASE) or info.is_dir() and info.filename == "attachments/":
                    pass
                elif not ATTACHMENT.match(info.filename):
                    raise _refuse(source, f"其中有不属于 UnionBook 备份的文件“{info.filename}”")
                if info.compress_size and info.file_size / info.compress_size > _MAX_RATIO:
                    raise _refuse(source, f"其中的“{info.filename}”压缩比异常，可能是恶意文件")
                total += info.file_size
            free = shutil.disk_usage(scratch).free
            if total * 2 > free:  # the scratch copy, then the attachments' copies
                raise _refuse(source, f"磁盘空间不足：需要约 {total * 2 // 2**20} MB，只剩 {free // 2**20} MB")
            _extract(zf, DATABASE, db_file)
            for info in infos:
                match = ATTACHMENT.match(info.filename)
                if not match:
                    continue
                target = scratch / "attachments" / match["stored"]
                target.parent.mkdir(parents=True, exist_ok=True)
                _extract(zf, info.filename, target)
                if _sha256_file(target) != match["sha"]:
                    raise _refuse(source, f"附件“{match['stored']}”的内容与校验值不符，备份文件已损坏")
                attachments[match["stored"]] = target
    except zipfile.BadZipFile as exc:  # also a CRC mismatch found while extracting
        raise _refuse(source, f"备份文件已损坏（{exc}）") from exc
    return manifest


def _extract(zf: zipfile.ZipFile, name: str, target: Path) -> None:
    with zf.open(name) as src, open(target, "wb") as dst:
        shutil.copyfileobj(src, dst, _CHUNK)
