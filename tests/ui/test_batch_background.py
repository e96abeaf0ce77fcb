"""批量发放 off the GUI thread (issue 17): 预览名单 is read in the background with a progress bar
and 取消 in the dialog, and 确认发放 records with the check the preview made — checked again only
for what the ticks changed, or read again when the book was written to meanwhile.

A hand-made union: 节日慰问 is capped at 500 元 a person a year, 张三 already had 400 元 of it, 王五
has left (转出). The batch gives 200 元 to everyone on the roster."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from batch_helpers import confirmed, previewed
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from sqlalchemy import select

from unionbook.db.models import AidBatch, AidPayment, Member, RuleBreach
from unionbook.domain.vocab import SpendingRuleKind
from unionbook.services import aid, members, spending_rules
from unionbook.services.aid import PaymentInput
from unionbook.services.database import Database
from unionbook.services.members import MemberInput
from unionbook.services.spending_rules import RuleInput
from unionbook.ui.application import create_application
from unionbook.ui.dialogs.batch_dialog import AMOUNT, CHECK, NAME, NOTE, BatchDialog

DAY = date(2025, 9, 30)
OVER = "张三 节日慰问 本年已发 400.00 元，本次 200.00 元，超出每人每年 500.00 元的标准 100.00 元（尚可发放 100.00 元）"

#: Only a SQLite book reuses the preview's check: a server's audit numbers do not follow commit order.
SQLITE_REUSES_THE_CHECK = pytest.mark.sqlite_only("a server book always checks again inside the write")


@pytest.fixture
def dialog(qtbot, db: Database) -> BatchDialog:
    create_application()
    f = db.session_factory
    ids = {name: members.save_member(f, MemberInput(name=name, department=dept, join_date=date(2010, 1, 1))).id
           for name, dept in (("张三", "一车间"), ("李四", "二车间"), ("王五", "一车间"), ("赵六", "二车间"))}  # fmt: skip
    members.add_membership_event(f, ids["王五"], "转出", date(2025, 6, 1))
    spending_rules.save_rule(f, RuleInput(program="节日慰问", kind=SpendingRuleKind.CAP.value, cap_fen=50000))
    aid.save_payment(f, PaymentInput(member_id=ids["张三"], program="节日慰问", date=date(2025, 2, 1), amount_fen=40000))
    widget = BatchDialog(db, today=DAY)
    qtbot.addWidget(widget)
    widget.who.whole_roster.setChecked(True)
    widget.program.setCurrentIndex(widget.program.findData("节日慰问"))
    widget.date_edit.setDate(DAY)
    widget.amount.setText("200")
    return widget


def _column(dialog: BatchDialog, column: int, role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole) -> list:
    model = dialog.lines_model
    return [model.index(row, column).data(role) for row in range(model.rowCount())]


def _ticks(dialog: BatchDialog) -> list[bool]:
    return [state == Qt.CheckState.Checked for state in _column(dialog, CHECK, Qt.ItemDataRole.CheckStateRole)]


def _recorded(db: Database) -> tuple[list[tuple[str, int]], list[tuple[str, str, str]]]:
    """(name, fen) of each batch payment; (name, message, reason) of each recorded breach."""
    with db.session_factory() as session:
        paid = session.execute(select(Member.name, AidPayment.amount_fen).join(Member, Member.id == AidPayment.member_id)
                               .where(AidPayment.batch_id.is_not(None)).order_by(AidPayment.id)).all()  # fmt: skip
        breaches = session.execute(select(Member.name, RuleBreach.message, RuleBreach.reason)
                                   .join(AidPayment, AidPayment.id == RuleBreach.payment_id)
                                   .join(Member, Member.id == AidPayment.member_id).order_by(RuleBreach.id)).all()  # fmt: skip
    return [tuple(r) for r in paid], [tuple(r) for r in breaches]


def _count_reads(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How often the spending-rule check and the budget read the book."""
    calls = {"check": 0, "budget": 0}
    check_basis, budget_room = spending_rules.check_basis, spending_rules.budget_room

    def counted_check(*args, **kwargs):
        calls["check"] += 1
        return check_basis(*args, **kwargs)

    def counted_budget(*args, **kwargs):
        calls["budget"] += 1
        return budget_room(*args, **kwargs)

    monkeypatch.setattr(spending_rules, "check_basis", counted_check)
    monkeypatch.setattr(spending_rules, "budget_room", counted_budget)
    return calls


def _asked(monkeypatch: pytest.MonkeyPatch, reason: str) -> list[list[str]]:
    """The breach warning answered 仍然保存 with `reason`; returns what each warning listed."""
    asked: list[list[str]] = []

    def answer(_parent, breaches, _budget, **_kwargs):
        asked.append([b.message for b in breaches])
        return reason

    monkeypatch.setattr("unionbook.ui.dialogs.batch_dialog.ask_to_go_ahead", answer)
    return asked


def test_the_preview_is_read_in_the_background_and_fills_the_list(dialog: BatchDialog) -> None:
    task = dialog.run_preview()
    assert task is not None and dialog.preview_task is task
    assert dialog.progress_row.isVisibleTo(dialog) and not dialog.preview_button.isEnabled()
    assert dialog.progress_row.cancel_button.text() == "取消预览"
    assert dialog.run_preview() is task  # a second click while it runs starts nothing new
    assert dialog.lines_model.rowCount() == 0  # nothing yet: the GUI thread did not read it
    preview = previewed(dialog)
    assert preview is not None and not dialog.progress_row.isVisibleTo(dialog) and dialog.preview_button.isEnabled()
    assert _column(dialog, NAME) == ["李四", "王五", "张三", "赵六"]
    assert _column(dialog, AMOUNT) == ["200.00 元"] * 4
    assert _ticks(dialog) == [True, False, True, True]
    assert _column(dialog, NOTE) == ["", "已转出，默认不发", "超标准，尚可发放 100.00 元", ""]
    assert dialog.total_label.text() == "发放 3 人，合计 600.00 元（大写：陆佰元整）"
    assert "1 人超出开支标准" in dialog.preview_hint.text() and dialog.confirm_button.isEnabled()


def test_cancel_keeps_the_previous_list_and_writes_nothing(dialog: BatchDialog, db: Database,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    first = previewed(dialog)
    assert first is not None
    reading, release = threading.Event(), threading.Event()
    left_members = aid.batches.left_members

    def slow_left_members(*args, **kwargs):
        reading.set()
        release.wait(10)
        return left_members(*args, **kwargs)

    monkeypatch.setattr(aid.batches, "left_members", slow_left_members)
    task = dialog.run_preview()
    assert task is not None and reading.wait(10)
    assert not dialog.confirm_button.isEnabled()  # not while a new list is being read
    dialog.progress_row.cancel_button.click()
    release.set()
    assert previewed(dialog) is first  # waits for the cancelled read: the list shown is the one before
    assert dialog.preview_task is None and not dialog.progress_row.isVisibleTo(dialog)
    assert _column(dialog, NAME) == ["李四", "王五", "张三", "赵六"] and dialog.confirm_button.isEnabled()
    assert _recorded(db) == ([], [])
    with db.session_factory() as session:
        assert session.scalar(select(AidBatch.id)) is None


def test_cancel_of_the_first_preview_leaves_no_list(dialog: BatchDialog, monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()
    left_members = aid.batches.left_members
    monkeypatch.setattr(aid.batches, "left_members", lambda *a, **k: release.wait(10) and left_members(*a, **k))
    assert dialog.run_preview() is not None
    dialog.cancel_preview()
    release.set()
    assert previewed(dialog) is None
    assert dialog.lines_model.rowCount() == 0 and not dialog.confirm_button.isEnabled()


@SQLITE_REUSES_THE_CHECK
def test_confirm_after_the_preview_records_the_ticked_lines_and_the_breach_once_without_checking_again(
    dialog: BatchDialog, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _count_reads(monkeypatch)
    previewed(dialog)
    assert calls == {"check": 1, "budget": 1}
    asked = _asked(monkeypatch, "张三年初的是补发")
    confirmed(dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert calls == {"check": 1, "budget": 1}  # the preview's check was used: no second reading
    assert asked == [[OVER]]
    assert _recorded(db) == ([("李四", 20000), ("张三", 20000), ("赵六", 20000)], [("张三", OVER, "张三年初的是补发")])
    assert dialog.recorded == (3, 60000)


@SQLITE_REUSES_THE_CHECK
def test_confirm_after_changing_the_ticks_checks_the_new_list(
    dialog: BatchDialog, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _count_reads(monkeypatch)
    previewed(dialog)
    dialog.set_checked(0, False)  # 李四 out, 王五 (who has left) in after all
    dialog.set_checked(1, True)
    asked = _asked(monkeypatch, "王五转出前已登记")
    confirmed(dialog)
    assert asked == [[OVER]] and calls == {"check": 1, "budget": 1}  # worked out again from what was read
    # 张三 is now the second line of the batch: the breach is recorded on his payment, not 李四's place.
    assert _recorded(db) == ([("王五", 20000), ("张三", 20000), ("赵六", 20000)], [("张三", OVER, "王五转出前已登记")])


def test_unticking_the_one_over_the_cap_records_no_breach(dialog: BatchDialog, db: Database,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    previewed(dialog)
    dialog.set_checked(2, False)
    asked = _asked(monkeypatch, "不应被问到")
    confirmed(dialog)
    assert asked == [[]] and dialog.result() == QDialog.DialogCode.Accepted
    assert _recorded(db) == ([("李四", 20000), ("赵六", 20000)], [])


def test_a_payment_saved_elsewhere_after_the_preview_is_seen_at_confirm(
    dialog: BatchDialog, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    previewed(dialog)
    li_si = dialog.chosen_lines()[0].member_id
    # Meanwhile, in another window: 400 元 to 李四, so 200 more takes him over the cap too.
    aid.save_payment(db.session_factory, PaymentInput(member_id=li_si, program="节日慰问", date=date(2025, 3, 1),
                                                      amount_fen=40000))  # fmt: skip
    li_si_over = OVER.replace("张三", "李四")
    asked = _asked(monkeypatch, "两人均为补发")
    confirmed(dialog)
    assert asked == [[li_si_over, OVER]]
    assert _recorded(db)[1] == [("李四", li_si_over, "两人均为补发"), ("张三", OVER, "两人均为补发")]


def test_changing_a_setting_while_the_preview_runs_drops_its_list(qtbot, dialog: BatchDialog) -> None:
    assert dialog.run_preview() is not None
    dialog.amount.setText("300")
    dialog.amount.textEdited.emit("300")
    qtbot.waitUntil(lambda: dialog.preview_task is None, timeout=10_000)
    assert dialog.preview is None and dialog.lines_model.rowCount() == 0  # read for 200 元: not shown
    previewed(dialog)
    assert _column(dialog, AMOUNT) == ["300.00 元"] * 4


def test_the_batch_is_written_in_the_background_and_cancel_rolls_it_all_back(
    dialog: BatchDialog, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog.show()
    previewed(dialog)
    writing, release = threading.Event(), threading.Event()
    record_breaches = spending_rules.record_breaches

    def slow_record_breaches(*args, **kwargs):  # inside the batch's transaction, payments written
        writing.set()
        release.wait(10)
        return record_breaches(*args, **kwargs)

    monkeypatch.setattr(spending_rules, "record_breaches", slow_record_breaches)
    _asked(monkeypatch, "张三年初的是补发")
    task = dialog.confirm()
    assert task is not None and writing.wait(10)
    assert dialog.confirm() is task  # a second click writes nothing more
    assert (dialog.progress_row.label.text(), dialog.progress_row.cancel_button.text()) == ("正在记录 3 笔发放……", "取消记录")
    assert not dialog.settings_box.isEnabled() and not dialog.cancel_button.isEnabled()
    dialog.reject()  # Esc while it is written does not close the dialog
    assert dialog.isVisible()
    dialog.progress_row.cancel_button.click()
    release.set()
    assert confirmed(dialog) is None  # waits for the cancelled write
    assert dialog.isVisible() and dialog.recorded is None
    assert _recorded(db) == ([], [])
    with db.session_factory() as session:
        assert session.scalar(select(AidBatch.id)) is None
    assert dialog.settings_box.isEnabled() and dialog.confirm_button.isEnabled()
    assert not dialog.progress_row.isVisibleTo(dialog) and _column(dialog, NAME) == ["李四", "王五", "张三", "赵六"]
    monkeypatch.setattr(spending_rules, "record_breaches", record_breaches)
    assert confirmed(dialog) is not None  # and then for real
    assert dialog.result() == QDialog.DialogCode.Accepted and not dialog.isVisible()
    assert _recorded(db) == ([("李四", 20000), ("张三", 20000), ("赵六", 20000)], [("张三", OVER, "张三年初的是补发")])
