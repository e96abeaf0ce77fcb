"""Batches: one 端午节慰问 to 300 members is one batch, previewed, recorded and undone as a whole.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cached_property

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from unionbook.db.backend import ids_follow_commit_order
from unionbook.db.models import AidBatch, AidPayment, AuditEntry, HardshipFile, Member
from unionbook.domain.errors import OperationCancelled, RuleBreachError, ValidationError
from unionbook.domain.spending_rules import Breach, Payment
from unionbook.domain.vocab import MEMBERSHIP_STATUS_LABELS, AuditAction, MembershipEventKind
from unionbook.services import audit, spending_rules
from unionbook.services.aid.hardship import HARDSHIP_PROGRAMS
from unionbook.services.aid.payments import PaymentInput, validate_payment
from unionbook.services.cycle_collection import no_cycle_collection
from unionbook.services.filters import where_in_year
from unionbook.services.member_status import latest_membership_kind
from unionbook.services.members import MemberFilter, query_member_ids
from unionbook.services.persist import count_where, get_or_raise


@dataclass(frozen=True)
class BatchRecipients:
    """Who a batch goes to: a member filter, or every open hardship file."""

    members: MemberFilter | None = None
    open_hardship_files: bool = False


@dataclass(frozen=True)
class BatchLine:
    member_id: int
    name: str
    department: str | None
    id_number: str | None
    amount_fen: int
    hardship_file_id: int | None = None


@dataclass(frozen=True)
class BatchPreview:
    title: str
    program: str
    date: date
    lines: tuple[BatchLine, ...]
    goods: str = ""
    goods_value_fen: int = 0
    funding_source: str | None = None

    @property
    def total_fen(self) -> int:
        return sum(line.amount_fen for line in self.lines)


@dataclass(frozen=True)
class BatchRow:
    id: int
    title: str
    program: str
    date: date
    count: int
    total_fen: int
    signed: int
    prepared_by: str | None
    approved_by: str | None
    #: What was handed out besides cash ("月饼礼盒"; several kinds joined with "、") and its total value.
    goods: str = ""
    goods_value_fen: int = 0


def open_files_at(session: Session, member_ids: set[int] | None = None) -> dict[int, list[tuple[date, date | None, int]]]:
    """member → [(opened_on, closed_on, file id)], to find the file open on a given date."""
    query = select(HardshipFile.member_id, HardshipFile.opened_on, HardshipFile.closed_on, HardshipFile.id)
    files: dict[int, list[tuple[date, date | None, int]]] = {}
    for member_id, opened, closed, file_id in session.execute(query):
        if member_ids is None or member_id in member_ids:
            files.setdefault(member_id, []).append((opened, closed, file_id))
    return files


def file_open_on(files: dict[int, list[tuple[date, date | None, int]]], member_id: int, on: date) -> int | None:
    for opened, closed, file_id in files.get(member_id, []):
        if opened <= on and (closed is None or closed > on):
            return file_id
    return None


def validate_batch(
    *, title: str, program: str, on: date, amount_fen: int, goods: str = "", goods_value_fen: int = 0,
    funding_source: str | None = None,
) -> None:  # fmt: skip
    """The batch's settings as every payment's are checked (ValidationError naming the field),
    without reading the book: a dialog says so at once, before a preview of 78,000 lines starts."""
    validate_payment(PaymentInput(member_id=0, program=program, date=on, amount_fen=amount_fen, goods=goods,
                                  goods_value_fen=goods_value_fen, funding_source=funding_source))  # fmt: skip
    if not title.strip():
        raise ValidationError(field="批次名称", detail="不能为空，例如“2025年端午节慰问”")


def preview_batch(
    factory: sessionmaker[Session],
    recipients: BatchRecipients,
    *,
    title: str,
    program: str,
    on: date,
    amount_fen: int,
    goods: str = "",
    goods_value_fen: int = 0,
    funding_source: str | None = None,
) -> BatchPreview:
    """The list a batch would pay, with the total, before anything is written."""
    validate_batch(title=title, program=program, on=on, amount_fen=amount_fen, goods=goods,
                   goods_value_fen=goods_value_fen, funding_source=funding_source)  # fmt: skip
    with factory() as session:
        if recipients.open_hardship_files:
            query = (
                select(Member.id, Member.name, Member.department, Member.id_number, HardshipFile.id)
                .join(HardshipFile, HardshipFile.member_id == Member.id)
                .where(HardshipFile.opened_on <= on, HardshipFile.closed_on.is_(None) | (HardshipFile.closed_on > on))
                .order_by(Member.name_pinyin)
            )
            rows = session.execute(query).all()
        else:
            ids = query_member_ids(factory, recipients.members or MemberFilter())
            order = {member_id: n for n, member_id in enumerate(ids)}
            # One pass over the roster rather than an IN list (SQLite caps bound parameters).
            everyone = session.execute(select(Member.id, Member.name, Member.department, Member.id_number)).all()
            files = open_files_at(session, set(order)) if program in HARDSHIP_PROGRAMS else {}
            rows = sorted(
                ((*r, file_open_on(files, r[0], on)) for r in everyone if r[0] in order), key=lambda r: order[r[0]]
            )
    lines = tuple(BatchLine(r[0], r[1], r[2], r[3], amount_fen, r[4]) for r in rows)
    return BatchPreview(title.strip(), program, on, lines, goods.strip(), goods_value_fen, funding_source)


#: Up to this many ids go into the query itself (SQLite caps bound parameters per statement).
_FEW = 500


def left_members(factory: sessionmaker[Session], member_ids: Sequence[int]) -> dict[int, str]:
    """Those of `member_ids` whose membership has ended (转出, 除名, 退会, 去世), with the status
    as the roster labels it: the preview leaves them unticked. One query; over the whole roster
    (one pass) when the list is long, rather than hundreds of queries of a few hundred ids."""
    status = latest_membership_kind()
    query = select(Member.id, status).where(status.in_([k.value for k in MembershipEventKind.leaving()]))
    wanted = set(member_ids)
    if len(wanted) <= _FEW:
        query = query.where(Member.id.in_(wanted))
    with factory() as session:
        return {i: MEMBERSHIP_STATUS_LABELS[kind] for i, kind in session.execute(query) if i in wanted}


def paid_near(factory: sessionmaker[Session], program: str, on: date, days: int) -> dict[int, date]:
    """Who already received `program` within `days` of `on` (either side), with their latest such
    date: one grouped query over those days, not the program's years of payments."""
    query = (
        select(AidPayment.member_id, func.max(AidPayment.date))
        .where(AidPayment.program == program, AidPayment.date.between(on - timedelta(days=days), on + timedelta(days=days)))
        .group_by(AidPayment.member_id)
    )
    with factory() as session:
        return {member_id: day for member_id, day in session.execute(query)}


def batch_payments(preview: BatchPreview) -> list[Payment]:
    """The batch's lines as the spending rules see them (domain/spending_rules.py), in line order."""
    return [Payment(line.member_id, line.name, preview.program, preview.date, line.amount_fen, preview.goods,
                    preview.goods_value_fen, line.hardship_file_id is not None) for line in preview.lines]  # fmt: skip


def check_batch(factory: sessionmaker[Session], preview: BatchPreview) -> list[Breach]:
    """The spending rules the batch would break, line by line (one totals query for the program's year)."""
    return spending_rules.check_payments(factory, batch_payments(preview))


def _last_write(session: Session) -> int:
    """The newest entry of the audit trail: every write to the book leaves one (ORM saves by the
    audit hook, bulk writes by their summary entry), so while it stays the same nothing a check
    read has changed."""
    return session.scalar(select(func.max(AuditEntry.id))) or 0


def _unchanged_since(session: Session, seen: int) -> bool:
    """Nothing was written to the book since the audit entry `seen` was the newest. Only a book
    whose ids follow commit order (SQLite) can tell; on a server a payment saved in another office
    can commit below a newer number already seen, so there the check is always made again (a
    payment to 李四 committing late would otherwise pass a cap unseen)."""
    return ids_follow_commit_order(session) and _last_write(session) == seen


def _unseen(breaches: Sequence[Breach], shown: Sequence[Breach]) -> list[Breach]:
    """The breaches the chair was not shown: a reason typed for 张三's cap is not 李四's."""
    seen = {(b.payment.member_id, b.rule.id, b.rule.kind) for b in shown}
    return [b for b in breaches if (b.payment.member_id, b.rule.id, b.rule.kind) not in seen]


@dataclass(frozen=True)
class BatchCheck:
    """What the spending rules and the budget say about exactly `batch` — its lines, program, date
    and amounts — as the book stood at audit entry `seen`. Never valid for another list."""

    batch: BatchPreview
    breaches: tuple[Breach, ...]
    budget: tuple[str, ...]
    seen: int


@dataclass(frozen=True)
class PreparedBatch:
    """A preview with all the dialog shows beside it, read in one go off the GUI thread: who has
    left (unticked from the start), who had the program within `near_days`, what the spending
    rules say about each line, and what checking any ticked part of it again needs (`check`)."""

    preview: BatchPreview
    left: Mapping[int, str]
    recent: Mapping[int, date]
    #: member → the spending rules' few words about their line ("超标准，尚可发放 200.00 元").
    notes: Mapping[int, str]
    basis: spending_rules.CheckBasis
    room: spending_rules.BudgetRoom
    #: The check of the lines ticked from the start (all but who left).
    checked: BatchCheck

    def check(self, lines: Sequence[BatchLine]) -> BatchCheck:
        """The check of `lines` (some of the preview's, in its order): the one made while preparing
        when they are the lines ticked from the start, else checked again from what was read then —
        only the running totals and the wording, no query. ValueError: a line not of this preview."""
        batch = replace(self.preview, lines=tuple(lines))
        if batch == self.checked.batch:
            return self.checked
        try:
            payments = [self._payment_of[line] for line in batch.lines]
        except KeyError:
            raise ValueError("a line not in this preview") from None
        return self._checked(batch, payments)

    @cached_property
    def _payment_of(self) -> dict[BatchLine, Payment]:
        """Each line's payment as the check read it (its open file …); equal lines, equal payments."""
        return dict(zip(self.preview.lines, self.basis.payments, strict=True))

    def _checked(self, batch: BatchPreview, payments: Sequence[Payment]) -> BatchCheck:
        budget = spending_rules.budget_lines(payments, batch.funding_source, self.room)
        return BatchCheck(batch, tuple(self.basis.breaches(payments)), tuple(budget), self.checked.seen)


def current_check(factory: sessionmaker[Session], prepared: PreparedBatch, lines: Sequence[BatchLine]) -> BatchCheck:
    """The check 确认发放 shows before writing `lines`: `prepared.check(lines)` while nothing was
    written to the book since the preview read it (one query to know); read again when something
    was — a payment saved meanwhile in another window may put someone over a cap."""
    with factory() as session:
        if _unchanged_since(session, prepared.checked.seen):
            return prepared.check(lines)
        seen = _last_write(session)
        batch = replace(prepared.preview, lines=tuple(lines))
        payments = batch_payments(batch)
        basis, room = _read_for_check(session, payments)
    budget = spending_rules.budget_lines(payments, batch.funding_source, room)
    return BatchCheck(batch, tuple(basis.breaches()), tuple(budget), seen)


def _read_for_check(
    session: Session, payments: Sequence[Payment]
) -> tuple[spending_rules.CheckBasis, spending_rules.BudgetRoom]:
    """What the spending rules and the budget read for `payments`; any part of them is then
    checked without the book."""
    return spending_rules.check_basis(session, payments), spending_rules.budget_room(
        session, spending_rules.charged(payments)
    )


#: The steps `prepare_batch` reports as progress.
PREPARE_STEPS = 4


def prepare_batch(
    factory: sessionmaker[Session], recipients: BatchRecipients, *, title: str, program: str, on: date,
    amount_fen: int, goods: str = "", goods_value_fen: int = 0, funding_source: str | None = None,
    near_days: int = 30, recent: Mapping[int, date] | None = None,
    progress: Callable[[int, int], None] | None = None, cancelled: Callable[[], bool] | None = None,
) -> PreparedBatch:  # fmt: skip
    """`preview_batch` with the flags and the checks, for the dialog's worker thread (its own
    sessions). `recent`: `paid_near` already read for this program and date (not read again).
    `cancelled()` true between steps stops it (OperationCancelled); nothing is written either way."""
    def step(done: int) -> None:
        if cancelled is not None and cancelled():
            raise OperationCancelled()
        if progress is not None:
            progress(done, PREPARE_STEPS)

    # Hundreds of thousands of rows, lines and payments make no cycles: each full collection would
    # walk them all (a third of the time at 100k) and hold the window still while it does.
    with no_cycle_collection():
        step(0)
        preview = preview_batch(factory, recipients, title=title, program=program, on=on, amount_fen=amount_fen,
                                goods=goods, goods_value_fen=goods_value_fen, funding_source=funding_source)  # fmt: skip
        step(1)
        left = left_members(factory, [line.member_id for line in preview.lines])
        if recent is None:
            recent = paid_near(factory, program, on, near_days)
        step(2)
        payments = batch_payments(preview)
        with factory() as session:
            seen = _last_write(session)  # first: a write after it, even during the reads below, shows
            basis, room = _read_for_check(session, payments)
        step(3)
        every = tuple(basis.breaches())
        notes: dict[int, list[str]] = {}
        for breach in every:
            notes.setdefault(preview.lines[breach.index].member_id, []).append(breach.short)
        budget = tuple(spending_rules.budget_lines(payments, funding_source, room))
        prepared = PreparedBatch(preview, left, recent, {m: "；".join(t) for m, t in notes.items()}, basis, room,
                                 BatchCheck(preview, every, budget, seen))  # fmt: skip
        if left:  # who has left is unticked from the start: the check kept is of the others
            kept = [n for n, line in enumerate(preview.lines) if line.member_id not in left]
            start = replace(preview, lines=tuple(preview.lines[n] for n in kept))
            prepared = replace(prepared, checked=prepared._checked(start, [basis.payments[n] for n in kept]))
        step(4)
        return prepared


def record_batch(
    factory: sessionmaker[Session], preview: BatchPreview, *, prepared_by: str = "", approved_by: str = "",
    reason: str | None = None, checked: BatchCheck | None = None, cancelled: Callable[[], bool] | None = None,
) -> int:  # fmt: skip
    """Write the previewed batch: one AidBatch and one payment per line, in one transaction.

    Lines that break a spending rule (开支标准) refuse the whole batch with RuleBreachError unless a
    `reason` is given; then the batch is written and every breach recorded with it. `checked`, the
    check the preview made (`PreparedBatch.check`), is used instead of checking again only when it
    was made for this very batch — same lines, program, date and amounts — and nothing was written
    to the book since it read; otherwise the batch is checked here, inside the transaction. A
    reason typed for the breaches `checked` showed is not recorded for one it did not show (a
    payment saved meanwhile elsewhere): RuleBreachError then, so the chair is asked again.
    `cancelled()` true before the commit rolls it all back (OperationCancelled)."""
    if not preview.lines:
        raise ValidationError(field="发放对象", detail="名单为空，没有可发放的人")
    # 78,000 payments and as many breaches make no cycles: a full collection would only walk them.
    with no_cycle_collection(), factory.begin() as session:
        if checked is not None and checked.batch == preview and _unchanged_since(session, checked.seen):
            breaches = list(checked.breaches)
        else:
            breaches = spending_rules.check_in_session(session, batch_payments(preview))
            if checked is not None and reason and _unseen(breaches, checked.breaches):
                raise RuleBreachError(breaches=tuple(breaches))  # asked again: the reason was for others
        reason = spending_rules.checked_reason(breaches, reason)
        batch = AidBatch(title=preview.title, program=preview.program, date=preview.date,
                         prepared_by=prepared_by.strip() or None, approved_by=approved_by.strip() or None)  # fmt: skip
        session.add(batch)
        session.flush()
        session.execute(
            insert(AidPayment),
            [
                {"member_id": line.member_id, "hardship_file_id": line.hardship_file_id, "batch_id": batch.id,
                 "program": preview.program, "date": preview.date, "amount_fen": line.amount_fen,
                 "goods": preview.goods or None, "goods_value_fen": preview.goods_value_fen,
                 "funding_source": preview.funding_source, "signed": False}
                for line in preview.lines
            ],
        )  # fmt: skip
        audit.record(session, AuditAction.CREATE, "aid_batches",
                     {"title": preview.title, "program": preview.program, "date": preview.date,
                      "people": len(preview.lines), "total_fen": preview.total_fen}, row_id=batch.id)  # fmt: skip
        if breaches:
            ids = list(session.scalars(select(AidPayment.id).where(AidPayment.batch_id == batch.id).order_by(AidPayment.id)))
            spending_rules.record_breaches(session, breaches, ids, reason)
        if cancelled is not None and cancelled():
            raise OperationCancelled()  # leaves the transaction: nothing of the batch is written
        return batch.id


def list_batches(factory: sessionmaker[Session], year: int | None = None) -> list[BatchRow]:
    query = (
        select(AidBatch, func.count(AidPayment.id), func.coalesce(func.sum(AidPayment.amount_fen), 0),
               func.count().filter(AidPayment.signed.is_(True)),
               func.coalesce(func.sum(AidPayment.goods_value_fen), 0))
        .outerjoin(AidPayment, AidPayment.batch_id == AidBatch.id)
        .group_by(AidBatch.id)
        .order_by(AidBatch.date.desc(), AidBatch.id.desc())
    )  # fmt: skip
    query = where_in_year(query, AidBatch.date, year)
    # The goods of each batch (one kind as a rule), read apart: a handful of rows per batch, from
    # the year's batches only (every batch's lines of every year are 400,000 rows at 100k).
    listed = where_in_year(select(AidBatch.id), AidBatch.date, year)
    kinds = select(AidPayment.batch_id, AidPayment.goods).where(
        AidPayment.batch_id.in_(listed), AidPayment.goods.is_not(None)
    ).distinct().order_by(AidPayment.batch_id, AidPayment.goods)
    with factory() as session:
        goods: dict[int, list[str]] = {}
        for batch_id, text in session.execute(kinds):
            if text.strip():
                goods.setdefault(batch_id, []).append(text.strip())
        return [
            BatchRow(b.id, b.title, b.program, b.date, n, total, signed, b.prepared_by, b.approved_by,
                     "、".join(goods.get(b.id, [])), value)
            for b, n, total, signed, value in session.execute(query)
        ]  # fmt: skip


def sign_batch(factory: sessionmaker[Session], batch_id: int) -> int:
    """Tick 已签收 on every payment of the batch not ticked yet (its signed sheet came back);
    returns how many. One UPDATE and one audit entry for the batch, as recording and undoing a
    batch are audited: the lines change together (77,000 of them in a large union's 中秋 batch,
    where row by row took seconds and wrote as many entries)."""
    with factory.begin() as session:
        get_or_raise(session, AidBatch, batch_id, "发放批次")
        unsigned = (AidPayment.batch_id == batch_id, AidPayment.signed.is_(False))
        count = session.execute(update(AidPayment).where(*unsigned).values(signed=True, version=AidPayment.version + 1)).rowcount
        if count:
            audit.record(session, AuditAction.UPDATE, "aid_batches", {"signed": [False, True], "payments": count},
                         row_id=batch_id)  # fmt: skip
        return count


def undo_batch(factory: sessionmaker[Session], batch_id: int) -> int:
    """Delete a whole batch and its payments (a batch recorded by mistake); returns the count."""
    with factory.begin() as session:
        batch = get_or_raise(session, AidBatch, batch_id, "发放批次")
        count = count_where(session, AidPayment.batch_id == batch_id)
        audit.record(session, AuditAction.DELETE, "aid_batches",
                     {"title": batch.title, "program": batch.program, "date": batch.date, "payments": count}, row_id=batch_id)  # fmt: skip
        session.execute(delete(AidPayment).where(AidPayment.batch_id == batch_id))
        session.delete(batch)
        return count
