"""`unionbook district …`: the district book (区总) without a screen — make one, import the unions'
data packages, keep the union list, and print the district figures with the per-union breakdown
and the unions that have not reported."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from unionbook.cli.base import EXIT_INPUT, EXIT_OK, ChineseArgumentParser, Context, command, err, iso_date, out, pad

#: The breakdown's columns when --by-union names none.
BREAKDOWN = ("职工总数", "会员总数", "新入会人数", "入会率")


def _union_options(p: argparse.ArgumentParser, *, required_name: bool) -> None:
    p.add_argument("--name", required=required_name, metavar="名称", help="工会名称")
    p.add_argument("--stat-code", metavar="CODE", help="统计代码")
    p.add_argument("--credit-code", metavar="CODE", help="统一社会信用代码")
    p.add_argument("--type", dest="union_type", metavar="类型", help="独立基层工会 或 联合基层工会")
    p.add_argument("--category", metavar="类别", help="单位性质类别")
    p.add_argument("--industry", metavar="行业", help="单位所属行业")
    p.add_argument("--covered-units", type=int, metavar="N", help="覆盖单位数")
    p.add_argument("--founded", type=iso_date, metavar="YYYY-MM-DD", help="建会日期")
    p.add_argument("--dissolved", type=iso_date, metavar="YYYY-MM-DD", help="撤销日期")


def _district_args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="district_command", metavar="操作", required=True, parser_class=ChineseArgumentParser)

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help_text, description=help_text)

    init = add("init", "把 --db 指定的（新）数据库设为区总工会汇总库（文件不存在时新建）")
    init.set_defaults(creates_database=True)
    init.add_argument("--name", metavar="名称", help="区总工会名称（写在汇总文档的标题和落款）")
    i = add("import", "导入基层工会的数据包（可一次多个）；同一工会同一年度再次导入时替换原有数据")
    i.add_argument("files", nargs="+", type=Path, metavar="FILE", help="数据包文件（.ubpkg）")
    u = add("unions", "列出工会名单（--year：该年度存续的工会及是否已报送）")
    u.add_argument("--year", type=int, metavar="YYYY")
    u.add_argument("--missing", action="store_true", help="与 --year 一起用：只列未报送的工会")
    a = add("add-union", "在名单中添加一家工会（尚未报送数据包的也可先登记）")
    _union_options(a, required_name=True)
    e = add("edit-union", "修改名单中的一家工会（如登记撤销日期）")
    e.add_argument("union", metavar="工会", help="统计代码、统一社会信用代码或名称")
    _union_options(e, required_name=False)
    f = add("figures", "区总工会某年度的汇总数字（含上年、同比），各工会明细和未报送的工会")
    f.add_argument("--year", type=int, required=True, metavar="YYYY")
    f.add_argument("--statistical", action="store_true", help="统计年度（上年10月1日至本年9月30日，统计年报的期间）而不是日历年度")
    f.add_argument("--json", action="store_true", help="以 JSON 输出全部汇总数字（F、上年F、F同比）")
    f.add_argument("--by-union", nargs="*", metavar="指标", help=f"各工会明细的列（默认 {' '.join(BREAKDOWN)}）")
    r = add("report", "生成区总工会文档：区总年度工作总结（.docx）或 区总统计年报（.xlsx）")
    r.add_argument("--year", type=int, required=True, metavar="YYYY")
    r.add_argument("--template", required=True, metavar="NAME", help="区总年度工作总结 或 区总统计年报")
    r.add_argument("-o", "--output", type=Path, required=True, metavar="OUT")
    r.add_argument("--date", type=iso_date, metavar="YYYY-MM-DD", help="落款日期（默认：今天；年度结束一个多月后为次年1月15日）")


@command("district", "区总工会：建汇总库（init）、导入数据包（import）、工会名单（unions、add-union、edit-union）、汇总数字（figures）、文档（report）", _district_args)
def cmd_district(args: argparse.Namespace, ctx: Context) -> int:
    return _ACTIONS[args.district_command](args, ctx)


def _init(args: argparse.Namespace, ctx: Context) -> int:
    from unionbook.services.district.book import make_district_book

    made = make_district_book(ctx.db.session_factory)
    if args.name:
        from dataclasses import replace

        from unionbook.services.union import get_profile, save_profile

        save_profile(ctx.db.session_factory, replace(get_profile(ctx.db.session_factory), union_name=args.name))
    out(f"{'已把' if made else '已经是'} {ctx.db.location} {'设为' if made else ''}区总工会汇总库")
    return EXIT_OK


def _import(args: argparse.Namespace, ctx: Context) -> int:
    from unionbook.services.district.book import import_packages

    for done in import_packages(ctx.db.session_factory, args.files):
        what = "替换" if done.replaced else "导入"
        extra = "（新加入名单）" if done.new_union else ""
        roster = {"full": f"，附完整证件号花名册 {done.people} 人", "masked": "，附花名册（证件号已遮盖）"}.get(done.roster_ids or "", "")
        counted = f"，{done.counted} 人参与去重" if done.counted else "，没有人员标识（按该工会自报数字计）"
        period = "" if done.statistical else "；数据包为旧版本，不含统计年度（10月1日至9月30日）数字，统计年报汇总不计入"
        out(f"已{what} {done.union_name}{extra} {done.year} 年度数据{roster}{counted}{period}")
    return EXIT_OK


def _facts_line(u) -> str:
    dates = f"建会 {u.founded_on.isoformat() if u.founded_on else '—'}" + (f"，撤销 {u.dissolved_on.isoformat()}" if u.dissolved_on else "")
    covered = f"，覆盖 {u.covered_units} 家" if u.covered_units != 1 else ""
    return f"{pad(u.stat_code or '—', 12)} {pad(u.name, 36)} {u.union_type}{covered}，{u.unit_category or '—'}，{u.industry or '—'}，{dates}"


def _unions(args: argparse.Namespace, ctx: Context) -> int:
    from unionbook.services.district.unions import list_unions, not_reported

    factory = ctx.db.session_factory
    if args.missing:
        if args.year is None:
            err("--missing 需要与 --year 一起用")
            return EXIT_INPUT
        missing = not_reported(factory, args.year)
        out(f"{args.year} 年度未报送的工会 {len(missing)} 家：")
        for u in missing:
            out(_facts_line(u))
        return EXIT_OK
    unions = list_unions(factory, args.year)
    out(f"工会名单（{f'{args.year} 年度存续的' if args.year else '全部'}）共 {len(unions)} 家：")
    for u in unions:
        out(_facts_line(u) + ("" if args.year is None else ("，已报送" if u.reported else "，未报送")))
    return EXIT_OK


def _union_input(args: argparse.Namespace, base):
    from dataclasses import replace

    changes = {name: value for name, value in (
        ("name", args.name), ("stat_code", args.stat_code), ("credit_code", args.credit_code), ("union_type", args.union_type),
        ("unit_category", args.category), ("industry", args.industry), ("covered_units", args.covered_units),
        ("founded_on", args.founded), ("dissolved_on", args.dissolved)) if value is not None}  # fmt: skip
    return replace(base, **changes)


def _add_union(args: argparse.Namespace, ctx: Context) -> int:
    from unionbook.services.district.unions import UnionInput, save_union

    data = _union_input(args, UnionInput(name=args.name))
    save_union(ctx.db.session_factory, data)
    out(f"已在名单中添加 {data.name}")
    return EXIT_OK


def _edit_union(args: argparse.Namespace, ctx: Context) -> int:
    from unionbook.services.district.unions import find_union, save_union, union_input

    factory = ctx.db.session_factory
    found = find_union(factory, args.union)
    data = _union_input(args, union_input(found))
    save_union(factory, data, found.id)
    out(f"已修改 {data.name}")
    return EXIT_OK


def _plain(value: object) -> object:
    from decimal import Decimal

    return str(value) if isinstance(value, Decimal) else value


def _figures(args: argparse.Namespace, ctx: Context) -> int:
    from unionbook.services.district.consolidation import consolidate, unit_of
    from unionbook.services.figures import format_value

    factory = ctx.db.session_factory
    with factory() as session:
        from unionbook.services.district.book import require_district

        require_district(session)
    result = consolidate(factory, args.year, statistical=args.statistical)
    if args.json:
        print(json.dumps({k: _plain(v) for k, v in result.context().items()}, ensure_ascii=False, indent=1))
        return EXIT_OK
    columns = tuple(args.by_union) if args.by_union else BREAKDOWN
    unknown = [c for c in columns if c not in result.values]
    if unknown:
        err(f"没有这个指标：{'、'.join(unknown)}（可用的见 `unionbook district figures --year {args.year} --json`）")
        return EXIT_INPUT
    p = result.period
    span = f"{p.start.year}年{p.start.month}月{p.start.day}日至{p.end.year}年{p.end.month}月{p.end.day}日"
    lacking = f"，数据包不含统计年度的 {len(result.lacking)} 家未计入：{'、'.join(u.name for u in result.lacking)}" if result.lacking else ""
    out(f"{args.year} {'统计年度' if args.statistical else '年度'}区总工会汇总（{span}；已报送 {result.values['报送工会数']} 家，"
        f"未报送 {result.values['未报送工会数']} 家{lacking}）")
    for name, value in result.values.items():
        before = result.previous.get(name)
        tail = "" if before is None else f"　上年 {format_value(before, unit_of(name))}"  # type: ignore[arg-type]
        out(f"{pad(name, 28)} {pad(format_value(value, unit_of(name)), 16, right=True)}{tail}")  # type: ignore[arg-type]
    out("")
    out("各工会明细：")
    out(pad("工会", 36) + "".join(pad(c, 14, right=True) for c in columns))
    missing = {u.id for u in result.not_reported}
    for line in result.lines:
        if line.figures is None:
            if line.union.id in missing or line.lacks_period:
                out(pad(line.union.name, 36) + pad("不含统计年度" if line.lacks_period else "未报送", 14, right=True))
            continue
        out(pad(line.union.name, 36) + "".join(pad(str(line.figures.get(c, "—")), 14, right=True) for c in columns))
    return EXIT_OK


def _report(args: argparse.Namespace, ctx: Context) -> int:
    from unionbook.services.district.summary import render_district

    written = render_district(ctx.db.session_factory, args.template, args.year, args.output, report_date=args.date)
    out(f"已生成：{written}")
    return EXIT_OK


_ACTIONS = {"init": _init, "import": _import, "unions": _unions, "add-union": _add_union, "edit-union": _edit_union,
            "figures": _figures, "report": _report}  # fmt: skip
