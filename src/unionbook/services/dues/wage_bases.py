"""工资基数: each member's monthly wage dues are counted from, with the day it takes effect.

A member's history is a list of bases; the one in force for a month is the latest whose
effective_from is on or before the month's last day (a raise from 15 March counts for March).
Bases are kept, never overwritten, so a month generated earlier can be explained later. Saved,
edited and deleted through the small registers' RecordStore (validated, audited).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import Session, aliased, sessionmaker

from unionbook.db.models import Member, WageBase
from unionbook.domain.errors import ValidationError
from unionbook.services.dues.generate import delete_applying, save_applying
from unionbook.services.filters import read_ids
from unionbook.services.records import RecordStore, SaveResult, stripped

#: No wage is typed as more than this a month (a typo of a yearly salary, or fen for 元).
MAX_WAGE_FEN = 100_000_000  # 100 万元


@dataclass(frozen=True)
class WageBaseInput:
    member_id: int
    effective_from: date
    wage_fen: int
    notes: str = ""


@dataclass(frozen=True)
class WageBaseRow:
    id: int
    data: WageBaseInput
    member_name: str
    department: str


@dataclass(frozen=True)
class WageBaseFilter:
    member_id: int | None = None
    text: str = ""
    #: Only each member's latest base (the register's default view: whom is what on file now).
    current_only: bool = False


def validate_wage_base(session: Session, data: WageBaseInput) -> tuple[WageBaseInput, list[str]]:
    data = replace(data, **stripped(data, "notes"))
    if not data.member_id or session.get(Member, data.member_id) is None:
        raise ValidationError(field="职工", detail="请选择职工")
    if not isinstance(data.effective_from, date):
        raise ValidationError(field="生效日期", detail="请填写生效日期")
    if data.wage_fen is None or data.wage_fen < 0:
        raise ValidationError(field="工资基数", detail="不能为负数")
    if data.wage_fen > MAX_WAGE_FEN:
        raise ValidationError(field="工资基数", detail="超过每月 100 万元，请核对（应填月工资，单位：元）")
    return data, []


def _unique(session: Session, data: WageBaseInput, base_id: int | None) -> None:
    """Two bases of one member on the same day cannot both be in force."""
    found = session.scalar(select(WageBase.id).where(
        WageBase.member_id == data.member_id, WageBase.effective_from == data.effective_from,
        WageBase.id != (base_id or 0)))  # fmt: skip
    if found is not None:
        raise ValidationError(field="生效日期", detail=f"此人 {data.effective_from} 已有一条工资基数，请修改那一条")


STORE: RecordStore[WageBaseInput] = RecordStore(WageBase, WageBaseInput, "工资基数", validate_wage_base, unique=_unique)

save_wage_base = STORE.save
delete_wage_base = STORE.delete



def save_and_apply(factory: sessionmaker[Session], data: WageBaseInput, base_id: int | None = None) -> tuple[SaveResult, int]:
    """Save, then recompute the member's unpaid months already generated that it reaches."""
    return save_applying(factory, STORE, data, base_id, "effective_from")


def delete_and_apply(factory: sessionmaker[Session], base_id: int) -> int:
    return delete_applying(factory, STORE, base_id, "effective_from")


def _narrowed(flt: WageBaseFilter, *columns: Any) -> Select:
    query = select(*columns).select_from(WageBase).join(Member, Member.id == WageBase.member_id)
    if flt.member_id is not None:
        query = query.where(WageBase.member_id == flt.member_id)
    if flt.text.strip():
        like = f"%{flt.text.strip()}%"
        query = query.where(Member.name.like(like) | Member.department.like(like) | Member.name_initials.like(like))
    if flt.current_only:  # each member's latest, grouped once rather than looked up per base
        other = aliased(WageBase)
        latest = select(other.member_id, func.max(other.effective_from).label("since")).group_by(other.member_id).subquery()
        query = query.join(latest, and_(latest.c.member_id == WageBase.member_id, latest.c.since == WageBase.effective_from))
    return query


_ROW_COLUMNS = (WageBase.id, WageBase.member_id, WageBase.effective_from, WageBase.wage_fen, WageBase.notes, Member.name,
                Member.department)  # fmt: skip
#: The list's own order: by name (pinyin), each member's newest first.
_BY_NAME = (Member.name_pinyin, Member.id, WageBase.effective_from.desc())
#: The orders the list can be sorted in (the table's columns); ties in the list's own order.
WAGE_SORTS: dict[str, Any] = {"name": None, "department": Member.department, "from": WageBase.effective_from,
                              "wage": WageBase.wage_fen, "notes": WageBase.notes}  # fmt: skip


def _row(r: Any) -> WageBaseRow:
    data = WageBaseInput(r.member_id, r.effective_from, r.wage_fen, r.notes or "")
    return WageBaseRow(r.id, data, r.name, r.department or "")


def list_wage_bases(factory: sessionmaker[Session], flt: WageBaseFilter = WageBaseFilter()) -> list[WageBaseRow]:
    """Bases by name (pinyin), each member's newest first."""
    with factory() as session:
        return [_row(r) for r in session.execute(_narrowed(flt, *_ROW_COLUMNS).order_by(*_BY_NAME, WageBase.id))]


def query_wage_base_ids(
    factory: sessionmaker[Session], flt: WageBaseFilter = WageBaseFilter(), sort: str = "name", descending: bool = False
) -> list[int]:
    """The ids of the filter's bases in the order of `sort` (a WAGE_SORTS key): what the lazy
    工资基数 list holds (a large union has a base for each of 100,000 people, and their history)."""
    key = WAGE_SORTS[sort]
    if key is None:
        order = [c.desc() if descending and c is not _BY_NAME[2] else c for c in _BY_NAME]
    else:
        order = [key.desc() if descending else key.asc(), *_BY_NAME]
    with factory() as session:
        return read_ids(session, _narrowed(flt, WageBase.id).order_by(*order, WageBase.id))


def fetch_wage_base_rows(factory: sessionmaker[Session], ids: Sequence[int]) -> list[WageBaseRow]:
    """The bases with these ids (in no particular order; missing ids are left out)."""
    if not ids:
        return []
    with factory() as session:
        return [_row(r) for r in session.execute(_narrowed(WageBaseFilter(), *_ROW_COLUMNS).where(WageBase.id.in_(ids)))]


def member_history(factory: sessionmaker[Session], member_id: int) -> list[WageBaseRow]:
    """One member's bases, newest first."""
    return list_wage_bases(factory, WageBaseFilter(member_id=member_id))
