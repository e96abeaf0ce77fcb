"""设置 → 统计信息与报送区总工会: the union's 统计信息 saved from the combos (a refused fact shown and
nothing saved), and 报送区总工会… writing the year's package off the GUI thread."""

from __future__ import annotations

import json
import zipfile
from datetime import date
from pathlib import Path

from district_unions import LI_ID, WANG_ID, small_union

from unionbook.domain.organisation import JOINT, OrgFacts
from unionbook.services.district.package_format import read_package
from unionbook.services.union_facts import get_facts
from unionbook.ui.dialogs.record_form import select
from unionbook.ui.pages.settings_district import FULL, MASKED, DistrictReportingBox, PackageDialog


def test_facts_saved_from_the_form(qtbot, db) -> None:
    box = DistrictReportingBox(db)
    qtbot.addWidget(box)
    assert not box.covered.isEnabled() and box.covered.text() == "1"  # an 独立基层工会 covers its own unit
    box.stat_code.setText(" QD-0301 ")
    select(box.category, "私营企业")
    select(box.industry, "制造业")
    select(box.union_type, JOINT)
    assert box.covered.isEnabled()
    box.covered.setText("0")
    box.save()
    assert "覆盖单位数至少为 1" in box.error.text()
    assert get_facts(db.session_factory).stat_code == ""  # nothing saved
    box.covered.setText("6")
    box.save()
    assert box.error.text() == "" and box.message.text() == "统计信息已保存"
    facts = get_facts(db.session_factory)
    assert (facts.stat_code, facts.unit_category, facts.industry, facts.union_type, facts.covered_units) == (
        "QD-0301", "私营企业", "制造业", JOINT, 6)  # fmt: skip
    box.refresh()
    assert box.category.currentText() == "私营企业" and box.covered.text() == "6"


def test_package_exported_in_the_background(qtbot, db, tmp_path: Path) -> None:
    small_union(db, "甲公司工会", [("王芳", WANG_ID, date(2010, 3, 1)), ("李明", LI_ID, date(2025, 6, 1))],
                facts=OrgFacts(stat_code="A01"))  # fmt: skip
    dialog = PackageDialog(db, year=2025, today=date(2026, 1, 10))
    qtbot.addWidget(dialog)
    assert dialog.year.value() == 2025 and dialog.output.text().endswith("2025年度数据包-甲公司工会.ubpkg")
    assert dialog.choices()[2:] == (False, False)  # no roster unless chosen
    dialog.output.setText(str(tmp_path / "甲"))
    dialog.roster.button(MASKED).setChecked(True)
    dialog.export()
    qtbot.waitUntil(lambda: dialog.exported is not None, timeout=20_000)
    assert "已导出 甲公司工会 2025 年度数据包，附花名册 2 人（证件号码已遮盖）：甲.ubpkg" in dialog.message.text()
    package = read_package(tmp_path / "甲.ubpkg")
    assert package.content["figures"]["会员总数"] == 2 and package.statistical["figures"]["会员总数"] == 2
    with zipfile.ZipFile(tmp_path / "甲.ubpkg") as zf:
        assert WANG_ID not in zf.read("members.json").decode()
        assert json.loads(zf.read("manifest.json"))["version"] == 2

    dialog.roster.button(FULL).setChecked(True)
    dialog.output.setText(str(tmp_path / "甲-完整.ubpkg"))
    dialog.export()
    qtbot.waitUntil(lambda: dialog.exported is not None and dialog.exported.full_ids, timeout=20_000)
    assert WANG_ID in [row[1] for row in read_package(tmp_path / "甲-完整.ubpkg").members]


def test_package_refused_shows_why(qtbot, db, tmp_path: Path) -> None:
    dialog = PackageDialog(db, year=2025)
    qtbot.addWidget(dialog)
    dialog.output.setText(str(tmp_path / "没有这个文件夹" / "x.ubpkg"))
    dialog.export()
    qtbot.waitUntil(lambda: dialog.error.text() != "", timeout=20_000)
    assert "保存数据包的文件夹不存在" in dialog.error.text()
    assert dialog.exported is None and dialog.export_button.isEnabled()
