"""`unionbook template-from-text`: last year's summary in, a template whose numbers are figure
variables out (issue #16), with a report of every number found and why it was or was not mapped.

No database is opened: the template depends only on the text and the rules table.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from unionbook.cli.base import EXIT_INPUT, EXIT_OK, Context, command, err, out


def _args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "file",
        type=Path,
        metavar="FILE",
        help="往年的工作总结：.docx、.doc/.wps（需安装 LibreOffice）或 .txt（UTF-8 或 GBK）",
    )
    p.add_argument("-o", "--output", required=True, type=Path, metavar="OUT.docx", help="生成的模板（.docx）")
    p.add_argument("--report", type=Path, metavar="OUT.json",
                   help="另存一份报告：找到的每个数字、上下文、对应的指标（或没有）、理由和置信度")  # fmt: skip


@command("template-from-text", "从往年总结生成模板：把总结里的数字换成指标变量，明年自动填写", _args)
def cmd_template_from_text(args: argparse.Namespace, _ctx: Context) -> int:
    from unionbook.fileio.rendering import save_atomically
    from unionbook.services.template_from_text import analyse_file, report, write_template

    source, output, report_path = Path(args.file), Path(args.output), args.report
    if output.suffix.lower() != ".docx":
        err(f"模板应保存为 .docx 文件：{output.name}")
        return EXIT_INPUT
    if output.exists() and output.resolve() == source.resolve():
        err(f"输出文件不能是原文件本身：{output}")
        return EXIT_INPUT
    if report_path is not None and not Path(report_path).parent.is_dir():
        err(f"无法写入报告“{Path(report_path).name}”：文件夹 {Path(report_path).parent} 不存在")
        return EXIT_INPUT
    analysis = analyse_file(source)
    if not analysis.proposals:
        err(f"“{source.name}”中没有找到带单位的数字（如“56名”“3.2万元”“六次”），没有生成模板")
        return EXIT_INPUT
    written = write_template(analysis, output)
    if report_path is not None:
        text = json.dumps(report(analysis), ensure_ascii=False, indent=2)
        save_atomically(Path(report_path), lambda name: Path(name).write_text(text + "\n", encoding="utf-8"))
    total, mapped = len(analysis.proposals), len(analysis.mapped)
    out(f"已生成模板：{written}（共找到 {total} 个数字，换成指标变量 {mapped} 个，保持原样 {total - mapped} 个）")
    for p in analysis.unmatched:
        out(f"  保持原样：{p.where}“{p.written}”——{p.decision.reason}")
    return EXIT_OK
