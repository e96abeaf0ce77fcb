"""经费 (union funds): the income and spending sub-ledger, and the year's budget per category.

Aid disbursements and activity costs are already recorded in their own registers; the ledger shows
them without a second entry (services/fund_ledger.py), and so are the dues collected (会费收入). An
entry that links to a batch, a payment, an activity or a month's dues takes it over: it is the
voucher for that spending, and the derived line disappears.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, Date, ForeignKey, Integer, String, Table, Text, UniqueConstraint

from unionbook.db.metadata import metadata
from unionbook.db.tables._columns import created_at, in_vocab, updated_at, version
from unionbook.domain.vocab import FundCategory

#: One entry of the ledger (收入 or 支出 by its category), linked to at most one record it books.
fund_entries = Table(
    "fund_entries", metadata,
    Column("id", Integer, primary_key=True),
    Column("date", Date, nullable=False, index=True),
    Column("category", String(20), nullable=False, index=True),
    Column("sub_item", String(50), nullable=False, default=""),  # 明细科目 (文体活动, 困难帮扶 …)
    Column("amount_fen", Integer, nullable=False),
    Column("voucher_no", String(50)),  # 凭证号
    Column("summary", String(200), nullable=False, default=""),  # 摘要
    Column("aid_batch_id", Integer, ForeignKey("aid_batches.id", ondelete="SET NULL"), index=True),
    Column("aid_payment_id", Integer, ForeignKey("aid_payments.id", ondelete="SET NULL"), index=True),
    Column("activity_id", Integer, ForeignKey("activities.id", ondelete="SET NULL"), index=True),
    #: A 会费收入 entry booking the dues collected in this month (its first day) takes that month's
    #: derived line over, as a linked entry does a batch's.
    Column("dues_month", Date),
    Column("notes", Text),
    created_at(),
    updated_at(),
    version(),
    in_vocab("category", FundCategory, nullable=False),
    CheckConstraint("amount_fen > 0", name="amount_fen_positive"),
    CheckConstraint(
        "(aid_batch_id IS NOT NULL) + (aid_payment_id IS NOT NULL) + (activity_id IS NOT NULL)"
        " + (dues_month IS NOT NULL) <= 1",
        name="one_link",
    ),
)  # fmt: skip

#: 预算: the year's planned amount for one income or spending category.
fund_budgets = Table(
    "fund_budgets", metadata,
    Column("id", Integer, primary_key=True),
    Column("year", Integer, nullable=False, index=True),
    Column("category", String(20), nullable=False),
    Column("amount_fen", Integer, nullable=False),
    Column("notes", Text),
    updated_at(),
    version(),
    UniqueConstraint("year", "category", name="uq_fund_budgets_year_category"),
    in_vocab("category", FundCategory, nullable=False),
    CheckConstraint("amount_fen >= 0", name="amount_fen_nonneg"),
    CheckConstraint("year BETWEEN 1990 AND 2100", name="year_range"),
)  # fmt: skip
