"""Persistence: the Core tables (tables/) and the ORM models mapped onto them (models/), the engine
with its pragmas and the backend seam (a SQLite file or PostgreSQL), and the migration runner."""
