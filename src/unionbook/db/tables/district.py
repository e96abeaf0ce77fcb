"""The district book (区总): the union list, one book per union and year from its data package,
and the people of the packages sent with full ID numbers (for counting people in two unions once).

A database is a district book when app_settings says so (services/district/book.py); these tables
are empty in a grassroots union's book. Figures are kept as the package sent them (JSON text, the
registry's names and values): the district adds them up, it never recomputes a union's figure.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from unionbook.db.metadata import metadata
from unionbook.db.tables._columns import created_at, non_negative, not_before, updated_at, version

#: One grassroots union in the district's list, with the organisational facts the district counts.
district_unions = Table(
    "district_unions", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, index=True),
    Column("unit_name", String(200), nullable=False, default=""),
    Column("credit_code", String(18), nullable=False, default="", index=True),
    Column("stat_code", String(40), nullable=False, default="", index=True),  # 统计代码
    Column("unit_category", String(30), nullable=False, default=""),  # 单位性质类别
    Column("industry", String(40), nullable=False, default=""),  # 单位所属行业
    Column("union_type", String(20), nullable=False, default="独立基层工会"),  # 基层工会类型
    Column("covered_units", Integer, nullable=False, default=1),  # 覆盖单位数
    Column("founded_on", Date),  # 建会日期: 新建 in its year
    Column("dissolved_on", Date),  # 撤销日期: set by the district only
    Column("chair_name", String(50), nullable=False, default=""),
    Column("contact_phone", String(30), nullable=False, default=""),
    Column("notes", Text),
    created_at(),
    updated_at(),
    version(),
    non_negative("covered_units"),
    not_before("dissolved_on", "founded_on"),
)  # fmt: skip

#: A union's year as its package brought it; importing again replaces the row (and its people).
district_books = Table(
    "district_books", metadata,
    Column("id", Integer, primary_key=True),
    Column("union_id", Integer, ForeignKey("district_unions.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("year", Integer, nullable=False, index=True),
    Column("imported_at", DateTime, nullable=False),
    Column("source_file", String(260), nullable=False, default=""),
    Column("content_sha256", String(64), nullable=False),
    Column("packaged_at", String(30), nullable=False, default=""),  # the manifest's "created"
    Column("app_version", String(20), nullable=False, default=""),
    Column("figures", Text, nullable=False),  # JSON: {figure name: value} for the year
    Column("previous", Text, nullable=False),  # JSON: the same for 上年
    #: The roster sent with it: None (none), "masked" or "full" (only full rows count distinct people).
    Column("roster_ids", String(10)),
    Column("roster_rows", Integer, nullable=False, default=0),
    #: JSON: the 统计年度's {"period", "figures", "previous"}; None: the package predates it (version 1).
    Column("statistical", Text),
    UniqueConstraint("union_id", "year", name="uq_district_books_union_year"),
)  # fmt: skip

#: One person of a package's year-end roster (full ID numbers only).
district_people = Table(
    "district_people", metadata,
    Column("id", Integer, primary_key=True),
    Column("book_id", Integer, ForeignKey("district_books.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("name", String(50), nullable=False),
    Column("id_number", String(32), nullable=False, default=""),
    Column("gender", String(2), nullable=False, default=""),
    Column("is_member", Boolean, nullable=False, default=False),
    Column("is_employee", Boolean, nullable=False, default=False),
    Column("joined", Boolean, nullable=False, default=False),  # 入会/转入 within the year
    Column("migrant", Boolean, nullable=False, default=False),
    Index("ix_district_people_id_number", "id_number"),
)  # fmt: skip

#: One person behind a book's distinct-person figures, by key (services/district/people.py): which
#: of those figures the person counts in, as bits, for the calendar and the statistical year.
district_counted = Table(
    "district_counted", metadata,
    Column("id", Integer, primary_key=True),
    Column("book_id", Integer, ForeignKey("district_books.id", ondelete="CASCADE"), nullable=False, index=True),
    #: "" without an ID number: counted once each.
    Column("person_key", String(32), nullable=False, default=""),
    Column("year_bits", BigInteger, nullable=False, default=0),
    Column("statistical_bits", BigInteger, nullable=False, default=0),
    Index("ix_district_counted_person_key", "person_key"),
)  # fmt: skip
