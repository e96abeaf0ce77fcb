"""Stopping a book's reading at once when its window closes (issues 17/18).

At 100,000 members the window's background work — the overview's year of figures, the rest of the
integrity check, the day's first backup — takes 10–30 s, and the program used to wait for all of
it after the window had closed, holding the book's lock. An `Interrupter` lets the closing window
stop that work instead:

- every connection the book's engine hands out is watched while it is checked out, and gets a
  progress handler that ends its statement once `stop()` is called; `stop()` also calls
  `interrupt()` on each, since one step of SQLite's virtual machine (a b-tree check, a sort) may
  run for a second without reaching the handler;
- a connection that has written in its transaction is never stopped: a save or an import in
  progress finishes (or fails and rolls back) as before — only reading is cut short;
- work outside the engine (the integrity check's and the backup's own sqlite3 connections) takes
  the interrupter as its `cancel`: `watch(conn)` while it runs, `raise_if_stopped()` between steps.

A stopped statement raises sqlite3's "interrupted" OperationalError (SQLAlchemy wraps it), or
OperationCancelled from `raise_if_stopped`: the work ends with nothing written.
"""

from __future__ import annotations

import sqlite3
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, event

from unionbook.domain.errors import OperationCancelled

#: How many virtual-machine instructions run between two looks at the stop flag (a Python call
#: each: at this rate a scan of 100,000 members makes a few thousand, well under a millisecond).
PROGRESS_EVERY = 20_000


class Interrupter:
    """The stop switch of one book's reading (see the module docstring)."""

    def __init__(self) -> None:
        self._stopped = threading.Event()
        self._lock = threading.Lock()
        self._watched: dict[int, sqlite3.Connection] = {}
        self._writing: set[int] = set()

    # --- what the work asks -------------------------------------------------------------------------

    def is_set(self) -> bool:
        """Whether `stop()` was called (the `cancelled()` of a background task)."""
        return self._stopped.is_set()

    __call__ = is_set

    def raise_if_stopped(self) -> None:
        if self._stopped.is_set():
            raise OperationCancelled()

    @contextmanager
    def watch(self, conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
        """Let `stop()` interrupt `conn` while the block runs (a reading connection of its own)."""
        self._add(conn)
        try:
            yield conn
        finally:
            self._remove(conn)

    # --- what the closing window does ---------------------------------------------------------------

    def stop(self) -> None:
        """End the reading now: statements running on watched connections are interrupted, and
        statements started later stop at their first progress check."""
        self._stopped.set()
        with self._lock:
            reading = [conn for key, conn in self._watched.items() if key not in self._writing]
        for conn in reading:
            try:
                conn.interrupt()
            except sqlite3.ProgrammingError:  # closed meanwhile
                pass

    def reset(self) -> None:
        """Reading may go on again (a window that stayed open after all)."""
        self._stopped.clear()

    # --- bookkeeping --------------------------------------------------------------------------------

    def _add(self, conn: sqlite3.Connection) -> None:
        key = id(conn)
        with self._lock:
            self._watched[key] = conn
            self._writing.discard(key)
        conn.set_progress_handler(lambda: self._progress(key), PROGRESS_EVERY)
        if self._stopped.is_set():
            conn.interrupt()

    def _remove(self, conn: sqlite3.Connection) -> None:
        key = id(conn)
        with self._lock:
            self._watched.pop(key, None)
            self._writing.discard(key)
        try:
            conn.set_progress_handler(None, 0)
        except sqlite3.ProgrammingError:
            pass

    def _progress(self, key: int) -> int:
        return int(self._stopped.is_set() and key not in self._writing)

    def _wrote(self, key: int) -> None:
        with self._lock:
            self._writing.add(key)

    def _is_writing(self, key: int) -> bool:
        with self._lock:
            return key in self._writing

    def _finished_transaction(self, key: int) -> None:
        with self._lock:
            self._writing.discard(key)


_READS = ("SELECT", "PRAGMA", "BEGIN", "COMMIT", "ROLLBACK", "WITH", "EXPLAIN", "SAVEPOINT", "RELEASE")
_QUERIES = ("SELECT", "WITH")
_BY_ENGINE: weakref.WeakKeyDictionary[Engine, Interrupter] = weakref.WeakKeyDictionary()


def interrupter(engine: Engine) -> Interrupter:
    """The interrupter of a SQLite book's engine, watching its connections from now on (one per
    engine). A PostgreSQL engine's reading is not watched: `stop()` then only sets the flag."""
    found = _BY_ENGINE.get(engine)
    if found is not None:
        return found
    found = _BY_ENGINE[engine] = Interrupter()
    if engine.dialect.name != "sqlite":
        return found

    @event.listens_for(engine, "checkout")
    def _checkout(dbapi_connection, _record, _proxy) -> None:
        found._add(dbapi_connection)

    @event.listens_for(engine, "checkin")
    def _checkin(dbapi_connection, _record) -> None:
        if dbapi_connection is not None:
            found._remove(dbapi_connection)

    @event.listens_for(engine, "before_cursor_execute")
    def _before(connection, _cursor, statement, _parameters, _context, _executemany) -> None:
        head = statement.lstrip()[:9].upper()
        key = id(connection.connection.dbapi_connection)
        if not head.startswith(_READS):
            found._wrote(key)
        elif found.is_set() and head.startswith(_QUERIES) and not found._is_writing(key):
            # A short query never reaches the progress handler: after the close none begins.
            raise OperationCancelled()

    @event.listens_for(engine, "commit")
    def _commit(connection) -> None:
        found._finished_transaction(id(connection.connection.dbapi_connection))

    @event.listens_for(engine, "rollback")
    def _rollback(connection) -> None:
        found._finished_transaction(id(connection.connection.dbapi_connection))

    return found
