"""A grassroots union's year as a data package for its district (`unionbook package`).

What goes in: the profile and 统计信息 (services/union_facts.py), every figure of the registry with
上年 for the calendar year and for the 统计年度 ending in its September (10月1日 to 9月30日, the
统计年报's period: the district's 统计年报 adds those up, its 年度工作总结 the calendar year's) — the
registry is the one place figures are computed, so the district adds up what the union's own
documents say; the people behind the distinct-person figures by key, never by ID number
(services/district/people.py), so the district can count a person in two unions once; and — when
the district asks (`with_registers`) — the roster at the year's end, one row per person counted as
an employee or member, or who joined within the year, ID numbers masked unless `show_id`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from unionbook.db.models import Member
from unionbook.domain.errors import InputError
from unionbook.domain.idnumber import mask_id_number
from unionbook.domain.vocab import EmploymentStatus, MembershipEventKind
from unionbook.services import audit
from unionbook.services.district.book import is_district
from unionbook.services.district.package_format import SUFFIX, write_package
from unionbook.services.district.people import DISTINCT, counted_people
from unionbook.services.figures import Period
from unionbook.services.figures.comparison import comparison_in
from unionbook.services.figures.registry import FIGURES
from unionbook.services.member_status import joined_within, latest_employment_status, latest_membership_kind
from unionbook.services.union import read_profile
from unionbook.services.union_facts import read_facts

#: The roster's columns in members.json, in order (the district reads them by this list).
MEMBER_COLUMNS = ("姓名", "证件号码", "性别", "出生日期", "会员", "职工", "新入会", "农民工")
IDS_FULL = "full"
IDS_MASKED = "masked"

_ACTIVE = [k.value for k in MembershipEventKind.active()]
_EMPLOYED = [s.value for s in EmploymentStatus.counted_as_employee()]


@dataclass(frozen=True)
class Exported:
    path: Path
    size: int
    year: int
    union_name: str
    people: int | None  # roster rows sent; None without registers
    full_ids: bool
    counted: int = 0  # people sent by key (people.json)


def plain(value: object) -> object:
    """A figure value as JSON keeps it exactly: counts as numbers, 元 / 万元 / % as text."""
    return str(value) if isinstance(value, Decimal) else value


def roster_rows(session: Session, period: Period, *, show_id: bool) -> list[list]:
    """The people counted at the year's end or who joined within it, as MEMBER_COLUMNS."""
    kind = latest_membership_kind(period.end)
    employment = latest_employment_status(period.end)
    joined = joined_within(period.start, period.end)
    query = (
        select(Member.name, Member.id_number, Member.gender, Member.birth_date,
               kind.in_(_ACTIVE), employment.in_(_EMPLOYED), joined, Member.is_migrant_worker)
        .where(or_(kind.in_(_ACTIVE), employment.in_(_EMPLOYED), joined))
        .order_by(Member.id)
    )  # fmt: skip
    rows = []
    for name, number, gender, birth, member, employee, new, migrant in session.execute(query):
        number = number or ""
        rows.append([name, number if show_id else mask_id_number(number), gender or "",
                     birth.isoformat() if birth else "", bool(member), bool(employee), bool(new), bool(migrant)])  # fmt: skip
    return rows


def _period_figures(session: Session, period: Period) -> dict:
    compared = comparison_in(session, period)
    return {
        "period": [period.start.isoformat(), period.end.isoformat()],
        "figures": {f.name: plain(compared[f.name]) for f in FIGURES},
        "previous": {f.name: plain(compared["上年" + f.name]) for f in FIGURES},
    }


def package_content(session: Session, year: int) -> dict:
    """package.json for the year: profile, 统计信息, the calendar year's period, figures and 上年
    (registry order), the same for the statistical year, and the names of people.json's bits."""
    profile = asdict(read_profile(session))
    profile["founded_on"] = profile["founded_on"].isoformat() if profile["founded_on"] else None
    facts = asdict(read_facts(session))
    facts.pop("founded_on")  # the profile's (one place for each fact)
    return {
        "year": year,
        **_period_figures(session, Period.year(year)),
        "statistical": _period_figures(session, Period.statistical_year(year)),
        "profile": profile,
        "facts": facts,
        "people": {"bits": list(DISTINCT), "key": f"sha256(unionbook-package/{year}/证件号码)[:32]"},
    }


def export_package(factory: sessionmaker[Session], year: int, target: Path, *, with_registers: bool = False,
                   show_id: bool = False, today: date | None = None,
                   progress: Callable[[int, int], None] | None = None) -> Exported:  # fmt: skip
    """Write the year's package to `target` (suffix .ubpkg added when missing) and record the
    export in the audit trail (with whether full ID numbers went out). `progress(step, 4)` after
    the figures, the people, the roster and the file (the window's progress bar)."""
    step = progress or (lambda _done, _total: None)
    target = Path(target)
    if target.suffix.lower() != SUFFIX:
        target = target.with_name(target.name + SUFFIX)
    if not target.parent.is_dir():
        raise InputError(detail=f"保存数据包的文件夹不存在：{target.parent}，请另选位置")
    with factory() as session:
        if is_district(session):
            raise InputError(detail="这是区总工会汇总库，没有基层工会的台账可以导出；数据包请在基层工会的数据库上导出")
        content = package_content(session, year)
        step(1, 4)
        people = counted_people(session, year)
        step(2, 4)
        rows = roster_rows(session, Period.year(year), show_id=show_id) if with_registers else None
        step(3, 4)
    if rows is not None:
        content["registers"] = {"members": {"ids": IDS_FULL if show_id else IDS_MASKED, "rows": len(rows),
                                            "columns": list(MEMBER_COLUMNS)}}  # fmt: skip
    size = write_package(target, content, rows, people)
    step(4, 4)
    audit.record_export(factory, audit.ExportKind.PACKAGE, len(rows) if rows is not None else None,
                        bool(show_id and rows is not None), target, year=year)  # fmt: skip
    name = content["profile"]["union_name"] or content["profile"]["unit_name"]
    return Exported(target, size, year, name, len(rows) if rows is not None else None, bool(show_id and rows), len(people))
