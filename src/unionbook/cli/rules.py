"""Commands on the spending rules (开支标准): the rule set and its presets, and the yearly 合规检查."""

from __future__ import annotations

import argparse
from pathlib import Path

from unionbook.cli.base import EXIT_INPUT, EXIT_OK, Context, command, err, out, pad


def _rules_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", nargs="?", default="list", choices=("list", "presets", "load-preset"),
                   help="list 列出当前规则（默认）；presets 列出可用的预设；load-preset NAME 载入预设（替换全部规则）")  # fmt: skip
    p.add_argument("name", nargs="?", metavar="NAME", help="与 load-preset 一起用：预设名称，如 安徽")
    p.add_argument("--yes", action="store_true", help="与 load-preset 一起用：确认替换已有的规则")


def _rule_line(n: int, rule: object) -> str:
    from unionbook.domain.spending_rules import Rule

    assert isinstance(rule, Rule)
    state = "" if rule.enabled else "（已停用）"
    return f"{n:>3}  {pad(rule.program, 12)} {pad(rule.describe(), 44)} {rule.basis}{state}"


@command("rules", "开支标准：列出规则（list）、可用预设（presets），或载入预设（load-preset 安徽）", _rules_args)
def cmd_rules(args: argparse.Namespace, ctx: Context) -> int:
    from unionbook.services import spending_rules

    if args.action == "presets":
        for preset in spending_rules.list_presets():
            out(f"{preset.name}\t{len(preset.rules)} 条\t{preset.title}")
        return EXIT_OK
    factory = ctx.db.session_factory
    if args.action == "load-preset":
        if not args.name:
            err("请写出预设名称，例如 `unionbook rules load-preset 安徽`（可用预设见 `unionbook rules presets`）")
            return EXIT_INPUT
        current = spending_rules.list_rules(factory)
        if current and not args.yes:
            err(f"当前已有 {len(current)} 条开支标准，载入预设“{args.name}”会全部替换；确认请加 --yes")
            return EXIT_INPUT
        count = spending_rules.load_preset(factory, args.name)
        out(f"已载入开支标准预设“{args.name}”：{count} 条规则" + (f"（替换了原有 {len(current)} 条）" if current else ""))
        return EXIT_OK
    rules = spending_rules.list_rules(factory)
    if not rules:
        out("尚未设置开支标准。可用 `unionbook rules load-preset 安徽` 载入预设，或在 设置 → 开支标准 中添加。")
        return EXIT_OK
    source = spending_rules.active_preset(factory)
    out(f"开支标准（{'来自“' + source + '”预设' if source else '自定义'}，共 {len(rules)} 条）：")
    for n, rule in enumerate(rules, start=1):
        out(_rule_line(n, rule))
    return EXIT_OK


def _compliance_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=int, required=True, metavar="YYYY", help="检查的年度（1月1日至12月31日的发放）")
    p.add_argument("-o", "--output", type=Path, metavar="OUT.xlsx", help="把合规检查表保存为 Excel 表格（A4 横向，一页宽）")


@command("compliance", "合规检查：某年度超出开支标准的发放及处理原因；-o 保存为 Excel 表格", _compliance_args)
def cmd_compliance(args: argparse.Namespace, ctx: Context) -> int:
    from unionbook.services import compliance

    if args.output is not None and args.output.suffix.lower() != ".xlsx":
        err(f"输出文件应为 .xlsx，这里是“{args.output.name}”")
        return EXIT_INPUT
    factory = ctx.db.session_factory
    if args.output is not None:
        report, written = compliance.write_compliance(factory, args.year, args.output)
    else:
        report, written = compliance.compliance_report(factory, args.year), None
    for line in report.summary_lines():
        out(line)
    for n, f in enumerate(report.findings, start=1):  # the message names the person first
        out(f"{n:>4}  {f.date.isoformat()}  {f.message}　处理原因：{f.reason_text}")
    if written is not None:
        out(f"已保存合规检查表：{written}")
    return EXIT_OK
