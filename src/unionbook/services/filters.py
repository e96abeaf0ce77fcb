"""The filters of a register page, as SQL: the same three kinds on every register.

A register's list takes a filter dataclass from its page: choices (类别, 项目, 角色 …) a column must
equal when one is chosen, a year a date column must fall in, and a search text any of a few text
columns must contain. An empty choice, year or text means "any": each helper then returns the
query unchanged, so a list reads as one line per kind of filter.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Select, or_
from sqlalchemy.orm import Session


def where_equal(query: Select, *pairs: tuple[Any, object]) -> Select:
    """Each (column, value) pair narrows the query to rows where the column equals the value;
    a pair whose value is None or "" (nothing chosen) is left out."""
    for column, value in pairs:
        if value is not None and value != "":
            query = query.where(column == value)
    return query


def where_in_year(query: Select, column: Any, year: int | None) -> Select:
    """Rows whose date `column` falls within the calendar year (no year: every row)."""
    if not year:
        return query
    return query.where(column.between(date(year, 1, 1), date(year, 12, 31)))


def where_contains(query: Select, text: str, *columns: Any) -> Select:
    """Rows where any of the text columns contains the search text (surrounding spaces ignored)."""
    text = text.strip()
    if not text:
        return query
    like = f"%{text}%"
    return query.where(or_(*(column.like(like) for column in columns)))


def read_ids(session: Session, query: Select) -> list[int]:
    """The first column of every row, in the query's order: the ids a lazy list holds (up to
    hundreds of thousands; the rows on screen are read by id). Read as plain rows from the
    session's connection: a scalar result filters each row in Python again, which doubled the
    time for 200,000 payment ids (0.20 → 0.115 s, issue 17)."""
    return [row[0] for row in session.connection().execute(query)]
