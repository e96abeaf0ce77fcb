"""The 发放签收表 (sign-off sheet) as a printable .xlsx: what the union hands out, each person signs.

A4 portrait, the header rows repeated on every printed page, a 签字 column wide enough for a
signature, and the total in figures and in 大写 as on a receipt, with prepared-by and approved-by
lines at the foot.

`SignoffSheet` is what goes on the paper, and its totals lines are worded here once: the .xlsx
below and the printed sheet (ui/pages/aid/signoff_print.py) both write `sheet.total_line`, so the
two can no longer say different things (services/signoff.py collects the sheet). Every cell is
written through fileio/cells.set_cell: a name or batch title such as "=HYPERLINK(…)" stays text.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from unionbook.fileio.cells import set_cell
from unionbook.fileio.paper import save_workbook, set_a4
from unionbook.fileio.template_filters import capital_amount


@dataclass(frozen=True)
class SignoffLine:
    name: str
    department: str
    id_number: str  # already masked by the caller unless the user asked for full numbers
    amount_yuan: Decimal
    goods: str


@dataclass(frozen=True)
class SignoffSheet:
    """A batch's sign-off sheet: titles, the lines in print order, and who prepared and approved it."""

    title: str
    subtitle: str
    lines: list[SignoffLine]
    prepared_by: str
    approved_by: str

    @property
    def total(self) -> Decimal:
        return sum((line.amount_yuan for line in self.lines), Decimal("0.00"))

    @property
    def count_text(self) -> str:
        """The head count under 实物 in the 合计 row."""
        return f"{len(self.lines):,} 人"

    @property
    def total_line(self) -> str:
        """The line under 合计: the amount in 大写 as on a receipt, or, for goods only, what was handed out."""
        total = self.total
        if total or not any(line.goods for line in self.lines):
            return f"合计金额（大写）：{capital_amount(total)}　（小写：¥{total:,.2f}）"
        # Goods only: a 零元整 line would read as if nothing was handed out.
        goods = "、".join(dict.fromkeys(line.goods for line in self.lines if line.goods))
        return f"本批为实物发放：{goods}，共 {len(self.lines):,} 份"

    @property
    def signatures(self) -> tuple[str, str, str]:
        """The foot: 经办人, 审批人 (blank to sign by hand when not recorded) and the date to fill in."""
        blank = "　" * 6
        return f"经办人：{self.prepared_by or blank}", f"审批人：{self.approved_by or blank}", "日期：　　年　　月　　日"


#: The sheet's headings: the .xlsx here and the printed sheet (ui/pages/aid/signoff_print.py).
SIGNOFF_HEADER = ("序号", "姓名", "部门", "身份证号码", "金额（元）", "实物", "签字")
_WIDTHS = [6, 10, 14, 22, 12, 16, 16]


def write_signoff_sheet(path: Path, signoff: SignoffSheet) -> Path:
    # openpyxl here, not at the top: this module is on the window's start-up path (the 帮扶 page)
    # and openpyxl costs ~70 ms to import.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    lines = signoff.lines
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "签收表"
    sheet.merge_cells("A1:G1")
    set_cell(sheet["A1"], signoff.title)
    sheet["A1"].font = Font(size=16, bold=True)
    sheet["A1"].alignment = center
    sheet.row_dimensions[1].height = 30
    sheet.merge_cells("A2:G2")
    set_cell(sheet["A2"], signoff.subtitle)
    sheet["A2"].alignment = Alignment(horizontal="left", vertical="center")
    for col, (title, width) in enumerate(zip(SIGNOFF_HEADER, _WIDTHS, strict=True), start=1):
        sheet.column_dimensions[chr(64 + col)].width = width
        cell = set_cell(sheet.cell(3, col), title)
        cell.font = Font(bold=True)
        cell.alignment = center
        cell.border = box
        cell.fill = PatternFill("solid", fgColor="E8E8E8")
    for n, line in enumerate(lines, start=1):
        row = 3 + n
        for col, value in enumerate((n, line.name, line.department, line.id_number, line.amount_yuan, line.goods), 1):
            set_cell(sheet.cell(row, col), value)
        sheet.row_dimensions[row].height = 26  # room to sign
        for col in range(1, 8):
            cell = sheet.cell(row, col)
            cell.border = box
            cell.alignment = center
        sheet.cell(row, 4).number_format = "@"
        sheet.cell(row, 5).number_format = "#,##0.00"
        sheet.cell(row, 5).alignment = Alignment(horizontal="right", vertical="center")
    total_row = 4 + len(lines)
    set_cell(sheet.cell(total_row, 1), "合计")
    sheet.merge_cells(start_row=total_row, start_column=1, end_row=total_row, end_column=4)
    set_cell(sheet.cell(total_row, 5), signoff.total).number_format = "#,##0.00"
    set_cell(sheet.cell(total_row, 6), signoff.count_text)
    for col in range(1, 8):
        sheet.cell(total_row, col).border = box
        sheet.cell(total_row, col).alignment = center
        sheet.cell(total_row, col).font = Font(bold=True)
    capital_row = total_row + 1
    set_cell(sheet.cell(capital_row, 1), signoff.total_line)
    sheet.merge_cells(start_row=capital_row, start_column=1, end_row=capital_row, end_column=7)
    sheet.cell(capital_row, 1).border = box
    sheet.row_dimensions[capital_row].height = 24
    sign_row = capital_row + 2
    for (first, last), text in zip(((1, 3), (4, 5), (6, 7)), signoff.signatures, strict=True):
        set_cell(sheet.cell(sign_row, first), text)
        sheet.merge_cells(start_row=sign_row, start_column=first, end_row=sign_row, end_column=last)
    set_a4(sheet, landscape=False, title_rows="1:3", margins=(0.5, 0.5, 0.6, 0.8))
    return save_workbook(workbook, path)
