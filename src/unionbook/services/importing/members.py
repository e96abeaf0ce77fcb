"""Importing a roster (花名册) into the member register.

The column spec lists the headers real rosters use (the provincial collection sheet, WPS exports,
home-made lists). The row rules (member_rules.py) check ID numbers the GB 11643 way, catch numbers
Excel has already mangled, and find duplicates inside the file. `import_members` writes an
accepted plan in ONE transaction: new people are bulk-inserted, existing ones (matched by ID
number, else by name + birth date) updated or skipped, so importing the same file twice changes
nothing the second time.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Unpack

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from unionbook.db.models import AuditEntry, EmploymentEvent, Member, MembershipEvent
from unionbook.db.models._types import bumped_version
from unionbook.domain.cells import (
    clean_name,
)
from unionbook.domain.errors import OperationCancelled
from unionbook.domain.pinyin import name_keys
from unionbook.domain.vocab import (
    AuditAction,
    Education,
    EmploymentStatus,
    Gender,
    HukouType,
    IdType,
    MembershipEventKind,
    PoliticalStatus,
)
from unionbook.services import audit
from unionbook.services.cycle_collection import no_cycle_collection
from unionbook.services.importing import history as import_history
from unionbook.services.importing.bulk import driver_value, indexes_built_after, insert_rows, page_cache_of
from unionbook.services.importing.engine import ImportPlan, PlanOptions, plan_import
from unionbook.services.importing.member_rules import ACTIVE, member_rules
from unionbook.services.importing.row_values import Layout
from unionbook.services.importing.spec import Column, Kind, RegisterSpec, Unknown
from unionbook.services.importing.writing import ImportSummary, WriteOptions

MEMBER_SPEC = RegisterSpec(
    name="会员",
    anchor_keys=frozenset({"name", "id_number"}),
    columns=(
        Column("name", "姓名", ("职工姓名", "会员姓名", "名字")),
        Column("gender", "性别", kind=Kind.CHOICE, vocab=Gender, unknown=Unknown.DROP),
        Column("birth_date", "出生日期", ("出生年月", "出生年月日", "生日", "出生年份"), kind=Kind.DATE, allow_year=True),
        Column("ethnicity", "民族"),
        Column("id_type", "证件类型", ("有效证件类别", "证件类别", "有效证件类型"), kind=Kind.CHOICE, vocab=IdType),
        Column(
            "id_number",
            "证件号码",
            ("身份证号", "身份证号码", "公民身份号码", "身份证", "证件号", "身份证件号码", "有效证件号码"),
            kind=Kind.ID_NUMBER,
        ),
        Column("education", "学历", ("文化程度", "最高学历"), kind=Kind.CHOICE, vocab=Education),
        Column("tech_level", "技术等级", ("技能等级", "职业资格等级", "职业技能等级")),
        Column("phone", "手机号码", ("手机", "手机号", "移动电话", "联系电话", "电话", "联系方式", "电话号码"), kind=Kind.PHONE),
        Column("hukou_type", "户籍类型", ("户口性质", "户口类型", "户籍性质"), kind=Kind.CHOICE, vocab=HukouType),
        Column("hukou_place", "户籍所在地", ("户籍地", "户口所在地", "户籍地址")),
        Column("political_status", "政治面貌", kind=Kind.CHOICE, vocab=PoliticalStatus),
        Column("department", "部门", ("所在部门", "工会小组", "班组", "部门/班组", "车间", "所在车间", "科室")),
        Column("position", "岗位", ("职务", "工种", "岗位/职务", "职位")),
        Column("employment_form", "用工形式", ("用工性质", "用工方式")),
        Column("employment_status", "就业状况", ("就业状态",), kind=Kind.CHOICE, vocab=EmploymentStatus,
               unknown=Unknown.DROP),
        Column("is_migrant_worker", "是否农民工", ("农民工", "是否农民工会员"), kind=Kind.BOOL),
        Column("is_member", "是否会员", ("是否工会会员", "会员"), kind=Kind.BOOL),
        Column("join_date", "入会日期", ("入会时间", "入会年月"), kind=Kind.DATE),
        Column("member_card_no", "会员卡号", ("会员证号", "工会会员卡号", "会员卡编号")),
        Column("change_kind", "会籍变化类型", kind=Kind.CHOICE, vocab=MembershipEventKind, unknown=Unknown.REJECT),
        Column("change_date", "会籍变化日期", kind=Kind.DATE),
        Column("change_reason", "会籍变化原因"),
        Column("notes", "备注"),
    ),
)  # fmt: skip

#: Columns copied onto Member as they are.
_PLAIN_FIELDS = (
    "name", "gender", "birth_date", "ethnicity", "id_type", "id_number", "education", "tech_level", "phone",
    "hukou_type", "hukou_place", "political_status", "department", "position", "employment_form",
    "is_migrant_worker", "member_card_no", "notes",
)  # fmt: skip


#: The fields an accepted row holds, the plain fields first: what the writer reads of each row.
MEMBER_LAYOUT = Layout((*_PLAIN_FIELDS, *(c.key for c in MEMBER_SPEC.columns if c.key not in _PLAIN_FIELDS), "masked_id"))


def plan_members(path: Path, **options: Unpack[PlanOptions]) -> ImportPlan:
    """Read and check a roster; nothing is written. Accepted rows do not keep their cells: the
    writer needs only their values, and at 100,000 rows the cells would double the memory. Their
    values are kept in MEMBER_LAYOUT's order, which the writer reads without a dict per row."""
    return plan_import(path, MEMBER_SPEC, member_rules, keep_raw=False, layout=MEMBER_LAYOUT, **options)


# --- writing ---------------------------------------------------------------------------------


#: The columns of a new person's INSERT, in order: the id, the plain fields, the pinyin keys.
_INSERT_COLUMNS = ("id", *_PLAIN_FIELDS, "name_pinyin", "name_initials")
_AT = {name: position for position, name in enumerate(_INSERT_COLUMNS)}
#: From this many new people on, an empty register's indexes are built after its rows.
_BULK_INDEX_ROWS = 1000
#: driver_value, one stored string per distinct date: 100,000 people share ~20,000 birth dates.
_stored = lru_cache(maxsize=65_536)(driver_value)


@dataclass
class _Existing:
    """Who is registered, kept as tuples (a dict per person would be ~100 MB at 100,000 people);
    `current` gives one person's fields as a dict when a row has to be compared with them."""

    by_id_number: dict[str, int]
    by_name_birth: dict[tuple[str, date | None], Sequence[int]]
    stored: dict[int, tuple[Any, ...]]  # member → its _PLAIN_FIELDS as stored
    events: set[tuple[int, str, date | None]]
    active_join: dict[int, tuple[int, date | None]]  # member → (event id, date) of an 入会/转入
    employment: dict[int, str]  # member → current 就业状况
    added: dict[int, tuple[Any, ...]] = dataclass_field(default_factory=dict)  # member → its INSERT parameters
    rows: dict[int, dict[str, Any]] = dataclass_field(default_factory=dict)  # fields compared or updated so far

    def current(self, member_id: int) -> dict[str, Any]:
        row = self.rows.get(member_id)
        if row is None:
            if member_id in self.stored:
                row = dict(zip(_PLAIN_FIELDS, self.stored[member_id], strict=True))
            else:  # added by this import: back from driver values to what a row's values hold
                params = self.added[member_id]
                row = {f: params[_AT[f]] for f in _PLAIN_FIELDS}
                row["birth_date"] = date.fromisoformat(row["birth_date"]) if row["birth_date"] else None
                row["is_migrant_worker"] = bool(row["is_migrant_worker"])
            self.rows[member_id] = row
        return row


def _load_existing(session: Session) -> _Existing:
    columns = [getattr(Member, f) for f in _PLAIN_FIELDS]
    stored: dict[int, tuple[Any, ...]] = {}
    by_id: dict[str, int] = {}
    by_name: dict[tuple[str, date | None], list[int]] = {}
    id_at, name_at, birth_at = (_PLAIN_FIELDS.index(f) for f in ("id_number", "name", "birth_date"))
    for record in session.execute(select(Member.id, *columns)):
        values = tuple(record[1:])
        stored[record.id] = values
        if values[id_at]:
            by_id[values[id_at]] = record.id
        # Keyed by the name without padding: a roster imported before names were cleaned holds "王 芳".
        by_name.setdefault((clean_name(values[name_at]), values[birth_at]), []).append(record.id)
    events: set[tuple[int, str, date | None]] = set()
    active_join: dict[int, tuple[int, date | None]] = {}
    active = {k.value for k in MembershipEventKind.active()}
    for event_id, member_id, kind, on in session.execute(
        select(MembershipEvent.id, MembershipEvent.member_id, MembershipEvent.kind, MembershipEvent.date)
    ):
        events.add((member_id, kind, on))
        if kind in active and member_id not in active_join:
            active_join[member_id] = (event_id, on)
    latest: dict[int, tuple[date, int, str]] = {}
    for event_id, member_id, status, on in session.execute(
        select(EmploymentEvent.id, EmploymentEvent.member_id, EmploymentEvent.status, EmploymentEvent.date)
    ):
        key = (on or date.min, event_id, status)
        if member_id not in latest or key > latest[member_id]:
            latest[member_id] = key
    employment = {m: v[2] for m, v in latest.items()}
    return _Existing(by_id, by_name, stored, events, active_join, employment)


def _match(existing: _Existing, number: str | None, name: str, birth: date | None) -> int | None:
    if number and number in existing.by_id_number:
        return existing.by_id_number[number]
    candidates = existing.by_name_birth.get((name, birth), ())
    if number:
        # A person entered earlier without an ID number gets it now; one with another ID is someone else.
        candidates = [c for c in candidates if not existing.current(c)["id_number"]]
    return candidates[0] if len(candidates) == 1 else None


def _insert_params(member_id: int, fields: tuple[Any, ...]) -> tuple[Any, ...]:
    """A new person's INSERT parameters (_INSERT_COLUMNS) straight from the row's values in
    MEMBER_LAYOUT's order, stored as SQLAlchemy would store them: dates as ISO text, booleans as 0/1."""
    params = [member_id, *fields[:_PLAIN_COUNT], *name_keys(fields[_NAME])]
    params[_ID_TYPE_AT] = params[_ID_TYPE_AT] or _RESIDENT_ID
    params[_MIGRANT_AT] = 1 if params[_MIGRANT_AT] else 0
    params[_BIRTH_AT] = _stored(params[_BIRTH_AT])
    return tuple(params)


# Looked up once: these run for every new person. _AT: in the INSERT; the others: in MEMBER_LAYOUT.
_ID_TYPE_AT, _MIGRANT_AT, _BIRTH_AT = _AT["id_type"], _AT["is_migrant_worker"], _AT["birth_date"]
_PLAIN_COUNT = len(_PLAIN_FIELDS)
_NAME, _BIRTH, _ID_NUMBER, _IS_MEMBER, _JOIN_DATE, _STATUS, _CHANGE_KIND, _CHANGE_DATE, _CHANGE_REASON = (
    MEMBER_LAYOUT.at[key] for key in ("name", "birth_date", "id_number", "is_member", "join_date", "employment_status",
                                      "change_kind", "change_date", "change_reason")
)  # fmt: skip
_RESIDENT_ID = IdType.RESIDENT_ID.value
_JOIN = MembershipEventKind.JOIN.value
_ON_DUTY = EmploymentStatus.ON_DUTY.value


def import_members(factory: sessionmaker[Session], plan: ImportPlan, **options: Unpack[WriteOptions]) -> ImportSummary:
    """Write the accepted rows of `plan` in one transaction (all or nothing). A roster can hold
    100,000 people, so rows are written in bulk here rather than one by one (writing.write_plan)."""
    on_duplicate = options.get("on_duplicate", "update")
    progress, cancelled = options.get("progress"), options.get("cancelled")
    if on_duplicate not in ("update", "skip"):
        raise ValueError(on_duplicate)
    today = date.today()
    new_members: list[tuple[Any, ...]] = []
    new_events: list[tuple[Any, ...]] = []
    new_employment: list[tuple[Any, ...]] = []
    updates: list[dict[str, Any]] = []
    event_date_fixes: list[dict[str, Any]] = []
    audit_rows: list[dict[str, Any]] = []
    counts = {"new": 0, "updated": 0, "unchanged": 0, "skipped": 0}
    source = f"import:{plan.path.name}"
    now = datetime.now()
    with no_cycle_collection(), factory.begin() as session:
        existing = _load_existing(session)
        next_id = (session.scalar(select(func.max(Member.id))) or 0) + 1
        total = len(plan.accepted)
        fields_of = MEMBER_LAYOUT.values_of
        by_id, by_name_birth, events = existing.by_id_number, existing.by_name_birth, existing.events
        for done, row in enumerate(plan.accepted):
            if done % 2000 == 0:
                if cancelled is not None and cancelled():
                    raise OperationCancelled()
                if progress is not None:
                    progress(done, total)
            fields = fields_of(row.values)
            number, name, birth = fields[_ID_NUMBER], fields[_NAME], fields[_BIRTH]
            member_id = by_id.get(number) if number else None
            if member_id is None and (name, birth) in by_name_birth:
                member_id = _match(existing, number, name, birth)
            if member_id is None:  # a new person: what follows is the whole of it, field by position
                member_id = next_id
                next_id += 1
                params = _insert_params(member_id, fields)
                new_members.append(params)
                if number:
                    by_id[number] = member_id
                by_name_birth[(name, birth)] = (*by_name_birth.get((name, birth), ()), member_id)
                existing.added[member_id] = params
                if fields[_IS_MEMBER] is not False:
                    kind, joined, reason = _JOIN, fields[_JOIN_DATE], None
                    if fields[_CHANGE_KIND] in ACTIVE and (joined is None or joined == fields[_CHANGE_DATE]):
                        # Collection sheets record a join as the 会籍变化 "入会" with its date.
                        kind, joined, reason = fields[_CHANGE_KIND], fields[_CHANGE_DATE], fields[_CHANGE_REASON]
                    new_events.append((member_id, kind, _stored(joined), reason))
                    events.add((member_id, kind, joined))
                    existing.active_join[member_id] = (0, joined)
                status = fields[_STATUS] or _ON_DUTY
                new_employment.append((member_id, status, None))
                existing.employment[member_id] = status
                _change_event(existing, member_id, fields[_CHANGE_KIND], fields[_CHANGE_DATE], fields[_CHANGE_REASON],
                              new_events)  # fmt: skip
                counts["new"] += 1
                continue
            if on_duplicate == "skip":
                counts["skipped"] += 1
                continue
            values = dict(zip(MEMBER_LAYOUT.keys, fields, strict=True))
            changed = _updated_fields(existing.current(member_id), values)
            touched = bool(changed)
            if changed:
                update_row = {"b_id": member_id, **{f"v_{k}": new for k, (_old, new) in changed.items()}}
                updates.append(update_row)
                existing.current(member_id).update({k: new for k, (_old, new) in changed.items()})
                audit_rows.append({"at": now, "action": AuditAction.UPDATE.value, "table_name": "members",
                                   "row_id": member_id, "changes": {k: [_plain(o), _plain(n)] for k, (o, n) in
                                   changed.items()}, **audit.audit_stamp(session, source)})  # fmt: skip
            joined = values.get("join_date")
            join = existing.active_join.get(member_id)
            if join is None and values.get("is_member") is True:
                new_events.append((member_id, MembershipEventKind.JOIN.value, _stored(joined), None))
                existing.active_join[member_id] = (0, joined)
                touched = True
            elif join is not None and join[1] is None and joined is not None and join[0]:
                event_date_fixes.append({"b_id": join[0], "v_date": joined})
                existing.active_join[member_id] = (join[0], joined)
                touched = True
            status = values.get("employment_status")
            if status and existing.employment.get(member_id) != status:
                new_employment.append((member_id, status, today.isoformat()))
                existing.employment[member_id] = status
                touched = True
            touched |= _change_event(existing, member_id, values.get("change_kind"), values.get("change_date"),
                                     values.get("change_reason"), new_events)  # fmt: skip
            counts["updated" if touched else "unchanged"] += 1

        _write(session, new_members, updates, event_date_fixes, new_events, new_employment, audit_rows)
        new_ids = [new_members[0][0], new_members[-1][0]] if new_members else []
        # Gone before the collector is back on: its first collection walks every object still alive
        # that was made meanwhile (~0.15 s for these at 100,000 people).
        del new_members, new_events, new_employment, updates, event_date_fixes, audit_rows, existing
        summary = ImportSummary(
            new=counts["new"],
            updated=counts["updated"],
            unchanged=counts["unchanged"],
            rejected=len(plan.rejected),
            skipped=counts["skipped"],
            warnings=len(plan.warnings),
        )
        audit.record(
            session,
            AuditAction.IMPORT,
            "members",
            {
                "file": str(plan.path),
                "sheet": plan.sheet,
                "new": summary.new,
                "updated": summary.updated,
                "unchanged": summary.unchanged,
                "rejected": summary.rejected,
                "skipped": summary.skipped,
                "new_ids": new_ids,
            },
        )
        summary = replace(summary, history_id=import_history.record(session, plan, summary))
    _stored.cache_clear()
    if progress is not None:
        progress(total, total)
    return summary


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _updated_fields(current: dict[str, Any], values: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Fields the sheet fills with a different value. Empty cells never erase what is stored."""
    changed: dict[str, tuple[Any, Any]] = {}
    for field in _PLAIN_FIELDS:
        new = values.get(field)
        if new is None or new == "":
            continue
        if field == "is_migrant_worker":
            new = bool(new)
        if current.get(field) != new:
            changed[field] = (current.get(field), new)
    if "name" in changed:
        full, initials = name_keys(changed["name"][1])
        changed["name_pinyin"] = (None, full)
        changed["name_initials"] = (None, initials)
    return changed


def _change_event(
    existing: _Existing, member_id: int, kind: str | None, on: date | None, reason: str | None,
    events: list[tuple[Any, ...]],
) -> bool:
    """The sheet's 会籍变化 columns (kind, date, reason) as an event, unless that event is already recorded."""
    if not kind or on is None or (member_id, kind, on) in existing.events:
        return False
    events.append((member_id, kind, _stored(on), reason))
    existing.events.add((member_id, kind, on))
    return True


def _write(
    session: Session,
    new_members: list[tuple[Any, ...]],
    updates: list[dict[str, Any]],
    event_date_fixes: list[dict[str, Any]],
    new_events: list[tuple[Any, ...]],
    new_employment: list[tuple[Any, ...]],
    audit_rows: list[dict[str, Any]],
) -> None:
    """Bulk statements: executemany per table, grouped so that each statement has one shape. Into
    an empty register (a first roster) the indexes are built after the rows, and a roster of
    1,000 people or more gets a larger page cache for them (bulk.py)."""
    tables = (Member.__table__, MembershipEvent.__table__, EmploymentEvent.__table__)
    bulk = len(new_members) >= _BULK_INDEX_ROWS
    with page_cache_of(session) if bulk else nullcontext(), indexes_built_after(session, tables if bulk else ()):
        insert_rows(session, Member.__table__, _INSERT_COLUMNS, new_members)
        insert_rows(session, MembershipEvent.__table__, ("member_id", "kind", "date", "reason"), new_events)
        insert_rows(session, EmploymentEvent.__table__, ("member_id", "status", "date"), new_employment)
    by_shape: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in updates:
        by_shape.setdefault(tuple(sorted(k for k in row if k != "b_id")), []).append(row)
    for shape, rows in by_shape.items():
        statement = (
            update(Member.__table__)
            .where(Member.__table__.c.id == bindparam("b_id"))
            .values({**{key[2:]: bindparam(key) for key in shape}, **bumped_version(Member.__table__)})
        )
        session.execute(statement, rows)
    if event_date_fixes:
        statement = (
            update(MembershipEvent.__table__)
            .where(MembershipEvent.__table__.c.id == bindparam("b_id"))
            .values(date=bindparam("v_date"), **bumped_version(MembershipEvent.__table__))
        )
        session.execute(statement, event_date_fixes)
    if audit_rows:
        session.execute(insert(AuditEntry.__table__), audit_rows)
