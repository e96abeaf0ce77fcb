"""Per-user window state (geometry, last page, last year, last folders) in a QSettings INI file.

Settings that belong to the records (the union's name, report defaults) live in the database
instead, so they travel with the file.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

from unionbook import paths


def settings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, paths.APP_AUTHOR, paths.APP_NAME)


def get_int(key: str, default: int) -> int:
    value = settings().value(key, default)
    try:
        return int(value)
    except (TypeError, ValueError):
        return default
