"""Commands on the registers' records: import, export, the import history and the audit trail."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING


if TYPE_CHECKING:  # imported lazily at run time, so `--help` stays quick
    pass
from unionbook.cli.base import (
    EXIT_INPUT,
    EXIT_OK,
    EXIT_REJECTED_ROWS,
    Context,
    command,
    display_width,
    err,
    iso_date,
    out,
    pad,
    print_limited,
)
from unionbook.cli.dues import export_dues_command, month_option


REGISTER_NAMES = ["members", "contracts", "activities", "aid", "hardship", "honors", "positions", "cases", "mutual-aid", "funds", "dues"]  # import and export; the keys of services/importing/registers.py


def _import_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("register", choices=REGISTER_NAMES, help="导入到哪本台账：members（会员）、contracts（集体合同）、activities（活动）、aid（帮扶发放）、hardship（困难职工档案）、honors（荣誉）、positions（阵地）、cases（维权）、mutual-aid（互助保障参保名单）、dues（会费代扣名单，有一行不能导入则整个文件不导入）、funds（经费收支明细账，有一行不能导入则整个文件不导入）")
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
    p.add_argument("--date", type=iso_date, metavar="YYYY-MM-DD", help="帮扶发放名单没有“日期”列时，整张表的发放日期")


@command("import", "从表格导入台账（逐行检查，全部成功或全部不写）", _import_args)
def cmd_import(args: argparse.Namespace, ctx: Context) -> int:
    from unionbook.services.importing.engine import write_errors_file
    from unionbook.services.importing.errors_file import text_headers, write_rejected_rows
    from unionbook.domain.errors import InputError
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
    try:
        summary = importer.run(ctx.db.session_factory, plan, on_duplicate=args.on_duplicate)
    except InputError:
        if plan.rejected:  # an all-or-nothing import (dues) refused the file: the rows to fix, in a file
            written = (write_errors_file(plan, args.errors, text_headers(plan)) if args.errors
                       else write_rejected_rows(plan, ctx.db.files_root).path)  # fmt: skip
            if written is not None:
                err(f"被拒绝的行已写入 {written}，修改后可再次导入。")
        raise
    print_limited(plan.warning_lines(), "警告")
    if plan.rejected:
        print_limited(plan.rejection_lines(), "被拒绝的行")
        if args.errors:  # the user's own choice: written there or not at all
            errors = write_errors_file(plan, args.errors, text_headers(plan))
        else:
            # The window's rule: beside the file, else beside the database (services.importing.errors_file).
            written = write_rejected_rows(plan, ctx.db.files_root)
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
    widths = [max(display_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        out("  ".join(pad(cell, widths[i], right=i == 0 or i >= 4) for i, cell in enumerate(row)).rstrip())
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
    p.add_argument("--from", dest="start", type=iso_date, metavar="YYYY-MM-DD", help="从这一天起")
    p.add_argument("--to", dest="end", type=iso_date, metavar="YYYY-MM-DD", help="到这一天止（含当天）")
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
    p.add_argument("register", choices=REGISTER_NAMES, help="导出哪本台账：members（会员花名册）、contracts（集体合同台账）、activities（活动台账）、aid、hardship、honors（荣誉）、positions（阵地）、cases（维权）、mutual-aid（互助保障）、dues（会费收缴台账）")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="OUT.xlsx", help="输出文件")
    p.add_argument("--show-id", action="store_true", help="显示完整的证件号码和手机号（默认部分隐藏）")
    p.add_argument("--layout", type=Path, metavar="TEMPLATE.xlsx", help="按上级采集表的格式填写在册会员（保留其标题行和下拉选项；证件号码和手机号填完整号码）")
    p.add_argument("--month", type=month_option, metavar="YYYY-MM", help="dues：只导出这一个月的会费收缴台账（默认：全年汇总）")
    p.add_argument("--year", type=int, metavar="YYYY", help="funds：只导出这一年（默认全部年度）")


@command("export", "把台账导出为 Excel 表格", _export_args)
def cmd_export(args: argparse.Namespace, ctx: Context) -> int:
    from unionbook.services.member_export import export_roster, export_to_layout, left_out_text

    if args.output.suffix.lower() != ".xlsx":
        err(f"输出文件应为 .xlsx：{args.output}")
        return EXIT_INPUT
    if args.register == "dues":
        return export_dues_command(args, ctx)
    if args.month is not None:
        err("--month 只用于导出会费收缴台账（export dues）")
        return EXIT_INPUT
    if args.year is not None and args.register != "funds":
        err("--year 只用于导出经费收支明细账（export funds）")
        return EXIT_INPUT
    if args.register != "members":
        if args.layout or (args.show_id and args.register not in ("aid", "cases", "mutual-aid")):
            err("--layout 只用于导出会员花名册，--show-id 只用于会员花名册、帮扶发放台账、维权台账（显示姓名）和互助保障名单")
            return EXIT_INPUT
        from functools import partial

        from unionbook.services import register_export as rx
        from unionbook.services.funds_export import export_funds

        export, what = {
            "contracts": (rx.export_contracts, "份集体合同"),
            "activities": (rx.export_activities, "场活动"),
            "aid": (partial(rx.export_aid, show_id=args.show_id), "笔帮扶发放"),
            "hardship": (rx.export_hardship, "户困难职工档案"),
            "honors": (rx.export_honors, "项荣誉"),
            "positions": (rx.export_positions, "个阵地"),
            "cases": (partial(rx.export_cases, show_names=args.show_id), "件维权案件"),
            "mutual-aid": (partial(rx.export_mutual_aid, show_id=args.show_id), "人次互助保障参保记录"),
            "funds": (partial(export_funds, year=args.year), "笔经费收支（另有预算执行情况表）"),
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
