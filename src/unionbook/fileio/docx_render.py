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

import logging
import re
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate

from unionbook.domain.errors import InputError
from unionbook.fileio import render_worker
from unionbook.fileio.ooxml import UnsafeZip, check_zip, template_refusal
from unionbook.fileio.rendering import (
    DEFAULT_MAX_ITERATIONS,
    DEFAULT_TIMEOUT,
    TemplateSource,
    check_plain,
    describe_render_error,
    normalise_braces,
    normalise_tag_punctuation,
    render_budget,
    sandboxed_environment,
    save_atomically,
)

log = logging.getLogger(__name__)

MAX_TEMPLATE_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024


class _Template(DocxTemplate):
    def patch_xml(self, src_xml: str) -> str:
        # Braces first, so that docxtpl recognises the tags and joins their runs; then the
        # punctuation inside the joined tags.
        return normalise_tag_punctuation(super().patch_xml(normalise_braces(src_xml)))


def check_docx_file(path: Path) -> None:
    """A readable .docx of sane size (central directory only: no zip bomb is ever inflated)."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(4)
    except FileNotFoundError:
        raise InputError(detail=f"找不到模板文件“{path.name}”（{path.parent}）") from None
    except OSError as exc:
        raise InputError(detail=f"无法读取模板“{path.name}”：{exc.strerror or exc}") from None
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(detail=f"模板“{path.name}”是旧版 .doc 格式或已加密，请在 Word/WPS 中另存为 .docx（不设密码）")
    if not head.startswith(b"PK") or size > MAX_TEMPLATE_BYTES:
        raise InputError(detail=f"模板“{path.name}”不是有效的 .docx 文件（或超过 50 MB）")
    try:
        names = check_zip(path, max_uncompressed=MAX_UNCOMPRESSED_BYTES)
    except UnsafeZip as refused:
        raise template_refusal(path, refused) from None
    if "word/document.xml" not in names:
        raise InputError(detail=f"模板“{path.name}”不是 Word 文档（缺少正文部分）")


def _open(path: Path) -> _Template:
    check_docx_file(path)
    template = _Template(str(path))
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


def render_docx(
    template_path: Path,
    context: dict[str, Any],
    output: Path,
    *,
    display_name: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_iterations: int = DEFAULT_MAX_ITERATIONS,
) -> Path:
    """Render `template_path` with `context` into `output`, replacing it only when all went well.

    The rendering runs in a worker process killed at `timeout` (+ a grace period) and kept under
    a memory limit (render_worker.py); where no worker can be started it runs here, still inside
    the sandbox's own deadline and size limits. Raises InputError as `render_docx_here` does.
    """
    check_plain(context)  # here, so that a wrong context is the caller's TypeError, not the worker's
    name = display_name or Path(template_path).name
    arguments = (Path(template_path), context, Path(output))
    options = {"display_name": display_name, "timeout": timeout, "max_iterations": max_iterations}
    try:
        return render_worker.run(f"{__name__}:render_docx_here", *arguments, name=name, deadline=timeout, **options)
    except render_worker.WorkerUnavailable as exc:
        log.warning("rendering %s in-process: %s", name, exc)
        return render_docx_here(*arguments, **options)


def render_docx_here(
    template_path: Path,
    context: dict[str, Any],
    output: Path,
    *,
    display_name: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_iterations: int = DEFAULT_MAX_ITERATIONS,
) -> Path:
    """Render `template_path` with `context` into `output`, replacing it only when all went well.

    Validation (unknown variables, unsafe constructs) is the caller's job, done before this.
    Raises InputError for what the template does wrong while rendering (sandbox violation,
    timeout, a calculation error) and for an output that cannot be written.
    """
    template_path, output = Path(template_path), Path(output)
    name = display_name or template_path.name
    check_plain(context)
    template = _open(template_path)
    try:
        with render_budget(timeout, max_iterations):
            template.render(context, jinja_env=sandboxed_environment(autoescape=True))
    except Exception as exc:
        mapped = describe_render_error(exc, name)
        if mapped is None:
            raise
        raise mapped from None
    return save_atomically(output, template.save)
