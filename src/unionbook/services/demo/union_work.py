"""The registers of issue 13 for the demo union: honors, positions, rights cases, 互助保障
enrollments, the yearly 职工体检 and two 疗休养, and who went on the hardship visits.

This phase runs after every other one and draws from the random stream only after them, so the
rows of the older registers come out exactly as before for every seed (tests/services/test_demo.py).
Its words and dates are data (resources/demo/union_work.json); the people are drawn from the
finished roster: an honor goes to somebody on duty in the named department on its date, a case to
an active member. The 困难劳模 of the hardship phase hold the 劳动模范 title their notes mention, so
the aid dialog's 劳模 hint and the 困难劳模帮扶 payments agree.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import update

from unionbook.db.models import Activity, HardshipReview, Honor, MutualAidEnrollment, Position, RightsCase
from unionbook.domain.union_work import recipient_of
from unionbook.domain.vocab import (
    ActivityCategory,
    ActivityRole,
    CaseKind,
    CaseOutcome,
    FundingSource,
    HardshipReviewKind,
    HonorKind,
    Recipient,
)
from unionbook.services.demo.common import WINDOW_END, YEARS, load, rand_date, weekday
from unionbook.services.demo.context import Context
from unionbook.services.demo.records import Person
from unionbook.services.demo.union import identity

_DATA = "union_work.json"


def _holder(ctx: Context, spec: dict[str, Any], on: date) -> Person | None:
    """Somebody on duty and a member in the named department on the day (else anywhere)."""
    if spec["to"] == "chair":
        return ctx.people[0]
    found = [p for p in ctx.people if p.dept.name == spec["dept"] and p.active(on) and p.on_duty(on)]
    if found:
        return ctx.rng.choice(found)
    return ctx.pick_active(on)


def _honors(ctx: Context) -> list[dict[str, Any]]:
    data = load(_DATA)
    rows: list[dict[str, Any]] = []

    def add(kind: str, title: str, level: str, issuer: str, on: date, person: Person | None, collective: str) -> None:
        recipient = Recipient.PERSON.value if person else recipient_of(collective).value
        rows.append({"id": len(rows) + 1, "kind": kind, "title": title, "level": level, "awarded_on": on,
                     "issuer": issuer, "recipient": recipient, "member_id": person.id if person else None,
                     "collective": None if person else collective, "notes": None})  # fmt: skip

    model = data["model_worker_title"]
    for f in ctx.model_files:
        add(HonorKind.MODEL_WORKER.value, model["title"], model["level"], model["issuer"],
            date.fromisoformat(model["date"]), f.person, "")  # fmt: skip
    for spec in data["honors"]:
        on = date.fromisoformat(spec["date"])
        person = _holder(ctx, spec, on) if spec["to"] in ("person", "chair") else None
        if spec["to"] in ("person", "chair") and person is None:
            continue  # a tiny demo union may have nobody there
        add(spec["kind"], spec["title"], spec["level"], spec["issuer"], on, person, spec["to"])
    return rows


def _positions() -> list[dict[str, Any]]:
    return [
        {"id": n, "kind": p["kind"], "name": p["name"], "opened_on": date.fromisoformat(p["opened"]),
         "closed_on": date.fromisoformat(p["closed"]) if "closed" in p else None, "place": p["place"],
         "area": p["area"], "demo_level": p.get("level"), "notes": p.get("notes")}
        for n, p in enumerate(load(_DATA)["positions"], start=1)
    ]  # fmt: skip


#: How long each kind of case takes (days, low and high), and how it ends: [(outcome, weight)].
_HANDLING: dict[str, tuple[tuple[int, int], tuple[tuple[CaseOutcome, int], ...]]] = {
    CaseKind.CONSULTATION: ((0, 3), ((CaseOutcome.RESOLVED, 1),)),
    CaseKind.MEDIATION: ((7, 40), ((CaseOutcome.MEDIATED, 4), (CaseOutcome.MEDIATION_FAILED, 1))),
    CaseKind.LEGAL_AID: ((30, 150), ((CaseOutcome.REFERRED, 1),)),
    CaseKind.REQUEST: ((5, 75), ((CaseOutcome.RESOLVED, 6), (CaseOutcome.REFERRED, 1))),
}


def _cases(ctx: Context) -> list[dict[str, Any]]:
    """Each year's cases of every kind; those not finished by the end of 2025 are 办理中."""
    rng = ctx.rng
    rows: list[dict[str, Any]] = []
    for year in YEARS:
        for kind, spec in load(_DATA)["cases"].items():
            (short, long), outcomes = _HANDLING[kind]
            for _ in range(rng.randint(*spec["per_year"])):
                opened = weekday(rand_date(rng, date(year, 1, 5), date(year, 12, 20)))
                person = None if kind == CaseKind.REQUEST and rng.random() < 0.5 else ctx.pick_active(opened)
                closed: date | None = opened + timedelta(days=rng.randint(short, long))
                outcome = rng.choices([o for o, _w in outcomes], [w for _o, w in outcomes])[0].value
                if closed > WINDOW_END:
                    closed, outcome = None, CaseOutcome.OPEN.value
                rows.append({"kind": kind, "person_name": person.name if person else None,
                             "member_id": person.id if person else None, "opened_on": opened, "closed_on": closed,
                             "request": rng.choice(spec["topics"]), "outcome": outcome,
                             "handling": spec["handling"], "private": True})  # fmt: skip
    rows.sort(key=lambda r: (r["opened_on"], r["kind"]))
    for n, row in enumerate(rows, start=1):
        row["id"] = n
    return rows


def _enrollments(ctx: Context) -> list[dict[str, Any]]:
    """Every year the members on duty on 1 January join the 住院医疗 plan (most) and the 重大疾病
    plan (some); the union pays, the insurer numbers the policies."""
    rng = ctx.rng
    rows: list[dict[str, Any]] = []
    for year in YEARS:
        start = date(year, 1, 1)
        for p in ctx.people:
            if not (p.active(start) and p.on_duty(start)):
                continue
            for plan in load(_DATA)["mutual_aid"]:
                if rng.random() < plan["share"]:
                    rows.append({"id": len(rows) + 1, "member_id": p.id, "year": year, "plan": plan["plan"],
                                 "contribution_fen": plan["fen"], "policy_number": f"HZ{year}{len(rows) + 1:06d}",
                                 "notes": None})  # fmt: skip
    return rows


def _health_activities(ctx: Context) -> list[dict[str, Any]]:
    """The yearly 职工健康体检 (paid by the company) and the 疗休养 of 劳模 and advanced workers (by
    the union)."""
    rng = ctx.rng
    spec = load(_DATA)["health"]
    rows: list[dict[str, Any]] = []

    def add(name: str, start: date, days: int, place: str, people: int, cost: int, funding: FundingSource,
            summary: str) -> None:
        rows.append({"id": ctx.counts["activities"] + len(rows) + 1, "name": name,
                     "category": ActivityCategory.HEALTH.value, "start_date": start,
                     "end_date": start + timedelta(days=days), "location": place, "role": ActivityRole.HOST.value,
                     "participants": people, "cost_fen": cost, "funding_source": funding.value, "outcome": None,
                     "summary": summary, "expected_attendance": None, "actual_attendance": None, "proposals": None,
                     "proposals_closed": None, "decisions": None})  # fmt: skip

    for year in YEARS:
        start = weekday(rand_date(rng, date(year, 9, 1), date(year, 10, 20)))
        on_duty = sum(1 for p in ctx.people if p.on_duty(start))
        people = max(1, round(on_duty * rng.uniform(0.9, 0.97)))
        # Paid from the company's budget, not the union's: no cost in the union's activity ledger.
        add(f"{year}年度{spec['checkup']}", start, 14, spec["checkup_place"], people, 0, FundingSource.ADMINISTRATION,
            "在岗职工年度健康体检，费用由公司承担。")
        if year in spec["retreat_years"]:
            trip = weekday(rand_date(rng, date(year, 11, 3), date(year, 11, 20)))
            add(f"{year}年{spec['retreat']}", trip, 3, spec["retreat_place"], 12, 12 * 180000, FundingSource.OWN_FUNDS,
                "劳模、先进工作者和一线骨干疗休养。")
    return rows


def insert_union_work(ctx: Context) -> None:
    """Honors, positions, cases, enrollments, the health activities, and who went on the visits
    (1 progress step)."""
    honors, positions, cases = _honors(ctx), _positions(), _cases(ctx)
    enrollments, health = _enrollments(ctx), _health_activities(ctx)
    ctx.insert(Honor.__table__, honors)
    ctx.insert(Position.__table__, positions)
    ctx.insert(RightsCase.__table__, cases)
    ctx.insert_chunked(MutualAidEnrollment.__table__, enrollments)
    ctx.insert(Activity.__table__, health)
    # The chair and the union's clerk go on every Spring Festival visit (a column the hardship
    # phase leaves empty: its rows stay as they were).
    visitors = "、".join(o.name for o in identity().officers)
    ctx.session.execute(update(HardshipReview).where(HardshipReview.kind == HardshipReviewKind.VISIT.value)
                        .values(visitors=visitors))  # fmt: skip
    ctx.counts["activities"] += len(health)
    ctx.extra_counts.update(honors=len(honors), positions=len(positions), rights_cases=len(cases),
                            mutual_aid_enrollments=len(enrollments), health_activities=len(health))  # fmt: skip
    ctx.progress.step()
