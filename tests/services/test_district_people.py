"""Two unions sharing people: the district counts each person once — members, people helped, the
hardship files — by the keys the packages carry (never the plain ID number unless asked), for the
calendar year and for the 统计年度 (10月1日–9月30日) alike; the per-union breakdown keeps each
union's own count; a version 1 package is still read, its statistical year reported as missing."""

from __future__ import annotations

import json
import zipfile
from datetime import date
from pathlib import Path

import pytest
from district_unions import LI_ID, WANG_ID, ZHAO_ID, fresh_db, small_union
from sqlalchemy import select

from unionbook.db.models import AidPayment, HardshipFile, Member
from unionbook.domain.organisation import OrgFacts
from unionbook.services.district import package_format
from unionbook.services.district.book import import_package, make_district_book
from unionbook.services.district.consolidation import consolidate
from unionbook.services.district.package_export import export_package
from unionbook.services.district.package_format import read_package, write_package


def _helped(db, payments: list[tuple[str, str, date]], files: list[tuple[str, date]]) -> None:
    """(证件号码, 项目, 日期) disbursements and (证件号码, 建档日期) hardship files."""
    with db.session_factory.begin() as session:
        ids = dict(session.execute(select(Member.id_number, Member.id)).all())
        for number, program, day in payments:
            session.add(AidPayment(member_id=ids[number], program=program, date=day, amount_fen=50000))
        for number, opened in files:
            session.add(HardshipFile(member_id=ids[number], category="相对困难", opened_on=opened))


@pytest.fixture
def packages(template_db, tmp_path: Path) -> dict[str, Path]:
    """甲 (full IDs not sent): 王芳 a member since 2010, 李明 joined 2025-11-10; 送温暖 to 王芳 (1月) and
    李明 (12月), 金秋助学 to 王芳 (8月); 王芳's hardship file since 2024-06.
    乙 (no registers at all): 王芳 joined 2024-11-01, 赵强 a member since 2015; 送温暖 to 王芳 (1月),
    医疗救助 to 赵强 (3月); 王芳's hardship file since 2025-02.
    丙, written by the previous version (format 1, no statistical year): 王芳 again and 钱多 (no ID
    number), its roster sent with full ID numbers."""
    made = {}
    a = fresh_db(template_db, tmp_path / "甲")
    small_union(a, "甲公司工会", [("王芳", WANG_ID, date(2010, 3, 1)), ("李明", LI_ID, date(2025, 11, 10))],
                facts=OrgFacts(stat_code="A01"))  # fmt: skip
    _helped(a, [(WANG_ID, "送温暖", date(2025, 1, 20)), (LI_ID, "送温暖", date(2025, 12, 1)),
                (WANG_ID, "金秋助学", date(2025, 8, 1))], [(WANG_ID, date(2024, 6, 1))])  # fmt: skip
    made["甲"] = export_package(a.session_factory, 2025, tmp_path / "甲.ubpkg").path
    a.close()
    b = fresh_db(template_db, tmp_path / "乙")
    small_union(b, "乙公司工会", [("王芳", WANG_ID, date(2024, 11, 1)), ("赵强", ZHAO_ID, date(2015, 5, 1))],
                facts=OrgFacts(stat_code="B02"))  # fmt: skip
    _helped(b, [(WANG_ID, "送温暖", date(2025, 1, 25)), (ZHAO_ID, "医疗救助", date(2025, 3, 1))], [(WANG_ID, date(2025, 2, 1))])
    made["乙"] = export_package(b.session_factory, 2025, tmp_path / "乙.ubpkg").path
    b.close()
    c = fresh_db(template_db, tmp_path / "丙")
    small_union(c, "丙店工会", [("王芳", WANG_ID, date(2012, 1, 1)), ("钱多", "", date(2013, 1, 1))],
                facts=OrgFacts(stat_code="C03"))  # fmt: skip
    new = read_package(export_package(c.session_factory, 2025, tmp_path / "丙-v2.ubpkg", with_registers=True,
                                      show_id=True).path)  # fmt: skip
    c.close()
    old = {k: v for k, v in new.content.items() if k not in ("statistical", "people")}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(package_format, "FORMAT_VERSION", 1)
        write_package(tmp_path / "丙.ubpkg", old, new.members)
    made["丙"] = tmp_path / "丙.ubpkg"
    return made


def test_the_package_carries_keys_not_id_numbers(packages: dict[str, Path], tmp_path: Path) -> None:
    with zipfile.ZipFile(packages["甲"]) as zf:
        assert sorted(zf.namelist()) == ["manifest.json", "package.json", "people.json"]
        everything = b"".join(zf.read(name) for name in zf.namelist()).decode()
        people = json.loads(zf.read("people.json"))
        manifest = json.loads(zf.read("manifest.json"))
    assert manifest["version"] == 2
    assert WANG_ID not in everything and LI_ID not in everything and WANG_ID.lower() not in everything
    assert len(people) == 2 and all(len(key) == 32 for key, _, _ in people)
    package = read_package(packages["甲"])
    assert package.statistical["period"] == ["2024-10-01", "2025-09-30"]
    assert package.content["figures"]["会员总数"] == 2 and package.statistical["figures"]["会员总数"] == 1
    # The same person has the same key in another union's package of the year.
    assert {k for k, _, _ in people} & {k for k, _, _ in read_package(packages["乙"]).people}
    assert read_package(packages["丙"]).statistical is None  # format 1 still reads


def test_people_in_two_unions_are_counted_once(db, packages: dict[str, Path]) -> None:
    make_district_book(db.session_factory)
    done = [import_package(db.session_factory, packages[n]) for n in ("甲", "乙", "丙")]
    assert [d.counted for d in done] == [2, 2, 2] and [d.statistical for d in done] == [True, True, False]

    year = consolidate(db.session_factory, 2025)
    v = year.values
    assert (v["会员总数"], v["去重会员总数"], v["重复会员人数"]) == (6, 4, 2)  # 王芳 in all three; 钱多 once
    assert (v["女会员数"], v["去重女会员数"]) == (3, 1)
    assert (v["新入会人数"], v["去重新入会人数"]) == (1, 1)  # 李明; 王芳 joined 乙 in 2024
    assert (v["帮扶慰问总人数"], v["去重帮扶慰问总人数"], v["重复帮扶慰问人数"]) == (4, 3, 1)
    assert (v["送温暖人数"], v["去重送温暖人数"]) == (3, 2)
    assert (v["金秋助学人数"], v["去重金秋助学人数"], v["去重医疗救助人数"]) == (1, 1, 1)
    assert (v["在档困难职工户数"], v["去重在档困难职工户数"]) == (2, 1)
    assert v["去重工会数"] == 3 and v["未含统计年度工会数"] == 0
    own = {line.union.name: line.figures["会员总数"] for line in year.lines}
    assert own == {"甲公司工会": 2, "乙公司工会": 2, "丙店工会": 2}  # each union's own count

    stat = consolidate(db.session_factory, 2025, statistical=True)
    s = stat.values
    assert (stat.period.start, stat.period.end) == (date(2024, 10, 1), date(2025, 9, 30))
    assert [u.name for u in stat.lacking] == ["丙店工会"] and stat.not_reported == []
    assert (s["报送工会数"], s["未含统计年度工会数"]) == (2, 1)  # 丙 left out, not counted as zero
    assert (s["会员总数"], s["去重会员总数"]) == (3, 2)  # 李明 joins after 9月30日
    assert (s["新入会人数"], s["去重新入会人数"]) == (1, 1)  # 王芳 into 乙, 2024-11-01
    assert (s["帮扶慰问总人数"], s["去重帮扶慰问总人数"]) == (3, 2)  # 李明's 12月 送温暖 is outside
    assert (s["送温暖人数"], s["去重送温暖人数"], s["去重在档困难职工户数"]) == (2, 1, 1)
    lines = {line.union.name: (line.figures or {}).get("会员总数") for line in stat.lines}
    assert lines == {"甲公司工会": 1, "乙公司工会": 2, "丙店工会": None}


def test_the_command_line_names_the_old_package(packages: dict[str, Path], tmp_path: Path, capsys) -> None:
    from unionbook.app import main

    db = str(tmp_path / "区总.sqlite")
    assert main(["--db", db, "district", "init"]) == 0
    capsys.readouterr()
    assert main(["--db", db, "district", "import", *(str(packages[n]) for n in ("甲", "乙", "丙"))]) == 0
    out = capsys.readouterr().out
    assert "已导入 甲公司工会（新加入名单） 2025 年度数据，2 人参与去重" in out
    assert "已导入 丙店工会（新加入名单） 2025 年度数据，附完整证件号花名册 2 人，2 人参与去重；数据包为旧版本" in out
    assert main(["--db", db, "district", "figures", "--year", "2025", "--statistical", "--by-union", "会员总数"]) == 0
    out = capsys.readouterr().out
    assert ("2025 统计年度区总工会汇总（2024年10月1日至2025年9月30日；已报送 2 家，未报送 0 家，"
            "数据包不含统计年度的 1 家未计入：丙店工会）") in out  # fmt: skip
    assert [line.split() for line in out.splitlines() if line.startswith("丙店工会")] == [["丙店工会", "不含统计年度"]]
