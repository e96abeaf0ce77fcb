"""District figures for a year: the unions' figures added up, people in two unions counted once,
and the 工会组织 counts of the union list.

- Every figure of the registry is the sum of the reporting unions' values as their packages sent
  them (a union's 年度工作总结 and the district's add up), 上年 likewise from the same packages. 万元
  figures are summed in 元 and converted once (200 rounded 万元 values would not add up to the
  total); a rate is recomputed from its sums (入会率 = 会员总数 / 职工总数); 预算执行率 is left out
  (the budgets are not in the package).
- 去重会员总数, 去重新入会人数, 去重女会员数, 去重农民工会员数: the rosters sent with full ID numbers,
  each ID number once (a rostered person without one counts once each), plus the unions' own
  figures for those that sent no roster or a masked one; 重复会员人数 is how many fewer that is.
- 工会组织数, 独立/联合基层工会数 and 覆盖单位数 at the year's end, 新建/撤销工会组织数 within it, from
  the union list (services/district/unions.py); 报送/未报送工会数 from the books.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import and_, case, distinct, func, select
from sqlalchemy.orm import Session, sessionmaker

from unionbook.db.models import DistrictBook, DistrictPerson, DistrictUnion
from unionbook.domain.organisation import JOINT
from unionbook.services.district.unions import UnionEntry, existing_at, list_unions_in
from unionbook.services.figures import FIGURES, points_text, yoy_text
from unionbook.services.figures.members import rate

#: Rates recomputed from the district's sums: rate → (part, whole).
RATES = {"入会率": ("会员总数", "职工总数"), "会费收缴率": ("会费实缴金额", "会费应缴金额")}
#: Registry figures a district cannot add up (their basis is not in the package).
NOT_SUMMED = frozenset({"预算执行率"})
SUMMED = tuple(f for f in FIGURES if f.name not in NOT_SUMMED)
_UNITS = {f.name: f.unit for f in FIGURES}

#: The district's own figures: name → (unit, description). Templates use these names too.
DISTRICT_FIGURES: dict[str, tuple[str, str]] = {
    "工会组织数": ("个", "年末存续的基层工会组织数（建会日期在年末之前、未撤销）。"),
    "独立基层工会数": ("个", "年末存续的独立基层工会数。"),
    "联合基层工会数": ("个", "年末存续的联合基层工会数。"),
    "覆盖单位数": ("家", "年末存续的基层工会覆盖的单位数（联合基层工会按其覆盖单位数计）。"),
    "新建工会组织数": ("个", "建会日期在本年度内的基层工会数。"),
    "新建工会会员数": ("人", "本年度新建的基层工会年末会员数之和（已报送的）。"),
    "撤销工会组织数": ("个", "撤销日期在本年度内的基层工会数。"),
    "报送工会数": ("个", "已导入本年度数据包的基层工会数。"),
    "未报送工会数": ("个", "年末存续但尚未导入本年度数据包的基层工会数。"),
    "去重会员总数": ("人", "会员总数，同一证件号码在几家工会只计一次（按附完整证件号花名册的数据包去重）。"),
    "去重新入会人数": ("人", "新入会人数，同一证件号码只计一次。"),
    "去重女会员数": ("人", "女会员数，同一证件号码只计一次。"),
    "去重农民工会员数": ("人", "农民工会员数，同一证件号码只计一次。"),
    "重复会员人数": ("人", "会员总数（各工会相加）比去重会员总数多出的人数：在两家以上工会登记的会员。"),
    "去重工会数": ("个", "附完整证件号花名册、参与去重的数据包数。"),
}  # fmt: skip
_DISTINCT = {"去重会员总数": "会员总数", "去重新入会人数": "新入会人数", "去重女会员数": "女会员数", "去重农民工会员数": "农民工会员数"}


def unit_of(name: str) -> str:
    return DISTRICT_FIGURES[name][0] if name in DISTRICT_FIGURES else _UNITS[name]


@dataclass(frozen=True)
class UnionLine:
    """One union in the breakdown: its list entry and its figures (None: not reported)."""

    union: UnionEntry
    figures: dict[str, object] | None


@dataclass
class DistrictYear:
    year: int
    values: dict[str, object] = field(default_factory=dict)  # district figures, then registry sums
    previous: dict[str, object] = field(default_factory=dict)  # 上年 of the same
    lines: list[UnionLine] = field(default_factory=list)  # every union standing in the year

    @property
    def not_reported(self) -> list[UnionEntry]:
        end = date(self.year, 12, 31)
        return [line.union for line in self.lines if line.figures is None and line.union.exists_at(end)]

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


def _organisation(session: Session, year: int) -> dict[str, int]:
    end, start = date(year, 12, 31), date(year, 1, 1)
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


def _distinct(session: Session, year: int) -> tuple[dict[str, int], set[int]]:
    """Distinct people among the full rosters of the year, and the books they came from."""
    person = DistrictPerson
    books = select(DistrictBook.id).where(DistrictBook.year == year, DistrictBook.roster_ids == "full")
    has_id = person.id_number != ""
    conditions = {
        "去重会员总数": person.is_member.is_(True),
        "去重新入会人数": person.joined.is_(True),
        "去重女会员数": and_(person.is_member.is_(True), person.gender == "女"),
        "去重农民工会员数": and_(person.is_member.is_(True), person.migrant.is_(True)),
    }
    columns = []
    for condition in conditions.values():
        columns.append(func.count(distinct(case((and_(condition, has_id), person.id_number)))))
        columns.append(func.count().filter(condition, ~has_id))
    row = session.execute(select(*columns).where(person.book_id.in_(books))).one()
    counts = {name: int(row[2 * i]) + int(row[2 * i + 1]) for i, name in enumerate(conditions)}
    return counts, set(session.scalars(books))


def consolidate_in(session: Session, year: int) -> DistrictYear:
    result = DistrictYear(year)
    unions = list_unions_in(session, year)
    books = {union_id: (book_id, json.loads(figures), json.loads(previous)) for union_id, book_id, figures, previous in
             session.execute(select(DistrictBook.union_id, DistrictBook.id, DistrictBook.figures, DistrictBook.previous)
                             .where(DistrictBook.year == year))}  # fmt: skip
    result.lines = [UnionLine(u, books[u.id][1] if u.id in books else None) for u in unions]
    current = [figures for _, figures, _ in books.values()]
    organisation, previous_organisation = _organisation(session, year), _organisation(session, year - 1)
    distinct_counts, rostered = _distinct(session, year)
    sums = add_up(current)
    for name, own in _DISTINCT.items():  # unions without a full roster add their own figure
        distinct_counts[name] += sum(int(f.get(own, 0)) for book_id, f, _ in books.values() if book_id not in rostered)
    founded = {u.id for u in unions if u.founded_on and u.founded_on.year == year}
    reported = len(books)
    result.values = {
        **organisation,
        "新建工会会员数": sum(int(books[i][1].get("会员总数", 0)) for i in founded if i in books),
        "报送工会数": reported,
        "未报送工会数": len(result.not_reported),
        **distinct_counts,
        "重复会员人数": int(sums["会员总数"]) - distinct_counts["去重会员总数"],  # type: ignore[call-overload]
        "去重工会数": len(rostered),
        **sums,
    }
    result.previous = {**previous_organisation, **add_up([previous for _, _, previous in books.values()])}
    return result


def consolidate(factory: sessionmaker[Session], year: int) -> DistrictYear:
    """The district's figures for a year, read in one transaction."""
    with factory() as session:
        return consolidate_in(session, year)
