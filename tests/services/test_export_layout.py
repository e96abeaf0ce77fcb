"""Exporting into an upper union's collection sheet (`export members --layout`, issue 11): members on
the books only, full numbers by default, recorded in the audit trail, and the people left out
counted by reason — in the service, on the command line and in the GUI's done message."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from forms import member_collection_form
from sqlalchemy import select

from unionbook.app import main
from unionbook.db.models import AuditEntry
from unionbook.services import members
from unionbook.services.database import Database
from unionbook.services.member_export import export_to_layout, left_out_text
from unionbook.services.members import MemberInput

ZHANG = "110101198001010037"  # 张三, a member with a valid check digit
RETIREE = "110101195001010017"


def _people(db: Database) -> None:
    """One person of each membership status: 会员, 保留会籍, 非会员, 转出, 退会, 除名, 去世."""
    f = db.session_factory
    joined = date(2015, 3, 1)
    members.save_member(f, MemberInput(name="张三", id_number=ZHANG, phone="13812345678", join_date=joined))
    retiree = members.save_member(f, MemberInput(name="老周", id_number=RETIREE, join_date=joined)).id
    members.add_membership_event(f, retiree, "保留", date(2020, 6, 30), "退休")
    members.save_member(f, MemberInput(name="临时工", is_member=False))
    for name, kind in (("调走的", "转出"), ("退会的", "退会"), ("除名的", "除名"), ("去世的", "去世")):
        person = members.save_member(f, MemberInput(name=name, join_date=joined)).id
        members.add_membership_event(f, person, kind, date(2023, 5, 1))


def _names(path: Path) -> list[str]:
    sheet = openpyxl.load_workbook(path)["会员信息"]
    return [sheet.cell(row, 2).value for row in range(5, sheet.max_row + 1) if sheet.cell(row, 1).value is not None
            and isinstance(sheet.cell(row, 1).value, int)]  # fmt: skip


def test_layout_export_lists_members_on_the_books_with_full_numbers(db: Database, tmp_path: Path) -> None:
    _people(db)
    form = member_collection_form(tmp_path / "采集表.xlsx")
    result = export_to_layout(db.session_factory, form.path, tmp_path / "填好.xlsx")
    assert result.rows == 2
    assert sorted(_names(result.path)) == ["张三", "老周"]
    assert result.left_out == (("非会员", 1), ("转出", 1), ("退会", 1), ("除名", 1), ("去世", 1))
    assert left_out_text(result) == (
        "未导出 5 人：非会员 1 人，转出 1 人，退会 1 人，除名 1 人，去世 1 人（采集表只填在册会员，含保留会籍的）"
    )
    sheet = openpyxl.load_workbook(result.path)["会员信息"]
    row = next(r for r in range(5, 7) if sheet.cell(r, 2).value == "张三")
    assert sheet.cell(row, 8).value == ZHANG  # the full number: the sheet asks for it
    assert sheet.cell(row, 11).value == "13812345678"


def test_layout_export_is_recorded_in_the_audit_trail(db: Database, tmp_path: Path) -> None:
    _people(db)
    form = member_collection_form(tmp_path / "采集表.xlsx")
    export_to_layout(db.session_factory, form.path, tmp_path / "填好.xlsx")
    with db.session_factory() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "export")).one()
    assert entry.table_name == "members"
    assert entry.changes["count"] == 2 and entry.changes["unit"] == "人"
    assert entry.changes["full_ids"] is True
    assert entry.changes["file"] == "填好.xlsx" and entry.changes["template"] == "采集表.xlsx"
    assert entry.changes["left_out"] == {"非会员": 1, "转出": 1, "退会": 1, "除名": 1, "去世": 1}


def test_layout_export_of_the_demo_union_says_who_was_left_out(demo_db: Database, tmp_path: Path) -> None:
    form = member_collection_form(tmp_path / "采集表.xlsx")
    result = export_to_layout(demo_db.session_factory, form.path, tmp_path / "填好.xlsx")
    # The demo's 300 people: 229 会员 and 12 保留会籍 are on the books.
    assert result.rows == 241
    assert result.left_out == (("非会员", 24), ("转出", 23), ("退会", 9), ("除名", 2), ("去世", 1))


def test_cli_layout_export_prints_the_people_left_out(db: Database, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    _people(db)
    path = db.target
    db.close()
    form = member_collection_form(tmp_path / "采集表.xlsx")
    out = tmp_path / "填好.xlsx"
    assert main(["--db", str(path), "export", "members", "-o", str(out), "--layout", str(form.path)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == f"已按采集表格式导出在册会员 2 人到 {out}（证件号码和手机号为完整号码）"
    assert lines[1] == "未导出 5 人：非会员 1 人，转出 1 人，退会 1 人，除名 1 人，去世 1 人（采集表只填在册会员，含保留会籍的）"
    sheet = openpyxl.load_workbook(out)["会员信息"]
    assert ZHANG in {sheet.cell(r, 8).value for r in range(5, 7)}  # full numbers without --show-id


def test_export_dialog_fills_layout_in_full_and_says_who_was_left_out(qtbot, db: Database, tmp_path: Path) -> None:
    from unionbook.ui.dialogs.export_dialog import ExportDialog

    _people(db)
    form = member_collection_form(tmp_path / "采集表.xlsx")
    dialog = ExportDialog(db)
    qtbot.addWidget(dialog)
    assert not dialog.show_id.isChecked()  # our own roster: masked unless asked
    dialog.layout_choice.setChecked(True)
    assert dialog.show_id.isChecked()  # the upper union's sheet: full numbers by default
    assert "只填在册会员" in dialog.show_id_hint.text()
    result = export_to_layout(db.session_factory, form.path, tmp_path / "填好.xlsx", show_id=dialog.show_id.isChecked())
    assert dialog.done_text(result) == (
        f"已导出在册会员 2 人到：\n{result.path}\n\n"
        "未导出 5 人：非会员 1 人，转出 1 人，退会 1 人，除名 1 人，去世 1 人（采集表只填在册会员，含保留会籍的）"
    )
