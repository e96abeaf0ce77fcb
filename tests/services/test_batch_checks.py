"""A batch's spending-rule check is made once, by the preview (aid.prepare_batch), and reused by
确认发放 — but only ever for the very lines, program, date and amounts it was made for, and only
while nothing was written to the book since it read.

A hand-made union: 节日慰问 is capped at 500 元 a person a year, 张三 already had 400 元 of it, 王五
has left (转出). The batch gives 200 元 to everyone on the roster."""

from __future__ import annotations

import gc
from dataclasses import replace
from datetime import date

import pytest
import server_books
from sqlalchemy import func, select

from unionbook.db.models import AidPayment, RuleBreach
from unionbook.domain.errors import OperationCancelled, RuleBreachError
from unionbook.domain.vocab import SpendingRuleKind
from unionbook.services import aid, members, spending_rules
from unionbook.services.aid import BatchRecipients, PaymentInput, PreparedBatch
from unionbook.services.database import Database
from unionbook.services.members import MemberFilter, MemberInput
from unionbook.services.spending_rules import RuleInput

DAY = date(2025, 9, 30)


@pytest.fixture
def ids(db: Database) -> dict[str, int]:
    f = db.session_factory
    made = {name: members.save_member(f, MemberInput(name=name, join_date=date(2010, 1, 1))).id
            for name in ("张三", "李四", "王五", "赵六")}  # fmt: skip
    members.add_membership_event(f, made["王五"], "转出", date(2025, 6, 1))
    spending_rules.save_rule(f, RuleInput(program="节日慰问", kind=SpendingRuleKind.CAP.value, cap_fen=50000))
    aid.save_payment(f, PaymentInput(member_id=made["张三"], program="节日慰问", date=date(2025, 2, 1), amount_fen=40000))
    return made


def _prepare(db: Database, amount_fen: int = 20000, **kwargs) -> PreparedBatch:
    return aid.prepare_batch(db.session_factory, BatchRecipients(members=MemberFilter()), title="2025年中秋节慰问",
                             program="节日慰问", on=DAY, amount_fen=amount_fen, **kwargs)  # fmt: skip


def _names(lines) -> list[str]:
    return [line.name for line in lines]


def _written(db: Database) -> tuple[int, int]:
    with db.session_factory() as session:
        return (session.scalar(select(func.count()).select_from(AidPayment).where(AidPayment.batch_id.is_not(None))),
                session.scalar(select(func.count()).select_from(RuleBreach)))  # fmt: skip


def test_prepare_flags_who_left_and_checks_the_lines_ticked_from_the_start(db: Database, ids: dict[str, int]) -> None:
    steps: list[tuple[int, int]] = []
    prepared = _prepare(db, progress=lambda done, total: steps.append((done, total)))
    assert _names(prepared.preview.lines) == ["李四", "王五", "张三", "赵六"]
    assert prepared.left == {ids["王五"]: "已转出"}
    assert prepared.notes == {ids["张三"]: "超标准，尚可发放 100.00 元"}
    assert _names(prepared.checked.batch.lines) == ["李四", "张三", "赵六"]  # 王五 is unticked
    assert [(b.payment.name, b.index) for b in prepared.checked.breaches] == [("张三", 1)]
    assert steps == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]


def test_prepare_stops_when_cancelled_and_leaves_the_cycle_collector_on(db: Database, ids: dict[str, int]) -> None:
    asked = iter([False, False, True])
    with pytest.raises(OperationCancelled):
        _prepare(db, cancelled=lambda: next(asked))
    assert gc.isenabled()  # held off while the lines are read (cycle_collection), put back after


def test_a_check_is_never_used_for_other_lines(db: Database, ids: dict[str, int]) -> None:
    prepared = _prepare(db)
    li, _wang, zhang, zhao = prepared.preview.lines
    without_zhang = prepared.check([li, zhao])
    assert without_zhang.breaches == () and _names(without_zhang.batch.lines) == ["李四", "赵六"]
    # Handed the check of [李四, 赵六] (no breach), the record of [李四, 张三, 赵六] checks again:
    # 张三 is over the cap and no reason was given, so nothing is written.
    with pytest.raises(RuleBreachError):
        aid.record_batch(db.session_factory, replace(prepared.preview, lines=(li, zhang, zhao)), checked=without_zhang)
    # Same lines at another amount: 100 元 more for 张三 is within the cap, whatever the check of 200 said.
    cheaper = replace(prepared.checked.batch, lines=tuple(replace(line, amount_fen=10000) for line in (li, zhang, zhao)))
    assert _written(db) == (0, 0)
    aid.record_batch(db.session_factory, cheaper, checked=prepared.checked)
    assert _written(db) == (3, 0)


def test_a_check_of_other_lines_is_worked_out_again_and_a_line_of_another_preview_is_refused(
    db: Database, ids: dict[str, int]
) -> None:
    prepared = _prepare(db)
    li, wang, zhang, zhao = prepared.preview.lines
    assert prepared.check([li, zhang, zhao]) is prepared.checked  # the ticks as the preview left them
    again = prepared.check([wang, zhang])
    assert [(b.payment.name, b.index) for b in again.breaches] == [("张三", 1)]
    with pytest.raises(ValueError):
        prepared.check([replace(li, name="李四四")])


def test_the_check_is_reused_only_while_nothing_was_written(db: Database, ids: dict[str, int]) -> None:
    prepared = _prepare(db)
    li, _wang, _zhang, zhao = prepared.preview.lines
    checked = aid.current_check(db.session_factory, prepared, [li, zhao])
    assert checked.breaches == ()
    # Meanwhile 400 元 to 李四 elsewhere: 200 more takes him over the cap; the record sees it.
    aid.save_payment(db.session_factory, PaymentInput(member_id=ids["李四"], program="节日慰问", date=date(2025, 3, 1),
                                                      amount_fen=40000))  # fmt: skip
    with pytest.raises(RuleBreachError):
        aid.record_batch(db.session_factory, checked.batch, checked=checked)
    assert _written(db) == (0, 0)
    fresh = aid.current_check(db.session_factory, prepared, [li, zhao])
    assert [b.payment.name for b in fresh.breaches] == ["李四"]
    aid.record_batch(db.session_factory, fresh.batch, checked=fresh, reason="补发")
    assert _written(db) == (2, 1)


def test_a_reason_given_for_one_breach_is_not_recorded_for_a_breach_the_chair_never_saw(
    db: Database, ids: dict[str, int]
) -> None:
    """确认发放 showed 张三 over the cap and the chair typed why; meanwhile another window paid 李四
    400 元. The write checks again, finds 李四 too, and asks again instead of filing 李四's breach
    under the reason given for 张三."""
    f = db.session_factory
    prepared = _prepare(db)
    li, _wang, zhang, zhao = prepared.preview.lines
    checked = aid.current_check(f, prepared, [li, zhang, zhao])
    assert [b.payment.name for b in checked.breaches] == ["张三"]
    aid.save_payment(f, PaymentInput(member_id=ids["李四"], program="节日慰问", date=date(2025, 3, 1), amount_fen=40000))
    with pytest.raises(RuleBreachError) as refused:
        aid.record_batch(f, checked.batch, checked=checked, reason="张三年初的是补发")
    assert sorted(b.payment.name for b in refused.value.breaches) == ["张三", "李四"]
    assert _written(db) == (0, 0)
    # Asked again, the chair gives a reason for both: written, each breach with it.
    aid.record_batch(f, checked.batch, reason="张三年初的是补发；李四另有批示")
    assert _written(db) == (3, 2)


@pytest.mark.skipif(not server_books.admin_url(), reason="two writers at once: a PostgreSQL book")
def test_on_a_server_a_payment_committed_after_a_later_write_is_seen(db: Database, ids: dict[str, int]) -> None:
    """On PostgreSQL audit numbers are taken when a write starts and seen when it commits: another
    chair's 400 元 to 李四 (begun first, committed last) sits below a number the preview already
    saw. 确认发放 and the write must still find 李四 over the 500 元 cap."""
    f = db.session_factory
    slow = f()
    slow.add(AidPayment(member_id=ids["李四"], program="节日慰问", date=date(2025, 3, 1), amount_fen=40000))
    slow.flush()  # its audit entry has its number; not committed
    aid.save_payment(f, PaymentInput(member_id=ids["赵六"], program="夏送清凉", date=date(2025, 3, 2), amount_fen=100))
    prepared = _prepare(db)
    li, _wang, _zhang, zhao = prepared.preview.lines
    before = aid.current_check(f, prepared, [li, zhao])  # the slow save is not committed: no breach yet
    assert before.breaches == ()
    slow.commit()
    slow.close()
    assert [b.payment.name for b in aid.current_check(f, prepared, [li, zhao]).breaches] == ["李四"]
    with pytest.raises(RuleBreachError):
        aid.record_batch(f, before.batch, checked=before)
    assert _written(db) == (0, 0)
