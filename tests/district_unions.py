"""Small grassroots unions built directly (a few people each), for the district tests: faster
than the demo union by two orders of magnitude, and every count is known by hand."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from unionbook.domain.organisation import OrgFacts
from unionbook.services import members
from unionbook.services.database import Database
from unionbook.services.members import MemberInput
from unionbook.services.union import Profile, save_profile
from unionbook.services.union_facts import save_facts

#: Valid resident ID numbers (check digits right) for people who can be in two unions.
WANG_ID = "11010519491231002X"
LI_ID = "440106199001010013"
ZHAO_ID = "110101198001010053"


def small_union(db: Database, name: str, people: list[tuple[str, str, date | None]], *, founded: date | None = None,
                facts: OrgFacts | None = None) -> None:
    """A union called `name` with `people` (姓名, 证件号码, 入会日期 — None: not a member, an employee only)."""
    f = db.session_factory
    save_profile(f, Profile(union_name=name, unit_name=name.removesuffix("工会"), founded_on=founded))
    if facts is not None:
        save_facts(f, facts)
    for person, number, joined in people:
        members.save_member(f, MemberInput(name=person, id_number=number, is_member=joined is not None,
                                           join_date=joined))  # fmt: skip


def fresh_db(template_db: Path, folder: Path) -> Database:
    from server_books import copy_book

    return Database.open(copy_book(template_db, folder / "unionbook.sqlite"), source="test")
