"""Making a written file, and a rename into place, survive a power cut.

A restore swaps the database file and a backup renames its finished zip into place; both flush
the file and then the folder that records the rename (POSIX; Windows has no folder handles to
flush, and NTFS journals the rename itself).
"""

from __future__ import annotations

import os
from pathlib import Path


def fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
