"""The hardship register: 困难职工档案 with their households, closures and yearly reviews and visits.

The files are built in memory right after the roster and before its rows are written, because the
roster must know its 劳模 (marked in their notes). The files are written later, after the contracts,
and the payments (aid.py) then read them from `ctx.files`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from unionbook.db.models import HardshipFamilyMember, HardshipFile, HardshipReview
from unionbook.domain.vocab import (
    EmploymentStatus,
    HardshipCategory,
    HardshipCause,
    HardshipCloseReason,
    HardshipReviewKind,
    MembershipEventKind,
)
from unionbook.services.demo.common import (
    FRONT_LINE,
    WINDOW_END,
    YEARS,
    add_years,
    age_on,
    load,
    rand_date,
    warmth_date,
    weekday,
)
from unionbook.services.demo.context import Context
from unionbook.services.demo.people import draw_id_number, draw_name, draw_surname
from unionbook.services.demo.records import DemoFile, Person


@dataclass(frozen=True)
class _Households:
    """hardship.json: what the household members' health and the spouse's work can be."""

    illnesses: tuple[str, ...]
    disabilities: tuple[str, ...]
    spouse_jobs: tuple[tuple[str, int], ...]  # (work, yearly income in fen)


@lru_cache(maxsize=1)
def _households() -> _Households:
    data = load("hardship.json")
    return _Households(
        illnesses=tuple(data["illnesses"]),
        disabilities=tuple(data["disabilities"]),
        spouse_jobs=tuple((work, income) for work, income in data["spouse_jobs"]),
    )


def _leaving(p: Person) -> tuple[date, str] | None:
    """When and why a person stops being someone the union looks after here."""
    if p.mem_end is not None and p.mem_end_kind == MembershipEventKind.DECEASED:
        return p.mem_end, HardshipCloseReason.OTHER.value
    if p.mem_end is not None and p.mem_end_kind == MembershipEventKind.EXPEL:
        return p.mem_end, HardshipCloseReason.INELIGIBLE.value
    if p.emp_end is not None and p.emp_end_status == EmploymentStatus.RESIGNED:
        return p.emp_end, HardshipCloseReason.TRANSFERRED.value
    if p.mem_end is not None and p.mem_end_kind == MembershipEventKind.QUIT:
        return p.mem_end, HardshipCloseReason.INELIGIBLE.value
    return None


def build_hardship(ctx: Context) -> None:
    """Files, households and closures in memory (1 progress step)."""
    rng = ctx.rng
    wanted = max(8, round(ctx.size * 0.035))
    taken: set[int] = set()
    files: list[DemoFile] = []
    family_rows: list[dict[str, Any]] = []
    attempts = 0
    while len(files) < wanted and attempts < 200 * wanted:
        attempts += 1
        # A drive before the 2021 Spring Festival opened many files at once; the rest trickle in.
        opened = (weekday(rand_date(rng, date(2021, 1, 4), date(2021, 1, 20))) if rng.random() < 0.3
                  else weekday(rand_date(rng, date(2021, 2, 1), date(2025, 11, 28))))
        p = ctx.people[rng.randrange(2, ctx.size)]
        if p.id in taken or not (p.active(opened) and p.on_duty(opened)):
            continue
        if p.dept.kind not in FRONT_LINE and rng.random() < 0.7:
            continue  # hardship concentrates among lower-paid front-line workers
        taken.add(p.id)
        category = rng.choices(
            (HardshipCategory.DEEP, HardshipCategory.RELATIVE, HardshipCategory.ACCIDENT), (3, 5, 2)
        )[0]
        if category is HardshipCategory.ACCIDENT:
            causes = {rng.choice((HardshipCause.ACCIDENT, HardshipCause.DISASTER))}
            if rng.random() < 0.4:
                causes.add(HardshipCause.ILLNESS)
        else:
            pool = (HardshipCause.ILLNESS, HardshipCause.DISABILITY, HardshipCause.EDUCATION,
                    HardshipCause.SINGLE_PARENT, HardshipCause.UNEMPLOYMENT, HardshipCause.LOW_INCOME)
            how_many = rng.randint(2, 3) if category is HardshipCategory.DEEP else rng.randint(1, 2)
            causes = set(rng.sample(pool, how_many))
        ordered = [c.value for c in HardshipCause if c in causes]  # vocabulary order, as forms print them
        file = DemoFile(len(files) + 1, p, category.value, ordered, opened, None, None, [])
        family_rows.extend(_family(ctx, file))
        if rng.random() < 0.35:
            lo = opened + timedelta(days=300)
            if lo < WINDOW_END:
                file.closed = rand_date(rng, lo, WINDOW_END)
                reasons = (HardshipCloseReason.RELIEVED, HardshipCloseReason.INELIGIBLE, HardshipCloseReason.OTHER)
                file.close_reason = rng.choices(reasons, (7, 2, 1))[0].value
        leaving = _leaving(p)
        if leaving is not None and leaving[0] > opened and (file.closed is None or leaving[0] < file.closed):
            file.closed, file.close_reason = leaving
        files.append(file)
    for n, row in enumerate(family_rows, start=1):
        row["id"] = n
    ctx.files = files
    ctx.family_rows = family_rows
    # 困难劳模: one 劳模 per thousand people (at least one), among those with a file.
    # The earliest files of people still here, so that their 帮扶 shows up in most years.
    staying = (f for f in files if f.person.emp_end is None and f.closed is None)
    longest = sorted(staying, key=lambda f: (f.opened, f.id))
    ctx.model_files = longest[: max(1, ctx.size // 1000)]
    for f in ctx.model_files:
        f.person.notes = "区劳动模范（2016年）"
    ctx.progress.step()


def _family(ctx: Context, f: DemoFile) -> list[dict[str, Any]]:
    """The household behind a file: spouse, children, parents, with their own valid IDs.

    Also makes the causes agree with the household (失业 needs a spouse out of work, 单亲 a child).
    """
    rng, p, households = ctx.rng, f.person, _households()
    rows: list[dict[str, Any]] = []
    ill = HardshipCause.ILLNESS.value in f.causes
    disabled = HardshipCause.DISABILITY.value in f.causes
    sick_assigned = False

    def add(name: str, relation: str, birth: date, female: bool, income: int, work: str) -> None:
        nonlocal sick_assigned
        health = "健康"
        if ill and not sick_assigned and relation not in ("儿子", "女儿"):
            sick_assigned = True
            health = rng.choice(households.illnesses)
        elif disabled and rng.random() < 0.4:
            health = rng.choice(households.disabilities)
        if health != "健康" and relation == "配偶":
            work, income = "病休在家", 0  # an ill or disabled spouse is why the household struggles
        rows.append({
            "id": 0, "file_id": f.id, "name": name, "relation": relation,
            "id_number": draw_id_number(ctx, p.region, birth, female), "income_fen": income,
            "health": health, "school_or_work": work,
        })

    single = HardshipCause.SINGLE_PARENT.value in f.causes
    spouse_female = not p.female
    # Children carry the father's surname.
    father_surname = p.surname if not p.female else draw_surname(ctx)
    has_spouse = not single and age_on(p.birth, f.opened) >= 24
    if has_spouse:
        spouse_birth = max(date(1955, 1, 1), p.birth + timedelta(days=rng.randint(-1500, 1500)))
        work, income = rng.choice(households.spouse_jobs)
        if HardshipCause.UNEMPLOYMENT.value in f.causes:
            work, income = "失业", 0
        add(draw_name(ctx, spouse_female, None if spouse_female else father_surname), "配偶", spouse_birth,
            spouse_female, income, work)
    elif HardshipCause.UNEMPLOYMENT.value in f.causes:
        f.causes = [c for c in f.causes if c != HardshipCause.UNEMPLOYMENT.value]
        if HardshipCause.LOW_INCOME.value not in f.causes:
            f.causes.append(HardshipCause.LOW_INCOME.value)
        f.causes = [c.value for c in HardshipCause if c.value in f.causes]
    needs_child = single or HardshipCause.EDUCATION.value in f.causes
    n_children = rng.choice((1, 1, 2, 2, 3)) if needs_child else rng.choice((0, 1, 1, 2))
    latest = f.opened - timedelta(days=60)
    for k in range(n_children):
        birth = add_years(p.birth, rng.randint(22, 36)) + timedelta(days=rng.randint(0, 364))
        if birth > latest:
            if not (needs_child and k == 0):
                continue
            birth = max(min(latest, add_years(f.opened, -rng.randint(3, 15))), add_years(p.birth, 18))
            if birth > latest:
                continue
        girl = rng.random() < 0.48
        age = age_on(birth, f.opened)
        work = ("学龄前" if age < 6 else "小学在读" if age < 12 else "初中在读" if age < 15 else
                "高中在读" if age < 18 else "大学在读" if age < 22 else "务工")
        name = draw_name(ctx, girl, father_surname)
        add(name, "女儿" if girl else "儿子", birth, girl, 200000 if work == "务工" else 0, work)
        f.children.append((name, birth))
    if rng.random() < 0.5:
        for relation, female in (("父亲", False), ("母亲", True)):
            if rng.random() < 0.7:
                birth = add_years(p.birth, -rng.randint(22, 32)) + timedelta(days=rng.randint(0, 364))
                work, income = ("务农", 40000) if p.migrant else ("退休", rng.randint(250, 420) * 1000)
                surname = p.surname if relation == "父亲" else None
                add(draw_name(ctx, female, surname), relation, birth, female, income, work)
    return rows


def _close_note(f: DemoFile) -> str | None:
    """Why a closed file was closed, in the words a ledger would use."""
    note = None
    if f.closed is not None and f.closed == f.person.mem_end:
        note = {MembershipEventKind.DECEASED.value: "本人去世，档案注销",
                MembershipEventKind.EXPEL.value: "本人被开除会籍，档案注销",
                MembershipEventKind.QUIT.value: "本人退会，档案注销"}.get(f.person.mem_end_kind or "")
    if note is None:
        note = {HardshipCloseReason.RELIEVED.value: "家庭收入提高，经复核认定解困脱困",
                HardshipCloseReason.TRANSFERRED.value: "本人离职，档案移交",
                HardshipCloseReason.INELIGIBLE.value: "经复核家庭人均收入已超过困难职工认定标准",
                HardshipCloseReason.OTHER.value: "家庭情况变化，本人申请撤档"}.get(f.close_reason or "")
    return note


def insert_hardship(ctx: Context) -> None:
    """File, household and review rows (1 progress step)."""
    rng = ctx.rng
    sizes: dict[int, int] = {}
    for r in ctx.family_rows:
        sizes[r["file_id"]] = sizes.get(r["file_id"], 0) + 1
    file_rows = []
    for f in ctx.files:
        deep = f.category == HardshipCategory.DEEP
        lo, hi = (600, 1000) if deep else (900, 1800)
        measures = ["春节送温暖慰问"]
        if HardshipCause.ILLNESS in f.causes:
            measures.append("医疗救助")
        if HardshipCause.EDUCATION in f.causes or f.children:
            measures.append("金秋助学")
        if HardshipCause.DISABILITY in f.causes:
            measures.append("协调企业调整适岗工作")
        if deep:
            measures.append("申请上级工会帮扶资金")
        file_rows.append({
            "id": f.id, "member_id": f.person.id, "category": f.category, "causes": "、".join(f.causes),
            "household_size": 1 + sizes.get(f.id, 0),
            "income_per_capita_fen": rng.randint(lo, hi) // 10 * 1000,
            "opened_on": f.opened, "measures": "；".join(measures), "closed_on": f.closed,
            "close_reason": f.close_reason, "notes": _close_note(f),
        })
    ctx.insert(HardshipFile.__table__, file_rows)
    ctx.insert_chunked(HardshipFamilyMember.__table__, ctx.family_rows)
    ctx.insert_chunked(HardshipReview.__table__, _reviews(ctx, ctx.files))
    ctx.counts["hardship_files"] = len(file_rows)
    ctx.extra_counts["hardship_family_members"] = len(ctx.family_rows)
    ctx.progress.step()


def _reviews(ctx: Context, files: Sequence[DemoFile]) -> Iterator[dict[str, Any]]:
    """A 复核 every December while a file is open, and the 走访 of each Spring Festival visit."""
    n = 0
    for f in files:
        for year in YEARS:
            visit = warmth_date(year)
            if f.open_on(visit):
                n += 1
                yield {"id": n, "file_id": f.id, "date": visit, "kind": HardshipReviewKind.VISIT.value,
                       "notes": "春节前入户走访，送去慰问金和米油"}
            review = date(year, 12, 10)
            if f.opened < review and (f.closed is None or review <= f.closed):
                n += 1
                relieved = (f.closed is not None and f.closed.year == year
                            and f.close_reason == HardshipCloseReason.RELIEVED)
                yield {"id": n, "file_id": f.id, "date": review, "kind": HardshipReviewKind.REVIEW.value,
                       "notes": "年度复核，家庭收入已超过困难标准" if relieved else "年度复核，仍符合建档条件，继续帮扶"}
    ctx.extra_counts["hardship_reviews"] = n
