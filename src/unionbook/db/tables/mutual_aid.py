"""职工互助保障 enrollments: who was covered in which year, under which plan, for how much.

One row per member, year and plan (a member may join the 住院医疗 and the 重大疾病 plan in one
year); importing the insurer's list twice therefore changes nothing.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, String, Table, Text, UniqueConstraint

from unionbook.db.metadata import metadata
from unionbook.db.tables._columns import created_at, non_negative, updated_at, version

mutual_aid_enrollments = Table(
    "mutual_aid_enrollments", metadata,
    Column("id", Integer, primary_key=True),
    Column("member_id", Integer, ForeignKey("members.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("year", Integer, nullable=False),  # 参保年度
    Column("plan", String(100), nullable=False, default=""),  # 保障计划 ("" when the list has none)
    Column("contribution_fen", Integer, nullable=False, default=0),  # 缴费金额
    Column("policy_number", String(50)),  # 保单号
    Column("notes", Text),
    created_at(),
    updated_at(),
    version(),
    UniqueConstraint("member_id", "year", "plan", name="uq_mutual_aid_enrollments_member_year_plan"),
    CheckConstraint("year BETWEEN 1990 AND 2100", name="year_range"),
    non_negative("contribution_fen"),
    # 互助保障参保人数 and 缴费金额 of a year from this index alone (migration 0011).
    Index("ix_mutual_aid_enrollments_year", "year", "member_id", "contribution_fen"),
)  # fmt: skip
