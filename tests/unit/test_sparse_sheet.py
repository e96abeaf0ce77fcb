"""A tiny sheet with a huge range is refused before calamine builds it (issue 12, item 7).

python-calamine allocates the whole rectangle between the first and the last cell holding a
value: a 4.8 KB .xlsx with values in A1 and XFD1048576 asked for 512 GB and aborted the process.
The read runs in a subprocess under a 1 GiB address-space limit, so a regression fails the test
instead of taking the test run down.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font


_READ_UNDER_LIMIT = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
from unionbook.domain.errors import InputError
from unionbook.fileio.spreadsheet import read_sheet
started = time.monotonic()
try:
    sheet = read_sheet(sys.argv[1])
    result = {"rows": len(sheet.rows)}
except InputError as exc:
    result = {"refused": exc.message(), "exit_code": exc.exit_code}
result["seconds"] = time.monotonic() - started
print(json.dumps(result, ensure_ascii=False))
"""


def _workbook(path: Path, far: str, *, styled_only: bool = False) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "花名册"
    sheet["A1"] = "姓名"
    if styled_only:
        sheet[far].font = Font(bold=True)  # formatted, no value: costs calamine nothing
    else:
        sheet[far] = "x"
    workbook.save(path)
    return path


def _read_in_subprocess(path: Path) -> dict:
    result = subprocess.run([sys.executable, "-c", _READ_UNDER_LIMIT, str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"the reader died (exit {result.returncode}): {result.stderr[-500:]}"
    return json.loads(result.stdout)


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_AS is POSIX")
@pytest.mark.parametrize("far", ["XFD1048576", "AZ200000", "XFD1000"])
def test_a_sparse_sheet_is_refused_within_a_memory_limit(tmp_path: Path, far: str) -> None:
    path = _workbook(tmp_path / "稀疏.xlsx", far)
    assert path.stat().st_size < 6000
    result = _read_in_subprocess(path)
    assert "refused" in result, result
    assert result["exit_code"] == 2 and result["seconds"] < 5
    message = result["refused"]
    assert "稀疏.xlsx" in message and "花名册" in message and f"A1:{far}" in message and "2 个单元格" in message


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_AS is POSIX")
def test_formatting_alone_does_not_count_as_content(tmp_path: Path) -> None:
    """WPS formats whole columns and declares A1:XFD1048576: calamine skips empty cells, so do we."""
    from unionbook.fileio.sheet_extent import scan_extent

    path = _workbook(tmp_path / "格式.xlsx", "XFD1048576", styled_only=True)
    with zipfile.ZipFile(path) as book:
        extent = scan_extent(book, "xl/worksheets/sheet1.xml")
    assert extent.cells == 1 and extent.area == 1 and extent.declared == "A1:XFD1048576"
    assert _read_in_subprocess(path) == {"rows": 1, "seconds": pytest.approx(0, abs=5)}


def test_a_dense_sheet_passes_and_reports_its_extent(tmp_path: Path) -> None:
    from unionbook.fileio.sheet_extent import check_sheet

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in range(1, 301):
        sheet.append([f"职工{row}", row, "男", None, "一车间"])
    path = tmp_path / "名册.xlsx"
    workbook.save(path)
    extent = check_sheet(path, "Sheet")
    assert extent is not None and extent.cells == 1200 and extent.range_text == "A1:E300"


def test_cells_without_references_are_placed_by_counting(tmp_path: Path) -> None:
    """The standard lets a writer omit r=; then a cell's place is counted, and must still be judged."""
    from unionbook.fileio.sheet_extent import scan_extent

    rows = '<row><c t="inlineStr"><is><t>姓名</t></is></c><c><v>1</v></c></row>'
    far = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    xml = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        f"{rows}{rows}{far}</sheetData></worksheet>"
    )
    path = tmp_path / "无引用.xlsx"
    _workbook(path, "B2")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(tmp_path / "x.xlsx", "w") as target:
        for item in source.infolist():
            data = xml.encode() if item.filename == "xl/worksheets/sheet1.xml" else source.read(item)
            target.writestr(item, data)
    with zipfile.ZipFile(tmp_path / "x.xlsx") as book:
        extent = scan_extent(book, "xl/worksheets/sheet1.xml")
    assert (extent.cells, extent.first_row, extent.last_row, extent.last_column) == (5, 1, 1048576, 16384)
    assert extent.too_sparse()


def test_a_dense_sheet_is_judged_by_counting_and_a_sparse_one_is_not(tmp_path: Path) -> None:
    """The quick bound accepts a roster from its longest references and its number of values; the
    sheet whose two cells are A1 and XFD1048576 is left to the full scan (which refuses it)."""
    from unionbook.fileio.sheet_extent import dense_by_bound

    workbook = openpyxl.Workbook()
    for row in range(1, 301):
        workbook.active.append([f"职工{row}", row, "男", None, "一车间"])
    dense = tmp_path / "名册.xlsx"
    workbook.save(dense)
    sparse = _workbook(tmp_path / "稀疏.xlsx", "XFD1048576")
    for path, expected in ((dense, True), (sparse, False)):
        with zipfile.ZipFile(path) as book:
            assert dense_by_bound(book, "xl/worksheets/sheet1.xml") is expected


def _respelled(path: Path, far: str, written: str) -> Path:
    """The workbook with the far cell's reference written another way in the sheet's XML."""
    source = zipfile.ZipFile(path)
    out = path.with_name("改写-" + path.name)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                assert f'r="{far}"'.encode() in data
                data = data.replace(f'r="{far}"'.encode(), f'r="{written}"'.encode())
            target.writestr(item, data)
    source.close()
    return out


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_AS is POSIX")
@pytest.mark.parametrize("written", ["xfd1048576", "Xfd1048576", "XFD0001048576"])
def test_a_far_reference_spelled_as_calamine_still_reads_it_is_refused(tmp_path: Path, written: str) -> None:
    """calamine reads a reference's letters in either case and its row with leading zeros, so a
    stray cell written "xfd1048576" or "XFD0001048576" is XFD1048576 to it: the check must see it
    there too (it slipped past, and the read aborted the process)."""
    path = _respelled(_workbook(tmp_path / "稀疏.xlsx", "XFD1048576"), "XFD1048576", written)
    result = _read_in_subprocess(path)
    assert "refused" in result, result
    assert "A1:XFD1048576" in result["refused"] and "2 个单元格" in result["refused"]
