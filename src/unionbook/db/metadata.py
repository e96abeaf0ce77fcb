"""The one MetaData every table is defined on, with a naming convention, so alembic batch mode can
find every constraint. It lives apart from the ORM's declarative base (db/base.py) so that the
tables (db/tables/) can be imported and queried without importing SQLAlchemy's ORM at all."""

from __future__ import annotations

from sqlalchemy import MetaData

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    # Our CHECKs span several columns, so each is given an explicit, stable name (batch mode
    # re-creates tables and must find them again); the convention only adds the table prefix.
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)
