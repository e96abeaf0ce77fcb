"""Hardship files (困难职工档案): opening, family, yearly reviews, closing.

A file is open at a date when it was opened on or before it and not closed by then; one open
file per household. Payments under the hardship programs link to the file open on their date.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import case, func, literal, select, true
from sqlalchemy.orm import Session, sessionmaker

from unionbook.db.models import AidPayment, HardshipFamilyMember, HardshipFile, HardshipReview, Member
from unionbook.domain.errors import NotFoundError, ValidationError
from unionbook.domain.idnumber import IdNumberError, parse_resident_id
from unionbook.domain.vocab import (
    AidProgram,
    HardshipCategory,
    HardshipCause,
    HardshipCloseReason,
    HardshipReviewKind,
)
from unionbook.services.filters import read_ids
from unionbook.services.persist import count_where, get_or_raise, load_or_add

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
    visitors: str = ""  # 走访人 of a 走访


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


def _file_input(f: Any, family: tuple[FamilyMemberInput, ...]) -> HardshipInput:
    """A file's row (HardshipFile or a Core row with its columns) as the form's input."""
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
        family=family,
    )


_FILE_COLUMNS = (HardshipFile.id, HardshipFile.member_id, HardshipFile.category, HardshipFile.opened_on,
                 HardshipFile.causes, HardshipFile.household_size, HardshipFile.income_per_capita_fen,
                 HardshipFile.measures, HardshipFile.closed_on, HardshipFile.close_reason, HardshipFile.notes)  # fmt: skip


def list_hardship_files(
    factory: sessionmaker[Session], *, open_at: date | None = None, member_id: int | None = None,
    file_id: int | None = None, file_ids: Collection[int] | None = None,
) -> list[HardshipRow]:  # fmt: skip
    """Files (all, or those open at a date, or one member's, or one), newest first.

    Three plain queries — the files, then the family members and the reviews of those files — read
    as rows, not ORM objects: 3,500 files at 100,000 people with their 9,000 relatives and 18,000
    reviews in ~0.2 s (loaded file by file it was 7,000 queries and 5 s)."""
    query = select(*_FILE_COLUMNS, Member.name, Member.department).join(Member, Member.id == HardshipFile.member_id)
    if member_id is not None:
        query = query.where(HardshipFile.member_id == member_id)
    if file_id is not None:
        query = query.where(HardshipFile.id == file_id)
    if file_ids is not None:
        query = query.where(HardshipFile.id.in_(file_ids))
    if open_at is not None:
        query = query.where(
            HardshipFile.opened_on <= open_at, (HardshipFile.closed_on.is_(None)) | (HardshipFile.closed_on > open_at)
        )
    query = query.order_by(HardshipFile.opened_on.desc(), HardshipFile.id.desc())
    chosen = query.with_only_columns(HardshipFile.id).order_by(None).scalar_subquery()
    everything = member_id is None and file_id is None and file_ids is None and open_at is None
    family_query = select(HardshipFamilyMember.__table__).order_by(HardshipFamilyMember.id)
    review_query = select(HardshipReview.__table__).order_by(HardshipReview.date, HardshipReview.id)
    if not everything:
        family_query = family_query.where(HardshipFamilyMember.file_id.in_(chosen))
        review_query = review_query.where(HardshipReview.file_id.in_(chosen))
    with factory() as session:
        family: dict[int, list[FamilyMemberInput]] = {}
        for m in session.execute(family_query):
            family.setdefault(m.file_id, []).append(FamilyMemberInput(
                m.name, m.relation or "", m.id_number or "", m.income_fen, m.health or "", m.school_or_work or ""))  # fmt: skip
        reviews: dict[int, list[ReviewRow]] = {}
        for r in session.execute(review_query):
            reviews.setdefault(r.file_id, []).append(ReviewRow(r.id, r.date, r.kind, r.notes or "", r.visitors or ""))
        rows = []
        for f in session.execute(query):
            own = tuple(reviews.get(f.id, ()))
            last = max((r.date for r in own if r.kind == HardshipReviewKind.REVIEW), default=None)
            rows.append(HardshipRow(f.id, _file_input(f, tuple(family.get(f.id, ()))), f.name, f.department, last, own))
        return rows


def get_hardship_file(factory: sessionmaker[Session], file_id: int) -> HardshipRow:
    for row in list_hardship_files(factory, file_id=file_id):
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
        get_or_raise(session, Member, data.member_id, "职工")
        other_open = session.scalar(
            select(HardshipFile.id).where(
                HardshipFile.member_id == data.member_id,
                HardshipFile.closed_on.is_(None),
                HardshipFile.id != (file_id or -1),
            )
        )
        if other_open is not None and data.closed_on is None:
            raise ValidationError(field="职工", detail="此人已有一份在档的困难职工档案（一户一档），请先关闭原档案")
        record = load_or_add(session, HardshipFile, file_id, "困难职工档案")
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


def add_review(
    factory: sessionmaker[Session], file_id: int, on: date, kind: str = "复核", notes: str = "", visitors: str = ""
) -> int:
    """A 复核 or a 走访 (with who went) of one file; only a 复核 restarts the 12-month review clock."""
    if kind not in list(HardshipReviewKind):
        raise ValidationError(field="类型", detail="应为复核或走访")
    with factory.begin() as session:
        record = get_or_raise(session, HardshipFile, file_id, "困难职工档案")
        if on < record.opened_on:
            raise ValidationError(field="日期", detail=f"早于建档日期 {record.opened_on}")
        review = HardshipReview(file_id=file_id, date=on, kind=kind, notes=notes.strip() or None,
                                visitors=visitors.strip() or None)
        session.add(review)
        session.flush()
        return review.id


def overdue_reviews(factory: sessionmaker[Session], today: date | None = None) -> list[HardshipRow]:
    """Open files not reviewed for 12 months: the chair's yearly 复核 reminder."""
    today = today or date.today()
    # Which files, in SQL (HardshipRow.review_overdue's rule); then those files alone are read
    # whole: the 待办 asks every time the overview is shown, and most files are not overdue.
    with factory() as session:
        ids = list(session.scalars(select(HardshipFile.id).where(_overdue(today))))
    if not ids:
        return []
    return [r for r in list_hardship_files(factory, open_at=today, file_ids=ids) if r.review_overdue(today)]


# --- the list on screen: ids in SQL order, the rows shown, the counts ---------------------------


def _last_review() -> Any:
    """A file's latest 复核 (走访 do not count), as a correlated subquery."""
    return (
        select(func.max(HardshipReview.date))
        .where(HardshipReview.file_id == HardshipFile.id, HardshipReview.kind == HardshipReviewKind.REVIEW.value)
        .scalar_subquery()
    )


def _open_at(at: date) -> Any:
    return (HardshipFile.opened_on <= at) & (HardshipFile.closed_on.is_(None) | (HardshipFile.closed_on > at))


def _overdue(today: date) -> Any:
    """HardshipRow.review_overdue in SQL: open today, last 复核 (else the opening) over 12 months ago."""
    last = func.coalesce(_last_review(), HardshipFile.opened_on)
    return _open_at(today) & (last < today - timedelta(days=REVIEW_INTERVAL_DAYS))


@dataclass(frozen=True)
class HardshipFilter:
    """Which files the list shows: 在档 (open), 已关闭 (closed), 全部 (all), or those open at the
    end of `year` (year_end: the 统计年报's 年末在档)."""

    status: str = "open"
    year: int | None = None

    def condition(self) -> Any:
        if self.status == "open":
            return HardshipFile.closed_on.is_(None)
        if self.status == "closed":
            return HardshipFile.closed_on.is_not(None)
        if self.status == "year_end" and self.year:
            return _open_at(date(self.year, 12, 31))
        return true()


def _status_text() -> Any:
    """The 状态 column's text in SQL (ui/models/aid_table_models.hardship_status says the same)."""
    reason = HardshipFile.close_reason
    return case(
        (HardshipFile.closed_on.is_(None), literal("在档")),
        ((reason.is_(None)) | (reason == ""), literal("已关闭")),
        (reason == HardshipCloseReason.OTHER.value, literal("已关闭（其他）")),
        else_=literal("已") + reason,
    )


def _sort_keys(today: date) -> dict[str, Any]:
    """The orders the list can be sorted in (its columns); a missing value sorts as the lowest."""
    rank = case((_overdue(today), 0), (HardshipFile.closed_on.is_(None), 1), else_=2)
    return {
        "name": (Member.name_pinyin,), "department": (Member.department,), "category": (HardshipFile.category,),
        "causes": (HardshipFile.causes,), "household": (HardshipFile.household_size,),
        "income": (HardshipFile.income_per_capita_fen,), "opened": (HardshipFile.opened_on,),
        "last_review": (_last_review(),),
        # Overdue first, then open, then closed: what needs doing on top.
        "status": (rank, _status_text()),
    }  # fmt: skip


#: The sort keys of the list's columns, in the table's order.
HARDSHIP_SORTS = ("name", "department", "category", "causes", "household", "income", "opened", "last_review", "status")


def query_hardship_ids(
    factory: sessionmaker[Session], flt: HardshipFilter = HardshipFilter(), sort: str = "opened",
    descending: bool = True, *, today: date | None = None,
) -> list[int]:  # fmt: skip
    """The ids of the filter's files in the order of `sort` (a HARDSHIP_SORTS key), ties newest
    opened first: what the lazy list holds (the rows on screen are read by `fetch_hardship_rows`)."""
    keys = _sort_keys(today or date.today())[sort]
    order = [k.desc().nulls_last() if descending else k.asc().nulls_first() for k in keys]
    query = (
        select(HardshipFile.id)
        .join(Member, Member.id == HardshipFile.member_id)
        .where(flt.condition())
        .order_by(*order, HardshipFile.opened_on.desc(), HardshipFile.id.desc())
    )
    with factory() as session:
        return read_ids(session, query)


def fetch_hardship_rows(factory: sessionmaker[Session], ids: Collection[int]) -> list[HardshipRow]:
    """The files with these ids as the list shows them (in no particular order): the file, the
    person and the last 复核 — not the family and the reviews, which `get_hardship_file` reads
    for the one file opened or selected."""
    if not ids:
        return []
    query = (
        select(*_FILE_COLUMNS, Member.name, Member.department, _last_review().label("last_review"))
        .join(Member, Member.id == HardshipFile.member_id)
        .where(HardshipFile.id.in_(ids))
    )
    with factory() as session:
        rows = session.execute(query)
        return [HardshipRow(f.id, _file_input(f, ()), f.name, f.department, f.last_review) for f in rows]


@dataclass(frozen=True)
class HardshipCounts:
    """The line under the list and the reminder above it, counted in SQL."""

    shown: int  # the filter's files
    total: int  # every file
    open: int  # not closed
    overdue: int  # open and not reviewed for 12 months
    overdue_names: tuple[str, ...]  # the first few of them, newest opened first

    @property
    def closed(self) -> int:
        return self.total - self.open


def hardship_counts(
    factory: sessionmaker[Session], flt: HardshipFilter = HardshipFilter(), *, today: date | None = None,
    names: int = 6,
) -> HardshipCounts:  # fmt: skip
    today = today or date.today()
    sums = select(func.count(), func.count().filter(HardshipFile.closed_on.is_(None)),
                  func.count().filter(flt.condition()), func.count().filter(_overdue(today)))  # fmt: skip
    first = (
        select(Member.name)
        .join(HardshipFile, HardshipFile.member_id == Member.id)
        .where(_overdue(today))
        .order_by(HardshipFile.opened_on.desc(), HardshipFile.id.desc())
        .limit(names)
    )
    with factory() as session:
        total, open_count, shown, overdue = session.execute(sums.select_from(HardshipFile)).one()
        return HardshipCounts(shown, total, open_count, overdue, tuple(session.scalars(first)))


def delete_hardship_file(factory: sessionmaker[Session], file_id: int) -> None:
    """Refused when payments are linked: money paid under a file stays traceable (close it instead)."""
    with factory.begin() as session:
        record = get_or_raise(session, HardshipFile, file_id, "困难职工档案")
        linked = count_where(session, AidPayment.hardship_file_id == file_id)
        if linked:
            raise ValidationError(field="删除档案", detail=f"有 {linked} 笔发放关联此档案，不能删除；如已脱困，请关闭档案")
        session.delete(record)


def default_review_due(row: HardshipRow) -> date:
    last = row.last_review or row.data.opened_on
    return last + timedelta(days=REVIEW_INTERVAL_DAYS)
