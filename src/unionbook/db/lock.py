"""One UnionBook per database file.

An OS-level lock (filelock: fcntl on Linux, msvcrt on Windows) beside the database: the operating
system releases it when the holding process dies, so a crash never leaves a stale lock behind —
what QLockFile achieves with PID checks, without importing Qt below the UI layer.
"""

from __future__ import annotations

from pathlib import Path

from filelock import FileLock, Timeout

from unionbook.domain.errors import DatabaseLockedError


class DatabaseLock:
    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path)
        self.lock_path = self.db_path.with_name(self.db_path.name + ".lock")
        self._lock = FileLock(self.lock_path, timeout=0)

    def acquire(self) -> None:
        try:
            self._lock.acquire()
        except Timeout:
            raise DatabaseLockedError(path=str(self.db_path)) from None

    def release(self) -> None:
        self._lock.release()

    @property
    def is_locked(self) -> bool:
        return self._lock.is_locked
