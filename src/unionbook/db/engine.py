"""The SQLite engine: durable pragmas and transactions that really cover DDL.

Python ≤ 3.11's sqlite3 driver opens transactions itself and commits before DDL, so a migration
inside `engine.begin()` is not rolled back when it fails. We take transaction control away from the
driver (isolation_level=None) and emit BEGIN ourselves — the pysqlite recipe from SQLAlchemy's
docs — so every transaction, DDL included, is all-or-nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

BUSY_TIMEOUT_MS = 5000


def make_engine(path: Path, *, foreign_keys: bool = True) -> Engine:
    """An engine on the SQLite file at `path`.

    foreign_keys is turned off only by the migration runner (batch operations re-create tables);
    it is set in the connect event because the pragma is a no-op inside a transaction.
    """
    engine = create_engine(
        f"sqlite+pysqlite:///{Path(path)}",
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        # JSON columns (the audit trail) keep Chinese readable in the file instead of \uXXXX.
        json_serializer=lambda obj: json.dumps(obj, ensure_ascii=False),
        hide_parameters=True,  # error texts and logs carry no row values (ID numbers, phones)
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # noqa: ANN001 - DBAPI object
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves, see the module docstring
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        cursor.execute("PRAGMA journal_mode = WAL")
        # NORMAL can lose the last commits on power loss in WAL mode; a union's records are worth FULL.
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:  # noqa: ANN001
        connection.exec_driver_sql("BEGIN")

    return engine


def make_session_factory(engine: Engine, *, source: str = "app") -> sessionmaker[Session]:
    """Sessions that keep loaded values after commit (services return them to the UI) and carry
    the audit source ("gui", "cli", ...) in `Session.info`. The ORM is imported here, not at the
    top: a command that reads only Core tables never pays for it."""
    from sqlalchemy.orm import sessionmaker

    return sessionmaker(engine, expire_on_commit=False, info={"source": source})
