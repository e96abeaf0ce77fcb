"""Persistence: ORM models, the SQLite engine with its pragmas, and the migration runner."""
