"""Reading the 会费收缴台账 and recording what was paid.

Listing is built for 100,000 members: SQLite filters and sorts a month (or a year: 1.2 million
rows) and hands back ids; the table fetches the rows on screen (`fetch_rows`). The totals line is
one aggregate query over the same filter. A row's status (已缴/欠缴/免缴/未登记工资基数) is derived,
in Python by domain/dues.dues_status and in SQL by `status_sql`, which say the same.

Payments are recorded by hand for the selected rows (the payroll's list is services/importing/
dues.py) and can be undone while the chair corrects a mistake. Core updates with one summary audit
entry: marking a month of 100,000 people paid must not take minutes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from sqlalchemy import ColumnElement, Select, and_, bindparam, case, func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from unionbook.db.models import DuesMonth, Member
from unionbook.db.models._types import bumped_version
from unionbook.domain.dues import DuesStatus, dues_status, month_label, month_start
from unionbook.domain.errors import ValidationError
from unionbook.domain.money import format_yuan
from unionbook.domain.vocab import AuditAction, DuesMethod
from unionbook.services import audit
from unionbook.services.filters import read_ids

_TABLE = DuesMonth.__table__


@dataclass(frozen=True)
class DuesRow:
    id: int
    member_id: int
    member_name: str
    department: str
    id_number: str
    month: date
    wage_fen: int | None
    due_fen: int
    exempt_reason: str | None
    paid_fen: int | None
    paid_on: date | None
    method: str | None
    notes: str

    @property
    def status(self) -> DuesStatus:
        return dues_status(self.paid_on is not None, self.exempt_reason, self.wage_fen, self.due_fen)


@dataclass(frozen=True)
class DuesFilter:
    year: int | None = None
    month: date | None = None
    status: DuesStatus | None = None
    text: str = ""
    member_id: int | None = None


class DuesSort(StrEnum):
    NAME = "name"
    DEPARTMENT = "department"
    MONTH = "month"
    WAGE = "wage"
    DUE = "due"
    PAID = "paid"
    PAID_ON = "paid_on"
    METHOD = "method"
    STATUS = "status"


def status_sql() -> ColumnElement[str]:
    """dues_status as SQL (the filter and the totals count by it)."""
    return case(
        (DuesMonth.paid_on.is_not(None), DuesStatus.PAID.value),
        (DuesMonth.exempt_reason.is_not(None), DuesStatus.EXEMPT.value),
        (DuesMonth.wage_fen.is_(None), DuesStatus.NO_BASE.value),
        (DuesMonth.due_fen > 0, DuesStatus.OWED.value),
        else_=DuesStatus.NOTHING_DUE.value,
    )


def _conditions(flt: DuesFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if flt.month is not None:
        conditions.append(DuesMonth.month == month_start(flt.month))
    elif flt.year:
        conditions.append(DuesMonth.month.between(date(flt.year, 1, 1), date(flt.year, 12, 1)))
    if flt.status is not None:
        conditions.append(status_sql() == flt.status.value)
    if flt.member_id is not None:
        conditions.append(DuesMonth.member_id == flt.member_id)
    text = flt.text.strip()
    if text:
        like = f"%{text}%"
        conditions.append(or_(Member.name.like(like), Member.department.like(like), Member.name_initials.like(f"{text.lower()}%")))
    return conditions


def _filtered(query: Select, flt: DuesFilter, *, join: bool = True) -> Select:
    """The filter's conditions; the members are joined only when the query or the search needs
    them (a year at 100,000 members is 1.2 million rows: the join alone costs seconds)."""
    if join or flt.text.strip():
        query = query.join(Member, Member.id == DuesMonth.member_id)
    return query.where(*_conditions(flt))


_SORT_COLUMNS = {
    DuesSort.NAME: Member.name_pinyin, DuesSort.DEPARTMENT: Member.department, DuesSort.MONTH: DuesMonth.month,
    DuesSort.WAGE: DuesMonth.wage_fen, DuesSort.DUE: DuesMonth.due_fen, DuesSort.PAID: DuesMonth.paid_fen,
    DuesSort.PAID_ON: DuesMonth.paid_on, DuesSort.METHOD: DuesMonth.method,
}  # fmt: skip


def query_ids(factory: sessionmaker[Session], flt: DuesFilter, sort: DuesSort = DuesSort.NAME, descending: bool = False) -> list[int]:
    """The ids of the filter's rows in the sort's order (then by name and month)."""
    key = status_sql() if sort is DuesSort.STATUS else _SORT_COLUMNS[sort]
    by_member = sort in (DuesSort.NAME, DuesSort.DEPARTMENT)
    ordering = [key.desc() if descending else key.asc(), *((Member.name_pinyin,) if by_member else ()),
                DuesMonth.member_id, DuesMonth.month, DuesMonth.id]  # fmt: skip
    with factory() as session:
        return read_ids(session, _filtered(select(DuesMonth.id), flt, join=by_member).order_by(*ordering))


def fetch_rows(factory: sessionmaker[Session], ids: Sequence[int]) -> list[DuesRow]:
    """The rows with these ids (any order; the caller places them)."""
    if not ids:
        return []
    query = select(DuesMonth, Member.name, Member.department, Member.id_number).join(
        Member, Member.id == DuesMonth.member_id).where(DuesMonth.id.in_(list(ids)))  # fmt: skip
    with factory() as session:
        return [_row(m, name, department, number) for m, name, department, number in session.execute(query)]


def _row(m: DuesMonth, name: str, department: str | None, number: str | None) -> DuesRow:
    return DuesRow(m.id, m.member_id, name, department or "", number or "", m.month, m.wage_fen, m.due_fen,
                   m.exempt_reason, m.paid_fen, m.paid_on, m.method, m.notes or "")  # fmt: skip


def list_rows(factory: sessionmaker[Session], flt: DuesFilter) -> list[DuesRow]:
    """The filter's rows by name then month (exports, the CLI, tests)."""
    query = _filtered(select(DuesMonth, Member.name, Member.department, Member.id_number), flt)
    query = query.order_by(Member.name_pinyin, Member.id, DuesMonth.month)
    with factory() as session:
        return [_row(*r) for r in session.execute(query)]


@dataclass(frozen=True)
class DuesTotals:
    rows: int
    due_fen: int
    paid_fen: int
    owing_people: int  # members with at least one 欠缴 row in the filter
    owed_fen: int
    exempt: int
    no_base: int

    @property
    def rate(self) -> Decimal:
        """收缴率, % with one decimal (0 when nothing was due), as 会费收缴率 in FIGURES.md."""
        if not self.due_fen:
            return Decimal("0.0")
        return (Decimal(self.paid_fen) * 100 / Decimal(self.due_fen)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def totals(factory: sessionmaker[Session], flt: DuesFilter) -> DuesTotals:
    """One aggregate over the filter: due, paid, who owes, exempt and no-base counts."""
    status = status_sql()
    owed = status == DuesStatus.OWED.value
    query = _filtered(select(
        func.count(), func.coalesce(func.sum(DuesMonth.due_fen), 0), func.coalesce(func.sum(DuesMonth.paid_fen), 0),
        func.count(func.distinct(case((owed, DuesMonth.member_id)))),
        func.coalesce(func.sum(case((owed, DuesMonth.due_fen), else_=0)), 0),
        func.count().filter(status == DuesStatus.EXEMPT.value), func.count().filter(status == DuesStatus.NO_BASE.value),
    ).select_from(DuesMonth), flt, join=False)  # fmt: skip
    with factory() as session:
        return DuesTotals(*session.execute(query).one())


def months_generated(factory: sessionmaker[Session], year: int | None = None) -> list[date]:
    """The months that have rows, oldest first (the tab's month filter offers them)."""
    query = select(DuesMonth.month).distinct().order_by(DuesMonth.month)
    if year is not None:
        query = query.where(DuesMonth.month.between(date(year, 1, 1), date(year, 12, 1)))
    with factory() as session:
        return list(session.scalars(query))


# --- payments -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PaymentResult:
    paid: int = 0
    already_paid: int = 0
    exempt: int = 0
    nothing_due: int = 0  # no amount given and nothing due (未登记工资基数): not marked
    paid_fen: int = 0

    def line(self) -> str:
        text = f"已登记缴纳 {self.paid} 条"
        skipped = [f"{n} 条{what}" for n, what in ((self.already_paid, "已缴"), (self.exempt, "免缴"),
                                                      (self.nothing_due, "无应缴金额（请填写实缴金额）")) if n]  # fmt: skip
        return text + ("，跳过 " + "、".join(skipped) if skipped else "") + "。"


def record_payment(
    factory: sessionmaker[Session], row_ids: Sequence[int], *, paid_on: date, method: str = DuesMethod.PAYROLL.value,
    amount_fen: int | None = None,
) -> PaymentResult:
    """Mark the rows paid on `paid_on` by `method`; each pays `amount_fen` if given, else its due.
    Rows already paid or exempt are left as they are (and counted)."""
    if method not in {m.value for m in DuesMethod}:
        raise ValidationError(field="缴纳方式", detail=f"“{method}”不是可选的方式（{'、'.join(m.value for m in DuesMethod)}）")
    if not isinstance(paid_on, date):
        raise ValidationError(field="缴纳日期", detail="请填写缴纳日期")
    if amount_fen is not None and amount_fen < 0:
        raise ValidationError(field="实缴金额", detail="不能为负数")
    counts = {"paid": 0, "already_paid": 0, "exempt": 0, "nothing_due": 0, "paid_fen": 0}
    changes = []
    with factory.begin() as session:
        for chunk in _chunks(row_ids):
            rows = session.execute(select(_TABLE.c.id, _TABLE.c.paid_on, _TABLE.c.exempt_reason, _TABLE.c.due_fen)
                                   .where(_TABLE.c.id.in_(chunk)))  # fmt: skip
            for row_id, paid, reason, due in rows:
                amount = amount_fen if amount_fen is not None else due
                key = "already_paid" if paid is not None else "exempt" if reason else "nothing_due" if not amount else "paid"
                counts[key] += 1
                if key == "paid":
                    counts["paid_fen"] += amount
                    changes.append({"b_id": row_id, "paid_fen": amount})
        if changes:
            session.execute(update(_TABLE).where(_TABLE.c.id == bindparam("b_id"))
                            .values(paid_fen=bindparam("paid_fen"), paid_on=paid_on, method=method, **bumped_version(_TABLE)),
                            changes)  # fmt: skip
            audit.record(session, AuditAction.UPDATE, "dues_months",
                         {"登记缴纳": len(changes), "缴纳日期": paid_on, "缴纳方式": method, "金额（元）": format_yuan(counts["paid_fen"])})  # fmt: skip
    return PaymentResult(**counts)


def undo_payment(factory: sessionmaker[Session], row_ids: Sequence[int]) -> int:
    """Clear the payment of the rows (撤销缴纳); returns how many were paid and are no longer."""
    undone = 0
    with factory.begin() as session:
        for chunk in _chunks(row_ids):
            result = session.execute(update(_TABLE).where(_TABLE.c.id.in_(chunk), _TABLE.c.paid_on.is_not(None))
                                     .values(paid_fen=None, paid_on=None, method=None, **bumped_version(_TABLE)))  # fmt: skip
            undone += result.rowcount or 0
        if undone:
            audit.record(session, AuditAction.UPDATE, "dues_months", {"撤销缴纳": undone})
    return undone


def _chunks(ids: Sequence[int], size: int = 10_000) -> list[list[int]]:
    ids = list(ids)
    return [ids[i : i + size] for i in range(0, len(ids), size)]


# --- arrears --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Arrears:
    """A member who owes: the months (oldest first) and the sum."""

    member_id: int
    name: str
    department: str
    months: tuple[date, ...]
    owed_fen: int

    def months_text(self) -> str:
        return "、".join(month_label(m) for m in self.months)


def owed_condition(as_of: date) -> ColumnElement[bool]:
    """A row owed as of a day: something due, not exempt, its month over before that day's month
    began (a month's dues are paid within the month: payroll deducts them by its end), and not
    paid on or before the day."""
    return and_(
        DuesMonth.due_fen > 0, DuesMonth.exempt_reason.is_(None), DuesMonth.month < month_start(as_of),
        or_(DuesMonth.paid_on.is_(None), DuesMonth.paid_on > as_of),
    )  # fmt: skip


def arrears(factory: sessionmaker[Session], as_of: date) -> list[Arrears]:
    """Who owes which months as of `as_of`, the longest-owing first, then by name."""
    query = (
        select(DuesMonth.member_id, Member.name, Member.department, DuesMonth.month, DuesMonth.due_fen)
        .join(Member, Member.id == DuesMonth.member_id)
        .where(owed_condition(as_of))
        .order_by(Member.name_pinyin, DuesMonth.member_id, DuesMonth.month)
    )
    people: dict[int, Arrears] = {}
    with factory() as session:
        for member_id, name, department, month, due in session.execute(query):
            found = people.get(member_id)
            if found is None:
                people[member_id] = Arrears(member_id, name, department or "", (month,), due)
            else:
                people[member_id] = Arrears(member_id, name, department or "", (*found.months, month), found.owed_fen + due)
    return sorted(people.values(), key=lambda a: -len(a.months))


def arrears_summary(factory: sessionmaker[Session], as_of: date) -> tuple[int, int]:
    """(people who owe, the sum owed) as of `as_of`: the 总览 reminder, one query."""
    query = select(func.count(func.distinct(DuesMonth.member_id)), func.coalesce(func.sum(DuesMonth.due_fen), 0))
    with factory() as session:
        people, owed = session.execute(query.where(owed_condition(as_of))).one()
    return people, owed

