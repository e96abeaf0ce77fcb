"""Rights cases (维权): legal advice, labour-dispute mediation, legal aid, requests handled.

The person is optional (a request may come from a whole 班组) and private by default: lists and
prints mask the name unless the chair shows it. A member on the roster is linked when known; the
name is kept in words too, so a case stays readable after the person left the roster.
"""

from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, Column, Date, ForeignKey, Integer, String, Table, Text

from unionbook.db.metadata import metadata
from unionbook.db.tables._columns import created_at, in_vocab, not_before, updated_at, version
from unionbook.domain.vocab import CaseKind, CaseOutcome

rights_cases = Table(
    "rights_cases", metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(20), nullable=False, index=True),
    Column("person_name", String(50)),  # 当事人
    Column("member_id", Integer, ForeignKey("members.id", ondelete="SET NULL"), index=True),
    Column("opened_on", Date, nullable=False, index=True),  # 受理日期
    Column("closed_on", Date, index=True),  # 办结日期
    Column("request", Text, nullable=False),  # 事项 / 诉求内容
    Column("outcome", String(10), nullable=False, default=CaseOutcome.OPEN.value),
    Column("handling", Text),  # 办理情况
    Column("private", Boolean, nullable=False, default=True),
    created_at(),
    updated_at(),
    version(),
    in_vocab("kind", CaseKind, nullable=False),
    in_vocab("outcome", CaseOutcome, nullable=False),
    not_before("closed_on", "opened_on"),
    # Open (办理中) exactly while there is no 办结日期.
    CheckConstraint(f"(outcome = '{CaseOutcome.OPEN.value}') = (closed_on IS NULL)", name="open_until_closed"),
)  # fmt: skip
