"""Column helpers shared by the models: vocabulary checks, timestamps and the edit version."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ColumnElement, DateTime, Integer, Table, func
from sqlalchemy.orm import Mapped, declared_attr, mapped_column


def in_vocab(column: str, vocab: type[StrEnum], nullable: bool = True) -> CheckConstraint:
    """A CHECK that the column holds one of the vocabulary's labels (or NULL when allowed)."""
    values = ", ".join("'" + v.value.replace("'", "''") + "'" for v in vocab)
    expr = f"{column} IN ({values})"
    if nullable:
        expr = f"{column} IS NULL OR {expr}"
    return CheckConstraint(expr, name=f"{column}_vocab")


def non_negative(column: str) -> CheckConstraint:
    return CheckConstraint(f"{column} IS NULL OR {column} >= 0", name=f"{column}_nonneg")


def not_before(later: str, earlier: str) -> CheckConstraint:
    """Date order: `later` is empty or on/after `earlier`."""
    return CheckConstraint(
        f"{later} IS NULL OR {earlier} IS NULL OR {later} >= {earlier}", name=f"{later}_after_{earlier}"
    )


def created_at() -> Mapped[datetime]:
    return mapped_column(DateTime, server_default=func.current_timestamp(), nullable=False)


def updated_at() -> Mapped[datetime]:
    return mapped_column(
        DateTime, server_default=func.current_timestamp(), onupdate=func.current_timestamp(), nullable=False
    )


class Versioned:
    """A register row a person edits: `version` goes up by one with every UPDATE, and SQLAlchemy
    adds `AND version = <the version read>` to every UPDATE and DELETE of the row (version_id_col).

    Two people who opened the same record cannot both save it: the second save finds the row at a
    newer version and is refused (services/audit/conflicts.py says who changed what), instead of
    silently writing over the first. Bulk Core updates of such rows bump it themselves
    (`bumped_version`). Rows inserted by Core statements (imports, the demo union) start at 1 from
    the server default, as the ORM's first version does.
    """

    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1", sort_order=1000)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, object]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


def bumped_version(table: Table) -> dict[str, ColumnElement[int]]:
    """The SET clause a Core UPDATE of a versioned table adds, so a form opened before it sees it."""
    return {"version": table.c.version + 1}
