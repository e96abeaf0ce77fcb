"""A person's membership at a date, read two ways: the per-person lookup and the spans read in one
pass (a chart over five year ends) must say the same, undated and same-day events included."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from unionbook.db.models import Member, MembershipEvent
from unionbook.services.database import Database
from unionbook.services.member_status import holds_at, latest_membership_kind, membership_spans


def test_spans_give_the_status_the_lookup_gives(db: Database) -> None:
    events = {
        "甲": [("入会", None), ("转出", date(2023, 6, 30))],  # undated join: the earliest
        "乙": [("入会", date(2022, 3, 1)), ("保留", date(2024, 1, 1)), ("转入", date(2024, 1, 1))],  # same day: the later wins
        "丙": [("入会", date(2025, 2, 1))],
        "丁": [],
    }
    with db.session_factory.begin() as session:
        for name, kinds in events.items():
            person = Member(name=name, is_migrant_worker=False)
            session.add(person)
            session.flush()
            session.add_all(MembershipEvent(member_id=person.id, kind=kind, date=day) for kind, day in kinds)
    expected = {  # by hand: (甲, 乙, 丙, 丁) on each date
        date(2021, 12, 31): ("入会", None, None, None),
        date(2022, 3, 1): ("入会", "入会", None, None),
        date(2023, 6, 30): ("转出", "入会", None, None),
        date(2024, 1, 1): ("转出", "转入", None, None),
        date(2025, 12, 31): ("转出", "转入", "入会", None),
    }
    spans = membership_spans()
    with db.session_factory() as session:
        for at, kinds in expected.items():
            looked_up = dict(session.execute(select(Member.name, latest_membership_kind(at))).all())
            spanned = dict(session.execute(
                select(Member.name, spans.c.kind).join(spans, spans.c.member_id == Member.id).where(holds_at(spans, at))
            ).all())  # fmt: skip
            assert tuple(looked_up[n] for n in "甲乙丙丁") == kinds, at
            assert tuple(spanned.get(n) for n in "甲乙丙丁") == kinds, at
