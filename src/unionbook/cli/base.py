"""What every command shares: exit codes, the Chinese argument parser, the lazily opened
database (with its open password and the daily backup), the command registry, one-line output."""

from __future__ import annotations

import argparse
import logging
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from unionbook.domain.errors import UnionbookError

if TYPE_CHECKING:  # imported lazily at run time, so `--help` stays quick
    pass

log = logging.getLogger(__name__)


EXIT_OK = 0


EXIT_FAILURE = 1


EXIT_INPUT = 2


EXIT_REJECTED_ROWS = 3

#: What a command spends on `PRAGMA quick_check` of a large file before it runs, as the window does
#: on open (ui/application.py); a small union's file is checked whole (db/integrity.open_budget),
#: and every book is checked whole before its daily backup and before the safety backup of each
#: import (services/backup/archive.py). The 1 s default made each command on a 100,000-member book
#: wait a second for a check it could not finish anyway (issue 17).
CHECK_BUDGET_SECONDS = 0.1


class ChineseArgumentParser(argparse.ArgumentParser):
    """argparse that reports usage errors as one Chinese line and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_INPUT, f"命令行参数有误：{message}（用 `{self.prog} --help` 查看用法）\n")


@dataclass
class Context:
    """What a command needs: the database, opened lazily so `--help` and `templates` stay quick."""

    db_path: Path | None
    #: Only `demo` creates a database; every other command refuses a path with no file (exit 2).
    create: bool = False
    #: Paints the charts a document names (services.charts.ChartImages); None: no charts.
    chart_images: Callable[[list], dict[str, bytes]] | None = None
    #: The sub-command: a district book refuses the grassroots ones (services/district/guard.py).
    command: str = ""
    _db: object | None = field(default=None, repr=False)

    @property
    def db(self):  # noqa: ANN201 - unionbook.services.database.Database, imported lazily
        if self._db is None:
            from unionbook import paths
            from unionbook.db.integrity import open_budget
            from unionbook.services.database import Database

            target = self.db_path if self.db_path is not None else paths.default_db_target()
            budget = open_budget(target, CHECK_BUDGET_SECONDS)
            self._db = Database.open(self.db_path, source="cli", create=self.create, check_budget=budget)
            if self._db.warning:
                err(self._db.warning)
            unlock(self._db)
            from unionbook.services.district.guard import check_command

            check_command(self._db.engine, self.command)
            _daily_backup(self._db)
        return self._db

    def open_for_restore(self):  # noqa: ANN201 - Database
        """The database locked for `restore` only: not refused when damaged, not migrated."""
        from unionbook.services.database import Database

        self._db = Database.open_for_restore(self.db_path, source="cli")
        try:
            unlock(self._db)
        except UnionbookError:
            raise
        except Exception:  # a database too damaged to read its password: restoring is the way out
            log.warning("open password not checked: the database cannot be read", exc_info=True, extra={"file_only": True})
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()


def _daily_backup(db: object) -> None:
    """The first open of each day backs the database up (services/backup); a failure is told,
    not fatal: the command the user asked for still runs. A server book is the server's to back up."""
    from unionbook.services.backup import daily_backup_if_due

    if getattr(db, "on_server", False):
        return

    try:
        daily_backup_if_due(db)  # type: ignore[arg-type]
    except UnionbookError as exc:
        err(f"提示：今天的自动备份没有完成：{exc.message()}")
    except OSError as exc:
        log.warning("daily backup failed", exc_info=True, extra={"file_only": True})
        err(f"提示：今天的自动备份没有完成（{exc.strerror or exc}），请检查数据库旁 backups 文件夹所在的磁盘")


def unlock(db: object) -> None:
    """The open password (services/access.py), when the database has one: UNIONBOOK_PASSWORD if
    set, else asked on the terminal (three tries); without either, PasswordRequiredError (exit 2)."""
    import os

    from unionbook.services import access

    readers = db.connect  # type: ignore[attr-defined] - Core: no ORM for a command that needs none
    if not access.has_password(readers):
        return
    given = os.environ.get(access.ENV_VAR)
    if given is not None:
        if not access.check_password(readers, given):
            raise access.WrongPasswordError(path=db.location)  # type: ignore[attr-defined]
        return
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        raise access.PasswordRequiredError(path=db.location)  # type: ignore[attr-defined]
    import getpass

    for attempt in range(access.TRIES, 0, -1):
        if access.check_password(readers, getpass.getpass("打开密码：")):
            return
        if attempt > 1:
            err(f"密码不正确，还可以再试 {attempt - 1} 次")
    raise access.WrongPasswordError(path=db.location)  # type: ignore[attr-defined]


CommandFn = Callable[[argparse.Namespace, Context], int]


COMMANDS: list[tuple[str, str, Callable[[argparse.ArgumentParser], None], CommandFn]] = []


def command(name: str, help_text: str, arguments: Callable[[argparse.ArgumentParser], None] = lambda p: None):
    """Register a sub-command: its name, one-line Chinese help, and a function adding its options."""

    def register(fn: CommandFn) -> CommandFn:
        COMMANDS.append((name, help_text, arguments, fn))
        return fn

    return register


def out(text: str) -> None:
    print(text, flush=True)


def err(text: str) -> None:
    """One message on stderr; ID and mobile numbers are masked whatever produced the text (log.py)."""
    from unionbook.log import mask_personal

    print(mask_personal(text), file=sys.stderr, flush=True)


def iso_date(text: str) -> date:
    """A date option: 2025-01-20 (also 2025/01/20)."""
    try:
        return date.fromisoformat(text.strip().replace("/", "-"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应写成 YYYY-MM-DD，例如 2025-01-20，这里是“{text}”") from None


MAX_LISTED = 50  # rejected rows / warnings printed before "……另有 N 条"


def print_limited(lines: list[str], what: str) -> None:
    for line in lines[:MAX_LISTED]:
        err(line)
    if len(lines) > MAX_LISTED:
        err(f"……另有 {len(lines) - MAX_LISTED} 条{what}")


def display_width(text: str) -> int:
    """Columns a terminal gives the text: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def pad(text: str, width: int, right: bool = False) -> str:
    space = " " * max(0, width - display_width(text))
    return space + text if right else text + space
