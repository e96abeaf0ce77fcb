"""Writing 100,000 imported rows at SQLite's own speed, inside the import's one transaction.

Rows go to the driver's executemany as ready-made parameter sequences: for that many rows,
SQLAlchemy's per-row parameter processing (and a dict per row) costs more than SQLite itself.

A table that is empty when the import starts (a first roster) gets its secondary indexes built
after its rows rather than kept up to date row by row: `indexes_built_after` drops them and creates
them again from the very SQL SQLite recorded for them, so no index is described twice. SQLite's DDL
is transactional and the import commits once, so a crash or a kill at any moment leaves the
indexes and the rows exactly as they were, or the whole import (tests/services/test_kill_during_import.py).

SQLite keeps 2 MB of pages in memory per connection; a bulk insert of 100,000 people dirties tens
of megabytes, so the pages spill to the WAL before the commit and the index builds sort through
temporary files. `page_cache_of` lends the import's connection a larger cache for the bulk
statements and gives the old size back after (~0.1 s of a 100,000-row roster's write, peak
memory unchanged: planning peaks higher).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import date
from typing import Any

from sqlalchemy import Table
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from unionbook.db.backend import dialect_of, indexes_built_after, raw_insert_sql, sync_id_sequences  # noqa: F401 - the importers' name for it

#: The page cache a bulk insert gets on SQLite, in KiB (PRAGMA cache_size takes it negative).
BULK_CACHE_KIB = 32 * 1024


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


@contextmanager
def page_cache_of(session: Session, kib: int = BULK_CACHE_KIB) -> Iterator[None]:
    """On SQLite, the session's connection keeps `kib` KiB of pages for the block (if it kept
    fewer), then its own size again: the setting is the connection's, not the transaction's, and
    the connection goes back to the pool. PostgreSQL is left alone."""
    if dialect_of(session) != "sqlite":
        yield
        return
    connection = session.connection()
    before = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    if not (isinstance(before, int) and -kib < before < 0):  # already as large, or set in pages: leave it
        yield
        return
    connection.exec_driver_sql(f"PRAGMA cache_size = {-kib:d}")
    try:
        yield
    finally:
        with suppress(DBAPIError):  # a connection that failed mid-write keeps the larger cache, harmlessly
            connection.exec_driver_sql(f"PRAGMA cache_size = {before:d}")
