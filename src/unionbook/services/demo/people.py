"""Who the fictional people are: the population tables they are drawn from
(resources/demo/people.json and names.json), and the draws for names, ID numbers and phones.

Apart from the roster itself (members.py), the hardship households (hardship.py) need names and valid,
unused ID numbers too. Those draws therefore live here, next to the tables they read, and not in
either register.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from unionbook.domain.idnumber import check_digit
from unionbook.domain.vocab import Education
from unionbook.services.demo.common import Weighted, load
from unionbook.services.demo.context import Context
from unionbook.services.demo.records import Dept


@dataclass(frozen=True)
class Population:
    """The tables of people.json, ready to draw from (weights kept in file order: the order is part
    of the random stream)."""

    departments: tuple[Dept, ...]
    dept_table: Weighted[Dept]
    position_tables: dict[str, Weighted[str]]
    female_share: dict[str, float]  # by department kind
    education: dict[str, Weighted[Education]]
    tech_levels: dict[str, Weighted[str | None]]  # kinds without titles are missing
    min_hire_age: dict[Education, int]  # nobody starts work before finishing school (or before 18)
    urban_regions: Weighted[tuple[str, str]]  # (address code, 户籍所在地)
    rural_regions: Weighted[tuple[str, str]]
    ethnicity: dict[str, Weighted[str]]  # by the region code's province prefix; "" for elsewhere
    phone_prefixes: tuple[str, ...]
    join_reason: str
    late_join_reason: str
    transfer_in_reasons: tuple[str, ...]
    quit_reasons: tuple[str, ...]


@lru_cache(maxsize=1)
def population() -> Population:
    data = load("people.json")
    departments = tuple(
        Dept(d["name"], d["weight"], d["kind"], tuple((pos, w) for pos, w in d["positions"]))
        for d in data["departments"]
    )
    kinds: dict[str, dict[str, Any]] = data["kinds"]
    return Population(
        departments=departments,
        dept_table=Weighted((d, d.weight) for d in departments),
        position_tables={d.name: Weighted(d.positions) for d in departments},
        female_share={kind: k["female_share"] for kind, k in kinds.items()},
        education={kind: Weighted((Education(e), w) for e, w in k["education"]) for kind, k in kinds.items()},
        tech_levels={
            kind: Weighted((level, w) for level, w in k["tech_levels"])
            for kind, k in kinds.items()
            if "tech_levels" in k
        },
        min_hire_age={Education(e): age for e, age in data["min_hire_age"].items()},
        urban_regions=Weighted(((code, place), w) for (code, place), w in data["urban_regions"]),
        rural_regions=Weighted(((code, place), w) for (code, place), w in data["rural_regions"]),
        ethnicity={prefix: Weighted((e, w) for e, w in table) for prefix, table in data["ethnicity"].items()},
        phone_prefixes=tuple(data["phone_prefixes"]),
        join_reason=data["join_reason"],
        late_join_reason=data["late_join_reason"],
        transfer_in_reasons=tuple(data["transfer_in_reasons"]),
        quit_reasons=tuple(data["quit_reasons"]),
    )


@dataclass(frozen=True)
class NameLists:
    surnames: Weighted[str]
    male: str
    female: str
    first: str


@lru_cache(maxsize=1)
def names() -> NameLists:
    data = load("names.json")
    return NameLists(
        surnames=Weighted((s, float(w)) for s, w in data["surnames"]),
        male=data["given_male"],
        female=data["given_female"],
        first=data["given_first"],
    )


# -- identity draws ------------------------------------------------------------------------------


def draw_surname(ctx: Context) -> str:
    return names().surnames.pick(ctx.rng)


def draw_name(ctx: Context, female: bool, surname: str | None = None) -> str:
    rng, lists = ctx.rng, names()
    surname = surname or draw_surname(ctx)
    given_chars = lists.female if female else lists.male
    if rng.random() < 0.3:
        return surname + rng.choice(given_chars)
    return surname + rng.choice(lists.first + given_chars) + rng.choice(given_chars)


def draw_id_number(ctx: Context, region: str, birth: date, female: bool) -> str:
    """A valid, unused 18-digit number: the 17th digit is odd for men, even for women."""
    rng = ctx.rng
    while True:
        seq = rng.randrange(0, 500) * 2 + (0 if female else 1)
        if seq == 0:
            continue  # sequence 000 is never issued
        first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
        number = first17 + check_digit(first17)
        if number not in ctx.used_ids:
            ctx.used_ids.add(number)
            return number


def draw_phone(ctx: Context) -> str:
    rng, prefixes = ctx.rng, population().phone_prefixes
    while True:
        phone = rng.choice(prefixes) + f"{rng.randrange(100_000_000):08d}"
        if phone not in ctx.used_phones:
            ctx.used_phones.add(phone)
            return phone
