"""会员 figures: head counts at the period's end and membership changes within it.

Status at E is the latest event on or before E, exactly as the members register shows it
(services/member_status.py owns that SQL, so the roster and the figures can never disagree). Both
latest events are looked up once per person in a materialised CTE and then counted with
conditional aggregates: one pass over the roster, ~0.13 s at 100,000 people. Several periods (the
year and 上年) share that pass, and an earlier end costs less than a second pass: a person's
status there is the one at the latest end unless they have an event dated between the two, so
only those few thousand (8,000 of 100,000 in the demo union's year) are looked up again, at both
ends, and the difference corrects the counts (上年's part 0.08 → 0.05 s at 100,000 people).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, CompoundSelect, func, select

from unionbook.db.tables import members, membership_events, union_profile
from unionbook.domain.vocab import EmploymentStatus, Gender, MembershipEventKind
from unionbook.services.figures.figure import Figure, Raw
from unionbook.services.figures.period import Period
from unionbook.services.member_status import changed_between, latest_employment_status, latest_membership_kind

if TYPE_CHECKING:
    from unionbook.db.readers import Reader

R = "会员"

FIGURES: tuple[Figure, ...] = (
    Figure("employees_total", "职工总数", "人",
           "期末在岗和待(下)岗的职工人数；在工会信息中填写了职工总数的，以填写的数字为准。", R, False),
    Figure("members_total", "会员总数", "人",
           "期末会籍有效的会员人数（最近一次会籍变化为入会或转入，保留会籍的不计入）。", R, False),
    Figure("members_retained", "保留会籍人数", "人", "期末保留会籍的人数（如退休后保留会籍的会员）。", R, False),
    Figure("membership_rate", "入会率", "%", "会员总数占职工总数的百分比，保留一位小数。", R, False),
    Figure("members_joined", "新入会人数", "人", "本期内登记入会或转入的人数（按会籍变化记录计）。", R, True),
    Figure("members_left", "减少会员数", "人", "本期内转出、除名、退会和去世的会员人数（按会籍变化记录计）。", R, True),
    Figure("members_female", "女会员数", "人", "期末会员中的女性人数。", R, False),
    Figure("employees_female", "女职工人数", "人", "期末在岗和待(下)岗职工中的女性人数（按职工名册统计）。", R, False),
    Figure("members_migrant", "农民工会员数", "人", "期末会员中标记为农民工的人数。", R, False),
    Figure("member_cards", "会员卡发放数", "人", "期末会员中已登记会员卡号的人数。", R, False),
)  # fmt: skip

_ACTIVE = [k.value for k in MembershipEventKind.active()]
_LEAVING = [k.value for k in MembershipEventKind.leaving()]
_EMPLOYED = [s.value for s in EmploymentStatus.counted_as_employee()]


def rate(part: int, whole: int) -> Decimal:
    """part / whole × 100 with one decimal, half up; 0.0 when there is no whole."""
    if not whole:
        return Decimal("0.0")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def compute(reader: Reader, period: Period) -> dict[str, Raw]:
    return compute_periods(reader, [period])[0]


def _counted_at(reader: Reader, ends: Sequence[date], people: CompoundSelect | None = None) -> list[tuple[int, ...]]:
    """The seven head counts at each end (everyone, or only `people`), in the order of `ends`, from
    one walk over the roster: each person's latest events looked up once per end."""
    columns: list[ColumnElement[object]] = [members.c.gender, members.c.is_migrant_worker, members.c.member_card_no]
    for i, at in enumerate(ends):
        columns += [
            latest_membership_kind(at).label(f"kind_{i}"),
            latest_employment_status(at).label(f"employment_{i}"),
        ]
    roster = select(*columns)
    if people is not None:
        roster = roster.where(members.c.id.in_(people))
    # MATERIALIZED: without it SQLite inlines the CTE and re-runs the correlated lookups once per
    # aggregate that mentions them (seven times instead of once).
    status = roster.cte("status_at_end").prefix_with("MATERIALIZED")
    female = status.c.gender == Gender.FEMALE.value
    counted: list[ColumnElement[int]] = []
    for i in range(len(ends)):
        kind, employment = status.c[f"kind_{i}"], status.c[f"employment_{i}"]
        active, employed = kind.in_(_ACTIVE), employment.in_(_EMPLOYED)
        counted += [
            func.count().filter(employed),
            func.count().filter(employed, female),
            func.count().filter(active),
            func.count().filter(kind == MembershipEventKind.RETAIN.value),
            func.count().filter(active, female),
            func.count().filter(active, status.c.is_migrant_worker.is_(True)),
            func.count().filter(active, func.trim(func.coalesce(status.c.member_card_no, "")) != ""),
        ]
    row = reader.execute(select(*counted)).one()
    return [tuple(row[7 * i : 7 * i + 7]) for i in range(len(ends))]


def compute_periods(reader: Reader, periods: Sequence[Period]) -> list[dict[str, Raw]]:
    """The figures of each period, in the order given: the whole roster is walked at the latest
    end only; at an earlier end the counts are those at the latest end, corrected for the people
    with an event between the two (counted at both ends, the difference added)."""
    latest = max(p.end for p in periods)
    at_end = {latest: _counted_at(reader, [latest])[0]}
    for at in sorted({p.end for p in periods} - {latest}):
        then, now = _counted_at(reader, [at, latest], changed_between(at, latest))
        at_end[at] = tuple(total - n + t for total, n, t in zip(at_end[latest], now, then, strict=True))

    # Undated events fail BETWEEN, so an 入会 without a date is never "new within P" (tables/member.py).
    event = membership_events.c
    changes = reader.execute(
        select(*(count for p in periods for count in (
            func.count().filter(event.kind.in_(_ACTIVE), event.date.between(p.start, p.end)),
            func.count().filter(event.kind.in_(_LEAVING), event.date.between(p.start, p.end)),
        ))).where(event.date.between(min(p.start for p in periods), max(p.end for p in periods)))
    ).one()  # fmt: skip

    profile = union_profile.c
    override = reader.scalar(select(profile.employee_total_override).where(profile.id == 1))
    results = []
    for i, period in enumerate(periods):
        employed_count, female_employees, members, retained, female_members, migrant, cards = at_end[period.end]
        employees = override if override is not None else employed_count
        results.append({
            "employees_total": employees,
            "members_total": members,
            "members_retained": retained,
            "membership_rate": rate(members, employees),
            "members_joined": changes[2 * i],
            "members_left": changes[2 * i + 1],
            "members_female": female_members,
            # With the override the total is a typed number without genders; the roster still knows
            # who is a woman at work, which is what FIGURES.md asks for in both cases.
            "employees_female": female_employees,
            "members_migrant": migrant,
            "member_cards": cards,
        })  # fmt: skip
    return results
