"""The district's documents: the 区总年度工作总结 reads as the seeds do ("全区共有工会组织x个，涵盖
单位x家，工会会员x人", "新成立工会组织X家，发展会员X人") and the 统计年报 roll-up adds up the unions."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from conftest import libreoffice_convert
from district_unions import LI_ID, WANG_ID, ZHAO_ID, fresh_db, small_union
from docx import Document

from unionbook.domain.errors import InputError
from unionbook.domain.organisation import JOINT, OrgFacts
from unionbook.services.district.book import import_package, make_district_book
from unionbook.services.district.package_export import export_package
from unionbook.services.district.summary import render_district
from unionbook.services.district.unions import UnionInput, save_union
from unionbook.services.union import Profile, save_profile


@pytest.fixture
def district(db, template_db, tmp_path: Path):
    """甲 (王芳, 李明 new in 2025), 乙 (founded 2025: 王芳 again, 赵强 an employee), 丙 (a 联合基层工会
    over 4 units, 钱多 and 孙明 new, IDs masked); 丁 known to the district, not reported."""
    specs = [
        ("甲公司工会", OrgFacts(stat_code="A01"), date(2001, 1, 1),
         [("王芳", WANG_ID, date(2010, 3, 1)), ("李明", LI_ID, date(2025, 6, 1))], True),
        ("乙公司工会", OrgFacts(stat_code="B02"), date(2025, 5, 1),
         [("王芳", WANG_ID, date(2025, 2, 1)), ("赵强", ZHAO_ID, None)], True),
        ("丙社区联合工会", OrgFacts(stat_code="C03", union_type=JOINT, covered_units=4), date(2001, 1, 1),
         [("钱多", "", date(2020, 1, 1)), ("孙明", "", date(2025, 1, 5))], False),
    ]  # fmt: skip
    make_district_book(db.session_factory)
    save_profile(db.session_factory, Profile(union_name="示范区总工会"))
    save_union(db.session_factory, UnionInput(name="丁厂工会", stat_code="D04", founded_on=date(2019, 1, 1)))
    for n, (name, facts, founded, people, show) in enumerate(specs):
        union = fresh_db(template_db, tmp_path / f"u{n}")
        small_union(union, name, people, founded=founded, facts=facts)
        path = export_package(union.session_factory, 2025, tmp_path / f"{n}.ubpkg", with_registers=True, show_id=show).path
        union.close()
        import_package(db.session_factory, path)
    return db


def test_district_summary_reads_as_the_seeds(district, tmp_path: Path) -> None:
    out = render_district(district.session_factory, "区总年度工作总结", 2025, tmp_path / "总结.docx",
                          report_date=date(2026, 1, 15))  # fmt: skip
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "示范区总工会\n2025年工作总结" in text
    assert "本总结的数字由3家基层工会报送的2025年度数据汇总（另有1家基层工会尚未报送，见附表2）。" in text
    assert ("截至2025年12月31日，全区共有工会组织4个（其中联合基层工会1个），涵盖单位7家，工会会员4人，"
            "职工6人，入会率83.3%，比上年提高50.0个百分点。（在两家以上工会登记的1名会员只计一次。）") in text  # fmt: skip
    assert "全年新成立工会组织1家，新建工会会员1人，发展会员3人。全区会员中有女会员1人。" in text
    assert "2026年1月15日" in text
    tables = Document(str(out)).tables
    assert [c.text for c in tables[0].rows[1].cells] == ["1", "甲公司工会", "独立", "1", "2", "2", "1", "100.0"]
    assert [c.text for c in tables[0].rows[-1].cells] == ["合计", "3家", "", "7", "6", "5", "3", "83.3"]
    assert [c.text for c in tables[1].rows[1].cells] == ["1", "丁厂工会", "D04", "2019-01-01"]


def test_district_summary_as_pdf_pages(district, tmp_path: Path) -> None:
    """Printed, the summary is a few A4 pages of the GB/T 9704 layout (LibreOffice, as a chair's PC)."""
    out = render_district(district.session_factory, "区总年度工作总结", 2025, tmp_path / "总结.docx")
    pdf = libreoffice_convert(out, "pdf", tmp_path)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert text.count("\f") in (2, 3)  # pages: body, then the 附表
    flat = "".join(text.split())
    assert "全区共有工会组织4个（其中联合基层工会1个），涵盖单位7家，工会会员4人" in flat
    assert "—1—" in flat and "—3—" in flat and "附表12025年各基层工会主要数据" in flat


def test_statistical_report_rolls_the_unions_up(district, tmp_path: Path) -> None:
    out = render_district(district.session_factory, "区总统计年报", 2025, tmp_path / "年报.xlsx")
    ws = openpyxl.load_workbook(out).active
    cells = {str(ws.cell(r, 2).value): (ws.cell(r, 4).value, ws.cell(r, 5).value) for r in range(1, ws.max_row + 1)}
    assert ws["A1"].value == "2025年度示范区总工会统计年报（汇总）"
    assert cells["会员总数"] == (5, 2) and cells["职工总数"] == (6, 6)
    texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value]
    assert "工会组织数：4个（联合基层工会1个）" in texts and "会员（同一人只计一次）：4人" in texts
    assert "统计期间：2024年10月1日至2025年9月30日（3家基层工会数据包汇总，未报送1家）" in texts  # the grassroots form's period


def test_a_grassroots_book_has_no_district_documents(db, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="不是区总工会汇总库"):
        render_district(db.session_factory, "区总年度工作总结", 2025, tmp_path / "x.docx")
    with pytest.raises(InputError, match="没有区总工会模板“年度工作总结”"):
        render_district(db.session_factory, "年度工作总结", 2025, tmp_path / "x.docx")
