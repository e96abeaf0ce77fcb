"""Collective contracts (集体合同). Status (有效, 即将到期 ...) is derived from the dates, not stored."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, Date, ForeignKey, Integer, String, Table, Text

from unionbook.db.metadata import metadata
from unionbook.db.tables._columns import created_at, in_vocab, non_negative, not_before, updated_at, version
from unionbook.domain.vocab import ContractType

collective_contracts = Table(
    "collective_contracts", metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(30), nullable=False),
    Column("title", String(200), nullable=False),
    Column("employer", String(200)),  # 企业方
    Column("negotiated_on", Date),  # 协商日期
    Column("congress_approved_on", Date),  # 职代会审议通过日期
    Column("signed_on", Date, index=True),  # 签订日期
    Column("filed_on", Date),  # 报送审查备案日期
    Column("published_on", Date),  # 向职工公布日期
    Column("effective_from", Date),
    Column("effective_to", Date, index=True),
    Column("terminated_on", Date),
    Column("covered_enterprises", Integer, nullable=False, default=1),
    Column("covered_employees", Integer),
    Column("covered_female", Integer),
    #: 工资增长幅度 in hundredths of a percent (5.5% → 550), for wage contracts.
    Column("wage_increase_bp", Integer),
    #: The contract this one renews (续签): that one then shows as 已续签 rather than lapsing.
    Column("renews_id", Integer, ForeignKey("collective_contracts.id", ondelete="SET NULL")),
    Column("notes", Text),
    created_at(),
    updated_at(),
    version(),
    in_vocab("kind", ContractType, nullable=False),
    not_before("effective_to", "effective_from"),
    not_before("terminated_on", "effective_from"),
    non_negative("covered_enterprises"),
    non_negative("covered_employees"),
    non_negative("covered_female"),
    CheckConstraint("renews_id IS NULL OR renews_id <> id", name="not_self_renewal"),
)  # fmt: skip
