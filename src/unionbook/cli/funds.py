"""`unionbook funds …`: the 经费 register without a screen — entries, the year's ledger, what an
entry may link to, and the budgets (`import funds` and `export funds` are with the other registers)."""

from __future__ import annotations

import argparse
import re
from datetime import date

from unionbook.cli.base import EXIT_OK, ChineseArgumentParser, Context, command, display_width, err, iso_date, out, pad

_LINK = re.compile(r"^(batch|payment|activity|dues):(\d{4}-\d{2}|\d+)$")
_LINK_HELP = (
    "关联：batch:批次编号、payment:发放编号、activity:活动编号 或 dues:YYYY-MM（该月收缴的会费）；none 取消关联"
)


def _amount(text: str) -> int:
    from unionbook.domain.money import yuan_to_fen

    try:
        return yuan_to_fen(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"金额应写成元，例如 1200 或 1,200.50，这里是“{text}”") from None


def _entry_options(p: argparse.ArgumentParser, *, required: bool) -> None:
    p.add_argument("--date", type=iso_date, required=required, metavar="YYYY-MM-DD", help="日期")
    p.add_argument(
        "--category", required=required, metavar="科目", help="科目：会费收入、拨缴经费收入……职工活动支出、维权支出……"
    )
    p.add_argument("--amount", type=_amount, required=required, metavar="元", help="金额（元）")
    p.add_argument("--summary", required=required, metavar="摘要", help="摘要")
    p.add_argument("--sub-item", metavar="明细科目", help="明细科目（如 文体活动、送温暖、会议）")
    p.add_argument("--voucher", metavar="凭证号", help="凭证号（如 记-001）")
    p.add_argument("--link", metavar="KIND:ID", help=_LINK_HELP)
    p.add_argument("--notes", metavar="备注")


def _funds_args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar="操作", required=True, parser_class=ChineseArgumentParser)
    _entry_options(sub.add_parser("add", help="记一笔收支"), required=True)
    edit = sub.add_parser("edit", help="修改一笔收支（只改给出的项）")
    edit.add_argument("id", type=int, metavar="编号")
    _entry_options(edit, required=False)
    sub.add_parser("delete", help="删除一笔收支").add_argument("id", type=int, metavar="编号")
    ledger = sub.add_parser("ledger", help="经费收支明细账：上年结余、每笔收支和结余")
    ledger.add_argument("--year", type=int, required=True, metavar="YYYY")
    ledger.add_argument("--direction", choices=["收入", "支出"], help="只看收入或只看支出")
    ledger.add_argument("--category", metavar="科目")
    ledger.add_argument("--source", metavar="来源", help="记账、批量发放、帮扶发放、活动费用、会费收缴")
    ledger.add_argument("--text", metavar="文字", help="摘要、凭证号或明细科目中的文字")
    sub.add_parser("links", help="可以关联的记录：本年尚未入账的批次、发放、活动和会费").add_argument(
        "--year", type=int, required=True, metavar="YYYY"
    )
    budget = sub.add_parser("budget", help="预算：set 设置、show 预算执行情况、copy 复制上年预算")
    steps = budget.add_subparsers(
        dest="budget_action", metavar="操作", required=True, parser_class=ChineseArgumentParser
    )
    set_ = steps.add_parser("set", help="设置某年某科目的预算（--amount 留空或 --clear 删除）")
    set_.add_argument("--year", type=int, required=True, metavar="YYYY")
    set_.add_argument("--category", required=True, metavar="科目")
    group = set_.add_mutually_exclusive_group(required=True)
    group.add_argument("--amount", type=_amount, metavar="元")
    group.add_argument("--clear", action="store_true", help="删除这一科目的预算")
    steps.add_parser("show", help="预算执行情况：预算、实际、差额、执行率").add_argument(
        "--year", type=int, required=True, metavar="YYYY"
    )
    copy = steps.add_parser("copy", help="把上一年的预算复制到这一年（已有的科目不变，--replace 覆盖）")
    copy.add_argument("--year", type=int, required=True, metavar="YYYY")
    copy.add_argument("--replace", action="store_true")


def _link_fields(text: str | None) -> dict[str, object]:
    from unionbook.domain.errors import InputError
    from unionbook.services.fund_ledger import LineSource
    from unionbook.services.funds import NO_LINK, Link

    if text is None or text.strip().lower() == "none":
        return dict(NO_LINK)
    found = _LINK.match(text.strip())
    if found is None:
        raise InputError(detail=f"--link 应写成 batch:12、payment:345、activity:6 或 dues:2025-03，这里是“{text}”")
    kind, value = found.groups()
    source = {"batch": LineSource.BATCH, "payment": LineSource.PAYMENT, "activity": LineSource.ACTIVITY,
              "dues": LineSource.DUES}[kind]  # fmt: skip
    if kind == "dues":
        if "-" not in value:
            raise InputError(detail=f"--link dues: 应写成 dues:YYYY-MM，这里是“{text}”")
        record_id = int(value[:4]) * 100 + int(value[5:])
    elif "-" in value:
        raise InputError(detail=f"--link {kind}: 后应为编号，这里是“{text}”")
    else:
        record_id = int(value)
    return Link(source, record_id).fields()


def _yuan(fen: int | None) -> str:
    from unionbook.domain.money import format_yuan

    return "" if fen is None else format_yuan(fen)


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]], right: frozenset[int]) -> None:
    widths = [max(display_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        out("  ".join(pad(cell, widths[i], right=i in right) for i, cell in enumerate(row)).rstrip())


@command(
    "funds",
    "经费收支：记账（add/edit/delete）、明细账（ledger）、可关联的记录（links）、预算（budget set/show/copy）",
    _funds_args,
)
def cmd_funds(args: argparse.Namespace, ctx: Context) -> int:
    if args.action == "budget":
        return _budget(args, ctx)
    if args.action == "ledger":
        return _ledger(args, ctx)
    if args.action == "links":
        return _links(args, ctx)
    from dataclasses import replace

    from unionbook.services import funds

    factory = ctx.db.session_factory
    if args.action == "delete":
        entry = funds.get_entry(factory, args.id)
        funds.delete_entry(factory, args.id)
        out(f"已删除 {entry.date}“{entry.summary}”（{_yuan(entry.amount_fen)} 元）。")
        return EXIT_OK
    given = {"date": args.date, "category": args.category, "amount_fen": args.amount, "summary": args.summary,
             "sub_item": args.sub_item, "voucher_no": args.voucher, "notes": args.notes}  # fmt: skip
    given = {k: v for k, v in given.items() if v is not None}
    if args.action == "add":
        data = funds.EntryInput(**given, **_link_fields(args.link))  # type: ignore[arg-type]
        result = funds.save_entry(factory, data)
        verb = "已记账"
    else:
        current = funds.get_entry(factory, args.id)
        links = _link_fields(args.link) if args.link is not None else {}
        data = replace(current, **given, **links)
        result = funds.save_entry(factory, data, args.id)
        verb = "已修改"
    out(f"{verb}：编号 {result.id}，{data.date} {data.category} {_yuan(data.amount_fen)} 元“{data.summary.strip()}”。")
    for warning in result.warnings:
        err(f"请注意：{warning}")
    return EXIT_OK


def _ledger(args: argparse.Namespace, ctx: Context) -> int:
    from unionbook.services import funds

    flt = funds.LedgerFilter(args.direction, args.category, args.source, args.text or "")
    ledger = funds.year_ledger(ctx.db.session_factory, args.year, flt)
    header = ("编号", "日期", "凭证号", "摘要", "科目", "明细科目", "收入", "支出", "结余", "来源")
    rows = [("", f"{args.year}-01-01", "", "上年结余", "", "", "", "", _yuan(ledger.opening_fen), "")]
    for r in ledger.rows:
        line = r.line
        rows.append((str(line.source_id) if r.editable else "", line.date.isoformat(), line.voucher_no, line.summary,
                     line.category.value, line.sub_item, _yuan(r.income_fen or None), _yuan(r.spending_fen or None),
                     _yuan(r.balance_fen), line.source.value))  # fmt: skip
    _table(header, rows, frozenset({0, 6, 7, 8}))
    out(ledger.totals_text() + "。")
    return EXIT_OK


def _links(args: argparse.Namespace, ctx: Context) -> int:
    from unionbook.services import funds
    from unionbook.services.fund_ledger import LineSource

    lines = funds.link_candidates(ctx.db.session_factory, args.year)
    if not lines:
        out(f"{args.year}年没有尚未入账的批次、发放、活动或会费。")
        return EXIT_OK
    kinds = {
        LineSource.BATCH: "batch",
        LineSource.PAYMENT: "payment",
        LineSource.ACTIVITY: "activity",
        LineSource.DUES: "dues",
    }
    rows = []
    for line in lines:
        key = (
            f"{line.source_id // 100}-{line.source_id % 100:02d}"
            if line.source is LineSource.DUES
            else str(line.source_id)
        )
        rows.append((f"{kinds[line.source]}:{key}", line.date.isoformat(), line.source.value, line.summary,
                     line.category.value, _yuan(line.amount_fen)))  # fmt: skip
    _table(("--link", "日期", "来源", "摘要", "科目", "金额"), rows, frozenset({5}))
    out(f"共 {len(lines)} 项；记账时用 --link 关联，关联后该项不再单独出现在明细账中。")
    return EXIT_OK


def _budget(args: argparse.Namespace, ctx: Context) -> int:
    from unionbook.services import fund_budgets

    factory = ctx.db.session_factory
    if args.budget_action == "set":
        amount = None if args.clear else args.amount
        fund_budgets.set_budget(factory, args.year, args.category, amount)
        said = "已删除" if amount is None else f"已设为 {_yuan(amount)} 元"
        out(f"{args.year}年“{args.category}”预算{said}。")
        return EXIT_OK
    if args.budget_action == "copy":
        written = fund_budgets.copy_budgets(factory, args.year, replace_existing=args.replace)
        out(f"已把{args.year - 1}年的 {written} 个科目的预算复制到{args.year}年。")
        return EXIT_OK
    report = fund_budgets.budget_execution(factory, args.year)
    rows = [(line.category, _yuan(line.budget_fen), _yuan(line.actual_fen), _yuan(line.difference_fen), line.rate_text,
             "超预算" if line.over else "")
            for line in report.lines]  # fmt: skip
    _table(("科目", "预算", "实际", "差额", "执行率", ""), rows, frozenset({1, 2, 3, 4}))
    over = [line.category for line in report.spending if line.over and not line.total]
    if over:
        err(f"请注意：{args.year}年{'、'.join(over)}超出预算。")
    if date.today().year == args.year:
        out(f"（{args.year}年尚未结束，实际为截至今天的数。）")
    return EXIT_OK
