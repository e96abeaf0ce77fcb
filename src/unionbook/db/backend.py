"""The one seam between UnionBook and the database engine it runs on: a SQLite file or a
PostgreSQL server.

Everything the rest of the program does the same way on both (models, queries, migrations,
services) goes through SQLAlchemy. What differs — how an engine is made, whether one process
holds the book alone, what a quick integrity check is, how an upsert is spelled, how a bulk
import rebuilds indexes, what to call the book in a message, where its attachments live — is
asked of the backend chosen from the `--db` value (`backend_for`):

- a path → `SqliteBackend` (one PC; the file lock, WAL, `PRAGMA quick_check`, the backup API);
- `postgresql://user@host[:port]/dbname` → `PostgresBackend` (a shared office server; psycopg 3,
  no file lock: several people work at once, each transaction is the server's).

File-only features (backup files, restore, moving the data folder) refuse a server book through
`refuse_on_server`, naming what to use instead.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Engine, Integer, String, Table, create_engine, event
from sqlalchemy.ext.compiler import compiles

from unionbook import paths
from unionbook.domain.errors import InputError

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlalchemy.orm import Session

    from unionbook.db.integrity import IntegrityReport
    from unionbook.db.lock import DatabaseLock

is_server_url = paths.is_server_url


@compiles(Integer, "postgresql")
def _integer_as_wide_as_sqlites(_type: Integer, _compiler: Any, **kw: Any) -> str:
    """An Integer column is BIGINT on PostgreSQL, as wide as SQLite's: money is integer fen, and a
    large union's year of budgets or payments passes 2^31 fen (21 million yuan). Ids stay SERIAL.
    Only columns (DDL names the column being typed): a CAST in a query stays INTEGER, so SQL
    written for PostgreSQL's int4 functions (the inspector's own) keeps working; parameters are
    sent uncast (make_engine), as psycopg types each int by its size."""
    return "BIGINT" if kw.get("type_expression") is not None else "INTEGER"


@compiles(String, "postgresql")
def _varchar_as_sqlite_keeps_it(_type: String, _compiler: Any, **_kw: Any) -> str:
    """String(n) is VARCHAR without a length on PostgreSQL. SQLite never enforced the lengths the
    models and migrations name (documentation, and what the forms allow); a server book must
    accept the same rows — an imported cell one character longer must not fail a whole import."""
    return "VARCHAR"


def _json_serializer(obj: object) -> str:
    # JSON columns (the audit trail) keep Chinese readable instead of \uXXXX.
    return json.dumps(obj, ensure_ascii=False)


class SqliteBackend:
    """A book in one SQLite file on this PC."""

    is_server = False

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path).expanduser().resolve()

    @property
    def location(self) -> str:
        """The book as messages and the window name it."""
        return str(self.path)

    def make_engine(self, *, foreign_keys: bool = True) -> Engine:
        from unionbook.db.engine import make_engine

        return make_engine(self.path, foreign_keys=foreign_keys)

    def exists(self) -> bool:
        return self.path.exists()

    def create_empty(self) -> None:
        """An empty file: the lock is on the file's identity, so the file comes first."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.touch()

    def lock(self) -> DatabaseLock | None:
        """The single-instance lock on the file's identity (db/lock.py)."""
        from unionbook.db.lock import DatabaseLock

        db_lock = DatabaseLock(self.path)
        db_lock.acquire()
        return db_lock

    def quick_check(self, budget: float | None = None) -> IntegrityReport:
        from unionbook.db.integrity import quick_check

        return quick_check(self.path, budget=budget)

    def files_root(self) -> Path:
        """The folder attachments/, templates/, documents/ sit in: beside the file."""
        return self.path.parent

    def foreign_key_problems(self, conn: Connection) -> list:
        """Rows whose foreign keys point nowhere (migrations run with the checks off)."""
        return list(conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall())

    def migration_guard(self, conn: Connection) -> None:
        """Nothing: the file lock already keeps a second UnionBook out during an upgrade."""


class PostgresBackend:
    """A book in one PostgreSQL database on a server the office shares."""

    is_server = True

    def __init__(self, url: str) -> None:
        from sqlalchemy.engine import make_url

        parsed = make_url(url.strip())
        self.url = parsed.set(drivername="postgresql+psycopg")
        if not self.url.database:
            raise InputError(detail=f"PostgreSQL 地址中没有数据库名：{self.location}（应为 postgresql://用户@服务器/数据库名）")
        self.path = None

    @property
    def location(self) -> str:
        """postgresql://user@host:port/dbname — never the password."""
        shown = self.url.set(drivername="postgresql")
        return shown.render_as_string(hide_password=True).replace(":***@", "@")

    @property
    def database(self) -> str:
        return str(self.url.database)

    def make_engine(self, *, foreign_keys: bool = True) -> Engine:  # noqa: ARG002 - always enforced on a server
        engine = create_engine(
            self.url,
            json_serializer=_json_serializer,
            hide_parameters=True,  # error texts and logs carry no row values (ID numbers, phones)
            pool_pre_ping=True,  # a server restarted overnight does not fail the morning's first click
            connect_args={"connect_timeout": 10, "application_name": "UnionBook"},
        )
        event.listen(engine, "connect", _sums_as_integers)
        _like_folds_case_as_sqlites()
        # No ::INTEGER cast on int parameters (a fen amount past 2^31 into a BIGINT column would
        # fail at the cast); psycopg sends each int as int2/int4/int8 by its size.
        engine.dialect.colspecs = {**engine.dialect.colspecs, Integer: Integer}
        return engine

    def exists(self) -> bool:
        from unionbook.db import postgres

        return postgres.database_exists(self)

    def create_empty(self) -> None:
        from unionbook.domain.errors import DatabaseOpenError

        # Creating a database needs the server's administrator (and decides its owner): README, PostgreSQL.
        raise DatabaseOpenError(path=self.location, detail="服务器上没有这个数据库，请先由服务器管理员创建"
                                "（createdb，见 README“PostgreSQL（多人共用）”），再打开")

    def lock(self) -> None:
        """None: several people work on a server book at once; the server keeps their
        transactions apart (and migrations take an advisory lock, see migration_guard)."""
        return None

    def quick_check(self, budget: float | None = None) -> IntegrityReport:  # noqa: ARG002
        """A server checks its own pages (checksums, WAL replay); nothing to read here."""
        from unionbook.db.integrity import IntegrityReport

        return IntegrityReport(True, True, (), 0.0)

    def files_root(self) -> Path:
        """Attachments, user templates and documents of a server book: a folder in this user's data
        folder named after the server and database (README, "PostgreSQL (多人共用)")."""
        port = self.url.port or 5432
        host = self.url.host or "localhost"
        name = re.sub(r"[^0-9A-Za-z_.\-\u4e00-\u9fff]", "_", f"{host}-{port}-{self.database}")
        return paths.data_dir() / "servers" / name

    def foreign_key_problems(self, conn: Connection) -> list:  # noqa: ARG002
        """None possible: PostgreSQL checks every foreign key as it is written, even in migrations."""
        return []

    def migration_guard(self, conn: Connection) -> None:
        """Two people starting a new version at once: the second waits for the first's upgrade
        (a transaction-scoped advisory lock, released at commit or rollback)."""
        conn.exec_driver_sql("SELECT pg_advisory_xact_lock(20261130)")


def _like_folds_case_as_sqlites() -> None:
    """LIKE is ILIKE on PostgreSQL: SQLite's LIKE ignores the case of ASCII letters, and every
    search (names, departments, 'john' for John Smith, an ID ending in x) was written for that.
    Set on PostgreSQL's compiler, so SQLite's SQL is untouched; for Chinese text both are the same."""
    from sqlalchemy.dialects.postgresql.base import PGCompiler

    PGCompiler.visit_like_op_binary = PGCompiler.visit_ilike_op_binary  # type: ignore[method-assign]
    PGCompiler.visit_not_like_op_binary = PGCompiler.visit_not_ilike_op_binary  # type: ignore[method-assign]


def _sums_as_integers(dbapi_connection: Any, _record: Any) -> None:
    """SUM over a BIGINT column is NUMERIC on PostgreSQL, which psycopg reads as Decimal; SQLite
    gives an int, and the services add, compare and format fen as ints. A whole NUMERIC is read as
    an int here (the schema has no fractional columns, so that is every sum)."""
    from psycopg.types.numeric import NumericLoader

    class WholeNumericLoader(NumericLoader):
        def load(self, data: Any) -> Any:
            value = super().load(data)
            return int(value) if value.is_finite() and value == value.to_integral_value() else value

    dbapi_connection.adapters.register_loader("numeric", WholeNumericLoader)


Backend = SqliteBackend | PostgresBackend


def backend_for(target: Path | str | None) -> Backend:
    """The backend of a `--db` value (None: UNIONBOOK_DB, else the user's default file)."""
    if target is None:
        target = paths.default_db_target()
    if isinstance(target, (SqliteBackend, PostgresBackend)):
        return target
    if is_server_url(target):
        return PostgresBackend(str(target))
    return SqliteBackend(target)


def dialect_of(bind: Session | Connection | Engine) -> str:
    """"sqlite" or "postgresql", for the few statements spelled differently."""
    get_bind = getattr(bind, "get_bind", None)
    engine = get_bind() if get_bind is not None else bind
    return engine.dialect.name


def ids_follow_commit_order(bind: Session | Connection | Engine) -> bool:
    """Whether a table's new ids are in the order their writes commit: SQLite's one writer at a time
    numbers them while it holds the book; a server hands numbers out when writes start, and a write
    begun first may commit last, below a number already seen."""
    return dialect_of(bind) == "sqlite"


def upsert(bind: Session | Connection | Engine, table: Any):  # noqa: ANN201 - the dialect's Insert
    """INSERT … ON CONFLICT for `table` in the bind's dialect; both spell `.on_conflict_do_update`
    / `.on_conflict_do_nothing` and `.excluded` the same way."""
    if dialect_of(bind) == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table)


def raw_insert_sql(bind: Session | Connection | Engine, table: Table, columns: Sequence[str]) -> str:
    """INSERT into `columns` of `table` for the driver's executemany, with rows already in SQLite's
    storage form (dates as ISO text, booleans as 0/1: what the bulk writers build, skipping
    SQLAlchemy's per-row processing). On PostgreSQL each such parameter is cast to its column's
    type, so the same rows go to both. Column names come from the table, never from data."""
    names = [table.c[name].name for name in columns]  # KeyError on a column the model no longer has
    if dialect_of(bind) != "postgresql":
        return f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    markers = []
    for name in names:
        kind = table.c[name].type
        kind = getattr(kind, "impl", kind)  # a TypeDecorator stores what its impl stores
        if isinstance(kind, Boolean):
            markers.append("CAST(CAST(%s AS INTEGER) AS BOOLEAN)")
        elif isinstance(kind, DateTime):
            markers.append("CAST(%s AS TIMESTAMP)")
        elif isinstance(kind, Date):
            markers.append("CAST(%s AS DATE)")
        elif isinstance(kind, JSON):
            markers.append("CAST(%s AS JSON)")
        else:
            markers.append("%s")
    return f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join(markers)})"


def sync_id_sequences(bind: Session | Connection, tables: Sequence[Table]) -> None:
    """After rows were written with ids of their own (the bulk writers number them): move each
    table's id sequence past its largest id, so the next row the ORM adds does not take one of
    them. SQLite needs nothing: its next rowid is always max(rowid) + 1."""
    if dialect_of(bind) != "postgresql":
        return
    connection = bind if hasattr(bind, "exec_driver_sql") else bind.connection()  # a Connection, or a Session's
    for table in tables:
        if "id" not in table.c or not table.c.id.autoincrement:
            continue
        connection.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), COALESCE(max(id), 0) + 1, false) FROM {table.name}"
        )


@contextmanager
def indexes_built_after(session: Session, tables: list[Table] | tuple[Table, ...]) -> Iterator[None]:
    """Inside the session's transaction: drop the secondary indexes of those `tables` that hold no
    row yet, and create them again on leaving (unique indexes stay: they check the rows). The
    indexes are re-created from the very SQL the database recorded for them, so no index is
    described twice; both engines' DDL is transactional, so a kill leaves all or nothing."""
    connection = session.connection()
    server = dialect_of(session) == "postgresql"
    dropped: list[tuple[str, str]] = []
    for table in tables:
        if connection.exec_driver_sql(f"SELECT 1 FROM {table.name} LIMIT 1").first() is not None:
            continue
        if server:
            found = connection.exec_driver_sql(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = %(t)s",
                {"t": table.name},
            )
        else:
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


def refuse_on_server(backend: Backend | None, what: str, instead: str) -> None:
    """A file-only feature asked of a server book: one Chinese line saying what to use instead."""
    if backend is not None and backend.is_server:
        raise InputError(detail=f"{what}只适用于本机的数据库文件；{backend.location} 在 PostgreSQL 服务器上，{instead}")
