"""Writing 100,000 imported rows at SQLite's own speed, inside the import's one transaction.

Rows go to the driver's executemany as ready-made parameter sequences: for that many rows,
SQLAlchemy's per-row parameter processing (and a dict per row) costs more than SQLite itself.

A table that is empty when the import starts (a first roster) gets its secondary indexes built
after its rows rather than kept up to date row by row: `indexes_built_after` drops them and creates
them again from the very SQL SQLite recorded for them, so no index is described twice. SQLite's DDL
is transactional and the import commits once, so a crash or a kill at any moment leaves the
indexes and the rows exactly as they were, or the whole import (tests/services/test_kill_during_import.py).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any

from sqlalchemy import Table
from sqlalchemy.orm import Session


def driver_value(value: Any) -> Any:
    """A value as SQLAlchemy stores it in SQLite: dates as ISO text, booleans as 0/1."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def insert_rows(session: Session, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """INSERT `rows` (driver values, in the order of `columns`) into `table` with one executemany.
    Column names come from the table, never from data."""
    if not rows:
        return
    names = [table.c[name].name for name in columns]
    sql = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    session.connection().exec_driver_sql(sql, rows)  # type: ignore[arg-type]


@contextmanager
def indexes_built_after(session: Session, tables: Sequence[Table]) -> Iterator[None]:
    """Inside the session's transaction: drop the secondary indexes of those `tables` that hold no
    row yet, and create them again on leaving (unique constraints stay: they check the rows)."""
    connection = session.connection()
    dropped: list[tuple[str, str]] = []
    for table in tables:
        if connection.exec_driver_sql(f"SELECT 1 FROM {table.name} LIMIT 1").first() is not None:
            continue
        found = connection.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
            (table.name,),
        )
        dropped.extend((name, sql) for name, sql in found if not sql.upper().startswith("CREATE UNIQUE"))
    for name, _sql in dropped:
        connection.exec_driver_sql('DROP INDEX "{}"'.format(name.replace('"', '""')))
    yield
    for _name, sql in dropped:
        connection.exec_driver_sql(sql)
