"""Warnings about where a database file sits: WAL does not work over network file systems, and
cloud-sync clients copy a live database file behind SQLite's back."""

from __future__ import annotations

import os
import sys
from pathlib import Path

#: Folder names of sync clients common on Chinese office PCs.
_SYNC_FOLDERS = ("onedrive", "dropbox", "icloud", "坚果云", "nutstore", "百度网盘", "baidunetdisk", "wps云盘", "wpsdrive")


def location_warning(path: Path) -> str | None:
    """A Chinese warning when the database is on a network drive or in a cloud-sync folder."""
    resolved = str(Path(path).resolve())
    lowered = resolved.lower()
    if resolved.startswith(("\\\\", "//")) or _is_network_drive(resolved):
        return f"数据库 {resolved} 位于网络驱动器上，可能损坏数据。请把它放在本机硬盘上，用“备份”功能另存副本。"
    for name in _SYNC_FOLDERS:
        if name in lowered:
            return f"数据库 {resolved} 位于云同步文件夹中，同步软件可能在写入时复制文件导致数据丢失。建议移到本机其他文件夹。"
    return None


def _is_network_drive(resolved: str) -> bool:
    if sys.platform != "win32" or len(resolved) < 2 or resolved[1] != ":":
        return False
    import ctypes  # Windows only

    DRIVE_REMOTE = 4
    return ctypes.windll.kernel32.GetDriveTypeW(os.path.splitdrive(resolved)[0] + "\\") == DRIVE_REMOTE
