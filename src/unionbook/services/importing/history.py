"""The import history (导入记录): what each import did, kept after the wizard or the command ends.

Every importer calls `record()` inside its own transaction, just before it commits, so the entry
and the data it describes are written together or not at all. A failed or cancelled import records
nothing: the database is exactly as before (DESIGN.md: exit 2 means nothing written), the wizard
or the command line has already said why, and writing a "failed" entry would need a second
transaction on a database that may be the very thing that failed (disk full, read-only, locked).

Messages are stored as the import reported them (sheet, row, column, text), with any ID or phone
number masked, and only the file's name, not its folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session, sessionmaker

from unionbook.db.models import ImportProblem, ImportRecord
from unionbook.domain.cells import clean_text
from unionbook.domain.errors import NotFoundError
from unionbook.services.importing.engine import ImportPlan, mask_long_numbers


class Counts(Protocol):
    """What an import counted (members.ImportSummary; named here so this module needs no register)."""

    new: int
    updated: int
    unchanged: int
    skipped: int
    rejected: int
    warnings: int
    unit: str


WARNING = "warning"
REJECTION = "rejection"
KIND_LABELS = {WARNING: "警告", REJECTION: "拒绝"}


@dataclass(frozen=True)
class ImportEntry:
    """One import, as the history lists it."""

    id: int
    at: datetime
    register: str  # 会员, 集体合同 …
    file_name: str
    sheet: str
    unit: str
    added: int
    updated: int
    unchanged: int
    skipped: int
    rejected: int
    warnings: int
    source: str

    def counts_text(self) -> str:
        u = self.unit
        return (
            f"新增 {self.added} {u}，更新 {self.updated} {u}，未变 {self.unchanged} {u}，"
            f"跳过 {self.skipped} 行，拒绝 {self.rejected} 行，警告 {self.warnings} 条"
        )


@dataclass(frozen=True)
class ImportMessage:
    """One warning or rejection reason of an import."""

    kind: str  # WARNING or REJECTION
    sheet: str
    row: int
    column: str | None
    message: str
    label: str | None = None  # the row's 姓名 (or 合同名称, 活动名称)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    def text(self) -> str:
        where = f"工作表“{self.sheet}”第{self.row}行"
        if self.label:
            where += f"（{self.label}）"
        if self.column:
            where += f"“{self.column}”列"
        return f"{where}：{self.message}"


def record(session: Session, plan: ImportPlan, summary: Counts, *, register: str | None = None) -> int:
    """Add the entry for an import about to commit in `session`; returns its id.

    Core inserts, not ORM objects: the session's audit hook would otherwise log the history row
    itself as a change to the records (the import's own audit entry already says what it did).
    """
    entry = {
        "at": datetime.now().replace(microsecond=0),
        "register": register or plan.spec.name,
        "file_name": plan.path.name,
        "sheet": plan.sheet,
        "unit": summary.unit,
        "added": summary.new,
        "updated": summary.updated,
        "unchanged": summary.unchanged,
        "skipped": summary.skipped,
        "rejected": summary.rejected,
        "warnings": summary.warnings,
        "source": str(session.info.get("source", "")),
    }
    record_id = session.execute(insert(ImportRecord.__table__).values(entry)).inserted_primary_key[0]
    labels = _row_labels(plan)
    problems = [(REJECTION, problem) for rejected in plan.rejected for problem in rejected.problems] + [
        (WARNING, problem) for problem in plan.warnings
    ]
    if problems:
        session.execute(
            insert(ImportProblem.__table__),
            [
                {
                    "record_id": record_id,
                    "kind": kind,
                    "sheet": plan.sheet,
                    "row_number": problem.row,
                    "column_name": problem.column,
                    # Problem masks its own messages; masked again in case one was built otherwise.
                    "message": mask_long_numbers(problem.message),
                    "label": labels.get(problem.row),
                }
                for kind, problem in problems
            ],
        )
    return int(record_id)


def _row_labels(plan: ImportPlan) -> dict[int, str]:
    """{sheet row: its name} for the rows with a problem: the value of the register's naming column
    (姓名, 合同名称, 活动名称: the first of its anchor columns), as checked or, for a rejected row,
    as the cell said it."""
    key = next((c.key for c in plan.spec.columns if c.key in plan.spec.anchor_keys), None)
    if key is None:
        return {}
    labels: dict[int, str] = {}
    for row in plan.accepted:
        if row.warnings and row.values.get(key):
            labels[row.row] = str(row.values[key])[:200]
    index = next((i for i, k in plan.mapping.columns.items() if k == key), None)
    if index is not None:
        for rejected in plan.rejected:
            text = clean_text(rejected.raw[index]) if index < len(rejected.raw) else ""
            if text:
                labels[rejected.row] = mask_long_numbers(text)[:200]
    return labels


def _entry(row: ImportRecord) -> ImportEntry:
    return ImportEntry(
        id=row.id, at=row.at, register=row.register, file_name=row.file_name, sheet=row.sheet, unit=row.unit,
        added=row.added, updated=row.updated, unchanged=row.unchanged, skipped=row.skipped,
        rejected=row.rejected, warnings=row.warnings, source=row.source,
    )  # fmt: skip


def list_imports(factory: sessionmaker[Session], limit: int | None = None) -> list[ImportEntry]:
    """The history, newest first."""
    with factory() as session:
        query = select(ImportRecord).order_by(ImportRecord.at.desc(), ImportRecord.id.desc())
        if limit is not None:
            query = query.limit(limit)
        return [_entry(row) for row in session.scalars(query)]


def get_import(factory: sessionmaker[Session], record_id: int) -> ImportEntry:
    with factory() as session:
        row = session.get(ImportRecord, record_id)
        if row is None:
            raise NotFoundError(what="导入记录", key=str(record_id))
        return _entry(row)


def import_messages(factory: sessionmaker[Session], record_id: int, *, limit: int | None = None) -> list[ImportMessage]:
    """An import's rejection reasons, then its warnings, each in sheet-row order."""
    with factory() as session:
        query = (
            select(ImportProblem)
            .where(ImportProblem.record_id == record_id)
            .order_by((ImportProblem.kind == WARNING), ImportProblem.row_number, ImportProblem.id)
        )
        if limit is not None:
            query = query.limit(limit)
        return [
            ImportMessage(p.kind, p.sheet, p.row_number, p.column_name, p.message, p.label)
            for p in session.scalars(query)
        ]


def message_count(factory: sessionmaker[Session], record_id: int) -> int:
    with factory() as session:
        query = select(func.count()).select_from(ImportProblem).where(ImportProblem.record_id == record_id)
        return session.scalar(query) or 0
