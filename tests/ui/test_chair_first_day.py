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
