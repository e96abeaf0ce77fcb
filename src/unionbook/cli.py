"""The command line: every capability without a screen (DESIGN.md, "Command line").

Each sub-command is a function `(args, ctx) -> exit code` registered with `@command`; later
registers add theirs the same way. Messages go to stderr in Chinese, one line each. Exit codes:
0 done, 1 unexpected failure, 2 unusable input (nothing written), 3 import done with rejected rows.
No Qt is imported here.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from unionbook import __version__
from unionbook.domain.errors import UnionbookError

if TYPE_CHECKING:  # imported lazily at run time, so `--help` stays quick
    from unionbook.services.figures import Period

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_INPUT = 2
EXIT_REJECTED_ROWS = 3


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
    _db: object | None = field(default=None, repr=False)

    @property
    def db(self):  # noqa: ANN201 - unionbook.services.database.Database, imported lazily
        if self._db is None:
            from unionbook.services.database import Database

            self._db = Database.open(self.db_path, source="cli", create=self.create)
            if self._db.warning:
                err(self._db.warning)
            unlock(self._db)
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
    not fatal: the command the user asked for still runs."""
    from unionbook.services.backup import daily_backup_if_due

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

    factory = db.session_factory  # type: ignore[attr-defined]
    if not access.has_password(factory):
        return
    given = os.environ.get(access.ENV_VAR)
    if given is not None:
        if not access.check_password(factory, given):
            raise access.WrongPasswordError(path=db.path)  # type: ignore[attr-defined]
        return
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        raise access.PasswordRequiredError(path=db.path)  # type: ignore[attr-defined]
    import getpass

    for attempt in range(access.TRIES, 0, -1):
        if access.check_password(factory, getpass.getpass("打开密码：")):
            return
        if attempt > 1:
            err(f"密码不正确，还可以再试 {attempt - 1} 次")
    raise access.WrongPasswordError(path=db.path)  # type: ignore[attr-defined]


CommandFn = Callable[[argparse.Namespace, Context], int]
_COMMANDS: list[tuple[str, str, Callable[[argparse.ArgumentParser], None], CommandFn]] = []


def command(name: str, help_text: str, arguments: Callable[[argparse.ArgumentParser], None] = lambda p: None):
    """Register a sub-command: its name, one-line Chinese help, and a function adding its options."""

    def register(fn: CommandFn) -> CommandFn:
        _COMMANDS.append((name, help_text, arguments, fn))
        return fn

    return register


def out(text: str) -> None:
    print(text, flush=True)


def err(text: str) -> None:
    """One message on stderr; ID and mobile numbers are masked whatever produced the text (log.py)."""
    from unionbook.log import mask_personal

    print(mask_personal(text), file=sys.stderr, flush=True)


# --- commands -------------------------------------------------------------------------------


def _demo_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--members", type=int, default=300, metavar="N", help="演示工会的职工人数（默认 300）")
    p.add_argument("--seed", type=int, default=20240101, help="随机种子：相同种子生成相同数据")


@command("demo", "在空数据库中生成一个虚构的演示工会（约300名职工及四本台账）", _demo_args)
def cmd_demo(args: argparse.Namespace, ctx: Context) -> int:
    from unionbook.services.demo import generate_demo

    if args.members < 1:
        err("--members 至少为 1")
        return EXIT_INPUT
    summary = generate_demo(ctx.db.session_factory, members=args.members, seed=args.seed)
    out(
        f"已生成演示工会：职工 {summary.members} 人，集体合同 {summary.contracts} 份，"
        f"困难职工档案 {summary.hardship_files} 户，帮扶发放 {summary.payments} 笔，"
        f"活动 {summary.activities} 场（数据库：{ctx.db.path}）"
    )
    return EXIT_OK


def _templates_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--add", type=Path, metavar="FILE", help="检查并加入一个自定义模板（.docx 或 .xlsx），复制到数据库旁的 templates 文件夹")
    p.add_argument("--replace", action="store_true", help="与 --add 一起用：替换同名的自定义模板")


@command("templates", "列出内置模板和自定义模板及其变量个数；--add 加入自定义模板", _templates_args)
def cmd_templates(args: argparse.Namespace, ctx: Context) -> int:
    from unionbook.services.documents import add_user_template, list_templates

    if args.add is not None:
        target = add_user_template(ctx.db, args.add, replace=args.replace)
        out(f"已加入自定义模板“{target.stem}”：{target}")
        return EXIT_OK
    templates = list_templates(ctx.db.files_dir("templates"))
    if not templates:
        out("暂无模板。")
        return EXIT_OK
    for t in templates:
        where = "内置" if t.builtin else "自定义"
        if t.overridden:
            where += "（已被同名自定义模板替代）"
        if t.error:
            state = f"无法读取：{t.error}"
        elif t.unknown:
            state = f"{len(t.variables)} 个变量，其中未知：{'、'.join(sorted(t.unknown))}"
        else:
            state = f"{len(t.variables)} 个变量"
        out(f"{t.name}\t{t.format}\t{where}\t期间：{t.period_kind.value}\t{state}\t{t.path}")
    return EXIT_OK


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip().replace("/", "-"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应写成 2024-01-31：{text}") from None


def _report_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=int, metavar="YYYY", help="年度（统计年报为上年10月1日至本年9月30日，上半年总结为1—6月）")
    p.add_argument("--half", action="store_true", help="与 --year 一起用：只统计该年上半年（1月1日至6月30日）")
    p.add_argument("--from", dest="start", type=_iso_date, metavar="YYYY-MM-DD", help="自定义期间的第一天")
    p.add_argument("--to", dest="end", type=_iso_date, metavar="YYYY-MM-DD", help="自定义期间的最后一天")
    p.add_argument("--template", required=True, metavar="NAME_OR_PATH", help="模板名称（见 `unionbook templates`）或模板文件路径")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="OUT", help="输出文件：Word 模板为 .docx，Excel 模板为 .xlsx")
    p.add_argument("--date", dest="report_date", type=_iso_date, metavar="YYYY-MM-DD",
                   help="落款（填报）日期；默认今天，期间结束一个多月后生成的默认为期间结束后第15天（如2024年度为2025-01-15）")  # fmt: skip


@command("report", "用模板生成文档（年度工作总结、统计年报、台账……）", _report_args)
def cmd_report(args: argparse.Namespace, ctx: Context) -> int:
    from unionbook.services import documents
    from unionbook.services.figures import Period

    if args.year is not None and (args.start or args.end):
        err("--year 与 --from/--to 只能选一种")
        return EXIT_INPUT
    if args.year is None and not (args.start and args.end):
        err("请用 --year YYYY，或同时用 --from 和 --to 指定统计期间")
        return EXIT_INPUT
    if args.half and args.year is None:
        err("--half 需要与 --year 一起使用")
        return EXIT_INPUT
    if args.year is not None and not 1900 <= args.year <= 2999:
        err(f"年度不对：{args.year}")
        return EXIT_INPUT
    if args.start and args.end and args.end < args.start:
        err(f"结束日期 {args.end} 早于开始日期 {args.start}")
        return EXIT_INPUT
    # Everything that needs no database is checked before the database is opened.
    user_folder = ctx.db.files_dir("templates")
    template = documents.find_template(args.template, user_folder)
    if args.start:
        period = Period(args.start, args.end)
    elif args.half:
        period = Period.half_year(args.year)
    else:
        period = documents.default_period(template, args.year)
    report_date = args.report_date or documents.default_report_date(period)
    target = documents.render(
        ctx.db.session_factory, template, period, args.output, user_folder=user_folder, report_date=report_date
    )
    out(f"已生成“{template.stem}”（{period.label}，落款日期 {report_date:%Y-%m-%d}）：{target}")
    return EXIT_OK


def _backup_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", required=True, type=Path, metavar="FILE",
                   help="备份文件路径（一个 .zip 文件，包含数据库和全部附件）")  # fmt: skip


@command("backup", "把数据库连同全部附件备份到一个文件（先做完整性检查）", _backup_args)
def cmd_backup(args: argparse.Namespace, ctx: Context) -> int:
    from unionbook.services.backup import write_backup

    written = write_backup(ctx.db, args.output)
    extra = f"，附件 {written.attachments} 个" if written.attachments else ""
    out(f"已备份到 {written.path}（{written.size / 1024 / 1024:.1f} MB{extra}）")
    if written.missing:
        err(f"提示：有 {len(written.missing)} 个附件文件在 attachments 文件夹中找不到，未能备份")
    return EXIT_OK


def _restore_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, metavar="FILE", help="要恢复的备份文件（.zip 备份包，或旧版本的 .sqlite 备份）")


@command("restore", "用备份文件替换当前数据库：先完整检查备份，当前内容先另存一份", _restore_args)
def cmd_restore(args: argparse.Namespace, ctx: Context) -> int:
    from unionbook.services.backup import restore

    result = restore(ctx.open_for_restore(), args.file)
    out(result.message())
    return EXIT_OK


@command("backups", "列出自动备份和手动备份：时间、原因、大小（保存在数据库旁的 backups 文件夹）")
def cmd_backups(args: argparse.Namespace, ctx: Context) -> int:
    from unionbook.services.backup import backup_folder, backups_of

    # Listed without opening the database: the backups matter most when it is damaged, and the
    # list may be read while the window has the database open.
    db_path, entries, keep = backups_of(ctx.db_path)
    if not entries:
        out(f"还没有备份。自动备份会保存在 {backup_folder(db_path)}。")
        return EXIT_OK
    header = ("时间", "原因", "大小", "文件")
    rows = [(f"{e.when:%Y-%m-%d %H:%M:%S}", e.reason, f"{e.size / 1024 / 1024:.1f} MB", str(e.path)) for e in entries]
    widths = [max(_display_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        out("  ".join(_pad(cell, widths[i], right=i == 2) for i, cell in enumerate(row)).rstrip())
    out(f"共 {len(entries)} 份；自动备份保留：当天全部，另外每日 {keep.daily} 份、每周 {keep.weekly} 份、每月 {keep.monthly} 份（手动备份不会自动删除）。"
        f"恢复：unionbook restore 备份文件")  # fmt: skip
    return EXIT_OK


MAX_LISTED = 50  # rejected rows / warnings printed before "……另有 N 条"


def _print_limited(lines: list[str], what: str) -> None:
    for line in lines[:MAX_LISTED]:
        err(line)
    if len(lines) > MAX_LISTED:
        err(f"……另有 {len(lines) - MAX_LISTED} 条{what}")


REGISTER_NAMES = ["members", "contracts", "activities", "aid", "hardship", "honors", "positions", "cases", "mutual-aid"]  # import and export; the keys of services/importing/registers.py


def _iso_date(text: str):  # noqa: ANN202 - a date
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应写成 YYYY-MM-DD，例如 2025-01-20，这里是“{text}”") from None


def _import_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("register", choices=REGISTER_NAMES, help="导入到哪本台账：members（会员）、contracts（集体合同）、activities（活动）、aid（帮扶发放）、hardship（困难职工档案）、honors（荣誉）、positions（阵地）、cases（维权）、mutual-aid（互助保障参保名单）")
    p.add_argument("file", type=Path, metavar="FILE", help="Excel/WPS 表格（.xlsx .xls .ods）或 CSV 文件")
    p.add_argument("--sheet", help="工作表名称（默认第一个有内容的工作表）")
    p.add_argument("--header-row", type=int, metavar="N", help="表头所在行号（默认自动识别）")
    p.add_argument(
        "--on-duplicate",
        choices=["update", "skip"],
        default="update",
        help="已登记的人（按证件号码，或姓名+出生日期）：update 更新（默认），skip 跳过",
    )
    p.add_argument(
        "--errors",
        type=Path,
        metavar="OUT.xlsx",
        help="被拒绝的行写入此文件（默认：原文件旁的 原文件名.错误行.xlsx；那里无法写入时，写在数据库所在的文件夹）",
    )
    p.add_argument("--program", help="帮扶发放名单没有“项目”列时，整张表的帮扶项目（如 送温暖）")
    p.add_argument("--date", type=_iso_date, metavar="YYYY-MM-DD", help="帮扶发放名单没有“日期”列时，整张表的发放日期")


@command("import", "从表格导入台账（逐行检查，全部成功或全部不写）", _import_args)
def cmd_import(args: argparse.Namespace, ctx: Context) -> int:
    from unionbook.services.importing.engine import write_errors_file
    from unionbook.services.importing.errors_file import text_headers, write_rejected_rows
    from unionbook.services.importing.registers import IMPORTERS

    importer = IMPORTERS[args.register]
    extra = {}
    if args.register == "aid":
        extra = {"default_program": args.program, "default_date": args.date}
    elif args.program or args.date:
        err("--program 和 --date 只用于导入帮扶发放名单（import aid）")
        return EXIT_INPUT
    plan = importer.plan(args.file, ctx.db.session_factory, sheet=args.sheet, header_row=args.header_row, **extra)
    if plan.is_empty:  # like the wizard: a header with nobody under it is a wrong sheet or header row
        err(plan.empty_message())
        return EXIT_INPUT
    if plan.mapping.unknown:
        err(f"提示：文件“{args.file.name}”中未识别、已忽略的列：{'、'.join(plan.mapping.unknown)}")
    summary = importer.run(ctx.db.session_factory, plan, on_duplicate=args.on_duplicate)
    _print_limited(plan.warning_lines(), "警告")
    if plan.rejected:
        _print_limited(plan.rejection_lines(), "被拒绝的行")
        if args.errors:  # the user's own choice: written there or not at all
            errors = write_errors_file(plan, args.errors, text_headers(plan))
        else:
            # The window's rule: beside the file, else beside the database (services.importing.errors_file).
            written = write_rejected_rows(plan, ctx.db.path.parent)
            if written.path is None:
                # The import has committed, so this is exit 3 like any import with rejected rows, not
                # a failure; the rows were listed above, and --errors can name another place.
                err(f"被拒绝的行没能写入错误行文件：{written.problem}（可用 --errors 指定另一个位置）")
                out(f"导入完成：{summary.line()}。")
                return EXIT_REJECTED_ROWS
            if written.fell_back:
                err("提示：原文件所在的文件夹无法写入，错误行文件已改存到台账数据所在的文件夹。")
            errors = written.path
        out(f"导入完成：{summary.line()}。被拒绝的行已写入 {errors}，修改后可再次导入。")
        return EXIT_REJECTED_ROWS
    out(f"导入完成：{summary.line()}。")
    return EXIT_OK


def _imports_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--show", type=int, metavar="N", help="显示编号为 N 的一次导入，连同它的每条警告和每个被拒绝的行")


@command("imports", "导入记录：每次导入的时间、台账、文件和新增/更新/跳过/拒绝/警告数；--show N 看某一次的详情", _imports_args)
def cmd_imports(args: argparse.Namespace, ctx: Context) -> int:
    from unionbook.services.importing import history as import_history

    factory = ctx.db.session_factory
    if args.show is not None:
        entry = import_history.get_import(factory, args.show)
        out(f"导入记录 {entry.id}：{entry.at:%Y-%m-%d %H:%M}，{entry.register}，文件“{entry.file_name}”，工作表“{entry.sheet}”")
        out(f"{entry.counts_text()}。")
        messages = import_history.import_messages(factory, entry.id)
        for message in messages:
            out(f"{message.kind_label}\t{message.text()}")
        if not messages:
            out("没有警告，也没有被拒绝的行。")
        return EXIT_OK
    entries = import_history.list_imports(factory)
    if not entries:
        out("还没有导入记录。")
        return EXIT_OK
    header = ("编号", "时间", "台账", "文件", "新增", "更新", "未变", "跳过", "拒绝", "警告")
    rows = [
        (str(e.id), f"{e.at:%Y-%m-%d %H:%M}", e.register, e.file_name,
         *(str(n) for n in (e.added, e.updated, e.unchanged, e.skipped, e.rejected, e.warnings)))
        for e in entries
    ]  # fmt: skip
    widths = [max(_display_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        out("  ".join(_pad(cell, widths[i], right=i == 0 or i >= 4) for i, cell in enumerate(row)).rstrip())
    out(f"共 {len(entries)} 次导入；用 `unionbook imports --show 编号` 查看某一次的每条警告和被拒绝的行。")
    return EXIT_OK


AUDIT_KINDS = {"新增": "create", "修改": "update", "删除": "delete", "导入": "import", "导出": "export", "恢复": "restore"}
AUDIT_LISTED = 100  # entries printed unless --all or -o


def _audit_kind(text: str) -> str:
    value = AUDIT_KINDS.get(text.strip(), text.strip().lower())
    if value not in AUDIT_KINDS.values():
        raise argparse.ArgumentTypeError(f"操作应为 {'、'.join(AUDIT_KINDS)} 之一，这里是“{text}”")
    return value


def _audit_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--from", dest="start", type=_iso_date, metavar="YYYY-MM-DD", help="从这一天起")
    p.add_argument("--to", dest="end", type=_iso_date, metavar="YYYY-MM-DD", help="到这一天止（含当天）")
    p.add_argument("--kind", type=_audit_kind, metavar="K", help="操作：新增、修改、删除、导入、导出、恢复（也可写 create、update、delete、import、export、restore）")
    p.add_argument("--register", metavar="NAME", help="台账：会员、集体合同、帮扶、活动、附件、工会信息、文档、数据库与设置")
    p.add_argument("-o", "--output", type=Path, metavar="OUT.xlsx", help="把筛选出的全部记录导出为 Excel 表格（导出本身也记入操作记录）")
    p.add_argument("--all", action="store_true", help=f"列出全部记录（默认只列最近 {AUDIT_LISTED} 条）")


@command("audit", "操作记录：谁在何时新增、修改、删除、导入、导出、恢复了什么（证件号码和手机号部分隐藏）", _audit_args)
def cmd_audit(args: argparse.Namespace, ctx: Context) -> int:
    from unionbook.services import audit

    if args.start and args.end and args.end < args.start:
        err(f"结束日期 {args.end} 早于开始日期 {args.start}")
        return EXIT_INPUT
    if args.register and args.register not in audit.REGISTER_TABLES:
        err(f"台账应为 {'、'.join(audit.REGISTER_TABLES)} 之一，这里是“{args.register}”")
        return EXIT_INPUT
    if args.output is not None and args.output.suffix.lower() != ".xlsx":
        err(f"输出文件应为 .xlsx：{args.output}")
        return EXIT_INPUT
    flt = audit.AuditFilter(start=args.start, end=args.end, action=args.kind, register=args.register)
    factory = ctx.db.session_factory
    if args.output is not None:
        result = audit.export_entries(factory, flt, args.output)
        out(f"已导出 {result.rows} 条操作记录到 {result.path}")
        return EXIT_OK
    total = audit.count_entries(factory, flt)
    if not total:
        out("没有符合条件的操作记录。")
        return EXIT_OK
    for row in audit.list_entries(factory, flt, limit=None if args.all else AUDIT_LISTED):
        changes = row.changes_text() if row.action == "update" else ""
        line = f"{row.at:%Y-%m-%d %H:%M:%S}  {row.action_label}  {row.summary}"
        out(f"{line}（{changes}）  [{row.source_label}]" if changes else f"{line}  [{row.source_label}]")
    shown = total if args.all else min(total, AUDIT_LISTED)
    more = f"，只列出最近 {shown} 条（--all 列出全部，-o 导出为表格）" if shown < total else ""
    out(f"共 {total} 条{more}。")
    return EXIT_OK


def _export_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("register", choices=REGISTER_NAMES, help="导出哪本台账：members（会员花名册）、contracts（集体合同台账）、activities（活动台账）、aid、hardship、honors（荣誉）、positions（阵地）、cases（维权）、mutual-aid（互助保障）")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="OUT.xlsx", help="输出文件")
    p.add_argument("--show-id", action="store_true", help="显示完整的证件号码和手机号（默认部分隐藏）")
    p.add_argument("--layout", type=Path, metavar="TEMPLATE.xlsx", help="按上级采集表的格式填写在册会员（保留其标题行和下拉选项；证件号码和手机号填完整号码）")


@command("export", "把台账导出为 Excel 表格", _export_args)
def cmd_export(args: argparse.Namespace, ctx: Context) -> int:
    from unionbook.services.member_export import export_roster, export_to_layout, left_out_text

    if args.output.suffix.lower() != ".xlsx":
        err(f"输出文件应为 .xlsx：{args.output}")
        return EXIT_INPUT
    if args.register != "members":
        if args.layout or (args.show_id and args.register not in ("aid", "cases", "mutual-aid")):
            err("--layout 只用于导出会员花名册，--show-id 只用于会员花名册、帮扶发放台账、维权台账（显示姓名）和互助保障名单")
            return EXIT_INPUT
        from functools import partial

        from unionbook.services import register_export as rx

        export, what = {
            "contracts": (rx.export_contracts, "份集体合同"),
            "activities": (rx.export_activities, "场活动"),
            "aid": (partial(rx.export_aid, show_id=args.show_id), "笔帮扶发放"),
            "hardship": (rx.export_hardship, "户困难职工档案"),
            "honors": (rx.export_honors, "项荣誉"),
            "positions": (rx.export_positions, "个阵地"),
            "cases": (partial(rx.export_cases, show_names=args.show_id), "件维权案件"),
            "mutual-aid": (partial(rx.export_mutual_aid, show_id=args.show_id), "人次互助保障参保记录"),
        }[args.register]
        result = export(ctx.db.session_factory, args.output)
        out(f"已导出 {result.rows} {what}到 {result.path}")
        return EXIT_OK
    if args.layout:
        # The upper union's sheet asks for full numbers, and lists members only: say who was left out.
        result = export_to_layout(ctx.db.session_factory, args.layout, args.output, show_id=True)
        out(f"已按采集表格式导出在册会员 {result.rows} 人到 {result.path}（证件号码和手机号为完整号码）")
        if result.left_out:
            out(left_out_text(result))
        return EXIT_OK
    result = export_roster(ctx.db.session_factory, args.output, show_id=args.show_id)
    masked = "" if args.show_id else "（证件号码和手机号已部分隐藏，加 --show-id 显示完整号码）"
    out(f"已导出 {result.rows} 人到 {result.path}{masked}")
    return EXIT_OK


def _figures_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=int, metavar="YYYY", help="统计年度（1月1日至12月31日）")
    p.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="统计期间的开始日期（与 --to 一起使用）")
    p.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="统计期间的结束日期（含当天）")
    p.add_argument("--json", action="store_true", help="输出 JSON：每项指标F及“上年F”“F同比”，另有“期间”")


class _PeriodError(Exception):
    """A period the user typed that cannot be used; the message is the one Chinese line to print."""


def _parse_day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise _PeriodError(f"{option} 的日期“{text}”无效，应写成 YYYY-MM-DD，例如 2024-01-01") from None


def _figures_period(args: argparse.Namespace) -> Period:
    from unionbook.services.figures import Period

    if args.year is not None and (args.start or args.end):
        raise _PeriodError("--year 与 --from/--to 只能选一种")
    if args.year is not None:
        if not 1900 <= args.year <= 2100:
            raise _PeriodError(f"年度 {args.year} 无效，应在 1900 至 2100 之间")
        return Period.year(args.year)
    if not (args.start and args.end):
        raise _PeriodError("请用 --year YYYY 指定统计年度，或用 --from YYYY-MM-DD --to YYYY-MM-DD 指定统计期间")
    start, end = _parse_day(args.start, "--from"), _parse_day(args.end, "--to")
    if start.year < 1900 or end.year > 2100:
        raise _PeriodError("统计期间应在 1900 年至 2100 年之间")
    if end < start:
        raise _PeriodError(f"统计期间的结束日期 {end} 早于开始日期 {start}")
    return Period(start, end)


def _json_number(value: object) -> object:
    """Counts stay int; 元, 万元 and rates become JSON numbers (float) rather than strings."""
    return float(value) if isinstance(value, Decimal) else value


def _display_width(text: str) -> int:
    """Columns a terminal gives the text: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    space = " " * max(0, width - _display_width(text))
    return space + text if right else text + space


@command("figures", "统计某年度（或任一期间）的各项数字，并与上年同期比较", _figures_args)
def cmd_figures(args: argparse.Namespace, ctx: Context) -> int:
    from unionbook.services.figures import FIGURES, REGISTERS, compute_with_comparison, format_value

    try:
        period = _figures_period(args)
    except _PeriodError as exc:
        err(str(exc))
        return EXIT_INPUT
    values = compute_with_comparison(ctx.db.session_factory, period)
    if args.json:
        document: dict[str, object] = {"期间": {"开始": period.start.isoformat(), "结束": period.end.isoformat()}}
        document.update((name, _json_number(value)) for name, value in values.items())
        out(json.dumps(document, ensure_ascii=False, indent=2))
        return EXIT_OK

    previous = period.previous()
    # Grouped by register: the registry puts the later-added figures last, a reader wants them
    # beside their register's other figures.
    ordered = [f for register in REGISTERS for f in FIGURES if f.register == register]
    rows = [
        (f.name, format_value(values[f.name], f.unit), format_value(values["上年" + f.name], f.unit),
         str(values.get(f.name + "同比百分点", values[f.name + "同比"])), f.register)  # rates: 百分点
        for f in ordered
    ]  # fmt: skip
    header = ("指标", period.label, f"上年（{previous.label}）", "同比")
    widths = [max(_display_width(r[i]) for r in [header, *rows]) for i in range(4)]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(_pad(cell, widths[i], right=0 < i < 3) for i, cell in enumerate(cells[:4])).rstrip()

    out(f"统计期间：{period.start} 至 {period.end}；上年同期：{previous.start} 至 {previous.end}")
    out(line(header))
    register = None
    for row in rows:
        if row[4] != register:
            register = row[4]
            out(f"【{register}】")
        out(line(row))
    return EXIT_OK


# --- framework --------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(
        prog="unionbook",
        description="工会台账 UnionBook：不带子命令时打开图形界面。",
    )
    parser.add_argument("--db", type=Path, metavar="PATH", help="数据库文件（默认在用户数据文件夹，或环境变量 UNIONBOOK_DB）")
    parser.add_argument("--demo", action="store_true", help="打开图形界面前，若数据库为空则先填入演示工会")
    parser.add_argument("--version", action="version", version=f"UnionBook {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=ChineseArgumentParser)
    for name, help_text, arguments, fn in _COMMANDS:
        p = sub.add_parser(name, help=help_text, description=help_text)
        arguments(p)
        p.set_defaults(func=fn)
    return parser


def run(args: argparse.Namespace) -> int:
    """Run a parsed sub-command and turn every failure into one Chinese line and an exit code.

    A failure the machine causes (damaged database, read-only or full disk: services/failures.py)
    is exit 2 with a sentence saying what to do; anything else is exit 1. Either way the details
    go to the log file only (masked, see log.py), never a traceback to the terminal.
    """
    ctx = Context(args.db, create=args.command == "demo")
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
    if database is None:
        from unionbook import paths

        try:
            database = paths.default_db_path()
        except OSError:  # the very failure being reported may be that the data folder cannot be made
            database = None
    known = environment_error(exc, database=database, written=getattr(args, "output", None))
    log.error("`%s` failed", args.command, exc_info=exc, extra=FILE_ONLY)
    if known is not None:
        err(known.message())
        return known.exit_code
    summary = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
    err(f"意外错误：{type(exc).__name__}{': ' + summary if summary else ''}（详细信息见日志 {log_file()}）")
    return EXIT_FAILURE
