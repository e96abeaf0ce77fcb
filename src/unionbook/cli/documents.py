"""Commands on the documents and figures: templates, report, figures."""

from __future__ import annotations

import argparse
import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING


if TYPE_CHECKING:  # imported lazily at run time, so `--help` stays quick
    from unionbook.services.figures import Period
from unionbook.cli.base import (
    EXIT_INPUT,
    EXIT_OK,
    Context,
    command,
    display_width,
    err,
    iso_date,
    out,
    pad,
)


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


def _report_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=int, metavar="YYYY", help="年度（统计年报为上年10月1日至本年9月30日，上半年总结为1—6月）")
    p.add_argument("--half", action="store_true", help="与 --year 一起用：只统计该年上半年（1月1日至6月30日）")
    p.add_argument("--from", dest="start", type=iso_date, metavar="YYYY-MM-DD", help="自定义期间的第一天")
    p.add_argument("--to", dest="end", type=iso_date, metavar="YYYY-MM-DD", help="自定义期间的最后一天")
    p.add_argument("--month", type=_month, metavar="YYYY-MM", help="某一个月（按月财务公开用），如 2025-03")
    p.add_argument("--template", required=True, metavar="NAME_OR_PATH", help="模板名称（见 `unionbook templates`）或模板文件路径")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="OUT", help="输出文件：Word 模板为 .docx，Excel 模板为 .xlsx")
    p.add_argument("--date", dest="report_date", type=iso_date, metavar="YYYY-MM-DD",
                   help="落款（填报）日期；默认今天，期间结束一个多月后生成的默认为期间结束后第15天（如2024年度为2025-01-15）")  # fmt: skip


def _month(text: str) -> tuple[int, int]:
    """ "2025-03" → (2025, 3); argparse turns the ValueError into a usage error (exit 2)."""
    try:
        year, month = (int(part) for part in text.strip().split("-"))
        date(year, month, 1)
    except ValueError:
        raise argparse.ArgumentTypeError(f"月份“{text}”无效，应写成 YYYY-MM，例如 2025-03") from None
    return year, month


@command("report", "用模板生成文档（年度工作总结、统计年报、财务公开、台账……）", _report_args)
def cmd_report(args: argparse.Namespace, ctx: Context) -> int:
    from unionbook.services import documents
    from unionbook.services.figures import Period

    if sum((args.year is not None, bool(args.start or args.end), args.month is not None)) > 1:
        err("--year、--month 与 --from/--to 只能选一种")
        return EXIT_INPUT
    if args.year is None and args.month is None and not (args.start and args.end):
        err("请用 --year YYYY 或 --month YYYY-MM，或同时用 --from 和 --to 指定统计期间")
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
    elif args.month is not None:
        period = Period.month(*args.month)
    elif args.half:
        period = Period.half_year(args.year)
    else:
        period = documents.default_period(template, args.year)
    report_date = args.report_date or documents.default_report_date(period)
    target = documents.render(
        ctx.db.session_factory, template, period, args.output, user_folder=user_folder, report_date=report_date,
        chart_images=ctx.chart_images,
    )
    out(f"已生成“{template.stem}”（{period.label}，落款日期 {report_date:%Y-%m-%d}）：{target}")
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


@command("figures", "统计某年度（或任一期间）的各项数字，并与上年同期比较", _figures_args)
def cmd_figures(args: argparse.Namespace, ctx: Context) -> int:
    from unionbook.services.figures import FIGURES, REGISTERS, compute_with_comparison, format_value

    try:
        period = _figures_period(args)
    except _PeriodError as exc:
        err(str(exc))
        return EXIT_INPUT
    # A Core connection: the figures read db/tables/, so this command never imports the ORM.
    values = compute_with_comparison(ctx.db.connect, period)
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
    widths = [max(display_width(r[i]) for r in [header, *rows]) for i in range(4)]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(pad(cell, widths[i], right=0 < i < 3) for i, cell in enumerate(cells[:4])).rstrip()

    out(f"统计期间：{period.start} 至 {period.end}；上年同期：{previous.start} 至 {previous.end}")
    out(line(header))
    register = None
    for row in rows:
        if row[4] != register:
            register = row[4]
            out(f"【{register}】")
        out(line(row))
    return EXIT_OK
