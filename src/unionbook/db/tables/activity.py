"""Activities and meetings (活动). Meetings also carry attendance, quorum and proposals."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, Date, ForeignKey, Integer, String, Table, Text, UniqueConstraint

from unionbook.db.metadata import metadata
from unionbook.db.tables._columns import created_at, in_vocab, non_negative, not_before, updated_at, version
from unionbook.domain.vocab import ActivityCategory, ActivityRole, FundingSource

activities = Table(
    "activities", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("category", String(20), nullable=False, index=True),
    Column("start_date", Date, nullable=False, index=True),
    Column("end_date", Date),
    Column("location", String(200)),
    Column("role", String(4), nullable=False, default=ActivityRole.HOST.value),
    #: 参与人次 as typed in; when an attendance list is kept, its length is used instead.
    Column("participants", Integer),
    Column("cost_fen", Integer, nullable=False, default=0),
    Column("funding_source", String(10)),
    Column("outcome", Text),  # 成果/获奖
    Column("summary", Text),
    Column("expected_attendance", Integer),  # 应到
    Column("actual_attendance", Integer),  # 实到
    Column("proposals", Integer),  # 提案数
    Column("proposals_closed", Integer),  # 已办结提案数
    Column("decisions", Text),
    created_at(),
    updated_at(),
    version(),
    in_vocab("category", ActivityCategory, nullable=False),
    in_vocab("role", ActivityRole, nullable=False),
    in_vocab("funding_source", FundingSource),
    not_before("end_date", "start_date"),
    non_negative("participants"),
    non_negative("cost_fen"),
    non_negative("expected_attendance"),
    non_negative("actual_attendance"),
    non_negative("proposals"),
    CheckConstraint(
        "proposals_closed IS NULL OR (proposals_closed >= 0 AND proposals_closed <= COALESCE(proposals, 0))",
        name="proposals_closed_range",
    ),
)  # fmt: skip

#: Who attended a meeting or activity (the 实到 list): one row per member and activity.
activity_attendance = Table(
    "activity_attendance", metadata,
    Column("id", Integer, primary_key=True),
    Column("activity_id", Integer, ForeignKey("activities.id", ondelete="CASCADE"), nullable=False),
    Column("member_id", Integer, ForeignKey("members.id", ondelete="CASCADE"), nullable=False, index=True),
    UniqueConstraint("activity_id", "member_id", name="uq_activity_attendance_pair"),
)  # fmt: skip
