"""The aid register: hardship files (困难职工档案) and every disbursement (帮扶/慰问发放)."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, ForeignKey, Index, Integer, String, Table, Text

from unionbook.db.metadata import metadata
from unionbook.db.tables._columns import created_at, in_vocab, non_negative, not_before, updated_at, version
from unionbook.domain.vocab import (
    AidProgram,
    FundingSource,
    HardshipCategory,
    HardshipCloseReason,
    HardshipReviewKind,
)

#: One file per household, opened (建档) and eventually closed (脱困 ...).
hardship_files = Table(
    "hardship_files", metadata,
    Column("id", Integer, primary_key=True),
    Column("member_id", Integer, ForeignKey("members.id", ondelete="RESTRICT"), nullable=False, index=True),
    Column("category", String(10), nullable=False),
    #: 致困原因, several labels of HardshipCause joined by "、" (the way forms print them).
    Column("causes", String(200), nullable=False, default=""),
    Column("household_size", Integer),
    Column("income_per_capita_fen", Integer),  # 人均月收入
    Column("opened_on", Date, nullable=False, index=True),
    Column("measures", Text),  # 帮扶措施
    Column("closed_on", Date),
    Column("close_reason", String(20)),
    Column("notes", Text),
    created_at(),
    updated_at(),
    version(),
    in_vocab("category", HardshipCategory, nullable=False),
    in_vocab("close_reason", HardshipCloseReason),
    not_before("closed_on", "opened_on"),
    non_negative("household_size"),
    non_negative("income_per_capita_fen"),
)  # fmt: skip

#: The household members of a hardship file (家庭成员), each with a monthly income.
hardship_family_members = Table(
    "hardship_family_members", metadata,
    Column("id", Integer, primary_key=True),
    Column("file_id", Integer, ForeignKey("hardship_files.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("name", String(50), nullable=False),
    Column("relation", String(20)),
    Column("id_number", String(32)),
    Column("income_fen", Integer),  # monthly income
    Column("health", String(50)),
    Column("school_or_work", String(100)),
    version(),
    non_negative("income_fen"),
)  # fmt: skip

#: Yearly review (复核) or visit (走访, with who went) of a hardship file.
hardship_reviews = Table(
    "hardship_reviews", metadata,
    Column("id", Integer, primary_key=True),
    Column("file_id", Integer, ForeignKey("hardship_files.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("date", Date, nullable=False),
    Column("kind", String(10), nullable=False, default=HardshipReviewKind.REVIEW.value),
    Column("notes", Text),
    #: 走访人: who went (a visit's, DESIGN.md "HardshipVisit"); a 复核 leaves it empty.
    Column("visitors", String(100)),
    version(),
    in_vocab("kind", HardshipReviewKind, nullable=False),
)  # fmt: skip

#: One distribution to many people (one 端午节慰问 to 300 members), undone as a whole.
aid_batches = Table(
    "aid_batches", metadata,
    Column("id", Integer, primary_key=True),
    Column("title", String(200), nullable=False),
    Column("program", String(20), nullable=False),
    Column("date", Date, nullable=False),
    Column("prepared_by", String(50)),
    Column("approved_by", String(50)),
    Column("notes", Text),
    created_at(),
    version(),
    in_vocab("program", AidProgram, nullable=False),
)  # fmt: skip

#: Every disbursement to one person, single or part of a batch (batch_id).
aid_payments = Table(
    "aid_payments", metadata,
    Column("id", Integer, primary_key=True),
    Column("member_id", Integer, ForeignKey("members.id", ondelete="RESTRICT"), nullable=False),
    Column("hardship_file_id", Integer, ForeignKey("hardship_files.id", ondelete="SET NULL"), index=True),
    Column("batch_id", Integer, ForeignKey("aid_batches.id", ondelete="CASCADE")),
    Column("program", String(20), nullable=False),
    Column("date", Date, nullable=False),
    Column("amount_fen", Integer, nullable=False, default=0),
    Column("goods", String(200)),  # 实物
    Column("goods_value_fen", Integer, nullable=False, default=0),
    Column("funding_source", String(10)),
    Column("signed", Boolean, nullable=False, default=False),  # 已签收
    Column("notes", Text),
    created_at(),
    updated_at(),
    version(),
    in_vocab("program", AidProgram, nullable=False),
    in_vocab("funding_source", FundingSource),
    non_negative("amount_fen"),
    non_negative("goods_value_fen"),
    # The period's disbursements by program (the 帮扶 figures: 人次, 人数, 金额, 实物, 困难职工)
    # are read from this index alone, never from the rows (migration 0010).
    Index(
        "ix_aid_payments_date_program",
        *("date", "program", "member_id", "amount_fen", "goods_value_fen", "hardship_file_id"),
    ),
    Index("ix_aid_payments_member_date", "member_id", "date"),
    # The funds ledger's single payments of a period (batch_id NULL) and a batch's payments,
    # by program, with what the union paid: from this index alone (migration 0011).
    Index(
        "ix_aid_payments_batch_id",
        *("batch_id", "date", "program", "funding_source", "amount_fen", "goods_value_fen"),
    ),
)  # fmt: skip
