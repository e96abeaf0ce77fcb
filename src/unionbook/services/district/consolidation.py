"""District figures for a year — the calendar year, or the 统计年度 ending in its September (the
统计年报's 10月1日 to 9月30日) — the unions' figures added up, people in two unions counted once,
and the 工会组织 counts of the union list.

- A package carries both periods (since format version 2). For the statistical year the district
  adds up the packages' statistical figures; a package without them (version 1) is listed as
  lacking the period (`DistrictYear.lacking`, 未含统计年度工会数) and left out of the sums, never
  counted as zero.

- Every figure of the registry is the sum of the reporting unions' values as their packages sent
  them (a union's 年度工作总结 and the district's add up), 上年 likewise from the same packages. 万元
  figures are summed in 元 and converted once (200 rounded 万元 values would not add up to the
  total); a rate is recomputed from its sums (入会率 = 会员总数 / 职工总数); 预算执行率 is left out
  (the budgets are not in the package).
- 去重F for every distinct-person figure F (services/district/people.py: 会员总数 …, 帮扶慰问总人数,
  each program's X人数, 在档困难职工户数, 互助保障参保人数, 劳模人数): the packages' people, each key
  once (a person without an ID number once each), plus the unions' own F for books that brought no
  people (a version 1 package without a full-ID roster); 重复会员人数 and 重复帮扶慰问人数 are how
  many fewer that is than the sums. The per-union breakdown keeps each union's own count.
- 工会组织数, 独立/联合基层工会数 and 覆盖单位数 at the period's end, 新建/撤销工会组织数 within it,
  from the union list (services/district/unions.py); 报送/未报送工会数 from the books.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, sessionmaker

from unionbook.db.models import DistrictBook, DistrictCounted, DistrictUnion
from unionbook.domain.organisation import JOINT
from unionbook.services.district.people import BIT, DISTINCT, ROSTER_FIGURES
from unionbook.services.district.unions import UnionEntry, existing_at, list_unions_in
from unionbook.services.figures import FIGURES, Period, points_text, yoy_text
from unionbook.services.figures.members import rate

#: Rates recomputed from the district's sums: rate → (part, whole).
RATES = {"入会率": ("会员总数", "职工总数"), "会费收缴率": ("会费实缴金额", "会费应缴金额")}
#: Registry figures a district cannot add up (their basis is not in the package).
NOT_SUMMED = frozenset({"预算执行率"})
SUMMED = tuple(f for f in FIGURES if f.name not in NOT_SUMMED)
_UNITS = {f.name: f.unit for f in FIGURES}

#: The district's own figures: name → (unit, description). Templates use these names too.
DISTRICT_FIGURES: dict[str, tuple[str, str]] = {
    "工会组织数": ("个", "期末存续的基层工会组织数（建会日期在期末之前、未撤销）。"),
    "独立基层工会数": ("个", "期末存续的独立基层工会数。"),
    "联合基层工会数": ("个", "期末存续的联合基层工会数。"),
    "覆盖单位数": ("家", "期末存续的基层工会覆盖的单位数（联合基层工会按其覆盖单位数计）。"),
    "新建工会组织数": ("个", "建会日期在本期内的基层工会数。"),
    "新建工会会员数": ("人", "本期新建的基层工会期末会员数之和（已报送的）。"),
    "撤销工会组织数": ("个", "撤销日期在本期内的基层工会数。"),
    "报送工会数": ("个", "已导入本年度数据包、且数据包含本期数字的基层工会数。"),
    "未报送工会数": ("个", "期末存续但尚未导入本年度数据包的基层工会数。"),
    "未含统计年度工会数": ("个", "已报送、但数据包是旧版本、没有统计年度（上年10月1日至本年9月30日）数字的工会数：统计年报未计入它们。"),
    **{f"去重{name}": ("人" if not name.endswith("户数") else "户", f"{name}，同一人在几家工会只计一次（按数据包所附人员标识去重）。")
       for name in DISTINCT},
    "重复会员人数": ("人", "会员总数（各工会相加）比去重会员总数多出的人数：在两家以上工会登记的会员。"),
    "重复帮扶慰问人数": ("人", "帮扶慰问总人数（各工会相加）比去重后多出的人数：在两家以上工会得到帮扶慰问的职工。"),
    "去重工会数": ("个", "数据包附有人员标识（或完整证件号花名册）、参与去重的工会数。"),
}  # fmt: skip


def unit_of(name: str) -> str:
    return DISTRICT_FIGURES[name][0] if name in DISTRICT_FIGURES else _UNITS[name]


@dataclass(frozen=True)
class UnionLine:
    """One union in the breakdown: its list entry and its figures for the period (None: not
    reported, or — `lacks_period` — reported in a package without this period)."""

    union: UnionEntry
    figures: dict[str, object] | None
    lacks_period: bool = False


@dataclass
class DistrictYear:
    year: int
    statistical: bool = False  # the 统计年度 ending in the year's September, not the calendar year
    values: dict[str, object] = field(default_factory=dict)  # district figures, then registry sums
    previous: dict[str, object] = field(default_factory=dict)  # 上年 of the same
    lines: list[UnionLine] = field(default_factory=list)  # every union standing in the period

    @property
    def period(self) -> Period:
        return period_of(self.year, statistical=self.statistical)

    @property
    def not_reported(self) -> list[UnionEntry]:
        end = self.period.end
        return [line.union for line in self.lines
                if line.figures is None and not line.lacks_period and line.union.exists_at(end)]  # fmt: skip

    @property
    def lacking(self) -> list[UnionEntry]:
        """Unions that reported the year in a package without this period (version 1, statistical year)."""
        return [line.union for line in self.lines if line.lacks_period]

    def context(self) -> dict[str, object]:
        """F, 上年F and F同比 (F同比百分点 for rates) for every figure: what the district templates and `--json` read."""
        result: dict[str, object] = {}
        for name, value in self.values.items():
            result[name] = value
            if name in self.previous:
                result["上年" + name] = self.previous[name]
                result[name + "同比"] = yoy_text(value, self.previous[name])  # type: ignore[arg-type]
                if unit_of(name) == "%":  # a rate compares in percentage points
                    result[name + "同比百分点"] = points_text(value, self.previous[name])  # type: ignore[arg-type]
        return result


def period_of(year: int, *, statistical: bool = False) -> Period:
    return Period.statistical_year(year) if statistical else Period.year(year)


def _value(name: str, raw: object) -> int | Decimal:
    if _UNITS.get(name) in ("元", "万元", "%"):
        return Decimal(str(raw))
    return int(raw)  # type: ignore[arg-type]


def add_up(packages: list[dict]) -> dict[str, object]:
    """The registry figures of several unions added up (see the module docstring)."""
    totals: dict[str, object] = {}
    for figure in SUMMED:
        if figure.unit == "%":
            continue
        zero: int | Decimal = Decimal("0.00") if figure.unit in ("元", "万元") else 0
        totals[figure.name] = sum((_value(figure.name, p.get(figure.name, 0)) for p in packages), zero)
    for figure in SUMMED:
        yuan = figure.name.removesuffix("万元")
        if figure.unit == "万元" and _UNITS.get(yuan) == "元":
            totals[figure.name] = (totals[yuan] / 10000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)  # type: ignore[operator]
    for name, (part, whole) in RATES.items():
        totals[name] = rate(_whole(totals[part]), _whole(totals[whole]))
    return {f.name: totals[f.name] for f in SUMMED}


def _whole(value: object) -> int:
    """A count as it is, an amount in 元 as fen (rates of money are computed on fen)."""
    return int(value * 100) if isinstance(value, Decimal) else int(value)  # type: ignore[arg-type]


def _organisation(session: Session, period: Period) -> dict[str, int]:
    start, end = period.start, period.end
    standing = existing_at(end)
    row = session.execute(select(
        func.count().filter(standing),
        func.count().filter(standing, DistrictUnion.union_type != JOINT),
        func.count().filter(standing, DistrictUnion.union_type == JOINT),
        func.coalesce(func.sum(case((standing, DistrictUnion.covered_units), else_=0)), 0),
        func.count().filter(DistrictUnion.founded_on.between(start, end)),
        func.count().filter(DistrictUnion.dissolved_on.between(start, end)),
    )).one()  # fmt: skip
    return dict(zip(("工会组织数", "独立基层工会数", "联合基层工会数", "覆盖单位数", "新建工会组织数", "撤销工会组织数"),
                    (int(v) for v in row), strict=True))  # fmt: skip


def _distinct(session: Session, book_ids: list[int], statistical: bool) -> tuple[dict[str, int], set[int]]:
    """去重F over the people of these books (each key once, a person without a key once each),
    and the books that brought people.

    One pass over the rows in Python: a person's bits over all unions OR-ed together, then the
    persons counted by bit pattern (a few hundred patterns, whatever the number of people). Twenty
    COUNT(DISTINCT CASE …) columns in SQL took 100× a plain COUNT(DISTINCT) of the same rows."""
    column = DistrictCounted.statistical_bits if statistical else DistrictCounted.year_bits
    keyed: dict[str, int] = {}
    patterns: Counter[int] = Counter()
    with_people: set[int] = set()
    for start in range(0, len(book_ids), 500):  # bound parameters per statement
        chunk = book_ids[start : start + 500]
        with_people.update(session.scalars(select(DistrictCounted.book_id).where(DistrictCounted.book_id.in_(chunk)).distinct()))
        rows = session.execute(select(DistrictCounted.person_key, column).where(DistrictCounted.book_id.in_(chunk), column != 0))
        for key, bits in rows:
            if key:
                keyed[key] = keyed.get(key, 0) | bits
            else:
                patterns[bits] += 1  # no ID number: once in each union
    patterns.update(keyed.values())
    counts = {f"去重{name}": sum(n for bits, n in patterns.items() if bits & BIT[name]) for name in DISTINCT}
    return counts, with_people


def consolidate_in(session: Session, year: int, *, statistical: bool = False) -> DistrictYear:
    """The district's figures for the calendar year, or (`statistical`) the 统计年度 ending in it."""
    result = DistrictYear(year, statistical)
    period = result.period
    unions = list_unions_in(session, year, period=period)
    books: dict[int, tuple[int, dict, dict]] = {}
    lacking: set[int] = set()
    version_1: set[int] = set()  # books whose people are a full-ID roster: the member figures only
    rows = session.execute(select(DistrictBook.union_id, DistrictBook.id, DistrictBook.figures, DistrictBook.previous,
                                  DistrictBook.statistical).where(DistrictBook.year == year))  # fmt: skip
    for union_id, book_id, figures, previous, stat in rows:
        if not statistical:
            books[union_id] = (book_id, json.loads(figures), json.loads(previous))
            if stat is None:
                version_1.add(book_id)
        elif stat is None:
            lacking.add(union_id)
        else:
            both = json.loads(stat)
            books[union_id] = (book_id, both["figures"], both["previous"])
    result.lines = [UnionLine(u, books[u.id][1] if u.id in books else None, u.id in lacking) for u in unions]
    current = [figures for _, figures, _ in books.values()]
    organisation, previous_organisation = _organisation(session, period), _organisation(session, period.previous())
    distinct_counts, with_people = _distinct(session, [b for b, _, _ in books.values()], statistical)
    sums = add_up(current)
    for name in DISTINCT:  # unions that brought no people for a figure add their own
        distinct_counts[f"去重{name}"] += sum(int(f.get(name, 0)) for book_id, f, _ in books.values()
                                            if book_id not in with_people or (book_id in version_1 and name not in ROSTER_FIGURES))  # fmt: skip
    founded = {u.id for u in unions if u.founded_on and period.start <= u.founded_on <= period.end}
    result.values = {
        **organisation,
        "新建工会会员数": sum(int(books[i][1].get("会员总数", 0)) for i in founded if i in books),
        "报送工会数": len(books),
        "未报送工会数": len(result.not_reported),
        "未含统计年度工会数": len(lacking),
        **distinct_counts,
        "重复会员人数": int(sums["会员总数"]) - distinct_counts["去重会员总数"],  # type: ignore[call-overload]
        "重复帮扶慰问人数": int(sums["帮扶慰问总人数"]) - distinct_counts["去重帮扶慰问总人数"],  # type: ignore[call-overload]
        "去重工会数": len(with_people),
        **sums,
    }
    result.previous = {**previous_organisation, **add_up([previous for _, _, previous in books.values()])}
    return result


def consolidate(factory: sessionmaker[Session], year: int, *, statistical: bool = False) -> DistrictYear:
    """The district's figures for a year (or its 统计年度), read in one transaction."""
    with factory() as session:
        return consolidate_in(session, year, statistical=statistical)
