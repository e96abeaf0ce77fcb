"""Two people editing one record: the second save is refused and told who changed what.

Every register row a person edits carries a `version` (db/models/_types.Versioned) that SQLAlchemy
checks in each UPDATE and DELETE. What a form showed is older than what its save loads, though: a
dialog opened at 14:00 and saved at 14:05 reads the row again at 14:05. So a form remembers the
version it opened (`Tracked`, from `current_version`) and saves inside `expecting(...)`; before
the save's flush writes a tracked row, `_check_versions` reads the row's version as stored now
(`SELECT … FOR UPDATE` on PostgreSQL, so a save running at the same moment waits for the other to
commit and then sees its version) and refuses with a StaleRecordError naming, from the audit
trail's latest entry for that row, who saved it (person and computer), when, and which fields:

    该记录已于 14:02 被 张三（财务室电脑）修改：手机号码、所在部门。请重新打开后再改。

The refusal is raised inside the save's transaction, so nothing of the save is written; the row
stays as the other person saved it. Without `expecting` the same check compares with the version
the save itself loaded, which on PostgreSQL catches a commit between that read and the write.

SQLite has one writer at a time (and the window's file lock keeps a second window off a book), so
two saves at the same moment meet there as "database is locked" for the later one; `expecting`
recognises that case by reading the tracked versions again and says the same sentence.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, event, false, inspect, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from unionbook.db.base import Base
from unionbook.db.models import AuditEntry
from unionbook.db.models._types import Versioned
from unionbook.domain.errors import NotFoundError, StaleRecordError
from unionbook.domain.vocab import AuditAction
from unionbook.services.audit.labels import field_label

#: Fields a person never typed: left out of "which fields" (their change follows from another).
_UNTYPED = frozenset({"id", "version", "created_at", "updated_at", "name_pinyin", "name_initials"})


@dataclass(frozen=True)
class Tracked:
    """A record as a form opened it: its table, id and the version it showed."""

    table: str
    row_id: int
    version: int


#: (table, id) → the version the form showed, for the saves inside `expecting`.
_expected: ContextVar[dict[tuple[str, int], int] | None] = ContextVar("unionbook_expected_versions", default=None)


def current_version(factory: sessionmaker[Session], table: str, row_id: int) -> Tracked | None:
    """The record's version as stored now (call it when a form opens the record); None when the
    record is gone or its table keeps no version."""
    columns = Base.metadata.tables[table].c
    if "version" not in columns:
        return None
    with factory() as session:
        version = session.scalar(select(columns.version).where(columns.id == row_id))
    return None if version is None else Tracked(table, row_id, version)


@contextmanager
def expecting(factory: sessionmaker[Session], tracked: Iterable[Tracked | None]) -> Iterator[None]:
    """Run a save that must find the `tracked` records at the versions the form showed.

    A record changed or deleted since is a StaleRecordError (see the module docstring); inside,
    the save is the caller's own code, its transaction included."""
    records = [t for t in tracked if t is not None]
    token = _expected.set({(t.table, t.row_id): t.version for t in records})
    try:
        yield
    except (OperationalError, StaleDataError, NotFoundError) as exc:
        if isinstance(exc, OperationalError) and "locked" not in str(exc.orig).lower():
            raise
        stale = stale_error(factory, records, after_lock=isinstance(exc, OperationalError))
        if stale is None:
            raise
        raise stale from exc
    finally:
        _expected.reset(token)


def stale_error(
    factory: sessionmaker[Session], tracked: Iterable[Tracked], *, after_lock: bool = False
) -> StaleRecordError | None:
    """The refusal for the first tracked record no longer at its version, or None if all still are.

    `after_lock`: the save met SQLite's "database is locked", which a transaction that has read
    gets at once, while the other save may still be writing. A write that changes nothing waits
    (busy timeout) for that save to finish, so the versions read after it are the final ones."""
    with factory() as session:
        if after_lock:
            session.execute(delete(AuditEntry).where(false()))
        for record in tracked:
            columns = Base.metadata.tables[record.table].c
            now = session.scalar(select(columns.version).where(columns.id == record.row_id))
            if now != record.version:
                return stale_record(session, record.table, record.row_id)
    return None


#: What the refused person does next (a form already showing the stored record says its own).
REOPEN = "请重新打开后再改。"


def stale_record(session: Session, table: str, row_id: int) -> StaleRecordError:
    """The refusal of a save of the row: what happened to it, and to open it again (unless deleted)."""
    detail = describe_change(session, table, row_id)
    return StaleRecordError(detail=detail, advice="" if detail.endswith("删除，无法保存。") else REOPEN)


def describe_change(session: Session, table: str, row_id: int) -> str:
    """Who last changed the row, when, and which fields — from the audit trail's latest entry."""
    entry = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.table_name == table, AuditEntry.row_id == row_id)
        .order_by(AuditEntry.id.desc())
        .limit(1)
    ).first()
    if entry is None:  # changed by bulk work that left one summary entry (an import)
        return "该记录已被其他人修改。"
    when = entry.at.strftime("%H:%M") if entry.at.date() == date.today() else entry.at.strftime("%Y-%m-%d %H:%M")
    by = _person(entry)
    by += "" if by.endswith("）") else " "  # 被 张三（财务室电脑）修改 / 被 他人 修改
    if entry.action == AuditAction.DELETE.value:
        return f"该记录已于 {when} 被 {by}删除，无法保存。"
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    names = "、".join(dict.fromkeys(field_label(table, key) for key in changes if key not in _UNTYPED))
    return f"该记录已于 {when} 被 {by}修改" + (f"：{names}" if names else "") + "。"


def _person(entry: AuditEntry) -> str:
    """张三（财务室电脑）; an entry older than the person columns names where it came from."""
    if entry.who or entry.computer:
        return (entry.who or "他人") + (f"（{entry.computer}）" if entry.computer else "")
    if entry.source.startswith("import:"):
        return f"导入文件“{entry.source[len('import:'):]}”"
    return "他人"


# --- the check in every flush --------------------------------------------------------------------


def _check_versions(session: Session, _context: Any, _instances: Any) -> None:
    """Refuse the flush if a row it updates or deletes is no longer at the version expected: the
    form's (inside `expecting`) or else the one this session loaded."""
    expected = _expected.get() or {}
    # A tracked record counts even when only its lines change (a hardship file's family members).
    candidates = {id(o): o for o in (*session.dirty, *session.deleted, *(session.identity_map.values() if expected else ()))}
    wanted: dict[str, dict[int, tuple[int, Any]]] = {}
    for obj in candidates.values():
        state = inspect(obj)
        if not isinstance(obj, Versioned) or state.identity is None:
            continue
        key = (obj.__table__.name, state.identity[0])
        tracked = key in expected
        changed = obj in session.deleted or session.is_modified(obj, include_collections=False)
        if not changed and session.is_modified(obj) and hasattr(obj, "updated_at"):
            # Only its lines change (a hardship file's family list): the record still moves to a
            # new version, so a form opened before this save cannot put the old lines back.
            obj.updated_at = datetime.now()
            changed = True
        if not tracked and not changed:
            continue
        # A tracked record is checked once: after its first write the session holds its new version.
        version = expected.pop(key) if tracked else state.committed_state.get("version", obj.version)
        wanted.setdefault(obj.__table__.name, {})[key[1]] = (version, obj)
    for table_name, rows in wanted.items():
        columns = Base.metadata.tables[table_name].c
        stored = dict(
            session.execute(
                select(columns.id, columns.version).where(columns.id.in_(list(rows))).with_for_update()
            ).all()
        )
        for row_id, (version, _obj) in sorted(rows.items()):
            if stored.get(row_id) != version:
                raise stale_record(session, table_name, row_id)


def install_version_check(factory: sessionmaker[Session]) -> None:
    """Check the versions before every flush of the factory's sessions. Called once per factory
    by install_audit, which remembers the factories it armed (never `event.contains`: see there)."""
    event.listen(factory, "before_flush", _check_versions)
