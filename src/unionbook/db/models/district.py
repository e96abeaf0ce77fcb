"""The district book (区总): the union list, one book per union and year from its data package,
and the people of the packages sent with full ID numbers (for counting people in two unions once).

A database is a district book when app_settings says so (services/district/book.py); these tables
are empty in a grassroots union's book. Figures are kept as the package sent them (JSON text, the
registry's names and values): the district adds them up, it never recomputes a union's figure.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from unionbook.db.base import Base
from unionbook.db.models._types import Versioned, created_at, non_negative, not_before, updated_at


class DistrictUnion(Versioned, Base):
    """One grassroots union in the district's list, with the organisational facts the district counts."""

    __tablename__ = "district_unions"
    __table_args__ = (non_negative("covered_units"), not_before("dissolved_on", "founded_on"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    unit_name: Mapped[str] = mapped_column(String(200), default="")
    credit_code: Mapped[str] = mapped_column(String(18), default="", index=True)
    stat_code: Mapped[str] = mapped_column(String(40), default="", index=True)  # 统计代码
    unit_category: Mapped[str] = mapped_column(String(30), default="")  # 单位性质类别
    industry: Mapped[str] = mapped_column(String(40), default="")  # 单位所属行业
    union_type: Mapped[str] = mapped_column(String(20), default="独立基层工会")  # 基层工会类型
    covered_units: Mapped[int] = mapped_column(Integer, default=1)  # 覆盖单位数
    founded_on: Mapped[date | None] = mapped_column(Date)  # 建会日期: 新建 in its year
    dissolved_on: Mapped[date | None] = mapped_column(Date)  # 撤销日期: set by the district only
    chair_name: Mapped[str] = mapped_column(String(50), default="")
    contact_phone: Mapped[str] = mapped_column(String(30), default="")
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()

    books: Mapped[list[DistrictBook]] = relationship(back_populates="union", cascade="all, delete-orphan",
                                                     passive_deletes=True)  # fmt: skip


class DistrictBook(Base):
    """A union's year as its package brought it; importing again replaces the row (and its people)."""

    __tablename__ = "district_books"
    __table_args__ = (UniqueConstraint("union_id", "year", name="uq_district_books_union_year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    union_id: Mapped[int] = mapped_column(ForeignKey("district_unions.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    source_file: Mapped[str] = mapped_column(String(260), default="")
    content_sha256: Mapped[str] = mapped_column(String(64))
    packaged_at: Mapped[str] = mapped_column(String(30), default="")  # the manifest's "created"
    app_version: Mapped[str] = mapped_column(String(20), default="")
    figures: Mapped[str] = mapped_column(Text)  # JSON: {figure name: value} for the year
    previous: Mapped[str] = mapped_column(Text)  # JSON: the same for 上年
    #: The roster sent with it: None (none), "masked" or "full" (only full rows count distinct people).
    roster_ids: Mapped[str | None] = mapped_column(String(10))
    roster_rows: Mapped[int] = mapped_column(Integer, default=0)
    #: JSON: the 统计年度's {"period", "figures", "previous"}; None: the package predates it (version 1).
    statistical: Mapped[str | None] = mapped_column(Text)

    union: Mapped[DistrictUnion] = relationship(back_populates="books")


class DistrictPerson(Base):
    """One person of a package's year-end roster (full ID numbers only)."""

    __tablename__ = "district_people"
    __table_args__ = (Index("ix_district_people_id_number", "id_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    book_id: Mapped[int] = mapped_column(ForeignKey("district_books.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    id_number: Mapped[str] = mapped_column(String(32), default="")
    gender: Mapped[str] = mapped_column(String(2), default="")
    is_member: Mapped[bool] = mapped_column(Boolean, default=False)
    is_employee: Mapped[bool] = mapped_column(Boolean, default=False)
    joined: Mapped[bool] = mapped_column(Boolean, default=False)  # 入会/转入 within the year
    migrant: Mapped[bool] = mapped_column(Boolean, default=False)


class DistrictCounted(Base):
    """One person behind a book's distinct-person figures, by key (services/district/people.py):
    which of those figures the person counts in, as bits, for the calendar and the statistical year."""

    __tablename__ = "district_counted"
    __table_args__ = (Index("ix_district_counted_person_key", "person_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    book_id: Mapped[int] = mapped_column(ForeignKey("district_books.id", ondelete="CASCADE"), index=True)
    person_key: Mapped[str] = mapped_column(String(32), default="")  # "" without an ID number: counted once each
    year_bits: Mapped[int] = mapped_column(BigInteger, default=0)
    statistical_bits: Mapped[int] = mapped_column(BigInteger, default=0)
