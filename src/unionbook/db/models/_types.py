"""What the model classes share: the edit version's mapper setting.

The column helpers (vocabulary checks, timestamps, the version column itself) are Core and live
with the tables in db/tables/_columns.py; they are re-exported here while models still declare
columns themselves.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, func
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from unionbook.db.tables._columns import bumped_version, in_vocab, non_negative, not_before

__all__ = ["Versioned", "bumped_version", "created_at", "in_vocab", "non_negative", "not_before", "updated_at"]


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
    the server default, as the ORM's first version does. The column is the table's
    (db/tables/_columns.version).
    """

    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1", sort_order=1000)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, object]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]
