"""Bring a database to the newest schema, safely, without alembic.ini at run time.

Order of work: find out what the file is (inspect_database: only an empty file or UnionBook's own
database is ever written; another program's SQLite file is refused untouched); read the current
revision; if it is not head, copy the file aside with the backup API (into `backups/` beside the
database, or through the caller's `backup` function, which also saves the attachments), run every
pending migration in ONE transaction with foreign keys off (batch operations
re-create tables), run `PRAGMA foreign_key_check`, commit. Any failure rolls back (DDL included,
see engine.py) and the backup is restored as a second line of defence. New databases take the
same path, so the migrations run on every fresh install.
"""

from __future__ import annotations

import ast
import io
import logging
import re
import sqlite3
import sys
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from typing import TYPE_CHECKING

from unionbook import paths
from unionbook.db.backend import Backend, backend_for
from unionbook.db.backup import backup_database, is_sqlite_file, restore_database
from unionbook.domain.errors import (
    DatabaseDamagedError,
    DatabaseOpenError,
    ForeignDatabaseError,
    MigrationError,
    NewerDatabaseError,
)

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MigrationResult:
    from_revision: str | None
    to_revision: str
    backup: Path | None  # the copy made before upgrading an existing database

    @property
    def upgraded(self) -> bool:
        return self.from_revision != self.to_revision


def alembic_config(script_location: Path | None = None) -> Config:
    from alembic.config import Config

    # Config's stdout defaults to sys.stdout as it was when alembic was first imported (a default
    # argument): a stream a test's capture, or a windowed start, may have closed since. Today's, or
    # a sink when there is none (pythonw on Windows).
    cfg = Config(stdout=sys.stdout if sys.stdout is not None else io.StringIO())
    cfg.set_main_option("script_location", str(script_location or paths.migrations_path()))
    return cfg


#: `revision = "0005"` / `down_revision: str | None = "0004"` lines of a migration script.
_REVISION_LINE = re.compile(r"^(down_revision|revision)\s*(?::[^=\n]*)?=\s*(.+?)\s*$", re.MULTILINE)


def _revision_graph(script_location: Path | None = None) -> dict[str, str | None] | None:
    """revision → down_revision as the scripts' own lines say, read without alembic: importing
    alembic costs ~0.2 s, and a database already at head (every open but the first after an
    update) needs nothing else from it. None when a script says something this reader does not
    follow (a merge's tuple, a computed value): alembic then decides."""
    graph: dict[str, str | None] = {}
    for script in sorted((Path(script_location or paths.migrations_path()) / "versions").glob("*.py")):
        found = dict(m.groups() for m in _REVISION_LINE.finditer(script.read_text(encoding="utf-8")))
        try:
            revision, down = (ast.literal_eval(found[k]) for k in ("revision", "down_revision"))
        except (KeyError, ValueError, SyntaxError):
            return None
        if not isinstance(revision, str) or not (down is None or isinstance(down, str)) or revision in graph:
            return None
        graph[revision] = down
    return graph or None


def head_revision(script_location: Path | None = None) -> str:
    graph = _revision_graph(script_location)
    heads = set(graph) - set(graph.values()) if graph else set()
    if len(heads) == 1:
        return heads.pop()
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config(script_location))
    head = script.get_current_head()
    assert head is not None, "migrations/versions is empty"
    return head


def current_revision(db_path: Path | str | Backend) -> str | None:
    """The revision recorded in the book's alembic_version table (None before the first
    migration), read with one SELECT: alembic's MigrationContext says the same but importing
    alembic costs ~0.45 s, which 设置 paid on its first show and every backup listing with it."""
    from sqlalchemy import inspect, text

    backend = backend_for(db_path)
    engine = backend.make_engine()
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return None
            rows = sorted(str(r[0]) for r in conn.execute(text("SELECT version_num FROM alembic_version")))
    finally:
        engine.dispose()
    if len(rows) > 1:  # a branched history: never made by UnionBook's linear chain
        raise DatabaseDamagedError(path=str(backend.location), detail=f"记录了多个版本：{'、'.join(rows)}")
    return rows[0] if rows else None


#: Tables every UnionBook database has had since the first revision: with alembic_version they
#: tell our database from another program that also happens to use alembic (and a revision "0001").
CORE_TABLES = frozenset({"members", "union_profile", "audit_log"})


@dataclass(frozen=True)
class DatabaseState:
    """What a file at a database path is, read without writing to it."""

    kind: str  # missing | empty | unionbook | newer | foreign | not_sqlite
    revision: str | None = None
    detail: str = ""


def known_revisions(script_location: Path | None = None) -> set[str]:
    graph = _revision_graph(script_location)
    if graph is not None:
        return set(graph)
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config(script_location))
    return {rev.revision for rev in script.walk_revisions()}


def inspect_database(db_path: Path | str | Backend, script_location: Path | None = None) -> DatabaseState:
    """Classify the file at `db_path` (or the server database it names). Opens it read-only;
    raises DatabaseDamagedError when even its schema cannot be read."""
    backend = backend_for(db_path)
    if backend.is_server:
        return _inspect_server(backend, script_location)
    db_path = backend.path
    if not db_path.exists():
        return DatabaseState("missing")
    if db_path.stat().st_size == 0:
        return DatabaseState("empty")
    if not is_sqlite_file(db_path):
        return DatabaseState("not_sqlite", detail="不是 SQLite 格式")
    try:
        # A plain connection that only reads: the file stays byte-for-byte the same, and for a WAL
        # file the -wal/-shm it makes are removed again on close (a mode=ro connection leaves them).
        with closing(sqlite3.connect(db_path)) as conn:
            conn.execute("PRAGMA query_only = 1")
            names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            entries = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            revision = None
            if "alembic_version" in names:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = str(row[0]) if row else None
    except sqlite3.DatabaseError as exc:
        raise DatabaseDamagedError(path=str(db_path), detail=f"无法读取表结构：{exc}") from exc
    if entries == 0:
        return DatabaseState("empty")
    return _classify(names, revision, script_location)


def _inspect_server(backend, script_location: Path | None) -> DatabaseState:
    from unionbook.db import postgres

    found = postgres.table_names_and_revision(backend)
    if found is None:
        return DatabaseState("missing")
    names, revision = found
    if not names:
        return DatabaseState("empty")
    return _classify(names, revision, script_location)


def _classify(names: set[str], revision: str | None, script_location: Path | None) -> DatabaseState:
    """A book's tables and revision: UnionBook's own (current or older), a newer UnionBook's, or
    another program's."""
    others = sorted(n for n in names if not n.startswith("sqlite_"))
    if revision is None or not CORE_TABLES <= names:
        shown = "、".join(others[:5]) + (" 等" if len(others) > 5 else "")
        return DatabaseState("foreign", revision, f"其中的表是 {shown}" if shown else "没有 UnionBook 的表")
    if revision not in known_revisions(script_location):
        return DatabaseState("newer", revision)
    return DatabaseState("unionbook", revision)


def refuse_unusable(db_path: Path | str | Backend, state: DatabaseState) -> None:
    """Raise the refusal for a file UnionBook must not write to (no-op for empty/unionbook)."""
    if not isinstance(db_path, (str, Path)):
        db_path = db_path.location
    if state.kind == "not_sqlite":
        raise DatabaseOpenError(path=str(db_path), detail="这不是 UnionBook 数据库文件（不是 SQLite 格式）")
    if state.kind == "foreign":
        raise ForeignDatabaseError(path=str(db_path), detail=state.detail)
    if state.kind == "newer":
        raise NewerDatabaseError(path=str(db_path), revision=state.revision)


def backups_dir(db_path: Path) -> Path:
    """`backups/` beside the database: every copy the program makes of it goes there."""
    return Path(db_path).resolve().parent / "backups"


#: <stem>-20261130-093000[-2]-升级前.zip — the pattern services/backup lists and prunes by.
BACKUP_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?-(?P<reason>[^-.]+)\.(?P<ext>zip|sqlite)$"
)


def backup_path_for(db_path: Path, reason: str, suffix: str = ".zip", when: datetime | None = None) -> Path:
    """A new dated file in backups/: unionbook-20261130-093000-升级前.zip (never an existing one)."""
    db_path = Path(db_path)
    stamp = (when or datetime.now()).strftime("%Y%m%d-%H%M%S")
    folder = backups_dir(db_path)
    candidate = folder / f"{db_path.stem}-{stamp}-{reason}{suffix}"
    n = 2
    while candidate.exists() or candidate.with_name(candidate.name + ".partial").exists():
        candidate = folder / f"{db_path.stem}-{stamp}-{n}-{reason}{suffix}"
        n += 1
    return candidate


def _plain_backup(db_path: Path, _revision: str | None) -> Path:
    """Without a caller's backup function: the database alone, as a plain SQLite copy."""
    target = backup_path_for(db_path, "升级前", ".sqlite")
    backup_database(db_path, target)
    return target


def migrate(
    db_path: Path | str | Backend,
    script_location: Path | None = None,
    target: str = "head",
    *,
    backup: Callable[[Path, str | None], Path] | None = None,
    state: DatabaseState | None = None,
) -> MigrationResult:
    """Upgrade the database at `db_path` (created when missing or empty) to `target`.

    Another program's SQLite file, a file that is not SQLite and a database from a newer
    UnionBook are refused before anything is written. An existing database file is first copied
    by `backup(db_path, revision)` (default: a plain copy into backups/), and restored from a copy
    of its own if the upgrade fails. A server database (db/backend.py) is upgraded in one
    transaction under an advisory lock; its copies are the server's (pg_dump), not ours.
    `state`: what inspect_database just said of it (Database.open has asked already).
    """
    backend = backend_for(db_path)
    state = state or inspect_database(backend, script_location)
    refuse_unusable(backend, state)
    existing = state.kind == "unionbook"
    if backend.is_server:
        if state.kind == "missing":
            backend.create_empty()  # refuses: the administrator creates a server's databases
    else:
        backend.path.parent.mkdir(parents=True, exist_ok=True)
    db_path = backend.path

    wanted = head_revision(script_location) if target == "head" else target
    before = state.revision if existing else None
    if before == wanted:
        return MigrationResult(before, wanted, None)
    from alembic import command

    cfg = alembic_config(script_location)

    saved = rollback = None
    if existing and not backend.is_server:
        saved = (backup or _plain_backup)(db_path, before)
        log.info("backed up %s to %s before migrating", db_path, saved)
        if saved.suffix == ".sqlite":
            rollback = saved
        else:  # the caller's backup is an archive: keep a plain copy to roll back from
            rollback = db_path.with_name(f".{db_path.name}.before-upgrade")
            backup_database(db_path, rollback)

    engine = backend.make_engine(foreign_keys=False)
    try:
        with engine.begin() as conn:
            backend.migration_guard(conn)
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, target)
            problems = backend.foreign_key_problems(conn)
            if problems:
                raise RuntimeError(f"外键检查失败：{problems[:5]}")
    except Exception as exc:
        engine.dispose()
        if rollback is not None:
            restore_database(rollback, db_path)
        log.exception("migration of %s failed", backend.location, extra={"file_only": True})  # the message says it
        raise MigrationError(path=backend.location, backup=str(saved or "无"), detail=str(exc)) from exc
    finally:
        if rollback is not None and rollback != saved:
            rollback.unlink(missing_ok=True)
    engine.dispose()
    after = current_revision(backend)
    log.info("migrated %s from %s to %s", backend.location, before, after)
    return MigrationResult(before, after or wanted, saved)
