"""The district's union list: every grassroots union with the organisational facts the district
counts by (建会日期, 撤销日期, 类型, 单位性质类别, 行业, 覆盖单位数), and whether it reported a year.

A union exists in a year's figures when founded by its end (or with no 建会日期) and not dissolved by
then; it is 新建 in the year of its 建会日期 and 撤销 in the year of its 撤销日期. Unions the district
knows before they report are added by hand (`district union add`), so 未报送 lists them.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from unionbook.db.models import DistrictBook, DistrictUnion
from unionbook.domain.errors import NotFoundError, ValidationError
from unionbook.domain.organisation import FactError, OrgFacts
from unionbook.services.district.book import require_district
from unionbook.services.figures import Period


@dataclass(frozen=True)
class UnionEntry:
    """One line of the union list (for a year: `reported` says whether its package is in)."""

    id: int
    name: str
    stat_code: str
    credit_code: str
    union_type: str
    unit_category: str
    industry: str
    covered_units: int
    founded_on: date | None
    dissolved_on: date | None
    reported: bool = False

    def exists_at(self, day: date) -> bool:
        return (self.founded_on is None or self.founded_on <= day) and (self.dissolved_on is None or self.dissolved_on > day)


def existing_at(day: date):
    """The unions standing on `day`: founded by then (or undated) and not dissolved by then."""
    return (or_(DistrictUnion.founded_on.is_(None), DistrictUnion.founded_on <= day)
            & or_(DistrictUnion.dissolved_on.is_(None), DistrictUnion.dissolved_on > day))  # fmt: skip


def _entry(row: DistrictUnion, reported: bool) -> UnionEntry:
    return UnionEntry(row.id, row.name, row.stat_code, row.credit_code, row.union_type, row.unit_category, row.industry,
                      row.covered_units, row.founded_on, row.dissolved_on, reported)  # fmt: skip


def list_unions_in(session: Session, year: int | None = None, *, period: Period | None = None) -> list[UnionEntry]:
    """Every union in the list (by 统计代码, then name); with a year, those standing at some point of
    it — or of `period`, the 统计年度 ending in it — (founded by its end, not dissolved before its
    start), `reported` set from its books."""
    require_district(session)
    query = select(DistrictUnion).order_by(DistrictUnion.stat_code, DistrictUnion.name, DistrictUnion.id)
    reported: set[int] = set()
    if year is not None:
        period = period or Period.year(year)
        query = query.where(or_(DistrictUnion.founded_on.is_(None), DistrictUnion.founded_on <= period.end),
                            or_(DistrictUnion.dissolved_on.is_(None), DistrictUnion.dissolved_on >= period.start))  # fmt: skip
        reported = set(session.scalars(select(DistrictBook.union_id).where(DistrictBook.year == year)))
    return [_entry(row, row.id in reported) for row in session.scalars(query)]


def list_unions(factory: sessionmaker[Session], year: int | None = None) -> list[UnionEntry]:
    with factory() as session:
        return list_unions_in(session, year)


def not_reported(factory: sessionmaker[Session], year: int) -> list[UnionEntry]:
    """Unions standing at the year's end whose package for the year has not been imported."""
    end = date(year, 12, 31)
    return [u for u in list_unions(factory, year) if not u.reported and u.exists_at(end)]


@dataclass(frozen=True)
class UnionInput:
    name: str
    stat_code: str = ""
    credit_code: str = ""
    union_type: str = "独立基层工会"
    unit_category: str = ""
    industry: str = ""
    covered_units: int = 1
    founded_on: date | None = None
    dissolved_on: date | None = None


def _checked(data: UnionInput) -> UnionInput:
    data = replace(data, **{f.name: getattr(data, f.name).strip() for f in fields(data) if isinstance(getattr(data, f.name), str)})
    if not data.name:
        raise ValidationError(field="工会名称", detail="不能为空")
    try:
        OrgFacts(stat_code=data.stat_code, unit_category=data.unit_category, industry=data.industry,
                 union_type=data.union_type, covered_units=data.covered_units).checked()  # fmt: skip
    except FactError as exc:
        raise ValidationError(field="统计信息", detail=str(exc)) from None
    if data.dissolved_on and data.founded_on and data.dissolved_on < data.founded_on:
        raise ValidationError(field="撤销日期", detail=f"{data.dissolved_on} 早于建会日期 {data.founded_on}")
    return data


def save_union(factory: sessionmaker[Session], data: UnionInput, union_id: int | None = None) -> int:
    """Add a union to the list (union_id None) or change one; returns its id."""
    data = _checked(data)
    with factory.begin() as session:
        require_district(session)
        if union_id is None:
            row = DistrictUnion()
            session.add(row)
        else:
            row = session.get(DistrictUnion, union_id)
            if row is None:
                raise NotFoundError(what="工会", key=union_id)
        for f in fields(data):
            setattr(row, f.name, getattr(data, f.name))
        session.flush()
        return row.id


def find_union(factory: sessionmaker[Session], key: str) -> UnionEntry:
    """A union by 统计代码, 统一社会信用代码 or exact name (the CLI's --union)."""
    for union in list_unions(factory):
        if key.strip() in (union.stat_code, union.credit_code, union.name):
            return union
    raise NotFoundError(what="工会", key=key)


def union_input(entry: UnionEntry) -> UnionInput:
    return UnionInput(**{f.name: getattr(entry, f.name) for f in fields(UnionInput)})


def book_years(factory: sessionmaker[Session]) -> list[int]:
    """The years some union has reported, latest first (the window opens on the first)."""
    with factory() as session:
        return list(session.scalars(select(DistrictBook.year).distinct().order_by(DistrictBook.year.desc())))
