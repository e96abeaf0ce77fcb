"""The ORM classes of the district book's tables (db/tables/district.py holds their columns and
why): the union list, one book per union and year, and the people of the packages."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Mapped, relationship

from unionbook.db.base import Base
from unionbook.db.models._types import Versioned
from unionbook.db.tables.district import district_books, district_counted, district_people, district_unions


class DistrictUnion(Versioned, Base):
    """One grassroots union in the district's list, with the organisational facts the district counts."""

    __table__ = district_unions

    id: Mapped[int]
    name: Mapped[str]
    unit_name: Mapped[str]
    credit_code: Mapped[str]
    stat_code: Mapped[str]
    unit_category: Mapped[str]
    industry: Mapped[str]
    union_type: Mapped[str]
    covered_units: Mapped[int]
    founded_on: Mapped[date | None]
    dissolved_on: Mapped[date | None]
    chair_name: Mapped[str]
    contact_phone: Mapped[str]
    notes: Mapped[str | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    books: Mapped[list[DistrictBook]] = relationship(back_populates="union", cascade="all, delete-orphan",
                                                     passive_deletes=True)  # fmt: skip


class DistrictBook(Base):
    """A union's year as its package brought it; importing again replaces the row (and its people)."""

    __table__ = district_books

    id: Mapped[int]
    union_id: Mapped[int]
    year: Mapped[int]
    imported_at: Mapped[datetime]
    source_file: Mapped[str]
    content_sha256: Mapped[str]
    packaged_at: Mapped[str]
    app_version: Mapped[str]
    figures: Mapped[str]
    previous: Mapped[str]
    roster_ids: Mapped[str | None]
    roster_rows: Mapped[int]
    statistical: Mapped[str | None]

    union: Mapped[DistrictUnion] = relationship(back_populates="books")


class DistrictPerson(Base):
    """One person of a package's year-end roster (full ID numbers only)."""

    __table__ = district_people

    id: Mapped[int]
    book_id: Mapped[int]
    name: Mapped[str]
    id_number: Mapped[str]
    gender: Mapped[str]
    is_member: Mapped[bool]
    is_employee: Mapped[bool]
    joined: Mapped[bool]
    migrant: Mapped[bool]


class DistrictCounted(Base):
    """One person behind a book's distinct-person figures, by key (services/district/people.py):
    which of those figures the person counts in, as bits, for the calendar and the statistical year."""

    __table__ = district_counted

    id: Mapped[int]
    book_id: Mapped[int]
    person_key: Mapped[str]
    year_bits: Mapped[int]
    statistical_bits: Mapped[int]
