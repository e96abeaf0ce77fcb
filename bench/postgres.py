"""The year's figures of one union on PostgreSQL next to SQLite, in the same run (issue 19).

    python bench/postgres.py --sqlite /tmp/fig100k-copy.sqlite --server postgresql://postgres@127.0.0.1:55432/postgres

`--sqlite` is a UnionBook file (e.g. a copy of the 100,000-member demo union: never the original,
which is opened and upgraded here); `--server` an administrator's URL on a PostgreSQL server. The
book is moved onto a new database on that server the way an office moves (services/backup/postgres.py:
the table export, restored in one transaction) — or, with `--keep NAME`, an existing server book of
that name is used as it is. Then each operation is timed best of `--runs` on both engines:

- `floor`: one `SELECT count(*) FROM members` — what any query costs on that engine (the server
  book is ANALYZEd first, as autovacuum would do soon after a move);
- `figures`: every figure of FIGURES.md for the year (services.figures.compute);
- `figures + 上年`: the same with last year and 同比 (what `unionbook figures --year` prints).

The figures' values must be equal on both engines, else the bench stops: a speed without the
same answer is no comparison. Prints a Markdown table with seconds and PostgreSQL ÷ SQLite.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.engine import make_url


def best_of(runs: int, work: Callable[[], object]) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - started)
    return best, result


def server_copy(sqlite_book, admin_url: str, keep: str | None) -> str:  # noqa: ANN001 - an open Database
    """The server book to compare with: `keep` as it is, or a new database holding the file's rows."""
    from unionbook.db import postgres
    from unionbook.db.backend import PostgresBackend
    from unionbook.services.backup import postgres as pg_backup
    from unionbook.services.database import Database

    url = make_url(admin_url).set(database=keep or f"ub_bench_{os.getpid()}").render_as_string(hide_password=False)
    if keep:
        return url
    postgres.create_database(PostgresBackend(url))
    with tempfile.TemporaryDirectory() as folder:
        archive = Path(folder) / "export.zip"
        started = time.perf_counter()
        rows = pg_backup.export_tables(sqlite_book.engine, archive, sqlite_book.schema_revision())
        with Database.open(url, source="bench", safety_backups=False) as server:
            pg_backup.restore(server.engine, archive, server.schema_revision())
        print(f"moved {rows:,} rows onto the server in {time.perf_counter() - started:.0f} s (database {make_url(url).database})")
    return url


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite", type=Path, required=True, help="a UnionBook .sqlite file (a copy: it is upgraded)")
    parser.add_argument("--server", required=True, help="an administrator's postgresql:// URL")
    parser.add_argument("--keep", metavar="NAME", help="use this existing server book instead of copying the file")
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from unionbook.services.database import Database
    from unionbook.services.figures import Period, compute, compute_with_comparison

    period = Period.year(args.year)
    with Database.open(args.sqlite, source="bench", safety_backups=False) as lite:
        url = server_copy(lite, args.server, args.keep)
        with Database.open(url, source="bench", safety_backups=False) as server:
            with server.engine.connect() as conn:  # the planner's statistics, as autovacuum would make them
                conn.exec_driver_sql("ANALYZE")
                conn.commit()
            rows = []
            for name, work in (
                ("floor (count of members)", _count_members),
                (f"figures {args.year}", lambda f: compute(f, period)),
                (f"figures {args.year} + 上年", lambda f: compute_with_comparison(f, period)),
            ):
                lite_s, lite_value = best_of(args.runs, lambda: work(lite.session_factory))
                pg_s, pg_value = best_of(args.runs, lambda: work(server.session_factory))
                if lite_value != pg_value:
                    raise SystemExit(f"{name}: the engines disagree — SQLite {lite_value!r} … PostgreSQL {pg_value!r}")
                rows.append((name, lite_s, pg_s))
    print(f"\n{args.sqlite.name}, best of {args.runs} (load: {os.getloadavg()[0]:.1f})\n")
    print("| operation | SQLite s | PostgreSQL s | PostgreSQL ÷ SQLite |")
    print("|---|---:|---:|---:|")
    for name, lite_s, pg_s in rows:
        print(f"| {name} | {lite_s:.3f} | {pg_s:.3f} | {pg_s / lite_s:.1f}× |")
    return 0


def _count_members(factory) -> int:  # noqa: ANN001 - a sessionmaker
    from unionbook.db.models import Member

    with factory() as session:
        return session.scalar(select(func.count()).select_from(Member))


if __name__ == "__main__":
    raise SystemExit(main())
