"""Reading and writing spreadsheets: real-world files, renamed and hostile files, and round trips.

The .xls and .ods cases are produced by converting an .xlsx with LibreOffice, the way a user's
colleague would save them; CI installs libreoffice-calc-nogui, so a missing soffice is a failure.
"""

from __future__ import annotations

import os
import shutil
import struct
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from conftest import libreoffice_convert
from forms import member_collection_form

from unionbook.domain.errors import InputError
from unionbook.fileio import spreadsheet
from unionbook.fileio.spreadsheet import Sheet, list_sheets, read_sheet, read_workbook, write_rows

ID_NUMBER = "44010619900101123X"


def _roster_workbook(path: Path) -> Path:
    """A typical 花名册: title rows and merged cells above a header on row 3, numbers, dates, an ID as text."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "花名册"
    sheet["A1"] = "某某公司工会会员花名册"
    sheet.merge_cells("A1:F1")
    sheet["A2"] = "填报单位（盖章）："
    sheet.merge_cells("A2:C2")
    sheet["E2"] = "2024年"
    sheet.append(["序号", "姓名", "性别", "出生日期", "证件号码", "手机号"])
    sheet.append([1, "张三", "男", date(1990, 1, 1), ID_NUMBER, 13812345678])
    sheet.append([2, "李四", "女", datetime(1985, 6, 30), "110101198506300027", 13900000000])
    sheet.append([3, "王五", "男", "1979.5", 4.40106197905011e17, None])
    sheet.append(["合计", None, None, None, None, None])
    sheet["K40"] = "   "  # a stray blank cell far away: trailing blank rows and columns are trimmed
    workbook.create_sheet("说明")["A1"] = "填表说明"
    workbook.save(path)
    return path


@pytest.fixture
def roster_xlsx(tmp_path: Path) -> Path:
    return _roster_workbook(tmp_path / "花名册.xlsx")


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The roster saved by LibreOffice as .xls and .ods."""
    folder = tmp_path_factory.mktemp("converted")
    source = _roster_workbook(folder / "花名册.xlsx")
    return {target: libreoffice_convert(source, target, folder / target) for target in ("xls", "ods")}


def _assert_roster(sheet: Sheet) -> None:
    assert sheet.name == "花名册"
    rows = sheet.rows
    assert rows[0][0] == "某某公司工会会员花名册"  # title rows kept: rows[0] is Excel row 1
    assert rows[1][0] == "填报单位（盖章）："
    assert rows[2] == ["序号", "姓名", "性别", "出生日期", "证件号码", "手机号"]
    assert rows[3][1] == "张三"
    assert rows[3][3] == date(1990, 1, 1)
    assert rows[3][4] == ID_NUMBER  # text stays text
    assert rows[3][5] == 13812345678 and isinstance(rows[3][5], int | float)  # numbers stay numbers
    assert rows[4][3] in (datetime(1985, 6, 30), date(1985, 6, 30))
    assert rows[5][3] == "1979.5"
    assert isinstance(rows[5][4], float)  # the mangled ID arrives as a number, so the engine can tell
    assert rows[6][0] == "合计"
    assert len(rows) == 7  # trailing blank rows trimmed
    assert {len(row) for row in rows} == {6}  # trailing blank columns trimmed, rows padded


# ------------------------------------------------------------------------------------ workbooks


def test_read_sheet_keeps_positions_and_raw_values(roster_xlsx: Path) -> None:
    _assert_roster(read_sheet(roster_xlsx))


def test_list_sheets_and_read_workbook_in_file_order(roster_xlsx: Path) -> None:
    assert list_sheets(roster_xlsx) == ["花名册", "说明"]
    sheets = read_workbook(roster_xlsx)
    assert [sheet.name for sheet in sheets] == ["花名册", "说明"]
    assert sheets[1].rows == [["填表说明"]]


def test_read_sheet_by_name(roster_xlsx: Path) -> None:
    assert read_sheet(roster_xlsx, "说明").rows == [["填表说明"]]


def test_read_sheet_without_name_skips_empty_sheets(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.title = "空白"
    workbook.create_sheet("名单")["C3"] = "姓名"
    path = tmp_path / "a.xlsx"
    workbook.save(path)
    sheet = read_sheet(path)
    assert sheet.name == "名单"
    assert sheet.rows == [["", "", ""], ["", "", ""], ["", "", "姓名"]]  # still C3
    assert read_workbook(path)[0] == Sheet(name="空白", rows=[])


def test_a_file_without_any_data_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "空.xlsx"
    openpyxl.Workbook().save(path)
    with pytest.raises(InputError, match="文件“空.xlsx”中没有任何数据"):
        read_sheet(path)


def test_missing_sheet_names_the_sheets_there_are(roster_xlsx: Path) -> None:
    with pytest.raises(InputError, match="找不到工作表“名单”（文件中有：花名册、说明）"):
        read_sheet(roster_xlsx, "名单")


def test_xls_saved_by_libreoffice(converted: dict[str, Path]) -> None:
    _assert_roster(read_sheet(converted["xls"]))
    assert list_sheets(converted["xls"]) == ["花名册", "说明"]


def test_ods_saved_by_libreoffice(converted: dict[str, Path]) -> None:
    _assert_roster(read_sheet(converted["ods"]))
    assert list_sheets(converted["ods"]) == ["花名册", "说明"]


def test_renamed_files_are_read_by_content(converted: dict[str, Path], roster_xlsx: Path, tmp_path: Path) -> None:
    xls_named_xlsx = tmp_path / "旧格式.xlsx"
    shutil.copy(converted["xls"], xls_named_xlsx)
    _assert_roster(read_sheet(xls_named_xlsx))
    xlsx_named_xls = tmp_path / "新格式.xls"
    shutil.copy(roster_xlsx, xlsx_named_xls)
    _assert_roster(read_sheet(xlsx_named_xls))


def test_provincial_collection_form(tmp_path: Path) -> None:
    """A 会员信息采集表 as upper unions send it (tests/forms.py): title rows, a header with line
    breaks on row 4, a code-list sheet, and a 民族 drop-down in the x14 extension list."""
    path = member_collection_form(tmp_path / "采集表.xlsx").path
    assert list_sheets(path) == ["会员信息", "下拉菜单表"]
    sheet = read_sheet(path)
    assert sheet.name == "会员信息"
    assert sheet.rows[0][0] == "附件二" and sheet.rows[1][0] == "某某省工会会员信息采集表"
    header = sheet.rows[3]  # Excel row 4
    assert header[0] == "序号"
    assert header[7] == "证件号码\n(填写18位身份证)"  # raw: line breaks are normalize_header's business
    assert header[19] == "是否农民工会员\n填写“是”或“否”"
    assert len(header) == 20
    assert sheet.rows[4] == [""] * 20  # blank data rows are read as such
    codes = read_sheet(path, "下拉菜单表")
    assert codes.rows[:3] == [["民族"], ["汉族"], ["蒙古族"]]
    assert ["黎族"] in codes.rows


# ------------------------------------------------------------------------------------------ CSV


def test_gbk_csv(tmp_path: Path) -> None:
    path = tmp_path / "名单.csv"
    path.write_bytes("姓名,性别,证件号码\r\n张三,男,44010619900101123X\r\n李四,女,\r\n".encode("gbk"))
    sheet = read_sheet(path)
    assert sheet.name == "名单"
    assert sheet.rows == [["姓名", "性别", "证件号码"], ["张三", "男", ID_NUMBER], ["李四", "女", ""]]


def test_utf8_bom_csv_keeps_everything_as_text(tmp_path: Path) -> None:
    path = tmp_path / "名单.csv"
    path.write_bytes("姓名,手机号,入会日期\n张三,13812345678,2019-05-03\n\n\n".encode("utf-8-sig"))
    assert read_sheet(path).rows == [["姓名", "手机号", "入会日期"], ["张三", "13812345678", "2019-05-03"]]
    assert list_sheets(path) == ["名单"]
    assert [s.name for s in read_workbook(path)] == ["名单"]


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_csv_delimiter_is_sniffed(tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "export.txt" if delimiter == "\t" else tmp_path / "export.csv"
    lines = [["姓名", "金额", "备注"], ["张三", "12,50", "a,b"], ["李四", "3,00", ""]]
    path.write_text("\n".join(delimiter.join(line) for line in lines) + "\n", encoding="utf-8")
    assert read_sheet(path).rows == lines


def test_csv_quoted_fields_and_ragged_rows(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text('姓名,备注\n张三,"第一行\n第二行"\n李四\n王五,"说""好"",的",\n', encoding="utf-8")
    assert read_sheet(path).rows == [["姓名", "备注"], ["张三", "第一行\n第二行"], ["李四", ""], ["王五", '说"好",的']]


def test_csv_in_no_known_encoding_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b"\xc4\xe3,\x80\x80\n")  # invalid as UTF-8 and as GB18030
    with pytest.raises(InputError, match="文件“x.csv”的编码无法识别（既不是 UTF-8 也不是 GBK）"):
        read_sheet(path)


def test_csv_with_binary_content_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b"a,b\n1,\x00\x00\n")
    with pytest.raises(InputError, match="x.csv"):
        read_sheet(path)


def test_csv_has_one_sheet_named_after_the_file(tmp_path: Path) -> None:
    path = tmp_path / "名单.csv"
    path.write_text("a\n", encoding="utf-8")
    with pytest.raises(InputError, match="找不到工作表“Sheet1”（文件中有：名单）"):
        read_sheet(path, "Sheet1")


# ------------------------------------------------------------------------------------- row caps


def test_row_cap_on_xlsx(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Sheet1"
    for number in range(12):
        sheet.append([number])
    path = tmp_path / "x.xlsx"
    workbook.save(path)
    assert len(read_sheet(path, max_rows=12).rows) == 12
    with pytest.raises(InputError, match="文件“x.xlsx”的工作表“Sheet1”超过 10 行，请拆分后分批导入"):
        read_sheet(path, max_rows=10)
    with pytest.raises(InputError, match="超过 10 行"):
        read_workbook(path, max_rows=10)


def test_row_cap_ignores_blank_trailing_rows(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["B2"] = "姓名"
    sheet["B3"] = "张三"
    sheet["C30"] = " "  # WPS leaves formatted blank cells far below the data
    path = tmp_path / "x.xlsx"
    workbook.save(path)
    assert read_sheet(path, max_rows=3).rows == [["", ""], ["", "姓名"], ["", "张三"]]


def test_row_cap_on_csv(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("".join(f"{n}\n" for n in range(11)) + "\n\n,,\n", encoding="utf-8")
    assert len(read_sheet(path, max_rows=11).rows) == 11
    with pytest.raises(InputError, match="超过 10 行"):
        read_sheet(path, max_rows=10)


# ---------------------------------------------------------------------------- hostile and broken


def test_zip_bomb_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(300):  # 300 MB of zeros deflate to ~0.3 MB
                member.write(chunk)
    assert path.stat().st_size < 2 * 1024 * 1024
    with pytest.raises(InputError, match="压缩比异常"):
        read_sheet(path)
    with pytest.raises(InputError, match="bomb.xlsx"):
        list_sheets(path)


def _declare_sizes(path: Path, size: int) -> None:
    """Rewrite the central directory so every member claims `size` uncompressed bytes."""
    data = bytearray(path.read_bytes())
    position = data.find(b"PK\x01\x02")
    while position != -1:
        struct.pack_into("<I", data, position + 24, size)
        position = data.find(b"PK\x01\x02", position + 4)
    path.write_bytes(bytes(data))


def test_zip_declaring_too_much_content_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.ods"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in ("mimetype", "content.xml"):
            archive.writestr(name, os.urandom(2048))
    _declare_sizes(path, 300 * 1024 * 1024)  # 2 × 300 MB declared
    assert sum(info.file_size for info in zipfile.ZipFile(path).infolist()) > 500 * 1024 * 1024
    with pytest.raises(InputError, match="无法读取文件“big.ods”：解压后超过 500 MB"):
        read_sheet(path)


def test_file_that_is_not_a_spreadsheet(tmp_path: Path) -> None:
    path = tmp_path / "花名册.xlsx"
    path.write_text("这不是表格", encoding="utf-8")
    with pytest.raises(InputError, match="无法读取文件“花名册.xlsx”：文件已损坏或不是 Excel 格式"):
        read_sheet(path)


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(InputError, match="文件已损坏或不是 Excel 格式"):
        read_sheet(path)


def test_truncated_xlsx(roster_xlsx: Path, tmp_path: Path) -> None:
    path = tmp_path / "半个.xlsx"
    path.write_bytes(roster_xlsx.read_bytes()[:2000])
    with pytest.raises(InputError, match="半个.xlsx"):
        read_sheet(path)


@pytest.mark.parametrize("name", ["空.xlsx", "空.csv", "空.xls"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    with pytest.raises(InputError, match=f"无法读取文件“{name}”：文件是空的"):
        read_sheet(path)


def test_encrypted_xlsx_is_an_ole_file(tmp_path: Path) -> None:
    path = tmp_path / "加密.xlsx"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 1024)
    with pytest.raises(InputError, match="无法读取文件“加密.xlsx”：文件已加密，请先在 Excel/WPS 中取消密码"):
        read_sheet(path)


def test_encrypted_package_is_recognised_whatever_the_name(tmp_path: Path) -> None:
    path = tmp_path / "加密.xls"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 512 + "EncryptedPackage".encode("utf-16-le"))
    with pytest.raises(InputError, match="文件已加密"):
        list_sheets(path)


def test_html_table_named_xls(tmp_path: Path) -> None:
    path = tmp_path / "导出.xls"
    path.write_text("<html><body><table><tr><td>姓名</td></tr></table></body></html>", encoding="utf-8")
    with pytest.raises(InputError, match="另存为 .xlsx"):
        read_sheet(path)


@pytest.mark.parametrize("name", ["a.pdf", "a.docx", "a"])
def test_unknown_suffix_is_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"x")
    with pytest.raises(InputError, match=f"无法读取文件“{name}”：不支持"):
        read_sheet(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="找不到文件“没有.xlsx”"):
        read_sheet(tmp_path / "没有.xlsx")


def test_file_over_the_size_limit(roster_xlsx: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spreadsheet, "MAX_FILE_BYTES", 1024)
    with pytest.raises(InputError, match="无法读取文件“花名册.xlsx”：文件超过"):
        read_sheet(roster_xlsx)


def test_input_errors_are_one_sentence_for_the_cli(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    path.write_bytes(b"junk")
    with pytest.raises(InputError) as info:
        read_sheet(path)
    assert info.value.exit_code == 2
    assert "\n" not in info.value.message()


# --------------------------------------------------------------------------------------- writing


def test_write_rows_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "导出.xlsx"
    header = ["姓名", "证件号码", "出生日期", "金额", "备注"]
    rows = [
        ["张三", ID_NUMBER, date(1990, 1, 1), 12.5, "=HYPERLINK(\"http://x\",\"点我\")"],
        ["李四", 110101198506300027, datetime(1985, 6, 30, 8, 0), 3, "+86 138"],
        ["@SUM(A1)", "", None, None, "-5"],
        ["\t制表符", None, None, None, "\r\n换行开头"],
        ["=1+1", None, None, True, "普通文本"],
    ]
    write_rows(path, [("会员", header, rows), ("说明", ["项目"], [["填表说明"]])], text_columns={"证件号码"})

    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["会员", "说明"]
    sheet = workbook["会员"]
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1])
    assert [cell.value for cell in sheet[1]] == header
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", f"{cell.coordinate} became a formula: {cell.value!r}"
    assert sheet["E2"].value == '=HYPERLINK("http://x","点我")'
    assert sheet["E2"].quotePrefix
    assert sheet["A4"].value == "@SUM(A1)" and sheet["A4"].quotePrefix
    assert sheet["E4"].value == "-5" and sheet["E4"].data_type == "s"
    assert sheet["A6"].value == "=1+1" and sheet["A6"].quotePrefix
    assert sheet["E6"].value == "普通文本" and not sheet["E6"].quotePrefix
    # the ID column is text, including the number handed over as an int
    assert sheet["B2"].value == ID_NUMBER and sheet["B2"].number_format == "@"
    assert sheet["B3"].value == "110101198506300027" and sheet["B3"].data_type == "s"
    assert sheet.column_dimensions["B"].number_format == "@"  # so IDs typed later stay text too
    # dates stay dates
    assert sheet["C2"].is_date and sheet["C2"].number_format == "yyyy-mm-dd"
    assert sheet["C2"].value == datetime(1990, 1, 1)
    assert sheet["C3"].is_date and sheet["C3"].value == datetime(1985, 6, 30, 8, 0)
    assert sheet["D2"].value == 12.5 and sheet["D6"].value is True
    assert sheet.column_dimensions["A"].width >= 6

    # and our own reader sees the same values
    back = read_sheet(path, "会员").rows
    assert back[0] == header
    assert back[1][:3] == ["张三", ID_NUMBER, date(1990, 1, 1)]
    assert back[2][1] == "110101198506300027"
    assert back[4][0] == "\t制表符"
    assert not list(tmp_path.glob(".*")), "the temporary file was left behind"


def test_write_rows_replaces_an_existing_file_and_honours_widths(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    path.write_bytes(b"old content")
    write_rows(path, [("A/B:C*?[]", ["姓名", "备注"], [["张三", "x" * 200]])], column_widths={"姓名": 20})
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    assert sheet.title == "A_B_C____"
    # Excel stores a column 20 characters wide as 20.71 (the cell padding): what Excel shows is 20.
    assert sheet.column_dimensions["A"].width == pytest.approx(20.71, abs=0.01)
    assert sheet.column_dimensions["B"].width == pytest.approx(60.71, abs=0.01)  # capped
    assert read_sheet(path).rows == [["姓名", "备注"], ["张三", "x" * 200]]


def test_write_rows_reports_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="无法写入文件“out.xlsx”"):
        write_rows(tmp_path / "no" / "out.xlsx", [("a", ["x"], [])])


def test_write_rows_guards_objects_whose_text_looks_like_a_formula(tmp_path: Path) -> None:
    class Label:
        def __str__(self) -> str:
            return "=cmd|' /C calc'!A0"

    path = tmp_path / "out.xlsx"
    write_rows(path, [("a", ["备注"], [[Label()]])])
    cell = openpyxl.load_workbook(path)["a"]["A2"]
    assert cell.value == "=cmd|' /C calc'!A0" and cell.data_type == "s" and cell.quotePrefix


@pytest.mark.parametrize("padded_top", [True, False])
def test_row_positions_do_not_depend_on_calamines_iteration_convention(padded_top: bool) -> None:
    # Data in B3:C4; python-calamine 0.9 yields rows from row 1 but columns from B. Another version
    # might start at row 3: either way rows[0] must be row 1 and rows[r][0] column A.
    rows = [["", ""], ["", ""]] if padded_top else []
    rows += [["姓名", "性别"], ["张三", "男"]]
    positioned = spreadsheet._positioned_rows(iter(rows), (3, 2), 10, Path("a.xlsx"), "S")
    assert spreadsheet._trimmed(positioned) == [["", "", ""], ["", "", ""], ["", "姓名", "性别"], ["", "张三", "男"]]
    with pytest.raises(InputError, match="超过 3 行"):
        spreadsheet._positioned_rows(iter(rows), (3, 2), 3, Path("a.xlsx"), "S")


class _FakeCalamineSheet:
    """What _positioned_stream reads of a python-calamine sheet."""

    def __init__(self, rows: list[list[object]], start: tuple[int, int], end: tuple[int, int]) -> None:
        self.rows, self.start, self.end = rows, start, end

    def iter_rows(self) -> Iterator[list[object]]:
        return iter([list(row) for row in self.rows])


@pytest.mark.parametrize("padded_top", [True, False])
@pytest.mark.parametrize("top", [["姓名", "性别"], [" ", ""], ["", ""]])
def test_streamed_rows_are_at_their_sheet_positions(padded_top: bool, top: list[object]) -> None:
    # Data in B3:C4, read one row at a time whichever way python-calamine iterates; the first used
    # row may hold only spaces, or only empty strings (then only counting tells).
    rows: list[list[object]] = [["", ""], ["", ""]] if padded_top else []
    rows += [top, ["张三", "男"]]
    sheet = _FakeCalamineSheet(rows, (2, 1), (3, 2))
    streamed = spreadsheet._positioned_stream(sheet, 10, Path("a.xlsx"), "S")
    assert not isinstance(streamed, list)
    assert spreadsheet._trimmed(list(streamed)) == [["", "", ""], ["", "", ""], ["", *top], ["", "张三", "男"]]
    with pytest.raises(InputError, match="超过 3 行"):
        list(spreadsheet._positioned_stream(sheet, 3, Path("a.xlsx"), "S"))


def test_stream_sheet_gives_the_first_sheet_with_content_one_row_at_a_time(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.title = "空白"
    data = workbook.create_sheet("名单")
    data["B2"], data["B3"], data["C3"] = "姓名", "张三", "男"
    path = tmp_path / "名单.xlsx"
    workbook.save(path)
    with spreadsheet.stream_sheet(path) as stream:
        assert (stream.name, stream.sheets, stream.height) == ("名单", ["空白", "名单"], 3)
        assert not any(next(stream.rows))  # row 1, above the first used one
        assert list(stream.rows) == [["", "姓名", ""], ["", "张三", "男"]]
