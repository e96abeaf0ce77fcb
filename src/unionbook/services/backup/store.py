"""The automatic backups in `backups/` beside the database: names, listing, keeping and pruning.

A backup's name says when and why it was made — `unionbook-20261130-093000-导入前.zip` — so the
folder reads well in Explorer and listing needs no index. Reasons: 每日 (first open of a day),
升级前 (before a migration), 导入前, 批量删除前, 恢复前, 手动 (立即备份 in the window).

Keeping (configurable per database, stored in its app_settings table): everything made today (each
import of the day can be undone), then the newest backup of each of the last 7 days, 4 weeks and
12 months that have one. 手动 backups are the chair's own and are never pruned. The 升级前备份 /
恢复前备份 copies earlier versions left beside the database are listed and pruned the same way.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from unionbook.db.backend import upsert
from unionbook.db.migrate import BACKUP_NAME, backups_dir
from unionbook.db.tables import app_settings
from unionbook.domain.errors import ValidationError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from unionbook.db.readers import ReaderFactory

MANUAL = "手动"
#: What each reason means, for the list in the window and `unionbook backups`.
REASONS = {
    "每日": "每天首次打开时自动备份",
    "升级前": "软件升级数据库结构前",
    "导入前": "导入表格前",
    "批量删除前": "撤销整批发放前",
    "恢复前": "从备份恢复前（恢复前的数据）",
    MANUAL: "手动备份（不会自动删除）",
    "升级前备份": "旧版本留下的升级前备份",
    "恢复前备份": "旧版本留下的恢复前备份",
}
_LEGACY = re.compile(
    r"^(?P<stem>.+)\.(?P<reason>升级前备份|恢复前备份)(?:-(?P<rev>.+?))?-(?P<stamp>\d{8}-\d{6})\.(?:sqlite|db)$"
)


@dataclass(frozen=True)
class BackupEntry:
    path: Path
    when: datetime
    reason: str
    size: int
    legacy: bool = False  # an earlier version's copy beside the database

    @property
    def kept_forever(self) -> bool:
        return self.reason == MANUAL

    @property
    def description(self) -> str:
        return REASONS.get(self.reason, self.reason)


@dataclass(frozen=True)
class Retention:
    daily: int = 7
    weekly: int = 4
    monthly: int = 12

    def checked(self) -> Retention:
        for value, label in ((self.daily, "每日"), (self.weekly, "每周"), (self.monthly, "每月")):
            if not 0 <= value <= 365:
                raise ValidationError(field=f"保留{label}备份", detail="应在 0 至 365 份之间")
        if self.daily + self.weekly + self.monthly == 0:
            raise ValidationError(field="保留备份", detail="至少保留一份自动备份")
        return self


_KEYS = {"daily": "backup.keep_daily", "weekly": "backup.keep_weekly", "monthly": "backup.keep_monthly"}


def get_retention(readers: ReaderFactory) -> Retention:
    """The database's own setting, or 7/4/12. `readers`: sessions, or `Database.connect` (the
    automatic backups read it so, importing no ORM)."""
    with readers() as reader:
        wanted = select(app_settings.c.key, app_settings.c.value).where(app_settings.c.key.in_(_KEYS.values()))
        stored = dict(reader.execute(wanted).all())
    values = {}
    for name, key in _KEYS.items():
        try:
            values[name] = int(stored[key])
        except (KeyError, ValueError):
            pass
    return Retention(**values)


def retention_in_file(db_path: Path) -> Retention:
    """The rule stored in a database file, read without opening it as a Database (for listing the
    backups of a database that is damaged or open in the window); 7/4/12 when it cannot be read."""
    import sqlite3
    from contextlib import closing

    try:
        with closing(sqlite3.connect(f"{Path(db_path).resolve().as_uri()}?mode=ro", uri=True)) as conn:
            stored = dict(conn.execute("SELECT key, value FROM app_settings").fetchall())
    except sqlite3.Error:
        return Retention()
    values = {}
    for name, key in _KEYS.items():
        try:
            values[name] = int(stored[key])
        except (KeyError, ValueError):
            pass
    return Retention(**values)


def save_retention(factory: sessionmaker[Session], retention: Retention) -> Retention:
    retention = retention.checked()
    with factory.begin() as session:
        for name, key in _KEYS.items():
            value = str(getattr(retention, name))
            stmt = upsert(session, app_settings).values(key=key, value=value)
            session.execute(stmt.on_conflict_do_update(index_elements=["key"], set_={"value": value}))
    return retention


def _stamp(text: str) -> datetime | None:
    try:
        return datetime.strptime(text, "%Y%m%d-%H%M%S")
    except ValueError:
        return None


def list_backups(db_path: Path) -> list[BackupEntry]:
    """This database's backups, newest first: backups/ and the old copies beside the database."""
    db_path = Path(db_path).resolve()
    found: list[BackupEntry] = []
    folder = backups_dir(db_path)
    candidates: Iterable[Path] = folder.iterdir() if folder.is_dir() else ()
    for path in candidates:
        match = BACKUP_NAME.match(path.name)
        if match and match["stem"] == db_path.stem and path.is_file():
            when = _stamp(match["stamp"])
            if when is not None:
                found.append(BackupEntry(path, when, match["reason"], path.stat().st_size))
    for path in db_path.parent.glob(f"{db_path.stem}.*备份-*"):
        match = _LEGACY.match(path.name)
        if match and match["stem"] == db_path.stem and path.is_file():
            when = _stamp(match["stamp"])
            if when is not None:
                found.append(BackupEntry(path, when, match["reason"], path.stat().st_size, legacy=True))
    # Two backups within one second (an import right after the day's first): the file's own time decides.
    return sorted(found, key=lambda e: (e.when, _mtime(e.path)), reverse=True)


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def to_keep(entries: list[BackupEntry], retention: Retention, today: date) -> set[Path]:
    """The grandfather-father-son rule over `entries` (pure: the tests drive it with dates)."""
    ordered = sorted(entries, key=lambda e: e.when, reverse=True)
    keep = {e.path for e in ordered if e.kept_forever or e.when.date() >= today}
    automatic = [e for e in ordered if not e.kept_forever]
    if automatic:
        keep.add(automatic[0].path)  # the newest automatic backup, whatever its age
    for count, period in (
        (retention.daily, lambda d: d),
        (retention.weekly, lambda d: d.isocalendar()[:2]),
        (retention.monthly, lambda d: (d.year, d.month)),
    ):
        seen: list[object] = []
        for entry in automatic:
            key = period(entry.when.date())
            if key in seen:
                continue
            if len(seen) >= count:
                break
            seen.append(key)
            keep.add(entry.path)  # the newest of its day / week / month
    return keep


def prune(db_path: Path, retention: Retention, today: date | None = None) -> list[Path]:
    """Delete the backups the rule no longer keeps, and half-written ones over a day old."""
    entries = list_backups(db_path)
    keep = to_keep(entries, retention, today or date.today())
    removed = []
    for entry in entries:
        if entry.path not in keep:
            try:
                entry.path.unlink()
            except OSError:
                continue
            removed.append(entry.path)
    folder = backups_dir(db_path)
    if folder.is_dir():
        for stale in folder.glob("*.partial"):
            try:
                if time.time() - stale.stat().st_mtime > 86400:
                    stale.unlink()
            except OSError:
                pass
    return removed
