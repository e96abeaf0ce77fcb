"""What a chair meets on the first day and in December (issue 11, the registers and fixed lines):
each rule of the UI with a test, expected values written by hand."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDialog

from unionbook.services import members
from unionbook.services.database import Database
from unionbook.ui.application import create_application

# --- a member needs an 入会日期, or 日期不详 on purpose ------------------------------------------------


def test_member_dialog_asks_for_a_join_date_or_an_explicit_unknown(qtbot, db: Database) -> None:  # noqa: ANN001
    from unionbook.ui.dialogs.member_dialog import MemberDialog

    create_application()
    dialog = MemberDialog(db.session_factory)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setText("新来的")
    assert dialog.is_member.isChecked() and dialog.join_date.value() is None and not dialog.join_date_unknown.isChecked()
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.errors["入会日期"].isVisible()
    assert dialog.errors["入会日期"].text() == "请填写入会日期；确实不知道的，请勾选“日期不详”"
    assert members.status_counts(db.session_factory).total == 0

    dialog.join_date_unknown.setChecked(True)  # 日期不详: the date is emptied and locked
    assert not dialog.join_date.isEnabled() and not dialog.errors["入会日期"].isVisible()
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = members.get_member(db.session_factory, dialog.saved.id)
    assert saved.membership == "会员" and saved.data.join_date is None


def test_member_dialog_join_date_clears_the_unknown_choice(qtbot, db: Database) -> None:  # noqa: ANN001
    from unionbook.ui.dialogs.member_dialog import MemberDialog

    create_application()
    dialog = MemberDialog(db.session_factory)
    qtbot.addWidget(dialog)
    dialog.name.setText("小王")
    dialog.join_date_unknown.setChecked(True)
    dialog.join_date_unknown.setChecked(False)
    dialog.join_date.set_value(date(2025, 6, 1))
    assert not dialog.join_date_unknown.isChecked()
    dialog.is_member.setChecked(False)  # not a member: neither the date nor 日期不详 applies
    assert not dialog.join_date.isEnabled() and not dialog.join_date_unknown.isEnabled()
    dialog.is_member.setChecked(True)
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert members.get_member(db.session_factory, dialog.saved.id).data.join_date == date(2025, 6, 1)


# --- the printed 会员花名册 lists members on the books unless asked otherwise ----------------------------

#: The demo union's 300 people by status today, counted by hand from the generator's rules once.
DEMO_LEFT_OFF = "非会员 24 人、已转出 23 人、已除名 2 人、已退会 9 人、已去世 1 人"


def test_printed_roster_lists_members_on_the_books_by_default(demo_db: Database) -> None:
    from unionbook.ui import printing

    ids = members.query_member_ids(demo_db.session_factory)
    roster = printing.collect_roster(demo_db.session_factory, ids, today=date(2026, 1, 5))
    assert len(roster.rows) == 241  # 229 会员 + 12 保留会籍
    assert {r[5] for r in roster.rows} == {"会员", "保留会籍"}
    assert [r[0] for r in roster.rows[:3]] == ["1", "2", "3"]  # numbered as printed
    assert roster.subtitle == f"打印日期：2026年1月5日　共 241 人　只列在册会员（未列{DEMO_LEFT_OFF}）"
    everyone = printing.collect_roster(demo_db.session_factory, ids, members_only=False, today=date(2026, 1, 5))
    assert len(everyone.rows) == 300 and everyone.subtitle == "打印日期：2026年1月5日　共 300 人"


def test_members_page_print_asks_and_prints_members_only_unless_unticked(qtbot, monkeypatch, demo_db: Database) -> None:  # noqa: ANN001
    from unionbook.ui.pages import members as members_page
    from unionbook.ui.pages.members import MembersPage

    create_application()
    page = MembersPage(demo_db)
    qtbot.addWidget(page)
    page.show()
    printed = []
    monkeypatch.setattr(members_page, "show_print_preview", lambda _parent, source: printed.append(source()))

    dialog = page.print_preview()
    assert dialog.members_only.isChecked()
    assert dialog.summary.text() == f"将打印 241 人。列表中另有{DEMO_LEFT_OFF}，不打印。"
    dialog.accept()
    assert len(printed[-1].rows) == 241

    dialog = page.print_preview()
    dialog.members_only.setChecked(False)  # the chair's choice: everyone listed
    assert dialog.summary.text() == f"将打印当前列表中的全部 300 人，其中{DEMO_LEFT_OFF}。"
    dialog.accept()
    assert len(printed[-1].rows) == 300


def test_roster_print_starts_unticked_when_the_chair_filtered_for_people_who_left(qtbot, demo_db: Database) -> None:  # noqa: ANN001
    from unionbook.ui.pages.members import MembersPage

    create_application()
    page = MembersPage(demo_db)
    qtbot.addWidget(page)
    page.show()
    page.membership_combo.setCurrentIndex(page.membership_combo.findData("已转出"))
    page.apply_filter()
    dialog = page.print_preview()
    assert not dialog.members_only.isChecked() and dialog.printed_count() == 23
    dialog.reject()
