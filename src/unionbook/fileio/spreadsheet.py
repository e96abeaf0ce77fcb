"""Reading spreadsheets into plain rows (.xlsx, .xlsm, .xls, .ods, .csv).

Reading goes through python-calamine for .xlsx/.xlsm/.xls/.ods and the csv module for .csv/.txt.
Cells keep the values calamine gives (str, int, float, bool, date, datetime, time; "" when empty):
the import engine must see that an ID number arrived as a float to know Excel has already rounded
it (domain/cells.py). Rows keep their sheet positions — rows[0] is Excel row 1 and rows[r][0] is
column A, even when the sheet starts lower down — so error messages can name the row the user sees.

The files come from anywhere (downloaded forms, colleagues' e-mails), so before any parser runs we
check what the file really is and refuse what could exhaust memory (DESIGN.md, Known traps): files
over 100 MB, zip archives declaring more than 500 MB, compressing a member more than 200:1 or
holding more than 10,000 parts (zip bombs, judged by ooxml.check_zip), and sheets longer than
`max_rows`. The format is decided by the file's first bytes, not only its name: a .xls saved as
.xlsx (an everyday mistake) still opens, an encrypted .xlsx (which is an OLE file, not a zip) gets
a message about its password, and an HTML table named .xls gets one about "另存为". Every refusal
is an InputError with one Chinese sentence naming the file.

A sheet is also judged before calamine builds it: calamine allocates the whole rectangle from the
first to the last cell holding a value, so a sheet whose rectangle is far larger than its cells
(A1 and XFD1048576: 512 GB) is refused from a streaming scan of its XML (sheet_extent.py).

A roster of 100,000 people is 2.4 million cells: as Python lists they take ~200 MB on top of
calamine's own copy, so the import streams them (`stream_sheet`: rows one at a time, at their sheet
positions) and keeps only what it has checked; `read_sheet` is the same stream kept whole, for
the wizard's preview and the small files.

CSV is read by csv_reader.py; writing (`write_rows`, re-exported here) lives in xlsx_writer.py.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook, PasswordError, SheetTypeEnum

from unionbook.domain.errors import InputError
from unionbook.fileio.csv_reader import read_csv
from unionbook.fileio.ooxml import UnsafeZip, ZipProblem, check_zip
from unionbook.fileio.sheet_data import Sheet, is_blank, refuse, too_many_rows, trimmed
from unionbook.fileio.sheet_extent import refuse_sparse_sheet
from unionbook.fileio.xlsx_writer import write_rows

__all__ = [
    "DEFAULT_MAX_ROWS", "Sheet", "SheetStream", "list_sheets", "read_sheet", "read_workbook", "stream_sheet", "write_rows",
]  # fmt: skip

log = logging.getLogger(__name__)

DEFAULT_MAX_ROWS = 200_000
MAX_FILE_BYTES = 100 * 1024 * 1024
# Above the templates' 200 MB: a roster near the 200,000-row cap can be a few hundred MB of XML.
MAX_UNCOMPRESSED_BYTES = 500 * 1024 * 1024

ZIP_SUFFIXES = frozenset({".xlsx", ".xlsm", ".ods"})
WORKBOOK_SUFFIXES = ZIP_SUFFIXES | {".xls"}
TEXT_SUFFIXES = frozenset({".csv", ".txt"})
SUPPORTED_SUFFIXES = WORKBOOK_SUFFIXES | TEXT_SUFFIXES

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
# Stream names in an OLE directory are UTF-16LE. An encrypted .xlsx is an OLE file holding an
# "EncryptedPackage" stream; a real .xls holds a "Workbook" (BIFF8) or "Book" (BIFF5) stream.
_OLE_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_OLE_WORKBOOK = tuple(name.encode("utf-16-le") for name in ("Workbook", "WORKBOOK", "Book", "BOOK"))

_ENCRYPTED = "文件已加密，请先在 Excel/WPS 中取消密码"
_CORRUPT = "文件已损坏或不是 Excel 格式"


_trimmed = trimmed  # under its old name for tests


# ------------------------------------------------------------------------------ what is this file?


def _inspect(path: Path) -> str:
    """Check the file is readable and not too big; return "zip", "ole" or "text" from its content."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        shown = suffix or "（无扩展名）"
        raise refuse(path, f"不支持 {shown} 文件，请使用 .xlsx、.xls、.ods 或 .csv 格式")
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise refuse(path, "这是一个文件夹")
        with path.open("rb") as handle:
            head = handle.read(8)
    except FileNotFoundError:
        raise InputError(detail=f"找不到文件“{path.name}”（{path.parent}）") from None
    except PermissionError:
        raise refuse(path, "没有读取权限，或文件正被其他程序独占打开") from None
    except OSError as exc:
        raise refuse(path, f"读取失败（{exc.strerror or exc}）") from None
    if size == 0:
        raise refuse(path, "文件是空的")
    if size > MAX_FILE_BYTES:
        raise refuse(path, f"文件超过 {MAX_FILE_BYTES // 1024 // 1024} MB，请拆分后分批导入")
    if head.startswith(_ZIP_MAGIC):
        return "zip"
    if head.startswith(_OLE_MAGIC):
        return "ole"
    if suffix in TEXT_SUFFIXES:
        return "text"
    if suffix == ".xls" and head.lstrip().startswith(b"<"):
        # Many web systems export an HTML or XML table and call it .xls; Excel opens it, calamine cannot.
        raise refuse(path, "它是网页或 XML 格式的表格，不是真正的 Excel 文件，请在 Excel/WPS 中打开后另存为 .xlsx")
    raise refuse(path, _CORRUPT)


def _check_zip(path: Path) -> None:
    """Refuse zip bombs from the central directory alone, before any parser decompresses a byte."""
    try:
        check_zip(path, max_uncompressed=MAX_UNCOMPRESSED_BYTES)
    except UnsafeZip as refused:
        raise refuse(path, _CORRUPT if refused.problem is ZipProblem.DAMAGED else refused.reason) from None


def _check_ole(path: Path) -> None:
    """An OLE file is either a real .xls or an encrypted Office file; tell the two apart."""
    data = path.read_bytes()  # at most MAX_FILE_BYTES, checked in _inspect
    if _OLE_ENCRYPTED in data:
        raise refuse(path, _ENCRYPTED)
    if not any(name in data for name in _OLE_WORKBOOK):
        if path.suffix.lower() in ZIP_SUFFIXES:
            # An .xlsx that is an OLE file without a workbook stream is how Excel and WPS save with a password.
            raise refuse(path, _ENCRYPTED)
        raise refuse(path, _CORRUPT)


class _Workbook:
    """A calamine workbook opened after the safety checks; use as a context manager."""

    def __init__(self, path: Path, kind: str) -> None:
        self.path = path
        self.kind = kind
        if kind == "zip":
            _check_zip(path)
        else:
            _check_ole(path)
        natural = ZIP_SUFFIXES if kind == "zip" else {".xls"}
        try:
            if path.suffix.lower() in natural:
                self.book = CalamineWorkbook.from_path(str(path))
            else:  # renamed file (.xls that is really .xlsx, …): let calamine sniff the content
                with path.open("rb") as handle:
                    self.book = CalamineWorkbook.from_filelike(handle)
        except PasswordError:
            raise refuse(path, _ENCRYPTED) from None
        except Exception as exc:  # calamine's CalamineError/ZipError/XmlError, and anything from a broken file
            log.info("calamine could not open %s: %r", path.name, exc)
            raise refuse(path, _CORRUPT) from None

    def __enter__(self) -> _Workbook:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.book.close()

    def sheet_names(self) -> list[str]:
        # Chart sheets and macro sheets have no cells to import; hidden sheets are kept (a 下拉菜单表
        # of code lists is often hidden and still wanted).
        return [meta.name for meta in self.book.sheets_metadata if meta.typ == SheetTypeEnum.WorkSheet]

    def sheet(self, name: str, max_rows: int) -> Sheet:
        return Sheet(name=name, rows=trimmed(list(self.rows(name, max_rows)[1])))

    def rows(self, name: str, max_rows: int) -> tuple[int, Iterator[list[object]]]:
        """The sheet's height (rows up to its last used one) and its rows at their sheet positions,
        one at a time (`_positioned_stream`); a damaged sheet is refused, whether calamine notices
        on opening it or halfway through."""
        if self.kind == "zip":
            refuse_sparse_sheet(self.path, name)  # before calamine builds the sheet's whole rectangle
        try:
            calamine_sheet = self.book.get_sheet_by_name(name)
        except Exception as exc:
            raise self._damaged(name, exc) from None
        end = calamine_sheet.end
        return (0 if end is None else end[0] + 1), self._guarded(name, _positioned_stream(calamine_sheet, max_rows, self.path, name))

    def _guarded(self, name: str, rows: Iterator[list[object]]) -> Iterator[list[object]]:
        try:
            yield from rows
        except InputError:
            raise
        except Exception as exc:
            raise self._damaged(name, exc) from None

    def _damaged(self, name: str, exc: Exception) -> InputError:
        log.info("calamine could not read sheet %s of %s: %r", name, self.path.name, exc)
        return refuse(self.path, f"工作表“{name}”已损坏")


def _positioned_stream(calamine_sheet: Any, max_rows: int, path: Path, sheet: str) -> Iterator[list[object]]:
    """calamine's rows at their sheet positions, one at a time, refusing non-blank rows past
    max_rows.

    Whether iter_rows() pads the rows above the first used one (python-calamine 0.9 does) shows in
    those rows: padding is empty cells (""), while a version starting at the first used row starts
    with a cell holding a value. Only when the first used row holds nothing but empty strings too
    is the sheet read whole and placed by counting (`_positioned_rows`)."""
    start, end = calamine_sheet.start, calamine_sheet.end
    if end is None:
        return
    raw_rows: Iterator[list[object]] = calamine_sheet.iter_rows()
    if start[0]:
        head = []
        for row in raw_rows:
            head.append(row)
            if len(head) == start[0] or any(cell != "" for cell in row):
                break
        if len(head) == start[0] and all(cell == "" for row in head for cell in row):  # padded
            first = next(raw_rows, None)
            if first is None or all(cell == "" for cell in first):  # cannot tell: count
                yield from _positioned_rows(chain(head, [first] if first else [], raw_rows), end, max_rows, path, sheet)
                return
            raw_rows = chain(head, [first], raw_rows)
        else:
            raw_rows = chain([[] for _ in range(start[0])], head, raw_rows)
    width = end[1] + 1
    for count, row in enumerate(raw_rows):
        if count >= max_rows:
            if not all(is_blank(cell) for cell in row):  # blank trailing rows (WPS formats them) don't count
                raise too_many_rows(path, sheet, max_rows)
            continue
        if row and len(row) < width:
            row = [""] * (width - len(row)) + row
        yield row


def _positioned_rows(
    raw_rows: Iterable[list[object]], end: tuple[int, int] | None, max_rows: int, path: Path, sheet: str
) -> list[list[object]]:
    """calamine's rows put back at their sheet positions; refuses non-blank rows past max_rows.

    Only rows up to the cap are kept: a sheet declaring a million rows costs a scan, not memory.
    python-calamine does not document whether iter_rows() starts at row 1/column A or at the first
    used cell (0.9 pads the rows but not the columns), so the offsets are worked out from `end`,
    the last used cell, which both conventions share.
    """
    if end is None:
        return []
    kept: list[list[object]] = []
    count = 0
    for row in raw_rows:
        if count < max_rows:
            kept.append(row)
        elif not all(is_blank(cell) for cell in row):  # blank trailing rows (WPS formats them) don't count
            raise too_many_rows(path, sheet, max_rows)
        count += 1
    missing_top = end[0] + 1 - count
    if missing_top > 0:
        kept[:0] = [[] for _ in range(missing_top)]
        overflow = kept[max_rows:]
        del kept[max_rows:]
        if not all(is_blank(cell) for row in overflow for cell in row):
            raise too_many_rows(path, sheet, max_rows)
    width = end[1] + 1
    for index, row in enumerate(kept):
        if row and len(row) < width:
            kept[index] = [""] * (width - len(row)) + row
    return kept


# ---------------------------------------------------------------------------------------- reading


def list_sheets(path: str | os.PathLike[str]) -> list[str]:
    """The names of the file's worksheets in file order (a CSV is one sheet named after the file)."""
    path = Path(path)
    kind = _inspect(path)
    if kind == "text":
        return [path.stem]
    with _Workbook(path, kind) as book:
        return book.sheet_names()


def read_workbook(path: str | os.PathLike[str], *, max_rows: int = DEFAULT_MAX_ROWS) -> list[Sheet]:
    """Every worksheet of the file, in file order, empty ones included."""
    path = Path(path)
    kind = _inspect(path)
    if kind == "text":
        return [read_csv(path, max_rows)]
    with _Workbook(path, kind) as book:
        return [book.sheet(name, max_rows) for name in book.sheet_names()]


def read_sheet(
    path: str | os.PathLike[str], sheet: str | None = None, *, max_rows: int = DEFAULT_MAX_ROWS
) -> Sheet:
    """One sheet by name, or the first sheet that has any content when `sheet` is None."""
    with stream_sheet(path, sheet, max_rows=max_rows) as found:
        return Sheet(found.name, trimmed(list(found.rows)))


@dataclass
class SheetStream:
    """One sheet's rows read one at a time: rows yields the sheet's row 1 first, each row's cell 0
    is column A; rows may differ in length and trailing blank rows may come (see `trimmed`)."""

    name: str
    sheets: list[str]  # the file's worksheets, in file order
    rows: Iterator[list[object]]
    height: int  # the rows the sheet says it has, up to its last used one (for progress)


@contextmanager
def stream_sheet(
    path: str | os.PathLike[str], sheet: str | None = None, *, max_rows: int = DEFAULT_MAX_ROWS
) -> Iterator[SheetStream]:
    """Like `read_sheet`, but the rows come one at a time while the file is open, so a caller
    that checks and drops them never holds the sheet's cells as Python objects all at once."""
    path = Path(path)
    kind = _inspect(path)
    if kind == "text":
        found = read_csv(path, max_rows)
        if sheet is not None and sheet != found.name:
            raise _sheet_not_found(path, sheet, [found.name])
        yield SheetStream(found.name, [found.name], iter(found.rows), len(found.rows))
        return
    with _Workbook(path, kind) as book:
        names = book.sheet_names()
        if sheet is not None:
            if sheet not in names:
                raise _sheet_not_found(path, sheet, names)
            height, rows = book.rows(sheet, max_rows)
            yield SheetStream(sheet, names, rows, height)
            return
        for name in names:
            height, rows = book.rows(name, max_rows)
            leading = []
            for row in rows:  # the blank rows above the first with content are kept: positions matter
                leading.append(row)
                if not all(is_blank(cell) for cell in row):
                    yield SheetStream(name, names, chain(leading, rows), height)
                    return
    raise InputError(detail=f"文件“{path.name}”中没有任何数据")


def _sheet_not_found(path: Path, sheet: str, names: list[str]) -> InputError:
    return InputError(detail=f"文件“{path.name}”中找不到工作表“{sheet}”（文件中有：{'、'.join(names) or '无'}）")
