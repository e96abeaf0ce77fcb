"""What the model classes share: the edit version's mapper setting.

The columns themselves, the version column included, are the Core tables' (db/tables/, helpers in
db/tables/_columns.py). `bumped_version` is re-exported here for the services that import it from
this module.
"""

from __future__ import annotations

from sqlalchemy.orm import Mapped, declared_attr

from unionbook.db.tables._columns import bumped_version

__all__ = ["Versioned", "bumped_version"]


class Versioned:
    """A register row a person edits: `version` goes up by one with every UPDATE, and SQLAlchemy
    adds `AND version = <the version read>` to every UPDATE and DELETE of the row (version_id_col).

    Two people who opened the same record cannot both save it: the second save finds the row at a
    newer version and is refused (services/audit/conflicts.py says who changed what), instead of
    silently writing over the first. Bulk Core updates of such rows bump it themselves
    (`bumped_version`). Rows inserted by Core statements (imports, the demo union) start at 1 from
    the server default, as the ORM's first version does. The column is the table's
    (db/tables/_columns.version), always its last.
    """

    version: Mapped[int]

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, object]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]
