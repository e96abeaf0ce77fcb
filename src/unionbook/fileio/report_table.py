"""A titled, bordered table on one page's width as .xlsx: what a chair prints and files (the
合规检查表).

A4 landscape, fitted to the page's width (as many pages down as it takes), the title and the
heading row repeated on every printed page, long text wrapped in its cell, money as numbers in 元
(#,##0.00) so the sheet can still be summed, dates as dates, and notes under the table. Every cell
goes through fileio/cells.set_cell, so a name or reason such as "=HYPERLINK(…)" stays text. Written
beside the target and renamed, so a failure never leaves half a workbook.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from unionbook.fileio.paper import save_workbook, set_a4

MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"


@dataclass(frozen=True)
class TableColumn:
    heading: str
    width: float  # Excel's character units
    money: bool = False  # a Decimal in 元, written with MONEY_FORMAT
    wrap: bool = False  # long text wrapped in the cell (left-aligned)


@dataclass(frozen=True)
class ReportTable:
    title: str
    subtitle: str
    columns: tuple[TableColumn, ...]
    rows: Sequence[Sequence[object]]
    notes: tuple[str, ...] = field(default=())  # lines under the table (a summary, what the columns mean)
    sheet_name: str = "Sheet1"


#: Points per printed line of 11-point text, and the padding of a row.
_LINE_HEIGHT, _ROW_PADDING = 14.5, 5.0


def _text_width(text: str) -> int:
    """Excel's character units the text takes: CJK characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _row_height(columns: Sequence[TableColumn], values: Sequence[object]) -> float:
    """A row tall enough for its longest wrapped cell: neither Excel nor LibreOffice grows a row
    written by openpyxl on opening, so the wrapped text would be cut off on paper."""
    lines = 1
    for column, value in zip(columns, values, strict=True):
        if column.wrap and isinstance(value, str) and value:
            room = max(column.width - 1.5, 4.0)
            lines = max(lines, sum(max(1, math.ceil(_text_width(part) / room)) for part in value.split("\n")))
    return lines * _LINE_HEIGHT + _ROW_PADDING


def write_report_table(path: Path, table: ReportTable) -> Path:
    """Write `table` to `path` (.xlsx), replacing it atomically."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    from unionbook.fileio.cells import set_cell

    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    wrapped = Alignment(horizontal="left", vertical="center", wrap_text=True)
    right = Alignment(horizontal="right", vertical="center")
    width = len(table.columns)
    last = get_column_letter(width)

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = table.sheet_name[:31]
    sheet.merge_cells(f"A1:{last}1")
    set_cell(sheet["A1"], table.title)
    sheet["A1"].font = Font(size=16, bold=True)
    sheet["A1"].alignment = center
    sheet.row_dimensions[1].height = 30
    sheet.merge_cells(f"A2:{last}2")
    set_cell(sheet["A2"], table.subtitle)
    sheet["A2"].alignment = Alignment(horizontal="left", vertical="center")
    for col, column in enumerate(table.columns, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = column.width
        cell = set_cell(sheet.cell(3, col), column.heading)
        cell.font = Font(bold=True)
        cell.alignment = center
        cell.border = box
        cell.fill = PatternFill("solid", fgColor="E8E8E8")
    for n, values in enumerate(table.rows):
        row = 4 + n
        for col, (column, value) in enumerate(zip(table.columns, values, strict=True), start=1):
            cell = set_cell(sheet.cell(row, col), float(value) if isinstance(value, Decimal) else value)
            cell.border = box
            if column.money:
                cell.number_format = MONEY_FORMAT
                cell.alignment = right
            elif isinstance(value, date):
                cell.number_format = DATE_FORMAT
                cell.alignment = center
            else:
                cell.alignment = wrapped if column.wrap else center
        sheet.row_dimensions[row].height = _row_height(table.columns, values)
    below = 4 + len(table.rows) + 1
    for n, line in enumerate(table.notes):
        sheet.merge_cells(start_row=below + n, start_column=1, end_row=below + n, end_column=width)
        set_cell(sheet.cell(below + n, 1), line).alignment = Alignment(horizontal="left", vertical="center", wrap_text=True)
    set_a4(sheet, landscape=True, title_rows="1:3")
    return save_workbook(workbook, path)
