"""生成本月应缴: writing a month's rows of the 会费收缴台账, in one SQL pass per month.

Who is due for a month: a member active (入会/转入 the latest membership event) on the month's first
or last day — so joining on the 10th or leaving on the 20th still owes that month. A member whose
membership is 保留 at the month's end gets a row with nothing due and 保留会籍 as the reason (the
ledger shows the retired and the retained as 免缴, not as missing). An exemption covering the month
gives nothing due with its reason. With no wage base on file the row has no wage and nothing due,
and reads 未登记工资基数 so the chair sees whom to fix. Otherwise the due is the rule's (domain/dues.py)
on the base in force on the month's last day.

The ledger is stored (db/models/dues.py): regenerating a month recomputes only its unpaid rows,
adds the members now due, and removes unpaid rows of people no longer due; a paid row is an
audited fact and never changes. The facts for every member come from one query; rows are written
with Core executemany and one summary audit entry (the per-row ORM hook would cost minutes at
100,000 members).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import bindparam, delete, insert, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from unionbook.db.models import DuesExemption, DuesMonth, Member, WageBase
from unionbook.db.models._types import bumped_version
from unionbook.domain.dues import RETAINED_REASON, DuesRule, dues_fen, month_end, month_label, month_start
from unionbook.domain.errors import OperationCancelled
from unionbook.domain.vocab import AuditAction, MembershipEventKind
from unionbook.services import audit
from unionbook.services.dues.settings import read_rule
from unionbook.services.member_status import latest_membership_kind
from unionbook.services.records import RecordStore, SaveResult

_ACTIVE = frozenset(k.value for k in MembershipEventKind.active())
_RETAINED = MembershipEventKind.RETAIN.value
_TABLE = DuesMonth.__table__


@dataclass(frozen=True)
class MonthGenerated:
    """What generating one month did."""

    month: date
    added: int = 0
    recomputed: int = 0  # unpaid rows whose wage, due or reason changed
    removed: int = 0  # unpaid rows of people no longer due that month
    paid_kept: int = 0  # paid rows, never touched
    rows: int = 0  # the month's rows afterwards
    no_base: int = 0  # rows without a wage base on file

    def line(self) -> str:
        text = f"{month_label(self.month)}：共 {self.rows} 人，新增 {self.added}，重算 {self.recomputed}"
        if self.removed:
            text += f"，移除 {self.removed}"
        if self.paid_kept:
            text += f"，已缴 {self.paid_kept} 条未改动"
        if self.no_base:
            text += f"；{self.no_base} 人未登记工资基数"
        return text


@dataclass(frozen=True)
class Due:
    """One member's row for a month as the rule makes it."""

    member_id: int
    wage_fen: int | None
    due_fen: int
    exempt_reason: str | None


def month_facts(session: Session, month: date, rule: DuesRule, member_ids: Iterable[int] | None = None) -> list[Due]:
    """Every member due a row for `month` (or those of `member_ids`), with wage, due and reason."""
    first, last = month, month_end(month)
    wage = (
        select(WageBase.wage_fen)
        .where(WageBase.member_id == Member.id, WageBase.effective_from <= last)
        .order_by(WageBase.effective_from.desc())
        .limit(1)
        .scalar_subquery()
    )
    reason = (
        select(DuesExemption.reason)
        .where(DuesExemption.member_id == Member.id, DuesExemption.from_month <= first,
               or_(DuesExemption.to_month.is_(None), DuesExemption.to_month >= first))
        .order_by(DuesExemption.from_month.desc())
        .limit(1)
        .scalar_subquery()
    )  # fmt: skip
    query = select(Member.id, latest_membership_kind(first), latest_membership_kind(last), wage, reason)
    if member_ids is not None:
        query = query.where(Member.id.in_(list(member_ids)))
    computed: dict[int, int] = {}  # one wage, one due: 100,000 members share a few thousand wages
    facts = []
    for member_id, kind_first, kind_last, wage_fen, exemption in session.execute(query):
        if kind_first not in _ACTIVE and kind_last not in _ACTIVE and kind_last != _RETAINED:
            continue
        why = RETAINED_REASON if kind_last == _RETAINED else exemption
        if why or wage_fen is None:
            facts.append(Due(member_id, wage_fen, 0, why or None))
            continue
        due = computed.get(wage_fen)
        if due is None:
            due = computed[wage_fen] = dues_fen(wage_fen, rule)
        facts.append(Due(member_id, wage_fen, due, None))
    return facts


def generate_in_session(
    session: Session, month: date, rule: DuesRule | None = None, member_ids: Sequence[int] | None = None,
    *, remove: bool = True,
) -> MonthGenerated:
    """Write (or recompute the unpaid rows of) one month inside the caller's transaction; with
    `member_ids`, only those members' rows (the payroll import fills in the month it names)."""
    month = month_start(month)
    rule = rule or read_rule(session)
    facts = month_facts(session, month, rule, member_ids)
    existing_query = select(_TABLE.c.id, _TABLE.c.member_id, _TABLE.c.paid_on, _TABLE.c.wage_fen, _TABLE.c.due_fen,
                            _TABLE.c.exempt_reason).where(_TABLE.c.month == month)  # fmt: skip
    if member_ids is not None:
        existing_query = existing_query.where(_TABLE.c.member_id.in_(list(member_ids)))
    existing = {row.member_id: row for row in session.execute(existing_query)}
    new, changed, paid_kept = [], [], 0
    for fact in facts:
        row = existing.pop(fact.member_id, None)
        if row is None:
            new.append({"member_id": fact.member_id, "month": month, "wage_fen": fact.wage_fen,
                        "due_fen": fact.due_fen, "exempt_reason": fact.exempt_reason})  # fmt: skip
        elif row.paid_on is not None:
            paid_kept += 1
        elif (row.wage_fen, row.due_fen, row.exempt_reason) != (fact.wage_fen, fact.due_fen, fact.exempt_reason):
            changed.append({"b_id": row.id, "wage_fen": fact.wage_fen, "due_fen": fact.due_fen,
                            "exempt_reason": fact.exempt_reason})  # fmt: skip
    # Left in `existing`: rows of people not due that month (membership corrected since). Paid ones stay.
    gone = [{"b_id": row.id} for row in existing.values() if row.paid_on is None] if remove else []
    paid_kept += sum(1 for row in existing.values() if row.paid_on is not None)
    if new:
        session.execute(insert(_TABLE), new)
    if changed:
        session.execute(
            update(_TABLE).where(_TABLE.c.id == bindparam("b_id"))
            .values(wage_fen=bindparam("wage_fen"), due_fen=bindparam("due_fen"), exempt_reason=bindparam("exempt_reason"),
                    **bumped_version(_TABLE)),
            changed,
        )  # fmt: skip
    if gone:
        session.execute(delete(_TABLE).where(_TABLE.c.id == bindparam("b_id")), gone)
    rows = len(facts) + sum(1 for row in existing.values() if row.paid_on is not None)
    no_base = sum(1 for f in facts if f.wage_fen is None and not f.exempt_reason)
    return MonthGenerated(month, len(new), len(changed), len(gone), paid_kept, rows, no_base)


def generate_months(
    factory: sessionmaker[Session],
    months: Sequence[date],
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[MonthGenerated]:
    """Generate (or regenerate) the months in ONE transaction: all of them or, cancelled, none."""
    results = []
    with factory.begin() as session:
        rule = read_rule(session)
        for done, month in enumerate(months):
            if cancelled is not None and cancelled():
                raise OperationCancelled()
            if progress is not None:
                progress(done, len(months))
            results.append(generate_in_session(session, month, rule))
        audit.record(session, AuditAction.CREATE, "dues_months", {
            "生成会费": "、".join(month_label(r.month) for r in results), "新增": sum(r.added for r in results),
            "重算": sum(r.recomputed for r in results), "移除": sum(r.removed for r in results),
            "规则": rule.describe()})  # fmt: skip
    if progress is not None:
        progress(len(months), len(months))
    return results


def generate_month(factory: sessionmaker[Session], month: date) -> MonthGenerated:
    return generate_months(factory, [month])[0]


def regenerate_member(factory: sessionmaker[Session], member_id: int, since: date) -> int:
    """After a wage base or an exemption of one member changed: recompute that member's unpaid rows
    of the months already generated from `since`'s month on (paid rows stay); returns how many rows
    changed. Months not generated yet take the change when they are."""
    with factory.begin() as session:
        months = list(session.scalars(select(DuesMonth.month).distinct().where(DuesMonth.month >= month_start(since))
                                      .order_by(DuesMonth.month)))  # fmt: skip
        rule = read_rule(session)
        changed = 0
        for month in months:
            result = generate_in_session(session, month, rule, [member_id])
            changed += result.added + result.recomputed + result.removed
        if changed:
            audit.record(session, AuditAction.UPDATE, "dues_months", {"重算会费": changed, "member_id": member_id,
                                                                       "起始月份": month_label(month_start(since))})  # fmt: skip
    return changed


def save_applying(factory: sessionmaker[Session], store: RecordStore[Any], data: Any, record_id: int | None,
                  since: str) -> tuple[SaveResult, int]:  # fmt: skip
    """Save a wage base or an exemption (`store`), then recompute the member's unpaid months already
    generated from its date `since` (or the date it had, if earlier) on; (the save, rows recomputed)."""
    start = getattr(data, since)
    if record_id is not None:
        with factory() as session:
            start = min(start, getattr(store.get(session, record_id), since))
    saved = store.save(factory, data, record_id)
    return saved, regenerate_member(factory, data.member_id, start)


def delete_applying(factory: sessionmaker[Session], store: RecordStore[Any], record_id: int, since: str) -> int:
    """Delete a wage base or an exemption, then recompute the unpaid months it reached."""
    with factory() as session:
        record = store.get(session, record_id)
        member_id, start = record.member_id, getattr(record, since)
    store.delete(factory, record_id)
    return regenerate_member(factory, member_id, start)
