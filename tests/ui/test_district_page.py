"""区总 in the window: a district book opens the district window, whose page imports packages,
shows the district figures, every union's line and who has not reported, and writes the summary."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from district_unions import LI_ID, WANG_ID, fresh_db, small_union
from docx import Document

from unionbook.domain.organisation import OrgFacts
from unionbook.services.district.book import make_district_book
from unionbook.services.district.package_export import export_package
from unionbook.services.district.unions import UnionInput, save_union
from unionbook.ui.main_window import MainWindow
from unionbook.ui.pages.district.window import DistrictWindow
from unionbook.ui.windows import window_for


def _cells(table, row: int) -> list[str]:
    return [table.item(row, col).text() for col in range(table.columnCount())]


def test_a_union_book_opens_the_main_window(qtbot, db) -> None:
    window = window_for(db)
    qtbot.addWidget(window)
    assert isinstance(window, MainWindow)


def test_district_window_imports_and_shows_the_year(qtbot, db, template_db, tmp_path: Path) -> None:
    packages = []
    for n, (name, code, people) in enumerate([("甲公司工会", "A01", [("王芳", WANG_ID, date(2010, 3, 1))]),
                                              ("乙公司工会", "B02", [("王芳", WANG_ID, date(2025, 2, 1)),
                                                                    ("李明", LI_ID, date(2025, 3, 1))])]):  # fmt: skip
        union = fresh_db(template_db, tmp_path / f"u{n}")
        small_union(union, name, people, facts=OrgFacts(stat_code=code))
        packages.append(export_package(union.session_factory, 2025, tmp_path / f"{code}.ubpkg", with_registers=True,
                                       show_id=True).path)  # fmt: skip
        union.close()
    make_district_book(db.session_factory)
    save_union(db.session_factory, UnionInput(name="丙厂工会", stat_code="C03", founded_on=date(2019, 1, 1)))
    window = window_for(db)
    qtbot.addWidget(window)
    assert isinstance(window, DistrictWindow)
    window.set_year(2025)
    page = window.district_page
    assert page.tabs.tabText(2) == "未报送（1）"
    page.import_files(packages)
    qtbot.waitUntil(lambda: "已导入 2 个数据包" in page.message.text(), timeout=10_000)
    assert page.headline.text() == ("2025 年度：已报送 2 家，未报送 1 家；工会组织 3 个，覆盖单位 3 家，会员 2 人（同一人只计一次），"
                                    "新建工会组织 0 个")  # fmt: skip
    figures = {page.figures_table.item(r, 0).text(): _cells(page.figures_table, r)[1:]
               for r in range(page.figures_table.rowCount())}  # fmt: skip
    assert figures["会员总数"] == ["3 人", "1 人", "增长200.0%"]
    assert figures["去重会员总数"] == ["2 人", "", ""]
    assert figures["入会率"] == ["100.0%", "33.3%", "提高66.7个百分点"]  # 上年 1 member of 3 employees; in points
    assert _cells(page.unions_table, 0)[:2] + _cells(page.unions_table, 0)[5:7] == ["A01", "甲公司工会", "1", "1"]
    assert _cells(page.unions_table, 2)[1] == "丙厂工会" and _cells(page.unions_table, 2)[-1] == "未报送"
    assert _cells(page.missing_table, 0) == ["C03", "丙厂工会", "2019-01-01", "独立基层工会"]
    page.period_combo.setCurrentIndex(1)  # the 统计年报's period
    assert page.headline.text().startswith("2025 统计年度（2024年10月1日至2025年9月30日）：已报送 2 家，未报送 1 家；")
    page.period_combo.setCurrentIndex(0)

    page.render_to("区总年度工作总结", tmp_path / "总结.docx")
    qtbot.waitUntil(lambda: "已生成 总结.docx" in page.message.text(), timeout=30_000)
    assert "全区共有工会组织3个，涵盖单位3家，工会会员2人" in "".join(p.text for p in Document(str(tmp_path / "总结.docx")).paragraphs)
    window.resize(1366, 768)
    window.grab().save(str(tmp_path / "district.png"))


def test_union_dialog_adds_changes_and_refuses(qtbot, db, tmp_path: Path) -> None:
    from unionbook.services.district.unions import list_unions
    from unionbook.ui.pages.district.union_dialog import UnionDialog

    make_district_book(db.session_factory)
    dialog = UnionDialog(db)
    qtbot.addWidget(dialog)
    dialog.name_edit.setText("丁街道联合工会")
    dialog.stat_code.setText("D04")
    dialog.union_type.setCurrentIndex(dialog.union_type.findData("联合基层工会"))
    dialog.covered.setText("0")
    dialog.accept()
    assert dialog.errors["统计信息"].text() == "覆盖单位数至少为 1，这里是 0"
    assert list_unions(db.session_factory) == []  # nothing saved, the dialog stays open
    dialog.covered.setText("8")
    dialog.founded.set_value(date(2025, 4, 1))
    dialog.accept()
    [union] = list_unions(db.session_factory)
    assert (union.name, union.stat_code, union.union_type, union.covered_units, union.founded_on) == (
        "丁街道联合工会", "D04", "联合基层工会", 8, date(2025, 4, 1))
    dialog.resize(dialog.sizeHint())
    dialog.grab().save(str(tmp_path / "union_dialog.png"))

    edit = UnionDialog(db, union=union)
    qtbot.addWidget(edit)
    assert edit.covered.text() == "8" and edit.founded.value() == date(2025, 4, 1)
    edit.dissolved.set_value(date(2025, 3, 1))
    edit.accept()
    assert "早于建会日期" in edit.errors["撤销日期"].text()
    edit.dissolved.set_value(date(2026, 3, 1))
    edit.accept()
    assert list_unions(db.session_factory)[0].dissolved_on == date(2026, 3, 1)


def test_union_dialog_refuses_to_overwrite_a_union_someone_changed_since_it_opened(qtbot, monkeypatch, db) -> None:
    """Two staff of the district office on one server book: 李四 sets 丁街道联合工会's 覆盖单位数 to 12
    while this form (opened at 8) changes its 统计代码; the save is refused naming 覆盖单位数, the form
    shows 12, and saving again keeps both changes."""
    import re

    from unionbook.services.database import Database
    from unionbook.services.district.unions import list_unions
    from unionbook.ui.dialogs import form_dialog
    from unionbook.ui.pages.district.union_dialog import UnionDialog

    make_district_book(db.session_factory)
    union_id = save_union(db.session_factory, UnionInput(name="丁街道联合工会", stat_code="D04",
                                                         union_type="联合基层工会", covered_units=8))  # fmt: skip
    [union] = list_unions(db.session_factory)
    dialog = UnionDialog(db, union=union)
    qtbot.addWidget(dialog)

    other = Database.open(db.target, source="gui", lock=False, safety_backups=False)
    try:
        other.session_factory.kw["info"].update(who="李四", computer="区总工会办公室")
        save_union(other.session_factory, UnionInput(name="丁街道联合工会", stat_code="D04",
                                                     union_type="联合基层工会", covered_units=12), union_id)  # fmt: skip
    finally:
        other.close()

    shown: list[str] = []
    monkeypatch.setattr(form_dialog, "show_error", lambda _parent, exc, _title="": shown.append(exc.message()))
    dialog.stat_code.setText("D05")
    dialog.accept()
    assert len(shown) == 1
    assert re.fullmatch(r"该记录已于 \d\d:\d\d 被 李四（区总工会办公室）修改：覆盖单位数。请重新打开后再改。", shown[0])
    assert dialog.covered.text() == "12" and dialog.stat_code.text() == "D04"

    dialog.stat_code.setText("D05")
    dialog.accept()
    [stored] = list_unions(db.session_factory)
    assert (stored.stat_code, stored.covered_units) == ("D05", 12)
