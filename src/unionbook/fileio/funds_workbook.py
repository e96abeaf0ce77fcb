"""The funds ledger and budget sheets as one .xlsx: titled, bordered tables the 经审 committee can
sum, print and file.

Each sheet: a title row, a subtitle row (the union, the period), the heading row (frozen, repeated
on every printed page), then the rows. Money cells are numbers in 元 shown with MONEY_FORMAT
(thousands separators, two decimals, 元), rates are fractions shown as 0.0%, dates are dates; the
totals rows are bold. Every cell goes through fileio/cells.set_cell, so a 摘要 such as
"=HYPERLINK(…)" stays text. Written beside the target and renamed: never half a workbook.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from unionbook.fileio.paper import save_workbook, set_a4

MONEY_FORMAT = '#,##0.00"元"'
RATE_FORMAT = "0.0%"
DATE_FORMAT = "yyyy-mm-dd"


@dataclass(frozen=True)
class SheetColumn:
    heading: str
    width: float  # Excel's character units
    kind: str = "text"  # text, wrap (long text), money (Decimal 元), rate (Decimal fraction), number


@dataclass(frozen=True)
class LedgerSheet:
    name: str
    title: str
    subtitle: str
    columns: tuple[SheetColumn, ...]
    rows: Sequence[Sequence[object]]
    bold_rows: frozenset[int] = field(default=frozenset())  # indexes into rows (totals)
    landscape: bool = True


def write_funds_workbook(path: Path, sheets: Sequence[LedgerSheet]) -> Path:
    """Write the sheets to `path` (.xlsx), replacing it atomically."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for spec in sheets:
        _fill(workbook.create_sheet(spec.name[:31]), spec)
    return save_workbook(workbook, path)


def _fill(sheet: object, spec: LedgerSheet) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    from unionbook.fileio.cells import set_cell

    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    aligned = {
        "wrap": Alignment(horizontal="left", vertical="center", wrap_text=True),
        "money": Alignment(horizontal="right", vertical="center"),
        "rate": Alignment(horizontal="right", vertical="center"),
        "number": Alignment(horizontal="center", vertical="center"),
        "text": center,
    }
    last = get_column_letter(len(spec.columns))
    sheet.merge_cells(f"A1:{last}1")  # type: ignore[attr-defined]
    title = set_cell(sheet["A1"], spec.title)  # type: ignore[index]
    title.font, title.alignment = Font(size=16, bold=True), center
    sheet.row_dimensions[1].height = 30  # type: ignore[attr-defined]
    sheet.merge_cells(f"A2:{last}2")  # type: ignore[attr-defined]
    set_cell(sheet["A2"], spec.subtitle).alignment = Alignment(horizontal="left", vertical="center")  # type: ignore[index]
    for col, column in enumerate(spec.columns, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = column.width  # type: ignore[attr-defined]
        cell = set_cell(sheet.cell(3, col), column.heading)  # type: ignore[attr-defined]
        cell.font, cell.alignment, cell.border = Font(bold=True), center, box
        cell.fill = PatternFill("solid", fgColor="E8E8E8")
    for n, values in enumerate(spec.rows):
        row = 4 + n
        for col, (column, value) in enumerate(zip(spec.columns, values, strict=True), start=1):
            cell = set_cell(sheet.cell(row, col), float(value) if isinstance(value, Decimal) else value)  # type: ignore[attr-defined]
            cell.border = box
            cell.alignment = aligned[column.kind]
            if column.kind == "money":
                cell.number_format = MONEY_FORMAT
            elif column.kind == "rate":
                cell.number_format = RATE_FORMAT
            elif isinstance(value, date):
                cell.number_format = DATE_FORMAT
            if n in spec.bold_rows:
                cell.font = Font(name=cell.font.name, size=cell.font.sz, bold=True)  # the sheet's face, bold
    sheet.freeze_panes = "A4"  # type: ignore[attr-defined]
    set_a4(sheet, landscape=spec.landscape, title_rows="1:3")
