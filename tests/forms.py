"""Upstream forms built in the test run, of the same shape as the provincial ones chairs are sent.

A provincial 会员信息采集表 is not a tidy table: a 附件 label and a merged title above the header, a
"填表单位（盖章）" line, headers with line breaks and bracketed format notes, blank bordered data rows,
a merged 填表说明 under them, a code-list sheet (下拉菜单表) and drop-downs on the data columns. Most
drop-downs are inline lists (“男,女”); the one whose list lives on the code-list sheet (民族) is
stored the way Excel 2010+ stores cross-sheet lists: in the worksheet's x14 extension list, which
openpyxl can neither read nor write, so it is spliced into the saved XML here.

Everything is generated: unit names, titles, notes and people are invented. The layout is that of
the real forms (which are not ours to copy), so the import and the export into a layout meet the
same difficulties here as on the real thing.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.datavalidation import DataValidation

MEMBER_SHEET = "会员信息"
CODE_SHEET = "下拉菜单表"
MEMBER_TITLE = "某某省工会会员信息采集表"

#: Header of the collection sheet, row 4: line breaks and format notes inside the cells, as sent.
MEMBER_HEADER = [
    "序号", "姓名", "性别", "出生日期（格式：yyyy/MM/dd）", "民族", "就业状况", "有效证件类别",
    "证件号码\n(填写18位身份证)", "学历", "技术等级", "移动电话", "户籍类型", "户籍所在地", "会籍变化类型",
    "会籍变化日期（格式：yyyy/MM/dd）", "会籍变化原因", "政治面貌", "工作单位", "籍贯",
    "是否农民工会员\n填写“是”或“否”",
]  # fmt: skip

#: The code-list sheet's 民族 column (a handful is enough; the real one lists all 56).
ETHNICITIES = ["汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "土家族", "黎族", "瑶族"]

#: Inline drop-downs by header: spelled the upstream way (本科, 大专, 农业户口), not ours.
MEMBER_LISTS = {
    "性别": ["男", "女"],
    "就业状况": ["在岗", "待（下）岗", "失业", "退休", "退职", "退养（内退）", "病休", "其他"],
    "有效证件类别": ["居民身份证"],
    "学历": ["博士", "硕士", "本科", "大专", "中专", "高中", "初中", "小学及以下"],
    "技术等级": ["无", "职业资格一级（高级技师）", "职业资格二级（技师）", "职业资格三级（高级）", "职业资格四级（中级）",
             "职业资格五级（初级）"],
    "户籍类型": ["农业户口", "非农业户口"],
    "会籍变化类型": ["入会", "转入", "保留", "转出", "除名", "退会"],
    "政治面貌": ["中共党员", "中共预备党员", "共青团员", "无党派人士", "群众"],
    "是否农民工会员\n填写“是”或“否”": ["是", "否"],
}  # fmt: skip


@dataclass(frozen=True)
class MemberForm:
    """Where things are on a built collection sheet (1-based Excel rows and columns)."""

    path: Path
    header_row: int  # 4
    first_row: int  # 5: the first blank (or filled) data row
    notes_row: int  # the merged 填表说明 under the data rows
    ethnicity_col: str  # the column whose drop-down is an x14 list on the code-list sheet

    def column(self, header: str) -> int:
        return MEMBER_HEADER.index(header) + 1


def member_collection_form(path: Path, people: Sequence[Sequence[object]] = (), *, blank_rows: int = 9) -> MemberForm:
    """Write a 会员信息采集表 to `path`: title rows, the header on row 4, `people` (values from 姓名
    on, numbered in 序号) then blank bordered rows up to `blank_rows` data rows, the 填表说明, the
    code-list sheet and the drop-downs (one of them in the x14 extension list)."""
    from openpyxl.utils import get_column_letter

    width = len(MEMBER_HEADER)
    last_col = get_column_letter(width)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = MEMBER_SHEET
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(horizontal="center", vertical="center", wrap_text=True)

    sheet["A1"] = "附件二"
    sheet["A2"] = MEMBER_TITLE
    sheet["A2"].font = Font(size=20, bold=True)
    sheet["A2"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.merge_cells(f"A2:{last_col}2")
    split = width // 2 + 1  # the 盖章 line on the left half, the 签字 line on the right
    sheet["A3"] = "填表单位（盖章）："
    sheet.cell(3, split, "     单位负责人(签字)：")
    sheet.merge_cells(start_row=3, start_column=1, end_row=3, end_column=split - 1)
    sheet.merge_cells(start_row=3, start_column=split, end_row=3, end_column=width)
    header_row, first = 4, 5
    for col, label in enumerate(MEMBER_HEADER, start=1):
        cell = sheet.cell(header_row, col, label)
        cell.border, cell.alignment = box, wrap
    count = max(blank_rows, len(people))
    for n in range(count):
        row = first + n
        for col in range(1, width + 1):
            sheet.cell(row, col).border = box
        sheet.cell(row, MEMBER_HEADER.index("证件号码\n(填写18位身份证)") + 1).number_format = "@"
        if n < len(people):
            sheet.cell(row, 1, n + 1)
            for col, value in enumerate(people[n], start=2):
                sheet.cell(row, col, value)
    notes_row = first + count
    notes = "填表说明：\n1、本表各项均为必填项，请按《会员登记表》如实填写；\n2、“工作单位”填写单位全称。\n   "
    sheet.cell(notes_row, 1, notes)
    sheet.cell(notes_row, 1).alignment = Alignment(vertical="top", wrap_text=True)
    sheet.merge_cells(start_row=notes_row, start_column=1, end_row=notes_row, end_column=width)
    sheet.row_dimensions[2].height = 32
    sheet.row_dimensions[header_row].height = 41
    sheet.row_dimensions[notes_row].height = 82
    for col, label in enumerate(MEMBER_HEADER, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = 12 if "格式" in label else 7
    sheet.page_setup.orientation = "landscape"

    codes = workbook.create_sheet(CODE_SHEET)
    codes.append(["民族"])
    for name in ETHNICITIES:
        codes.append([name])
    codes.column_dimensions["A"].width = 20

    # Drop-downs cover the blank data rows and everything below the notes (as the real form's do,
    # leaving the notes row out); the 性别 one also strays onto the title rows, as real ones do.
    def rows_of(letter: str) -> str:
        return f"{letter}{first}:{letter}{notes_row - 1} {letter}{notes_row + 1}:{letter}1048576"

    for header, entries in MEMBER_LISTS.items():
        letter = get_column_letter(MEMBER_HEADER.index(header) + 1)
        sqref = rows_of(letter) + (f" {letter}3" if header == "性别" else "")
        validation = DataValidation(type="list", formula1='"' + ",".join(entries) + '"', allow_blank=True, sqref=sqref)
        sheet.add_data_validation(validation)
    sheet.add_data_validation(DataValidation(type="custom", formula1="COUNTIF($A:$A,A1)<2", allow_blank=True,
                                             sqref=rows_of("A")))  # fmt: skip
    ethnicity = get_column_letter(MEMBER_HEADER.index("民族") + 1)
    workbook.save(path)
    _add_x14_list(path, MEMBER_SHEET, f"{CODE_SHEET}!$A$2:$A${len(ETHNICITIES) + 1}", rows_of(ethnicity))
    return MemberForm(Path(path), header_row, first, notes_row, ethnicity)


_X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
_XM = "http://schemas.microsoft.com/office/excel/2006/main"


def _add_x14_list(path: Path, sheet_name: str, formula: str, sqref: str) -> None:
    """Splice a list drop-down into the sheet's extension list, as Excel writes one whose source
    is a range on another sheet."""
    ext = (
        f'<extLst><ext uri="{{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}}" xmlns:x14="{_X14}">'
        f'<x14:dataValidations count="1" xmlns:xm="{_XM}">'
        f'<x14:dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1">'
        f"<x14:formula1><xm:f>{formula}</xm:f></x14:formula1><xm:sqref>{sqref}</xm:sqref>"
        f"</x14:dataValidation></x14:dataValidations></ext></extLst>"
    )
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        index = openpyxl.load_workbook(path, read_only=True).sheetnames.index(sheet_name)
        member = f"xl/worksheets/sheet{index + 1}.xml"  # openpyxl's naming
        contents = {name: archive.read(name) for name in names}
    xml = contents[member].decode("utf-8")
    assert "<extLst>" not in xml
    xml, replaced = re.subn(r"</worksheet>\s*$", ext + "</worksheet>", xml)
    assert replaced == 1
    contents[member] = xml.encode("utf-8")
    with tempfile.NamedTemporaryFile(dir=Path(path).parent, suffix=".xlsx", delete=False) as handle:
        tmp = Path(handle.name)
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            archive.writestr(name, contents[name])
    shutil.move(tmp, path)
