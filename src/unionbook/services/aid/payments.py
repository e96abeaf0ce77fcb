"""Disbursements (帮扶/慰问发放): one payment to one person, validated, audited, in integer fen;
and a person's whole aid history.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from unionbook.db.models import AidBatch, AidPayment, HardshipFile, Member
from unionbook.domain.errors import ValidationError
from unionbook.domain.spending_rules import Breach, Payment
from unionbook.domain.vocab import (
    AidProgram,
    FundingSource,
)
from unionbook.services import spending_rules
from unionbook.services.aid.hardship import HardshipRow, list_hardship_files
from unionbook.services.filters import read_ids, where_contains, where_equal, where_in_year
from unionbook.services.persist import copy_fields, get_or_raise, load_or_add


@dataclass(frozen=True)
class PaymentInput:
    member_id: int
    program: str
    date: date
    amount_fen: int = 0
    goods: str = ""
    goods_value_fen: int = 0
    funding_source: str | None = None
    hardship_file_id: int | None = None
    signed: bool = False
    notes: str = ""


@dataclass(frozen=True)
class PaymentRow:
    id: int
    data: PaymentInput
    member_name: str
    department: str | None
    id_number: str | None
    batch_id: int | None
    batch_title: str | None


@dataclass(frozen=True)
class PaymentFilter:
    year: int | None = None
    program: str | None = None
    member_id: int | None = None
    batch_id: int | None = None
    text: str = ""  # name or department


_PAYMENT_FIELDS = [f.name for f in fields(PaymentInput)]


def validate_payment(data: PaymentInput) -> PaymentInput:
    if data.program not in list(AidProgram):
        raise ValidationError(field="项目", detail=f"“{data.program}”不是可选的帮扶项目")
    if data.funding_source and data.funding_source not in list(FundingSource):
        raise ValidationError(field="资金来源", detail=f"“{data.funding_source}”不是可选的来源")
    if data.amount_fen < 0 or data.goods_value_fen < 0:
        raise ValidationError(field="金额", detail="不能为负数")
    if data.amount_fen == 0 and not data.goods.strip():
        raise ValidationError(field="金额", detail="金额为 0 时请填写发放的实物")
    if data.goods_value_fen and not data.goods.strip():
        raise ValidationError(field="实物", detail="填写了实物价值，请同时写明实物")
    return replace(data, goods=data.goods.strip(), notes=data.notes.strip())


#: The columns a payment's row is read from (Core rows, not ORM objects: a year of a large union's
#: payments is 150,000 of them).
_ROW_COLUMNS = (AidPayment.id, *(getattr(AidPayment, n) for n in _PAYMENT_FIELDS), AidPayment.batch_id, Member.name,
                Member.department, Member.id_number, AidBatch.title)  # fmt: skip

#: The orders the payments list can be sorted in (the table's columns), each broken by id.
PAYMENT_SORTS: dict[str, Any] = {
    "date": AidPayment.date, "name": Member.name_pinyin, "department": Member.department,
    "program": AidPayment.program, "amount": AidPayment.amount_fen, "goods": AidPayment.goods,
    "goods_value": AidPayment.goods_value_fen, "funding": AidPayment.funding_source, "batch": AidBatch.title,
    "signed": AidPayment.signed,
}  # fmt: skip


def _payment_query(flt: PaymentFilter, *columns: Any):  # noqa: ANN202 - a Select
    query = (
        select(*(columns or _ROW_COLUMNS))
        .select_from(AidPayment)
        .join(Member, Member.id == AidPayment.member_id)
        .outerjoin(AidBatch, AidBatch.id == AidPayment.batch_id)
    )
    return _narrowed(query, flt)


def _narrowed(query, flt: PaymentFilter):  # noqa: ANN001, ANN202 - Selects
    """The filter's conditions on a query over the payments (joined to Member when there is text)."""
    query = where_in_year(query, AidPayment.date, flt.year)
    query = where_equal(query, (AidPayment.program, flt.program), (AidPayment.member_id, flt.member_id),
                        (AidPayment.batch_id, flt.batch_id))  # fmt: skip
    return where_contains(query, flt.text, Member.name, Member.department)


def _payment_row(r: Any) -> PaymentRow:
    values = {n: getattr(r, n) for n in _PAYMENT_FIELDS}
    values["goods"] = values["goods"] or ""
    values["notes"] = values["notes"] or ""
    return PaymentRow(r.id, PaymentInput(**values), r.name, r.department, r.id_number, r.batch_id, r.title)


def list_payments(factory: sessionmaker[Session], flt: PaymentFilter = PaymentFilter()) -> list[PaymentRow]:
    query = _payment_query(flt).order_by(AidPayment.date.desc(), AidPayment.id.desc())
    with factory() as session:
        return [_payment_row(r) for r in session.execute(query)]


def query_payment_ids(
    factory: sessionmaker[Session], flt: PaymentFilter = PaymentFilter(), sort: str = "date", descending: bool = True
) -> list[int]:
    """The ids of the filter's payments in the order of `sort` (a PAYMENT_SORTS key), ties by id:
    what the lazy payments list holds (the rows on screen are read by `fetch_payment_rows`)."""
    key = PAYMENT_SORTS[sort]
    order = (key.desc(), AidPayment.id.desc()) if descending else (key.asc(), AidPayment.id.asc())
    if flt.text.strip() or key.table is not AidPayment.__table__:
        query = _payment_query(flt, AidPayment.id)
    else:  # the payments table alone: a year in date order is a walk down the date index
        query = _narrowed(select(AidPayment.id), flt)
    with factory() as session:
        return read_ids(session, query.order_by(*order))


def fetch_payment_rows(factory: sessionmaker[Session], ids: Sequence[int]) -> list[PaymentRow]:
    """The payments with these ids (in no particular order; missing ids are left out)."""
    if not ids:
        return []
    with factory() as session:
        return [_payment_row(r) for r in session.execute(_payment_query(PaymentFilter()).where(AidPayment.id.in_(ids)))]


@dataclass(frozen=True)
class PaymentTotals:
    """What a filter's payments add up to (the line under the list), summed in SQL."""

    count: int
    amount_fen: int
    goods_value_fen: int
    unsigned: int


def payment_totals(factory: sessionmaker[Session], flt: PaymentFilter = PaymentFilter()) -> PaymentTotals:
    sums = (func.count(), func.coalesce(func.sum(AidPayment.amount_fen), 0),
            func.coalesce(func.sum(AidPayment.goods_value_fen), 0), func.count().filter(AidPayment.signed.is_(False)))  # fmt: skip
    # Without a search text no member column is needed: the year's payments alone, over the date index.
    query = _payment_query(flt, *sums) if flt.text.strip() else _narrowed(select(*sums).select_from(AidPayment), flt)
    with factory() as session:
        return PaymentTotals(*session.execute(query).one())


def rule_payment(data: PaymentInput, name: str = "") -> Payment:
    """The payment as the spending rules see it (domain/spending_rules.py)."""
    return Payment(data.member_id, name, data.program, data.date, data.amount_fen, data.goods, data.goods_value_fen)


def save_payment(
    factory: sessionmaker[Session], data: PaymentInput, payment_id: int | None = None, *, reason: str | None = None
) -> int:
    """Save one payment. One that breaks a spending rule (开支标准) is refused with RuleBreachError
    unless a `reason` is given; then it is saved and each breach recorded with the reason. Editing
    a payment whose breach was recorded keeps that reason while the same rule is still broken."""
    data = validate_payment(data)
    with factory.begin() as session:
        member = get_or_raise(session, Member, data.member_id, "职工")
        if data.hardship_file_id is not None:
            hardship = session.get(HardshipFile, data.hardship_file_id)
            if hardship is None or hardship.member_id != data.member_id:
                raise ValidationError(field="困难档案", detail="关联的档案不属于这位职工")
        breaches = spending_rules.check_in_session(session, [rule_payment(data, member.name)],
                                                   exclude_payment_id=payment_id)  # fmt: skip
        earlier = spending_rules.clear_breaches(session, payment_id) if payment_id is not None else {}
        text = spending_rules.checked_reason(spending_rules.needing_reason(breaches, earlier), reason)
        record = load_or_add(session, AidPayment, payment_id, "发放记录")
        copy_fields(record, data, _PAYMENT_FIELDS)
        record.amount_fen = data.amount_fen
        record.goods_value_fen = data.goods_value_fen
        session.flush()
        by_reason: dict[str, list[Breach]] = {}
        for breach in breaches:
            by_reason.setdefault(earlier.get(breach.rule.id) or text, []).append(breach)
        for given, found in by_reason.items():
            spending_rules.record_breaches(session, found, [record.id], given)
        return record.id


def delete_payment(factory: sessionmaker[Session], payment_id: int) -> None:
    with factory.begin() as session:
        session.delete(get_or_raise(session, AidPayment, payment_id, "发放记录"))


# --- per person -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonHistory:
    files: list[HardshipRow]
    payments: list[PaymentRow]
    totals_by_year: dict[int, tuple[int, int]]  # year → (count, amount in fen)
    #: year → (the kinds of goods given, their value in fen); years of cash alone are left out.
    goods_by_year: dict[int, tuple[tuple[str, ...], int]] = field(default_factory=dict)

    @property
    def goods_value_fen(self) -> int:
        return sum(value for _kinds, value in self.goods_by_year.values())


def person_history(factory: sessionmaker[Session], member_id: int) -> PersonHistory:
    """Everything the union has done for one person: files, payments, totals (and goods) by year."""
    payments = list_payments(factory, PaymentFilter(member_id=member_id))
    totals: dict[int, tuple[int, int]] = {}
    goods: dict[int, tuple[tuple[str, ...], int]] = {}
    for p in payments:
        year = p.data.date.year
        count, amount = totals.get(year, (0, 0))
        totals[year] = (count + 1, amount + p.data.amount_fen)
        if p.data.goods or p.data.goods_value_fen:
            kinds, value = goods.get(year, ((), 0))
            if p.data.goods and p.data.goods not in kinds:
                kinds = (*kinds, p.data.goods)
            goods[year] = (kinds, value + p.data.goods_value_fen)
    return PersonHistory(list_hardship_files(factory, member_id=member_id), payments, dict(sorted(totals.items())),
                         dict(sorted(goods.items())))  # fmt: skip
