"""People who can be counted by two unions, as a package carries them: a key per person instead of
the ID number, and which of the distinct-person figures the person counts in, for each period.

FIGURES.md defines some figures as distinct people — 会员总数 and the member counts beside it,
帮扶慰问总人数 and each program's X人数, 在档困难职工户数 (a file is a member's), 互助保障参保人数,
劳模人数. A district adds the unions' figures up, so a member who moved between two unions within a
year, or a worker helped by both the union of the firm and the 联合基层工会 of the park, would count
twice. The package therefore carries one row per person counted in any of them: the person's key,
and a bit per figure (`DISTINCT`, in order) for the calendar year and for the statistical year.

The key is SHA-256 over "unionbook-package/<year>/" and the ID number (the first 32 hex digits):
the same person has the same key in every union's package for a year, and another key the next
year. It is a pseudonym, not anonymity — anyone who guesses a number (region, birth date and a
sequence) can compute its key — so it keeps the number out of sight of whoever handles the file,
as masking does on screens, and the plain number goes out only with `--with-registers --show-id`.
A person without an ID number has the key "" and counts once in each union.

`DISTINCT` is append-only: the district book stores the bits as they are here (district_counted).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from unionbook.db.models import AidPayment, HardshipFile, Honor, Member, MutualAidEnrollment
from unionbook.domain.vocab import AidProgram, HonorKind, MembershipEventKind
from unionbook.services.figures import Period
from unionbook.services.figures.aid import open_at
from unionbook.services.member_status import joined_within, latest_membership_kind

#: The distinct-person figures, in bit order (append only: stored masks keep their meaning).
DISTINCT: tuple[str, ...] = (
    "会员总数", "新入会人数", "女会员数", "农民工会员数", "帮扶慰问总人数", "在档困难职工户数", "互助保障参保人数", "劳模人数",
    *(f"{p.value}人数" for p in AidProgram.with_own_figures()),
)  # fmt: skip
BIT = {name: 1 << i for i, name in enumerate(DISTINCT)}
#: What a version 1 package's full-ID roster says of a person (its other figures are the union's own).
ROSTER_FIGURES = frozenset({"会员总数", "新入会人数", "女会员数", "农民工会员数"})
_ACTIVE = [k.value for k in MembershipEventKind.active()]
_PROGRAM_FIGURE = {p.value: f"{p.value}人数" for p in AidProgram.with_own_figures()}


def person_key(year: int, id_number: str | None) -> str:
    """The person's key in the year's packages ("" without an ID number)."""
    number = (id_number or "").strip().upper()
    if not number:
        return ""
    return hashlib.sha256(f"unionbook-package/{year}/{number}".encode()).hexdigest()[:32]


def mask_of(names: list[str] | set[str]) -> int:
    return sum(BIT[name] for name in set(names) if name in BIT)


def _counted(session: Session, period: Period) -> dict[int, int]:
    """member id → bits of the figures the member counts in for the period."""
    bits: dict[int, int] = defaultdict(int)
    kind = latest_membership_kind(period.end)
    active = kind.in_(_ACTIVE)
    joined = joined_within(period.start, period.end)
    query = select(Member.id, active, joined, Member.gender, Member.is_migrant_worker).where(active | joined)
    for member_id, is_active, is_new, gender, migrant in session.execute(query):
        if is_active:
            bits[member_id] |= BIT["会员总数"] | (BIT["女会员数"] if gender == "女" else 0) | (BIT["农民工会员数"] if migrant else 0)
        if is_new:
            bits[member_id] |= BIT["新入会人数"]
    helped = select(AidPayment.member_id, AidPayment.program).where(AidPayment.date.between(period.start, period.end)).distinct()
    for member_id, program in session.execute(helped):
        bits[member_id] |= BIT["帮扶慰问总人数"] | BIT.get(_PROGRAM_FIGURE.get(program, ""), 0)
    others = (
        ("在档困难职工户数", select(HardshipFile.member_id).where(open_at(period.end))),
        ("互助保障参保人数", select(MutualAidEnrollment.member_id).where(MutualAidEnrollment.year == period.end.year)),
        ("劳模人数", select(Honor.member_id).where(and_(Honor.kind == HonorKind.MODEL_WORKER.value,
                                                       Honor.awarded_on <= period.end, Honor.member_id.is_not(None)))),
    )  # fmt: skip
    for name, query in others:
        for member_id in session.scalars(query.distinct()):
            bits[member_id] |= BIT[name]
    return bits


def counted_people(session: Session, year: int) -> list[list]:
    """people.json's rows for the year: [key, calendar-year bits, statistical-year bits], one per
    person counted in either (people without an ID number each a row of their own)."""
    calendar, statistical = _counted(session, Period.year(year)), _counted(session, Period.statistical_year(year))
    ids = sorted(calendar.keys() | statistical.keys())
    numbers: dict[int, str | None] = {}
    for start in range(0, len(ids), 5000):  # SQLite's bound parameters per statement
        chunk = ids[start : start + 5000]
        numbers.update(session.execute(select(Member.id, Member.id_number).where(Member.id.in_(chunk))).all())  # type: ignore[arg-type]
    return [[person_key(year, numbers.get(i)), calendar.get(i, 0), statistical.get(i, 0)] for i in ids]


def translator(names: list[str]):
    """A package's bits (named by its `people.bits`) → this program's bits; the identity when the
    package's list is ours or a prefix of it (the usual case), else bit by bit."""
    if list(names) == list(DISTINCT[: len(names)]):
        return lambda bits: bits
    pairs = [(1 << i, BIT[name]) for i, name in enumerate(names) if name in BIT]
    return lambda bits: sum(ours for theirs, ours in pairs if bits & theirs)


def roster_people(year: int, rows: list[dict]) -> list[list]:
    """A version 1 package's full-ID roster as people rows (calendar year only: it has no other)."""
    people = []
    for row in rows:
        member = BIT["会员总数"] | (BIT["女会员数"] if row["gender"] == "女" else 0) | (BIT["农民工会员数"] if row["migrant"] else 0)
        bits = (member if row["is_member"] else 0) | (BIT["新入会人数"] if row["joined"] else 0)
        if bits:
            people.append([person_key(year, row["id_number"]), bits, 0])
    return people
