"""Exporting the contract register with the import's own headers, so export → import changes nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from unionbook.fileio.spreadsheet import write_rows
from unionbook.services.contracts import list_contracts
from unionbook.services.importing.contracts import CONTRACT_SPEC
from unionbook.services.member_export import ExportResult


def export_contracts(factory: sessionmaker[Session], target: Path) -> ExportResult:
    rows = list_contracts(factory)
    # Oldest first, so a renewal always comes after the contract it renews (re-import finds it).
    rows.sort(key=lambda r: (r.data.signed_on or r.data.effective_from or date.min, r.id))
    titles = {r.id: r.data.title for r in rows}
    header = [c.label for c in CONTRACT_SPEC.columns] + ["状态"]
    body = []
    for r in rows:
        values = {**r.data.__dict__, "renews_title": titles.get(r.data.renews_id)}
        body.append([values.get(c.key) for c in CONTRACT_SPEC.columns] + [r.status.value])
    write_rows(Path(target), [("集体合同台账", header, body)])
    return ExportResult(Path(target), len(body))
