"""District consolidation at scale (issue 19): N grassroots unions of M people each — the demo
union with a seed per union, renamed and given a 统计代码 — export their packages, import them all
into a district book, and compute the district figures (calendar year and 统计年度) and both
documents. Prints a Markdown table of seconds and checks that the district's sums are the
packages' sums, for both periods. Packages go as a chair sends them by default — figures and the
people by key, no roster (--with-registers adds the roster with full ID numbers).

    python bench/district.py                          # 200 unions × 1,000 people
    python bench/district.py --unions 20 --keep /tmp/unions   # reuse the union books next time

The union books are built once per folder (--keep); building is timed but not the point.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import zipfile
from dataclasses import replace
from pathlib import Path

from unionbook.domain.organisation import JOINT, OrgFacts
from unionbook.services.database import Database
from unionbook.services.demo import generate_demo
from unionbook.services.district.book import import_packages, make_district_book
from unionbook.services.district.consolidation import consolidate
from unionbook.services.district.package_export import export_package
from unionbook.services.district.summary import render_district
from unionbook.services.union import get_profile, save_profile
from unionbook.services.union_facts import save_facts

YEAR = 2025


def build_union(folder: Path, n: int, members: int) -> Path:
    path = folder / f"union{n:03}.sqlite"
    if path.exists():
        return path
    db = Database.open(path, source="bench")
    try:
        generate_demo(db.session_factory, members=members, seed=1000 + n)
        name = f"第{n:03}基层工会"
        save_profile(db.session_factory, replace(get_profile(db.session_factory), union_name=name,
                                                 unit_name=name.removesuffix("工会"), credit_code=""))  # fmt: skip
        joint = n % 10 == 0
        save_facts(db.session_factory, OrgFacts(stat_code=f"B{n:03}", union_type=JOINT if joint else "独立基层工会",
                                                covered_units=6 if joint else 1))  # fmt: skip
    finally:
        db.close()
    return path


def timed(label: str, rows: list[tuple[str, float]], fn):
    start = time.perf_counter()
    result = fn()
    rows.append((label, time.perf_counter() - start))
    print(f"{label}: {rows[-1][1]:.1f} s", file=sys.stderr, flush=True)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unions", type=int, default=200)
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--keep", type=Path, help="folder for the union books (reused when run again)")
    parser.add_argument("--with-registers", action="store_true", help="send the roster with full ID numbers too")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="district-bench-"))
    unions = args.keep or work / "unions"
    unions.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[str, float]] = []
    books = timed(f"build {args.unions} union books (demo, {args.members:,} people each)", rows,
                  lambda: [build_union(unions, n, args.members) for n in range(1, args.unions + 1)])  # fmt: skip

    def export_all() -> list[Path]:
        packages = []
        for n, book in enumerate(books, start=1):
            db = Database.open(book, source="bench")
            try:
                packages.append(export_package(db.session_factory, YEAR, work / f"p{n:03}.ubpkg",
                                               with_registers=args.with_registers, show_id=args.with_registers).path)  # fmt: skip
            finally:
                db.close()
        return packages

    what = "roster with IDs" if args.with_registers else "people by key"
    packages = timed(f"export {args.unions} packages (figures and 上年 for both periods, {what})", rows, export_all)
    district = Database.open(work / "district.sqlite", source="bench")
    try:
        make_district_book(district.session_factory)
        timed(f"import {args.unions} packages into the district book", rows,
              lambda: import_packages(district.session_factory, packages))  # fmt: skip
        result = timed("district figures (sums, distinct people, 工会组织)", rows,
                       lambda: consolidate(district.session_factory, YEAR))  # fmt: skip
        statistical = timed("district figures, 统计年度", rows,
                            lambda: consolidate(district.session_factory, YEAR, statistical=True))  # fmt: skip
        timed("区总年度工作总结 .docx", rows,
              lambda: render_district(district.session_factory, "区总年度工作总结", YEAR, work / "总结.docx"))  # fmt: skip
        timed("区总统计年报 .xlsx", rows,
              lambda: render_district(district.session_factory, "区总统计年报", YEAR, work / "年报.xlsx"))  # fmt: skip
    finally:
        district.close()

    contents = [json.loads(zipfile.ZipFile(p).read("package.json")) for p in packages]
    for name in ("会员总数", "职工总数", "新入会人数", "帮扶慰问总人次", "帮扶慰问总人数", "活动总场次"):
        assert result.values[name] == sum(c["figures"][name] for c in contents), name
        assert statistical.values[name] == sum(c["statistical"]["figures"][name] for c in contents), name
    v, s = result.values, statistical.values
    size = sum(p.stat().st_size for p in packages)
    print(f"\n{args.unions} unions × {args.members:,} people; packages {size / 1e6:.1f} MB in all\n")
    print("| step | seconds |\n|---|---:|")
    for label, seconds in rows:
        print(f"| {label} | {seconds:.1f} |")
    print(f"\n会员总数 {v['会员总数']:,} (= the packages' sum), 去重会员总数 {v['去重会员总数']:,}, 重复会员人数 "
          f"{v['重复会员人数']:,}, 工会组织数 {v['工会组织数']}, 覆盖单位数 {v['覆盖单位数']}; 帮扶慰问总人数 "
          f"{v['帮扶慰问总人数']:,}, 去重 {v['去重帮扶慰问总人数']:,}; 统计年度 会员总数 {s['会员总数']:,}, "
          f"去重 {s['去重会员总数']:,}")  # fmt: skip
    print(f"work folder: {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
