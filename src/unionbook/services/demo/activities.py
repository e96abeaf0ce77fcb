"""The activities register: each year's 职代会 and committee meetings, a spread of other activities
dealt from the templates in resources/demo/activities.json, and sign-in sheets for a few of them.

This phase runs last. Its headcounts come from the finished roster, and its congresses fall on the
dates that contracts.py drew for the contract approvals.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from unionbook.db.models import Activity, ActivityAttendance
from unionbook.domain.vocab import ActivityCategory as AC
from unionbook.domain.vocab import ActivityRole, FundingSource
from unionbook.services.demo.common import YEARS, load, weekday
from unionbook.services.demo.context import Context

#: (employees on duty, of whom members, of whom female members) at mid-year, by year.
_Census = dict[int, tuple[int, int, int]]


@dataclass(frozen=True)
class _Template:
    name: str
    months: tuple[int, int]
    locations: tuple[str, ...]
    participants: tuple[str, float, float, int]  # (share|women|fixed, lo, hi, cap)
    summary: str  # may use {n}, the participant count
    role: ActivityRole = ActivityRole.HOST
    span: int = 0  # extra days after the start
    per_head_fen: int = 0
    fixed_fen: int = 0
    outcomes: tuple[str, ...] = ()  # may use {n1}, {n2}
    min_year: int = 2021
    days_of_month: tuple[int, int] = (1, 28)


@dataclass(frozen=True)
class _Calendar:
    """activities.json, ready to draw from (template and category order is part of the stream)."""

    templates: dict[AC, tuple[_Template, ...]]
    category_weights: dict[AC, int]
    committee_agenda: tuple[tuple[int, str], ...]  # (month, topics)
    committee_locations: tuple[str, ...]
    congress_location: str
    congress_sessions: dict[int, str]
    congress_approvals: dict[int, str]


def _template(t: dict[str, Any]) -> _Template:
    """One template of activities.json; keys it leaves out take the defaults above."""
    first_month, last_month = t["months"]
    mode, lo, hi, cap = t["participants"]
    optional: dict[str, Any] = {key: t[key] for key in ("span", "per_head_fen", "fixed_fen", "min_year") if key in t}
    if "role" in t:
        optional["role"] = ActivityRole(t["role"])
    if "outcomes" in t:
        optional["outcomes"] = tuple(t["outcomes"])
    if "days_of_month" in t:
        first_day, last_day = t["days_of_month"]
        optional["days_of_month"] = (first_day, last_day)
    return _Template(
        t["name"], (first_month, last_month), tuple(t["locations"]), (mode, lo, hi, cap), t["summary"], **optional
    )


@lru_cache(maxsize=1)
def _calendar() -> _Calendar:
    data = load("activities.json")
    return _Calendar(
        templates={AC(c): tuple(_template(t) for t in ts) for c, ts in data["templates"].items()},
        category_weights={AC(c): w for c, w in data["category_weights"].items()},
        committee_agenda=tuple((month, topics) for month, topics in data["committee_agenda"]),
        committee_locations=tuple(data["committee_locations"]),
        congress_location=data["congress_location"],
        congress_sessions={int(y): s for y, s in data["congress_sessions"].items()},
        congress_approvals={int(y): s for y, s in data["congress_approvals"].items()},
    )


def _activity(name: str, category: AC, start: date, **values: Any) -> dict[str, Any]:
    """An activity row with every column present (executemany wants the same keys in every row)."""
    row = {
        "name": name, "category": category.value, "start_date": start, "end_date": start, "location": None,
        "role": ActivityRole.HOST.value, "participants": None, "cost_fen": 0, "funding_source": None,
        "outcome": None, "summary": None, "expected_attendance": None, "actual_attendance": None,
        "proposals": None, "proposals_closed": None, "decisions": None,
    }
    row.update(values)
    return row


def _census(ctx: Context) -> _Census:
    census = {}
    for year in YEARS:
        mid = date(year, 6, 30)
        employees = members = women = 0
        for p in ctx.people:
            if p.on_duty(mid):
                employees += 1
                if p.active(mid):
                    members += 1
                    women += p.female
        census[year] = (employees, members, women)
    return census


def _meetings(ctx: Context, census: _Census) -> list[dict[str, Any]]:
    """Each year's 职代会 (or 会员大会 in a small union) and its six committee meetings."""
    rng, cal = ctx.rng, _calendar()
    acts: list[dict[str, Any]] = []
    committee = 7 if ctx.size < 200 else 9 if ctx.size < 1000 else 15 if ctx.size < 5000 else 21
    for year in YEARS:
        employees, members, women = census[year]
        d = ctx.congress_dates[year]
        if employees >= 100:
            # 职代会: at least 5% of the workforce, never fewer than 30 delegates.
            name = cal.congress_sessions[year]
            expected = min(max(30, round(employees * 0.06)), 500)
        else:
            name = f"{year}年会员大会"
            expected = members
        actual = max(math.ceil(expected * 2 / 3), round(expected * rng.uniform(0.88, 1.0)))
        proposals = rng.randint(3, 8) + expected // 60
        closed = proposals if year <= 2023 else proposals - 1 if year == 2024 else proposals // 3
        acts.append(_activity(
            name, AC.CONGRESS, d, location=cal.congress_location, participants=actual,
            cost_fen=rng.randint(20, 60) * 10000, funding_source=FundingSource.OWN_FUNDS.value,
            expected_attendance=expected, actual_attendance=actual, proposals=proposals, proposals_closed=closed,
            summary=f"应到代表{expected}名，实到{actual}名，超过三分之二，会议有效。征集提案{proposals}件。",
            decisions=(f"听取并审议《{year}年度行政工作报告》《工会工作报告》《职代会提案办理情况报告》；"
                       f"{cal.congress_approvals[year]}"),
        ))
        for i, (month, topic) in enumerate(cal.committee_agenda, start=1):
            d = weekday(date(year, month, rng.randint(5, 25)))
            actual = committee - rng.choice((0, 0, 0, 1, 1, 2))
            acts.append(_activity(
                f"{year}年第{i}次工会委员会会议", AC.COMMITTEE_MEETING, d,
                location=rng.choice(cal.committee_locations), participants=actual,
                expected_attendance=committee, actual_attendance=actual, decisions=topic,
                summary=f"应到委员{committee}名，实到{actual}名。",
            ))
    return acts


def _other_activities(ctx: Context, census: _Census) -> list[dict[str, Any]]:
    """Activities dealt from the templates, spread evenly over the years."""
    rng, cal = ctx.rng, _calendar()
    acts: list[dict[str, Any]] = []
    others = min(25 + ctx.size // 100, 10_000)
    used: set[tuple[int, str]] = set()
    categories = list(cal.templates)
    weights = [cal.category_weights[c] for c in categories]
    # Each category deals its templates from a shuffled deck, so a small union does not hold
    # the same event three times while other kinds never appear.
    decks: dict[AC, list[_Template]] = {c: [] for c in categories}
    for i in range(others):
        year = YEARS[i % len(YEARS)]
        # The first round covers every category once, so even the smallest union shows them all.
        category = categories[i] if i < len(categories) else rng.choices(categories, weights)[0]
        deck = decks[category]
        tpl = None
        for _ in range(2):
            if not deck:
                deck.extend(rng.sample(cal.templates[category], len(cal.templates[category])))
            tpl = next((t for t in deck if t.min_year <= year), None)
            if tpl is not None:
                deck.remove(tpl)
                break
            deck.clear()
        assert tpl is not None
        name = tpl.name
        k = 2
        while (year, name) in used:
            name = f"{tpl.name}（第{k}期）"
            k += 1
        used.add((year, name))
        employees, members, women = census[year]
        month = rng.randint(*tpl.months)
        day = rng.randint(*tpl.days_of_month)
        start = weekday(date(year, month, day))
        mode, lo, hi, cap = tpl.participants
        if mode == "fixed":
            n = rng.randint(lo, hi)
        else:
            pool = women if mode == "women" else members
            n = round(pool * rng.uniform(lo, hi))
        n = max(1, min(n, cap))
        cost = (n * tpl.per_head_fen + tpl.fixed_fen) // 100 * 100
        funding = None
        if cost:
            by_company = category in (AC.ANKANG_CUP, AC.TRAINING) and rng.random() < 0.3
            funding = (FundingSource.ADMINISTRATION if by_company else FundingSource.OWN_FUNDS).value
        outcome = None
        if tpl.outcomes:
            n1 = rng.randint(20, 80)
            outcome = rng.choice(tpl.outcomes).format(n1=n1, n2=max(1, n1 * rng.randint(30, 60) // 100))
        acts.append(_activity(
            name, category, start, end_date=min(start + timedelta(days=tpl.span), date(year, 12, 31)),
            location=rng.choice(tpl.locations),
            role=tpl.role.value, participants=n, cost_fen=cost, funding_source=funding, outcome=outcome,
            summary=tpl.summary.format(n=n),
        ))
    return acts


def _sign_in_sheets(ctx: Context, acts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Attendance lists for a few activities: there 人次 is the length of the list."""
    rng = ctx.rng
    attendance: list[dict[str, Any]] = []
    wanted = [AC.TRAINING, AC.WOMEN, AC.CULTURE_SPORTS, AC.LEGAL_EDUCATION]
    for category in wanted:
        row = next((a for a in acts if a["category"] == category.value and a["role"] == ActivityRole.HOST.value
                    and a["start_date"].year >= 2023), None)
        if row is None:
            continue
        d = row["start_date"]
        eligible = [p.id for p in ctx.people if p.active(d) and p.on_duty(d)
                    and (category is not AC.WOMEN or p.female)]
        chosen = sorted(rng.sample(eligible, min(len(eligible), row["participants"], 150)))
        row["participants"] = len(chosen)
        row["summary"] = f"签到{len(chosen)}人。" + (row["summary"] or "")
        for member_id in chosen:
            attendance.append({"id": len(attendance) + 1, "activity_id": row["id"], "member_id": member_id})
    return attendance


def insert_activities(ctx: Context) -> None:
    """Meetings, other activities and sign-in sheets (2 progress steps)."""
    census = _census(ctx)
    acts = _meetings(ctx, census)
    ctx.progress.step()
    acts.extend(_other_activities(ctx, census))
    # Number the register by date, as a chair's ledger is.
    acts.sort(key=lambda a: (a["start_date"], a["category"], a["name"]))
    for n, row in enumerate(acts, start=1):
        row["id"] = n
    attendance = _sign_in_sheets(ctx, acts)
    ctx.insert(Activity.__table__, acts)
    ctx.insert(ActivityAttendance.__table__, attendance)
    ctx.counts["activities"] = len(acts)
    ctx.extra_counts["attendance"] = len(attendance)
    ctx.progress.step()
