"""Empty books on a PostgreSQL test server, for the tests that need one (backups of a server book).

UNIONBOOK_TEST_DB=postgresql://user:password@host:port/db names the server; the role must be
allowed to CREATE DATABASE: each test makes its own empty books, as an administrator's createdb
would, and drops them after. Without it those tests are skipped.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

SERVER = os.environ.get("UNIONBOOK_TEST_DB", "")
needs_server = pytest.mark.skipif(not SERVER.startswith("postgresql"), reason="UNIONBOOK_TEST_DB names no PostgreSQL server")


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
