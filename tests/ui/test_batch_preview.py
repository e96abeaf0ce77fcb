"""The 批量发放 preview's list (a model over the lines, issue 17): who has left is unticked and
greyed, a recent payment of the same program is marked, ID numbers are masked, and ticking or
unticking — one line or all — changes the count and the total the chair confirms."""

from __future__ import annotations

from datetime import date

from batch_helpers import previewed
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView

from unionbook.services import aid, members
from unionbook.services.aid import PaymentInput
from unionbook.services.database import Database
from unionbook.services.members import MemberInput
from unionbook.ui.application import create_application
from unionbook.ui.dialogs.batch_dialog import AMOUNT, CHECK, ID_NUMBER, NAME, NOTE, BatchDialog

CHECKED, UNCHECKED = Qt.CheckState.Checked, Qt.CheckState.Unchecked


def _dialog(qtbot, db: Database) -> BatchDialog:
    create_application()
    f = db.session_factory
    joined = date(2010, 1, 1)
    ids = {name: members.save_member(f, MemberInput(name=name, department="一车间", join_date=joined, id_number=number)).id
           for name, number in (("张三", "440106198503120015"), ("李四", ""), ("王五", ""))}  # fmt: skip
    members.add_membership_event(f, ids["王五"], "转出", date(2025, 6, 1))
    aid.save_payment(
        f, PaymentInput(member_id=ids["李四"], program="节日慰问", date=date(2025, 9, 20), amount_fen=10000)
    )
    dialog = BatchDialog(db, today=date(2025, 9, 30))
    qtbot.addWidget(dialog)
    dialog.who.whole_roster.setChecked(True)  # 王五 has left: only the whole roster includes him
    dialog.program.setCurrentIndex(dialog.program.findData("节日慰问"))
    dialog.date_edit.setDate(date(2025, 9, 30))
    dialog.amount.setText("200")
    assert previewed(dialog) is not None
    return dialog


def _cells(dialog: BatchDialog, column: int) -> list:
    model = dialog.lines_model
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_the_preview_flags_who_left_and_who_was_paid_recently(qtbot, db: Database) -> None:
    dialog = _dialog(qtbot, db)
    model = dialog.lines_model
    assert _cells(dialog, NAME) == ["李四", "王五", "张三"]
    assert [model.index(row, CHECK).data(Qt.ItemDataRole.CheckStateRole) for row in range(3)] == [
        CHECKED,
        UNCHECKED,
        CHECKED,
    ]
    assert _cells(dialog, NOTE) == ["2025-09-20 已发过节日慰问", "已转出，默认不发", ""]
    assert _cells(dialog, ID_NUMBER) == ["", "", "440106********0015"]
    assert _cells(dialog, AMOUNT) == ["200.00 元", "200.00 元", "200.00 元"]
    colours = [model.index(row, NOTE).data(Qt.ItemDataRole.ForegroundRole) for row in range(3)]
    assert [c.color().name() if c else None for c in colours] == ["#b9770e", "#8a949e", None]
    assert "1 人已离开（转出、去世等），默认不发" in dialog.preview_hint.text()
    assert "1 人在 30 天内已发过节日慰问，请核对" in dialog.preview_hint.text()
    assert dialog.total_label.text() == "发放 2 人，合计 400.00 元（大写：肆佰元整）"
    # A long list is not measured row by row: the widths are set from the column samples.
    assert dialog.table.horizontalHeader().sectionResizeMode(AMOUNT) == QHeaderView.ResizeMode.Interactive


def test_ticking_changes_the_count_and_total(qtbot, db: Database) -> None:
    dialog = _dialog(qtbot, db)
    model = dialog.lines_model
    # The view ticks a line as a click on its box does: setData with the check state.
    assert model.setData(model.index(1, CHECK), CHECKED.value, Qt.ItemDataRole.CheckStateRole)
    assert dialog.total_label.text() == "发放 3 人，合计 600.00 元（大写：陆佰元整）"
    assert [line.name for line in dialog.chosen_lines()] == ["李四", "王五", "张三"]
    assert not model.setData(model.index(1, NAME), CHECKED, Qt.ItemDataRole.CheckStateRole)  # only 发放 ticks
    dialog.untick_all_button.click()
    assert dialog.total_label.text() == "发放 0 人，合计 0.00 元（大写：零元整）"
    assert not dialog.confirm_button.isEnabled()
    dialog.set_checked(2, True)
    assert [line.name for line in dialog.chosen_lines()] == ["张三"] and dialog.confirm_button.isEnabled()
    dialog.tick_all_button.click()
    assert dialog.chosen_total_fen() == 60000
    dialog.amount.setText("300")
    dialog.amount.textEdited.emit("300")  # settings changed: the list is gone until previewed again
    assert model.rowCount() == 0 and dialog.chosen_lines() == [] and not dialog.confirm_button.isEnabled()
