"""The union's own profile: one row, travels with the database file."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, Date, Integer, String, Table

from unionbook.db.metadata import metadata
from unionbook.db.tables._columns import non_negative, updated_at, version

#: 工会基本信息. Exactly one row (id = 1).
union_profile = Table(
    "union_profile", metadata,
    Column("id", Integer, primary_key=True, default=1),
    Column("union_name", String(200), nullable=False, default=""),
    Column("unit_name", String(200), nullable=False, default=""),
    Column("credit_code", String(18), nullable=False, default=""),  # 统一社会信用代码
    Column("chair_name", String(50), nullable=False, default=""),
    Column("contact_name", String(50), nullable=False, default=""),
    Column("contact_phone", String(30), nullable=False, default=""),
    Column("address", String(300), nullable=False, default=""),
    Column("founded_on", Date),
    #: For units whose roster lists members only: the real head count of employees (职工总数).
    Column("employee_total_override", Integer),
    updated_at(),
    version(),
    CheckConstraint("id = 1", name="single_row"),
    non_negative("employee_total_override"),
)  # fmt: skip
