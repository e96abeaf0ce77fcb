"""Column helpers shared by the models: vocabulary checks and timestamps."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, DateTime, func
from sqlalchemy.orm import Mapped, mapped_column


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
