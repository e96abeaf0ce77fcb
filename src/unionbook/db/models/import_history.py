"""The ORM classes of the import history (db/tables/import_history.py holds their columns and why):
`ImportRecord`, one per import that wrote something, and `ImportProblem`, one per warning or
rejected-row reason it reported."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Mapped

from unionbook.db.base import Base
from unionbook.db.tables.import_history import import_problems, import_records


class ImportRecord(Base):
    __table__ = import_records

    id: Mapped[int]
    at: Mapped[datetime]
    register: Mapped[str]
    file_name: Mapped[str]
    sheet: Mapped[str]
    unit: Mapped[str]
    added: Mapped[int]
    updated: Mapped[int]
    unchanged: Mapped[int]
    skipped: Mapped[int]
    rejected: Mapped[int]
    warnings: Mapped[int]
    source: Mapped[str]


class ImportProblem(Base):
    __table__ = import_problems

    id: Mapped[int]
    record_id: Mapped[int]
    kind: Mapped[str]
    sheet: Mapped[str]
    row_number: Mapped[int]
    column_name: Mapped[str | None]
    label: Mapped[str | None]
    message: Mapped[str]
