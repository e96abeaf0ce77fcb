"""The import history (导入记录): each import's result, kept after the wizard closes.

One `ImportRecord` per import that wrote something (it is inserted in the import's own
transaction), with its counts, and one `ImportProblem` per warning or rejected-row reason, as the
import reported them (sheet, row, column, message, and the row's name), ID and phone numbers masked.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from unionbook.db.base import Base
from unionbook.db.models._types import non_negative


class ImportRecord(Base):
    __tablename__ = "import_records"
    __table_args__ = tuple(
        non_negative(c) for c in ("added", "updated", "unchanged", "skipped", "rejected", "warnings")
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    #: The register as the user knows it: 会员, 集体合同, 活动, 帮扶发放, 困难职工档案, 签到名单.
    register: Mapped[str] = mapped_column(String(20))
    #: The file's name only: its folder can name the user's account, and moves anyway.
    file_name: Mapped[str] = mapped_column(String(255))
    sheet: Mapped[str] = mapped_column(String(100))
    unit: Mapped[str] = mapped_column(String(4), default="人")  # 人, 份, 场, 笔, 户
    added: Mapped[int] = mapped_column(Integer, default=0)  # 新增
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    warnings: Mapped[int] = mapped_column(Integer, default=0)
    source: Mapped[str] = mapped_column(String(100), default="")  # gui, cli …


class ImportProblem(Base):
    __tablename__ = "import_problems"
    __table_args__ = (CheckConstraint("kind IN ('warning', 'rejection')", name="kind_known"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("import_records.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # warning, rejection
    sheet: Mapped[str] = mapped_column(String(100))
    row_number: Mapped[int] = mapped_column(Integer)  # as Excel shows it (1-based)
    column_name: Mapped[str | None] = mapped_column(String(200))  # the file's header text
    #: Who or what the row is (姓名, 合同名称 …): a row number alone means little once the file changed.
    label: Mapped[str | None] = mapped_column(String(200))
    message: Mapped[str] = mapped_column(Text)
