"""The aid register (帮扶): hardship files (困难职工档案) and every disbursement (帮扶/慰问发放).

This is where a chair spends real money on real people, so every write is audited, batches are
recorded and undone as a whole, and amounts are integer fen throughout.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date, timedelta

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session, sessionmaker

from unionbook.db.models import AidBatch, AidPayment, HardshipFamilyMember, HardshipFile, HardshipReview, Member
from unionbook.domain.errors import NotFoundError, ValidationError
from unionbook.domain.idnumber import IdNumberError, parse_resident_id
from unionbook.domain.vocab import (
    AidProgram,
    AuditAction,
    FundingSource,
    HardshipCategory,
    HardshipCause,
    HardshipCloseReason,
    HardshipReviewKind,
)
from unionbook.services import audit
from unionbook.services.members import MemberFilter, query_member_ids

REVIEW_INTERVAL_DAYS = 365  # a file not reviewed for 12 months is flagged

#: Programs for people in hardship: a payment under them is linked to the person's file open on
#: the payment's date (the batch dialog, the payment dialog and the list import all do so).
HARDSHIP_PROGRAMS = frozenset({AidProgram.WARMTH.value, AidProgram.GOLDEN_AUTUMN.value, AidProgram.MEDICAL.value,
                               AidProgram.LIVING.value, AidProgram.MODEL_WORKER.value})  # fmt: skip

_CLOSED_STATUS = {"解困脱困": "已解困脱困", "不再符合条件": "已销档（不再符合条件）", "调离": "已调离", "其他": "已销档（其他）"}
CAUSE_SEPARATOR = "、"


# --- hardship files ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FamilyMemberInput:
    name: str
    relation: str = ""
    id_number: str = ""
    income_fen: int | None = None  # monthly
    health: str = ""
    school_or_work: str = ""


@dataclass(frozen=True)
class HardshipInput:
    member_id: int
    category: str
    opened_on: date
    causes: tuple[str, ...] = ()
    household_size: int | None = None
    income_per_capita_fen: int | None = None
    measures: str = ""
    closed_on: date | None = None
    close_reason: str | None = None
    notes: str = ""
    family: tuple[FamilyMemberInput, ...] = ()


@dataclass(frozen=True)
class ReviewRow:
    id: int
    date: date
    kind: str
    notes: str


@dataclass(frozen=True)
class HardshipRow:
    id: int
    data: HardshipInput
    member_name: str
    department: str | None
    last_review: date | None
    reviews: tuple[ReviewRow, ...] = field(default_factory=tuple)

    def is_open(self, at: date) -> bool:
        """Open at a date: opened on or before it and not closed by then (FIGURES.md)."""
        return self.data.opened_on <= at and (self.data.closed_on is None or self.data.closed_on > at)

    def review_overdue(self, today: date) -> bool:
        if not self.is_open(today):
            return False
        last = self.last_review or self.data.opened_on
        return (today - last).days > REVIEW_INTERVAL_DAYS

    @property
    def status(self) -> str:
        if self.data.closed_on is None:
            return "在档"
        return _CLOSED_STATUS.get(self.data.close_reason or "", "已销档")


def _file_input(f: HardshipFile) -> HardshipInput:
    return HardshipInput(
        member_id=f.member_id,
        category=f.category,
        opened_on=f.opened_on,
        causes=tuple(c for c in (f.causes or "").split(CAUSE_SEPARATOR) if c),
        household_size=f.household_size,
        income_per_capita_fen=f.income_per_capita_fen,
        measures=f.measures or "",
        closed_on=f.closed_on,
        close_reason=f.close_reason,
        notes=f.notes or "",
        family=tuple(
            FamilyMemberInput(m.name, m.relation or "", m.id_number or "", m.income_fen, m.health or "", m.school_or_work or "")
            for m in f.family
        ),
    )


def list_hardship_files(
    factory: sessionmaker[Session], *, open_at: date | None = None, member_id: int | None = None
) -> list[HardshipRow]:
    """Files (all, or those open at a date, or one member's), newest first."""
    query = select(HardshipFile, Member.name, Member.department).join(Member, Member.id == HardshipFile.member_id)
    if member_id is not None:
        query = query.where(HardshipFile.member_id == member_id)
    if open_at is not None:
        query = query.where(
            HardshipFile.opened_on <= open_at, (HardshipFile.closed_on.is_(None)) | (HardshipFile.closed_on > open_at)
        )
    query = query.order_by(HardshipFile.opened_on.desc(), HardshipFile.id.desc())
    with factory() as session:
        rows = []
        for f, name, department in session.execute(query):
            reviews = tuple(ReviewRow(r.id, r.date, r.kind, r.notes or "") for r in f.reviews)
            last = max((r.date for r in reviews if r.kind == HardshipReviewKind.REVIEW), default=None)
            rows.append(HardshipRow(f.id, _file_input(f), name, department, last, reviews))
        return rows


def get_hardship_file(factory: sessionmaker[Session], file_id: int) -> HardshipRow:
    for row in list_hardship_files(factory):
        if row.id == file_id:
            return row
    raise NotFoundError(what="困难职工档案", key=str(file_id))


def validate_hardship(data: HardshipInput) -> HardshipInput:
    if data.category not in list(HardshipCategory):
        raise ValidationError(field="困难类别", detail=f"“{data.category}”应为深度困难、相对困难或意外致困")
    unknown = [c for c in data.causes if c not in list(HardshipCause)]
    if unknown:
        raise ValidationError(field="致困原因", detail=f"“{'、'.join(unknown)}”不是可选的原因")
    if data.closed_on is not None:
        if data.closed_on < data.opened_on:
            raise ValidationError(field="脱困日期", detail=f"早于建档日期 {data.opened_on}")
        if data.close_reason not in list(HardshipCloseReason):
            raise ValidationError(field="脱困原因", detail="关闭档案时请选择原因（解困脱困、不再符合条件、调离、其他）")
    elif data.close_reason:
        raise ValidationError(field="脱困日期", detail="填写了脱困原因，请同时填写日期")
    if data.household_size is not None and data.household_size < 1:
        raise ValidationError(field="家庭人口", detail="至少为 1")
    if data.income_per_capita_fen is not None and data.income_per_capita_fen < 0:
        raise ValidationError(field="人均月收入", detail="不能为负数")
    family = []
    for person in data.family:
        if not person.name.strip():
            raise ValidationError(field="家庭成员", detail="姓名不能为空")
        number = person.id_number.strip().upper()
        if number:
            try:
                number = parse_resident_id(number).number
            except IdNumberError as exc:
                raise ValidationError(field=f"家庭成员“{person.name}”的身份证号", detail=exc.reason) from None
        family.append(replace(person, name=person.name.strip(), id_number=number))
    return replace(data, family=tuple(family), measures=data.measures.strip(), notes=data.notes.strip())


def save_hardship_file(factory: sessionmaker[Session], data: HardshipInput, file_id: int | None = None) -> int:
    data = validate_hardship(data)
    with factory.begin() as session:
        if session.get(Member, data.member_id) is None:
            raise NotFoundError(what="职工", key=str(data.member_id))
        other_open = session.scalar(
            select(HardshipFile.id).where(
                HardshipFile.member_id == data.member_id,
                HardshipFile.closed_on.is_(None),
                HardshipFile.id != (file_id or -1),
            )
        )
        if other_open is not None and data.closed_on is None:
            raise ValidationError(field="职工", detail="此人已有一份在档的困难职工档案（一户一档），请先关闭原档案")
        if file_id is None:
            record = HardshipFile()
            session.add(record)
        else:
            record = session.get(HardshipFile, file_id)
            if record is None:
                raise NotFoundError(what="困难职工档案", key=str(file_id))
        for name in ("member_id", "category", "opened_on", "household_size", "income_per_capita_fen", "closed_on", "close_reason"):
            setattr(record, name, getattr(data, name))
        record.causes = CAUSE_SEPARATOR.join(data.causes)
        record.measures = data.measures or None
        record.notes = data.notes or None
        record.family = [
            HardshipFamilyMember(name=p.name, relation=p.relation or None, id_number=p.id_number or None,
                                 income_fen=p.income_fen, health=p.health or None, school_or_work=p.school_or_work or None)
            for p in data.family
        ]  # fmt: skip
        session.flush()
        return record.id


def close_hardship_file(factory: sessionmaker[Session], file_id: int, on: date, reason: str) -> None:
    row = get_hardship_file(factory, file_id)
    save_hardship_file(factory, replace(row.data, closed_on=on, close_reason=reason), file_id)


def add_review(factory: sessionmaker[Session], file_id: int, on: date, kind: str = "复核", notes: str = "") -> int:
    if kind not in list(HardshipReviewKind):
        raise ValidationError(field="类型", detail="应为复核或走访")
    with factory.begin() as session:
        record = session.get(HardshipFile, file_id)
        if record is None:
            raise NotFoundError(what="困难职工档案", key=str(file_id))
        if on < record.opened_on:
            raise ValidationError(field="日期", detail=f"早于建档日期 {record.opened_on}")
        review = HardshipReview(file_id=file_id, date=on, kind=kind, notes=notes.strip() or None)
        session.add(review)
        session.flush()
        return review.id


def overdue_reviews(factory: sessionmaker[Session], today: date | None = None) -> list[HardshipRow]:
    """Open files not reviewed for 12 months: the chair's yearly 复核 reminder."""
    today = today or date.today()
    return [r for r in list_hardship_files(factory, open_at=today) if r.review_overdue(today)]


def delete_hardship_file(factory: sessionmaker[Session], file_id: int) -> None:
    """Refused when payments are linked: money paid under a file stays traceable (close it instead)."""
    with factory.begin() as session:
        record = session.get(HardshipFile, file_id)
        if record is None:
            raise NotFoundError(what="困难职工档案", key=str(file_id))
        linked = session.scalar(select(func.count()).where(AidPayment.hardship_file_id == file_id)) or 0
        if linked:
            raise ValidationError(field="删除档案", detail=f"有 {linked} 笔发放关联此档案，不能删除；如已脱困，请关闭档案")
        session.delete(record)


# --- disbursements ----------------------------------------------------------------------------


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


def _payment_query(flt: PaymentFilter):  # noqa: ANN202 - a Select
    query = (
        select(AidPayment, Member.name, Member.department, Member.id_number, AidBatch.title)
        .join(Member, Member.id == AidPayment.member_id)
        .outerjoin(AidBatch, AidBatch.id == AidPayment.batch_id)
    )
    if flt.year:
        query = query.where(AidPayment.date.between(date(flt.year, 1, 1), date(flt.year, 12, 31)))
    if flt.program:
        query = query.where(AidPayment.program == flt.program)
    if flt.member_id is not None:
        query = query.where(AidPayment.member_id == flt.member_id)
    if flt.batch_id is not None:
        query = query.where(AidPayment.batch_id == flt.batch_id)
    if flt.text.strip():
        like = f"%{flt.text.strip()}%"
        query = query.where(Member.name.like(like) | Member.department.like(like))
    return query


def _payment_input(p: AidPayment) -> PaymentInput:
    values = {n: getattr(p, n) for n in _PAYMENT_FIELDS}
    values["goods"] = values["goods"] or ""
    values["notes"] = values["notes"] or ""
    return PaymentInput(**values)


def list_payments(factory: sessionmaker[Session], flt: PaymentFilter = PaymentFilter()) -> list[PaymentRow]:
    query = _payment_query(flt).order_by(AidPayment.date.desc(), AidPayment.id.desc())
    with factory() as session:
        return [
            PaymentRow(p.id, _payment_input(p), name, department, number, p.batch_id, title)
            for p, name, department, number, title in session.execute(query)
        ]


def save_payment(factory: sessionmaker[Session], data: PaymentInput, payment_id: int | None = None) -> int:
    data = validate_payment(data)
    with factory.begin() as session:
        if session.get(Member, data.member_id) is None:
            raise NotFoundError(what="职工", key=str(data.member_id))
        if data.hardship_file_id is not None:
            hardship = session.get(HardshipFile, data.hardship_file_id)
            if hardship is None or hardship.member_id != data.member_id:
                raise ValidationError(field="困难档案", detail="关联的档案不属于这位职工")
        record = AidPayment() if payment_id is None else session.get(AidPayment, payment_id)
        if record is None:
            raise NotFoundError(what="发放记录", key=str(payment_id))
        if payment_id is None:
            session.add(record)
        for name in _PAYMENT_FIELDS:
            value = getattr(data, name)
            setattr(record, name, value if value != "" else None)
        record.amount_fen = data.amount_fen
        record.goods_value_fen = data.goods_value_fen
        session.flush()
        return record.id


def delete_payment(factory: sessionmaker[Session], payment_id: int) -> None:
    with factory.begin() as session:
        record = session.get(AidPayment, payment_id)
        if record is None:
            raise NotFoundError(what="发放记录", key=str(payment_id))
        session.delete(record)


def set_signed(factory: sessionmaker[Session], payment_ids: list[int], signed: bool = True) -> None:
    """Tick 已签收 for the rows of a returned sign-off sheet."""
    with factory.begin() as session:
        for record in session.scalars(select(AidPayment).where(AidPayment.id.in_(payment_ids))):
            record.signed = signed


# --- batches ----------------------------------------------------------------------------------


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
    validate_payment(PaymentInput(member_id=0, program=program, date=on, amount_fen=amount_fen, goods=goods,
                                  goods_value_fen=goods_value_fen, funding_source=funding_source))  # fmt: skip
    if not title.strip():
        raise ValidationError(field="批次名称", detail="不能为空，例如“2025年端午节慰问”")
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


def record_batch(
    factory: sessionmaker[Session], preview: BatchPreview, *, prepared_by: str = "", approved_by: str = ""
) -> int:
    """Write the previewed batch: one AidBatch and one payment per line, in one transaction."""
    if not preview.lines:
        raise ValidationError(field="发放对象", detail="名单为空，没有可发放的人")
    with factory.begin() as session:
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
        return batch.id


def list_batches(factory: sessionmaker[Session], year: int | None = None) -> list[BatchRow]:
    query = (
        select(AidBatch, func.count(AidPayment.id), func.coalesce(func.sum(AidPayment.amount_fen), 0),
               func.count().filter(AidPayment.signed.is_(True)))
        .outerjoin(AidPayment, AidPayment.batch_id == AidBatch.id)
        .group_by(AidBatch.id)
        .order_by(AidBatch.date.desc(), AidBatch.id.desc())
    )  # fmt: skip
    if year:
        query = query.where(AidBatch.date.between(date(year, 1, 1), date(year, 12, 31)))
    with factory() as session:
        return [
            BatchRow(b.id, b.title, b.program, b.date, n, total, signed, b.prepared_by, b.approved_by)
            for b, n, total, signed in session.execute(query)
        ]


def undo_batch(factory: sessionmaker[Session], batch_id: int) -> int:
    """Delete a whole batch and its payments (a batch recorded by mistake); returns the count."""
    with factory.begin() as session:
        batch = session.get(AidBatch, batch_id)
        if batch is None:
            raise NotFoundError(what="发放批次", key=str(batch_id))
        count = session.scalar(select(func.count()).where(AidPayment.batch_id == batch_id)) or 0
        audit.record(session, AuditAction.DELETE, "aid_batches",
                     {"title": batch.title, "program": batch.program, "date": batch.date, "payments": count}, row_id=batch_id)  # fmt: skip
        session.execute(delete(AidPayment).where(AidPayment.batch_id == batch_id))
        session.delete(batch)
        return count


# --- per person -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonHistory:
    files: list[HardshipRow]
    payments: list[PaymentRow]
    totals_by_year: dict[int, tuple[int, int]]  # year → (count, amount in fen)


def person_history(factory: sessionmaker[Session], member_id: int) -> PersonHistory:
    """Everything the union has done for one person: files, payments, and totals by year."""
    payments = list_payments(factory, PaymentFilter(member_id=member_id))
    totals: dict[int, tuple[int, int]] = {}
    for p in payments:
        count, amount = totals.get(p.data.date.year, (0, 0))
        totals[p.data.date.year] = (count + 1, amount + p.data.amount_fen)
    return PersonHistory(list_hardship_files(factory, member_id=member_id), payments, dict(sorted(totals.items())))


def default_review_due(row: HardshipRow) -> date:
    last = row.last_review or row.data.opened_on
    return last + timedelta(days=REVIEW_INTERVAL_DAYS)
