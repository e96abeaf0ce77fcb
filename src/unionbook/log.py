"""Logging setup, the only place that configures handlers.

A rotating file in the user log folder keeps the last few megabytes for crash reports; the
console shows warnings in development. SQLAlchemy's engine logger stays at WARNING so that member
data in SQL parameters never reaches the log.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from unionbook import paths

LOG_FILENAME = "unionbook.log"
_configured = False


def log_file() -> Path:
    return paths.log_dir() / LOG_FILENAME


def setup_logging(console_level: int = logging.WARNING) -> Path:
    """Configure the root logger once; returns the log file's path."""
    global _configured
    path = log_file()
    if _configured:
        return path
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        file_handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
        file_handler.setFormatter(fmt)
        root.addHandler(file_handler)
    except OSError:  # a read-only profile must not stop the program
        pass
    console = logging.StreamHandler()
    console.setLevel(console_level)
    console.setFormatter(fmt)
    root.addHandler(console)
    logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    _configured = True
    return path
