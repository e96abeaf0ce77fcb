"""The ORM's declarative base: the model classes (db/models/) are mapped onto the Core tables of
db/tables/, which are defined on the one MetaData of db/metadata.py."""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase

from unionbook.db.metadata import NAMING_CONVENTION, metadata

__all__ = ["NAMING_CONVENTION", "Base"]


class Base(DeclarativeBase):
    metadata = metadata
