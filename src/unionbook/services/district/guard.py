"""A district book refuses grassroots writes, whatever writes them.

A district book (区总工会汇总库) holds the union list and the unions' packages; a member, a payment
or a dues month written into it would be counted nowhere and mixed up with nothing — or worse,
read by a grassroots command as if the district were a union. Instead of a check in every command
(demo, imports, member/aid/activity edits, dues generation, funds …, and whatever register comes
next), one engine event sees every statement the database is sent — ORM flushes, Core bulk
inserts, text SQL — and refuses an INSERT, UPDATE or DELETE on any table that is not the district's
own before it reaches SQLite. The transaction then rolls back as for any error, so the book is
left as it was, and the front ends show the InputError's sentence (exit 2).

The tables a district book writes are listed (`DISTRICT_TABLES`); every other table is a
grassroots register's, so a register added later is refused without anyone remembering to.

    install_book_guard(engine)            # Database.open, and after a restore: armed when the book is a district's
    arm(engine)                            # make_district_book: the book just became one
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, event, select

from unionbook.db.tables import app_settings
from unionbook.domain.errors import InputError

if TYPE_CHECKING:
    from unionbook.db.readers import Reader

KIND_KEY = "book.kind"
DISTRICT = "district"

#: What a district book writes: its own tables, its settings and name, the trail, the schema version.
DISTRICT_TABLES = frozenset({"district_unions", "district_books", "district_people", "district_counted",
                             "app_settings", "union_profile", "audit_log", "alembic_version"})  # fmt: skip
#: The table a data-changing statement writes (SQLAlchemy's and hand-written SQL alike).
_WRITE = re.compile(r"^\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)\s+"
                    r"[\"`\[]?(?:main[\"`\]]?\.[\"`\[]?)?(\w+)", re.IGNORECASE)  # fmt: skip


def is_district(reader: Reader) -> bool:
    return reader.scalar(select(app_settings.c.value).where(app_settings.c.key == KIND_KEY)) == DISTRICT


def refusal(db_name: str, table: str) -> InputError:
    from unionbook.services.audit import TABLE_LABELS

    what = TABLE_LABELS.get(table, table)
    return InputError(detail=(
        f"这是区总工会汇总库（{db_name}），不能录入基层工会的台账（{what}）。请用 district 命令导入各工会的数据包、"
        "维护工会名单（unionbook --db 区总.sqlite district import|unions|add-union …）；"
        "基层工会的台账请在基层工会自己的数据库中录入（--db 基层工会.sqlite），数据库未作改动"
    ))  # fmt: skip


def _name(engine: Engine) -> str:
    return Path(engine.url.database or "").name or "内存数据库"


def written_table(statement: str) -> str | None:
    """The table an INSERT/UPDATE/DELETE statement writes; None for anything else."""
    match = _WRITE.match(statement)
    return match.group(1).lower() if match else None


def _before_cursor_execute(conn, cursor, statement, parameters, context, executemany) -> None:
    table = written_table(statement)
    if table is not None and table not in DISTRICT_TABLES and not table.startswith("sqlite_"):
        raise refusal(_name(conn.engine), table)


def arm(engine: Engine) -> None:
    """From now on this engine refuses grassroots writes (idempotent)."""
    if not is_armed(engine):
        event.listen(engine, "before_cursor_execute", _before_cursor_execute)


def is_armed(engine: Engine) -> bool:
    return event.contains(engine, "before_cursor_execute", _before_cursor_execute)


def install_book_guard(engine: Engine) -> bool:
    """Arm the guard when the database is a district book (one read of app_settings); a
    grassroots book gets no listener and pays nothing per statement. True when armed. Asked again
    after a restore into the open book (services/backup/restore.py), which can make it the other
    kind: a grassroots book restored over a district one loses the listener."""
    with engine.connect() as connection:
        district = is_district(connection)
    if district:
        arm(engine)
    elif is_armed(engine):
        event.remove(engine, "before_cursor_execute", _before_cursor_execute)
    return district


#: Commands that belong on a district book; every other command is a grassroots union's.
DISTRICT_COMMANDS = frozenset({"district", "backup", "restore", "backups", "audit"})


def check_command(engine: Engine, command: str) -> None:
    """The command line's half: on a district book a grassroots command is refused before it runs,
    also one that would write nothing (dues for no members, figures of no roster would print
    zeros as if they were the district's)."""
    if command and command not in DISTRICT_COMMANDS and is_armed(engine):
        raise InputError(detail=(
            f"这是区总工会汇总库（{_name(engine)}），不能用 {command} 命令录入或统计基层工会的台账。请用 district 命令"
            "（unionbook --db 区总.sqlite district import|unions|figures|report …）；基层工会的台账请用基层工会自己的数据库"
            "（--db 基层工会.sqlite），数据库未作改动"
        ))  # fmt: skip
