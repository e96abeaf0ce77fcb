"""The member register (会员): listing, searching, editing and the membership history.

Membership and employment status are never stored on the person: they are the latest event on or
before a date (db/models/member.py). Listing works for 100,000 people by letting SQLite filter and
sort and hand back ids; the table model then fetches only the rows on screen (`fetch_rows`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from datetime import date
from enum import StrEnum

from sqlalchemy import ColumnElement, Select, and_, delete, func, literal, or_, select, union
from sqlalchemy.orm import Session, sessionmaker

from unionbook.db.models import ActivityAttendance, AidPayment, EmploymentEvent, HardshipFile, Member, MembershipEvent
from unionbook.domain.errors import ValidationError
from unionbook.domain.idnumber import IdNumberError, check_foreign_permanent_id, parse_resident_id, region_known
from unionbook.domain.phone import phone_warning
from unionbook.domain.pinyin import name_keys
from unionbook.domain.vocab import (
    MEMBERSHIP_STATUS_LABELS,
    EmploymentStatus,
    Gender,
    IdType,
    MembershipEventKind,
)
from unionbook.services.filters import read_ids
from unionbook.services.member_status import (
    join_date_column,
    joined_within,
    lacking,
    latest_employment_status,
    latest_membership_kind,
)
from unionbook.services.persist import SaveResult, copy_fields, count_where, get_or_raise, load_or_add

_EARLIEST = date(1, 1, 1)  # an event without a date counts as the earliest one


# --- listing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberRow:
    """One line of the members table."""

    id: int
    name: str
    gender: str | None
    birth_date: date | None
    id_type: str
    id_number: str | None
    phone: str | None
    department: str | None
    position: str | None
    membership: str  # 会员 / 保留会籍 / 已转出 / 非会员 ...
    employment_status: str | None
    join_date: date | None
    is_migrant_worker: bool
    member_card_no: str | None
    education: str | None
    political_status: str | None
    ethnicity: str | None


#: MemberRow's fields stored on the person as they are (the others are derived from the events).
_ROW_COLUMNS = [f.name for f in fields(MemberRow) if f.name not in ("membership", "employment_status", "join_date")]


class SortKey(StrEnum):
    ID = "id"
    NAME = "name"
    GENDER = "gender"
    BIRTH_DATE = "birth_date"
    ID_NUMBER = "id_number"
    PHONE = "phone"
    DEPARTMENT = "department"
    POSITION = "position"
    MEMBERSHIP = "membership"
    EMPLOYMENT = "employment_status"
    JOIN_DATE = "join_date"
    MIGRANT = "is_migrant_worker"
    CARD = "member_card_no"


@dataclass(frozen=True)
class MemberFilter:
    """What the members page asks for. Empty values mean "any"."""

    text: str = ""
    department: str | None = None
    membership: str | None = None  # a label of MEMBERSHIP_STATUS_LABELS ("会员", "非会员" ...)
    gender: str | None = None
    migrant: bool | None = None
    #: Only people with an 入会/转入 dated in this year (the overview's 新入会人数 card).
    joined_in: int | None = None
    #: Only current members (会员, 保留会籍) lacking this: one of MISSING (the overview's 待办).
    missing: str | None = None


_ID_TAIL = re.compile(r"^\d{3,}[xX]?$")
_SPACES = re.compile(r"\s+")


def _search_condition(text: str) -> ColumnElement[bool] | None:
    """Name, pinyin (full or initials), ID number tail, phone or department contains the text.

    Each alternative reads one column, so it is its own SELECT over that column's index and the
    person is found when any of them finds them (a UNION of ids): SQLite then scans a few small
    covering indexes instead of the whole roster's rows, where one OR over the columns walked the
    table (at 100,000 people 0.4 s a keystroke, 0.1 s as a union)."""
    text = text.strip()
    if not text:
        return None
    like = f"%{text}%"
    conditions: list[ColumnElement[bool]] = [Member.name.like(like), Member.department.like(like)]
    # Names padded for alignment ("王 芳" from an older import or typed so) are found typed either
    # way. Typed with spaces, the text without them finds the clean name; a stored name with spaces
    # is compared without them, but only for text of two characters or more (one character cannot
    # straddle the padding), only outside ASCII (pinyin, digits), and only on names holding a space:
    # replace() on every row would double a keystroke's cost at 100,000 people.
    compact = _SPACES.sub("", text)
    if compact != text:
        conditions.append(Member.name.like(f"%{compact}%"))
    if len(compact) >= 2 and not compact.isascii():
        padded = or_(Member.name.contains(" "), Member.name.contains("\u3000"))
        unpadded = func.replace(func.replace(Member.name, " ", ""), "\u3000", "")
        conditions.append(and_(padded, unpadded.like(f"%{compact}%")))
    lowered = text.lower().replace(" ", "")
    if lowered.isascii() and lowered.isalpha():
        conditions.append(Member.name_initials.like(f"{lowered}%"))
        conditions.append(func.replace(Member.name_pinyin, " ", "").like(f"{lowered}%"))
    if _ID_TAIL.match(text):
        conditions.append(Member.id_number.like(f"%{text.upper()}"))
        conditions.append(Member.phone.like(like))
    # correlate(None): each SELECT reads the roster itself, not the outer query's row.
    return Member.id.in_(union(*(select(Member.id).where(condition).correlate(None) for condition in conditions)))


def _filtered(query: Select, flt: MemberFilter, status: ColumnElement) -> Select:
    search = _search_condition(flt.text)
    if search is not None:
        query = query.where(search)
    if flt.department:
        query = query.where(Member.department == flt.department)
    if flt.gender:
        query = query.where(Member.gender == flt.gender)
    if flt.migrant is not None:
        query = query.where(Member.is_migrant_worker.is_(flt.migrant))
    if flt.membership:
        kinds = [k for k, label in MEMBERSHIP_STATUS_LABELS.items() if label == flt.membership]
        named = [k for k in kinds if k is not None]
        clause = status.in_(named) if named else literal(False)
        if None in kinds:
            clause = or_(clause, status.is_(None))
        query = query.where(clause)
    if flt.joined_in:
        query = query.where(joined_within(date(flt.joined_in, 1, 1), date(flt.joined_in, 12, 31)))
    if flt.missing:
        on_books = [k.value for k in MembershipEventKind.active()] + [MembershipEventKind.RETAIN.value]
        query = query.where(lacking(flt.missing), status.in_(on_books))
    return query


def _sort_expression(key: SortKey) -> ColumnElement:
    match key:
        case SortKey.NAME:
            return Member.name_pinyin
        case SortKey.MEMBERSHIP:
            return func.coalesce(latest_membership_kind(), "")
        case SortKey.EMPLOYMENT:
            return func.coalesce(latest_employment_status(), "")
        case SortKey.JOIN_DATE:
            return join_date_column()
        case _:
            return getattr(Member, key.value)


def query_member_ids(
    factory: sessionmaker[Session],
    flt: MemberFilter = MemberFilter(),
    sort: SortKey = SortKey.NAME,
    descending: bool = False,
    limit: int | None = None,
) -> list[int]:
    """Ids of the matching people in display order; the table fetches their rows lazily. With
    `limit`, the first that many (a search that shows a few hundred of 100,000 people)."""
    expression = _sort_expression(sort)
    ordering = [expression.desc() if descending else expression.asc(), Member.id]
    query = _filtered(select(Member.id), flt, latest_membership_kind()).order_by(*ordering).limit(limit)
    with factory() as session:
        return read_ids(session, query)


def count_members(factory: sessionmaker[Session], flt: MemberFilter = MemberFilter()) -> int:
    """How many people the filter lets through (what a search found beyond the rows it shows)."""
    query = _filtered(select(func.count()).select_from(Member), flt, latest_membership_kind())
    with factory() as session:
        return session.scalar(query) or 0


def fetch_rows(factory: sessionmaker[Session], ids: list[int]) -> list[MemberRow]:
    """The rows for `ids`, in the same order (ids that vanished meanwhile are left out)."""
    if not ids:
        return []
    query = select(
        Member,
        latest_membership_kind().label("membership"),
        latest_employment_status().label("employment"),
        join_date_column().label("join_date"),
    ).where(Member.id.in_(ids))
    with factory() as session:
        found = {}
        for member, kind, employment, joined in session.execute(query):
            found[member.id] = MemberRow(
                **{name: getattr(member, name) for name in _ROW_COLUMNS},
                membership=MEMBERSHIP_STATUS_LABELS.get(kind, kind or "非会员"),
                employment_status=employment,
                join_date=joined,
            )
    return [found[i] for i in ids if i in found]


def departments(factory: sessionmaker[Session]) -> list[str]:
    """Department names in use, for the filter drop-down and the edit dialog."""
    with factory() as session:
        names = session.scalars(select(Member.department).where(Member.department.is_not(None)).distinct())
        return sorted((n for n in names if n), key=lambda n: name_keys(n)[0])


@dataclass(frozen=True)
class StatusCounts:
    total: int
    members: int  # active (会员)
    female: int
    migrant: int


def status_counts(factory: sessionmaker[Session], flt: MemberFilter = MemberFilter()) -> StatusCounts:
    """Counts for the status bar over the filtered people (register counts, not period figures)."""
    status = latest_membership_kind()
    active = [k.value for k in MembershipEventKind.active()]
    inner = _filtered(
        select(Member.id, Member.gender, Member.is_migrant_worker, status.label("kind")), flt, status
    ).subquery()
    query = select(
        func.count(),
        func.count().filter(inner.c.kind.in_(active)),
        func.count().filter(inner.c.gender == Gender.FEMALE.value),
        func.count().filter(inner.c.is_migrant_worker.is_(True)),
    ).select_from(inner)
    with factory() as session:
        total, members, female, migrant = session.execute(query).one()
    return StatusCounts(total, members, female, migrant)


def membership_breakdown(factory: sessionmaker[Session], flt: MemberFilter = MemberFilter()) -> dict[str, int]:
    """How many of the filtered people hold each status today, by label (会员, 保留会籍, 已转出 …,
    非会员), in the order of MEMBERSHIP_STATUS_LABELS; statuses nobody holds are left out."""
    status = latest_membership_kind()
    inner = _filtered(select(Member.id, status.label("kind")), flt, status).subquery()
    with factory() as session:
        rows = session.execute(select(inner.c.kind, func.count()).group_by(inner.c.kind)).all()
    counts = dict.fromkeys(MEMBERSHIP_STATUS_LABELS.values(), 0)
    for kind, n in rows:
        label = MEMBERSHIP_STATUS_LABELS.get(kind, kind or "非会员")
        counts[label] = counts.get(label, 0) + n
    return {label: n for label, n in counts.items() if n}


# --- one person ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberInput:
    """What the add/edit dialog (or a script) gives. Text fields are stripped; "" means empty."""

    name: str
    gender: str | None = None
    birth_date: date | None = None
    ethnicity: str = ""
    id_type: str = IdType.RESIDENT_ID.value
    id_number: str = ""
    education: str = ""
    tech_level: str = ""
    phone: str = ""
    hukou_type: str = ""
    hukou_place: str = ""
    political_status: str = ""
    department: str = ""
    position: str = ""
    employment_form: str = ""
    is_migrant_worker: bool = False
    member_card_no: str = ""
    notes: str = ""
    #: For a new person: join the union on this date when `is_member`. A member needs a date, or
    #: `join_date_unknown` said on purpose (日期不详): an undated 入会 counts as the earliest event,
    #: so a date left out by accident would hide a 新入会 of this year.
    is_member: bool = True
    join_date: date | None = None
    join_date_unknown: bool = False
    #: 就业状况 now; a change from the current one is recorded as an employment event.
    employment_status: str = EmploymentStatus.ON_DUTY.value
    employment_since: date | None = None


@dataclass(frozen=True)
class EventRow:
    id: int
    kind: str
    date: date | None
    reason: str | None


@dataclass(frozen=True)
class MemberDetail:
    id: int
    data: MemberInput
    membership: str
    events: list[EventRow] = field(default_factory=list)
    employment: list[EventRow] = field(default_factory=list)


_TEXT_FIELDS = [f.name for f in fields(MemberInput) if f.type == "str"]
_MEMBER_COLUMNS = [
    "name", "gender", "birth_date", "ethnicity", "id_type", "id_number", "education", "tech_level", "phone",
    "hukou_type", "hukou_place", "political_status", "department", "position", "employment_form",
    "is_migrant_worker", "member_card_no", "notes",
]  # fmt: skip


def validate_member(
    data: MemberInput, today: date | None = None, *, new: bool = False
) -> tuple[MemberInput, list[str]]:
    """Normalise and check one person; returns the cleaned input and warnings.

    Raises ValidationError naming the field for what cannot be saved. For a 居民身份证 the birth
    date and gender come from the number (the ID wins over typed values, with a warning). A `new`
    person marked 会员 needs an 入会日期 or an explicit 日期不详 (imports accept a missing date with
    a warning instead: importing/members.py).
    """
    data = replace(data, **{name: str(getattr(data, name) or "").strip() for name in _TEXT_FIELDS})
    warnings: list[str] = []
    if not data.name:
        raise ValidationError(field="姓名", detail="不能为空")
    if data.gender and data.gender not in (Gender.MALE, Gender.FEMALE):
        raise ValidationError(field="性别", detail=f"应为“男”或“女”，这里是“{data.gender}”")
    number = data.id_number.replace(" ", "").upper()
    data = replace(data, id_number=number)
    if number and data.id_type == IdType.FOREIGN_PERMANENT:
        try:
            data = replace(data, id_number=check_foreign_permanent_id(number))
        except IdNumberError as exc:
            raise ValidationError(field="证件号码", detail=exc.reason) from None
    if number and data.id_type in (IdType.RESIDENT_ID, IdType.HMT_RESIDENCE):
        try:
            parsed = parse_resident_id(number, today=today)
        except IdNumberError as exc:
            raise ValidationError(field="证件号码", detail=exc.reason) from None
        if not region_known(parsed.region_code):
            warnings.append(f"证件号码的地址码 {parsed.region_code} 不在行政区划代码表中，请核对")
        if data.birth_date and data.birth_date != parsed.birth_date:
            warnings.append(f"出生日期 {data.birth_date} 与证件号码不符，已按证件号码改为 {parsed.birth_date}")
        if data.gender and data.gender != parsed.gender:
            warnings.append(f"性别“{data.gender}”与证件号码不符，已按证件号码改为“{parsed.gender}”")
        data = replace(data, id_number=parsed.number, birth_date=parsed.birth_date, gender=parsed.gender)
    if data.phone:
        warning = phone_warning(data.phone)
        if warning:
            warnings.append(warning)
    if data.employment_status and data.employment_status not in list(EmploymentStatus):
        raise ValidationError(field="就业状况", detail=f"“{data.employment_status}”不是可选的就业状况")
    if new and data.is_member and data.join_date is None and not data.join_date_unknown:
        raise ValidationError(field="入会日期", detail="请填写入会日期；确实不知道的，请勾选“日期不详”")
    if data.birth_date and data.join_date and data.join_date < data.birth_date:
        raise ValidationError(field="入会日期", detail="早于出生日期")
    return data, warnings


def _check_unique_id(session: Session, number: str, member_id: int | None) -> None:
    if not number:
        return
    other = session.execute(select(Member.id, Member.name).where(Member.id_number == number)).first()
    if other is not None and other.id != member_id:
        raise ValidationError(field="证件号码", detail=f"与已登记的“{other.name}”相同，同一证件号码只能登记一人")


def _current(session: Session, member_id: int, model: type, column: str) -> str | None:
    rows = session.execute(
        select(getattr(model, column), model.date, model.id).where(model.member_id == member_id)
    ).all()
    if not rows:
        return None
    return max(rows, key=lambda r: (r[1] or _EARLIEST, r[2]))[0]


def save_member(factory: sessionmaker[Session], data: MemberInput, member_id: int | None = None) -> SaveResult:
    """Create (member_id None) or update a person, in one audited transaction."""
    data, warnings = validate_member(data, new=member_id is None)
    with factory.begin() as session:
        _check_unique_id(session, data.id_number, member_id)
        member = load_or_add(session, Member, member_id, "职工")
        copy_fields(member, data, _MEMBER_COLUMNS)
        member.id_type = data.id_type or IdType.RESIDENT_ID.value
        session.flush()
        if member_id is None and data.is_member:
            session.add(MembershipEvent(member_id=member.id, kind=MembershipEventKind.JOIN.value, date=data.join_date))
        current = _current(session, member.id, EmploymentEvent, "status")
        if data.employment_status and data.employment_status != current:
            since = data.employment_since or (None if member_id is None else date.today())
            session.add(EmploymentEvent(member_id=member.id, status=data.employment_status, date=since))
        return SaveResult(member.id, warnings)


def get_member(factory: sessionmaker[Session], member_id: int) -> MemberDetail:
    with factory() as session:
        member = get_or_raise(session, Member, member_id, "职工")
        events = [EventRow(e.id, e.kind, e.date, e.reason) for e in _ordered(member.membership_events)]
        employment = [EventRow(e.id, e.status, e.date, None) for e in _ordered(member.employment_events)]
        values = {c: getattr(member, c) if getattr(member, c) is not None else "" for c in _MEMBER_COLUMNS}
        values["gender"] = member.gender
        values["birth_date"] = member.birth_date
        joins = [e.date for e in events if e.kind in MembershipEventKind.active()]
        data = MemberInput(
            **values,
            is_member=bool(events) and events[-1].kind in MembershipEventKind.active(),
            join_date=joins[0] if joins else None,
            employment_status=employment[-1].kind if employment else "",
        )
        status = MEMBERSHIP_STATUS_LABELS.get(events[-1].kind if events else None, "非会员")
        return MemberDetail(member.id, data, status, events, employment)


def _ordered(events: list) -> list:
    return sorted(events, key=lambda e: (e.date or _EARLIEST, e.id))


def delete_member(factory: sessionmaker[Session], member_id: int) -> None:
    """Delete a person and their histories. Refused when aid records point at them: money paid to
    somebody must stay on the books (record 转出/退会 instead)."""
    with factory.begin() as session:
        member = get_or_raise(session, Member, member_id, "职工")
        payments = count_where(session, AidPayment.member_id == member_id)
        files = count_where(session, HardshipFile.member_id == member_id)
        if payments or files:
            raise ValidationError(
                field="删除职工",
                detail=f"{member.name}有帮扶发放 {payments} 笔、困难档案 {files} 份，不能删除；如已离开，请登记“转出”或“退会”",
            )
        session.execute(delete(ActivityAttendance).where(ActivityAttendance.member_id == member_id))
        session.delete(member)


def add_membership_event(
    factory: sessionmaker[Session], member_id: int, kind: str, on: date | None, reason: str = ""
) -> int:
    """Record a 会籍变化 (入会, 转入, 保留, 转出, 除名, 退会, 去世)."""
    if kind not in list(MembershipEventKind):
        raise ValidationError(field="会籍变化类型", detail=f"“{kind}”不是可选的类型")
    with factory.begin() as session:
        member = get_or_raise(session, Member, member_id, "职工")
        if on is not None and member.birth_date is not None and on < member.birth_date:
            raise ValidationError(field="会籍变化日期", detail="早于出生日期")
        same_date = MembershipEvent.date.is_(None) if on is None else MembershipEvent.date == on
        duplicate = session.scalar(
            select(MembershipEvent.id).where(
                and_(MembershipEvent.member_id == member_id, MembershipEvent.kind == kind, same_date)
            )
        )
        if duplicate is not None:
            raise ValidationError(field="会籍变化", detail=f"{on} 已登记过“{kind}”")
        event = MembershipEvent(member_id=member_id, kind=kind, date=on, reason=reason.strip() or None)
        session.add(event)
        session.flush()
        return event.id


def delete_membership_event(factory: sessionmaker[Session], event_id: int) -> None:
    with factory.begin() as session:
        session.delete(get_or_raise(session, MembershipEvent, event_id, "会籍变化记录"))
