"""Template inspection: what a .docx/.xlsx template reads, and whether we may render it at all.

Before anything is rendered a template is parsed as it will be rendered (after docxtpl's and our
preprocessing) and refused, with a message a chair can act on, when it
- has a syntax error (the message names the place: 正文, 页眉, 工作表“汇总”单元格B3 …);
- probes Python internals (`''.__class__`) or pulls in other templates (include/import/extends);
- names a variable we do not provide (with the closest known names: 会员总人数 → 会员总数?).
Its variables can be listed without rendering (`template_variables`), and its 关键词 property says
which period a built-in is for (`template_keywords`).

The pieces live below this module so that both renderers can use them without importing it:
rendering.py (the sandbox, its budget, error wording, atomic saves) and template_filters.py (万元,
约数, 大写 …). They are re-exported here, the module callers have always imported them from.
Inspection needs both renderers' preprocessing, so this module imports docx_render and xlsx_render
(on first use: docxtpl is slow to import and the app's start does not need it), never the reverse.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from pathlib import Path

import jinja2.meta
from jinja2 import nodes

from unionbook.domain.errors import InputError
from unionbook.fileio import render_worker
from unionbook.fileio.ooxml import core_properties
from unionbook.fileio.rendering import (
    DEFAULT_MAX_ITERATIONS,
    DEFAULT_TIMEOUT,
    TemplateEnvironment,
    TemplateSource,
    TemplateTimeout,
    check_plain,
    describe_render_error,
    normalise_braces,
    normalise_tag_punctuation,
    normalise_tags,
    render_budget,
    sandboxed_environment,
    save_atomically,
    syntax_message,
)
from unionbook.fileio.template_filters import (
    FILTERS,
    approximate,
    capital_amount,
    chinese_date,
    chinese_number,
    percent,
    wan_yuan,
)

__all__ = [
    "DEFAULT_MAX_ITERATIONS",
    "DEFAULT_TIMEOUT",
    "FILTERS",
    "TEMPLATE_SUFFIXES",
    "TemplateEnvironment",
    "TemplateSource",
    "TemplateTimeout",
    "approximate",
    "capital_amount",
    "check_plain",
    "check_template",
    "chinese_date",
    "chinese_number",
    "describe_render_error",
    "describe_unknown",
    "normalise_braces",
    "normalise_tag_punctuation",
    "normalise_tags",
    "parse_sources",
    "percent",
    "render_budget",
    "sandboxed_environment",
    "save_atomically",
    "template_keywords",
    "template_sources",
    "template_variables",
    "unsafe_constructs",
    "wan_yuan",
]

TEMPLATE_SUFFIXES = (".docx", ".xlsx")


def template_sources(path: Path) -> list[TemplateSource]:
    """The Jinja text of a template as it will be rendered (after docxtpl's/our preprocessing)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from unionbook.fileio.docx_render import docx_sources

        return docx_sources(path)
    if suffix == ".xlsx":
        from unionbook.fileio.xlsx_render import xlsx_sources

        return xlsx_sources(path)
    raise InputError(detail=f"不支持的模板格式：{path.suffix or '无扩展名'}（应为 .docx 或 .xlsx）")


def _visible_text(xml: str) -> str:
    text = re.sub(r"<[^>]+>", "", xml)
    return re.sub(r"\s+", " ", text).strip()


def parse_sources(
    path: Path, sources: list[TemplateSource], env: TemplateEnvironment | None = None
) -> list[nodes.Template]:
    """Parse every piece; a syntax error becomes an InputError naming the file and the place."""
    env = env or sandboxed_environment()
    trees = []
    for source in sources:
        try:
            trees.append(env.parse(source.text))
        except jinja2.TemplateSyntaxError as exc:
            lines = source.text.splitlines()
            line = exc.lineno or 1
            nearby = _visible_text("\n".join(lines[max(line - 2, 0) : line + 1]))[:60]
            near = f"，在“{nearby}”附近" if nearby else ""
            raise InputError(
                detail=f"模板“{path.name}”的{source.where}有标记写错了：{syntax_message(exc.message or '')}{near}"
            ) from None
    return trees


def template_variables(path: Path) -> set[str]:
    """Names the template reads from its context ({{会员总数}}, {% for r in 活动列表 %} ...)."""
    path = Path(path)
    return {
        name
        for tree in parse_sources(path, template_sources(path))
        for name in jinja2.meta.find_undeclared_variables(tree)
    }


def unsafe_constructs(trees: Iterable[nodes.Template]) -> list[str]:
    """What in these trees could reach Python internals or other files; empty when none.

    The sandbox would stop them at render time too; refusing up front means a hostile template is
    never even partly rendered, and the message says what is wrong.
    """
    found: list[str] = []
    for tree in trees:
        for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
            name = node.attr if isinstance(node, nodes.Getattr) else getattr(node.arg, "value", None)
            if isinstance(name, str) and name.startswith("_"):
                found.append(f"“{name}”")
        if any(True for _ in tree.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends))):
            found.append("引用其他模板（include/import/extends）")
    return sorted(set(found))


def check_template(path: Path, known: Iterable[str], *, display_name: str | None = None) -> set[str]:
    """Refuse a template that cannot be rendered safely with the names we provide.

    Returns the variables it uses. Raises InputError for a syntax error, for attribute tricks
    (`''.__class__`), and for unknown names, each with its closest known names.
    """
    path = Path(path)
    name = display_name or path.name
    render_worker.prestart_soon()  # a render usually follows: let the worker start meanwhile
    env = sandboxed_environment()
    trees = parse_sources(path, template_sources(path), env)
    unsafe = unsafe_constructs(trees)
    if unsafe:
        raise InputError(
            detail=f"模板“{name}”中有不允许的写法：{'、'.join(unsafe)}（模板只能使用台账变量），已拒绝使用"
        )
    used = {v for tree in trees for v in jinja2.meta.find_undeclared_variables(tree)}
    allowed = set(known) | set(env.globals)
    unknown = sorted(used - allowed)
    if unknown:
        raise InputError(detail=f"模板“{name}”中有未知变量：{describe_unknown(unknown, sorted(set(known)))}")
    return used


def describe_unknown(unknown: Iterable[str], known: list[str]) -> str:
    """会员总人数（是否应为：会员总数、职工总数？）、帮扶人数 …"""
    parts = []
    for name in unknown:
        # Suggest the same form the user wrote: a plain name gets plain names, not the
        # 上年…/…同比 spellings of the same figure crowding out other candidates.
        forms = [k for k in known if k.startswith("上年") == name.startswith("上年") and k.endswith("同比") == name.endswith("同比")]
        close = difflib.get_close_matches(name, forms or known, n=3, cutoff=0.5)
        parts.append(f"{name}（是否应为：{'、'.join(close)}？）" if close else name)
    return "、".join(parts)


def template_keywords(path: Path) -> str:
    """The document's 关键词 property (docProps/core.xml, same in .docx and .xlsx); "" if none.

    Built-in templates say there which period they are for ("期间=统计年度"); a copy the user
    edits keeps it. Read from the zip directly (ooxml.core_properties): no need to load Word's or
    Excel's model for it.
    """
    return core_properties(path).keywords
