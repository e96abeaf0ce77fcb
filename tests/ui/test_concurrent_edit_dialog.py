"""A form saved after someone else saved the same record (issue 19): the dialog says who changed
which fields, shows the record as they saved it, stays open, and the next 保存 goes through."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

import pytest
from PySide6.QtWidgets import QDialog

from unionbook.services import members
from unionbook.services.database import Database
from unionbook.services.members import MemberFilter
from unionbook.ui.application import create_application
from unionbook.ui.dialogs import form_dialog
from unionbook.ui.dialogs.member_dialog import MemberDialog



@pytest.fixture
def other(demo_db: Database) -> Iterator[Database]:
    """The same book opened by 李四 in the union office (the file lock bypassed, as on PostgreSQL)."""
    database = Database.open(demo_db.target, source="gui", lock=False, safety_backups=False)
    database.session_factory.kw["info"].update(who="李四", computer="工会办公室")
    yield database
    database.close()


def test_member_dialog_refuses_a_stale_save_and_shows_the_record_as_saved(
    qtbot, monkeypatch, demo_db: Database, other: Database
) -> None:
    create_application()
    factory = demo_db.session_factory
    member_id = members.query_member_ids(factory, MemberFilter(membership="会员"))[0]
    dialog = MemberDialog(factory, member_id)
    qtbot.addWidget(dialog)
    before = members.get_member(factory, member_id).data

    theirs = replace(members.get_member(other.session_factory, member_id).data, phone="13900001111")
    members.save_member(other.session_factory, theirs, member_id)

    shown: list[str] = []
    monkeypatch.setattr(form_dialog, "show_error", lambda _parent, exc, _title="": shown.append(exc.message()))
    dialog.department.setCurrentText("质检部")
    dialog.accept()

    message = "该记录已于 {} 被 李四（工会办公室）修改：手机号码。请重新打开后再改。"
    assert len(shown) == 1 and re.fullmatch(message.format(r"\d\d:\d\d"), shown[0])
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.general_error.text() == shown[0].replace("请重新打开后再改。", "表单已换成最新内容，请在此基础上再改。")
    # The form now shows the record as 李四 saved it: their phone, the department as stored.
    assert dialog.phone.text() == "13900001111"
    assert dialog.department.currentText() == (before.department or "")
    assert members.get_member(factory, member_id).data.department == before.department

    dialog.department.setCurrentText("质检部")  # made again, on top of their save
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    stored = members.get_member(factory, member_id).data
    assert (stored.phone, stored.department) == ("13900001111", "质检部")



def test_a_dialog_opened_from_an_older_list_row_shows_and_checks_the_stored_record(
    qtbot, monkeypatch, demo_db: Database, other: Database
) -> None:
    """The 荣誉 page's row was read before 李四 saved: the dialog shows what is stored now, and a
    save after 李四's second change is refused naming the field he changed."""
    from unionbook.services import honors
    from unionbook.ui.dialogs.honor_dialog import HonorDialog

    create_application()
    factory = demo_db.session_factory
    row = honors.list_honors(factory)[0]
    honors.save_honor(other.session_factory, replace(row.data, issuer="区总工会"), row.id)
    dialog = HonorDialog(demo_db, row=row)
    qtbot.addWidget(dialog)
    assert dialog.issuer.text() == "区总工会"

    honors.save_honor(other.session_factory, replace(honors.get_honor(factory, row.id).data, notes="穗工字〔2024〕8号"), row.id)
    shown: list[str] = []
    monkeypatch.setattr(form_dialog, "show_error", lambda _parent, exc, _title="": shown.append(exc.message()))
    dialog.issuer.setText("市总工会")
    dialog.accept()
    assert re.fullmatch(r"该记录已于 \d\d:\d\d 被 李四（工会办公室）修改：备注。请重新打开后再改。", shown[0])
    assert dialog.notes.toPlainText() == "穗工字〔2024〕8号" and dialog.issuer.text() == "区总工会"
    assert honors.get_honor(factory, row.id).data.issuer == "区总工会"


def test_the_union_profile_on_the_settings_page_refuses_a_stale_save(
    qtbot, demo_db: Database, other: Database
) -> None:
    from unionbook.services import union
    from unionbook.ui.pages.settings import SettingsPage

    create_application()
    page = SettingsPage(demo_db)
    qtbot.addWidget(page)
    union.save_profile(other.session_factory, replace(union.get_profile(other.session_factory), chair_name="王新主席"))
    page.fields["address"].setText("新地址一号")
    page.save_profile()
    assert re.fullmatch(r"该记录已于 \d\d:\d\d 被 李四（工会办公室）修改：工会主席。表单已换成最新内容，请在此基础上再改。",
                        page.profile_error.text())  # fmt: skip
    assert page.fields["chair_name"].text() == "王新主席"
    assert union.get_profile(demo_db.session_factory).address != "新地址一号"
    page.fields["address"].setText("新地址一号")
    page.save_profile()
    assert page.profile_error.text() == ""
    stored = union.get_profile(demo_db.session_factory)
    assert (stored.chair_name, stored.address) == ("王新主席", "新地址一号")


def test_the_budget_form_refuses_to_overwrite_a_budget_someone_changed_since_it_opened(
    qtbot, monkeypatch, demo_db: Database, other: Database
) -> None:
    """预算执行 → double-click 职工活动支出 (68,000.00 in the demo's 2025 budget); 李四 sets it to
    70,000.00 meanwhile; this form's 75,000.00 is refused and the form shows his 70,000.00."""
    from unionbook.services import fund_budgets
    from unionbook.ui.dialogs.budget_dialog import BudgetDialog

    create_application()
    dialog = BudgetDialog(demo_db, year=2025, category="职工活动支出", actual_fen=0, row_id=0)
    qtbot.addWidget(dialog)
    assert dialog.amount.text() == "68000"
    fund_budgets.set_budget(other.session_factory, 2025, "职工活动支出", 7_000_000)

    shown: list[str] = []
    monkeypatch.setattr(form_dialog, "show_error", lambda _parent, exc, _title="": shown.append(exc.message()))
    dialog.amount.setText("75000")
    dialog.accept()

    assert len(shown) == 1 and re.fullmatch(r"该记录已于 \d\d:\d\d 被 李四（工会办公室）修改：金额。请重新打开后再改。", shown[0])
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.amount.text() == "70000"
    assert fund_budgets.budgets(demo_db.session_factory, 2025)[fund_budgets.FundCategory("职工活动支出")] == 7_000_000

    dialog.amount.setText("75000")  # made again, on top of his
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert fund_budgets.budgets(demo_db.session_factory, 2025)[fund_budgets.FundCategory("职工活动支出")] == 7_500_000
