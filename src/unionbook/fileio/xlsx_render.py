"""Rendering .xlsx templates: Jinja per cell, and rows that repeat once per item of a list.

There is no docxtpl for spreadsheets, and a spreadsheet is not one text: each cell holding
`{{ }}` or `{% %}` is its own small template, rendered in the same sandbox as .docx
(rendering.TemplateEnvironment) but with autoescape off, because a cell is plain text that openpyxl
escapes itself.

Repeating rows. A row is a *loop row* when one of its cells BEGINS with

    {%tr for r in 活动列表 %}

(the docxtpl spelling for table rows, so one convention serves both formats). The marker is taken
out of that cell; the row is then written once per item of the list, with `r` bound to the item and
`loop.index` (1, 2, …) available, e.g. cells `{%tr for r in 活动明细 %}{{loop.index}}`,
`{{r.名称}}`, `{{r.日期}}`. Each copy keeps the row's styles, height and in-row merges; rows below
move down. No `endfor` is needed: the loop is exactly that row. An empty list leaves the row
blank (styles kept), so a printed table still shows its frame.

Values. A cell that is exactly one lookup (`{{会员总数}}`, `{{r.金额}}`, `{{loop.index}}`) gets the
value itself: numbers stay numbers (Excel can sum them), dates stay dates. Any other cell is
rendered as text; text that is a plain decimal number (after a filter such as `round`) is stored
as a number. Every value is written through fileio/cells.set_cell, so text Excel would take for
a formula (= + - @) is stored as literal text (OWASP formula injection: a member named
"=HYPERLINK(…)" stays a name). Formulas in the template are
left as they are (they are not templates; ranges are not adjusted for inserted rows).

Not kept by openpyxl when it rewrites a workbook: images, charts and shapes in the template.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from copy import copy
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Unpack

import jinja2.meta
from jinja2.sandbox import SecurityError

from unionbook.domain.errors import InputError
from unionbook.fileio.cells import set_cell
from unionbook.fileio.ooxml import XLSX, check_template_file
from unionbook.fileio.render_worker import render_isolated
from unionbook.fileio.rendering import (
    RenderLimits,
    TemplateEnvironment,
    TemplateSource,
    normalise_tags,
    render_here,
    sandboxed_environment,
)

MAX_LOOP_ROWS = 200_000  # rows one loop row may become: the import's cap on a roster

_LOOP = re.compile(r"^\s*\{%-?\s*tr\s+for\s+([^\W\d]\w*)\s+in\s+(.+?)\s*-?%\}", re.DOTALL)
_LOOKUP = re.compile(r"^\{\{-?\s*([^\W\d]\w*)(?:\.([^\W\d]\w*))?\s*-?\}\}$")
_NUMBER = re.compile(r"^-?(?:0|[1-9]\d{0,14})(?:\.\d{1,6})?$")


def _is_template(value: object) -> bool:
    return isinstance(value, str) and not value.startswith("=") and any(t in value for t in ("{{", "{%", "{#", "｛"))


def check_xlsx_file(path: Path) -> None:
    """A readable .xlsx of sane size (ooxml.check_template_file)."""
    check_template_file(path, XLSX)


def _load(path: Path, *, read_only: bool) -> Any:
    import openpyxl

    check_xlsx_file(path)
    try:
        return openpyxl.load_workbook(path, read_only=read_only)
    except Exception as exc:  # openpyxl raises many types for damaged parts
        raise InputError(detail=f"模板“{path.name}”已损坏，无法打开（{type(exc).__name__}）") from None


# ------------------------------------------------------------------------------ inspection


def _loop_source(target: str, expression: str, texts: list[str]) -> str:
    return "{% for " + target + " in " + expression + " %}" + "\n".join(texts) + "{% endfor %}"


def xlsx_sources(path: Path) -> list[TemplateSource]:
    """Every templated cell, and every loop row as one `{% for %}` around its cells."""
    workbook = _load(Path(path), read_only=True)
    sources: list[TemplateSource] = []
    try:
        for sheet in workbook.worksheets:
            sheet.reset_dimensions()  # trust the cells, not the declared size (WPS files)
            for row in sheet.iter_rows():
                texts = [(cell, normalise_tags(cell.value)) for cell in row if _is_template(cell.value)]
                if not texts:
                    continue
                loop = next((m for _cell, text in texts if (m := _LOOP.match(text))), None)
                if loop:
                    rest = [_LOOP.sub("", text, count=1) for _cell, text in texts]
                    where = f"工作表“{sheet.title}”第{texts[0][0].row}行"
                    sources.append(TemplateSource(where, _loop_source(loop.group(1), loop.group(2), rest)))
                else:
                    for cell, text in texts:
                        sources.append(TemplateSource(f"工作表“{sheet.title}”单元格{cell.coordinate}", text))
    finally:
        workbook.close()
    return sources


# ------------------------------------------------------------------------------ rendering


@dataclass
class _Cell:
    """One templated cell, compiled once and rendered many times (loop rows)."""

    text: str
    lookup: tuple[str, str | None] | None = None
    template: Any = None
    names: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def compile(cls, env: TemplateEnvironment, text: str) -> _Cell:
        simple = _LOOKUP.match(text)
        if simple:
            return cls(text, lookup=(simple.group(1), simple.group(2)))
        tree = env.parse(text)
        names = frozenset(jinja2.meta.find_undeclared_variables(tree))
        return cls(text, template=env.from_string(tree), names=names)

    def value(self, scope: Callable[[str], Any], names: dict[str, Any] | None = None) -> Any:
        if self.lookup is not None:
            name, attr = self.lookup
            value = scope(name)
            if attr is not None:
                value = value.get(attr) if isinstance(value, dict) else None
            return value
        context = {name: scope(name) for name in self.names}
        return _as_number(self.template.render(context))


def _as_number(text: str) -> Any:
    """Rendered text that is a plain decimal number is stored as one ("12.50" → 12.50)."""
    if _NUMBER.match(text):
        return int(text) if "." not in text else Decimal(text)
    return text


class _Missing:
    pass


_MISSING = _Missing()


def _scope(*layers: dict[str, Any]) -> Callable[[str], Any]:
    def lookup(name: str) -> Any:
        for layer in layers:
            value = layer.get(name, _MISSING)
            if value is not _MISSING:
                return value
        return None

    return lookup


def _write(cell: Any, value: Any) -> None:
    if value is None or value == "":
        cell.value = None
        return
    if isinstance(value, bool):
        value = "是" if value else "否"
    set_cell(cell, value)  # text that looks like a formula stays text (fileio/cells.py)


@dataclass
class _LoopRow:
    row: int
    target: str
    expression: Any  # compiled expression returning the list
    cells: dict[int, _Cell]  # column → cell template (marker removed)


def render_xlsx(template_path: Path, context: dict[str, Any], output: Path, **limits: Unpack[RenderLimits]) -> Path:
    """Render `template_path` with `context` into `output`, replacing it only when all went well:
    `render_xlsx_here` in a worker process (rendering.render_isolated). Raises InputError as it does."""
    return render_isolated(render_xlsx_here, template_path, context, output, **limits)


def render_xlsx_here(template_path: Path, context: dict[str, Any], output: Path, **limits: Unpack[RenderLimits]) -> Path:
    """Render an .xlsx template into `output` in this process (rendering.render_here)."""
    env = sandboxed_environment(autoescape=False)

    def fill(workbook: Any, values: dict[str, Any], budget: Any) -> None:
        for sheet in workbook.worksheets:
            _render_sheet(sheet, env, values, budget)

    return render_here(template_path, context, output, lambda path: _load(path, read_only=False), fill, **limits)


def _render_sheet(sheet: Any, env: TemplateEnvironment, context: dict[str, Any], budget: Any) -> None:
    scope = _scope(context)
    loops: list[_LoopRow] = []
    for row in sheet.iter_rows():
        texts = {cell.column: normalise_tags(cell.value) for cell in row if _is_template(cell.value)}
        if not texts:
            continue
        marker = next(((column, m) for column, text in texts.items() if (m := _LOOP.match(text))), None)
        if marker is None:
            for column, text in texts.items():
                _write(sheet.cell(row[0].row, column), _Cell.compile(env, text).value(scope))
            budget.check()
            continue
        column, match = marker
        texts[column] = _LOOP.sub("", texts[column], count=1)
        loops.append(
            _LoopRow(
                row=row[0].row,
                target=match.group(1),
                expression=env.compile_expression(match.group(2), undefined_to_none=True),
                cells={c: _Cell.compile(env, t) for c, t in texts.items()},
            )
        )
    # Bottom-up, so that expanding one loop never moves a loop row still to be expanded.
    for loop in reversed(loops):
        items = loop.expression(**context)
        items = list(items) if isinstance(items, list | tuple) else []
        if len(items) > MAX_LOOP_ROWS:  # each row costs openpyxl ~1 KB: refuse before building them
            raise SecurityError(f"循环行超过 {MAX_LOOP_ROWS:,} 行")
        _expand(sheet, loop, items, context, budget)


def _expand(sheet: Any, loop: _LoopRow, items: list[Any], context: dict[str, Any], budget: Any) -> None:
    from openpyxl.cell.cell import MergedCell

    first = loop.row
    if len(items) > 1:
        _insert_rows(sheet, first + 1, len(items) - 1)
    height = sheet.row_dimensions[first].height
    template_cells = {cell.column: cell for cell in sheet[first]}
    styles = {column: copy(cell._style) for column, cell in template_cells.items() if cell.has_style}
    merges = [r for r in sheet.merged_cells.ranges if r.min_row == r.max_row == first]
    # Fixed text in a loop row ("元", "是") repeats with it.
    statics = {
        column: cell.value
        for column, cell in template_cells.items()
        if column not in loop.cells and cell.value is not None and not isinstance(cell, MergedCell)
    }
    if not items:
        for column in loop.cells:
            sheet.cell(first, column).value = None
        return
    count = len(items)
    # Every copy has the template row's styles, so which cells wrap and how wide they are is known once.
    wrapping = _wrapping_columns(sheet, first, loop.cells, merges)
    least_height = height or sheet.sheet_format.defaultRowHeight or 15
    for index, item in enumerate(items):
        budget.tick()
        row = first + index
        if index:
            for column, style in styles.items():
                sheet.cell(row, column)._style = copy(style)
            if height is not None:
                sheet.row_dimensions[row].height = height
            for column, value in statics.items():
                sheet.cell(row, column).value = value
            for merged in merges:
                sheet.merge_cells(start_row=row, end_row=row, start_column=merged.min_col, end_column=merged.max_col)
        loop_info = {
            "index": index + 1,
            "index0": index,
            "first": index == 0,
            "last": index == count - 1,
            "length": count,
        }
        scope = _scope({loop.target: item, "loop": loop_info}, context)
        wrapped_texts = []
        for column, cell in loop.cells.items():
            value = cell.value(scope)
            _write(sheet.cell(row, column), value)
            if column in wrapping and isinstance(value, str):
                wrapped_texts.append((value, *wrapping[column]))
        fitted = _fitted_height(wrapped_texts)
        if fitted is not None and fitted > least_height:
            sheet.row_dimensions[row].height = fitted


def _wrapping_columns(
    sheet: Any, row: int, columns: Iterable[int], merges: list[Any]
) -> dict[int, tuple[float, float]]:
    """For each templated cell of the row that wraps text: (characters per line, font size).

    Characters are Excel width units (a CJK character counts two), at the cell's font size.
    """
    from openpyxl.utils import get_column_letter

    def width(column: int) -> float:
        dimension = sheet.column_dimensions.get(get_column_letter(column))
        return dimension.width if dimension is not None and dimension.width else 8.43

    found = {}
    for column in columns:
        cell = sheet.cell(row, column)
        if not cell.alignment or not cell.alignment.wrap_text:
            continue
        span = next((m for m in merges if m.min_col <= column <= m.max_col), None)
        total = sum(width(c) for c in (range(span.min_col, span.max_col + 1) if span else [column]))
        size = float(cell.font.sz or 11) if cell.font else 11.0
        found[column] = (max(total - 0.3, 1.0) * 11.0 / size, size)
    return found


def _fitted_height(texts: list[tuple[str, float, float]]) -> float | None:
    """The height a generated row needs for its wrapped text; None when one line does.

    Neither Excel nor LibreOffice fits a row's height to wrapped text when opening a file (only
    when the cell is edited), so a long 摘要 would print cut off. Estimated from the text's width
    against the column's width, scaled by the font size.
    """
    lines_needed, size = 1, 11.0
    for text, per_line, font_size in texts:
        if len(text) * 2 <= per_line and "\n" not in text:
            continue  # fits even if every character were a wide one
        lines = sum(max(1, math.ceil(_display_width(part) / per_line)) for part in text.split("\n"))
        if lines > lines_needed:
            lines_needed, size = lines, font_size
    if lines_needed <= 1:
        return None
    return round(lines_needed * size * 1.4 + 4, 1)


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _insert_rows(sheet: Any, at: int, amount: int) -> None:
    """openpyxl's insert_rows moves cells only: move merges, heights and the print area too."""
    from openpyxl.worksheet.cell_range import CellRange

    sheet.insert_rows(at, amount)
    for merged in list(sheet.merged_cells.ranges):
        if merged.min_row >= at:
            merged.shift(row_shift=amount)
    heights = {row: dim.height for row, dim in sheet.row_dimensions.items() if row >= at and dim.height is not None}
    for row in sorted(heights, reverse=True):
        sheet.row_dimensions[row + amount].height = heights[row]
        sheet.row_dimensions[row].height = None
    if sheet.print_area:
        areas = []
        for area in sheet.print_area if isinstance(sheet.print_area, list) else [sheet.print_area]:
            cells = CellRange(area.split("!")[-1].replace("$", ""))
            if cells.max_row >= at - 1:
                cells.expand(down=amount)
            areas.append(cells.coord)
        sheet.print_area = areas
