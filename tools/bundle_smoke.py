"""Smoke test of the pyinstaller bundle (issue 18): build it with build.spec, then use the bundled
program the way a chair's PC would, with nothing but the bundle.

    python tools/bundle_smoke.py [--build] [--dist DIR] [--exe PATH] [--installer]

--build runs `pyinstaller build.spec` into DIR (default build/bundle); without it the bundle
already in DIR is used (or the program --exe names: on Windows, unionbook-cli.exe). Then, in an
empty folder with its own user folders (HOME, XDG_*, APPDATA, LOCALAPPDATA), the bundled program:
creates the demo database, prints the figures (and they must equal what the source checkout
prints for the same database), renders the 年度工作总结 (.docx, with the East-Asian font
fallbacks) and the 统计年报 (.xlsx), exports the roster and imports it back (nothing changes),
imports a two-line roster (one new person), and opens the main window offscreen and closes it
(`--exit-when-shown`). --installer then compiles installer/unionbook.nsi against the bundle with
makensis. Prints one line per step; exits 1 at the first failure, naming it.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
from unionbook import __version__  # noqa: E402

WINDOWS = sys.platform == "win32"
YEAR = "2025"
#: A roster as a chair types it: one person not in the demo union (the ID is GB 11643's example).
NEW_ROSTER = "姓名,身份证号码,部门\n测试新人,11010519491231002X,办公室\n"


class SmokeFailure(Exception):
    pass


def bundle_dir(dist: Path) -> Path:
    return dist / f"UnionBook-{__version__}"


def default_exe(dist: Path) -> Path:
    return bundle_dir(dist) / ("unionbook-cli.exe" if WINDOWS else "UnionBook")


def build(dist: Path, work: Path) -> float:
    started = time.monotonic()
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
               "--distpath", str(dist), "--workpath", str(work), str(ROOT / "build.spec")]  # fmt: skip
    subprocess.run(command, check=True, cwd=ROOT)
    return time.monotonic() - started


def isolated_env(home: Path) -> dict[str, str]:
    """The user's folders inside `home`, Qt offscreen: the smoke test never touches real data."""
    env = dict(os.environ)
    for name in ("HOME", "USERPROFILE", "APPDATA", "LOCALAPPDATA", "XDG_DATA_HOME", "XDG_CONFIG_HOME",
                 "XDG_CACHE_HOME", "XDG_STATE_HOME"):  # fmt: skip
        env[name] = str(home / name.lower())
        Path(env[name]).mkdir(parents=True, exist_ok=True)
    env.pop("UNIONBOOK_DB", None)
    env.pop("UNIONBOOK_PASSWORD", None)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONIOENCODING"] = "utf-8"
    return env


class Runner:
    def __init__(self, exe: Path, folder: Path, env: dict[str, str]) -> None:
        self.exe, self.folder, self.env = exe, folder, env
        self.db = folder / "台账.sqlite"

    def run(self, *args: str, program: list[str] | None = None, expect: int = 0, timeout: float = 300) -> str:
        command = [*(program or [str(self.exe)]), "--db", str(self.db), *args]
        done = subprocess.run(command, cwd=self.folder, env=self.env, capture_output=True, timeout=timeout)
        out = done.stdout.decode("utf-8", "replace")
        err = done.stderr.decode("utf-8", "replace")
        if done.returncode != expect:
            raise SmokeFailure(f"{' '.join(args)}: exit {done.returncode} (expected {expect})\n{out}\n{err}")
        return out + err


def check(condition: bool, what: str) -> None:
    if not condition:
        raise SmokeFailure(what)


def smoke(exe: Path, folder: Path) -> dict[str, float]:
    env = isolated_env(folder / "home")
    r = Runner(exe, folder, env)
    timings: dict[str, float] = {}

    def step(name: str, fn) -> None:  # noqa: ANN001
        started = time.monotonic()
        fn()
        timings[name] = time.monotonic() - started
        print(f"ok  {name} ({timings[name]:.1f} s)", flush=True)

    def version() -> None:
        out = r.run("--version")
        check(out.strip() == f"UnionBook {__version__}", f"--version printed {out!r}")

    def demo() -> None:
        out = r.run("demo")
        check("已生成演示工会" in out and r.db.is_file(), f"demo: {out}")

    def figures() -> None:
        bundled = json.loads(r.run("figures", "--year", YEAR, "--json"))
        source = json.loads(r.run("figures", "--year", YEAR, "--json", program=[sys.executable, "-m", "unionbook"]))
        check(bundled == source, "the bundle's figures differ from the source checkout's")
        check(bundled["会员总数"] > 0 and bundled["期间"] == {"开始": f"{YEAR}-01-01", "结束": f"{YEAR}-12-31"},
              f"figures: {bundled['期间']}, 会员总数 {bundled.get('会员总数')}")  # fmt: skip

    def summary() -> None:
        out = folder / "年度工作总结.docx"
        r.run("report", "--year", YEAR, "--template", "年度工作总结", "-o", str(out))
        with zipfile.ZipFile(out) as package:
            body = html.unescape(package.read("word/document.xml").decode("utf-8"))
            fonts = html.unescape(package.read("word/fontTable.xml").decode("utf-8"))
        check(f"{YEAR}年工作总结" in re.sub(r"<[^>]+>", "", body), "the summary has no title for the year")
        check('w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in fonts, "the summary lacks the 仿宋 fallback")

    def annual_report() -> None:
        out = folder / "工会统计年报.xlsx"
        r.run("report", "--year", YEAR, "--template", "工会统计年报", "-o", str(out))
        with zipfile.ZipFile(out) as package:
            text = "".join(html.unescape(package.read(n).decode("utf-8")) for n in package.namelist()
                           if n.startswith("xl/worksheets/") or n == "xl/sharedStrings.xml")  # fmt: skip
        check(f"{YEAR}年度工会统计年报" in text and "会员总数" in text, "the 统计年报 lacks its title or 会员总数")

    def roster() -> None:
        exported = folder / "花名册.xlsx"
        out = r.run("export", "members", "-o", str(exported), "--show-id")
        check(exported.is_file() and "已导出" in out, f"export: {out}")
        out = r.run("import", "members", str(exported))
        check("新增 0 人" in out and "更新 0 人" in out, f"importing the export changed something: {out}")
        new = folder / "新会员.csv"
        new.write_text(NEW_ROSTER, encoding="utf-8")
        out = r.run("import", "members", str(new))
        check("新增 1 人" in out, f"import of one new person: {out}")

    def window() -> None:
        out = r.run("--exit-when-shown", timeout=180)
        match = re.search(r"窗口首次绘制 ([\d.]+) 秒，空闲 ([\d.]+) 秒", out)
        check(match is not None, f"--exit-when-shown printed {out!r}")
        timings["first paint (in the program)"] = float(match.group(1))  # type: ignore[union-attr]

    for name, fn in [("--version", version), ("demo", demo), ("figures (same as the source)", figures),
                     ("年度工作总结 .docx", summary), ("统计年报 .xlsx", annual_report),
                     ("roster export → import, one new person", roster), ("main window offscreen", window)]:  # fmt: skip
        step(name, fn)
    return timings


def compile_installer(dist: Path, out: Path) -> float:
    """makensis on installer/unionbook.nsi against the bundle (the Linux one proves the script)."""
    makensis = shutil.which("makensis")
    if makensis is None:
        raise SmokeFailure("makensis not found (Debian/Ubuntu: apt-get install nsis)")
    sys.path.insert(0, str(ROOT / "installer"))
    from version_info import numeric_version

    started = time.monotonic()
    exe = "UnionBook.exe" if WINDOWS else "UnionBook"
    command = [makensis, "-V2", f"-DVERSION={__version__}", f"-DNUMERIC_VERSION={'.'.join(map(str, numeric_version(__version__)))}",
               f"-DBUNDLE={bundle_dir(dist)}", f"-DAPP_EXE={exe}", f"-DOUTFILE={out}", str(ROOT / "installer" / "unionbook.nsi")]  # fmt: skip
    subprocess.run(command, check=True)
    check(out.is_file() and out.stat().st_size > 1_000_000, f"makensis wrote no installer at {out}")
    return time.monotonic() - started


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", action="store_true", help="build the bundle with build.spec first")
    parser.add_argument("--dist", type=Path, default=ROOT / "build" / "bundle", help="where the bundle is (built)")
    parser.add_argument("--exe", type=Path, help="the bundled program to test (default: in --dist)")
    parser.add_argument("--installer", action="store_true", help="compile installer/unionbook.nsi with makensis")
    args = parser.parse_args(argv)
    dist = args.dist.resolve()
    try:
        if args.build:
            seconds = build(dist, dist.parent / "bundle-work")
            print(f"ok  pyinstaller build.spec ({seconds:.0f} s)", flush=True)
        exe = (args.exe or default_exe(dist)).resolve()
        check(exe.is_file(), f"no bundled program at {exe}")
        with tempfile.TemporaryDirectory(prefix="unionbook-smoke-") as scratch:
            smoke(exe, Path(scratch))
        size = folder_size(exe.parent)
        print(f"ok  bundle {exe.parent.name}: {size / 2**20:.0f} MiB ({size / 1e6:.0f} MB)", flush=True)
        if args.installer:
            setup = dist / f"UnionBook-{__version__}-setup.exe"
            seconds = compile_installer(dist, setup)
            print(f"ok  installer {setup.name}: {setup.stat().st_size / 2**20:.0f} MiB ({seconds:.0f} s)", flush=True)
    except SmokeFailure as exc:
        print(f"FAILED  {exc}", file=sys.stderr)
        return 1
    except subprocess.CalledProcessError as exc:
        print(f"FAILED  {' '.join(map(str, exc.cmd))}: exit {exc.returncode}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
