"""The district book: importing packages (a union's year replaced when imported again), the union
list and who has not reported, and district figures that are the unions' sums — with people who
are in two unions counted once when the packages carry full ID numbers."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from district_unions import LI_ID, WANG_ID, ZHAO_ID, fresh_db, small_union

from unionbook.app import main
from unionbook.domain.errors import InputError
from unionbook.domain.organisation import JOINT, OrgFacts
from unionbook.services.district.book import import_package, make_district_book
from unionbook.services.district.consolidation import consolidate
from unionbook.services.district.package_export import export_package, package_content
from unionbook.services.district.package_format import write_package
from unionbook.services.district.unions import UnionInput, list_unions, not_reported, save_union


@pytest.fixture
def district(db):
    make_district_book(db.session_factory)
    return db


def _two_unions(template_db: Path, tmp_path: Path) -> list[Path]:
    """甲 (王芳 and 李明, full IDs), 乙 (王芳 again, 赵强; full IDs), 丙 (masked: 2 members)."""
    made = []
    specs = [
        ("甲公司工会", "A01", [("王芳", WANG_ID, date(2010, 3, 1)), ("李明", LI_ID, date(2025, 6, 1))], True),
        ("乙公司工会", "B02", [("王芳", WANG_ID, date(2025, 2, 1)), ("赵强", ZHAO_ID, None)], True),
        ("丙社区联合工会", "C03", [("钱多", "", date(2020, 1, 1)), ("孙明", "", date(2025, 1, 5))], False),
    ]
    for n, (name, code, people, show) in enumerate(specs):
        db = fresh_db(template_db, tmp_path / f"u{n}")
        facts = OrgFacts(stat_code=code, union_type=JOINT, covered_units=4) if code == "C03" else OrgFacts(stat_code=code)
        small_union(db, name, people, founded=date(2025, 5, 1) if code == "B02" else date(2001, 1, 1), facts=facts)
        made.append(export_package(db.session_factory, 2025, tmp_path / f"{code}.ubpkg", with_registers=True,
                                   show_id=show).path)  # fmt: skip
        db.close()
    return made


def test_people_in_two_unions_count_once(template_db, district, tmp_path: Path) -> None:
    for path in _two_unions(template_db, tmp_path):
        import_package(district.session_factory, path)
    year = consolidate(district.session_factory, 2025)
    v = year.values
    assert v["会员总数"] == 5  # 甲 2 + 乙 1 + 丙 2
    assert v["去重会员总数"] == 4  # 王芳 once; 丙's two people have no ID number: once each
    assert v["重复会员人数"] == 1
    assert v["新入会人数"] == 3 and v["去重新入会人数"] == 3  # 李明, 王芳 (转 into 乙), 孙明
    assert v["职工总数"] == 6 and v["入会率"] == Decimal("83.3")
    assert v["去重工会数"] == 3  # every package carries its people by key, masked roster or not
    assert (v["工会组织数"], v["联合基层工会数"], v["覆盖单位数"], v["新建工会组织数"]) == (3, 1, 6, 1)
    assert v["新建工会会员数"] == 1  # 乙's one member
    assert year.previous["工会组织数"] == 2 and year.previous["会员总数"] == 2  # 王芳 in 甲, 钱多 in 丙


def test_importing_again_replaces_that_unions_year(template_db, district, tmp_path: Path) -> None:
    first = _two_unions(template_db, tmp_path)
    for path in first:
        import_package(district.session_factory, path)
    db = fresh_db(template_db, tmp_path / "again")
    small_union(db, "甲公司工会", [("王芳", WANG_ID, date(2010, 3, 1))], facts=OrgFacts(stat_code="A01"))
    again = export_package(db.session_factory, 2025, tmp_path / "A01-corrected.ubpkg", with_registers=True, show_id=True)
    db.close()
    done = import_package(district.session_factory, again.path)
    assert done.replaced and not done.new_union
    year = consolidate(district.session_factory, 2025)
    assert year.values["会员总数"] == 4 and year.values["去重会员总数"] == 3 and year.values["报送工会数"] == 3
    assert len(list_unions(district.session_factory)) == 3


def test_unions_not_reported(district, template_db, tmp_path: Path) -> None:
    f = district.session_factory
    save_union(f, UnionInput(name="丁厂工会", stat_code="D04", founded_on=date(2019, 1, 1)))
    save_union(f, UnionInput(name="戊店工会", stat_code="E05", founded_on=date(2015, 1, 1), dissolved_on=date(2025, 8, 1)))
    save_union(f, UnionInput(name="己校工会", stat_code="F06", founded_on=date(2026, 2, 1)))
    import_package(f, _two_unions(template_db, tmp_path)[0])
    assert [u.name for u in not_reported(f, 2025)] == ["丁厂工会"]  # 戊 dissolved, 己 not yet founded
    v = consolidate(f, 2025).values
    assert (v["工会组织数"], v["撤销工会组织数"], v["报送工会数"], v["未报送工会数"]) == (2, 1, 1, 1)


def test_200_packages_add_up(template_db, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Union i (1…200) reports 会员总数 i, 职工总数 2i, 新入会 i mod 3, 帮扶 i.50 元; every tenth is a
    联合基层工会 covering 5 units; unions 1…20 were founded in 2025."""
    db = fresh_db(template_db, tmp_path / "base")
    small_union(db, "模板工会", [])
    with db.session_factory() as session:
        base = package_content(session, 2025)
    db.close()
    files = []
    for i in range(1, 201):
        content = copy.deepcopy(base)
        content["profile"].update(union_name=f"第{i}工会", founded_on="2025-06-01" if i <= 20 else "2010-01-01")
        content["facts"].update(stat_code=f"S{i:03}", union_type=JOINT if i % 10 == 0 else "独立基层工会",
                                covered_units=5 if i % 10 == 0 else 1)  # fmt: skip
        content["figures"].update({"会员总数": i, "职工总数": 2 * i, "新入会人数": i % 3, "帮扶慰问总金额": f"{i}.50",
                                   "帮扶慰问总金额万元": "0.00"})  # fmt: skip
        content["previous"].update({"会员总数": i - 1})
        content["statistical"]["figures"].update({"会员总数": 3 * i})  # 10月–9月: another count
        write_package(tmp_path / f"{i}.ubpkg", content, None, [])
        files.append(str(tmp_path / f"{i}.ubpkg"))
    district_db = str(tmp_path / "district.sqlite")
    assert main(["--db", district_db, "district", "init"]) == 0
    assert main(["--db", district_db, "district", "import", *files]) == 0
    capsys.readouterr()
    assert main(["--db", district_db, "district", "figures", "--year", "2025", "--json"]) == 0
    import json

    got = json.loads(capsys.readouterr().out)
    assert got["会员总数"] == 20100 and got["上年会员总数"] == 19900 and got["会员总数同比"] == "增长1.0%"
    assert got["职工总数"] == 40200 and got["入会率"] == "50.0"
    assert got["新入会人数"] == 201  # 67 unions with 1, 67 with 2
    assert got["帮扶慰问总金额"] == "20200.00" and got["帮扶慰问总金额万元"] == "2.02"
    assert (got["工会组织数"], got["联合基层工会数"], got["独立基层工会数"], got["覆盖单位数"]) == (200, 20, 180, 280)
    assert (got["新建工会组织数"], got["新建工会会员数"], got["上年工会组织数"]) == (20, 210, 180)
    assert got["去重会员总数"] == 20100  # no rosters: the unions' own counts
    assert got["报送工会数"] == 200 and got["未报送工会数"] == 0
    assert main(["--db", district_db, "district", "figures", "--year", "2025", "--statistical", "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert got["会员总数"] == 60300 and got["报送工会数"] == 200 and got["未含统计年度工会数"] == 0


def test_a_refused_package_imports_nothing(template_db, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = _two_unions(template_db, tmp_path)[0]
    bad = tmp_path / "bad.ubpkg"
    bad.write_bytes(good.read_bytes()[:300])
    district_db = str(tmp_path / "district.sqlite")
    assert main(["--db", district_db, "district", "init"]) == 0
    assert main(["--db", district_db, "district", "import", str(good), str(bad)]) == 2
    assert "bad.ubpkg 无法使用" in capsys.readouterr().err  # and the good one was not imported:
    assert main(["--db", district_db, "district", "unions"]) == 0
    assert "共 0 家" in capsys.readouterr().out


def test_a_union_book_cannot_become_a_district_book(db) -> None:
    small_union(db, "甲公司工会", [("王芳", WANG_ID, date(2010, 3, 1))])
    with pytest.raises(InputError, match="已有 1 名职工的台账"):
        make_district_book(db.session_factory)
