"""The district book: a UnionBook database that keeps the district's union list and one book per
union and year, filled by importing the unions' data packages (`unionbook district import`).

A database becomes a district book once (`district init`, or 区总 in the window) and only while it
holds no grassroots records: one file is either a union's records or a district's roll-up, never
both, so a figure can never be counted twice. Importing a package matches its union in the list by
统计代码, else 统一社会信用代码, else name, adds the union when it is new, and replaces that union's book
for that year (with its people) in one transaction. The facts a package brings (type, category,
industry, 覆盖单位数, 建会日期) update the list — the union is their source; 撤销日期 is the district's own.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session, sessionmaker

from unionbook.db.models import AppSetting, DistrictBook, DistrictCounted, DistrictPerson, DistrictUnion, Member
from unionbook.domain.errors import InputError
from unionbook.domain.organisation import FactError, OrgFacts
from unionbook.domain.vocab import AuditAction
from unionbook.services import audit
from unionbook.services.district.guard import DISTRICT, KIND_KEY, arm, is_district
from unionbook.services.district.package_format import Package, read_package
from unionbook.services.district.people import roster_people, translator

_PERSON_FIELDS = ("name", "id_number", "gender", "birth", "is_member", "is_employee", "joined", "migrant")


def is_district_book(factory: sessionmaker[Session]) -> bool:
    with factory() as session:
        return is_district(session)


def make_district_book(factory: sessionmaker[Session]) -> bool:
    """Make this database a district book; False when it already was. Refused (InputError) when
    it holds a union's roster."""
    with factory.begin() as session:
        if is_district(session):
            return False
        people = session.scalar(select(func.count()).select_from(Member))
        if people:
            raise InputError(detail=f"这个数据库已有 {people} 名职工的台账，不能改作区总工会汇总库；请用一个新的数据库文件（--db 新文件）")
        session.execute(insert(AppSetting).values(key=KIND_KEY, value=DISTRICT))  # the trail gets the line below
        audit.record(session, AuditAction.UPDATE, "app_settings", {"数据库用途": ["基层工会台账", "区总工会汇总"]})
        engine = session.get_bind().engine
    arm(engine)  # from now on no grassroots register can be written into it (services/district/guard.py)
    return True


def require_district(session: Session) -> None:
    if not is_district(session):
        raise InputError(detail="这个数据库不是区总工会汇总库；新建一个时用 `unionbook --db 区总.sqlite district init`")


@dataclass(frozen=True)
class Imported:
    union_name: str
    year: int
    new_union: bool
    replaced: bool  # the union already had a book for that year
    people: int  # roster rows kept (full ID numbers only)
    roster_ids: str | None
    counted: int = 0  # people keyed for the distinct counts
    statistical: bool = True  # the package carried the 统计年度 (version 2 on)


def _find_union(session: Session, profile: dict, facts: dict) -> DistrictUnion | None:
    for column, value in ((DistrictUnion.stat_code, facts.get("stat_code", "")),
                          (DistrictUnion.credit_code, profile.get("credit_code", "")),
                          (DistrictUnion.name, profile.get("union_name", ""))):  # fmt: skip
        value = (value or "").strip()
        if value:
            found = session.scalars(select(DistrictUnion).where(column == value).order_by(DistrictUnion.id)).first()
            if found is not None:
                return found
    return None


def _package_facts(package: Package, path: Path) -> OrgFacts:
    profile, facts = package.content["profile"], package.content["facts"]
    try:
        founded = date.fromisoformat(profile["founded_on"]) if profile.get("founded_on") else None
        return OrgFacts(stat_code=str(facts.get("stat_code", "")), unit_category=str(facts.get("unit_category", "")),
                        industry=str(facts.get("industry", "")), union_type=str(facts.get("union_type", "独立基层工会")),
                        covered_units=int(facts.get("covered_units", 1)), founded_on=founded).checked()  # fmt: skip
    except (FactError, ValueError, TypeError) as exc:
        raise InputError(detail=f"数据包 {path.name} 的统计信息有误：{exc}") from None


def _apply_facts(union: DistrictUnion, profile: dict, facts: OrgFacts) -> None:
    union.name = (profile.get("union_name") or profile.get("unit_name") or union.name or "").strip()
    union.unit_name = profile.get("unit_name", "") or ""
    union.credit_code = profile.get("credit_code", "") or union.credit_code
    union.chair_name = profile.get("chair_name", "") or ""
    union.contact_phone = profile.get("contact_phone", "") or ""
    for name in ("stat_code", "unit_category", "industry", "union_type", "covered_units", "founded_on"):
        value = getattr(facts, name)
        if value not in ("", None) or name in ("union_type", "covered_units"):
            setattr(union, name, value)


def _people(package: Package) -> list[dict]:
    if package.members is None or package.content.get("registers", {}).get("members", {}).get("ids") != "full":
        return []
    rows = []
    for row in package.members:
        values = dict(zip(_PERSON_FIELDS, row, strict=True))
        rows.append({"name": str(values["name"])[:50], "id_number": str(values["id_number"] or "")[:32],
                     "gender": str(values["gender"] or "")[:2], "is_member": bool(values["is_member"]),
                     "is_employee": bool(values["is_employee"]), "joined": bool(values["joined"]),
                     "migrant": bool(values["migrant"])})  # fmt: skip
    return rows


def _counted(package: Package, people: list[dict]) -> list[list]:
    """The package's people by key: people.json (version 2), else its full-ID roster."""
    if package.people is not None:
        translate = translator(package.content.get("people", {}).get("bits", []))
        return [[str(key)[:32], translate(year_bits), translate(stat_bits)] for key, year_bits, stat_bits in package.people]
    return roster_people(package.year, people)


def import_package(factory: sessionmaker[Session], path: Path, *, now: datetime | None = None) -> Imported:
    """Import one package: check it completely, then add or update its union and replace its book
    for the year, in one transaction (a refused package changes nothing)."""
    path = Path(path)
    package = read_package(path)
    profile = package.content["profile"]
    facts = _package_facts(package, path)
    try:
        people = _people(package)
    except (ValueError, TypeError):
        raise InputError(detail=f"数据包 {path.name} 的花名册格式不对") from None
    counted = _counted(package, people)
    if not (profile.get("union_name") or profile.get("unit_name")):
        raise InputError(detail=f"数据包 {path.name} 没有工会名称；请让基层工会在 设置 → 工会信息 中填写后重新导出")
    roster = package.content.get("registers", {}).get("members", {}).get("ids") if package.members is not None else None
    with factory.begin() as session:
        require_district(session)
        union = _find_union(session, profile, package.content["facts"])
        new_union = union is None
        if union is None:
            union = DistrictUnion(name="")
            session.add(union)
        _apply_facts(union, profile, facts)
        session.flush()
        old = session.scalar(select(DistrictBook.id).where(DistrictBook.union_id == union.id,
                                                            DistrictBook.year == package.year))  # fmt: skip
        if old is not None:
            session.execute(delete(DistrictPerson).where(DistrictPerson.book_id == old))
            session.execute(delete(DistrictCounted).where(DistrictCounted.book_id == old))
            session.execute(delete(DistrictBook).where(DistrictBook.id == old))
        # Core, not the ORM: the trail gets one summary line, not the package's figures copied.
        book_id = session.execute(insert(DistrictBook).values(
            union_id=union.id, year=package.year, imported_at=now or datetime.now(), source_file=path.name[:260],
            content_sha256=package.manifest["content_sha256"], packaged_at=str(package.manifest.get("created", ""))[:30],
            app_version=str(package.manifest.get("app_version", ""))[:20],
            figures=json.dumps(package.content["figures"], ensure_ascii=False),
            previous=json.dumps(package.content["previous"], ensure_ascii=False),
            roster_ids=roster, roster_rows=len(package.members or []),
            statistical=json.dumps(package.statistical, ensure_ascii=False) if package.statistical else None,
        )).inserted_primary_key[0]  # fmt: skip
        if people:
            session.execute(insert(DistrictPerson), [{"book_id": book_id, **p} for p in people])
        if counted:
            session.execute(insert(DistrictCounted), [{"book_id": book_id, "person_key": key, "year_bits": y,
                                                       "statistical_bits": s} for key, y, s in counted])  # fmt: skip
        audit.record(session, AuditAction.IMPORT, "district_books",
                     {"工会": union.name, "年度": package.year, "文件": path.name, "替换": old is not None}, row_id=book_id)  # fmt: skip
    return Imported(union.name, package.year, new_union, old is not None, len(people), roster, len(counted),
                    package.statistical is not None)  # fmt: skip


def import_packages(factory: sessionmaker[Session], paths: list[Path],
                    progress: Callable[[int, int], None] | None = None) -> list[Imported]:  # fmt: skip
    """Import several packages, all or nothing at the door: every one is checked before any is
    imported, and one that cannot be used refuses them all (InputError naming each)."""
    with factory() as session:
        require_district(session)
    refused = []
    for path in paths:
        try:
            read_package(Path(path))
        except InputError as exc:
            refused.append(exc.message())
    if refused:
        more = f"；另有 {len(refused) - 3} 个" if len(refused) > 3 else ""
        raise InputError(detail=f"{'；'.join(refused[:3])}{more}。{len(refused)} 个数据包无法使用，全部 {len(paths)} 个都未导入")
    done = []
    for n, path in enumerate(paths, start=1):
        done.append(import_package(factory, Path(path)))
        if progress is not None:
            progress(n, len(paths))
    return done
