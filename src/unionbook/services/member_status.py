"""What a person's membership and employment were at a date, as SQL the lists and the figures
share (members register, figures, ledgers, 待办, charts, dues, district packages).

Status is never stored on the person: it is the latest event on or before a date
(db/tables/member.py). Each helper is a correlated scalar subquery on the `members` table (which
the ORM's `Member` maps onto, so it correlates in ORM queries too), so a caller puts it in its own
SELECT and SQLite answers it from the (member_id, date, id, kind|status) index once
per person: the index's order is the lookup's "date DESC, id DESC", and it holds the kind, so no
event row is read and nothing is sorted (migration 0009; keep the ORDER BY below in step with it).
Core only: the figures import this without SQLAlchemy's ORM.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, CompoundSelect, Date, Subquery, Table, and_, func, or_, select, union

from unionbook.db.tables import employment_events, members, membership_events
from unionbook.domain.vocab import MembershipEventKind

_EARLIEST = date(1, 1, 1)  # an undated event counts as the earliest


def _latest_event(table: Table, column: str, at: date | None) -> ColumnElement[str | None]:
    """`column` of each member's latest event in `table` on or before `at` (None: any date)."""
    event = table.alias()
    query = select(event.c[column]).where(event.c.member_id == members.c.id)
    if at is not None:
        query = query.where(or_(event.c.date.is_(None), event.c.date <= at))
    # Undated events count as the earliest: NULLS LAST, which is SQLite's own order for DESC (so
    # SQLite still walks the (member_id, date) index, no sort) and must be said for PostgreSQL.
    return query.order_by(event.c.date.desc().nulls_last(), event.c.id.desc()).limit(1).scalar_subquery()


def latest_membership_kind(at: date | None = None) -> ColumnElement[str | None]:
    """The kind of each member's latest membership event on or before `at` (None: any date)."""
    return _latest_event(membership_events, "kind", at)


def latest_employment_status(at: date | None = None) -> ColumnElement[str | None]:
    """The 就业状况 of each member's latest employment event on or before `at` (None: any date)."""
    return _latest_event(employment_events, "status", at)


def changed_between(after: date, until: date) -> CompoundSelect:
    """The ids of people with a membership or employment event dated in (after, until]: only their
    status at `after` can differ from their status at `until` (an undated event is the earliest,
    so it is on or before both dates). A few thousand people a year in a union of 100,000, so an
    earlier date costs their lookups only, not the whole roster's again (figures' 上年)."""
    m, e = membership_events.c, employment_events.c
    return union(
        select(m.member_id).where(m.date > after, m.date <= until),
        select(e.member_id).where(e.date > after, e.date <= until),
    )


def membership_spans() -> Subquery:
    """Each membership event with the day the person's next event takes over (`until`, NULL: it
    still holds): the status on a date D is the kind of the span with since <= D < until. The
    same rule as `latest_membership_kind` (an undated event is the earliest; on one day the later
    event wins), read in one pass over the events for any number of dates — a five-year trend —
    where the lookup walks each person's events once per date."""
    event = membership_events.c
    since = func.coalesce(event.date, _EARLIEST)
    until = func.lead(since, type_=Date).over(partition_by=event.member_id, order_by=(since, event.id))
    return select(event.member_id, event.kind, since.label("since"), until.label("until")).subquery("membership_spans")


def holds_at(spans: Subquery, at: date) -> ColumnElement[bool]:
    """The spans (`membership_spans`) that are their person's status on `at`."""
    return and_(spans.c.since <= at, or_(spans.c.until.is_(None), spans.c.until > at))


def join_date_column() -> ColumnElement[date | None]:
    """入会日期: the first 入会/转入 event's date."""
    event = membership_events.alias()
    return (
        select(func.min(event.c.date))
        .where(event.c.member_id == members.c.id, event.c.kind.in_([k.value for k in MembershipEventKind.active()]))
        .scalar_subquery()
    )


#: What a member's record can lack that the overview's 待办 asks to fill in.
MISSING_ID = "证件号码"
MISSING_JOIN_DATE = "入会日期"
MISSING = (MISSING_ID, MISSING_JOIN_DATE)


def lacking(what: str) -> ColumnElement[bool]:
    """People whose record lacks `what` (MISSING): no ID number, or no dated 入会/转入."""
    if what == MISSING_ID:
        return func.trim(func.coalesce(members.c.id_number, "")) == ""
    return join_date_column().is_(None)


def joined_within(start: date, end: date) -> ColumnElement[bool]:
    """People with an 入会 or 转入 dated within [start, end] (as 新入会人数 counts the events)."""
    event = membership_events.alias()
    return (
        select(event.c.id)
        .where(
            event.c.member_id == members.c.id,
            event.c.kind.in_([k.value for k in MembershipEventKind.active()]),
            event.c.date.between(start, end),
        )
        .exists()
    )
