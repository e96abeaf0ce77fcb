"""The dues and funds ledgers at 1k, 10k and 100k people (issue 14), next to their floors.

What a chair waits for: generating a month's 应缴 (one row per member), the year's dues totals and
arrears, the funds ledger's lines and category totals for a year, the dues/funds figures, and the
合规检查 of a year. Each has a floor beside it, the same work as bare SQL through sqlite3 with no
rules: a month's rows INSERTed from the roster, and the year's payments grouped per member and
program (what the cap check and the ledger read).

    python bench/finance.py [--sizes 1000,10000,100000] [--keep FOLDER]

The demo union of each size is built once per folder (--keep reuses it); building is not timed.
Prints a Markdown table of seconds (best of three).
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from datetime import date
from pathlib import Path

from unionbook.services import dues
from unionbook.services.compliance import compliance_report
from unionbook.services.database import Database
from unionbook.services.demo import generate_demo
from unionbook.services.figures import Period, compute
from unionbook.services.figures import funds as funds_figures
from unionbook.services.fund_ledger import category_totals, ledger_lines

YEAR = 2025
DECEMBER = date(YEAR, 12, 1)


def demo(folder: Path, size: int) -> Path:
    path = folder / f"demo{size}.sqlite"
    if not path.exists():
        started = time.perf_counter()
        db = Database.open(path, source="bench")
        try:
            generate_demo(db.session_factory, members=size)
        finally:
            db.close()
        print(f"[{size}] demo built in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return path


def best(fn: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def _floor_month_insert(path: Path) -> None:
    """A month's rows as one INSERT … SELECT from the roster, on a scratch table: no status, no rule."""
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TEMP TABLE m (member_id INTEGER, month TEXT, due INTEGER)")
        conn.execute("INSERT INTO m SELECT id, '2025-12-01', 0 FROM members")


def _floor_year_groups(path: Path) -> None:
    """The year's payments summed per member and program: what a cap check and the ledger read."""
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("SELECT member_id, program, sum(amount_fen + goods_value_fen) FROM aid_payments "
                     "WHERE date BETWEEN '2025-01-01' AND '2025-12-31' GROUP BY member_id, program").fetchall()  # fmt: skip


def measure(path: Path, work: Path) -> dict[str, float]:
    copy = work / "copy.sqlite"
    shutil.copyfile(path, copy)
    results: dict[str, float] = {}
    db = Database.open(copy, source="bench")
    try:
        f = db.session_factory
        results["dues: generate December (every member's row, regenerated)"] = best(lambda: dues.generate_month(f, DECEMBER))
        results["  floor: INSERT … SELECT one row per member"] = best(lambda: _floor_month_insert(copy))
        results["dues: the year's totals (应缴, 实缴, 欠缴)"] = best(lambda: dues.totals(f, dues.DuesFilter(year=YEAR)))
        results["dues: arrears summary at year end"] = best(lambda: dues.arrears_summary(f, date(YEAR, 12, 31)))
        with f() as session:
            results["funds: category totals for the year"] = best(
                lambda: category_totals(session, date(YEAR, 1, 1), date(YEAR, 12, 31)))  # fmt: skip
            results["funds: the year's ledger lines"] = best(lambda: ledger_lines(session, date(YEAR, 1, 1), date(YEAR, 12, 31)))
        results["  floor: the year's payments grouped per member and program"] = best(lambda: _floor_year_groups(copy))
        with f() as session:
            results[f"figures: the {len(funds_figures.FIGURES)} dues and funds figures only"] = best(
                lambda: funds_figures.compute(session, Period.year(YEAR)))  # fmt: skip
        results["figures: every figure for the year"] = best(lambda: compute(f, Period.year(YEAR)))
        results["合规检查: re-check the year's payments"] = best(lambda: compliance_report(f, YEAR), repeat=1)
    finally:
        db.close()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--keep", type=Path, help="build the demo unions here once and reuse them")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    folder = args.keep or Path(tempfile.mkdtemp(prefix="unionbook-finance-"))
    folder.mkdir(parents=True, exist_ok=True)
    table: dict[str, dict[int, float]] = {}
    for size in sizes:
        work = Path(tempfile.mkdtemp(prefix=f"finance{size}-"))
        try:
            for name, seconds in measure(demo(folder, size), work).items():
                table.setdefault(name, {})[size] = seconds
                print(f"[{size}] {name}: {seconds:.3f} s", file=sys.stderr, flush=True)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    print("| operation (seconds) | " + " | ".join(f"{s // 1000}k" for s in sizes) + " |")
    print("|---|" + "---:|" * len(sizes))
    for name, row in table.items():
        print(f"| {name} | " + " | ".join(f"{row[s]:.3f}" for s in sizes) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
