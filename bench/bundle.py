"""Bench rows for the pyinstaller bundle (issue 18): its size, and the time from start to the first
shown window next to a hello-world PySide6 bundle built the same way in the same run.

    python bench/bundle.py [--dist DIR] [--runs 5]

Uses the UnionBook bundle in DIR (tools/bundle_smoke.py --build puts it in build/bundle) and
builds the hello world (one QLabel in a QMainWindow, one folder, stripped off Windows: the options
build.spec uses) into DIR/hello. Both print the seconds from process start to their
first paint and to idle (`--exit-when-shown` for UnionBook, on the demo union of 300 people: its
first paint is the window's shell, idle comes once the database is open and the first page built)
and quit; each is started `--runs` times, alternately, and the median is reported. Prints a
Markdown table; the target is UnionBook's first paint ≤ 3× the hello world's.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from bundle_smoke import WINDOWS, bundle_dir, folder_size, isolated_env  # noqa: E402

HELLO = '''
import os, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow


def since_start():
    if sys.platform.startswith("linux"):
        with open("/proc/self/stat") as stat, open("/proc/uptime") as uptime:
            ticks = int(stat.read().rsplit(")", 1)[1].split()[19])
            return float(uptime.read().split()[0]) - ticks / os.sysconf("SC_CLK_TCK")
    import ctypes
    from ctypes import wintypes
    t = [wintypes.FILETIME() for _ in range(4)]
    k = ctypes.windll.kernel32
    k.GetProcessTimes(k.GetCurrentProcess(), *[ctypes.byref(x) for x in t])
    return time.time() - ((t[0].dwHighDateTime << 32 | t[0].dwLowDateTime) / 1e7 - 11644473600)


class FirstPaint(QObject):
    painted = None

    def eventFilter(self, watched, event):
        if self.painted is None and event.type() == QEvent.Type.Paint:
            self.painted = since_start()
            QTimer.singleShot(0, self.idle)
        return False

    def idle(self):
        print(f"窗口首次绘制 {self.painted:.2f} 秒，空闲 {since_start():.2f} 秒", flush=True)
        QApplication.quit()


app = QApplication(sys.argv)
window = QMainWindow()
window.setCentralWidget(QLabel("你好"))
watcher = FirstPaint()
window.installEventFilter(watcher)
window.show()
app.exec()
'''

PAINT = re.compile(r"窗口首次绘制 ([\d.]+) 秒，空闲 ([\d.]+) 秒")


def build_hello(dist: Path) -> Path:
    work = dist / "hello-work"
    work.mkdir(parents=True, exist_ok=True)
    script = work / "hello.py"
    script.write_text(HELLO, encoding="utf-8")
    # Windowed like UnionBook, except on Windows, where a windowed program has no stdout: there the
    # console twin unionbook-cli.exe is what is timed, so the hello world gets a console too.
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN", "--onedir",
               "--console" if WINDOWS else "--windowed", "--noupx", "--name", "hello", "--distpath", str(dist / "hello"),
               "--workpath", str(work / "build"), "--specpath", str(work), *([] if WINDOWS else ["--strip"]),
               str(script)]  # fmt: skip
    subprocess.run(command, check=True)
    return dist / "hello" / "hello" / ("hello.exe" if WINDOWS else "hello")


def first_paint(command: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, float]:
    """(seconds to first paint and to idle as the program measured them, wall seconds until it
    exited). UnionBook's first paint is the window's shell, before the database is opened; idle
    comes once the database is open and the first page built (the hello world is idle at once)."""
    started = time.monotonic()
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, timeout=180)
    wall = time.monotonic() - started
    match = PAINT.search(done.stdout.decode("utf-8", "replace"))
    if done.returncode != 0 or match is None:
        raise SystemExit(f"{command[0]} failed ({done.returncode}): {done.stderr.decode('utf-8', 'replace')[-500:]}")
    return float(match.group(1)), float(match.group(2)), wall


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "build" / "bundle")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    dist = args.dist.resolve()
    app_dir = bundle_dir(dist)
    app = app_dir / ("unionbook-cli.exe" if WINDOWS else "UnionBook")
    if not app.is_file():
        raise SystemExit(f"no bundle at {app_dir}: run tools/bundle_smoke.py --build first")
    hello = build_hello(dist)
    with tempfile.TemporaryDirectory(prefix="unionbook-bench-") as scratch:
        folder = Path(scratch)
        env = isolated_env(folder / "home")
        db = folder / "bench.sqlite"
        subprocess.run([str(app), "--db", str(db), "demo"], env=env, cwd=folder, check=True, capture_output=True)
        # One untimed start each: the first opens the day's backup and warms the disk cache.
        first_paint([str(app), "--db", str(db), "--exit-when-shown"], env, folder)
        first_paint([str(hello)], env, folder)
        ours, theirs = [], []
        for _ in range(args.runs):
            ours.append(first_paint([str(app), "--db", str(db), "--exit-when-shown"], env, folder))
            theirs.append(first_paint([str(hello)], env, folder))
    paint = statistics.median(p for p, _, _ in ours), statistics.median(p for p, _, _ in theirs)
    idle = statistics.median(i for _, i, _ in ours), statistics.median(i for _, i, _ in theirs)
    wall = statistics.median(w for _, _, w in ours), statistics.median(w for _, _, w in theirs)
    size = folder_size(app_dir), folder_size(hello.parent)
    print(f"| bundle ({sys.platform}, median of {args.runs}) | UnionBook | hello-world PySide6 | ratio |")
    print("|---|---:|---:|---:|")
    print(f"| one-folder size, MiB | {size[0] / 2**20:.0f} | {size[1] / 2**20:.0f} | {size[0] / size[1]:.1f}× |")
    print(f"| start → first paint of the window, s | {paint[0]:.2f} | {paint[1]:.2f} | {paint[0] / paint[1]:.1f}× |")
    print(f"| start → idle (database open, first page built), s | {idle[0]:.2f} | {idle[1]:.2f} | {idle[0] / idle[1]:.1f}× |")
    print(f"| start → exit (paint, idle, close), s | {wall[0]:.2f} | {wall[1]:.2f} | {wall[0] / wall[1]:.1f}× |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
