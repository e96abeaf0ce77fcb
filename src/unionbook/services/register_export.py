"""Exporting the small registers (contracts, activities) with the import's own headers, so
export → import changes nothing. Rows come oldest first: a renewal then always follows the
contract it renews, and re-importing finds it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from unionbook.fileio.spreadsheet import write_rows
from unionbook.services.activities import list_activities
from unionbook.services.contracts import list_contracts
from unionbook.services.importing.activities import ACTIVITY_SPEC
from unionbook.services.importing.contracts import CONTRACT_SPEC
from unionbook.services.importing.spec import RegisterSpec
from unionbook.services.member_export import ExportResult


def _write(target: Path, title: str, spec: RegisterSpec, records: list[dict[str, Any]], extra: list[str]) -> ExportResult:
    header = [c.label for c in spec.columns] + extra
    body = [[r.get(c.key) for c in spec.columns] + [r.get(e) for e in extra] for r in records]
    write_rows(Path(target), [(title, header, body)])
    return ExportResult(Path(target), len(body))


def export_contracts(factory: sessionmaker[Session], target: Path) -> ExportResult:
    rows = sorted(list_contracts(factory), key=lambda r: (r.data.signed_on or r.data.effective_from or date.min, r.id))
    titles = {r.id: r.data.title for r in rows}
    records = [{**vars(r.data), "renews_title": titles.get(r.data.renews_id), "状态": r.status.value} for r in rows]
    return _write(target, "集体合同台账", CONTRACT_SPEC, records, ["状态"])


def export_activities(factory: sessionmaker[Session], target: Path) -> ExportResult:
    rows = sorted(list_activities(factory), key=lambda r: (r.data.start_date, r.id))
    records = []
    for r in rows:
        record = {**vars(r.data), "cost_fen": r.data.cost_fen / 100 if r.data.cost_fen else None}
        # The list's length is the 人次 when a list is kept; exported as the number it stands for.
        record["participants"] = r.participants or None
        records.append(record)
    return _write(target, "活动台账", ACTIVITY_SPEC, records, [])
