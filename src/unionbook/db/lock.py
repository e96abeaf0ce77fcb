"""One UnionBook per database FILE, whatever name it is reached by.

A lock beside the path (`unionbook.sqlite.lock`) is bypassed by the same file under a second name:
a hard link, or on Windows an 8.3 short name (UNIONB~1.SQL) or a mapped drive. So the lock is taken
on the file's identity instead — `os.stat`'s st_dev + st_ino, which on Windows are the volume serial
number and the NTFS file index — as an OS lock (flock / msvcrt.locking) on a file named after that
identity in the user's data folder (`locks/<dev>-<ino>.lock`). The operating system releases it
when the process dies, so a crash never leaves a stale lock, and nothing is left beside the
database.

Why not SQLite's own `PRAGMA locking_mode = EXCLUSIVE`: it is per connection, and the window keeps a
pool of connections (worker threads read while the page shows), which would then lock each other
out; and a read-only command would wait on busy_timeout instead of getting a clear refusal.

A restore swaps a new file in with os.replace, which gives the database a new identity: the
restorer first locks the incoming file (`lock_also`), so the swapped-in database is already held
when it appears under the database's name.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

from unionbook.domain.errors import DatabaseLockedError

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # raises OSError when another process holds it

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> None:
        # flock (not lockf): it belongs to the open file, so a second open in the same process is
        # refused too — the window and a command never share a process, but tests do.
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def lock_dir() -> Path:
    """`locks/` in the user's data folder; the temporary folder when that cannot be written."""
    from unionbook import paths

    try:
        folder = paths.data_dir() / "locks"
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    except OSError:
        owner = os.getuid() if hasattr(os, "getuid") else os.environ.get("USERNAME", "user")
        folder = Path(tempfile.gettempdir()) / f"unionbook-locks-{owner}"
        folder.mkdir(parents=True, exist_ok=True)
        return folder


def identity(path: Path) -> str:
    """The file's identity as a file name part: device and inode (volume serial and file index)."""
    st = os.stat(path)
    return f"{st.st_dev:x}-{st.st_ino:x}"


class _IdentityLock:
    """An exclusive OS lock on `locks/<identity>.lock`, removed again on release."""

    def __init__(self, lock_path: Path) -> None:
        self.path = lock_path
        self.fd: int | None = None

    def try_acquire(self, holder: str) -> bool:
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
            try:
                _try_lock(fd)
            except OSError:
                os.close(fd)
                return False
            # A holder releasing at this moment unlinks the file it locked; ours may be that old,
            # unlinked file. Only a lock on the file the name points at now counts.
            try:
                current = os.path.samestat(os.fstat(fd), os.stat(self.path))
            except FileNotFoundError:
                current = False
            if current:
                break
            _unlock(fd)
            os.close(fd)
        self.fd = fd
        with contextlib.suppress(OSError):  # who holds it, for a person looking into locks/
            os.lseek(fd, 1, os.SEEK_SET)
            os.write(fd, f"\n{os.getpid()}\n{holder}\n".encode())
        return True

    def release(self) -> None:
        if self.fd is None:
            return
        fd, self.fd = self.fd, None
        if sys.platform != "win32":
            # Unlink while still holding the lock, so nobody can lock this name's old file anew.
            with contextlib.suppress(OSError):
                os.unlink(self.path)
        with contextlib.suppress(OSError):
            _unlock(fd)
        os.close(fd)
        if sys.platform == "win32":  # pragma: no cover - Windows cannot unlink an open file
            with contextlib.suppress(OSError):
                os.unlink(self.path)


class DatabaseLock:
    """The single-instance lock of one database file (which must exist: identity needs a file)."""

    def __init__(self, db_path: Path, folder: Path | None = None) -> None:
        self.db_path = Path(db_path)
        self._folder = folder
        self._locks: list[_IdentityLock] = []

    def _lock_for(self, path: Path) -> _IdentityLock:
        return _IdentityLock((self._folder or lock_dir()) / f"{identity(path)}.lock")

    def acquire(self) -> None:
        lock = self._lock_for(self.db_path)
        if not lock.try_acquire(str(self.db_path)):
            raise DatabaseLockedError(path=str(self.db_path))
        try:
            _remove_legacy_lock(self.db_path)
        except BaseException:
            lock.release()
            raise
        self._locks = [lock]

    def lock_also(self, path: Path) -> None:
        """Hold `path`'s identity too (a file about to be renamed onto the database)."""
        lock = self._lock_for(path)
        if not lock.try_acquire(str(self.db_path)):
            raise DatabaseLockedError(path=str(self.db_path))
        self._locks.append(lock)

    def keep_only_current(self) -> None:
        """After a swap: keep the lock of the file now at the database's path, drop the others."""
        try:
            wanted = (self._folder or lock_dir()) / f"{identity(self.db_path)}.lock"
        except OSError:
            return
        for lock in [lk for lk in self._locks if lk.path != wanted]:
            lock.release()
            self._locks.remove(lock)

    def release(self) -> None:
        for lock in self._locks:
            lock.release()
        self._locks = []

    @property
    def is_locked(self) -> bool:
        return bool(self._locks)


def _remove_legacy_lock(db_path: Path) -> None:
    """Earlier versions left `unionbook.sqlite.lock` beside the database; remove it once it is
    no longer held (an old version still running keeps it, and keeps its own lock)."""
    legacy = db_path.with_name(db_path.name + ".lock")
    if not legacy.exists():
        return
    from filelock import FileLock, Timeout

    old = FileLock(legacy, timeout=0)
    try:
        old.acquire()
    except Timeout:
        raise DatabaseLockedError(path=str(db_path)) from None
    except OSError:
        return
    try:
        legacy.unlink(missing_ok=True)
    except OSError:
        pass
    finally:
        old.release()
