"""Exporting the roster: masked by default, re-importable as a no-op, and into upstream layouts."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from forms import member_collection_form
from python_calamine import CalamineWorkbook
from sqlalchemy import func, select

from unionbook.db.models import AuditEntry, Member, MembershipEvent
from unionbook.services.database import Database
from unionbook.services.importing.members import MEMBER_SPEC, import_members, plan_members
from unionbook.services.member_export import export_roster, export_to_layout


def snapshot(db: Database) -> tuple:
    with db.session_factory() as session:
        members = session.execute(select(Member.id, Member.name, Member.id_number, Member.phone, Member.department,
                                         Member.education, Member.birth_date)).all()  # fmt: skip
        events = session.execute(select(MembershipEvent.member_id, MembershipEvent.kind, MembershipEvent.date)).all()
    return sorted(members), sorted(events, key=str)


def test_roster_headers_are_the_import_names_and_ids_are_masked(demo_db: Database, tmp_path: Path) -> None:
    result = export_roster(demo_db.session_factory, tmp_path / "花名册.xlsx")
    rows = CalamineWorkbook.from_path(result.path).get_sheet_by_index(0).to_python()
    assert rows[0] == [c.label for c in MEMBER_SPEC.columns]
    assert result.rows == len(rows) - 1 == 300
    id_col = rows[0].index("证件号码")
    assert all("*" in r[id_col] and len(r[id_col]) == 18 for r in rows[1:] if r[id_col])


def test_export_then_import_changes_nothing(demo_db: Database, tmp_path: Path) -> None:
    before = snapshot(demo_db)
    for show_id in (False, True):
        path = export_roster(demo_db.session_factory, tmp_path / f"roster-{show_id}.xlsx", show_id=show_id).path
        plan = plan_members(path)
        assert plan.rejected == [], plan.rejection_lines()[:3]
        summary = import_members(demo_db.session_factory, plan)
        assert (summary.new, summary.updated, summary.unchanged) == (0, 0, 300), show_id
    assert snapshot(demo_db) == before
    with demo_db.session_factory() as session:
        assert session.scalar(select(func.count()).where(AuditEntry.action == "update")) == 0


def test_export_into_the_provincial_collection_sheet(demo_db: Database, tmp_path: Path) -> None:
    form = member_collection_form(tmp_path / "采集表.xlsx")  # 9 blank data rows, 填表说明 on row 14
    result = export_to_layout(demo_db.session_factory, form.path, tmp_path / "填好的采集表.xlsx", show_id=True)
    # Members on the books only (229 会员 + 12 保留会籍 of the demo's 300 people); see test_export_layout.py.
    assert result.rows == 241
    workbook = openpyxl.load_workbook(result.path)
    assert workbook.sheetnames == ["会员信息", "下拉菜单表"]  # the code-list sheet is kept
    assert workbook["下拉菜单表"]["A2"].value == "汉族"
    sheet = workbook["会员信息"]
    assert sheet["A1"].value == "附件二" and sheet["A2"].value == "某某省工会会员信息采集表"  # title rows kept
    assert "A2:T2" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["B4"].value == "姓名"
    assert sheet["A5"].value == 1 and sheet.cell(4 + 241, 1).value == 241
    assert [sheet.cell(row, 1).value for row in range(13, 16)] == [9, 10, 11]  # over the old 填表说明 row
    # The 填表说明 moves below the data, one blank row apart, still merged across the sheet.
    assert sheet.cell(245 + 2, 1).value.startswith("填表说明") and "A247:T247" in {str(r) for r in sheet.merged_cells}
    assert sheet.cell(245 + 1, 1).value is None and sheet.cell(245 + 1, 2).value is None
    assert sheet["B5"].border.left.style == "thin" and sheet["B245"].border.left.style == "thin"
    # Values are spelled the way the sheet's drop-downs want them (本科, 农业户口), not ours.
    education = {sheet.cell(r, 9).value for r in range(5, 246)}
    assert education <= {"博士", "硕士", "本科", "大专", "中专", "高中", "初中", "小学及以下", None}
    assert "本科" in education
    hukou = {sheet.cell(r, 12).value for r in range(5, 246)}
    assert hukou <= {"农业户口", "非农业户口", None} and "农业户口" in hukou
    ids = [sheet.cell(r, 8).value for r in range(5, 246)]
    assert all(isinstance(v, str) and len(v) == 18 and "*" not in v for v in ids)
    # The drop-down lists still apply to the filled rows.
    gender = next(v for v in sheet.data_validations.dataValidation if v.formula1 == '"男,女"')
    assert all(cell in gender.sqref for cell in ("C5", "C14", "C245"))  # C14: the old 填表说明 row
    # The 民族 list on the code-list sheet (an x14 extension, which openpyxl drops) is written back.
    ethnicity = [v for v in sheet.data_validations.dataValidation if v.formula1 == "下拉菜单表!$A$2:$A$12"]
    assert len(ethnicity) == 1 and all(cell in ethnicity[0].sqref for cell in ("E5", "E14", "E245"))
    # And the filled sheet imports back without rejections.
    plan = plan_members(result.path)
    assert plan.rejected == [] and len(plan.accepted) == 241
