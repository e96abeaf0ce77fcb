"""The quick bound (sheet_extent.dense_by_bound) lets a sheet through without the full scan only
when the full scan would let it through too, on sheets where the two could differ: a stray cell
in the middle of the file, cells without a reference or with it further down the tag, 2-letter
columns, and a count of values right at the ratio. Each case is run with the XML read in 8 MB
chunks and in chunks of a few dozen bytes, so a cell at a chunk's edge is judged as any other."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from unionbook.fileio import sheet_extent
from unionbook.fileio.sheet_extent import check_sheet, dense_by_bound

_MEMBER = "xl/worksheets/sheet1.xml"


def _book(tmp_path: Path, rows: list[str]) -> Path:
    """An .xlsx whose one sheet (Sheet) holds exactly these <row> elements."""
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
        ' xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="A1:E5"/><sheetData>{"".join(rows)}</sheetData></worksheet>'
    )
    plain = tmp_path / "plain.xlsx"
    openpyxl.Workbook().save(plain)
    path = tmp_path / "名册.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, xml.encode() if item.filename == _MEMBER else source.read(item))
    return path


def _row(number: int, columns: str = "ABCDE") -> str:
    cells = "".join(f'<c r="{letter}{number}"><v>{number}</v></c>' for letter in columns)
    return f'<row r="{number}">{cells}</row>'


def _dense(path: Path) -> bool:
    with zipfile.ZipFile(path) as book:
        return dense_by_bound(book, _MEMBER)


ROSTER = [_row(n) for n in range(1, 1201)]  # A1:E1200, 6,000 values


def _with(rows: list[str], at: int, extra: str) -> list[str]:
    return [*rows[:at], extra, *rows[at:]]


CASES = {
    # 4 row digits, 1 letter: 9,999 × 26 cells at most, under the 2,000,000 read whatever they hold.
    "a roster": (ROSTER, True, (6000, "A1:E1200")),
    # A stray value in the middle of the file, not at its end: 6 digits and 2 letters bound nothing.
    "a far value midway": (_with(ROSTER, 600, '<row r="200000"><c r="AZ200000"><v>1</v></c></row>'), False, None),
    # Formatting alone is left to the full scan too (which does not count it).
    "a far styled cell midway": (_with(ROSTER, 600, '<row r="200000"><c r="AZ200000" s="1"/></row>'), False,
                                 (6000, "A1:E1200")),
    # Placed by counting: the bound cannot see where.
    "a cell without a reference": (_with(ROSTER, 700, '<row r="1201"><c t="n"><v>1</v></c></row>'), False,
                                   (6001, "A1:E1201")),
    "a bare <c>": (_with(ROSTER, 700, '<row r="1201"><c><v>1</v></c></row>'), False, (6001, "A1:E1201")),
    "a reference after the style": (_with(ROSTER, 5, '<row r="1201"><c s="1" r="B1201"><v>1</v></c></row>'), False,
                                     (6001, "A1:E1201")),
    # A prefixed tag is a cell to calamine too (it built A1:Z100000 for this one).
    "a prefixed far value midway": (_with(ROSTER, 600, '<x:row r="100000"><x:c r="Z100000"><x:v>1</x:v></x:c></x:row>'),
                                    False, None),
    # 30 columns (to AD) of 50 rows: 99 × 702 at most.
    "two-letter columns": ([_row(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") + "" for n in range(1, 51)]
                           + ['<row r="51"><c r="AD51"><v>1</v></c></row>'], True, (1301, "A1:AD51")),
}


@pytest.mark.parametrize("chunk", [8 * 1024 * 1024, 40])
@pytest.mark.parametrize("case", sorted(CASES))
def test_the_bound_decides_only_what_the_full_scan_would(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         case: str, chunk: int) -> None:
    monkeypatch.setattr(sheet_extent, "_CHUNK", chunk)
    rows, expected, extent = CASES[case]
    path = _book(tmp_path, rows)
    assert _dense(path) is expected
    if extent is None:
        with pytest.raises(Exception, match="远大于其中的内容"):
            check_sheet(path, "Sheet")
    else:
        found = check_sheet(path, "Sheet")
        assert found is not None and (found.cells, found.range_text) == extent


@pytest.mark.parametrize(("rows", "expected"), [(2000, True), (1999, False)])
def test_values_are_weighed_against_the_bound(tmp_path: Path, rows: int, expected: bool) -> None:
    """Rows 10000 on, 26 columns: 99,999 × 26 = 2,599,974 cells at most, so 52,000 values
    (2,000 rows) make one in 50 and 51,974 (1,999 rows) do not. Either way the full scan reads the
    sheet: its real rectangle is full."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    path = _book(tmp_path, [_row(n, alphabet) for n in range(10_000, 10_000 + rows)])
    assert _dense(path) is expected
    found = check_sheet(path, "Sheet")
    assert found is not None and found.cells == 26 * rows
