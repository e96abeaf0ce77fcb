"""Service positions (阵地): 职工之家, 职工书屋, 爱心妈妈小屋 … with the dates they ran.

A position is open at a date when it opened on or before it and had not closed by then, the way a
hardship file is open; its photos are attachments (Attachment.position_id).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from unionbook.db.base import Base
from unionbook.db.models._types import Versioned, created_at, in_vocab, non_negative, not_before, updated_at
from unionbook.domain.vocab import DemoLevel, PositionKind


class Position(Versioned, Base):
    __tablename__ = "positions"
    __table_args__ = (
        in_vocab("kind", PositionKind, nullable=False),
        in_vocab("demo_level", DemoLevel),
        not_before("closed_on", "opened_on"),
        non_negative("area"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    name: Mapped[str] = mapped_column(String(200))
    opened_on: Mapped[date] = mapped_column(Date, index=True)  # 建成日期 / 启用日期
    closed_on: Mapped[date | None] = mapped_column(Date)  # 停用日期
    place: Mapped[str | None] = mapped_column(String(200))
    area: Mapped[int | None] = mapped_column(Integer)  # 面积, whole square metres
    demo_level: Mapped[str | None] = mapped_column(String(10))  # 示范 naming
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()
