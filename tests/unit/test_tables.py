"""The book's tables are plain Core tables (db/tables/) that the ORM classes map onto.

Reading the book without the ORM (the figures, the CLI's open path) depends on two things: that
importing the tables does not import SQLAlchemy's ORM, and that the tables the ORM writes through
are these very objects, so that a table (or a column, an index) added to a model and not to
db/tables cannot go unnoticed.
"""

from __future__ import annotations

import subprocess
import sys

import unionbook.db.models  # noqa: F401 - maps every class onto Base.metadata
from unionbook.db import tables
from unionbook.db.base import Base
from unionbook.db.metadata import metadata


def test_importing_the_tables_does_not_import_the_orm() -> None:
    code = "import sys, unionbook.db.tables; print('sqlalchemy.orm' in sys.modules, 'sqlalchemy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "True"]


def test_every_mapped_table_is_a_table_of_db_tables_under_its_sql_name() -> None:
    assert Base.metadata is metadata
    for name, table in Base.metadata.tables.items():
        assert name in tables.__all__, f"{name} is mapped but not exported by unionbook.db.tables"
        assert getattr(tables, name) is table
    for mapper in Base.registry.mappers:
        assert getattr(tables, mapper.local_table.name) is mapper.local_table


def test_db_tables_exports_nothing_but_the_book_tables() -> None:
    assert sorted(tables.__all__) == sorted(Base.metadata.tables)
    # Spot checks by hand: the members, the edit-versioned aid payments, the audit trail.
    for name in ("members", "aid_payments", "audit_log"):
        assert name in tables.__all__
    assert list(tables.members.c)[-1].name == "version"
    assert list(tables.aid_payments.c)[-1].name == "version"
    assert "version" not in tables.audit_log.c
