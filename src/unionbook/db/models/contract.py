"""Collective contracts (集体合同). Status (有效, 即将到期 ...) is derived from the dates, not stored."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from unionbook.db.base import Base
from unionbook.db.models._types import Versioned, created_at, in_vocab, non_negative, not_before, updated_at
from unionbook.domain.vocab import ContractType


class CollectiveContract(Versioned, Base):
    __tablename__ = "collective_contracts"
    __table_args__ = (
        in_vocab("kind", ContractType, nullable=False),
        not_before("effective_to", "effective_from"),
        not_before("terminated_on", "effective_from"),
        non_negative("covered_enterprises"),
        non_negative("covered_employees"),
        non_negative("covered_female"),
        CheckConstraint("renews_id IS NULL OR renews_id <> id", name="not_self_renewal"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(200))
    employer: Mapped[str | None] = mapped_column(String(200))  # 企业方
    negotiated_on: Mapped[date | None] = mapped_column(Date)  # 协商日期
    congress_approved_on: Mapped[date | None] = mapped_column(Date)  # 职代会审议通过日期
    signed_on: Mapped[date | None] = mapped_column(Date, index=True)  # 签订日期
    filed_on: Mapped[date | None] = mapped_column(Date)  # 报送审查备案日期
    published_on: Mapped[date | None] = mapped_column(Date)  # 向职工公布日期
    effective_from: Mapped[date | None] = mapped_column(Date)
    effective_to: Mapped[date | None] = mapped_column(Date, index=True)
    terminated_on: Mapped[date | None] = mapped_column(Date)
    covered_enterprises: Mapped[int] = mapped_column(Integer, default=1)
    covered_employees: Mapped[int | None] = mapped_column(Integer)
    covered_female: Mapped[int | None] = mapped_column(Integer)
    #: 工资增长幅度 in hundredths of a percent (5.5% → 550), for wage contracts.
    wage_increase_bp: Mapped[int | None] = mapped_column(Integer)
    renews_id: Mapped[int | None] = mapped_column(ForeignKey("collective_contracts.id", ondelete="SET NULL"))
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()

    renews: Mapped[CollectiveContract | None] = relationship(remote_side=[id])
