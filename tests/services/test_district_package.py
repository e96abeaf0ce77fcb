"""The data package (`unionbook package`): what a grassroots union sends its district for a year,
and that a damaged or edited package is refused."""

from __future__ import annotations

import json
import zipfile
from datetime import date
from pathlib import Path

import pytest
from district_unions import LI_ID, WANG_ID, ZHAO_ID, small_union

from unionbook.app import main
from unionbook.domain.errors import InputError
from unionbook.domain.organisation import JOINT, OrgFacts
from unionbook.services.district.package_export import export_package
from unionbook.services.district.package_format import read_package


@pytest.fixture
def union_db(db):
    small_union(db, "星光社区联合工会", [
        ("王芳", WANG_ID, date(2010, 3, 1)),
        ("李明", LI_ID, date(2025, 6, 1)),  # joined within 2025
        ("赵强", ZHAO_ID, None),  # an employee, not a member
    ], founded=date(2025, 4, 18), facts=OrgFacts(stat_code="Q0012", unit_category="其他组织",
                                                 industry="居民服务和其他服务业", union_type=JOINT, covered_units=7))
    return db


def test_package_holds_profile_facts_figures_and_last_year(union_db, tmp_path: Path) -> None:
    done = export_package(union_db.session_factory, 2025, tmp_path / "星光")
    assert done.path.name == "星光.ubpkg" and done.people is None
    package = read_package(done.path)
    content = package.content
    assert content["year"] == 2025 and content["period"] == ["2025-01-01", "2025-12-31"]
    assert content["profile"]["union_name"] == "星光社区联合工会"
    assert content["profile"]["founded_on"] == "2025-04-18"
    assert content["facts"] == {"stat_code": "Q0012", "unit_category": "其他组织", "industry": "居民服务和其他服务业",
                                "union_type": "联合基层工会", "covered_units": 7}
    assert content["figures"]["会员总数"] == 2 and content["figures"]["职工总数"] == 3
    assert content["figures"]["新入会人数"] == 1 and content["figures"]["入会率"] == "66.7"
    assert content["previous"]["会员总数"] == 1 and content["previous"]["新入会人数"] == 0
    assert content["figures"]["帮扶慰问总金额"] == "0.00"
    assert package.members is None


def test_registers_masked_unless_asked(union_db, tmp_path: Path) -> None:
    masked = read_package(export_package(union_db.session_factory, 2025, tmp_path / "a.ubpkg", with_registers=True).path)
    assert masked.content["registers"]["members"]["ids"] == "masked"
    assert masked.members == [  # gender and birth date come from the ID number
        ["王芳", "110105********002X", "女", "1949-12-31", True, True, False, False],
        ["李明", "440106********0013", "男", "1990-01-01", True, True, True, False],
        ["赵强", "110101********0053", "男", "1980-01-01", False, True, False, False],
    ]
    full = read_package(export_package(union_db.session_factory, 2025, tmp_path / "b.ubpkg", with_registers=True,
                                       show_id=True).path)  # fmt: skip
    assert [row[1] for row in full.members] == [WANG_ID, LI_ID, ZHAO_ID]
    assert full.content["registers"]["members"]["ids"] == "full"


def _rewrite(source: Path, target: Path, change) -> Path:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, change(info.filename, zin.read(info.filename)))
    return target


def test_an_edited_or_damaged_package_is_refused(union_db, tmp_path: Path) -> None:
    good = export_package(union_db.session_factory, 2025, tmp_path / "good.ubpkg").path

    def more_members(name: str, data: bytes) -> bytes:
        return data.replace(b'"\xe4\xbc\x9a\xe5\x91\x98\xe6\x80\xbb\xe6\x95\xb0":2', b'"\xe4\xbc\x9a\xe5\x91\x98\xe6\x80\xbb\xe6\x95\xb0":20')

    edited = _rewrite(good, tmp_path / "edited.ubpkg", more_members)
    assert b":20" in zipfile.ZipFile(edited).read("package.json")  # the edit happened
    with pytest.raises(InputError, match="edited.ubpkg.*package.json 的校验值不符"):
        read_package(edited)

    def forged_manifest(name: str, data: bytes) -> bytes:  # the entry's digest updated, not the total
        if name != "manifest.json":
            return more_members(name, data)
        manifest = json.loads(data)
        import hashlib

        forged = more_members("package.json", zipfile.ZipFile(good).read("package.json"))
        manifest["entries"]["package.json"]["sha256"] = hashlib.sha256(forged).hexdigest()
        return json.dumps(manifest).encode()

    with pytest.raises(InputError, match="总校验值不符"):
        read_package(_rewrite(good, tmp_path / "forged.ubpkg", forged_manifest))
    truncated = tmp_path / "truncated.ubpkg"
    truncated.write_bytes(good.read_bytes()[:-200])
    with pytest.raises(InputError, match="truncated.ubpkg 无法使用：文件已损坏或不是数据包"):
        read_package(truncated)
    roster = tmp_path / "roster.xlsx"
    roster.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(InputError, match="roster.xlsx 无法使用"):
        read_package(roster)


def test_cli_package_and_facts(union_db, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(union_db.target)
    union_db.close()
    assert main(["--db", path, "facts", "--industry", "软件业"]) == 2
    assert "单位所属行业“软件业”不在代码表中" in capsys.readouterr().err
    assert main(["--db", path, "package", "--year", "2025", "-o", str(tmp_path / "p"), "--with-registers", "--show-id"]) == 0
    said = capsys.readouterr().out
    assert ("已导出 星光社区联合工会 2025 年度数据包（日历年度和 2024年10月1日至2025年9月30日统计年度的数字，"
            "2 人的去重标识，附花名册 3 人、证件号码完整）") in said  # 赵强 is neither a member nor helped: no key
    assert read_package(tmp_path / "p.ubpkg").members[0][1] == WANG_ID


def test_a_package_with_a_figure_that_is_no_number_is_refused(union_db, tmp_path: Path) -> None:
    """Checksums right (written by a program), content wrong: refused before it reaches the sums."""
    from unionbook.services.district.package_export import package_content
    from unionbook.services.district.package_format import write_package

    with union_db.session_factory() as session:
        content = package_content(session, 2025)
    content["figures"]["会员总数"] = "许多"
    write_package(tmp_path / "odd.ubpkg", content, None)
    with pytest.raises(InputError, match="odd.ubpkg 无法使用：内容格式不对（会员总数 的值“许多”不是数字）"):
        read_package(tmp_path / "odd.ubpkg")
    content["figures"]["会员总数"] = "NaN"
    write_package(tmp_path / "nan.ubpkg", content, None)
    with pytest.raises(InputError, match="nan.ubpkg 无法使用"):
        read_package(tmp_path / "nan.ubpkg")
    content["figures"]["会员总数"] = 2
    content["statistical"]["figures"]["会员总数"] = "两个"  # format 2's statistical year is checked alike
    write_package(tmp_path / "stat.ubpkg", content, None, [])
    with pytest.raises(InputError, match="stat.ubpkg 无法使用：内容格式不对（会员总数 的值“两个”不是数字）"):
        read_package(tmp_path / "stat.ubpkg")
    content["statistical"]["figures"]["会员总数"] = 2
    write_package(tmp_path / "no-people.ubpkg", content, None)  # format 2 without people.json
    with pytest.raises(InputError, match="no-people.ubpkg 无法使用：内容格式不对"):
        read_package(tmp_path / "no-people.ubpkg")
    write_package(tmp_path / "bad-key.ubpkg", content, None, [["k", 1, -1]])
    with pytest.raises(InputError, match="bad-key.ubpkg 无法使用：内容格式不对（people.json 不是名单）"):
        read_package(tmp_path / "bad-key.ubpkg")
    content["people"] = "everyone"
    write_package(tmp_path / "bits.ubpkg", content, None, [])
    with pytest.raises(InputError, match="bits.ubpkg 无法使用：内容格式不对"):
        read_package(tmp_path / "bits.ubpkg")
