"""Writing an accepted import plan: what every register's import does around its own rows.

A register decides what one accepted row means to it: a new record, an update of one already
registered, nothing new, or a row skipped because the user chose to leave registered records alone.
The rest is the same for every register and lives here: one transaction, cancellation and
progress, the counts, the IMPORT audit entry, the summary line and the import history. A cancelled
or failed import writes none of it.

A register's import is a `prepare(session, on_duplicate)` returning a row writer, and one call to
`write_plan`. Rows saved through the register's own validated save (the dialog's `save_in_session`)
can use `StoredRecords`: match by a natural key, then create or merge.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, fields, replace
from functools import cache
from typing import Any, Generic, Literal, Protocol, TypedDict, TypeVar, Unpack

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from unionbook.domain.errors import OperationCancelled, ValidationError
from unionbook.domain.vocab import AuditAction
from unionbook.services import audit
from unionbook.services.importing import history as import_history
from unionbook.services.importing.engine import ImportPlan, ParsedRow

#: What writing one row did; the counts of the summary, the audit entry and the history.
Outcome = Literal["new", "updated", "unchanged", "skipped"]
OUTCOMES: tuple[Outcome, ...] = ("new", "updated", "unchanged", "skipped")
#: Writes one accepted row inside the import's transaction.
RowWriter = Callable[[ParsedRow], Outcome]

InputT = TypeVar("InputT")


class WriteOptions(TypedDict, total=False):
    """What the CLI and the wizard pass to every register's import (registers.Importer.run)."""

    #: A row already registered: "update" it with what the sheet fills in (the default), or "skip" it.
    on_duplicate: str
    progress: Callable[[int, int], None] | None  # (rows written, rows to write)
    cancelled: Callable[[], bool] | None  # True: roll everything back (OperationCancelled)


@dataclass(frozen=True)
class ImportSummary:
    new: int
    updated: int
    unchanged: int
    rejected: int
    skipped: int
    warnings: int
    unit: str = "人"  # 人 for people, 份 for contracts, 笔 for disbursements …
    #: The import's entry in the import history (importing/history.py).
    history_id: int | None = None

    def line(self) -> str:
        u = self.unit
        return (
            f"新增 {self.new} {u}，更新 {self.updated} {u}，未变 {self.unchanged} {u}，"
            f"拒绝 {self.rejected} 行，跳过 {self.skipped} 行，警告 {self.warnings} 条"
        )


def write_plan(
    factory: sessionmaker[Session],
    plan: ImportPlan,
    prepare: Callable[[Session, str], RowWriter],
    *,
    table: str,
    unit: str,
    outcomes: tuple[Outcome, ...] = OUTCOMES,
    progress_every: int = 1,
    locate_errors: bool = False,
    **options: Unpack[WriteOptions],
) -> ImportSummary:
    """Write the accepted rows of `plan` in one transaction (all or nothing) with the row writer
    `prepare(session, on_duplicate)` returns, then record the import (`table` names it in the
    audit trail, `unit` counts its records in the summary: 份, 场, 笔 …). `outcomes` are the counts
    the audit entry lists; progress is reported every `progress_every` rows.

    Rows were checked when the plan was made, but a row merged into a stored record can still
    clash with it: `locate_errors` puts the sheet and row in front of such a ValidationError's
    field ("工作表“合同”第5行：终止日期")."""
    progress, cancelled = options.get("progress"), options.get("cancelled")
    counts = dict.fromkeys(outcomes, 0)
    total = len(plan.accepted)
    with factory.begin() as session:
        write = prepare(session, options.get("on_duplicate", "update"))
        for done, row in enumerate(plan.accepted):
            if cancelled is not None and cancelled():
                raise OperationCancelled()
            if progress is not None and done % progress_every == 0:
                progress(done, total)
            try:
                counts[write(row)] += 1
            except ValidationError as exc:
                if not locate_errors:
                    raise
                where = f"工作表“{plan.sheet}”第{row.row}行：{exc.params['field']}"
                raise ValidationError(field=where, detail=exc.params["detail"]) from None
        session.flush()
        return record_import(session, plan, counts, table=table, unit=unit)


def record_import(session: Session, plan: ImportPlan, counts: dict[str, int], *, table: str, unit: str) -> ImportSummary:
    """The import's audit entry (file, sheet, `counts`, rejected rows) and its history entry, in the
    import's own transaction; returns the summary, with the history entry's id."""
    audit.record(session, AuditAction.IMPORT, table,
                 {"file": str(plan.path), "sheet": plan.sheet, **counts, "rejected": len(plan.rejected)})  # fmt: skip
    summary = ImportSummary(counts.get("new", 0), counts.get("updated", 0), counts.get("unchanged", 0),
                            len(plan.rejected), counts.get("skipped", 0), len(plan.warnings), unit=unit)  # fmt: skip
    return replace(summary, history_id=import_history.record(session, plan, summary))


def filled(values: dict[str, Any], input_type: type) -> dict[str, Any]:
    """The row's values for the input dataclass's fields that the sheet fills in: an empty cell is
    left out, so it never erases what is stored."""
    names = _field_names(input_type)
    return {k: v for k, v in values.items() if k in names and v is not None}


@cache
def _field_names(input_type: type) -> frozenset[str]:
    return frozenset(f.name for f in fields(input_type))


class Saved(Protocol):
    id: int


class Store(Protocol[InputT]):
    """What `StoredRecords.of` needs of a register (services/records.py's RecordStore has it)."""

    model: type
    input_type: type[InputT]

    def to_input(self, record: Any) -> InputT: ...

    def save_in_session(self, session: Session, data: InputT, record_id: int | None = None) -> Saved: ...


class StoredRecords(Generic[InputT]):
    """The records a register already holds, by a natural key (活动名称 and 开始日期, 合同名称 and
    签订日期 …), and a row's way into them through the register's own validated save: a new record,
    or the stored one with what the sheet fills in, exactly as if typed into the dialog.

    Called with a row it is a RowWriter; `write(changes)` is for registers that adjust the row's
    values first (a 续签自 title turned into the id of the contract renewed)."""

    def __init__(
        self,
        session: Session,
        on_duplicate: str,
        *,
        model: type,
        input_type: type[InputT],
        to_input: Callable[[Any], InputT],
        save: Callable[[Session, InputT, int | None], Saved],
        key: Callable[[InputT], Hashable],
    ) -> None:
        self.session = session
        self.skip_registered = on_duplicate == "skip"
        self.model = model
        self.input_type = input_type
        self.to_input = to_input
        self.save = save
        self.key = key
        #: key → record id, kept up to date as rows are written (a sheet may hold a record twice).
        self.ids: dict[Hashable, int] = {key(to_input(r)): r.id for r in session.scalars(select(model))}

    @classmethod
    def of(
        cls, session: Session, on_duplicate: str, store: Store[InputT], key: Callable[[InputT], Hashable]
    ) -> StoredRecords[InputT]:
        return cls(session, on_duplicate, model=store.model, input_type=store.input_type, to_input=store.to_input,
                   save=store.save_in_session, key=key)  # fmt: skip

    def __call__(self, row: ParsedRow) -> Outcome:
        return self.write(filled(row.values, self.input_type))[0]

    def write(self, changes: dict[str, Any]) -> tuple[Outcome, int | None]:
        """Save `changes` (input fields) as a new record or into the registered one with the same
        key; returns what happened and the record's id (None when skipped)."""
        data = self.input_type(**changes)
        key = self.key(data)
        current = self.ids.get(key)
        if current is not None and self.skip_registered:
            return "skipped", None
        if current is None:
            record_id = self.ids[key] = self.save(self.session, data, None).id
            return "new", record_id
        stored = self.to_input(self.session.get(self.model, current))
        merged = replace(stored, **changes)  # type: ignore[type-var]
        self.save(self.session, merged, current)
        return ("updated" if merged != stored else "unchanged"), current
