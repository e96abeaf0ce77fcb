"""Backups a chair never has to think about, and a restore that cannot lock anyone out.

- `backup(db, target)`: one file (a zip, see archive.py) with the database and every attachment.
- Automatic backups into `backups/` beside the database (store.py): at the first open of each day
  (`daily_backup_if_due`), before every migration (Database.open passes `auto_backup` to the
  migration runner), before every import and every batch delete (`install_safety_backups`: a
  session hook, so no import path can forget it) and before every restore.
- `restore(db, source)` (restore.py): the backup is checked completely in a scratch copy first;
  only then is it swapped in, atomically.
- `move_data_folder(db, folder)` (relocate.py): the database and its files to another folder.
"""

from __future__ import annotations

from unionbook.services.backup.archive import Written
from unionbook.services.backup.auto import (
    after_open_checks,
    auto_backup,
    backup,
    backup_folder,
    backups_of,
    daily_backup_if_due,
    install_safety_backups,
    latest_good_backup,
    write_backup,
)
from unionbook.services.backup.relocate import MoveResult, move_data_folder
from unionbook.services.backup.restore import RestoreResult, restore
from unionbook.services.backup.store import (
    MANUAL,
    BackupEntry,
    Retention,
    get_retention,
    list_backups,
    prune,
    retention_in_file,
    save_retention,
)

__all__ = [
    "MANUAL",
    "BackupEntry",
    "MoveResult",
    "RestoreResult",
    "Retention",
    "Written",
    "after_open_checks",
    "auto_backup",
    "backup",
    "backup_folder",
    "backups_of",
    "daily_backup_if_due",
    "get_retention",
    "install_safety_backups",
    "latest_good_backup",
    "list_backups",
    "move_data_folder",
    "prune",
    "restore",
    "retention_in_file",
    "save_retention",
    "write_backup",
]
