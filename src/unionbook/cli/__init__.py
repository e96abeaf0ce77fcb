"""The command line: every capability without a screen (DESIGN.md, "Command line").

Each sub-command is a function `(args, ctx) -> exit code` registered with `@command`; later
registers add theirs the same way. Messages go to stderr in Chinese, one line each. Exit codes:
0 done, 1 unexpected failure, 2 unusable input (nothing written), 3 import done with rejected rows.
No Qt is imported here.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from unionbook import __version__, paths
# Importing a command module registers its commands.
from unionbook.cli import data, district, documents, dues, funds, package, records, rules, template_from_text  # noqa: F401
from unionbook.cli.records import REGISTER_NAMES  # noqa: F401 - the registers import and export name
from unionbook.cli.base import COMMANDS, EXIT_FAILURE, ChineseArgumentParser, Context, err, log
from unionbook.domain.errors import UnionbookError

#: The order `unionbook --help` lists the commands in.
COMMAND_ORDER = ("demo", "templates", "report", "template-from-text", "backup", "restore", "backups", "import", "imports",
                 "audit", "export", "figures", "dues", "funds", "rules", "compliance", "facts", "package",
                 "district")


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(
        prog="unionbook",
        description="工会台账 UnionBook：不带子命令时打开图形界面。",
    )
    parser.add_argument("--db", type=paths.db_target, metavar="PATH",
                        help="数据库文件，或 PostgreSQL 服务器上的数据库 postgresql://用户@服务器/数据库名（默认在用户数据文件夹，或环境变量 UNIONBOOK_DB）")  # fmt: skip
    parser.add_argument("--demo", action="store_true", help="打开图形界面前，若数据库为空则先填入演示工会")
    parser.add_argument("--open", type=Path, metavar="FILE", help="打开窗口并导入这个名单（窗口已打开时交给它）")
    parser.add_argument("--exit-when-shown", action="store_true", help="打开窗口，等到空闲，打印用时（秒）后退出")
    parser.add_argument("--version", action="version", version=f"UnionBook {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=ChineseArgumentParser)
    ranked = sorted(COMMANDS, key=lambda c: COMMAND_ORDER.index(c[0]) if c[0] in COMMAND_ORDER else len(COMMAND_ORDER))
    for name, help_text, arguments, fn in ranked:
        p = sub.add_parser(name, help=help_text, description=help_text)
        arguments(p)
        p.set_defaults(func=fn)
    return parser


def run(args: argparse.Namespace, chart_images: Callable[[list], dict[str, bytes]] | None = None) -> int:
    """Run a parsed sub-command and turn every failure into one Chinese line and an exit code.

    A failure the machine causes (damaged database, read-only or full disk: services/failures.py)
    is exit 2 with a sentence saying what to do; anything else is exit 1. Either way the details
    go to the log file only (masked, see log.py), never a traceback to the terminal.
    `chart_images` paints the charts a document template names (app.py passes the window's).
    """
    creates = args.command == "demo" or getattr(args, "creates_database", False)  # demo, district init
    ctx = Context(args.db, create=creates, chart_images=chart_images, command=args.command or "")
    try:
        return args.func(args, ctx)
    except UnionbookError as exc:
        err(exc.message())
        return exc.exit_code
    except KeyboardInterrupt:
        err("已中断。")
        return EXIT_FAILURE
    except Exception as exc:  # the promise is one line, never a traceback
        return _report_failure(args, ctx, exc)
    finally:
        try:
            ctx.close()
        except Exception:  # closing after a failed disk or database must not add a traceback
            log.warning("closing the database failed", exc_info=True, extra={"file_only": True})


def _report_failure(args: argparse.Namespace, ctx: Context, exc: Exception) -> int:
    from unionbook.log import FILE_ONLY, log_file
    from unionbook.services.failures import environment_error

    database = ctx._db.path if ctx._db is not None else ctx.db_path  # type: ignore[attr-defined]
    if ctx._db is None and database is None:
        try:
            database = paths.default_db_target()
        except OSError:  # the very failure being reported may be that the data folder cannot be made
            database = None
    if isinstance(database, str):  # a server book: the disk failures named there are a file's
        database = None
    known = environment_error(exc, database=database, written=getattr(args, "output", None))
    log.error("`%s` failed", args.command, exc_info=exc, extra=FILE_ONLY)
    if known is not None:
        err(known.message())
        return known.exit_code
    summary = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
    err(f"意外错误：{type(exc).__name__}{': ' + summary if summary else ''}（详细信息见日志 {log_file()}）")
    return EXIT_FAILURE
