"""Backups of a book on a PostgreSQL server: pg_dump when it is installed, else our own export.

A server book has no file to copy, so `unionbook backup` (and the window's 备份) writes one of two
kinds of file, and `restore` tells them apart by their first bytes:

- `pg_dump -Fc` (custom format, "PGDMP…") when pg_dump is on PATH: the server's own, complete
  backup, read back with pg_restore. The URL's user, host, port and database are passed as
  options and its password through PGPASSWORD, so no password is on a command line (visible in
  the process list) or in any message.
- otherwise a zip of our own ("PK…"): `manifest.json` (format, the schema revision, each table's
  columns, row count and the sha256 of its entry) and `tables/<table>.jsonl`, one JSON array per
  row in the manifest's column order. It is read in one REPEATABLE READ transaction, so the tables
  agree with each other while people keep working; it is written the same way from a SQLite book
  (moving a union's records onto the office server).

Restoring is into an empty book (a database the administrator has just created, which UnionBook
has set up on first open): the content of a book people use is never replaced by surprise. The
file is checked completely before anything is written (pg_restore --list; the zip's manifest,
checksums and every line), and then written in ONE transaction (pg_restore --single-transaction;
our inserts and the sequences' new starts), so a failure leaves the book empty as it was.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Date, DateTime, Engine, func, insert, select, text
from sqlalchemy.engine import URL

from unionbook import __version__
from unionbook.db.base import Base
from unionbook.domain.errors import InputError
from unionbook.services.backup.archive import Written

log = logging.getLogger(__name__)

FORMAT = "unionbook-table-export"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
PG_DUMP_MAGIC = b"PGDMP"
ZIP_MAGIC = b"PK\x03\x04"
_BATCH = 5000
_TIMEOUT = 3600  # seconds a pg_dump / pg_restore may take (a 100,000-member book takes seconds)


@dataclass(frozen=True)
class PgBackup:
    """What `backup` wrote: the file, its size, which route made it and how many rows it holds
    (None for a pg_dump file, which only pg_restore reads)."""

    path: Path
    size: int
    route: str  # "pg_dump" or "export"
    rows: int | None

    def message(self) -> str:
        kind = "pg_dump 备份" if self.route == "pg_dump" else f"UnionBook 导出备份，共 {self.rows} 行数据"
        return f"已备份到 {self.path}（{self.size / 1024 / 1024:.1f} MB，{kind}）"


@dataclass(frozen=True)
class PgRestored:
    source: Path
    route: str
    rows: int | None

    def message(self) -> str:
        rows = f"，共 {self.rows} 行数据" if self.rows is not None else ""
        return f"已从 {self.source.name} 恢复（{'pg_restore' if self.route == 'pg_dump' else 'UnionBook 导出备份'}{rows}）"


def pg_tool(name: str) -> str | None:
    """pg_dump / pg_restore if installed (on PATH), else None."""
    return shutil.which(name)


# --- writing -----------------------------------------------------------------------------------


def backup(engine: Engine, target: Path, revision: str | None, *, use_pg_dump: bool | None = None) -> PgBackup:
    """Back the server book up into `target` (written beside it first, then renamed into place).

    `use_pg_dump`: None → pg_dump if installed; False → our export (tests, or a pg_dump of another
    major version than the server's, which refuses to run)."""
    target = Path(target).expanduser()
    if not target.parent.is_dir():
        raise InputError(detail=f"无法写入备份文件 {target}：文件夹 {target.parent} 不存在")
    partial = target.with_name(target.name + ".partial")
    pg_dump = pg_tool("pg_dump") if use_pg_dump is not False else None
    try:
        if pg_dump is not None:
            _run([pg_dump, "--format=custom", "--no-owner", "--no-privileges", f"--file={partial}"], engine.url,
                 f"pg_dump 未能备份 {engine.url.database}，未写入 {target.name}")  # fmt: skip
            route, rows = "pg_dump", None
        else:
            rows = export_tables(engine, partial, revision)
            route = "export"
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return PgBackup(target, target.stat().st_size, route, rows)


def write_backup(db: Any, target: Path) -> Written:
    """`unionbook backup` and the window's 备份 on a server book (services/backup.write_backup):
    pg_dump if installed, else the export; told as a backup with no attachment files."""
    written = backup(db.engine, target, db.schema_revision())
    log.info("backed up %s to %s by %s", db.location, written.path.name, written.route)
    return Written(written.path, written.size, 0, ())


def export_tables(engine: Engine, target: Path, revision: str | None) -> int:
    """Every table's rows as JSON lines in a zip (see the module docstring); returns the rows."""
    tables: list[dict[str, Any]] = []
    total = 0
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf, _snapshot(engine) as conn:
        for table in Base.metadata.sorted_tables:
            columns = [c.name for c in table.columns]
            digest = hashlib.sha256()
            count = 0
            name = f"tables/{table.name}.jsonl"
            with zf.open(name, "w", force_zip64=True) as entry:
                result = conn.execution_options(stream_results=True, yield_per=_BATCH).execute(
                    select(*table.columns).order_by(*table.primary_key.columns)
                )
                for row in result:
                    line = (json.dumps([_plain(v) for v in row], ensure_ascii=False) + "\n").encode("utf-8")
                    digest.update(line)
                    entry.write(line)
                    count += 1
            tables.append({"name": table.name, "columns": columns, "rows": count, "sha256": digest.hexdigest()})
            total += count
        manifest = {"format": FORMAT, "format_version": FORMAT_VERSION, "app_version": __version__,
                    "created_at": datetime.now().isoformat(timespec="seconds"), "revision": revision,
                    "dialect": engine.dialect.name, "tables": tables}  # fmt: skip
        zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
    return total


class _snapshot:
    """One read-only transaction every table is read in (REPEATABLE READ on a server)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def __enter__(self) -> Any:
        options = {"isolation_level": "REPEATABLE READ"} if self.engine.dialect.name == "postgresql" else {}
        self.conn = self.engine.connect().execution_options(**options)
        self.tx = self.conn.begin()
        return self.conn

    def __exit__(self, *_exc: object) -> None:
        self.tx.rollback()
        self.conn.close()


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def restore_book(db: Any, source: Path) -> PgRestored:
    """`unionbook restore` and the window's 恢复 on a server book: into an empty book only, and
    the restore recorded in the restored book's trail, as a file restore is."""
    from unionbook.services import audit

    restored = restore(db.engine, source, db.schema_revision())
    with db.session_factory.begin() as session:
        audit.record_restore(session, Path(source), None)
    return restored


# --- reading -----------------------------------------------------------------------------------


def restore(engine: Engine, source: Path, revision: str | None) -> PgRestored:
    """Restore `source` (a pg_dump file or our export) into the empty server book of `engine`."""
    source = Path(source).expanduser()
    head = _head(source)
    if head.startswith(PG_DUMP_MAGIC):
        pg_restore = pg_tool("pg_restore")
        if pg_restore is None:
            raise InputError(detail=f"{source.name} 是 pg_dump 备份，需要 PostgreSQL 的 pg_restore 才能恢复：请在装有 PostgreSQL 客户端的电脑上恢复")
        _run([pg_restore, "--list", str(source)], None, f"备份文件 {source.name} 已损坏或不完整，未做任何改动")
        _refuse_unless_empty(engine)
        engine.dispose()  # our own pooled connections must not hold the tables pg_restore replaces
        _run([pg_restore, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
              "--exit-on-error", str(source)], engine.url, f"pg_restore 未能恢复 {source.name}，数据库仍是空的")  # fmt: skip
        return PgRestored(source, "pg_dump", None)
    if head.startswith(ZIP_MAGIC):
        manifest = check_export(source)
        if manifest["revision"] != revision:
            raise InputError(detail=f"备份文件 {source.name} 的数据库版本是 {manifest['revision']}，当前数据库是 {revision}："
                                    "请用同一版本的 UnionBook 恢复，未做任何改动")  # fmt: skip
        _refuse_unless_empty(engine)
        rows = _load(engine, source, manifest)
        return PgRestored(source, "export", rows)
    raise InputError(detail=f"{source.name} 不是 UnionBook 的 PostgreSQL 备份（既不是 pg_dump 文件，也不是导出备份），未做任何改动")


def _head(source: Path) -> bytes:
    try:
        with open(source, "rb") as fh:
            return fh.read(8)
    except FileNotFoundError:
        raise InputError(detail=f"找不到备份文件 {source}") from None


def check_export(source: Path) -> dict[str, Any]:
    """The export's manifest, after checking everything in it: the format, that every table this
    version has is there with its columns, and each entry's sha256 and row count. A file that
    fails any of it is refused naming the file and what is wrong."""

    def damaged(why: str) -> InputError:
        return InputError(detail=f"备份文件 {source.name} 已损坏或不完整（{why}），未做任何改动")

    try:
        with zipfile.ZipFile(source) as zf:
            try:
                manifest = json.loads(zf.read(MANIFEST))
            except KeyError:
                raise damaged("缺少 manifest.json") from None
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                raise damaged("不是 UnionBook 导出备份")
            listed = {t.get("name"): t for t in manifest.get("tables", []) if isinstance(t, dict)}
            for table in Base.metadata.sorted_tables:
                entry = listed.get(table.name)
                if entry is None:
                    raise damaged(f"缺少数据表 {table.name}")
                if entry.get("columns") != [c.name for c in table.columns]:
                    raise damaged(f"数据表 {table.name} 的列与本版本不同")
                digest, count = hashlib.sha256(), 0
                for line in _lines(zf, table.name, damaged):
                    digest.update(line)
                    count += 1
                if digest.hexdigest() != entry.get("sha256") or count != entry.get("rows"):
                    raise damaged(f"数据表 {table.name} 的内容与校验值不符")
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise damaged(type(exc).__name__) from exc
    return manifest


def _lines(zf: zipfile.ZipFile, table: str, damaged: Any) -> Iterator[bytes]:
    try:
        with zf.open(f"tables/{table}.jsonl") as entry:
            yield from entry
    except KeyError:
        raise damaged(f"缺少 tables/{table}.jsonl") from None


def _refuse_unless_empty(engine: Engine) -> None:
    """Restores go into an empty book: a book holding records is never replaced by surprise."""
    held = []
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            if table.name != "alembic_version" and conn.scalar(select(func.count()).select_from(table)):
                held.append(table.name)
    if held:
        raise InputError(detail="只能恢复到一个空的 PostgreSQL 数据库：当前数据库已有记录（" + "、".join(held[:5])
                                + "…）。请让管理员新建一个空数据库（createdb），用 --db 指向它后再恢复，未做任何改动")  # fmt: skip


def _load(engine: Engine, source: Path, manifest: dict[str, Any]) -> int:
    """Insert every row in one transaction, then start each id sequence after the largest id."""
    total = 0
    with zipfile.ZipFile(source) as zf, engine.begin() as conn:
        for table in Base.metadata.sorted_tables:
            columns = [c.name for c in table.columns]
            readers = [_reader(c.type) for c in table.columns]
            batch: list[dict[str, Any]] = []
            with zf.open(f"tables/{table.name}.jsonl") as entry:
                for line in entry:
                    values = json.loads(line)
                    batch.append({c: read(v) for c, read, v in zip(columns, readers, values, strict=True)})
                    if len(batch) >= _BATCH:
                        conn.execute(insert(table), batch)
                        total += len(batch)
                        batch = []
            if batch:
                conn.execute(insert(table), batch)
                total += len(batch)
        if engine.dialect.name == "postgresql":
            for table in Base.metadata.sorted_tables:
                if "id" in table.c:
                    conn.execute(text(f"SELECT setval(pg_get_serial_sequence(:t, 'id'), COALESCE(MAX(id), 0) + 1, false) "
                                      f'FROM "{table.name}"'), {"t": table.name})  # fmt: skip
    return total


def _reader(column_type: Any) -> Any:
    if isinstance(column_type, DateTime):
        return lambda v: None if v is None else datetime.fromisoformat(v)
    if isinstance(column_type, Date):
        return lambda v: None if v is None else date.fromisoformat(v)
    return lambda v: v


# --- pg_dump / pg_restore ----------------------------------------------------------------------


def _run(args: list[str], url: URL | None, failure: str) -> None:
    """Run a PostgreSQL tool, on the URL's database when given; a failure is `failure` with the
    tool's last words in brackets (never the password, which goes in PGPASSWORD)."""
    env = dict(os.environ)
    if url is not None:
        args = [*args, f"--host={url.host or 'localhost'}", f"--port={url.port or 5432}", f"--dbname={url.database}"]
        if url.username:
            args.append(f"--username={url.username}")
        env.pop("PGPASSWORD", None)
        if url.password:
            env["PGPASSWORD"] = str(url.password)
        env.setdefault("PGCONNECT_TIMEOUT", "10")
    try:
        run = subprocess.run(args, check=False, env=env, capture_output=True, text=True, timeout=_TIMEOUT, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise InputError(detail=f"{failure}（{type(exc).__name__}）") from exc
    if run.returncode != 0:
        said = [line for line in (run.stderr or "").strip().splitlines() if line.strip()]
        last = said[-1] if said else f"退出码 {run.returncode}"
        if url is not None and url.password:
            last = last.replace(str(url.password), "***")
        raise InputError(detail=f"{failure}（{last}）")
