"""The ORM classes of the spending-rule tables (db/tables/spending_rule.py holds their columns and
why): 开支标准 and the breaches a chair went ahead with."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Mapped

from unionbook.db.base import Base
from unionbook.db.models._types import Versioned
from unionbook.db.tables.spending_rule import rule_breaches, spending_rules


class SpendingRule(Versioned, Base):
    __table__ = spending_rules

    id: Mapped[int]
    program: Mapped[str]
    kind: Mapped[str]
    cap_fen: Mapped[int | None]
    basis: Mapped[str]
    enabled: Mapped[bool]
    notes: Mapped[str | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class RuleBreach(Base):
    """A disbursement saved although it broke a rule: what it broke (as worded then) and why."""

    __table__ = rule_breaches

    id: Mapped[int]
    payment_id: Mapped[int]
    rule_id: Mapped[int | None]
    kind: Mapped[str]
    message: Mapped[str]
    reason: Mapped[str]
    created_at: Mapped[datetime]
