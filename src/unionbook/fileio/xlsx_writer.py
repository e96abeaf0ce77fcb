"""Writing rows out as .xlsx: the roster and ledger exports and the errors file.

XlsxWriter in constant-memory mode: of the writers measured on the 100,000-person roster
(bench/run.py: openpyxl write-only, XlsxWriter, PyExcelerate) it is the one that also does page
setup (print titles, header and footer, fit to width), and it streams rows to disk. Text is
written inline, as shared strings would need the whole sheet in memory. Every value that is not
plain text or a plain number goes through fileio/cells.py, so text Excel would take for a formula
is stored as literal text with the quote prefix and a member called "=HYPERLINK(…)" never becomes
a live formula (OWASP formula injection). The file is written beside the target and renamed, so
a failure never leaves half a workbook.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import cache
from math import isfinite
from pathlib import Path

from unionbook.domain.cells import clean_text
from unionbook.domain.errors import InputError
from unionbook.fileio.cells import FORMULA_STARTS, MAX_CELL_TEXT, is_formula_like, safe_cell_value

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
        _write_workbook(temporary, sheets, text_columns, column_widths or {}, number_formats or {}, printed)
        os.replace(temporary, path)
    except PermissionError:
        raise InputError(detail=f"无法写入文件“{path.name}”：文件正被 Excel/WPS 等程序打开，请关闭后重试") from None
    finally:
        temporary.unlink(missing_ok=True)


def _write_workbook(
    target: Path,
    sheets: list[tuple[str, list[str], list[list[object]]]],
    text_columns: AbstractSet[str],
    column_widths: dict[str, float],
    number_formats: dict[str, str],
    printed: str | None,
) -> None:
    # Imported here: most runs only read. constant_memory streams each row to disk as it is written,
    # so 100,000 rows never sit in memory twice; strings are never read as formulas, numbers or URLs.
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(target), {
        "constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
        "strings_to_urls": False, "nan_inf_to_errors": True,
    })  # fmt: skip
    formats = _Formats(workbook)
    for title, (_, header, rows) in zip(_safe_titles(s[0] for s in sheets), sheets, strict=True):
        sheet = workbook.add_worksheet(title, worksheet_class=_worksheet_class())
        sheet.freeze_panes(1, 0)
        if printed is not None:
            _print_setup(sheet, printed)
        text_indexes = {index for index, name in enumerate(header) if name in text_columns}
        for index, width in enumerate(_column_widths(header, rows)):
            name = header[index] if index < len(header) else None
            shown = column_widths.get(name, width) if name else width
            sheet.set_column(index, index, shown, formats.text if index in text_indexes else None)
        for index, name in enumerate(header):
            sheet.write_string(0, index, str(name), formats.header)
        writers = [
            _CellWriter(sheet, formats, index in text_indexes, number_formats.get(header[index]) if index < len(header) else None)
            for index in range(max((len(row) for row in rows), default=0))
        ]  # fmt: skip
        plain_rows = _PlainRows(writers)
        for number, row in enumerate(rows, start=1):
            xml = plain_rows.xml(number, row)
            if xml is None:
                for index, value in enumerate(row):
                    writers[index].write(number, index, value)
            elif xml:
                sheet.write_row_xml(number, len(row) - 1, xml)
    workbook.close()


#: Excel's day 61: from 1900-03-01 on, a date's serial number is its days since 1899-12-30 (before,
#: Excel's imaginary 29 February 1900 counts; XlsxWriter works those out).
_FIRST_PLAIN_DATE = date(1900, 3, 1)
_EXCEL_EPOCH = date(1899, 12, 30)
#: The longest text sure to be within Excel's 32,767 UTF-16 units whatever its characters.
_PLAIN_TEXT_MAX = MAX_CELL_TEXT // 2
_LAST_ROW = 1_048_575


class _PlainRows:
    """A row of plain cells as the XML XlsxWriter would write for it, made in one go.

    At 100,000 rows XlsxWriter's per-cell machinery (checks, a cell tuple per cell, then the
    cell's XML when the row is done) takes most of an export's time. A row whose cells are all
    plain — printable text without a formula's first character or an escape Excel would decode,
    finite numbers, dates from March 1900 on, empty cells — is written here as one string;
    any other row goes cell by cell through _CellWriter as before (tests/unit: the same file)."""

    def __init__(self, writers: list[_CellWriter]) -> None:
        from xlsxwriter.utility import xl_col_to_name

        self.columns = [
            (xl_col_to_name(index), _style(writer.text_format), _style(writer.number_format), _style(writer.formats.date),
             writer.as_text)
            for index, writer in enumerate(writers)
        ]  # fmt: skip

    def xml(self, number: int, row: Iterable[object]) -> str | None:
        """The row's cells' XML ("" when it has none), or None when a cell is not plain."""
        if number > _LAST_ROW:
            return None
        line = str(number + 1)
        cells = []
        for (letter, text_style, number_style, date_style, as_text), value in zip(self.columns, row, strict=False):
            kind = type(value)
            if value is None:
                if as_text:
                    cells.append(f'<c r="{letter}{line}"{text_style}/>')
            elif kind is str:
                if not (value and len(value) <= _PLAIN_TEXT_MAX and value.isprintable() and "_x" not in value
                        and not value.startswith(FORMULA_STARTS)):  # fmt: skip
                    return None
                if "&" in value or "<" in value or ">" in value:
                    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                space = ' xml:space="preserve"' if value[0] == " " or value[-1] == " " else ""
                cells.append(f'<c r="{letter}{line}"{text_style} t="inlineStr"><is><t{space}>{value}</t></is></c>')
            elif (kind is int or (kind is float and isfinite(value))) and not as_text:
                cells.append(f'<c r="{letter}{line}"{number_style}><v>{value:.16G}</v></c>')
            elif kind is date and value >= _FIRST_PLAIN_DATE and not as_text:
                cells.append(f'<c r="{letter}{line}"{date_style}><v>{(value - _EXCEL_EPOCH).days}</v></c>')
            else:
                return None
        return "".join(cells)


def _style(cell_format: object | None) -> str:
    """A cell's s="…" attribute for an XlsxWriter format (none without one)."""
    return "" if cell_format is None else f' s="{cell_format._get_xf_index()}"'  # type: ignore[attr-defined]


#: A carriage return as XlsxWriter escapes it in text, unless it is a literal "_x000D_" (then "_x005F_x000D_").
_ESCAPED_CR = re.compile(r"(?<!_x005F)_x000D_")


@cache
def _worksheet_class() -> type:
    """XlsxWriter's worksheet writing a carriage return in text as the character reference &#13;.

    XlsxWriter writes it as OOXML's escape _x000D_, which Excel and calamine read back but openpyxl
    (and so the upstream sheets' own tooling) shows literally; a raw CR would be read back as a line
    feed by every XML parser. Only inline strings (constant-memory mode) are written this way.
    """
    from xlsxwriter.worksheet import Worksheet

    class CarriageReturnSheet(Worksheet):
        def write_row_xml(self, row: int, last_column: int, xml: str) -> None:
            """Write row `row` (0-based) whose cells' XML is made already (_PlainRows), after the
            row XlsxWriter holds, keeping the sheet's dimensions as write_* would."""
            if row > self.previous_row:
                self._write_single_row(row)  # the row XlsxWriter was holding (the header)
            self.fh.write(f'<row r="{row + 1}">{xml}</row>')
            self.previous_row = row + 1
            self.dim_rowmax = row if self.dim_rowmax is None else max(self.dim_rowmax, row)
            self.dim_rowmin = row if self.dim_rowmin is None else min(self.dim_rowmin, row)
            self.dim_colmin = 0 if self.dim_colmin is None else min(self.dim_colmin, 0)
            self.dim_colmax = last_column if self.dim_colmax is None else max(self.dim_colmax, last_column)

        def _xml_inline_string(self, string: str, preserve: bool, attributes: list | None = None) -> None:
            if "_x000D_" not in string:
                super()._xml_inline_string(string, preserve, attributes or [])
                return
            attr = "".join(f' {key}="{self._escape_attributes(value)}"' for key, value in attributes or [])
            text = _ESCAPED_CR.sub("&#13;", self._escape_data(string))
            self.fh.write(f'<c{attr} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>')

    return CarriageReturnSheet


class _Formats:
    """The workbook's cell formats, each made once (xlsxwriter wants one object per look)."""

    def __init__(self, workbook: object) -> None:
        add = workbook.add_format  # type: ignore[attr-defined]
        self._add = add
        self.header = add({"bold": True, "valign": "vcenter", "text_wrap": True})
        self.text = add({"num_format": "@"})
        self.quoted = add({"quote_prefix": True})
        self.quoted_text = add({"num_format": "@", "quote_prefix": True})
        self.date = add({"num_format": _DATE_FORMAT})
        self.datetime = add({"num_format": _DATETIME_FORMAT})
        self.time = add({"num_format": _TIME_FORMAT})
        self._numbers: dict[str, object] = {}

    def number(self, number_format: str) -> object:
        if number_format not in self._numbers:
            self._numbers[number_format] = self._add({"num_format": number_format})
        return self._numbers[number_format]


class _CellWriter:
    """Writes one column's cells: plain text and numbers straight through, anything else (formula-like
    or unprintable text, dates, Decimals, ID numbers handed over as numbers) through fileio/cells."""

    def __init__(self, sheet: object, formats: _Formats, as_text: bool, number_format: str | None) -> None:
        self.sheet = sheet
        self.formats = formats
        self.as_text = as_text
        self.text_format = formats.text if as_text else None
        self.number_format = formats.number(number_format) if number_format else None
        self.write_string = sheet.write_string  # type: ignore[attr-defined]
        self.write_number = sheet.write_number  # type: ignore[attr-defined]

    def write(self, row: int, column: int, value: object) -> None:
        kind = type(value)
        # Plain text (fileio/cells.needs_cell inlined: this runs for millions of cells).
        if kind is str and value and value.isprintable() and not value.startswith(FORMULA_STARTS) and len(value) <= MAX_CELL_TEXT:
            self.write_string(row, column, value, self.text_format)
            return
        if (kind is int or kind is float) and not self.as_text:
            self.write_number(row, column, value, self.number_format)
            return
        self._write_other(row, column, value)

    def _write_other(self, row: int, column: int, value: object) -> None:
        sheet, formats = self.sheet, self.formats
        if value is None:
            if self.as_text:
                sheet.write_blank(row, column, None, self.text_format)  # type: ignore[attr-defined]
            return
        if isinstance(value, Decimal):
            value = float(value)
        if self.as_text and not isinstance(value, str):
            # An ID number handed over as a number must not come out as 4.40101E+17.
            value = clean_text(value)
        value = safe_cell_value(value)
        if isinstance(value, str):
            if is_formula_like(value):
                self.write_string(row, column, value, formats.quoted_text if self.as_text else formats.quoted)
            elif value or self.as_text:
                self.write_string(row, column, value, self.text_format)
        elif isinstance(value, bool):
            sheet.write_boolean(row, column, value)  # type: ignore[attr-defined]
        elif isinstance(value, datetime):
            sheet.write_datetime(row, column, value, formats.datetime)  # type: ignore[attr-defined]
        elif isinstance(value, date):
            sheet.write_datetime(row, column, value, formats.date)  # type: ignore[attr-defined]
        elif isinstance(value, time | timedelta):
            sheet.write_datetime(row, column, value, formats.time)  # type: ignore[attr-defined]
        else:
            self.write_number(row, column, value, self.number_format)


def _print_setup(sheet: object, title: str) -> None:
    """A4 landscape, one page wide, the heading row repeated, `title` above and 第 n 页 below."""
    sheet.repeat_rows(0)  # type: ignore[attr-defined]
    sheet.set_landscape()  # type: ignore[attr-defined]
    sheet.set_paper(9)  # type: ignore[attr-defined]  # A4
    sheet.fit_to_pages(1, 0)  # type: ignore[attr-defined]
    # XlsxWriter leaves out fitToWidth="1" as the standard's default; readers that do not apply
    # defaults (openpyxl) would see "not fitted to width". Written as text, it is written out.
    sheet.fit_width = "1"  # type: ignore[attr-defined]
    sheet.set_header("&C" + title.replace("&", "&&"))  # type: ignore[attr-defined]
    sheet.set_footer("&C第 &P 页　共 &N 页")  # type: ignore[attr-defined]


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
