"""Writing rows out as .xlsx: the roster and ledger exports and the errors file.

openpyxl in write-only mode (fast and small for 100k rows). Every value goes through
fileio/cells.py, so text Excel would take for a formula is stored as literal text with the quote
prefix and a member called "=HYPERLINK(…)" never becomes a live formula (OWASP formula injection).
The file is written beside the target and renamed, so a failure never leaves half a workbook.
"""

from __future__ import annotations

import os
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

from unionbook.domain.cells import clean_text
from unionbook.domain.errors import InputError
from unionbook.fileio.cells import needs_cell, set_cell

_DATE_FORMAT = "yyyy-mm-dd"
#: Money in 元 as a number: thousands separators, two decimals, the unit.
MONEY_FORMAT = '#,##0.00"元"'
_DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
_TIME_FORMAT = "hh:mm:ss"
_WIDTH_SAMPLE_ROWS = 1000
_MIN_WIDTH, _MAX_WIDTH = 6.0, 60.0


def _display_width(text: str) -> int:
    """Columns the text occupies: CJK characters are two wide."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return "0000-00-00 00:00:00"
    if isinstance(value, date):
        return "0000-00-00"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def _column_widths(header: list[str], rows: list[list[object]]) -> list[float]:
    widths = [float(_display_width(name)) for name in header]
    for row in rows[:_WIDTH_SAMPLE_ROWS]:
        for index, value in enumerate(row):
            shown = max((_display_width(line) for line in _cell_text(value).split("\n")), default=0)
            if index < len(widths):
                widths[index] = max(widths[index], float(shown))
            else:
                widths.append(float(shown))
    return [min(max(width + 2, _MIN_WIDTH), _MAX_WIDTH) for width in widths]


def _safe_titles(titles: Iterable[str]) -> Iterator[str]:
    """Excel's rules for sheet names: ≤ 31 characters, none of []:*?/\\, unique ignoring case."""
    seen: set[str] = set()
    for title in titles:
        base = "".join("_" if char in "[]:*?/\\" else char for char in str(title)).strip("'")[:31] or "Sheet"
        candidate, counter = base, 2
        while candidate.lower() in seen:
            suffix = f"({counter})"
            candidate, counter = base[: 31 - len(suffix)] + suffix, counter + 1
        seen.add(candidate.lower())
        yield candidate


def write_rows(
    path: str | os.PathLike[str],
    sheets: list[tuple[str, list[str], list[list[object]]]],
    *,
    text_columns: AbstractSet[str] = frozenset(),
    column_widths: dict[str, float] | None = None,
    number_formats: dict[str, str] | None = None,
    printed: str | None = None,
) -> None:
    """Write (title, header, rows) sheets to an .xlsx, replacing `path` atomically.

    The header is bold and frozen; dates are real dates shown as yyyy-mm-dd; columns whose header
    is in `text_columns` are text-formatted (cells and the whole column, so ID numbers typed later
    also stay text); text that Excel would take for a formula is stored as literal text. Widths
    come from the content unless `column_widths` names them (by header). Numbers in a column whose
    header `number_formats` names are shown in that format (money as '#,##0.00"元"': MONEY_FORMAT).
    A ledger meant for paper (`printed`: its title) prints on A4 landscape fitted to the page's
    width, the heading row on every page, the title above and page numbers below: a year's 会费
    台账 with twelve month columns would otherwise spill portrait pages sideways.
    """
    if not sheets:
        raise ValueError("write_rows needs at least one sheet")
    path = Path(path)
    temporary = _temporary_beside(path)  # first: a missing folder fails before any work is done
    try:
        workbook = _build_workbook(sheets, text_columns, column_widths or {}, number_formats or {}, printed)
        workbook.save(temporary)
        os.replace(temporary, path)
    except PermissionError:
        raise InputError(detail=f"无法写入文件“{path.name}”：文件正被 Excel/WPS 等程序打开，请关闭后重试") from None
    finally:
        temporary.unlink(missing_ok=True)


def _build_workbook(
    sheets: list[tuple[str, list[str], list[list[object]]]],
    text_columns: AbstractSet[str],
    column_widths: dict[str, float],
    number_formats: dict[str, str],
    printed: str | None = None,
):  # noqa: ANN202 - an openpyxl Workbook, imported lazily
    # Imported here: openpyxl costs ~120 ms to import and most runs only read.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    make_cell = _cell_factory()
    bold = Font(bold=True)
    header_alignment = Alignment(vertical="center", wrap_text=True)
    for title, (_, header, rows) in zip(_safe_titles(s[0] for s in sheets), sheets, strict=True):
        sheet = workbook.create_sheet(title)
        sheet.freeze_panes = "A2"
        if printed is not None:
            _print_setup(sheet, printed)
        text_indexes = {index for index, name in enumerate(header) if name in text_columns}
        formats = {index: number_formats[name] for index, name in enumerate(header) if name in number_formats}
        for index, width in enumerate(_column_widths(header, rows)):
            letter = get_column_letter(index + 1)
            name = header[index] if index < len(header) else None
            sheet.column_dimensions[letter].width = column_widths.get(name, width) if name else width
            if index in text_indexes:
                sheet.column_dimensions[letter].number_format = "@"

        header_cells = [make_cell(sheet, str(name), False, styled=True) for name in header]
        for cell in header_cells:
            cell.font, cell.alignment = bold, header_alignment
        sheet.append(header_cells)

        for row in rows:
            sheet.append([make_cell(sheet, value, index in text_indexes, number_format=formats.get(index))
                          for index, value in enumerate(row)])  # fmt: skip

    return workbook


def _print_setup(sheet: object, title: str) -> None:
    """A4 landscape, one page wide, the heading row repeated, `title` above and 第 n 页 below."""
    sheet.print_title_rows = "1:1"  # type: ignore[attr-defined]
    setup = sheet.page_setup  # type: ignore[attr-defined]
    setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight = "landscape", "9", 1, 0  # 9: A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[attr-defined]
    sheet.oddHeader.center.text = title.replace("&", "&&")  # type: ignore[attr-defined]
    sheet.oddFooter.center.text = "第 &P 页　共 &N 页"  # type: ignore[attr-defined]


def _cell_factory():  # noqa: ANN202 - returns a closure over openpyxl, imported only when writing
    from openpyxl.cell import WriteOnlyCell

    def make_cell(sheet: object, value: object, as_text: bool, styled: bool = False, number_format: str | None = None) -> object:
        """A plain value where no style is needed (much faster in write-only mode), else a cell."""
        if number_format and isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            cell = WriteOnlyCell(sheet, value=float(value) if isinstance(value, Decimal) else value)
            cell.number_format = number_format
            return cell
        plain = not (as_text or styled)
        if value is None or value == "":
            if plain:
                return None
            cell = WriteOnlyCell(sheet, value=None)
            if as_text:
                cell.number_format = "@"
            return cell
        if plain and not needs_cell(value):
            return value
        if isinstance(value, Decimal):
            value = float(value)
        if as_text and not isinstance(value, str):
            # An ID number handed over as a number must not come out as 4.40101E+17.
            value = clean_text(value)
        cell = set_cell(WriteOnlyCell(sheet), value)
        if as_text:
            cell.number_format = "@"
        elif isinstance(value, datetime):
            cell.number_format = _DATETIME_FORMAT
        elif isinstance(value, date):
            cell.number_format = _DATE_FORMAT
        elif isinstance(value, time):
            cell.number_format = _TIME_FORMAT
        return cell

    return make_cell


def _temporary_beside(path: Path) -> Path:
    """An empty file next to `path`: saving there and renaming never leaves half a file behind."""
    try:
        handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.stem}-", suffix=".xlsx", delete=False)
    except FileNotFoundError:
        raise InputError(detail=f"无法写入文件“{path.name}”：文件夹 {path.parent} 不存在") from None
    except PermissionError:
        raise InputError(detail=f"无法写入文件“{path.name}”：没有写入文件夹 {path.parent} 的权限") from None
    handle.close()
    return Path(handle.name)
