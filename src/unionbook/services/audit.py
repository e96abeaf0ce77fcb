"""The audit trail, written by a session hook so that no service can forget it.

After every flush, each created, changed or deleted row (other than audit rows themselves) gets an
AuditEntry inserted on the same connection, inside the same transaction: if the change rolls back,
so does its audit entry. Bulk work that bypasses the ORM (imports, demo generation) records one
summary entry through `record()`.

Files written out of the records are recorded through ONE function, `record_export()`: what was
exported, how many people or records, whether full ID numbers and phones were in it, and the file's
name (never its folder, which can name the user's account). A restore is recorded by
`record_restore()` into the restored database, so the entry survives the restore.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import event, func, insert, inspect, select
from sqlalchemy.orm import Session, sessionmaker

from unionbook.db.models import AuditEntry
from unionbook.domain.vocab import AuditAction

log = logging.getLogger(__name__)

#: Bookkeeping columns whose changes say nothing to the person reading the trail.
_SKIPPED = frozenset({"created_at", "updated_at"})


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


def _entry(action: AuditAction, obj: Any, changes: dict, source: str, now: datetime) -> dict[str, Any]:
    return {
        "at": now,
        "action": action.value,
        "table_name": obj.__tablename__,
        # identity is assigned only after the flush finishes; the primary key value is there now.
        "row_id": inspect(obj).mapper.primary_key_from_instance(obj)[0],
        "changes": changes,
        "source": source,
    }


def _after_flush(session: Session, _flush_context: Any) -> None:
    source = str(session.info.get("source", "app"))
    now = datetime.now()
    rows = []
    for obj in session.new:
        if not isinstance(obj, AuditEntry):
            rows.append(_entry(AuditAction.CREATE, obj, _row_values(obj), source, now))
    for obj in session.dirty:
        if isinstance(obj, AuditEntry) or not session.is_modified(obj, include_collections=False):
            continue
        changes = _changed_values(obj)
        if changes:
            rows.append(_entry(AuditAction.UPDATE, obj, changes, source, now))
    for obj in session.deleted:
        if not isinstance(obj, AuditEntry):
            rows.append(_entry(AuditAction.DELETE, obj, _row_values(obj), source, now))
    if rows:
        session.connection().execute(insert(AuditEntry), rows)


def install_audit(factory: sessionmaker[Session]) -> None:
    """Attach the audit hook to every session the factory makes."""
    if not event.contains(factory, "after_flush", _after_flush):
        event.listen(factory, "after_flush", _after_flush)


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
                "source": str(session.info.get("source", "app")),
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


# --- exports and restores ----------------------------------------------------------------------


class ExportKind(StrEnum):
    """Every kind of file written out of the records. The value is stored in the entry ("kind")."""

    MEMBERS = "members"  # 花名册
    MEMBERS_LAYOUT = "members_layout"  # the roster in an upper union's collection sheet (--layout)
    CONTRACTS = "contracts"
    ACTIVITIES = "activities"
    AID = "aid"  # 帮扶发放台账
    HARDSHIP = "hardship"  # 困难职工档案 list
    HARDSHIP_FORM = "hardship_form"  # one 建档申请表
    SIGNOFF = "signoff"  # a batch's 签收表
    DOCUMENT = "document"  # a report or document filled from a template
    AUDIT = "audit"  # this trail itself

    @property
    def table_name(self) -> str:
        return _EXPORT_TABLES[self][0]

    @property
    def label(self) -> str:
        return _EXPORT_TABLES[self][1]

    @property
    def unit(self) -> str:
        return _EXPORT_TABLES[self][2]


#: kind → (the table it reads, what a chair calls the file, the unit of its count).
_EXPORT_TABLES: dict[ExportKind, tuple[str, str, str]] = {
    ExportKind.MEMBERS: ("members", "会员花名册", "人"),
    ExportKind.MEMBERS_LAYOUT: ("members", "上级采集表（会员）", "人"),
    ExportKind.CONTRACTS: ("collective_contracts", "集体合同台账", "份"),
    ExportKind.ACTIVITIES: ("activities", "活动台账", "场"),
    ExportKind.AID: ("aid_payments", "帮扶发放台账", "笔"),
    ExportKind.HARDSHIP: ("hardship_files", "困难职工档案", "户"),
    ExportKind.HARDSHIP_FORM: ("hardship_files", "困难职工建档申请表", "人"),
    ExportKind.SIGNOFF: ("aid_batches", "发放签收表", "人"),
    ExportKind.DOCUMENT: ("documents", "文档", "条"),
    ExportKind.AUDIT: ("audit_log", "操作记录", "条"),
}


def record_export(
    factory_or_session: sessionmaker[Session] | Session,
    kind: ExportKind | str,
    count: int | None,
    full_ids: bool,
    target: Path | str,
    *,
    row_id: int | None = None,
    **details: Any,
) -> None:
    """Record one file written out of the records; call it once the file is complete.

    `count` is how many people (or records, for the registers without people) the file holds;
    `full_ids` whether full ID numbers or phones are in it; `target` the file (only its name is
    kept). `details` add what else identifies the export (a template, a period, a batch's title).
    Given a session, the entry joins the caller's transaction; given a factory, it is committed now.

    An export that cannot be recorded is not kept: the file is removed and the error raised, so
    every exported file a chair finds was written into the trail.
    """
    kind = ExportKind(kind)
    changes: dict[str, Any] = {
        "kind": kind.value,
        "what": kind.label,
        "count": count,
        "unit": kind.unit,
        "full_ids": bool(full_ids),
        "file": Path(target).name,
        **details,
    }
    try:
        if isinstance(factory_or_session, Session):
            record(factory_or_session, AuditAction.EXPORT, kind.table_name, changes, row_id=row_id)
        else:
            with factory_or_session.begin() as session:
                record(session, AuditAction.EXPORT, kind.table_name, changes, row_id=row_id)
    except Exception:
        log.exception("could not record the export of %s; the file is removed", kind.value)
        Path(target).unlink(missing_ok=True)
        raise


def record_restore(session: Session, source: Path, safety_copy: Path | None = None) -> None:
    """Record a restore in the restored database (call it in a session on that database).

    Kept: the backup file's name and date (its modification time), the time of the latest change
    the backup itself had recorded (what the data is as of), and the safety copy's name.
    """
    source = Path(source)
    try:
        backup_date = datetime.fromtimestamp(source.stat().st_mtime).isoformat(timespec="seconds")
    except OSError:
        backup_date = None
    data_as_of = session.scalar(select(func.max(AuditEntry.at)))
    changes: dict[str, Any] = {
        "file": source.name,
        "backup_date": backup_date,
        "data_as_of": data_as_of.isoformat(timespec="seconds") if data_as_of else None,
    }
    if safety_copy is not None:
        changes["safety_copy"] = Path(safety_copy).name
    record(session, AuditAction.RESTORE, "database", changes)
