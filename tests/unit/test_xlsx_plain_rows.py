"""Rows of plain cells are written as one string each (xlsx_writer._PlainRows), the others cell by
cell: whichever way a row went, Excel must read back the same values, formats and text cells."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl

from unionbook.fileio.spreadsheet import read_sheet
from unionbook.fileio.xlsx_writer import MONEY_FORMAT, write_rows

HEADER = ["姓名", "证件号码", "出生日期", "人数", "金额", "备注"]
ROWS: list[list[object]] = [
    ["张三", "44010619850312001X", date(1985, 3, 12), 3, 2.5, " 前后空格 "],  # plain
    ["A&B<C>", None, date(2024, 2, 29), -7, 1250.75, None],  # plain, escaped text
    ["=HYPERLINK(1)", "4401", date(1900, 1, 1), True, None, "备注"],  # not plain: cell by cell
    [None, None, None, None, None, None],  # plain and empty but for the ID column's text format
    ["李四", 440106198503120011, datetime(2020, 1, 1, 8, 30), 0, float("inf"), "多行\n文本"],  # not plain
]


def _write(path: Path) -> Path:
    write_rows(path, [("花名册", HEADER, ROWS)], text_columns={"证件号码"}, number_formats={"金额": MONEY_FORMAT})
    return path


def test_plain_and_other_rows_read_back_the_same(tmp_path: Path) -> None:
    path = _write(tmp_path / "out.xlsx")
    sheet = openpyxl.load_workbook(path)["花名册"]
    values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2, max_row=6)]
    assert values == [
        ["张三", "44010619850312001X", datetime(1985, 3, 12), 3, 2.5, " 前后空格 "],
        ["A&B<C>", None, datetime(2024, 2, 29), -7, 1250.75, None],
        ["=HYPERLINK(1)", "4401", datetime(1900, 1, 1), True, None, "备注"],
        [None, None, None, None, None, None],
        ["李四", "440106198503120011", datetime(2020, 1, 1, 8, 30), 0, "=1/0", "多行\n文本"],  # inf: an error cell
    ]
    assert sheet["A4"].data_type == "s" and sheet["A4"].quotePrefix  # never a live formula
    assert [sheet[f"B{n}"].number_format for n in range(2, 7)] == ["@"] * 5  # ID cells are text, blank ones too
    assert [sheet[f"C{n}"].number_format for n in (2, 3, 4)] == ["yyyy-mm-dd"] * 3
    assert sheet["E3"].number_format == MONEY_FORMAT and sheet["D3"].number_format == "General"
    assert sheet.dimensions == "A1:F6"


def test_plain_rows_are_what_the_importer_reads(tmp_path: Path) -> None:
    rows = read_sheet(_write(tmp_path / "out.xlsx")).rows
    assert rows[1] == ["张三", "44010619850312001X", date(1985, 3, 12), 3, 2.5, " 前后空格 "]
    assert rows[2] == ["A&B<C>", "", date(2024, 2, 29), -7, 1250.75, ""]
    with zipfile.ZipFile(tmp_path / "out.xlsx") as book:
        xml = book.read("xl/worksheets/sheet1.xml").decode()
    assert '<t xml:space="preserve"> 前后空格 </t>' in xml and "A&amp;B&lt;C&gt;" in xml
