"""Each page's first show and year switch in the main window, offscreen (issue 17).

The rule is "a page loads what it shows, when it is shown": clicking a page in the navigation (or a
tab) must give the event loop back within 0.5 s of main-thread time, and moving the window's year
2025 → 2024 → 2025 while the page is on screen within 0.3 s, at 100,000 members. This script opens
the main window on a database (offscreen, its settings in a scratch folder), then for each page of
the navigation — and each tab of the pages with tabs — shows it, waits until the event loop is idle
and no background read is running, and measures:

- main-thread CPU seconds (`time.thread_time`) from the click to idle: what the chair waits for
  with a frozen window — a background read's own work runs on another thread and is not in it;
- wall seconds from the click to idle, background reads included (noisy on a loaded machine);
- the same two for the year switch while the page is visible: 2025 → 2024 and back, each to idle,
  the slower of the two.

Each database is measured in a process of its own; each repetition opens a new window (pages are
built when first shown). The first window's first shows include importing each page's modules, as
the chair's first click does (from bytecode, compiled beforehand as an installed program's is);
the best of `--runs` leaves the imports out. The window's opening
(with 总览, the page it opens on) is the first row. Use a COPY of a database: it is upgraded to the
current schema when opened.

    python bench/pages.py DB [DB …] [--runs 3] [--only 帮扶]

It prints one Markdown table per database with `uptime` before and after, then one table of
main-thread seconds with a column per database.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QSettings, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QTabWidget

import unionbook
from unionbook.services.database import Database
from unionbook.ui import tasks, ui_settings
from unionbook.ui.application import create_application
from unionbook.ui.main_window import PAGE_TITLES, MainWindow

#: Targets at 100,000 members (issue 17): main-thread seconds.
FIRST_SHOW_TARGET = 0.5
YEAR_SWITCH_TARGET = 0.3


@dataclass
class Timing:
    cpu: float  # main-thread CPU seconds
    wall: float

    def best(self, other: Timing | None) -> Timing:
        if other is None:
            return self
        return Timing(min(self.cpu, other.cpu), min(self.wall, other.wall))


def settle(app: QApplication, limit: float = 120.0) -> None:
    """Run the event loop until it has nothing left to do and no background read is running."""
    deadline = time.perf_counter() + limit
    while True:
        loop = QEventLoop()
        QTimer.singleShot(0, loop.quit)  # fires once the events already queued are handled
        loop.exec()
        busy = tasks._RUNNING or QThreadPool.globalInstance().activeThreadCount()
        if not busy:
            app.processEvents()
            return
        if time.perf_counter() > deadline:
            raise TimeoutError("a background read did not finish")
        QThreadPool.globalInstance().waitForDone(5)


def timed(app: QApplication, action: Callable[[], Any]) -> Timing:
    cpu, wall = time.thread_time(), time.perf_counter()
    action()
    settle(app)
    return Timing(time.thread_time() - cpu, time.perf_counter() - wall)


def _tabs(page: Any) -> QTabWidget | None:
    return getattr(page, "tabs", None) if isinstance(getattr(page, "tabs", None), QTabWidget) else None


def one_window(
    app: QApplication, db: Database, year: int, wanted: list[str] | None
) -> dict[str, tuple[Timing, Timing | None]]:
    """Open a window, then show every page and tab once and switch the year on each."""
    results: dict[str, tuple[Timing, Timing | None]] = {}
    window: MainWindow | None = None

    def open_window() -> None:
        nonlocal window
        ui_settings.settings().setValue("main/page", 0)  # on 总览, whichever page the last one closed on
        window = MainWindow(db)
        window.resize(1366, 768)
        window.set_year(year)
        window.show()

    results["窗口打开（含总览）"] = (timed(app, open_window), None)
    assert window is not None and window.nav.currentRow() == 0

    def switch() -> Timing:
        """2025 → 2024, then back: the slower of the two moves."""
        moves = [timed(app, lambda y=y: window.set_year(y)) for y in (year - 1, year)]
        return Timing(max(m.cpu for m in moves), max(m.wall for m in moves))

    for index, title in enumerate(PAGE_TITLES):
        if wanted and not any(w in title for w in wanted):
            continue
        if index == 0:
            first = results["窗口打开（含总览）"][0]
        else:
            first = timed(app, lambda t=title: window.show_page(t))
        page = window.page(index)
        tabs = _tabs(page)
        if tabs is None:
            results[title] = (first, switch())
            continue
        tabs.setCurrentIndex(0)
        settle(app)
        for number in range(tabs.count()):
            name = f"{title} → {tabs.tabText(number)}"
            shown = first if number == 0 else timed(app, lambda n=number, t=tabs: t.setCurrentIndex(n))
            results[name] = (shown, switch())
    window.close()
    window.deleteLater()
    settle(app)
    return results


#: One row of results: first show in the first window (modules imported, caches cold), first show
#: best of the runs, and the year switch best of the runs (None where there is none).
Row = tuple[Timing, Timing, Timing | None]


def measure(app: QApplication, path: Path, runs: int, year: int, wanted: list[str] | None) -> dict[str, Row]:
    first: dict[str, tuple[Timing, Timing | None]] = {}
    best: dict[str, tuple[Timing, Timing | None]] = {}
    with Database.open(path, source="bench") as db:
        for _ in range(runs):
            for name, (shown, switched) in one_window(app, db, year, wanted).items():
                first.setdefault(name, (shown, switched))
                old_shown, old_switch = best.get(name, (None, None))
                best[name] = (shown.best(old_shown), switched.best(old_switch) if switched else None)
    return {name: (first[name][0], *best[name]) for name in best}


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()


def mark(value: float, target: float) -> str:
    return f"**{value:.3f}**" if value > target else f"{value:.3f}"


def table(results: dict[str, Row], runs: int) -> str:
    lines = [
        (
            f"| page → tab | first show, first window: main-thread CPU | best of {runs}: main-thread CPU "
            f"| wall to idle | year switch (slower of 2025→2024→2025), best of {runs}: main-thread CPU | wall |"
        ),
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, (cold, shown, switched) in results.items():
        switch_cells = f"{mark(switched.cpu, YEAR_SWITCH_TARGET)} | {switched.wall:.3f}" if switched else "— | —"
        lines.append(
            f"| {name} | {mark(cold.cpu, FIRST_SHOW_TARGET)} | {mark(shown.cpu, FIRST_SHOW_TARGET)} "
            f"| {shown.wall:.3f} | {switch_cells} |"
        )
    return "\n".join(lines)


def summary(per_db: dict[str, dict[str, Row]]) -> str:
    names = list(dict.fromkeys(n for r in per_db.values() for n in r))
    head = "| page → tab (main-thread s: first show best / first window; year switch) | " + " | ".join(per_db) + " |"
    lines = [head, "|---|" + "---:|" * len(per_db)]
    for name in names:
        cells = []
        for results in per_db.values():
            if name not in results:
                cells.append("—")
                continue
            cold, shown, switched = results[name]
            text = f"{mark(shown.cpu, FIRST_SHOW_TARGET)} / {mark(cold.cpu, FIRST_SHOW_TARGET)}"
            cells.append(text + (f"; {mark(switched.cpu, YEAR_SWITCH_TARGET)}" if switched else ""))
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def child(args: argparse.Namespace) -> int:
    """Measure one database in this process and print the results as JSON."""
    app = create_application()
    with tempfile.TemporaryDirectory(prefix="unionbook-pages-") as scratch:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, scratch)
        wanted = args.only.split(",") if args.only else None
        results = measure(app, args.databases[0], args.runs, args.year, wanted)
    rows = {name: [[t.cpu, t.wall] if t else None for t in row] for name, row in results.items()}
    print(json.dumps(rows, ensure_ascii=False))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="First show and year switch of every page (Markdown tables)")
    parser.add_argument("databases", nargs="+", type=Path, help="copies of demo unions (they are upgraded on open)")
    parser.add_argument("--runs", type=int, default=3, help="windows opened per database; the best is kept")
    parser.add_argument("--year", type=int, default=2025, help="the year shown; the switch goes one back and returns")
    parser.add_argument("--only", default=None, help="pages whose title contains one of these (comma-separated)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args)
    # An installed program imports its modules from bytecode: compile them first (into their
    # __pycache__), so the first window's imports are not a compile (PYTHONDONTWRITEBYTECODE).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    package = Path(unionbook.__file__).parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], env=env, check=True)
    per_db: dict[str, dict[str, Row]] = {}
    for path in args.databases:
        # A process per database: its first window imports the pages' modules, as the chair's does.
        command = [sys.executable, __file__, str(path), "--child", "--runs", str(args.runs), "--year", str(args.year)]
        load = uptime()
        extra = ["--only", args.only] if args.only else []
        done = subprocess.run(command + extra, check=False, capture_output=True, text=True, env=env)
        if done.returncode != 0:
            print(done.stderr[-3000:], file=sys.stderr)
            raise SystemExit(f"measuring {path} failed (exit {done.returncode})")
        out = done.stdout
        rows = json.loads(out.strip().splitlines()[-1])
        results = {name: tuple(Timing(*t) if t else None for t in row) for name, row in rows.items()}
        per_db[path.stem] = results  # type: ignore[assignment]
        print(f"## {path.name} (before: {load}; after: {uptime()})\n")
        print(table(per_db[path.stem], args.runs))
        print(flush=True)
    print("## main-thread seconds, bold over target (first show 0.5, year switch 0.3)\n")
    print(summary(per_db))
    return 0


if __name__ == "__main__":
    sys.exit(main())
