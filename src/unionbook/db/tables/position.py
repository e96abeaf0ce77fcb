"""Service positions (阵地): 职工之家, 职工书屋, 爱心妈妈小屋 … with the dates they ran.

A position is open at a date when it opened on or before it and had not closed by then, the way a
hardship file is open; its photos are attachments (attachments.position_id).
"""

from __future__ import annotations

from sqlalchemy import Column, Date, Integer, String, Table, Text

from unionbook.db.metadata import metadata
from unionbook.db.tables._columns import created_at, in_vocab, non_negative, not_before, updated_at, version
from unionbook.domain.vocab import DemoLevel, PositionKind

positions = Table(
    "positions", metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(20), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("opened_on", Date, nullable=False, index=True),  # 建成日期 / 启用日期
    Column("closed_on", Date),  # 停用日期
    Column("place", String(200)),
    Column("area", Integer),  # 面积, whole square metres
    Column("demo_level", String(10)),  # 示范 naming
    Column("notes", Text),
    created_at(),
    updated_at(),
    version(),
    in_vocab("kind", PositionKind, nullable=False),
    in_vocab("demo_level", DemoLevel),
    not_before("closed_on", "opened_on"),
    non_negative("area"),
)  # fmt: skip
