"""The roster: every person with an employment history and, for most, a membership history in 2021–2025.

This phase runs first and draws the most. Everything later (hardship files, payments, headcounts
in contracts, attendance) reads the people it leaves in `ctx.people`. The rows are written later
(`insert_people`), after the hardship phase has marked the 劳模 in their notes.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from unionbook.db.models import EmploymentEvent, Member, MembershipEvent
from unionbook.domain.vocab import Education, EmploymentStatus, Gender, HukouType, MembershipEventKind, PoliticalStatus
from unionbook.services.demo.common import (
    COMPANY_FOUNDED,
    FRONT_LINE,
    PRE_WINDOW_END,
    WINDOW_END,
    WINDOW_START,
    add_years,
    age_on,
    cn_date,
    rand_date,
)
from unionbook.services.demo.context import Context
from unionbook.services.demo.people import draw_id_number, draw_name, draw_phone, draw_surname, population
from unionbook.services.demo.records import Person
from unionbook.services.demo.union import identity

_NEW_HIRE_SHARE = 0.16  # of people old enough to have been hired earlier, hired 2021–2025 instead
_LEAVE_SHARE = 0.11  # leave the company during 2021–2025
_LATE_JOIN_SHARE = 0.07  # employed before 2021, joined the union during 2021–2025
_QUIT_WHILE_EMPLOYED = 0.012
_MEMBER_SHARE = {"劳动合同制": 0.97, "劳务派遣": 0.75, "临时工": 0.50}


def build_people(ctx: Context) -> None:
    """The whole roster in memory (10 progress steps)."""
    stride = max(1, math.ceil(ctx.size / 10))
    for i in range(ctx.size):
        ctx.people.append(_make_person(ctx, i + 1))
        if (i + 1) % stride == 0:
            ctx.progress.step()
    _cast_union_officers(ctx)
    _add_rare_departures(ctx)


def _seniority(level: str | None, age: int) -> str | None:
    """Titles come with years: no senior engineer at 28, nobody still an assistant engineer at 45."""
    if level in ("高级工程师", "技师", "高级技师") and age < 35:
        return "工程师" if level == "高级工程师" else "高级工"
    if level == "助理工程师" and age >= 40:
        return "工程师"
    if level == "工程师" and age < 26:
        return "助理工程师"
    return level


def _make_person(ctx: Context, pid: int) -> Person:
    rng, pop = ctx.rng, population()
    p = Person()
    p.id = pid
    dept = p.dept = pop.dept_table.pick(rng)
    kind = dept.kind
    female = rng.random() < pop.female_share[kind]
    p.gender = Gender.FEMALE.value if female else Gender.MALE.value
    p.surname = draw_surname(ctx)
    p.name = draw_name(ctx, female, p.surname)
    education = pop.education[kind].pick(rng)
    p.education = education.value
    min_age = pop.min_hire_age[education]
    # Statutory retirement (as before the 2025 reform): men 60, women 50 on worker posts and
    # 55 on staff posts. Nobody already retired before 2021 is on the roster.
    retire_age = 60 if not female else (50 if kind in FRONT_LINE else 55)
    lo = max(date(1965, 1, 1), add_years(WINDOW_START, -retire_age) + timedelta(days=1))
    hi = date(min(2003, 2024 - min_age), 12, 31)
    mode = min(max(date(1988, 6, 30), lo), hi)
    span = (hi - lo).days
    # Mostly born around 1988, with a flat tail so that a handful reach retirement age in the window.
    offset = rng.triangular(0, span, (mode - lo).days) if rng.random() < 0.75 else rng.uniform(0, span)
    p.birth = lo + timedelta(days=int(offset))

    p.position = pop.position_tables[dept.name].pick(rng)
    table = pop.tech_levels.get(kind)
    p.tech_level = _seniority(table.pick(rng), age_on(p.birth, WINDOW_END)) if table else None

    front_line = kind in FRONT_LINE
    p.migrant = rng.random() < (0.42 if front_line else 0.05)
    if p.migrant:
        region, place = pop.rural_regions.pick(rng)
        p.hukou_type = HukouType.RURAL.value
    else:
        region, place = pop.urban_regions.pick(rng)
        p.hukou_type = HukouType.URBAN.value
    p.region, p.hukou_place = region, place
    p.id_number = draw_id_number(ctx, region, p.birth, female)
    p.phone = draw_phone(ctx) if rng.random() < 0.96 else None
    p.ethnicity = pop.ethnicity.get(region[:2], pop.ethnicity[""]).pick(rng)

    if front_line:
        r = rng.random()
        threshold = (0.70, 0.90) if p.migrant else (0.92, 0.98)
        p.form = "劳动合同制" if r < threshold[0] else ("劳务派遣" if r < threshold[1] else "临时工")
    else:
        p.form = "劳动合同制"

    age_2025 = age_on(p.birth, WINDOW_END)
    r = rng.random()
    party_share = 0.25 if kind in ("office", "engineer") else 0.09
    if r < party_share:
        p.political = PoliticalStatus.CPC_MEMBER.value
    elif r < party_share + 0.01:
        p.political = PoliticalStatus.CPC_PROBATIONARY.value
    elif r < party_share + 0.015:
        p.political = PoliticalStatus.DEMOCRATIC_PARTY.value
    elif age_2025 <= 28 and r < party_share + 0.40:
        p.political = PoliticalStatus.CYL_MEMBER.value
    else:
        p.political = PoliticalStatus.MASSES.value
    p.notes = "退役军人" if not female and rng.random() < 0.02 else None

    _draw_employment(ctx, p, min_age, retire_age)
    _draw_membership(ctx, p)
    p.card = f"GHK{p.join.year}{pid:07d}" if p.join is not None and rng.random() < 0.88 else None
    return p


def _draw_employment(ctx: Context, p: Person, min_age: int, retire_age: int) -> None:
    """Most were hired before 2021; new hires and departures spread over 2021–2025."""
    rng = ctx.rng
    earliest = max(add_years(p.birth, min_age), COMPANY_FOUNDED)
    retire = add_years(p.birth, retire_age)
    # Nobody is newly hired in the last year before retirement (that would be 返聘, not 在岗).
    latest_new_hire = min(WINDOW_END, retire - timedelta(days=365))
    if earliest > PRE_WINDOW_END or (rng.random() < _NEW_HIRE_SHARE and latest_new_hire >= WINDOW_START):
        p.hire = rand_date(rng, max(earliest, WINDOW_START), latest_new_hire)
    else:
        p.hire = rand_date(rng, earliest, PRE_WINDOW_END)
    leave = None
    if rng.random() < _LEAVE_SHARE:
        lo_leave = max(p.hire + timedelta(days=60), WINDOW_START)
        if lo_leave < WINDOW_END:
            leave = rand_date(rng, lo_leave, WINDOW_END)
    p.emp_end = p.emp_end_status = None
    if WINDOW_START <= retire <= WINDOW_END and retire > p.hire and (leave is None or retire <= leave):
        p.emp_end, p.emp_end_status = retire, EmploymentStatus.RETIRED.value
    elif leave is not None:
        p.emp_end, p.emp_end_status = leave, EmploymentStatus.RESIGNED.value


def _draw_membership(ctx: Context, p: Person) -> None:
    """入会 or 转入 after hiring for most; the end of membership follows the end of employment."""
    rng, pop = ctx.rng, population()
    p.join = p.join_kind = p.join_reason = None
    p.mem_end = p.mem_end_kind = p.mem_end_reason = None
    if rng.random() < _MEMBER_SHARE[p.form]:
        if p.hire <= PRE_WINDOW_END and rng.random() >= _LATE_JOIN_SHARE:
            if rng.random() < 0.12:
                kind_, join = MembershipEventKind.TRANSFER_IN, p.hire + timedelta(days=rng.randint(0, 20))
            else:
                kind_, join = MembershipEventKind.JOIN, p.hire + timedelta(days=rng.randint(10, 120))
            join = min(join, PRE_WINDOW_END)
        elif p.hire <= PRE_WINDOW_END:
            kind_, join = MembershipEventKind.JOIN, rand_date(rng, WINDOW_START, WINDOW_END)
        elif rng.random() < 0.25:
            kind_, join = MembershipEventKind.TRANSFER_IN, p.hire + timedelta(days=rng.randint(0, 20))
        else:
            kind_, join = MembershipEventKind.JOIN, p.hire + timedelta(days=rng.randint(10, 150))
        if join <= WINDOW_END and (p.emp_end is None or join < p.emp_end):
            p.join, p.join_kind = join, kind_.value
            if kind_ is MembershipEventKind.TRANSFER_IN:
                p.join_reason = rng.choice(pop.transfer_in_reasons)
            else:
                p.join_reason = pop.late_join_reason if p.hire <= PRE_WINDOW_END < join else pop.join_reason
    if p.join is not None:
        if p.emp_end_status == EmploymentStatus.RETIRED:
            p.mem_end, p.mem_end_kind, p.mem_end_reason = p.emp_end, MembershipEventKind.RETAIN.value, "退休，保留会籍"
        elif p.emp_end is not None:
            if rng.random() < 0.75:
                p.mem_end, p.mem_end_kind, p.mem_end_reason = (
                    p.emp_end, MembershipEventKind.TRANSFER_OUT.value, "离职，会籍转往新单位工会")
            else:
                p.mem_end, p.mem_end_kind, p.mem_end_reason = (
                    p.emp_end, MembershipEventKind.QUIT.value, "离职，本人申请退会")
        elif rng.random() < _QUIT_WHILE_EMPLOYED:
            lo_quit = max(p.join + timedelta(days=180), WINDOW_START)
            if lo_quit < WINDOW_END:
                p.mem_end, p.mem_end_kind = rand_date(rng, lo_quit, WINDOW_END), MembershipEventKind.QUIT.value
                p.mem_end_reason = rng.choice(pop.quit_reasons)


def _cast_union_officers(ctx: Context) -> None:
    """The chair and the union's clerk are on the roster too (they sign the batch lists)."""
    ident, pop = identity(), population()
    for person, officer in zip(ctx.people[:2], ident.officers):
        person.surname, person.name, person.gender = officer.name[0], officer.name, officer.gender.value
        person.birth = officer.birth
        person.dept = pop.departments[0]
        person.position, person.political = officer.position, officer.political.value
        person.education, person.tech_level, person.form = Education.BACHELOR.value, None, "劳动合同制"
        person.migrant, person.hukou_type = False, HukouType.URBAN.value
        person.region, person.hukou_place = ident.officer_region
        person.id_number = draw_id_number(ctx, person.region, officer.birth, officer.gender is Gender.FEMALE)
        person.hire = officer.hired
        person.join, person.join_kind, person.join_reason = person.hire + timedelta(days=30), "入会", pop.join_reason
        person.emp_end = person.emp_end_status = person.mem_end = person.mem_end_kind = person.mem_end_reason = None
        person.card = f"GHK{person.join.year}{person.id:07d}"
        person.notes = None


def _add_rare_departures(ctx: Context) -> None:
    """A couple of 除名 and one 去世 per few hundred people: rare events the registers must show."""
    rng = ctx.rng
    wanted = [("除名", max(2, ctx.size // 250)), ("去世", max(1, ctx.size // 600))]
    for kind, count in wanted:
        attempts = 0
        while count and attempts < 50 * ctx.size:
            attempts += 1
            p = ctx.people[rng.randrange(2, ctx.size)]
            if p.join is None or p.emp_end is not None or p.mem_end is not None:
                continue
            lo = max(p.join, p.hire, WINDOW_START) + timedelta(days=30)
            hi = WINDOW_END - timedelta(days=45)  # leaves room for the 丧葬慰问 after a death
            if lo > hi:
                continue
            d = rand_date(rng, lo, hi)
            p.emp_end, p.emp_end_status = d, EmploymentStatus.RESIGNED.value
            if kind == "除名":
                p.mem_end, p.mem_end_kind = d, MembershipEventKind.EXPEL.value
                p.mem_end_reason = "因违法犯罪被依法追究刑事责任，经工会委员会讨论决定开除会籍"
                p.notes = "已依法解除劳动合同"
            else:
                # 就业状况 has no 去世; 退职 ends the employment so the person leaves 职工总数.
                p.mem_end, p.mem_end_kind, p.mem_end_reason = d, MembershipEventKind.DECEASED.value, "因病去世"
                p.notes = f"{cn_date(d)}因病去世"
            count -= 1


def insert_people(ctx: Context) -> None:
    """Roster, employment and membership rows (8 progress steps)."""
    people = ctx.people
    ctx.counts["members"] = ctx.insert_chunked(
        Member.__table__, (p.member_row() for p in people), steps=4, expected=len(people)
    )

    def employment_rows() -> Iterator[dict[str, Any]]:
        n = 0
        for p in people:
            n += 1
            yield {"id": n, "member_id": p.id, "status": EmploymentStatus.ON_DUTY.value, "date": p.hire}
            if p.emp_end is not None:
                n += 1
                yield {"id": n, "member_id": p.id, "status": p.emp_end_status, "date": p.emp_end}

    def membership_rows() -> Iterator[dict[str, Any]]:
        n = 0
        for p in people:
            if p.join is None:
                continue
            n += 1
            yield {"id": n, "member_id": p.id, "kind": p.join_kind, "date": p.join, "reason": p.join_reason}
            if p.mem_end is not None:
                n += 1
                yield {"id": n, "member_id": p.id, "kind": p.mem_end_kind, "date": p.mem_end,
                       "reason": p.mem_end_reason}

    ctx.extra_counts["employment_events"] = ctx.insert_chunked(
        EmploymentEvent.__table__, employment_rows(), steps=2, expected=len(people)
    )
    ctx.counts["membership_events"] = ctx.insert_chunked(
        MembershipEvent.__table__, membership_rows(), steps=2, expected=len(people)
    )
