"""Column and constraint helpers shared by the tables: vocabulary checks, timestamps and the edit
version. Core only (no ORM), like every module of db/tables/."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import CheckConstraint, Column, ColumnElement, DateTime, Integer, Table, func


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


def created_at() -> Column:
    return Column("created_at", DateTime, server_default=func.current_timestamp(), nullable=False)


def updated_at() -> Column:
    return Column(
        "updated_at", DateTime, server_default=func.current_timestamp(), onupdate=func.current_timestamp(),
        nullable=False,
    )  # fmt: skip


def version() -> Column:
    """The edit version of a register row a person edits (the ORM's version_id_col, see
    db/models/_types.Versioned): always the table's last column."""
    return Column("version", Integer, nullable=False, server_default="1")


def bumped_version(table: Table) -> dict[str, ColumnElement[int]]:
    """The SET clause a Core UPDATE of a versioned table adds, so a form opened before it sees it."""
    return {"version": table.c.version + 1}
