"""Logging setup, the only place that configures handlers.

A rotating file in the user log folder keeps the last few megabytes for crash reports; the
console shows warnings. SQLAlchemy's engine logger stays at WARNING, and the engine hides
statement parameters (db/engine.py), so that member data in SQL parameters never reaches the log.

As a second guard, every handler carries `MaskingFilter`: anything shaped like an ID number
(18 characters ending in a digit or X, or 15 digits) or an 11-digit mobile number is masked the
way the app shows them (110101********803X, 138****5678) in the message, its arguments and the
exception text, whichever code logged it. `mask_personal` does the same for text printed directly.

A profile whose log folder cannot be written (read-only home, full disk) must not stop the
program, not even `--version`: the log then goes to the temporary folder, or nowhere, with one
warning line saying so.

Records logged with `extra=FILE_ONLY` go to the file but not to the console: the CLI prints its
own one-line message for a failure and keeps the traceback for the log.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import sys
import tempfile
from pathlib import Path

import platformdirs

from unionbook import paths

LOG_FILENAME = "unionbook.log"
#: `log.error(..., extra=FILE_ONLY)`: details for the log file, not for the terminal.
FILE_ONLY = {"file_only": True}

_configured = False
_active_file: Path | None = None

# An ID number: 17 digits and a digit or X (resident IDs, 港澳台居住证, the 2023 foreign permanent
# residence ID) or the legacy 15 digits. A mobile: 1[3-9] and 9 digits, also right after +86/86.
# Neither may sit inside a longer run of letters and digits (hashes, file sizes, timestamps).
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{8}|\d{5})(\d{3}[0-9Xx]|\d{4})(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?:(?<![0-9A-Za-z])|(?<=86))(1[3-9]\d)(\d{4})(\d{4})(?![0-9A-Za-z])")


def _mask_id(match: re.Match[str]) -> str:
    first, middle, last = match.groups()
    if len(first) + len(middle) + len(last) not in (15, 18):
        return match.group(0)
    return first + "*" * (len(middle) + len(last) - 4) + last[-4:]


def mask_personal(text: str) -> str:
    """`text` with every ID-shaped or mobile-shaped number masked (110101********803X, 138****5678)."""
    if not text or not any(char.isdigit() for char in text):
        return text
    text = _ID_NUMBER.sub(_mask_id, text)
    return _MOBILE.sub(lambda m: f"{m.group(1)}****{m.group(3)}", text)


class MaskingFilter(logging.Filter):
    """Masks ID and mobile numbers in a record before any handler formats it."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: log what there is rather than lose the record
            message = f"{record.msg!r} % {record.args!r}"
        record.msg, record.args = mask_personal(message), None
        if record.exc_info and not record.exc_text:
            # Formatter keeps exc_text once set, so the traceback is formatted (and masked) once here.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_personal(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_personal(record.stack_info)
        return True


class _NotFileOnly(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not getattr(record, "file_only", False)


def _default_log_dir() -> Path:
    """The user log folder, computed without creating it (paths.log_dir() creates it)."""
    return Path(platformdirs.user_log_dir(paths.APP_NAME, paths.APP_AUTHOR))


def log_file() -> Path:
    """The log file in use: the user log folder's, or the fallback chosen by setup_logging."""
    return _active_file or _default_log_dir() / LOG_FILENAME


def _file_handler(folder: Path) -> logging.Handler:
    folder.mkdir(parents=True, exist_ok=True)
    return logging.handlers.RotatingFileHandler(
        folder / LOG_FILENAME, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
    )


def _open_log_file() -> tuple[logging.Handler | None, Path | None, str | None]:
    """(handler, its file, a warning line when the user log folder could not be used)."""
    try:
        wanted = _default_log_dir()
    except Exception as exc:  # platformdirs on a profile without a usable home
        wanted, reason = None, str(exc)
    else:
        try:
            return _file_handler(wanted), wanted / LOG_FILENAME, None
        except OSError as exc:
            reason = exc.strerror or str(exc)
    fallback = Path(tempfile.gettempdir()) / f"{paths.APP_NAME}-log"
    where = f"日志文件夹 {wanted} " if wanted else "日志文件夹"
    try:
        handler = _file_handler(fallback)
    except OSError:
        return None, None, f"提示：{where}无法写入（{reason}），本次运行不记录日志"
    path = fallback / LOG_FILENAME
    return handler, path, f"提示：{where}无法写入（{reason}），日志改写到 {path}"


def setup_logging(console_level: int = logging.WARNING) -> Path:
    """Configure the root logger once; returns the log file's path (see `log_file`)."""
    global _configured, _active_file
    if _configured:
        return log_file()
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    masking = MaskingFilter()
    file_handler, _active_file, problem = _open_log_file()
    if file_handler is not None:
        file_handler.setFormatter(fmt)
        file_handler.addFilter(masking)
        root.addHandler(file_handler)
    console = logging.StreamHandler()
    console.setLevel(console_level)
    console.setFormatter(fmt)
    console.addFilter(_NotFileOnly())
    console.addFilter(masking)
    root.addHandler(console)
    logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    _configured = True
    if problem:
        print(problem, file=sys.stderr, flush=True)
    return log_file()
