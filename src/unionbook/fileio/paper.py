"""What every .xlsx meant for paper shares: how it prints, and how it reaches the disk.

A chair prints the 签收表, the 合规检查表, the 经费收支明细账 and the 会费台账 on an office printer:
A4, one page wide (as many pages down as it takes), the title and heading rows on every page and
"第 n 页　共 m 页" at the foot. And a workbook is saved beside its target and renamed into place,
so a failure (a full disk, the file open in Excel/WPS) never leaves half a file and says why in
one sentence.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from unionbook.domain.errors import InputError

PAGE_NUMBERS = "第 &P 页　共 &N 页"
A4 = 9  # the paper size code of A4 in SpreadsheetML


def set_a4(sheet: Any, *, landscape: bool, title_rows: str | None = None, header: str = "",
           margins: tuple[float, float, float, float] = (0.4, 0.4, 0.5, 0.7)) -> None:  # fmt: skip
    """Print `sheet` on A4 one page wide, `title_rows` ("1:3") repeated on each page, `header`
    (a title, when the sheet has none of its own) above and the page numbers below.

    Works on ordinary and write-only worksheets; `margins` are left, right, top, bottom in inches.
    """
    from openpyxl.worksheet.page import PageMargins

    if title_rows:
        sheet.print_title_rows = title_rows
    setup = sheet.page_setup
    setup.orientation = "landscape" if landscape else "portrait"
    setup.paperSize, setup.fitToWidth, setup.fitToHeight = A4, 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    left, right, top, bottom = margins
    sheet.page_margins = PageMargins(left=left, right=right, top=top, bottom=bottom, footer=0.3)
    if header:
        sheet.oddHeader.center.text = header.replace("&", "&&")  # "&" starts a header code
    sheet.oddFooter.center.text = PAGE_NUMBERS


def save_workbook(workbook: Any, path: Path) -> Path:
    """Save `workbook` to `path` through a temporary file beside it; an InputError in Chinese when
    the folder is missing or the file is open in another program (nothing is left behind)."""
    path = Path(path)
    partial = path.with_name(f".{path.name}.partial")
    try:
        workbook.save(partial)
        os.replace(partial, path)
    except FileNotFoundError:
        raise InputError(detail=f"无法写入文件“{path.name}”：文件夹 {path.parent} 不存在") from None
    except PermissionError:
        raise InputError(detail=f"无法写入文件“{path.name}”：文件正被 Excel/WPS 等程序打开，请关闭后重试") from None
    finally:
        partial.unlink(missing_ok=True)
    return path
