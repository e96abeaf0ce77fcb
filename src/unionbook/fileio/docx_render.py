"""Rendering .docx templates with docxtpl, always inside our sandbox.

docxtpl's own default is an unsandboxed Jinja environment with autoescape off: a user's .docx could
run code, and text such as "& <" would break the XML and vanish silently (DESIGN.md, Known traps).
So every call here passes `TemplateEnvironment(autoescape=True)` from rendering.py and runs inside
`render_budget`, and only plain values reach the template. The package is judged by
ooxml.check_zip before python-docx inflates any of it.

Word splits what the user typed into runs whenever formatting, spell-checking or editing history
changes ("{{会员" + "总" + "数}}"). docxtpl's patch_xml already joins the pieces of a tag (the tag
takes the first run's formatting); on top of that we turn full-width braces typed with a Chinese
input method (｛｛会员总数｝｝) into real tags, since a chair cannot see the difference.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any, Unpack

from unionbook.domain.errors import InputError
from unionbook.fileio.ooxml import DOCX, check_template_file
from unionbook.fileio.render_worker import render_isolated
from unionbook.fileio.rendering import (
    RenderLimits,
    TemplateSource,
    normalise_braces,
    normalise_tag_punctuation,
    render_here,
    sandboxed_environment,
)


@cache
def _template_class() -> type:
    """docxtpl's DocxTemplate with our brace handling; built on first use, since docxtpl (with
    python-docx and lxml) is not needed until a document is rendered — not at the window's start."""
    from docxtpl import DocxTemplate

    class _Template(DocxTemplate):
        def patch_xml(self, src_xml: str) -> str:
            # Braces first, so that docxtpl recognises the tags and joins their runs; then the
            # punctuation inside the joined tags.
            return normalise_tag_punctuation(super().patch_xml(normalise_braces(src_xml)))

    return _Template


def check_docx_file(path: Path) -> None:
    """A readable .docx of sane size (ooxml.check_template_file)."""
    check_template_file(path, DOCX)


def _open(path: Path) -> Any:
    check_docx_file(path)
    template = _template_class()(str(path))
    try:
        template.init_docx()
    except Exception as exc:  # python-docx raises several types for a damaged package
        raise InputError(detail=f"模板“{path.name}”已损坏，无法打开（{type(exc).__name__}）") from None
    return template


def docx_sources(path: Path) -> list[TemplateSource]:
    """Body, headers and footers, preprocessed exactly as rendering will see them.

    One line per paragraph (as docxtpl renders), so a syntax error's line number finds the text.
    """
    template = _open(Path(path))
    docx = template.docx
    body = template.patch_xml(template.xml_to_string(docx._element.body))
    sources = [TemplateSource("正文", re.sub(r"<w:p([ >])", r"\n<w:p\1", body))]
    for uri, where in ((template.HEADER_URI, "页眉"), (template.FOOTER_URI, "页脚")):
        for _key, part in template.get_headers_footers(uri):
            xml = template.patch_xml(template.get_part_xml(part))
            sources.append(TemplateSource(where, re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)))
    return sources


def render_docx(template_path: Path, context: dict[str, Any], output: Path, **limits: Unpack[RenderLimits]) -> Path:
    """Render `template_path` with `context` into `output`, replacing it only when all went well:
    `render_docx_here` in a worker process (rendering.render_isolated). Raises InputError as it does."""
    return render_isolated(render_docx_here, template_path, context, output, **limits)


def render_docx_here(template_path: Path, context: dict[str, Any], output: Path, **limits: Unpack[RenderLimits]) -> Path:
    """Render `template_path` with `context` into `output` in this process (rendering.render_here).

    Validation (unknown variables, unsafe constructs) is the caller's job, done before this.
    """

    from unionbook.fileio.docx_fonts import apply_east_asian_fallbacks

    def fill(template: Any, values: dict[str, Any], _budget: object) -> None:
        template.render(values, jinja_env=sandboxed_environment(autoescape=True))
        apply_east_asian_fallbacks(template.docx)  # Word/WPS never set Chinese in a Western font

    return render_here(template_path, context, output, _open, fill, **limits)
