"""alembic environment. At run time db/migrate.py passes an open connection (inside its
transaction) through `config.attributes["connection"]`; developers running the `alembic` command
get an engine on the URL from alembic.ini instead."""

from __future__ import annotations

from pathlib import Path

from alembic import context

import unionbook.db.models  # noqa: F401 - registers every table on Base.metadata
from unionbook.db.base import Base
from unionbook.db.backend import backend_for, is_server_url

config = context.config
target_metadata = Base.metadata


def _configure(connection) -> None:  # noqa: ANN001
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things: re-create tables instead
        compare_type=True,
        transaction_per_migration=False,
    )


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = config.get_main_option("sqlalchemy.url") or "sqlite:///dev.sqlite"
    target = url if is_server_url(url) else Path(url.split("///", 1)[1])
    engine = backend_for(target).make_engine(foreign_keys=False)
    with engine.begin() as conn:
        _configure(conn)
        context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("UnionBook migrations run online only (they use batch mode on SQLite).")
run_migrations_online()
