"""Exporting the small registers (contracts, activities, aid, honors, positions, rights cases,
mutual aid) with the import's own headers, so export → import changes nothing. Rows come oldest
first: a renewal then always follows the contract it renews, and re-importing finds it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from unionbook.fileio.spreadsheet import write_rows
from unionbook.domain.idnumber import mask_id_number
from unionbook.domain.money import fen_to_yuan
from unionbook.services import audit
from unionbook.services.activities import list_activities
from unionbook.services.aid import list_hardship_files, list_payments
from unionbook.services.contracts import list_contracts
from unionbook.services.honors import list_honors
from unionbook.services.mutual_aid import list_enrollments
from unionbook.services.positions import list_positions
from unionbook.services.rights_cases import list_cases
from unionbook.services.importing.activities import ACTIVITY_SPEC
from unionbook.services.importing.aid import AID_SPEC, HARDSHIP_SPEC
from unionbook.services.importing.contracts import CONTRACT_SPEC
from unionbook.services.importing.honors import HONOR_SPEC
from unionbook.services.importing.mutual_aid import MUTUAL_AID_SPEC
from unionbook.services.importing.positions import POSITION_SPEC
from unionbook.services.importing.rights_cases import CASE_SPEC
from unionbook.services.importing.spec import RegisterSpec
from unionbook.services.member_export import ExportResult


def _write(
    factory: sessionmaker[Session], kind: audit.ExportKind, target: Path, title: str, spec: RegisterSpec,
    records: list[dict[str, Any]], extra: list[str], *, full_ids: bool = False,
) -> ExportResult:
    """Write the sheet, then record the export in the audit trail."""
    header = [c.label for c in spec.columns] + extra
    body = [[r.get(c.key) for c in spec.columns] + [r.get(e) for e in extra] for r in records]
    write_rows(Path(target), [(title, header, body)])
    audit.record_export(factory, kind, len(body), full_ids, target)
    return ExportResult(Path(target), len(body))


def export_contracts(factory: sessionmaker[Session], target: Path) -> ExportResult:
    rows = sorted(list_contracts(factory), key=lambda r: (r.data.signed_on or r.data.effective_from or date.min, r.id))
    titles = {r.id: r.data.title for r in rows}
    records = [{**vars(r.data), "renews_title": titles.get(r.data.renews_id), "状态": r.status.value} for r in rows]
    return _write(factory, audit.ExportKind.CONTRACTS, target, "集体合同台账", CONTRACT_SPEC, records, ["状态"])


def export_activities(factory: sessionmaker[Session], target: Path) -> ExportResult:
    rows = sorted(list_activities(factory), key=lambda r: (r.data.start_date, r.id))
    records = []
    for r in rows:
        record = {**vars(r.data), "cost_fen": r.data.cost_fen / 100 if r.data.cost_fen else None}
        # The list's length is the 人次 when a list is kept; exported as the number it stands for.
        record["participants"] = r.participants or None
        records.append(record)
    return _write(factory, audit.ExportKind.ACTIVITIES, target, "活动台账", ACTIVITY_SPEC, records, [])


def export_aid(factory: sessionmaker[Session], target: Path, *, show_id: bool = False) -> ExportResult:
    """帮扶发放台账: every disbursement, oldest first; ID numbers masked unless asked."""
    rows = sorted(list_payments(factory), key=lambda p: (p.data.date, p.id))
    records = [
        {**vars(p.data), "name": p.member_name, "department": p.department,
         "id_number": p.id_number if show_id else mask_id_number(p.id_number),
         "amount_fen": fen_to_yuan(p.data.amount_fen), "goods_value_fen": fen_to_yuan(p.data.goods_value_fen) or None,
         "批次": p.batch_title, "已签收": "是" if p.data.signed else "否"}
        for p in rows
    ]  # fmt: skip
    return _write(factory, audit.ExportKind.AID, target, "帮扶发放台账", AID_SPEC, records, ["批次", "已签收"], full_ids=show_id)


def export_hardship(factory: sessionmaker[Session], target: Path) -> ExportResult:
    """困难职工档案 list, oldest first (matched back by name on re-import: no ID numbers here)."""
    rows = sorted(list_hardship_files(factory), key=lambda r: (r.data.opened_on, r.id))
    records = [
        {**vars(r.data), "name": r.member_name, "department": r.department, "causes": "、".join(r.data.causes),
         "income_per_capita_fen": fen_to_yuan(r.data.income_per_capita_fen) if r.data.income_per_capita_fen is not None else None,
         "状态": r.status}
        for r in rows
    ]  # fmt: skip
    return _write(factory, audit.ExportKind.HARDSHIP, target, "困难职工档案", HARDSHIP_SPEC, records, ["状态"])


def export_honors(factory: sessionmaker[Session], target: Path) -> ExportResult:
    """荣誉台账, oldest first; a person's honor names them (matched back by name on re-import)."""
    rows = sorted(list_honors(factory), key=lambda r: (r.data.awarded_on, r.id))
    records = [{**vars(r.data), "name": r.member_name or None, "department": r.department or None} for r in rows]
    return _write(factory, audit.ExportKind.HONORS, target, "荣誉台账", HONOR_SPEC, records, [])


def export_positions(factory: sessionmaker[Session], target: Path) -> ExportResult:
    rows = sorted(list_positions(factory), key=lambda r: (r.data.opened_on, r.id))
    records = [{**vars(r.data), "状态": r.status} for r in rows]
    return _write(factory, audit.ExportKind.POSITIONS, target, "阵地台账", POSITION_SPEC, records, ["状态"])


def export_cases(factory: sessionmaker[Session], target: Path, *, show_names: bool = False) -> ExportResult:
    """维权台账, oldest first; the people of private cases as "王*" unless `show_names`."""
    rows = sorted(list_cases(factory), key=lambda r: (r.data.opened_on, r.id))
    records = [{**vars(r.data), "person_name": r.shown_name(show_names) or None} for r in rows]
    return _write(factory, audit.ExportKind.CASES, target, "维权台账", CASE_SPEC, records, [], full_ids=show_names)


def export_mutual_aid(factory: sessionmaker[Session], target: Path, *, show_id: bool = False) -> ExportResult:
    """互助保障参保名单, by year then name; ID numbers masked unless asked."""
    rows = sorted(list_enrollments(factory), key=lambda r: (r.data.year, r.id))
    records = [
        {**vars(r.data), "name": r.member_name, "department": r.department or None,
         "id_number": r.id_number if show_id else mask_id_number(r.id_number),
         "contribution_fen": fen_to_yuan(r.data.contribution_fen)}
        for r in rows
    ]  # fmt: skip
    return _write(factory, audit.ExportKind.MUTUAL_AID, target, "互助保障参保名单", MUTUAL_AID_SPEC, records, [],
                  full_ids=show_id)  # fmt: skip
