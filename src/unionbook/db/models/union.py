"""The union's own profile: one row, travels with the database file."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from unionbook.db.base import Base
from unionbook.db.models._types import Versioned, non_negative, updated_at


class UnionProfile(Versioned, Base):
    """工会基本信息. Exactly one row (id = 1)."""

    __tablename__ = "union_profile"
    __table_args__ = (
        CheckConstraint("id = 1", name="single_row"),
        non_negative("employee_total_override"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    union_name: Mapped[str] = mapped_column(String(200), default="")
    unit_name: Mapped[str] = mapped_column(String(200), default="")
    credit_code: Mapped[str] = mapped_column(String(18), default="")  # 统一社会信用代码
    chair_name: Mapped[str] = mapped_column(String(50), default="")
    contact_name: Mapped[str] = mapped_column(String(50), default="")
    contact_phone: Mapped[str] = mapped_column(String(30), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    founded_on: Mapped[date | None] = mapped_column(Date)
    #: For units whose roster lists members only: the real head count of employees (职工总数).
    employee_total_override: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = updated_at()
