"""开支标准 (spending rules) and the breaches a chair went ahead with, with the reason given.

Rules are rows, not code: a province's preset (resources/spending_rules/) is loaded into this table
and edited in 设置. A breach row is written when a payment that breaks a rule is saved anyway; it
keeps the rule's wording as it was then, so editing a cap later does not rewrite history.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Table, Text

from unionbook.db.metadata import metadata
from unionbook.db.tables._columns import created_at, in_vocab, non_negative, updated_at, version
from unionbook.domain.vocab import AidProgram, SpendingRuleKind

spending_rules = Table(
    "spending_rules", metadata,
    Column("id", Integer, primary_key=True),
    Column("program", String(20), nullable=False, index=True),
    Column("kind", String(20), nullable=False),
    Column("cap_fen", Integer),  # for 每人每年限额
    Column("basis", String(200), nullable=False, default=""),  # 依据, e.g. 皖工发〔2025〕18号
    Column("enabled", Boolean, nullable=False, default=True),
    Column("notes", Text),
    created_at(),
    updated_at(),
    version(),
    in_vocab("program", AidProgram, nullable=False),
    in_vocab("kind", SpendingRuleKind, nullable=False),
    non_negative("cap_fen"),
)  # fmt: skip

#: A disbursement saved although it broke a rule: what it broke (as worded then) and why.
rule_breaches = Table(
    "rule_breaches", metadata,
    Column("id", Integer, primary_key=True),
    Column("payment_id", Integer, ForeignKey("aid_payments.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("rule_id", Integer, ForeignKey("spending_rules.id", ondelete="SET NULL")),
    Column("kind", String(20), nullable=False),
    Column("message", String(500), nullable=False),  # "节日慰问每人每年不超过2,200.00元：…"
    Column("reason", String(500), nullable=False),  # the chair's reason for going ahead
    created_at(),
)  # fmt: skip
