"""The Jinja sandbox every document template renders in, and what both renderers share.

A template is a user's file (edited in Word or WPS, maybe received from someone else) and may
contain anything, so (DESIGN.md, Known traps):
- it runs only in a sandbox (`TemplateEnvironment`, a `SandboxedEnvironment`): attribute access to
  `__class__`, `__globals__` … raises SecurityError (templates.check_template also refuses such
  templates before anything is rendered);
- it cannot hang or exhaust the app: every `{% for %}` loop and every `~` concatenation is routed
  through guards that count iterations and watch a deadline; the operators, filters and method
  calls that can build huge values in one step (`'x' * 10**9`, `9 ** 9 ** 9`, `([s]*200)|join`,
  `s|replace(…)`) are sized before they run (template_limits.py); and what is printed is counted
  while rendering, so a document can never grow past MAX_OUTPUT characters. The renderers also
  run in a separate process (render_worker.py) that is killed at the deadline, for whatever
  still escapes these checks;
- only plain values reach it (`check_plain`), and its output replaces a file only when rendering
  succeeded (`save_atomically`).

Braces and punctuation typed with a Chinese input method (｛｛会员总数｝｝) are turned into real tags
here too, since a chair cannot see the difference.

This module sits below docx_render.py and xlsx_render.py, and templates.py (inspection, which must
open both formats) sits above them: nothing here imports a renderer, so there is no import cycle.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, TypedDict, TypeVar

import jinja2
from jinja2 import nodes
from jinja2.runtime import markup_join, str_join
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from unionbook.domain.errors import InputError
from unionbook.fileio.pictures import Picture, docx_pictures, text_pictures
from unionbook.fileio.template_filters import FILTERS
from unionbook.fileio.template_limits import (
    MAX_OUTPUT,
    MAX_TEXT,
    check_filter_call,
    check_method_call,
    check_number_operation,
    text_size,
)

DocumentT = TypeVar("DocumentT")

#: Defaults for one rendering. A 100,000-person roster renders in well under a minute; loops in a
#: .docx run over lists of at most a few thousand items, so a million iterations is generous.
DEFAULT_TIMEOUT = 120.0
DEFAULT_MAX_ITERATIONS = 1_000_000
_MAX_TEXT = MAX_TEXT  # characters one expression may build: far above any real paragraph


#: Built-in filters that build arbitrarily large text from a small number (width arguments)
#: or hand raw markup to Word; nothing a union document needs.
_REMOVED_FILTERS = ("center", "indent", "wordwrap", "format", "safe", "xmlattr", "urlize")


# ----------------------------------------------------------------------------------- the budget


class TemplateTimeout(Exception):
    """Rendering ran past its deadline or loop budget."""


@dataclass
class _Budget:
    deadline: float
    iterations_left: int
    output_left: int = MAX_OUTPUT

    def tick(self, printed: int = 0) -> None:
        self.iterations_left -= 1
        if self.iterations_left < 0:
            raise TemplateTimeout("循环次数超过上限")
        if self.iterations_left % 256 == 0 and time.monotonic() > self.deadline:
            raise TemplateTimeout("渲染超时")
        if printed:
            self.charge(printed)

    def charge(self, characters: int) -> None:
        """Count printed text; stop once the document would pass MAX_OUTPUT characters."""
        self.output_left -= characters
        if self.output_left < 0:
            raise SecurityError(f"生成的内容超过上限（{MAX_OUTPUT:,} 字）")

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise TemplateTimeout("渲染超时")


_BUDGET: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("template_budget", default=None)


@contextlib.contextmanager
def render_budget(timeout: float = DEFAULT_TIMEOUT, max_iterations: int = DEFAULT_MAX_ITERATIONS) -> Iterator[_Budget]:
    """Bound every template evaluated inside the block (loops and concatenations count)."""
    budget = _Budget(time.monotonic() + timeout, max_iterations)
    token = _BUDGET.set(budget)
    try:
        yield budget
    finally:
        _BUDGET.reset(token)


def _bounded(iterable: Any, printed: int = 0) -> Iterator[Any]:
    """What every `{% for %}` iterates over (inserted by TemplateEnvironment._parse); `printed`
    is the fixed text the loop's body prints each time round, counted against MAX_OUTPUT."""
    budget = _BUDGET.get()
    if budget is None:  # outside render_budget (tests, previews): still no endless loops
        budget = _Budget(time.monotonic() + DEFAULT_TIMEOUT, DEFAULT_MAX_ITERATIONS)
    for item in iterable:
        budget.tick(printed)
        yield item


def _text_size(value: Any) -> int:
    return len(value) if isinstance(value, str | list | tuple) else 0


def _fixed_text(body: list[nodes.Node]) -> int:
    """Characters of template text a loop body prints each time round, not counting nested loops
    (they count their own) and macro bodies (a macro's output is counted where it is printed)."""
    total = 0
    pending: list[nodes.Node] = list(body)
    while pending:
        node = pending.pop()
        if isinstance(node, nodes.TemplateData):
            total += len(node.data)
        elif not isinstance(node, nodes.For | nodes.Macro | nodes.CallBlock):
            pending.extend(node.iter_child_nodes())
    return total


# ------------------------------------------------------------------------------ the environment


class TemplateEnvironment(SandboxedEnvironment):
    """The sandbox with our filters, None printed as nothing, and guards against runaway templates."""

    # The operators that can make a huge value from small ones; SandboxedEnvironment then routes
    # them through call_binop.
    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, *, autoescape: bool = True) -> None:
        super().__init__(autoescape=autoescape, finalize=_finalize)
        for name in _REMOVED_FILTERS:
            self.filters.pop(name, None)
        self.globals.pop("lipsum", None)  # lipsum(n=10**6) builds text of any size
        self.filters.update(FILTERS)
        self.filters = {name: check_filter_call(name, f) for name, f in self.filters.items()}
        self.filters["_bounded"] = _bounded
        self.filters["_concat"] = self._concat

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        """Parse, then make every loop iterate through `_bounded` and every `~` through `_concat`.

        Done on the tree rather than in generated code so that what runs is exactly what
        `find_undeclared_variables` inspected.
        """
        tree = super()._parse(source, name, filename)
        for loop in tree.find_all(nodes.For):
            printed = nodes.Const(_fixed_text(loop.body) + _fixed_text(loop.else_), lineno=loop.lineno)
            loop.iter = nodes.Filter(loop.iter, "_bounded", [printed], [], None, None, lineno=loop.lineno)
        for concat in list(tree.find_all(nodes.Concat)):
            parts = nodes.List(concat.nodes, lineno=concat.lineno)
            concat.nodes = [nodes.Filter(parts, "_concat", [], [], None, None, lineno=concat.lineno)]
        return tree

    def _concat(self, parts: list[Any]) -> str:
        total = sum(text_size(p, _MAX_TEXT + 1) for p in parts)
        if total > _MAX_TEXT:
            raise SecurityError("拼接出的文字过长")
        budget = _BUDGET.get()
        if budget is not None:
            budget.check()
        return markup_join(parts) if self.autoescape else str_join(parts)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int | float | Decimal) and abs(right) > 64:
            raise SecurityError("乘方的指数过大")
        check_number_operation(operator, left, right)  # (((10**64)**64)**64) ran for minutes in C
        if operator == "*":
            for text, count in ((left, right), (right, left)):
                if _text_size(text) and isinstance(count, int) and _text_size(text) * count > _MAX_TEXT:
                    raise SecurityError("重复生成的文字过长")
        if operator == "+" and _text_size(left) + _text_size(right) > _MAX_TEXT:
            raise SecurityError("拼接出的文字过长")
        if operator == "%" and isinstance(left, str):
            if re.search(r"%[-+ #0]*\d{5,}|\.\d{5,}", left):
                raise SecurityError("格式宽度过大")
            if len(left) + max(left.count("%"), 1) * text_size(right, _MAX_TEXT + 1) > _MAX_TEXT:
                raise SecurityError("格式化出的文字过长")
        return super().call_binop(context, operator, left, right)

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        check_method_call(obj, args, kwargs)  # ''.join([s]*200), s.replace('x', s) …
        return super().call(context, obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Any:
        """str.format is wrapped at attribute access (Jinja 3.1.6); refuse huge widths there, and
        size the result before it is built: each {} may print the largest argument."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        text = value.__self__
        if re.search(r"\d{5,}", text):  # '{:>999999999}'.format(1)
            raise SecurityError("格式宽度过大")

        def checked(*args: Any, **kwargs: Any) -> Any:
            largest = max((text_size(v, _MAX_TEXT + 1) for v in (*args, *kwargs.values())), default=0)
            if len(text) + text.count("{") * largest > _MAX_TEXT:
                raise SecurityError("格式化出的文字过长")
            return wrapped(*args, **kwargs)

        return checked

    def unsafe_undefined(self, obj: Any, attribute: str) -> Any:
        """The sandbox's default prints nothing for `''.__class__`; we stop instead, so that a
        template probing for internals fails loudly rather than half-rendering."""
        raise SecurityError(f"不允许访问“{type(obj).__name__}.{attribute}”")


def _finalize(value: Any) -> Any:
    """What `{{ }}` prints: None (a missing date, an empty field) prints as nothing, never "None".

    Every printed value is sized first (a list of references to one big text is printed as all
    of them) and counted against the document's MAX_OUTPUT, while rendering, not after.
    """
    if value is None:
        return ""
    size = len(value) if isinstance(value, str) else text_size(value, _MAX_TEXT + 1)
    if size > _MAX_TEXT:
        raise SecurityError("输出的文字过长")
    budget = _BUDGET.get()
    if budget is not None:
        budget.charge(size)
    return value


def sandboxed_environment(*, autoescape: bool = True) -> TemplateEnvironment:
    """A fresh environment. .docx needs autoescape (the text lands in XML: without it "& <" breaks
    the XML and lxml's recovering parser silently drops the text); .xlsx cells are plain text."""
    return TemplateEnvironment(autoescape=autoescape)


# ------------------------------------------------------------------------ what Chinese IMEs type

# A Chinese input method in Chinese-punctuation mode types ｛ ｝ ％ ｜ （ ）: the chair sees a tag,
# Jinja sees text. Braces are fixed everywhere (nobody writes ｛｛ in a document); the pipe and
# brackets only inside tags and outside quoted text, so that （括号） in running text stays.
_FULLWIDTH_BRACES = (
    ("｛｛", "{{"),
    ("｝｝", "}}"),
    ("｛％", "{%"),
    ("％｝", "%}"),
    ("｛%", "{%"),
    ("%｝", "%}"),
    ("{％", "{%"),
    ("％}", "%}"),
)
_TAG = re.compile(r"(?<=\{[{%])([^{}]*?)(?=[}%]\})")
_QUOTED = re.compile(r"""('[^']*'|"[^"]*")""")
_TAG_PUNCTUATION = str.maketrans({"｜": "|", "（": "(", "）": ")", "\u3000": " "})


def normalise_braces(text: str) -> str:
    for wide, ascii_ in _FULLWIDTH_BRACES:
        if wide in text:
            text = text.replace(wide, ascii_)
    return text


def _tag_punctuation(tag: str) -> str:
    parts = _QUOTED.split(tag)
    return "".join(part if index % 2 else part.translate(_TAG_PUNCTUATION) for index, part in enumerate(parts))


def normalise_tag_punctuation(text: str) -> str:
    """｜ and （） typed in Chinese mode inside {{ }} / {% %} become | and (), except in quotes."""
    return _TAG.sub(lambda m: _tag_punctuation(m.group(1)), text)


def normalise_tags(text: str) -> str:
    return normalise_tag_punctuation(normalise_braces(text))


# --------------------------------------------------------------------- shared by both renderers


@dataclass(frozen=True)
class TemplateSource:
    """One piece of Jinja text in a template file and where it is, for messages."""

    where: str  # "正文", "工作表“汇总”第5行" ...
    text: str


def syntax_message(message: str) -> str:
    """Jinja's English message in words a chair can act on (the common cases; else as is)."""
    if "unexpected end of template" in message or "Unexpected end of template" in message:
        return "缺少结束标记（如 {% endif %}、{% endfor %}）"
    if "Encountered unknown tag" in message:
        tag = re.search(r"unknown tag '([^']*)'", message)
        return f"无法识别的标记“{tag.group(1) if tag else ''}”（多余的 endif/endfor，或拼写有误）"
    if "expected token" in message or "unexpected" in message:
        return f"标记的写法有误（{message}）"
    return message


def describe_render_error(exc: BaseException, name: str) -> InputError | None:
    """Our message for what a template can do wrong while rendering; None for anything else."""
    if isinstance(exc, SecurityError):
        return InputError(detail=f"模板“{name}”试图做不允许的操作（{exc}），已停止生成")
    if isinstance(exc, TemplateTimeout):
        return InputError(detail=f"模板“{name}”生成时间过长（{exc}），已停止：请检查模板中的循环")
    if isinstance(exc, RecursionError):
        return InputError(detail=f"模板“{name}”中的宏或循环无限嵌套，已停止生成")
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return InputError(detail=f"模板“{name}”有标记写错了：{syntax_message(exc.message or '')}")
    if isinstance(exc, jinja2.TemplateError):
        return InputError(detail=f"模板“{name}”无法生成：{exc}")
    if isinstance(exc, MemoryError):
        return InputError(detail=f"模板“{name}”生成的内容过多，超出了内存上限，已停止：请检查模板中的循环和重复")
    if isinstance(exc, ZeroDivisionError | TypeError | ValueError | OverflowError):
        # A template's arithmetic on our values ({{ a / b }} with b = 0 …) is the template's problem.
        return InputError(detail=f"模板“{name}”中的计算出错：{type(exc).__name__}: {exc}")
    return None


def check_plain(value: Any, where: str = "context") -> None:
    """Only plain values reach a template (DESIGN.md): no ORM objects, nothing with methods that
    touch the database or files. Raises TypeError naming the offending key."""
    if value is None or isinstance(value, str | int | float | Decimal | date | bool | Picture):
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{where}: key {key!r} is not text")
            check_plain(item, f"{where}.{key}")
        return
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            check_plain(item, f"{where}[{index}]")
        return
    raise TypeError(f"{where} is a {type(value).__name__}, not a plain value")


def save_atomically(output: Path, save: Any) -> Path:
    """Write beside the target and rename: a failure never leaves half a document."""
    try:
        handle = tempfile.NamedTemporaryFile(
            dir=output.parent, prefix=f".{output.stem}-", suffix=output.suffix, delete=False
        )
    except FileNotFoundError:
        raise InputError(detail=f"无法写入“{output.name}”：文件夹 {output.parent} 不存在") from None
    except PermissionError:
        raise InputError(detail=f"无法写入“{output.name}”：没有写入文件夹 {output.parent} 的权限") from None
    handle.close()
    temporary = Path(handle.name)
    try:
        save(str(temporary))
        os.replace(temporary, output)
    except PermissionError:
        raise InputError(detail=f"无法写入“{output.name}”：文件正被 Word/Excel/WPS 等程序打开，请关闭后重试") from None
    finally:
        temporary.unlink(missing_ok=True)
    return output


# ----------------------------------------------------------------------------------- one rendering


class RenderLimits(TypedDict, total=False):
    """How one rendering may run: the template's name in messages (else the file's), its deadline
    in seconds and its loop budget (DEFAULT_TIMEOUT, DEFAULT_MAX_ITERATIONS)."""

    display_name: str | None
    timeout: float
    max_iterations: int


def render_here(
    template_path: Path,
    context: dict[str, Any],
    output: Path,
    load: Callable[[Path], DocumentT],
    fill: Callable[[DocumentT, dict[str, Any], _Budget], None],
    *,
    display_name: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_iterations: int = DEFAULT_MAX_ITERATIONS,
) -> Path:
    """`load` the template (checked and opened), `fill` it with `context` inside the budget, and
    save it into `output`, replaced only when all went well. Raises InputError for what the
    template does wrong while rendering (sandbox violation, timeout, a calculation error) and for
    an output that cannot be written."""
    template_path, output = Path(template_path), Path(output)
    name = display_name or template_path.name
    check_plain(context)
    document = load(template_path)
    # A chart (Picture) becomes an image in a .docx (docxtpl's templates have get_docx), its
    # caption in a spreadsheet.
    context = docx_pictures(document, context) if hasattr(document, "get_docx") else text_pictures(context)
    try:
        with render_budget(timeout, max_iterations) as budget:
            fill(document, context, budget)
    except Exception as exc:
        mapped = describe_render_error(exc, name)  # None for our own InputError, which goes on
        if mapped is None:
            raise
        raise mapped from None
    return save_atomically(output, document.save)  # type: ignore[attr-defined]
