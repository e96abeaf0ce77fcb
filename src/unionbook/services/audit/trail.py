"""Writing the trail: a session hook records every created, changed or deleted row in the same
transaction as the change; bulk work records one summary entry through `record()`.
"""

from __future__ import annotations

import getpass
import logging
import socket
import weakref
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, event, insert, inspect, select
from sqlalchemy.orm import Session, sessionmaker

from unionbook.db.models import AuditEntry
from unionbook.domain.vocab import AuditAction

log = logging.getLogger(__name__)

#: Bookkeeping columns whose changes say nothing to the person reading the trail.
_SKIPPED = frozenset({"created_at", "updated_at", "version"})


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _row_values(obj: Any) -> dict[str, Any]:
    """The column values the session holds for the row (unloaded or unset columns are left out)."""
    state = inspect(obj)
    return {
        key: _plain(state.dict[key])
        for key in state.mapper.columns.keys()  # noqa: SIM118 - ColumnCollection, not a dict
        if key not in _SKIPPED and key in state.dict
    }


def _changed_values(obj: Any) -> dict[str, list[Any]]:
    state = inspect(obj)
    changes: dict[str, list[Any]] = {}
    for key in state.mapper.columns.keys():  # noqa: SIM118
        if key in _SKIPPED:
            continue
        history = state.attrs[key].history
        if history.has_changes():
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if old != new:
                changes[key] = [_plain(old), _plain(new)]
    return changes


def person(engine: Engine | None) -> tuple[str, str]:
    """Who writes through this engine, and on which computer: the OS login name (on a PostgreSQL
    book the database user in its URL, the name the office gave that person) and the machine's
    name. Either is "" when the system will not tell (no login name in a service account)."""
    who = ""
    if engine is not None and engine.dialect.name != "sqlite":
        who = engine.url.username or ""
    if not who:
        try:
            who = getpass.getuser()
        except (OSError, KeyError, ImportError):  # no USER variable and no passwd entry
            who = ""
    return who[:100], socket.gethostname()[:100]


def _row_id(key: Any) -> int | None:
    """The record's id for row_id (an integer column): a text key (app_settings') is in the
    entry's changes instead — PostgreSQL, unlike SQLite, keeps text out of an integer column."""
    return key if isinstance(key, int) else None


def _entry(action: AuditAction, obj: Any, changes: dict, session: Session, now: datetime) -> dict[str, Any]:
    return {
        "at": now,
        "action": action.value,
        "table_name": obj.__table__.name,
        # identity is assigned only after the flush finishes; the primary key value is there now.
        "row_id": _row_id(inspect(obj).mapper.primary_key_from_instance(obj)[0]),
        "changes": changes,
        **audit_stamp(session),
    }


def audit_stamp(session: Session, source: str | None = None) -> dict[str, str | None]:
    """An entry's source (the session's unless given: "import:<file>") and person, as
    install_audit put them in the session's info."""
    info = session.info
    return {"source": source or str(info.get("source", "app")), "who": info.get("who"), "computer": info.get("computer")}


def _after_flush(session: Session, _flush_context: Any) -> None:
    now = datetime.now()
    rows = []
    for obj in session.new:
        if not isinstance(obj, AuditEntry):
            rows.append(_entry(AuditAction.CREATE, obj, _row_values(obj), session, now))
    for obj in session.dirty:
        if isinstance(obj, AuditEntry) or not session.is_modified(obj, include_collections=False):
            continue
        changes = _changed_values(obj)
        if changes:
            rows.append(_entry(AuditAction.UPDATE, obj, changes, session, now))
    for obj in session.deleted:
        if not isinstance(obj, AuditEntry):
            rows.append(_entry(AuditAction.DELETE, obj, _row_values(obj), session, now))
    if rows:
        session.connection().execute(insert(AuditEntry), rows)


#: The session factories whose sessions are audited and version-checked already. Not asked of
#: `event.contains(factory, …)`: SQLAlchemy's event registry keys a sessionmaker's listeners by its
#: id() and keeps that key after the factory is gone (the listeners live on the class-level
#: dispatch every Session shares). A book opened after another was closed in the same process —
#: the next test, a book reopened after a restore — could get its factory at the freed address,
#: be told "installed already" and write with no audit trail and no version check: a stale form's
#: save then went through over someone else's (issue 19). A weak set forgets a factory with it.
_audited: weakref.WeakSet[sessionmaker[Session]] = weakref.WeakSet()


def install_audit(factory: sessionmaker[Session]) -> None:
    """Attach the audit hook and the edit-version check (audit/conflicts.py) to every
    session the factory makes, and name in their info the person and computer entries record."""
    from unionbook.services.audit.conflicts import install_version_check

    who, computer = person(factory.kw.get("bind"))
    info = factory.kw.setdefault("info", {})
    info.setdefault("who", who)
    info.setdefault("computer", computer)
    if factory in _audited:
        return
    _audited.add(factory)
    event.listen(factory, "after_flush", _after_flush)
    install_version_check(factory)


def record(session: Session, action: AuditAction, table_name: str, changes: dict, row_id: int | None = None) -> None:
    """One summary entry for bulk work that bypasses the ORM (an import batch, the demo union)."""
    session.execute(
        insert(AuditEntry),
        [
            {
                "at": datetime.now(),
                "action": action.value,
                "table_name": table_name,
                "row_id": row_id,
                "changes": {k: _plain(v) for k, v in changes.items()},
                **audit_stamp(session),
            }
        ],
    )


def history(session: Session, table_name: str, row_id: int) -> list[AuditEntry]:
    """The trail of one row, oldest first."""
    return list(
        session.scalars(
            select(AuditEntry)
            .where(AuditEntry.table_name == table_name, AuditEntry.row_id == row_id)
            .order_by(AuditEntry.id)
        )
    )
