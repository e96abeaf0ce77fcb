"""The positions register (阵地): 职工之家, 职工书屋, 爱心妈妈小屋 … and when each ran.

A position is open at a date when it opened (建成/启用) on or before it and had not closed by then
— the summary's "建成职工之家X个" counts those open at the period's end. Photos are attachments.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from unionbook.db.models import Position
from unionbook.domain.errors import ValidationError
from unionbook.domain.vocab import DemoLevel, PositionKind, labels
from unionbook.services.records import RecordStore, check_choice, not_after_today, require, stripped

IN_USE, CLOSED = "在用", "已停用"


@dataclass(frozen=True)
class PositionInput:
    kind: str
    name: str
    opened_on: date
    closed_on: date | None = None
    place: str = ""
    area: int | None = None  # square metres
    demo_level: str | None = None
    notes: str = ""

    def is_open(self, on: date) -> bool:
        return self.opened_on <= on and (self.closed_on is None or self.closed_on > on)


@dataclass(frozen=True)
class PositionRow:
    id: int
    data: PositionInput

    @property
    def status(self) -> str:
        return CLOSED if self.data.closed_on is not None else IN_USE


@dataclass(frozen=True)
class PositionFilter:
    kind: str | None = None
    status: str | None = None  # 在用 or 已停用
    text: str = ""


def validate_position(session: Session, data: PositionInput) -> tuple[PositionInput, list[str]]:
    data = replace(data, **stripped(data, "name", "place", "notes"), demo_level=data.demo_level or None)
    require(data.name, "阵地名称")
    check_choice(data.kind, labels(PositionKind), "类型")
    check_choice(data.demo_level, labels(DemoLevel), "示范级别", optional=True)
    require(data.opened_on, "建成日期")
    if data.closed_on is not None and data.closed_on < data.opened_on:
        raise ValidationError(field="停用日期", detail=f"早于建成日期 {data.opened_on}")
    if data.area is not None and data.area < 0:
        raise ValidationError(field="面积", detail="不能为负数")
    return data, not_after_today(data.opened_on, "建成日期")


STORE: RecordStore[PositionInput] = RecordStore(Position, PositionInput, "阵地", validate_position)


def list_positions(factory: sessionmaker[Session], flt: PositionFilter = PositionFilter()) -> list[PositionRow]:
    """Matching positions: those in use first, by kind, then the newest."""
    query = select(Position)
    if flt.kind:
        query = query.where(Position.kind == flt.kind)
    if flt.status == IN_USE:
        query = query.where(Position.closed_on.is_(None))
    elif flt.status == CLOSED:
        query = query.where(Position.closed_on.is_not(None))
    if flt.text.strip():
        like = f"%{flt.text.strip()}%"
        query = query.where(Position.name.like(like) | Position.place.like(like))
    with factory() as session:
        rows = [PositionRow(p.id, STORE.to_input(p)) for p in session.scalars(query)]
    order = labels(PositionKind)
    return sorted(rows, key=lambda r: (r.data.closed_on is not None, order.index(r.data.kind), -r.data.opened_on.toordinal(), r.id))


def get_position(factory: sessionmaker[Session], position_id: int) -> PositionRow:
    with factory() as session:
        return PositionRow(position_id, STORE.to_input(STORE.get(session, position_id)))


#: Save (validated, audited; a new record when no id is given) and delete, as the dialogs and scripts call them.
save_position = STORE.save
delete_position = STORE.delete
