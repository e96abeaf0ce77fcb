"""PostgreSQL books on a test server, when UNIONBOOK_TEST_DB names one (README, "Run the tests on
PostgreSQL").

UNIONBOOK_TEST_DB is an administrator's URL (`postgresql://postgres@127.0.0.1:55432/postgres`; the
role must be allowed to CREATE DATABASE). The suite then runs on the server: the session makes a
migrated template database once, and each test's db_path/db/demo_db gets `CREATE DATABASE …
TEMPLATE` of it (a file copy on the server), dropped again when the test ends, so at most a couple
of test databases exist at once per process. Names carry the process id, so two runs against one
server do not meet. A book is handed out as a `ServerBook`: the URL as a str, so the tests that
pass `db_path` to `--db` or to Database.open work on both engines unchanged.

Tests that need an empty server book whatever the run (backups of a server book) use
`empty_book` and are skipped without a server (`needs_server`).
"""

from __future__ import annotations

import itertools
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ENV_VAR = "UNIONBOOK_TEST_DB"
SERVER = os.environ.get(ENV_VAR, "")
needs_server = pytest.mark.skipif(not SERVER.startswith("postgresql"), reason="UNIONBOOK_TEST_DB names no PostgreSQL server")

_serial = itertools.count(1)


def admin_url() -> str | None:
    """The server the suite runs on, or None: SQLite files, as always."""
    return os.environ.get(ENV_VAR) or None


class ServerBook(str):
    """A PostgreSQL book's URL, standing where the tests use a database path."""

    @property
    def name(self) -> str:
        return str(make_url(self).database)


def book_url(name: str) -> ServerBook:
    url = make_url(admin_url() or "").set(database=name)
    return ServerBook(url.render_as_string(hide_password=False))


def new_name(kind: str) -> str:
    return f"ub_{kind}_{os.getpid()}_{next(_serial)}"


def create(name: str, template: str | None = None) -> ServerBook:
    from unionbook.db import postgres
    from unionbook.db.backend import PostgresBackend

    book = book_url(name)
    postgres.create_database(PostgresBackend(book), template=template)
    return book


#: Books copy_book made during the running test; conftest drops them when it ends.
made: list[ServerBook] = []


def copy_book(template: Path | str, target: Path) -> Path | ServerBook:
    """A fresh copy of a template book: the file copied to `target`, or on a server a new database
    made from the template's (dropped when the test ends)."""
    if isinstance(template, ServerBook):
        book = create(new_name("c"), template=template.name)
        made.append(book)
        return book
    from unionbook.db.backup import backup_database

    target.parent.mkdir(parents=True, exist_ok=True)
    backup_database(template, target)
    return target


class Reusable:
    """One working database per template, put back to the template's exact rows before each test
    instead of made anew: CREATE DATABASE copies the whole catalogue (~0.3 s idle, over 1 s on a
    loaded 2-core machine), while emptying ~35 small tables and copying the template's rows back
    in (COPY, bytes as the server wrote them) takes a few hundredths. Anything a test leaves
    connected is cut off first, so no lock it held survives into the next test."""

    def __init__(self, template: ServerBook) -> None:
        import psycopg

        self.book = create(new_name("work"), template=template.name)
        with psycopg.connect(template, autocommit=True) as conn:
            self.tables = _tables_in_dependency_order(conn)
            self.rows = {}
            for table in self.tables:
                with conn.cursor().copy(f'COPY "{table}" TO STDOUT') as copy:
                    self.rows[table] = b"".join(bytes(block) for block in copy)
            self.sequences = [r[0] for r in conn.execute(
                "SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema()"
                " AND column_name = 'id' AND column_default LIKE 'nextval(%'")]

    def fresh(self) -> ServerBook:
        import psycopg

        with psycopg.connect(self.book) as conn:
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                         " WHERE datname = current_database() AND pid <> pg_backend_pid()")  # fmt: skip
            conn.commit()
            conn.execute("; ".join(f'DELETE FROM "{table}"' for table in reversed(self.tables)))
            for table in self.tables:
                if self.rows[table]:
                    with conn.cursor().copy(f'COPY "{table}" FROM STDIN') as copy:
                        copy.write(self.rows[table])
            conn.execute("; ".join(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(max(id), 0) + 1, false) FROM \"{table}\""
                for table in self.sequences
            ))  # fmt: skip
        return self.book


def _tables_in_dependency_order(conn) -> list[str]:  # noqa: ANN001 - a psycopg connection
    """The schema's tables, each after the tables its foreign keys point at."""
    tables = [r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")]
    needs = {t: set() for t in tables}
    for child, parent in conn.execute(
        "SELECT c.conrelid::regclass::text, c.confrelid::regclass::text FROM pg_constraint c WHERE c.contype = 'f'"
    ):
        if child in needs and parent != child:
            needs[child].add(parent.strip('"'))
    ordered: list[str] = []
    while needs:
        ready = sorted(t for t, parents in needs.items() if parents <= set(ordered))
        if not ready:  # a cycle: keep what is left in any order (DELETE would then refuse, loudly)
            ready = sorted(needs)
        ordered.extend(ready)
        for t in ready:
            del needs[t]
    return ordered


def drop(book: str) -> None:
    from unionbook.db import postgres
    from unionbook.db.backend import PostgresBackend

    postgres.drop_database(PostgresBackend(book))


@pytest.fixture
def empty_book() -> Iterator[Callable[[], str]]:
    """Makes empty databases on the test server, returning their URLs with the password."""
    base = make_url(SERVER)
    admin = create_engine(base.set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    made: list[str] = []

    def make() -> str:
        name = f"ub_backup_{uuid.uuid4().hex[:10]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        made.append(name)
        return base.set(database=name).render_as_string(hide_password=False)

    yield make
    with admin.connect() as conn:
        for name in made:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
