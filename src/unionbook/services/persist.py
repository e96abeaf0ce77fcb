"""One stored row, read and written the way every register service does it.

A save loads the row it edits (or adds a new one), copies its input dataclass onto it and flushes;
a delete finds the row first. A row that has gone meanwhile (deleted in another window, a stale id
from a script) is a NotFoundError naming the record as the user knows it (活动, 集体合同, 职工 …),
never an AttributeError on None. The session's audit hook (services/audit.py) records the change,
so none of these write an audit entry themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from unionbook.domain.errors import NotFoundError

RowT = TypeVar("RowT")


@dataclass(frozen=True)
class SaveResult:
    """The saved record's id, and what the user should know about what was saved (not refused)."""

    id: int
    warnings: list[str]


def get_or_raise(session: Session, model: type[RowT], row_id: int, what: str) -> RowT:
    """The stored row, or NotFoundError naming it as the user knows it (`what`: 活动, 职工 …)."""
    row = session.get(model, row_id)
    if row is None:
        raise NotFoundError(what=what, key=str(row_id))
    return row


def load_or_add(session: Session, model: type[RowT], row_id: int | None, what: str) -> RowT:
    """The row a save writes to: a new one added to the session (`row_id` None), else the stored one."""
    if row_id is not None:
        return get_or_raise(session, model, row_id, what)
    row = model()
    session.add(row)
    return row


def copy_fields(row: Any, data: Any, names: Iterable[str]) -> None:
    """Copy the input dataclass's fields `names` onto the row; an empty text ("") is stored as NULL."""
    for name in names:
        value = getattr(data, name)
        setattr(row, name, value if value != "" else None)


def count_where(session: Session, *conditions: ColumnElement[bool]) -> int:
    """How many rows match the conditions (the table comes from them): 0 when none do."""
    return session.scalar(select(func.count()).where(*conditions)) or 0
