"""Benchmarks: how long the operations a chair waits for take at 1k, 10k and 100k people.

DESIGN.md promises that 100,000 rows stay usable; this script is where that promise is measured.
It prints a Markdown table (rows = operations, columns = sizes, values = seconds, best of a few
runs) that can be pasted into an issue or a commit message. Not part of the test run.

Add an operation by appending a `Bench` to BENCHES: `setup` prepares what it needs (untimed) and
returns a state, `run(ctx, state)` is the timed part, `teardown` cleans up. Every size works in a
fresh temporary folder; `ctx.filled_db()` gives a database already holding the demo union of that
size, generated once per size and shared by the benches that only read it.

    python bench/run.py [--sizes 1000,10000,100000] [--repeat 3] [--only open]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook
from sqlalchemy import func, insert, select, update

from unionbook.db.backup import backup_database
from unionbook.db.models import Activity, AidPayment, Member
from unionbook.domain.vocab import ActivityCategory, AidProgram
from unionbook.services import members
from unionbook.services.database import Database
from unionbook.services.demo import generate_demo
from unionbook.services.figures import Period, compute, compute_with_comparison
from unionbook.services.importing.members import MEMBER_SPEC, import_members, plan_members
from unionbook.services.member_export import export_roster, roster_records

DEFAULT_SIZES = (1_000, 10_000, 100_000)


@dataclass
class Context:
    """What one size's benches share: the size, a scratch folder, and cached databases."""

    size: int
    workdir: Path
    cache: dict[str, Any] = field(default_factory=dict)
    _serial: int = 0

    def fresh_path(self, stem: str) -> Path:
        """A database path nobody has used yet (each repetition needs a new file)."""
        self._serial += 1
        return self.workdir / f"{stem}-{self._serial}.sqlite"

    def filled_db(self) -> Path:
        """A database at head holding the demo union of this size (closed, ready to open)."""
        if "filled" not in self.cache:
            path = self.fresh_path("filled")
            with Database.open(path, source="bench") as db:
                generate_demo(db.session_factory, members=self.size)
            self.cache["filled"] = path
        return self.cache["filled"]


def _nothing(_ctx: Context, _state: Any = None) -> None:
    return None


@dataclass(frozen=True)
class Bench:
    name: str
    #: The timed part; a bench that measures inside another process returns the seconds it reported.
    run: Callable[[Context, Any], float | None]
    setup: Callable[[Context], Any] = _nothing
    teardown: Callable[[Context, Any], None] = _nothing
    repeat: int = 3  # best of; expensive benches set 1


# -- the operations ---------------------------------------------------------------------------


def _open_and_close(_ctx: Context, path: Path) -> None:
    Database.open(path, source="bench").close()


def _setup_generate(ctx: Context) -> Database:
    return Database.open(ctx.fresh_path("demo"), source="bench")


def _run_generate(ctx: Context, db: Database) -> None:
    generate_demo(db.session_factory, members=ctx.size)


def _teardown_generate(ctx: Context, db: Database) -> None:
    db.close()
    # The freshly generated database doubles as the "existing" one, sparing a second generation.
    ctx.cache.setdefault("filled", db.path)


def roster_file(ctx: Context) -> Path:
    """The demo union's roster exported with full ID numbers: a realistic 24-column .xlsx."""
    if "roster" not in ctx.cache:
        path = ctx.workdir / "roster.xlsx"
        with Database.open(ctx.filled_db(), source="bench") as db:
            export_roster(db.session_factory, path, show_id=True)
        ctx.cache["roster"] = path
    return ctx.cache["roster"]


def _setup_import(ctx: Context) -> tuple[Database, Path]:
    return Database.open(ctx.fresh_path("import"), source="bench"), roster_file(ctx)


def _run_import(_ctx: Context, state: tuple[Database, Path]) -> None:
    db, path = state
    import_members(db.session_factory, plan_members(path))


def _run_plan(_ctx: Context, state: tuple[Database, Path]) -> None:
    plan_members(state[1])


def _setup_planned(ctx: Context) -> tuple[Database, Any]:
    db, path = _setup_import(ctx)
    return db, plan_members(path)


def _run_write(_ctx: Context, state: tuple[Database, Any]) -> None:
    import_members(state[0].session_factory, state[1])


def _run_calamine(_ctx: Context, path: Path) -> None:
    CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()


def _roster_rows(ctx: Context) -> list[list[Any]]:
    """The roster's rows as python-calamine reads them, read once, outside any timed part."""
    if "roster_rows" not in ctx.cache:
        ctx.cache["roster_rows"] = CalamineWorkbook.from_path(str(roster_file(ctx))).get_sheet_by_index(0).to_python()
    return ctx.cache["roster_rows"]


def _raw_insert(ctx: Context, rows: list[list[Any]]) -> None:
    """The floor for writing: rows through sqlite3's executemany into one table, no checks at all."""
    target = ctx.fresh_path("raw")
    with closing(sqlite3.connect(target)) as conn:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        width = len(rows[0])
        conn.execute(f"CREATE TABLE t ({', '.join(f'c{i}' for i in range(width))})")
        with conn:
            conn.executemany(f"INSERT INTO t VALUES ({', '.join('?' * width)})", [[str(v) for v in r] for r in rows[1:]])


def _run_raw_insert(ctx: Context, rows: list[list[Any]]) -> None:
    _raw_insert(ctx, rows)


def _run_floor(ctx: Context, path: Path) -> None:
    """Read and insert together: the floor an import of the same file is compared with."""
    _raw_insert(ctx, CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python())


def _run_export(ctx: Context, _state: Any) -> None:
    with Database.open(ctx.filled_db(), source="bench") as db:
        export_roster(db.session_factory, ctx.workdir / "export.xlsx")


def _export_rows(ctx: Context) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The header and rows `export members` writes (masked), read once, outside any timed part."""
    if "export_rows" not in ctx.cache:
        columns = MEMBER_SPEC.columns
        with Database.open(ctx.filled_db(), source="bench") as db:
            records = roster_records(db.session_factory)
        ctx.cache["export_rows"] = [c.label for c in columns], [tuple(r.get(c.key) for c in columns) for r in records]
    return ctx.cache["export_rows"]


def _bare_openpyxl(ctx: Context, rows: tuple[list[str], list[tuple[Any, ...]]]) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("花名册")
    for row in (rows[0], *rows[1]):
        sheet.append(row)
    workbook.save(ctx.workdir / "bare-openpyxl.xlsx")


def _bare_xlsxwriter(ctx: Context, rows: tuple[list[str], list[tuple[Any, ...]]]) -> None:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(ctx.workdir / "bare-xlsxwriter.xlsx"), {"constant_memory": True})
    sheet = workbook.add_worksheet("花名册")
    dated = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for number, row in enumerate((rows[0], *rows[1])):
        for column, value in enumerate(row):
            if value is not None:
                sheet.write(number, column, value, dated if isinstance(value, date) else None)
    workbook.close()


def _bare_pyexcelerate(ctx: Context, rows: tuple[list[str], list[tuple[Any, ...]]]) -> float | None:
    try:
        from pyexcelerate import Workbook  # not a dependency: `pip install pyexcelerate` for this row
    except ImportError:
        print("  (pyexcelerate is not installed)", file=sys.stderr)
        return float("nan")
    workbook = Workbook()
    workbook.new_sheet("花名册", data=[rows[0], *rows[1]])
    workbook.save(ctx.workdir / "bare-pyexcelerate.xlsx")
    return None


_PEAK_RSS_SCRIPT = """
import sys
from pathlib import Path
from unionbook.services.database import Database
from unionbook.services.importing.members import import_members, plan_members
with Database.open(Path(sys.argv[1]), source="bench") as db:
    import_members(db.session_factory, plan_members(Path(sys.argv[2])))
status = Path("/proc/self/status")
if status.exists():
    print(next(line.split()[1] for line in status.read_text().splitlines() if line.startswith("VmHWM:")))
"""


def _run_import_peak_rss(ctx: Context, state: tuple[Database, Path]) -> float:
    """The import of the roster in a child process of its own: its peak resident memory, in MiB.

    The child reports its own high-water mark (Linux's VmHWM): os.wait4's ru_maxrss is at least
    the bench process's own resident size, which the child inherits through fork and exec (a
    bench holding the 100k roster's rows reported 761 MiB for an import peaking at 495)."""
    db, path = state
    db.close()
    child = subprocess.Popen([sys.executable, "-c", _PEAK_RSS_SCRIPT, str(db.path), str(path)], stdout=subprocess.PIPE)
    reported = child.communicate()[0].decode().split()
    if child.returncode != 0:
        raise SystemExit(f"the import in a child process failed (status {child.returncode})")
    mib = int(reported[-1]) / 1024 if reported else float("nan")  # kilobytes
    print(f"  peak RSS of the import: {mib:.0f} MiB", file=sys.stderr)
    return mib


def _open_filled(ctx: Context) -> Database:
    return Database.open(ctx.filled_db(), source="bench")


def _run_list(_ctx: Context, db: Database) -> None:
    """The members page's first query: every id in pinyin order, then the first screenful of rows."""
    ids = members.query_member_ids(db.session_factory)
    members.fetch_rows(db.session_factory, ids[:60])


def _run_search(_ctx: Context, db: Database) -> None:
    """One keystroke in the search box: filter + sort in SQL, first screenful, status-bar counts."""
    flt = members.MemberFilter(text="王")
    ids = members.query_member_ids(db.session_factory, flt)
    members.fetch_rows(db.session_factory, ids[:60])
    members.status_counts(db.session_factory, flt)


def _close(_ctx: Context, db: Database) -> None:
    db.close()


FIGURES_YEAR = 2024


def figures_db(ctx: Context) -> Path:
    """The demo union topped up to 2 disbursements per person and one activity per 10 people in
    FIGURES_YEAR (at 100k people: 200,000 payments and 10,000 activities, the figures target).
    The demo alone has ~1.5 payments per person a year and a few hundred activities at most."""
    if "figures" not in ctx.cache:
        path = ctx.fresh_path("figures")
        backup_database(ctx.filled_db(), path)
        rng = random.Random(ctx.size)
        start = date(FIGURES_YEAR, 1, 1).toordinal()
        within = (date(FIGURES_YEAR, 1, 1), date(FIGURES_YEAR, 12, 31))
        with Database.open(path, source="bench") as db, db.session_factory.begin() as session:
            people = list(session.scalars(select(Member.id)))
            programs = [p.value for p in AidProgram]
            categories = [c.value for c in ActivityCategory]

            def day() -> date:
                return date.fromordinal(start + rng.randrange(365))

            def count(model: type, column: Any) -> int:
                return session.scalar(select(func.count()).select_from(model).where(column.between(*within))) or 0

            payments = [
                {"member_id": rng.choice(people), "program": rng.choice(programs), "date": day(),
                 "amount_fen": rng.randrange(0, 200_000), "goods_value_fen": rng.randrange(0, 20_000), "signed": True}
                for _ in range(2 * ctx.size - count(AidPayment, AidPayment.date))
            ]  # fmt: skip
            activities = [
                {"name": f"活动{i}", "category": rng.choice(categories), "start_date": day(), "role": "主办",
                 "participants": rng.randrange(5, 200), "cost_fen": rng.randrange(0, 500_000)}
                for i in range(ctx.size // 10 - count(Activity, Activity.start_date))
            ]  # fmt: skip
            for model, rows in ((AidPayment, payments), (Activity, activities)):
                if rows:
                    session.execute(insert(model), rows)
        ctx.cache["figures"] = path
    return ctx.cache["figures"]


def _open_figures(ctx: Context) -> Database:
    return Database.open(figures_db(ctx), source="bench")


def _run_figures(_ctx: Context, db: Database) -> None:
    compute(db.session_factory, Period.year(FIGURES_YEAR))


def _run_figures_comparison(_ctx: Context, db: Database) -> None:
    compute_with_comparison(db.session_factory, Period.year(FIGURES_YEAR))


def _isolated_env(ctx: Context) -> dict[str, str]:
    """A child process's environment: the user's folders (window state, backups of the day) inside
    the scratch folder, Qt offscreen, and compiled bytecode kept there as an installed copy keeps it
    (a checkout run with PYTHONDONTWRITEBYTECODE compiles every module on every start)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONIOENCODING="utf-8",
               PYTHONPYCACHEPREFIX=str(ctx.workdir / "pycache"))  # fmt: skip
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    for name in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "APPDATA", "LOCALAPPDATA"):
        env[name] = str(ctx.workdir / "home" / name.lower())
        Path(env[name]).mkdir(parents=True, exist_ok=True)
    return env


def _unionbook(ctx: Context, *args: str) -> str:
    """Run `python -m unionbook ARGS` as a chair would start it; its standard output."""
    done = subprocess.run([sys.executable, "-m", "unionbook", *args], env=_isolated_env(ctx), capture_output=True,
                          timeout=600, check=False)  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"unionbook {' '.join(args)}: exit {done.returncode}\n{done.stderr.decode('utf-8', 'replace')[-800:]}")
    return done.stdout.decode("utf-8", "replace")


_IDLE = re.compile(r"空闲 ([\d.]+) 秒")


def _empty_db(ctx: Context) -> Path:
    """A database at head with nothing in it (what a chair starts from), made once per size."""
    if "empty" not in ctx.cache:
        path = ctx.fresh_path("empty")
        Database.open(path, source="bench").close()
        ctx.cache["empty"] = path
    return ctx.cache["empty"]


def _warm_window(ctx: Context, path: Path) -> Path:
    """One untimed start first: it compiles the bytecode and takes the day's first backup."""
    if ("warm", path) not in ctx.cache:
        _run_window(ctx, path)
        ctx.cache[("warm", path)] = True
    return path


def _run_window(ctx: Context, path: Path) -> float:
    """Seconds from process start to the window's first idle moment, as `--exit-when-shown` says."""
    match = _IDLE.search(_unionbook(ctx, "--db", str(path), "--exit-when-shown"))
    if match is None:
        raise SystemExit("--exit-when-shown printed no time")
    return float(match.group(1))


def _warm_cli(ctx: Context, path: Path) -> Path:
    if ("warm cli", path) not in ctx.cache:
        _run_figures_cli(ctx, path)
        ctx.cache[("warm cli", path)] = True
    return path


def _run_figures_cli(ctx: Context, path: Path) -> None:
    _unionbook(ctx, "--db", str(path), "figures", "--year", str(FIGURES_YEAR))


#: `unionbook figures` in a child that also says how long its compute took (the wrapped
#: compute_with_comparison prints it last on stderr); nothing is imported before entry() that it
#: would not import itself, so the process is the command's own.
_TIMED_FIGURES = """
import sys, time
import unionbook.services.figures as figures
from unionbook.app import entry
inner = figures.compute_with_comparison
def timed(*args, **kwargs):
    start = time.perf_counter()
    try:
        return inner(*args, **kwargs)
    finally:
        sys.stderr.write(f"compute {time.perf_counter() - start:.6f}\\n")
figures.compute_with_comparison = timed
sys.argv = ["unionbook", *sys.argv[1:]]
sys.exit(entry())
"""


def _run_figures_start_up(ctx: Context, path: Path) -> float:
    """Seconds of `unionbook figures` that are not its compute: process start to exit, less the
    compute as the process measured it (its statements compiled cold, as in every new process)."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _TIMED_FIGURES, "--db", str(path), "figures", "--year",
                           str(FIGURES_YEAR)], env=_isolated_env(ctx), capture_output=True, timeout=600, check=True)  # fmt: skip
    wall = time.perf_counter() - start
    compute = float(re.findall(rb"compute ([\d.]+)", done.stderr)[-1])
    ctx.cache["figures compute in process"] = compute
    return wall - compute


def _figures_compute_in_process(ctx: Context, path: Path) -> float:
    """The compute of the start-up row's last run (its own clock, inside the process)."""
    _run_figures_start_up(ctx, path)
    return ctx.cache["figures compute in process"]


def _run_import_floor(ctx: Context, _path: Path) -> None:
    """Python, SQLAlchemy's ORM, and the models imported and configured: what every command paid
    before it read anything, until `unionbook figures` read the Core tables without the ORM."""
    code = "import sqlalchemy.orm, unionbook.db.models; sqlalchemy.orm.configure_mappers()"
    subprocess.run([sys.executable, "-c", code], env=_isolated_env(ctx), check=True, timeout=600)


def _run_sqlalchemy_floor(ctx: Context, _path: Path) -> None:
    """Python and SQLAlchemy alone, no ORM and no models: what any command that reads the book
    through SQLAlchemy pays on this machine before its first line of UnionBook."""
    subprocess.run([sys.executable, "-c", "import sqlalchemy"], env=_isolated_env(ctx), check=True, timeout=600)


def _window(ctx: Context) -> tuple[Database, Any, Any]:
    """A main window over the demo union, offscreen, its state kept in the scratch folder."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings

    from unionbook.ui.application import create_application
    from unionbook.ui.main_window import MainWindow

    app = create_application()
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(ctx.workdir / "settings"))
    db = Database.open(ctx.filled_db(), source="bench")
    return db, MainWindow, app


def _run_open_aid(_ctx: Context, state: tuple[Database, Any, Any]) -> None:
    """A new window on 总览, then 帮扶 chosen in the navigation, painted."""
    db, main_window, app = state
    window = main_window(db)
    window.show()
    app.processEvents()
    window.show_page("帮扶")
    app.processEvents()
    window.close()
    window.deleteLater()


def _close_window_db(_ctx: Context, state: tuple[Database, Any, Any]) -> None:
    state[2].processEvents()
    state[0].close()


def _aid_window(ctx: Context) -> tuple[Database, Any, Any]:
    """A window showing 帮扶 → 发放记录 on the demo's latest year (a year switch is then timed)."""
    db, main_window, app = _window(ctx)
    window = main_window(db)
    window.show()
    page = window.show_page("帮扶")
    page.tabs.setCurrentWidget(page.payments_tab)
    app.processEvents()
    return db, window, app


def _run_year_switch(_ctx: Context, state: tuple[Database, Any, Any]) -> None:
    """The window's year moved one back and forth again (two switches), each painted."""
    _db, window, app = state
    year = window.year
    window.set_year(year - 1)
    app.processEvents()
    window.set_year(year)
    app.processEvents()


def _close_aid_window(_ctx: Context, state: tuple[Database, Any, Any]) -> None:
    db, window, app = state
    window.close()
    window.deleteLater()
    app.processEvents()
    db.close()


def _open_attendance(ctx: Context) -> tuple[Database, Any, Any]:
    """The sign-in dialog of the first activity, shown offscreen (a QApplication is made once)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from unionbook.services.activities import list_activities
    from unionbook.ui.application import create_application
    from unionbook.ui.dialogs.attendance_dialog import AttendanceDialog

    app = create_application()
    db = Database.open(ctx.filled_db(), source="bench")
    dialog = AttendanceDialog(db, list_activities(db.session_factory)[0].id)
    dialog.show()
    app.processEvents()
    dialog.search_edit.setText("王")  # the timed search refills from a short list to the longest
    dialog.search()
    app.processEvents()
    return db, dialog, app


def _run_attendance_search(_ctx: Context, state: tuple[Database, Any, Any]) -> None:
    """One search in the sign-in dialog with an empty box: every person, capped at 300 rows, painted."""
    _db, dialog, app = state
    dialog.search_edit.blockSignals(True)
    dialog.search_edit.setText("")
    dialog.search_edit.blockSignals(False)
    dialog.search()
    app.processEvents()


def _run_attendance_many(_ctx: Context, state: tuple[Database, Any, Any]) -> None:
    """One search in the sign-in dialog finding thousands ('王': 7,600 people at 100k), 300 shown."""
    _db, dialog, app = state
    dialog.search_edit.blockSignals(True)
    dialog.search_edit.setText("王")
    dialog.search_edit.blockSignals(False)
    dialog.search()
    app.processEvents()


def _mutual_aid_window(ctx: Context) -> tuple[Database, Any, Any]:
    """A window showing 帮扶 → 互助保障 on the demo's latest year (a year switch is then timed)."""
    db, window, app = _aid_window(ctx)
    page = window.show_page("帮扶")
    page.tabs.setCurrentWidget(page.mutual_aid_tab)
    app.processEvents()
    return db, window, app


def _run_overview_read(_ctx: Context, db: Database) -> None:
    """What 总览 reads in the background for the latest year: figures with 上年, charts, 待办."""
    from unionbook.services.overview import latest_year_with_records, read_overview

    read_overview(db.session_factory, latest_year_with_records(db.session_factory), db_path=db.path)


def _run_overview_charts_todo(_ctx: Context, db: Database) -> None:
    """The overview's own part of that read: the seven charts and the 待办 lines."""
    from unionbook.services.charts import compute_charts
    from unionbook.services.overview import latest_year_with_records
    from unionbook.services.todo import todo_items

    year = latest_year_with_records(db.session_factory)
    compute_charts(db.session_factory, Period.year(year))
    todo_items(db.session_factory, year, db_path=db.path)


def _largest_batch(db: Database) -> int:
    with db.session_factory() as session:
        return session.execute(
            select(AidPayment.batch_id).where(AidPayment.batch_id.is_not(None)).group_by(AidPayment.batch_id)
            .order_by(func.count().desc()).limit(1)
        ).scalar_one()  # fmt: skip


def _setup_sign_batch(ctx: Context) -> tuple[Database, int]:
    """A copy of the demo union with its largest batch (every member's 节日慰问) not signed yet."""
    path = ctx.fresh_path("sign")
    backup_database(ctx.filled_db(), path)
    db = Database.open(path, source="bench")
    batch = _largest_batch(db)
    with db.session_factory.begin() as session:
        session.execute(update(AidPayment).where(AidPayment.batch_id == batch).values(signed=False))
    return db, batch


def _run_sign_batch(_ctx: Context, state: tuple[Database, int]) -> None:
    """全部标记已签收 on that batch: one UPDATE and one audit entry."""
    from unionbook.services.aid import sign_batch

    sign_batch(state[0].session_factory, state[1])


def _open_batch_dialog(ctx: Context) -> tuple[Database, Any, Any]:
    """帮扶 → 批量发放 → 新建批次…, shown offscreen: 全体会员, 节日慰问 on 2025-09-10, 200 元 each."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from unionbook.ui.application import create_application
    from unionbook.ui.dialogs.batch_dialog import BatchDialog

    app = create_application()
    db = Database.open(ctx.filled_db(), source="bench")
    dialog = BatchDialog(db, today=date(2025, 9, 10))
    dialog.resize(1180, 660)
    dialog.show()
    dialog.program.setCurrentIndex(dialog.program.findData("节日慰问"))
    dialog.amount.setText("200")
    app.processEvents()
    return db, dialog, app


def _run_batch_preview(_ctx: Context, state: tuple[Database, Any, Any]) -> None:
    """预览名单 to every member, as the dialog does it: the list, what it flags (who left, who was
    paid the program within 30 days), the 开支标准 check, the table's model and the first paint.
    The read runs in the background: timed until the list is in and painted."""
    from PySide6.QtCore import QEventLoop

    _db, dialog, app = state
    dialog._paid_near.clear()  # as the first preview after the dialog opens
    task = dialog.run_preview()
    if task is not None and dialog.preview_task is task:
        loop = QEventLoop()
        task.finished.connect(loop.quit)
        loop.exec()
    if dialog.preview is None:
        raise SystemExit("批量发放: the preview showed no list")
    app.processEvents()


def _close_attendance(_ctx: Context, state: tuple[Database, Any, Any]) -> None:
    db, dialog, _app = state
    dialog.close()
    dialog.deleteLater()
    db.close()


BENCHES: list[Bench] = [
    Bench("open database + migrate (new file)", setup=lambda ctx: ctx.fresh_path("new"), run=_open_and_close),
    Bench("generate demo", setup=_setup_generate, run=_run_generate, teardown=_teardown_generate, repeat=1),
    Bench("open database (existing, at head)", setup=lambda ctx: ctx.filled_db(), run=_open_and_close),
    Bench("import members .xlsx (plan + write)", setup=_setup_import, run=_run_import,
          teardown=lambda ctx, state: state[0].close()),
    Bench("  its plan alone (read + checks)", setup=_setup_import, run=_run_plan,
          teardown=lambda ctx, state: state[0].close(), repeat=1),
    Bench("  its write alone (the plan made beforehand)", setup=_setup_planned, run=_run_write,
          teardown=lambda ctx, state: state[0].close(), repeat=1),
    Bench("  python-calamine read of that .xlsx", setup=roster_file, run=_run_calamine),
    Bench("  raw sqlite3 executemany of its rows (rows in memory)", setup=_roster_rows, run=_run_raw_insert),
    Bench("  floor: calamine read + raw executemany", setup=roster_file, run=_run_floor),
    Bench("export members .xlsx", run=_run_export),
    Bench("  bare write of its rows: openpyxl write-only", setup=_export_rows, run=_bare_openpyxl),
    Bench("  bare write of its rows: XlsxWriter constant_memory", setup=_export_rows, run=_bare_xlsxwriter),
    Bench("  bare write of its rows: PyExcelerate", setup=_export_rows, run=_bare_pyexcelerate),
    Bench("import members .xlsx: peak RSS of plan + write (MiB, not seconds)", setup=_setup_import,
          run=_run_import_peak_rss, repeat=1),
    Bench("members list: ids in pinyin order + first screen", setup=_open_filled, run=_run_list, teardown=_close),
    Bench("members search keystroke ('王') + counts", setup=_open_filled, run=_run_search, teardown=_close),
    Bench("attendance search: sign-in dialog, empty box (≤ 300 rows)", setup=_open_attendance,
          run=_run_attendance_search, teardown=_close_attendance),
    Bench("attendance search: '王' (thousands found at 100k, 300 shown)", setup=_open_attendance,
          run=_run_attendance_many, teardown=_close_attendance),
    Bench("帮扶 → 互助保障: year switch, there and back (2 switches)", setup=_mutual_aid_window, run=_run_year_switch,
          teardown=_close_aid_window),
    Bench("总览: background read (figures with 上年, charts, 待办)", setup=_open_filled, run=_run_overview_read,
          teardown=_close),
    Bench("  总览: its charts and 待办 alone", setup=_open_filled, run=_run_overview_charts_todo, teardown=_close),
    Bench("批量发放 预览名单 to every member: list, flags, 开支标准 check, the table's model", setup=_open_batch_dialog,
          run=_run_batch_preview, teardown=_close_attendance),
    Bench("全部标记已签收 on the largest batch (one UPDATE)", setup=_setup_sign_batch, run=_run_sign_batch,
          teardown=lambda ctx, state: state[0].close(), repeat=1),
    Bench("window: start → idle (--exit-when-shown), demo union", setup=lambda ctx: _warm_window(ctx, ctx.filled_db()),
          run=_run_window),
    Bench("window: start → idle (--exit-when-shown), empty database", setup=lambda ctx: _warm_window(ctx, _empty_db(ctx)),
          run=_run_window),
    Bench("window: new window, then 帮扶 opened and painted", setup=_window, run=_run_open_aid, teardown=_close_window_db),
    Bench("帮扶 → 发放记录: year switch, there and back (2 switches)", setup=_aid_window, run=_run_year_switch,
          teardown=_close_aid_window),
    Bench("figures: one year (compute)", setup=_open_figures, run=_run_figures, teardown=_close),
    Bench("figures: year + 上年 (compute_with_comparison)", setup=_open_figures, run=_run_figures_comparison,
          teardown=_close),
    Bench("unionbook figures --year (process start → exit)", setup=lambda ctx: _warm_cli(ctx, figures_db(ctx)),
          run=_run_figures_cli),
    Bench("unionbook figures --year, empty database (process start → exit)", setup=lambda ctx: _warm_cli(ctx, _empty_db(ctx)),
          run=_run_figures_cli),
    Bench("  its start-up: the process less its compute (target ≤ 0.3)", setup=lambda ctx: _warm_cli(ctx, _empty_db(ctx)),
          run=_run_figures_start_up),
    Bench("  its compute, timed inside the process (statements compiled cold)",
          setup=lambda ctx: _warm_cli(ctx, _empty_db(ctx)), run=_figures_compute_in_process),
    Bench("unionbook figures --year: start-up (the process less its compute)", setup=lambda ctx: _warm_cli(ctx, figures_db(ctx)),
          run=_run_figures_start_up),
    Bench("  a process importing SQLAlchemy's ORM and the model classes (the command's floor until it read Core tables)",
          setup=lambda ctx: _warm_cli(ctx, _empty_db(ctx)), run=_run_import_floor),
    Bench("  a process importing SQLAlchemy alone (Core, no ORM, no models)",
          setup=lambda ctx: _warm_cli(ctx, _empty_db(ctx)), run=_run_sqlalchemy_floor),
]  # fmt: skip


# -- running and reporting --------------------------------------------------------------------


def measure(bench: Bench, ctx: Context, repeat: int | None = None) -> float:
    """Best wall-clock time of the timed part over the bench's repetitions."""
    best = float("inf")
    for _ in range(repeat or bench.repeat):
        state = bench.setup(ctx)
        try:
            start = time.perf_counter()
            reported = bench.run(ctx, state)
            best = min(best, reported if reported is not None else time.perf_counter() - start)
        finally:
            bench.teardown(ctx, state)
    return best


def size_label(size: int) -> str:
    if size % 1_000_000 == 0:
        return f"{size // 1_000_000}M"
    if size % 1_000 == 0:
        return f"{size // 1_000}k"
    return str(size)


def seconds(value: float) -> str:
    """Three significant digits, without switching to exponent notation for long runs."""
    if value >= 1000:
        return f"{value:.0f}"
    return f"{value:#.3g}".rstrip(".")  # "#" keeps trailing zeros (0.0300), but also leaves "123."


def markdown_table(names: list[str], sizes: list[int], results: dict[tuple[str, int], float]) -> str:
    header = "| operation (seconds) | " + " | ".join(f"{size_label(s)} members" for s in sizes) + " |"
    rule = "|---|" + "---:|" * len(sizes)
    lines = [header, rule]
    for name in names:
        cells = [seconds(results[(name, s)]) if (name, s) in results else "—" for s in sizes]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="UnionBook benchmarks (prints a Markdown table)")
    parser.add_argument(
        "--sizes",
        default=",".join(str(s) for s in DEFAULT_SIZES),
        type=lambda text: [int(part.replace("_", "")) for part in text.split(",") if part.strip()],
        help="comma-separated numbers of people, default 1000,10000,100000",
    )
    parser.add_argument("--repeat", type=int, default=None, help="override every bench's repetition count")
    parser.add_argument("--only", default=None, help="run only benches whose name contains this text (or one of these, comma-separated)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    wanted = args.only.split(",") if args.only else None
    benches = [b for b in BENCHES if wanted is None or any(part in b.name for part in wanted)]
    if not benches:
        print(f"no bench matches {args.only!r}", file=sys.stderr)
        return 2
    results: dict[tuple[str, int], float] = {}
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix=f"unionbook-bench-{size_label(size)}-") as tmp:
            ctx = Context(size, Path(tmp))
            for bench in benches:
                print(f"[{size_label(size)}] {bench.name} …", file=sys.stderr, flush=True)
                results[(bench.name, size)] = measure(bench, ctx, args.repeat)
                print(f"[{size_label(size)}] {bench.name}: {seconds(results[(bench.name, size)])} s", file=sys.stderr)
    print(markdown_table([b.name for b in benches], args.sizes, results))
    print()
    if args.repeat:
        runs = f"best of {args.repeat} runs"
    else:
        runs = "; ".join(
            f"{b.name}: {'best of ' + str(b.repeat) + ' runs' if b.repeat > 1 else 'one run'}" for b in benches
        )
    print(
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, {platform.system()} "
        f"{platform.machine()}, {os.cpu_count()} CPUs. {runs}."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
