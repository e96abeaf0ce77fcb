"""Failures the user's machine causes, in one Chinese sentence: a damaged database, a read-only
file or folder, a full disk, a missing drive.

They are not bugs, so they get exit code 2 and a sentence naming the file and what to do, never a
traceback (DESIGN.md, "Command line"). `environment_error` recognises them among the exceptions
that escape a command; anything it does not recognise is a real unexpected failure (exit 1).
SQLite reports its conditions as text inside OperationalError/DatabaseError, so those are matched
by message, both raw (sqlite3, the backup API) and wrapped by SQLAlchemy.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from unionbook.domain.errors import InputError

# (fragment of SQLite's message, the sentence; {path} is the database or the file written)
_SQLITE_MESSAGES = (
    ("readonly database", "数据库 {path} 是只读的，无法保存修改：请取消文件的只读属性，或把它复制到可以写入的文件夹（不是光盘、只读 U 盘）后再试"),
    ("database or disk is full", "磁盘空间不足，无法写入 {path}：请清理磁盘或换一个空间充足的位置后再试{unsaved}"),
    ("disk i/o error", "读写 {path} 时磁盘出错：请检查磁盘或 U 盘是否已拔出或损坏后再试{unsaved}；问题持续时请用备份恢复"),
    ("malformed", "数据库 {path} 已损坏，无法读取：请用最近的备份恢复（unionbook restore 备份文件），并保留损坏的文件以便求助"),
    ("file is not a database", "{path} 已损坏或不是 UnionBook 数据库：请用最近的备份恢复（unionbook restore 备份文件）"),
    ("unable to open database file", "无法打开或创建 {path}：请确认它所在的文件夹存在，并且可以访问和写入"),
    ("database is locked", "数据库 {path} 正被其他程序占用：请关闭其他正在使用它的 UnionBook 或程序后再试"),
)  # fmt: skip

_OS_MESSAGES = {
    errno.ENOSPC: "磁盘空间不足，无法写入“{path}”：请清理磁盘或换一个空间充足的位置后再试",
    errno.EDQUOT: "磁盘配额已用完，无法写入“{path}”：请清理文件或换一个位置后再试",
    errno.EROFS: "无法写入“{path}”：所在的磁盘或文件夹是只读的，请换一个可以写入的位置",
    errno.EACCES: "没有权限访问“{path}”：请换一个位置，或关闭正在使用它的程序（如 Excel/WPS）后再试",
    errno.EPERM: "没有权限访问“{path}”：请换一个位置，或关闭正在使用它的程序（如 Excel/WPS）后再试",
    errno.ENOTDIR: "无法使用“{path}”：路径中有一部分不是文件夹，请检查路径（以及主文件夹的设置）",
    errno.EISDIR: "“{path}”是一个文件夹，这里需要一个文件",
    errno.ENOENT: "找不到“{path}”：请确认路径正确、磁盘或 U 盘已连接",
    errno.EIO: "读写“{path}”时磁盘出错：请检查磁盘或 U 盘是否已拔出或损坏后再试",
}


def _shown(filename: object) -> str:
    """The file to name: the target rather than our temporary beside it (x.sqlite.partial,
    x.sqlite.lock), and the folder for a hidden temporary (.x-1a2b3c.xlsx)."""
    path = Path(str(filename))
    for suffix in (".partial", ".lock"):
        if path.name.endswith(suffix) and len(path.name) > len(suffix):
            return str(path.with_name(path.name[: -len(suffix)]))
    if path.name.startswith(".") and path.parent != path:
        return str(path.parent)
    return str(path)


def _sqlite_error(exc: BaseException) -> BaseException | None:
    """The sqlite3 error inside `exc` (SQLAlchemy keeps it as `.orig`), or None."""
    from sqlalchemy.exc import DBAPIError

    if isinstance(exc, DBAPIError):
        exc = exc.orig
    return exc if isinstance(exc, sqlite3.Error) else None


def environment_error(exc: BaseException, *, database: Path | None, written: Path | None = None) -> InputError | None:
    """The one-line InputError (exit 2) for a failure the environment caused, else None.

    `database` is the open database; `written` the file the command was writing besides it (a
    backup's target), named when SQLite itself fails outside the database engine.
    """
    from sqlalchemy.exc import DBAPIError

    if isinstance(exc, MemoryError):
        return InputError(detail="内存不足，无法完成操作：请关闭其他程序后再试")
    if isinstance(exc, OSError) and not isinstance(exc, ConnectionError):
        template = _OS_MESSAGES.get(exc.errno or -1)
        path = _shown(exc.filename) if exc.filename else (written or database or "文件")
        if template is None:
            if exc.filename is None:
                return None
            return InputError(detail=f"无法读写“{path}”：{exc.strerror or type(exc).__name__}")
        return InputError(detail=template.format(path=path))
    error = _sqlite_error(exc)
    if error is None:
        return None
    text = str(error).lower()
    # Raised by the engine it concerns the database; raised raw (the backup API) it concerns the
    # file being written when there is one.
    in_database = isinstance(exc, DBAPIError) or written is None
    path = database if in_database else written
    unsaved = "（本次修改没有保存）" if in_database else ""
    for fragment, template in _SQLITE_MESSAGES:
        if fragment in text:
            return InputError(detail=template.format(path=path or "数据库", unsaved=unsaved))
    return None
