"""The grassroots side of district reporting: `unionbook facts` (统计信息: 统计代码, 单位性质类别,
行业, 基层工会类型, 覆盖单位数) and `unionbook package` (the year's data package for the district)."""

from __future__ import annotations

import argparse
from pathlib import Path

from unionbook.cli.base import EXIT_INPUT, EXIT_OK, Context, command, err, out


def _facts_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--stat-code", metavar="CODE", help="统计代码（区总工会给的编号）")
    p.add_argument("--category", metavar="类别", help="单位性质类别，如 私营企业、其他有限责任公司、机关")
    p.add_argument("--industry", metavar="行业", help="单位所属行业，如 制造业、建筑业、教育")
    p.add_argument("--type", dest="union_type", metavar="类型", help="基层工会类型：独立基层工会 或 联合基层工会")
    p.add_argument("--covered-units", type=int, metavar="N", help="覆盖单位数（联合基层工会覆盖的单位家数；独立基层工会为 1）")


@command("facts", "统计信息：查看或修改统计代码、单位性质类别、行业、基层工会类型、覆盖单位数（随数据包报区总工会）", _facts_args)
def cmd_facts(args: argparse.Namespace, ctx: Context) -> int:
    from dataclasses import replace

    from unionbook.services.union_facts import get_facts, save_facts

    factory = ctx.db.session_factory
    facts = get_facts(factory)
    changes = {name: value for name, value in (("stat_code", args.stat_code), ("unit_category", args.category),
               ("industry", args.industry), ("union_type", args.union_type), ("covered_units", args.covered_units))
               if value is not None}  # fmt: skip
    if changes:
        facts = save_facts(factory, replace(facts, **changes))
    out(f"统计代码：{facts.stat_code or '（未填）'}")
    out(f"单位性质类别：{facts.unit_category or '（未填）'}")
    out(f"单位所属行业：{facts.industry or '（未填）'}")
    out(f"基层工会类型：{facts.union_type}　覆盖单位数：{facts.covered_units}")
    out(f"建会日期：{facts.founded_on.isoformat() if facts.founded_on else '（未填，在 设置 → 工会信息 中填写）'}")
    return EXIT_OK


def _package_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=int, required=True, metavar="YYYY",
                   help="上报的年度：1月1日至12月31日，另含上年10月1日至本年9月30日的统计年度")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="数据包文件（.ubpkg）")
    p.add_argument("--with-registers", action="store_true", help="附上年末花名册（区总工会按证件号去重统计时需要）")
    p.add_argument("--show-id", action="store_true", help="与 --with-registers 一起用：花名册中写完整证件号码（默认遮盖）")


@command("package", "把某年度的工会信息、统计信息和全部统计数字（含上年）导出为一个数据包，报送区总工会", _package_args)
def cmd_package(args: argparse.Namespace, ctx: Context) -> int:
    from unionbook.services.district.package_export import export_package

    if args.show_id and not args.with_registers:
        err("--show-id 只在附花名册时有意义，请同时加 --with-registers")
        return EXIT_INPUT
    done = export_package(ctx.db.session_factory, args.year, args.output, with_registers=args.with_registers,
                          show_id=args.show_id)  # fmt: skip
    roster = "" if done.people is None else f"，附花名册 {done.people} 人、证件号码{'完整' if done.full_ids else '已遮盖'}"
    out(f"已导出 {done.union_name or '本工会'} {done.year} 年度数据包（日历年度和 {done.year - 1}年10月1日至{done.year}年9月30日"
        f"统计年度的数字，{done.counted} 人的去重标识{roster}）：{done.path}（{done.size:,} 字节）")
    return EXIT_OK
