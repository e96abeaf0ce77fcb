"""Files written out of the records, and restores, each recorded through one function: what was
exported, how many people or records, whether full ID numbers and phones were in it, and the
file's name (never its folder, which can name the user's account).
"""

from __future__ import annotations

import logging
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from unionbook.db.models import AuditEntry
from unionbook.domain.vocab import AuditAction
from unionbook.services.audit.trail import record

log = logging.getLogger(__name__)


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
    HONORS = "honors"  # 荣誉台账
    POSITIONS = "positions"  # 阵地台账
    CASES = "cases"  # 维权台账 (names masked unless asked)
    MUTUAL_AID = "mutual_aid"  # 互助保障参保名单
    DUES = "dues"  # 会费收缴台账 (a month or a year)
    FUNDS = "funds"  # 经费收支明细账 and 预算执行情况
    AUDIT = "audit"  # this trail itself
    COMPLIANCE = "compliance"  # a year's 合规检查表 (services/compliance.py)
    PACKAGE = "package"  # a year's 上报数据包 for the district (services/district/package_export.py)

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
    ExportKind.HONORS: ("honors", "荣誉台账", "项"),
    ExportKind.POSITIONS: ("positions", "阵地台账", "个"),
    ExportKind.CASES: ("rights_cases", "维权台账", "件"),
    ExportKind.MUTUAL_AID: ("mutual_aid_enrollments", "互助保障参保名单", "人次"),
    ExportKind.DUES: ("dues_months", "会费收缴台账", "人"),
    ExportKind.FUNDS: ("fund_entries", "经费收支明细账", "笔"),
    ExportKind.AUDIT: ("audit_log", "操作记录", "条"),
    ExportKind.COMPLIANCE: ("rule_breaches", "合规检查表", "条"),
    ExportKind.PACKAGE: ("members", "上报数据包", "人"),
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
