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

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Table
from sqlalchemy.orm import Session

from unionbook.db.backend import indexes_built_after, raw_insert_sql, sync_id_sequences  # noqa: F401 - the importers' name for it


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
    connection = session.connection()
    connection.exec_driver_sql(raw_insert_sql(connection, table, columns), rows)  # type: ignore[arg-type]
    if "id" in columns:
        sync_id_sequences(connection, [table])
