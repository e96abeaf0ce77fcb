"""Properties of the figures on random registers: flow figures add up over the months of a period.

A flow figure counts or sums things dated within the period, so the period's value is the sum of
its calendar months' values (万元 figures up to their rounding: each value is within 0.005 of the
exact amount). Stock figures are "at E", so the period and its last month agree; distinct counts
("帮扶慰问总人数") lie between the busiest month and the sum of the months.

Each example gets a fresh in-memory database built from the models (the migrations are tested
elsewhere); building it takes milliseconds, where copying a migrated file per example would not.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, insert
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import StaticPool

import unionbook.db.models as m
from unionbook.db.base import Base
from unionbook.domain.vocab import (
    ActivityCategory,
    AidProgram,
    ContractType,
    EmploymentStatus,
    HardshipCategory,
    HardshipCloseReason,
    HardshipReviewKind,
    MembershipEventKind,
)
from unionbook.services.figures import FIGURES, Period, compute
from unionbook.services.figures.aid import PROGRAMS
from unionbook.services.figures.registry import compute_periods_in

PEOPLE = 5
DISTINCT = {"帮扶慰问总人数", "困难职工走访户数", *(f"{p}人数" for p in PROGRAMS)}

days = st.dates(date(2023, 1, 1), date(2025, 12, 31))
person = st.integers(0, PEOPLE - 1)
money = st.integers(0, 500_000)

registers = st.fixed_dictionaries({
    "genders": st.lists(st.sampled_from(["男", "女", None]), min_size=PEOPLE, max_size=PEOPLE),
    "membership": st.lists(st.tuples(person, st.sampled_from(list(MembershipEventKind)), st.none() | days), max_size=12),
    "employment": st.lists(st.tuples(person, st.sampled_from(list(EmploymentStatus)), st.none() | days), max_size=8),
    "contracts": st.lists(
        st.tuples(st.sampled_from(list(ContractType)), st.none() | days, days, st.integers(0, 900), st.booleans(),
                  st.none() | st.integers(0, 700)),
        max_size=6),
    "files": st.lists(
        st.tuples(person, st.sampled_from(list(HardshipCategory)), days, st.none() | st.integers(0, 400),
                  st.sampled_from(list(HardshipCloseReason))),
        max_size=5),
    "reviews": st.lists(st.tuples(st.integers(0, 4), days, st.sampled_from(list(HardshipReviewKind))), max_size=10),
    "payments": st.lists(
        st.tuples(person, st.sampled_from(list(AidProgram)), days, money, money, st.booleans()), max_size=30),
    "activities": st.lists(
        st.tuples(st.sampled_from(list(ActivityCategory)), days, st.none() | st.integers(0, 80), money,
                  st.integers(0, 6), st.integers(0, 6), st.sets(person)),
        max_size=12),
})  # fmt: skip


def build(data: dict) -> sessionmaker:
    engine = create_engine("sqlite://", poolclass=StaticPool)
    Base.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(
            insert(m.Member), [{"id": i + 1, "name": f"人{i}", "gender": g} for i, g in enumerate(data["genders"])]
        )

        def rows(table: type, items: list[dict]) -> None:
            if items:
                conn.execute(insert(table), items)

        rows(m.MembershipEvent, [{"member_id": p + 1, "kind": k, "date": d} for p, k, d in data["membership"]])
        rows(m.EmploymentEvent, [{"member_id": p + 1, "status": s, "date": d} for p, s, d in data["employment"]])
        contracts = []
        for i, (kind, signed, start, length, renews, covered) in enumerate(data["contracts"]):
            contracts.append({"id": i + 1, "kind": kind, "title": f"合同{i}", "signed_on": signed, "effective_from": start,
                              "effective_to": date.fromordinal(start.toordinal() + length),
                              "renews_id": i if renews and i else None, "covered_employees": covered})  # fmt: skip
        rows(m.CollectiveContract, contracts)
        files = []
        for i, (p, category, opened, days_open, reason) in enumerate(data["files"]):
            closed = None if days_open is None else date.fromordinal(opened.toordinal() + days_open)
            files.append({"id": i + 1, "member_id": p + 1, "category": category, "opened_on": opened,
                          "closed_on": closed, "close_reason": reason if closed else None})  # fmt: skip
        rows(m.HardshipFile, files)
        rows(
            m.HardshipReview,
            [{"file_id": f + 1, "date": d, "kind": k} for f, d, k in data["reviews"] if f < len(files)],
        )
        rows(m.AidPayment, [
            {"member_id": p + 1, "program": prog, "date": d, "amount_fen": amount, "goods_value_fen": goods,
             "hardship_file_id": 1 if linked and files else None}
            for p, prog, d, amount, goods, linked in data["payments"]
        ])  # fmt: skip
        for i, (category, start, participants, cost, proposals, closed, attendees) in enumerate(data["activities"]):
            conn.execute(insert(m.Activity), {
                "id": i + 1, "name": f"活动{i}", "category": category, "start_date": start, "participants": participants,
                "cost_fen": cost, "proposals": proposals, "proposals_closed": min(closed, proposals)})  # fmt: skip
            rows(m.ActivityAttendance, [{"activity_id": i + 1, "member_id": p + 1} for p in sorted(attendees)])
    return sessionmaker(engine)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(registers, days, days)
def test_flow_figures_add_up_over_the_months(data: dict, one: date, other: date) -> None:
    factory = build(data)
    period = Period(min(one, other), max(one, other))
    whole = compute(factory, period)
    months = [compute(factory, month) for month in period.months()]
    for figure in FIGURES:
        name = figure.name
        parts = [values[name] for values in months]
        if figure.flow and figure.unit == "万元":
            assert abs(whole[name] - sum(parts)) <= Decimal("0.005") * (len(parts) + 1), name
        elif figure.flow:
            assert whole[name] == sum(parts), name
        elif name in DISTINCT:
            assert max(parts) <= whole[name] <= sum(parts), name
        else:  # a stock figure at E: the last month ends on E too
            assert whole[name] == parts[-1], name


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(registers, days, days)
def test_a_period_read_with_its_previous_year_has_the_values_it_has_alone(data: dict, one: date, other: date) -> None:
    """The year and 上年 are read together (a member's status at the earlier end is corrected from
    the later one's, by those with an event in between); each must be what it is read alone."""
    factory = build(data)
    period = Period(min(one, other), max(one, other))
    with factory() as session:
        together = compute_periods_in(session, [period, period.previous()])
    assert together == [compute(factory, period), compute(factory, period.previous())]
