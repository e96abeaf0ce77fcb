"""What only a PostgreSQL book needs: whether its database is there, what it holds, and turning a
server's refusals (cannot connect, no such database, wrong password) into one Chinese line.

Used through db/backend.py's PostgresBackend and db/migrate.py's inspect_database.
"""

from __future__ import annotations

from typing import Any

from unionbook.domain.errors import DatabaseOpenError

#: db/backend.py's PostgresBackend (not imported: backend imports this module).
PostgresBackend = Any


def _connect(backend: PostgresBackend, database: str | None = None):  # noqa: ANN202 - psycopg.Connection
    import psycopg

    url = backend.url.set(database=database or backend.database)
    params = {
        "host": url.host,
        "port": url.port,
        "user": url.username,
        "password": url.password,
        "dbname": url.database,
        "connect_timeout": 10,
        "application_name": "UnionBook",
        **{k: v for k, v in url.query.items() if isinstance(v, str)},
    }
    return psycopg.connect(**{k: v for k, v in params.items() if v is not None}, autocommit=True)


def _missing_database(exc: Exception, name: str) -> bool:
    text = str(exc)
    return f'database "{name}" does not exist' in text or f"数据库 \"{name}\" 不存在" in text


def open_error(backend: PostgresBackend, exc: Exception) -> DatabaseOpenError:
    """The server's refusal in one line, naming the server (never the password)."""
    first = " ".join(str(exc).split())[:200]
    if "password authentication failed" in first or "no password supplied" in first:
        detail = "用户名或密码不正确（密码可写在地址里：postgresql://用户:密码@服务器/数据库名，或放在 PGPASSWORD 环境变量中）"
    elif "Connection refused" in first or "could not translate host name" in first or "timeout" in first.lower():
        detail = f"连不上数据库服务器（{first}），请确认服务器已开机、地址和端口正确"
    else:
        detail = first
    return DatabaseOpenError(path=backend.location, detail=detail)


def database_exists(backend: PostgresBackend) -> bool:
    """True when the server has the book's database (an empty one counts: it is then migrated)."""
    import psycopg

    try:
        with _connect(backend):
            return True
    except psycopg.OperationalError as exc:
        if _missing_database(exc, backend.database):
            return False
        raise open_error(backend, exc) from exc


def table_names_and_revision(backend: PostgresBackend) -> tuple[set[str], str | None] | None:
    """The tables in the book's schema and alembic's revision (None without one); None when the
    server has no such database. One connection: every open asks this."""
    import psycopg

    try:
        with _connect(backend) as conn:
            names = {
                r[0]
                for r in conn.execute(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
                )
            }
            revision = None
            if "alembic_version" in names:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = str(row[0]) if row else None
    except psycopg.OperationalError as exc:
        if _missing_database(exc, backend.database):
            return None
        raise open_error(backend, exc) from exc
    return names, revision


def create_database(backend: PostgresBackend, template: str | None = None) -> None:
    """CREATE DATABASE (optionally as a copy of `template`), through the server's `postgres`
    database. For tests and the CI's throwaway server: in an office the administrator does it."""
    from psycopg import sql

    with _connect(backend, "postgres") as conn:
        statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(backend.database))
        if template:
            statement = sql.SQL("{} TEMPLATE {}").format(statement, sql.Identifier(template))
        conn.execute(statement)


def drop_database(backend: PostgresBackend) -> None:
    from psycopg import sql

    with _connect(backend, "postgres") as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(backend.database)))
