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


def _annotations(cls: type) -> dict[str, str]:
    """The class's `Mapped[...]` annotations as written (strings: the models use postponed
    annotations), its bases' first so a class's own win."""
    found: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        found.update({k: v for k, v in vars(klass).get("__annotations__", {}).items() if str(v).startswith("Mapped[")})
    return found


def test_each_model_types_exactly_its_tables_columns_with_their_nullability() -> None:
    """A model's typed attributes are written twice — the column in db/tables, the `Mapped[...]`
    annotation on the class — so they must agree: every column annotated, `| None` exactly where the
    column takes NULL, and no annotation naming a column the table does not have (a column added to
    a table and forgotten on its class, or a NOT NULL dropped on one side only, fails here)."""
    for mapper in Base.registry.mappers:
        cls, table = mapper.class_, mapper.local_table
        annotated = _annotations(cls)
        relationships = {r.key for r in mapper.relationships}
        columns = {attr.key: attr.columns[0] for attr in mapper.column_attrs}
        assert set(annotated) - relationships == set(columns), cls.__name__
        for key, column in columns.items():
            assert column.table is table, f"{cls.__name__}.{key}"
            optional = "None" in annotated[key]
            assert optional == (column.nullable and not column.primary_key), f"{cls.__name__}.{key}: {annotated[key]}"
    # By hand: what a member's row may leave empty, and what it may not.
    member = _annotations(next(m.class_ for m in Base.registry.mappers if m.local_table.name == "members"))
    assert member["name"] == "Mapped[str]" and member["gender"] == "Mapped[str | None]"
    assert member["is_migrant_worker"] == "Mapped[bool]" and member["version"] == "Mapped[int]"
