"""`unionbook dues …`: the 会费 register without a screen — the rule, wage bases, exemptions,
generating a month, listing it, payments by hand and arrears (`import dues` and `export dues` are
with the other registers; their dues parts are `import_note` and `export_dues_command` here)."""

from __future__ import annotations

import argparse
from datetime import date

from unionbook.cli.base import (
    EXIT_INPUT,
    EXIT_OK,
    ChineseArgumentParser,
    Context,
    command,
    display_width,
    err,
    iso_date,
    out,
    pad,
)


def month_option(text: str) -> date:
    """A month option: 2025-03 (also 2025年3月, 202503)."""
    from unionbook.domain.dues import parse_month

    try:
        return parse_month(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _yuan(text: str) -> int:
    from unionbook.domain.money import yuan_to_fen

    try:
        return yuan_to_fen(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"金额应写成元，例如 5678.90，这里是“{text}”") from None


def _dues_args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="dues_command", metavar="操作", required=True, parser_class=ChineseArgumentParser)

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help_text, description=help_text)

    s = add("settings", "查看或修改会费规则：费率（‰）、不计部分、舍入单位")
    s.add_argument("--rate-permille", metavar="‰", help="费率，千分之几（默认 5，即 0.5%）")
    s.add_argument("--step-yuan", metavar="10|1|0", help="工资中不计的尾数：10（不足10元不计，默认）、1（不足1元不计）、0（全额计算）")
    s.add_argument("--round", dest="rounding", metavar="分|角|元", help="应缴金额四舍五入到：分（默认）、角、元")

    g = add("generate", "生成某月（或全年各月）的应缴名单；重新生成只重算未缴的行")
    when = g.add_mutually_exclusive_group(required=True)
    when.add_argument("--month", type=month_option, metavar="YYYY-MM", help="月份，如 2025-03")
    when.add_argument("--year", type=int, metavar="YYYY", help="全年 12 个月")

    ls = add("list", "列出某月的会费收缴台账和合计")
    ls.add_argument("--month", type=month_option, required=True, metavar="YYYY-MM")
    ls.add_argument("--status", choices=["已缴", "欠缴", "免缴", "未登记工资基数", "无应缴"], help="只列这种状态的行")
    ls.add_argument("--search", default="", metavar="文字", help="姓名、部门或拼音首字母")

    pay = add("pay", "登记缴纳（现金、转账等手工缴纳）：某月的指定职工，或 --all 该月全部未缴的人")
    pay.add_argument("--month", type=month_option, required=True, metavar="YYYY-MM")
    who = pay.add_mutually_exclusive_group(required=True)
    who.add_argument("--member", action="append", metavar="姓名或身份证号", help="职工（可重复）")
    who.add_argument("--all", action="store_true", help="该月全部欠缴的人")
    pay.add_argument("--date", type=iso_date, metavar="YYYY-MM-DD", help="缴纳日期（默认今天）")
    pay.add_argument("--method", default="现金", choices=["工资代扣", "现金", "转账", "其他"], help="缴纳方式（默认 现金）")
    pay.add_argument("--amount", type=_yuan, metavar="元", help="实缴金额（默认为应缴金额）")

    undo = add("unpay", "撤销缴纳：把某月指定职工的缴纳记录清除（登记错了时）")
    undo.add_argument("--month", type=month_option, required=True, metavar="YYYY-MM")
    undo.add_argument("--member", action="append", required=True, metavar="姓名或身份证号")

    a = add("arrears", "欠缴名单：截至某日谁欠缴哪几个月、共多少（当月的会费到月底才算欠缴）")
    a.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD", help="截至日期（默认今天）")

    w = add("wage-base", "工资基数：列出、登记、修改、删除")
    w.add_argument("action", choices=["list", "add", "edit", "delete"], help="list 列出 / add 登记 / edit 修改 / delete 删除")
    w.add_argument("id", nargs="?", type=int, metavar="编号", help="edit、delete：工资基数的编号（list 中第一列）")
    w.add_argument("--member", metavar="姓名或身份证号", help="list：只列此人的历次基数；add：登记给谁")
    w.add_argument("--from", dest="effective_from", type=iso_date, metavar="YYYY-MM-DD", help="生效日期")
    w.add_argument("--wage", type=_yuan, metavar="元", help="月工资基数（元）")
    w.add_argument("--notes", metavar="备注")

    e = add("exempt", "免缴登记（经研究同意免缴的月份；保留会籍的人不必登记）：列出、登记、删除")
    e.add_argument("action", choices=["list", "add", "delete"])
    e.add_argument("id", nargs="?", type=int, metavar="编号", help="delete：免缴登记的编号")
    e.add_argument("--member", metavar="姓名或身份证号")
    e.add_argument("--from", dest="from_month", type=month_option, metavar="YYYY-MM", help="起始月份")
    e.add_argument("--to", dest="to_month", type=month_option, metavar="YYYY-MM", help="截止月份（不填则长期）")
    e.add_argument("--reason", metavar="原因", help="免缴原因")


@command("dues", "会费：规则、工资基数、免缴、生成每月应缴、登记缴纳、欠缴名单", _dues_args)
def cmd_dues(args: argparse.Namespace, ctx: Context) -> int:
    handler = {"settings": _settings, "generate": _generate, "list": _list, "pay": _pay, "unpay": _unpay,
               "arrears": _arrears, "wage-base": _wage_base, "exempt": _exempt}[args.dues_command]  # fmt: skip
    return handler(args, ctx)


def _member_id(ctx: Context, text: str) -> int:
    """A member named by ID number or a unique name (the lists' own matching)."""
    from unionbook.domain.cells import clean_id_number
    from unionbook.domain.errors import InputError
    from unionbook.services.importing.matching import MemberMatcher

    with ctx.db.session_factory() as session:
        matcher = MemberMatcher(session)
    is_number = any(ch.isdigit() for ch in text)
    found, why = matcher.match(None if is_number else text, clean_id_number(text) if is_number else None, None)
    if found is None:
        raise InputError(detail=why)
    return found


def _settings(args: argparse.Namespace, ctx: Context) -> int:
    from unionbook.services import dues

    factory = ctx.db.session_factory
    rule = dues.get_rule(factory)
    if args.rate_permille is not None or args.step_yuan is not None or args.rounding is not None:
        rule = dues.save_rule(factory, dues.rule_from_options(rule, rate=args.rate_permille, step_yuan=args.step_yuan,
                                                               rounding=args.rounding))  # fmt: skip
        out(f"已保存会费规则：{rule.describe()}。之后生成（或重新生成）的月份按此计算，已缴的月份不变。")
    else:
        out(f"会费规则：{rule.describe()}。")
    return EXIT_OK


def _generate(args: argparse.Namespace, ctx: Context) -> int:
    from unionbook.domain.dues import months_of_year
    from unionbook.services import dues

    months = [args.month] if args.month else months_of_year(args.year)
    for result in dues.generate_months(ctx.db.session_factory, months):
        out(f"已生成 {result.line()}")
    return EXIT_OK


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]], right: set[int]) -> None:
    widths = [max(display_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        out("  ".join(pad(cell, widths[i], right=i in right) for i, cell in enumerate(row)).rstrip())


def _list(args: argparse.Namespace, ctx: Context) -> int:
    from unionbook.domain.dues import DuesStatus, month_label
    from unionbook.domain.money import format_yuan
    from unionbook.services import dues

    flt = dues.DuesFilter(month=args.month, status=DuesStatus(args.status) if args.status else None, text=args.search)
    rows = dues.list_rows(ctx.db.session_factory, flt)
    if not rows:
        out(f"{month_label(args.month)} 没有符合条件的行（还没有生成时，用 `unionbook dues generate --month {month_label(args.month)}`）。")
        return EXIT_OK

    def money(fen: int | None) -> str:
        return format_yuan(fen) if fen is not None else ""

    _table(("编号", "姓名", "部门", "工资基数", "应缴", "实缴", "缴纳日期", "方式", "状态"),
           [(str(r.id), r.member_name, r.department, money(r.wage_fen), money(r.due_fen), money(r.paid_fen),
             r.paid_on.isoformat() if r.paid_on else "", r.method or "", r.exempt_reason or r.status.value) for r in rows],
           {0, 3, 4, 5})  # fmt: skip
    t = dues.totals(ctx.db.session_factory, flt)
    out(f"共 {t.rows} 人：应缴 {format_yuan(t.due_fen)} 元，实缴 {format_yuan(t.paid_fen)} 元，收缴率 {t.rate}%，"
        f"欠缴 {t.owing_people} 人 {format_yuan(t.owed_fen)} 元；免缴 {t.exempt} 人，未登记工资基数 {t.no_base} 人。")  # fmt: skip
    return EXIT_OK


def _month_rows(ctx: Context, month: date, members: list[str] | None) -> list[int]:
    from unionbook.domain.dues import DuesStatus, month_label
    from unionbook.domain.errors import InputError
    from unionbook.services import dues

    rows = dues.list_rows(ctx.db.session_factory, dues.DuesFilter(month=month))
    if members is None:
        return [r.id for r in rows if r.status is DuesStatus.OWED]
    by_member = {r.member_id: r.id for r in rows}
    ids = []
    for text in members:
        member_id = _member_id(ctx, text)
        if member_id not in by_member:
            raise InputError(detail=f"{month_label(month)} 的会费台账中没有“{text}”（该月还没有生成，或此人该月不是会员）")
        ids.append(by_member[member_id])
    return ids


def _pay(args: argparse.Namespace, ctx: Context) -> int:
    from unionbook.services import dues

    ids = _month_rows(ctx, args.month, None if args.all else args.member)
    result = dues.record_payment(ctx.db.session_factory, ids, paid_on=args.date or date.today(), method=args.method,
                                 amount_fen=args.amount)  # fmt: skip
    out(result.line())
    return EXIT_OK


def _unpay(args: argparse.Namespace, ctx: Context) -> int:
    from unionbook.services import dues

    undone = dues.undo_payment(ctx.db.session_factory, _month_rows(ctx, args.month, args.member))
    out(f"已撤销 {undone} 条缴纳记录。" if undone else "所选的行本来就没有缴纳记录，没有改动。")
    return EXIT_OK


def _arrears(args: argparse.Namespace, ctx: Context) -> int:
    from unionbook.domain.money import format_yuan
    from unionbook.services import dues

    as_of = args.as_of or date.today()
    people = dues.arrears(ctx.db.session_factory, as_of)
    if not people:
        out(f"截至 {as_of} 没有欠缴会费的人。")
        return EXIT_OK
    _table(("姓名", "部门", "欠缴月数", "欠缴金额", "月份"),
           [(a.name, a.department, str(len(a.months)), format_yuan(a.owed_fen), a.months_text()) for a in people], {2, 3})  # fmt: skip
    total = sum(a.owed_fen for a in people)
    out(f"截至 {as_of}：欠缴会费 {len(people)} 人，{sum(len(a.months) for a in people)} 个月，共 {format_yuan(total)} 元。")
    return EXIT_OK


def _wage_base(args: argparse.Namespace, ctx: Context) -> int:
    from dataclasses import replace

    from unionbook.domain.money import format_yuan
    from unionbook.services import dues
    from unionbook.services.dues.wage_bases import STORE

    factory = ctx.db.session_factory
    if args.action == "list":
        member = _member_id(ctx, args.member) if args.member else None
        rows = dues.list_wage_bases(factory, dues.WageBaseFilter(member_id=member, current_only=member is None))
        if not rows:
            out("还没有登记工资基数。")
            return EXIT_OK
        _table(("编号", "姓名", "部门", "生效日期", "工资基数"),
               [(str(r.id), r.member_name, r.department, r.data.effective_from.isoformat(), format_yuan(r.data.wage_fen))
                for r in rows], {0, 4})  # fmt: skip
        out(f"共 {len(rows)} 条" + ("（每人只列现行的一条；--member 列出此人的历次基数）" if member is None else "") + "。")
        return EXIT_OK
    if args.action == "add":
        if not (args.member and args.effective_from and args.wage is not None):
            err("登记工资基数需要 --member、--from 和 --wage")
            return EXIT_INPUT
        data = dues.WageBaseInput(_member_id(ctx, args.member), args.effective_from, args.wage, args.notes or "")
        saved, changed = dues.wage_bases.save_and_apply(factory, data)
        out(f"已登记工资基数（编号 {saved.id}）：自 {data.effective_from} 起每月 {format_yuan(data.wage_fen)} 元。"
            + (f"已生成的未缴月份重算了 {changed} 个。" if changed else ""))
        return EXIT_OK
    if args.id is None:
        err(f"wage-base {args.action} 需要工资基数的编号（见 `unionbook dues wage-base list --member 姓名`）")
        return EXIT_INPUT
    if args.action == "delete":
        changed = dues.wage_bases.delete_and_apply(factory, args.id)
        out(f"已删除工资基数 {args.id}。" + (f"已生成的未缴月份重算了 {changed} 个。" if changed else ""))
        return EXIT_OK
    with factory() as session:
        current = STORE.to_input(STORE.get(session, args.id))
    changes = {k: v for k, v in (("effective_from", args.effective_from), ("wage_fen", args.wage), ("notes", args.notes)) if v is not None}
    _saved, changed = dues.wage_bases.save_and_apply(factory, replace(current, **changes), args.id)
    out(f"已修改工资基数 {args.id}。" + (f"已生成的未缴月份重算了 {changed} 个。" if changed else ""))
    return EXIT_OK


def _exempt(args: argparse.Namespace, ctx: Context) -> int:
    from unionbook.services import dues

    factory = ctx.db.session_factory
    if args.action == "list":
        rows = dues.list_exemptions(factory, _member_id(ctx, args.member) if args.member else None)
        if not rows:
            out("没有免缴登记。")
            return EXIT_OK
        _table(("编号", "姓名", "部门", "月份", "原因"),
               [(str(r.id), r.member_name, r.department, r.period(), r.data.reason) for r in rows], {0})  # fmt: skip
        return EXIT_OK
    if args.action == "add":
        if not (args.member and args.from_month and args.reason):
            err("免缴登记需要 --member、--from 和 --reason")
            return EXIT_INPUT
        data = dues.ExemptionInput(_member_id(ctx, args.member), args.from_month, args.to_month, args.reason)
        saved, changed = dues.exemptions.save_and_apply(factory, data)
        out(f"已登记免缴（编号 {saved.id}）。" + (f"已生成的未缴月份按免缴重算了 {changed} 个。" if changed else ""))
        return EXIT_OK
    if args.id is None:
        err("exempt delete 需要免缴登记的编号（见 `unionbook dues exempt list`）")
        return EXIT_INPUT
    changed = dues.exemptions.delete_and_apply(factory, args.id)
    out(f"已删除免缴登记 {args.id}。" + (f"已生成的未缴月份重算了 {changed} 个。" if changed else ""))
    return EXIT_OK


def export_dues_command(args: argparse.Namespace, ctx: Context) -> int:
    """`export dues -o OUT.xlsx [--year Y | --month YYYY-MM] [--show-id]` (called by `export`)."""
    from unionbook.services import dues
    from unionbook.services.dues.export import export_dues

    year, month = getattr(args, "year", None), args.month
    if year is not None and month is not None and month.year != year:
        err(f"--month {month:%Y-%m} 不在 --year {year} 年内")
        return EXIT_INPUT
    if year is None and month is None:
        generated = dues.months_generated(ctx.db.session_factory)
        if not generated:
            err("还没有生成任何月份的会费（用 `unionbook dues generate --month YYYY-MM`），没有可导出的台账")
            return EXIT_INPUT
        year = generated[-1].year
    result = export_dues(ctx.db.session_factory, args.output, year=year, month=month, show_id=args.show_id)
    what = f"{month.year}年{month.month}月" if month else f"{year}年"
    masked = "" if args.show_id else "（身份证号已部分隐藏，加 --show-id 显示完整号码）"
    out(f"已导出{what}会费收缴台账 {result.rows} 人到 {result.path}{masked}")
    return EXIT_OK
