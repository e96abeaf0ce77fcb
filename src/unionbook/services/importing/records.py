"""Importing the small registers (荣誉, 阵地, 维权, 互助保障): the planning and the writing they share.

Each register says its column spec, its row rules and how a row is recognised as already registered
(`key`); the rest is the same for all four, as for the other registers:
- every row is checked when the file is read (the plan), against the service's own validation, so
  the wizard's preview and the command line name the bad rows by sheet, row and column;
- the accepted rows are written in ONE transaction through the same audited save as the dialog
  (services/records.py): all or nothing, and a row already registered is updated (or skipped)
  — so importing the same file twice changes nothing;
- the import is recorded in the audit trail and the import history.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Generic, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from unionbook.domain.cells import DatePrecision
from unionbook.domain.errors import OperationCancelled, ValidationError
from unionbook.domain.vocab import AuditAction
from unionbook.services import audit
from unionbook.services.importing import history as import_history
from unionbook.services.importing.engine import ImportPlan, ParsedRow, Problem, RowContext, plan_import
from unionbook.services.importing.matching import MemberMatcher
from unionbook.services.importing.members import ImportSummary
from unionbook.services.importing.spec import RegisterSpec
from unionbook.services.records import RecordStore

InputT = TypeVar("InputT")
#: Row rules that may consult the database through `session`, and the roster through the matcher
#: (None for a register whose rows name no people).
SessionRules = Callable[[Session, MemberMatcher | None, ParsedRow, RowContext], list[Problem]]


@dataclass(frozen=True)
class RecordImporter(Generic[InputT]):
    """One small register's import: its columns and row rules, its records, how a record already
    registered is recognised (`key`), and what the audit trail and the summary call it."""

    spec: RegisterSpec
    rules: SessionRules
    store: RecordStore[InputT]
    key: Callable[[InputT], Hashable]
    table: str
    unit: str
    #: The rows name people, matched on the roster (never created).
    people: bool = False

    def plan(self, path: Path, factory: sessionmaker[Session], **kwargs: Any) -> ImportPlan:
        """Read and check a sheet; the rules run inside one read-only session (nothing is written)."""
        with factory() as session:
            matcher = MemberMatcher(session) if self.people else None
            return plan_import(path, self.spec, lambda row, ctx: self.rules(session, matcher, row, ctx), **kwargs)

    def run(self, factory: sessionmaker[Session], plan: ImportPlan, **kwargs: Any) -> ImportSummary:
        return import_records(factory, plan, store=self.store, key=self.key, table=self.table, unit=self.unit, **kwargs)


def checked(session: Session, store: RecordStore[Any], row: ParsedRow, data: Any) -> list[Problem]:
    """The service's own validation of the row's record: its verdict as the row's rejection (the
    field it names as the column), its warnings as the row's warnings."""
    try:
        _data, warnings = store.validate(session, data)
    except ValidationError as exc:
        return [Problem(row.row, str(exc.params.get("field", "")) or None, str(exc.params.get("detail", exc.message())))]
    row.warnings.extend(Problem(row.row, None, w) for w in warnings)
    return []


def year_only_warning(row: ParsedRow, ctx: RowContext, key: str) -> None:
    """A date the sheet gave only as a year or a month is counted from its first day: say so."""
    precision = row.precision.get(key)
    if precision in (DatePrecision.YEAR, DatePrecision.MONTH):
        value = row.values[key]
        said = f"{value.year}年" if precision is DatePrecision.YEAR else f"{value.year}年{value.month}月"
        row.warnings.append(Problem(row.row, ctx.header_for(key), f"只写了{said}，按 {value} 计"))


def import_records(
    factory: sessionmaker[Session],
    plan: ImportPlan,
    *,
    store: RecordStore[InputT],
    key: Callable[[InputT], Hashable],
    table: str,
    unit: str,
    on_duplicate: str = "update",
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportSummary:
    """Write the accepted rows in one transaction. A row whose `key` is registered already updates
    that record with what the sheet fills in (empty cells never erase), or is skipped."""
    counts = {"new": 0, "updated": 0, "unchanged": 0, "skipped": 0}
    with factory.begin() as session:
        existing = {key(store.to_input(r)): r.id for r in session.scalars(select(store.model))}
        for done, row in enumerate(plan.accepted):
            if cancelled is not None and cancelled():
                raise OperationCancelled()
            if progress is not None and done % 200 == 0:
                progress(done, len(plan.accepted))
            changes = {k: v for k, v in row.values.items() if k in store.fields and v is not None}
            data = store.input_type(**changes)
            current = existing.get(key(data))
            if current is not None and on_duplicate == "skip":
                counts["skipped"] += 1
                continue
            try:
                if current is None:
                    existing[key(data)] = store.save_in_session(session, data).id
                    counts["new"] += 1
                    continue
                stored = store.to_input(store.get(session, current))
                merged = replace(stored, **changes)  # type: ignore[type-var]
                store.save_in_session(session, merged, current)
                counts["updated" if merged != stored else "unchanged"] += 1
            except ValidationError as exc:  # checked at plan time; a clash with stored data is possible
                where = f"工作表“{plan.sheet}”第{row.row}行：{exc.params.get('field', '')}"
                raise ValidationError(field=where, detail=exc.params.get("detail", exc.message())) from None
        summary = ImportSummary(counts["new"], counts["updated"], counts["unchanged"], len(plan.rejected),
                                counts["skipped"], len(plan.warnings), unit=unit)  # fmt: skip
        audit.record(session, AuditAction.IMPORT, table,
                     {"file": str(plan.path), "sheet": plan.sheet, **counts, "rejected": len(plan.rejected)})  # fmt: skip
        return replace(summary, history_id=import_history.record(session, plan, summary))
