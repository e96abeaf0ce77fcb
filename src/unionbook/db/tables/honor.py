"""Honors (荣誉与创建): a title conferred on a person of the roster or on a collective.

A person's honor points at the member (and goes with them when a wrongly entered person is
deleted); a collective's names the 班组, 部门 or the union in words, since collectives are not
records of their own. Holding 劳动模范 is what makes a member eligible for 困难劳模帮扶.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, Date, ForeignKey, Integer, String, Table, Text

from unionbook.db.metadata import metadata
from unionbook.db.tables._columns import created_at, in_vocab, updated_at, version
from unionbook.domain.vocab import HonorKind, HonorLevel, Recipient

honors = Table(
    "honors", metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(20), nullable=False, index=True),
    Column("title", String(200), nullable=False),  # 荣誉称号 as conferred: "2024年度江川市五一劳动奖章"
    Column("level", String(10), nullable=False),
    Column("awarded_on", Date, nullable=False, index=True),
    Column("issuer", String(200)),  # 授予单位
    Column("recipient", String(10), nullable=False),
    Column("member_id", Integer, ForeignKey("members.id", ondelete="CASCADE"), index=True),
    Column("collective", String(100)),  # 获奖集体: "数控车间二班"
    Column("notes", Text),
    created_at(),
    updated_at(),
    version(),
    in_vocab("kind", HonorKind, nullable=False),
    in_vocab("level", HonorLevel, nullable=False),
    in_vocab("recipient", Recipient, nullable=False),
    # A person's honor names the member; a collective's does not (it names the collective).
    CheckConstraint(f"(recipient = '{Recipient.PERSON.value}') = (member_id IS NOT NULL)", name="person_named"),
)  # fmt: skip
