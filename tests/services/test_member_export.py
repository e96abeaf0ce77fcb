"""Exporting the roster: masked by default, re-importable as a no-op, and into upstream layouts."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
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


def test_export_into_the_provincial_collection_sheet(demo_db: Database, tmp_path: Path, shared_fixtures: Path) -> None:
    template = tmp_path / "采集表.xlsx"
    shutil.copy(shared_fixtures / "hainan_member_form.xlsx", template)
    result = export_to_layout(demo_db.session_factory, template, tmp_path / "填好的采集表.xlsx", show_id=True)
    workbook = openpyxl.load_workbook(result.path)
    assert workbook.sheetnames == ["会员信息", "下拉菜单表"]  # the code-list sheet is kept
    sheet = workbook["会员信息"]
    assert sheet["A2"].value == "海南省工会会员信息采集表"  # title rows kept
    assert sheet["B4"].value == "姓名"
    assert sheet["A5"].value == 1 and sheet.cell(4 + 300, 1).value == 300
    education = {sheet.cell(r, 9).value for r in range(5, 305)}
    assert education <= {"博士", "硕士", "本科", "大专", "中专", "高中", "初中", "小学及以下", None}
    hukou = {sheet.cell(r, 12).value for r in range(5, 305)}
    assert hukou <= {"农业户口", "非农业户口", None}
    ids = [sheet.cell(r, 8).value for r in range(5, 305)]
    assert all(isinstance(v, str) and len(v) == 18 and "*" not in v for v in ids)
    # The drop-down lists still apply to the filled rows.
    validated = " ".join(str(v.sqref) for v in sheet.data_validations.dataValidation)
    assert "C15" in validated and "E15" in validated
    # And the filled sheet imports back without rejections.
    plan = plan_members(result.path)
    assert plan.rejected == [] and len(plan.accepted) == 300
