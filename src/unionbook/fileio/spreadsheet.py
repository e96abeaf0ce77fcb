"""Reading spreadsheets into plain rows, and writing rows out as .xlsx.

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

Writing uses openpyxl in write-only mode (fast and small for 100k rows). Text beginning with
= + - @ or a control character is written as a literal string with Excel's quote prefix, so a
member called "=HYPERLINK(…)" never becomes a live formula (OWASP CSV/formula injection).
"""

from __future__ import annotations

import csv
import io
import logging
import os
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from python_calamine import CalamineWorkbook, PasswordError, SheetTypeEnum

from unionbook.domain.cells import clean_text
from unionbook.domain.errors import InputError
from unionbook.fileio.ooxml import UnsafeZip, ZipProblem, check_zip

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
_CSV_DELIMITERS = ",;\t|"
_SNIFF_CHARS = 64 * 1024

_ENCRYPTED = "文件已加密，请先在 Excel/WPS 中取消密码"
_CORRUPT = "文件已损坏或不是 Excel 格式"


@dataclass(frozen=True)
class Sheet:
    """One sheet's cells: rows[0] is the sheet's row 1, all rows the same length."""

    name: str
    rows: list[list[object]]


def _refuse(path: Path, what: str) -> InputError:
    return InputError(detail=f"无法读取文件“{path.name}”：{what}")


# ------------------------------------------------------------------------------ what is this file?


def _inspect(path: Path) -> str:
    """Check the file is readable and not too big; return "zip", "ole" or "text" from its content."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        shown = suffix or "（无扩展名）"
        raise _refuse(path, f"不支持 {shown} 文件，请使用 .xlsx、.xls、.ods 或 .csv 格式")
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise _refuse(path, "这是一个文件夹")
        with path.open("rb") as handle:
            head = handle.read(8)
    except FileNotFoundError:
        raise InputError(detail=f"找不到文件“{path.name}”（{path.parent}）") from None
    except PermissionError:
        raise _refuse(path, "没有读取权限，或文件正被其他程序独占打开") from None
    except OSError as exc:
        raise _refuse(path, f"读取失败（{exc.strerror or exc}）") from None
    if size == 0:
        raise _refuse(path, "文件是空的")
    if size > MAX_FILE_BYTES:
        raise _refuse(path, f"文件超过 {MAX_FILE_BYTES // 1024 // 1024} MB，请拆分后分批导入")
    if head.startswith(_ZIP_MAGIC):
        return "zip"
    if head.startswith(_OLE_MAGIC):
        return "ole"
    if suffix in TEXT_SUFFIXES:
        return "text"
    if suffix == ".xls" and head.lstrip().startswith(b"<"):
        # Many web systems export an HTML or XML table and call it .xls; Excel opens it, calamine cannot.
        raise _refuse(path, "它是网页或 XML 格式的表格，不是真正的 Excel 文件，请在 Excel/WPS 中打开后另存为 .xlsx")
    raise _refuse(path, _CORRUPT)


def _check_zip(path: Path) -> None:
    """Refuse zip bombs from the central directory alone, before any parser decompresses a byte."""
    try:
        check_zip(path, max_uncompressed=MAX_UNCOMPRESSED_BYTES)
    except UnsafeZip as refused:
        raise _refuse(path, _CORRUPT if refused.problem is ZipProblem.DAMAGED else refused.reason) from None


def _check_ole(path: Path) -> None:
    """An OLE file is either a real .xls or an encrypted Office file; tell the two apart."""
    data = path.read_bytes()  # at most MAX_FILE_BYTES, checked in _inspect
    if _OLE_ENCRYPTED in data:
        raise _refuse(path, _ENCRYPTED)
    if not any(name in data for name in _OLE_WORKBOOK):
        if path.suffix.lower() in ZIP_SUFFIXES:
            # An .xlsx that is an OLE file without a workbook stream is how Excel and WPS save with a password.
            raise _refuse(path, _ENCRYPTED)
        raise _refuse(path, _CORRUPT)


class _Workbook:
    """A calamine workbook opened after the safety checks; use as a context manager."""

    def __init__(self, path: Path, kind: str) -> None:
        self.path = path
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
            raise _refuse(path, _ENCRYPTED) from None
        except Exception as exc:  # calamine's CalamineError/ZipError/XmlError, and anything from a broken file
            log.info("calamine could not open %s: %r", path.name, exc)
            raise _refuse(path, _CORRUPT) from None

    def __enter__(self) -> _Workbook:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.book.close()

    def sheet_names(self) -> list[str]:
        # Chart sheets and macro sheets have no cells to import; hidden sheets are kept (a 下拉菜单表
        # of code lists is often hidden and still wanted).
        return [meta.name for meta in self.book.sheets_metadata if meta.typ == SheetTypeEnum.WorkSheet]

    def sheet(self, name: str, max_rows: int) -> Sheet:
        try:
            calamine_sheet = self.book.get_sheet_by_name(name)
            rows = _positioned_rows(calamine_sheet.iter_rows(), calamine_sheet.end, max_rows, self.path, name)
        except InputError:
            raise
        except Exception as exc:
            log.info("calamine could not read sheet %s of %s: %r", name, self.path.name, exc)
            raise _refuse(self.path, f"工作表“{name}”已损坏") from None
        return Sheet(name=name, rows=_trimmed(rows))


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _too_many_rows(path: Path, sheet: str, max_rows: int) -> InputError:
    return InputError(detail=f"文件“{path.name}”的工作表“{sheet}”超过 {max_rows} 行，请拆分后分批导入")


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
        elif not all(_is_blank(cell) for cell in row):  # blank trailing rows (WPS formats them) don't count
            raise _too_many_rows(path, sheet, max_rows)
        count += 1
    missing_top = end[0] + 1 - count
    if missing_top > 0:
        kept[:0] = [[] for _ in range(missing_top)]
        overflow = kept[max_rows:]
        del kept[max_rows:]
        if not all(_is_blank(cell) for row in overflow for cell in row):
            raise _too_many_rows(path, sheet, max_rows)
    width = end[1] + 1
    for index, row in enumerate(kept):
        if row and len(row) < width:
            kept[index] = [""] * (width - len(row)) + row
    return kept


def _trimmed(rows: list[list[object]]) -> list[list[object]]:
    """Drop trailing blank rows and columns and pad every row to the same length (in place)."""
    while rows and all(_is_blank(cell) for cell in rows[-1]):
        rows.pop()
    width = max((len(row) for row in rows), default=0)
    while width and all(len(row) < width or _is_blank(row[width - 1]) for row in rows):
        width -= 1
    for index, row in enumerate(rows):
        if len(row) > width:
            rows[index] = row[:width]
        elif len(row) < width:
            row.extend([""] * (width - len(row)))
    return rows


# ------------------------------------------------------------------------------------------- CSV


def _decode(path: Path, data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030 (a superset of GBK); never a lossy decode."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode 文本" is UTF-16 with a BOM
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(detail=f"文件“{path.name}”的编码无法识别（既不是 UTF-8 也不是 GBK）")


def _sniff_delimiter(text: str) -> str:
    """The candidate that splits the first lines into the most rows of one consistent width (> 1)."""
    sample = text[:_SNIFF_CHARS]
    if len(text) > _SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]  # no half line at the end
    best, best_score = ",", (0, 0)
    for delimiter in _CSV_DELIMITERS:
        try:
            widths = [len(row) for row in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter) if row]
        except csv.Error:
            continue
        widths = widths[:50]
        counts: dict[int, int] = {}
        for width in widths:
            if width > 1:
                counts[width] = counts.get(width, 0) + 1
        if not counts:
            continue
        modal = max(counts, key=lambda w: (counts[w], w))
        score = (counts[modal], modal)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(path: Path, max_rows: int) -> Sheet:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _refuse(path, f"读取失败（{exc.strerror or exc}）") from None
    text = _decode(path, data)
    del data
    if "\x00" in text:  # a binary file, or UTF-16 without its BOM; Python's csv would accept it
        raise _refuse(path, "内容含有二进制字符，不是文本格式的表格（UTF-16 文本请另存为 UTF-8 的 CSV）")
    delimiter = _sniff_delimiter(text)
    rows: list[list[object]] = []
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
            if number > max_rows:
                if not all(_is_blank(cell) for cell in row):
                    raise _too_many_rows(path, path.stem, max_rows)
                continue
            rows.append(list(row))
    except csv.Error as exc:  # e.g. a field longer than csv.field_size_limit()
        log.info("csv could not parse %s: %r", path.name, exc)
        raise _refuse(path, "内容不是有效的 CSV 表格（可能含有二进制内容或未闭合的引号）") from None
    return Sheet(name=path.stem, rows=_trimmed(rows))


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
        return [_read_csv(path, max_rows)]
    with _Workbook(path, kind) as book:
        return [book.sheet(name, max_rows) for name in book.sheet_names()]


def read_sheet(
    path: str | os.PathLike[str], sheet: str | None = None, *, max_rows: int = DEFAULT_MAX_ROWS
) -> Sheet:
    """One sheet by name, or the first sheet that has any content when `sheet` is None."""
    path = Path(path)
    kind = _inspect(path)
    if kind == "text":
        found = _read_csv(path, max_rows)
        if sheet is not None and sheet != found.name:
            raise _sheet_not_found(path, sheet, [found.name])
        return found
    with _Workbook(path, kind) as book:
        names = book.sheet_names()
        if sheet is not None:
            if sheet not in names:
                raise _sheet_not_found(path, sheet, names)
            return book.sheet(sheet, max_rows)
        for name in names:
            found = book.sheet(name, max_rows)
            if found.rows:
                return found
    raise InputError(detail=f"文件“{path.name}”中没有任何数据")


def _sheet_not_found(path: Path, sheet: str, names: list[str]) -> InputError:
    return InputError(detail=f"文件“{path.name}”中找不到工作表“{sheet}”（文件中有：{'、'.join(names) or '无'}）")


# ---------------------------------------------------------------------------------------- writing

# OWASP "CSV injection": these first characters make Excel/WPS treat typed text as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
_DATE_FORMAT = "yyyy-mm-dd"
_DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
_TIME_FORMAT = "hh:mm:ss"
_WIDTH_SAMPLE_ROWS = 1000
_MIN_WIDTH, _MAX_WIDTH = 6.0, 60.0


def _display_width(text: str) -> int:
    """Columns the text occupies: CJK characters are two wide."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return "0000-00-00 00:00:00"
    if isinstance(value, date):
        return "0000-00-00"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def _column_widths(header: list[str], rows: list[list[object]]) -> list[float]:
    widths = [float(_display_width(name)) for name in header]
    for row in rows[:_WIDTH_SAMPLE_ROWS]:
        for index, value in enumerate(row):
            shown = max((_display_width(line) for line in _cell_text(value).split("\n")), default=0)
            if index < len(widths):
                widths[index] = max(widths[index], float(shown))
            else:
                widths.append(float(shown))
    return [min(max(width + 2, _MIN_WIDTH), _MAX_WIDTH) for width in widths]


def _safe_titles(titles: Iterable[str]) -> Iterator[str]:
    """Excel's rules for sheet names: ≤ 31 characters, none of []:*?/\\, unique ignoring case."""
    seen: set[str] = set()
    for title in titles:
        base = "".join("_" if char in "[]:*?/\\" else char for char in str(title)).strip("'")[:31] or "Sheet"
        candidate, counter = base, 2
        while candidate.lower() in seen:
            suffix = f"({counter})"
            candidate, counter = base[: 31 - len(suffix)] + suffix, counter + 1
        seen.add(candidate.lower())
        yield candidate


def write_rows(
    path: str | os.PathLike[str],
    sheets: list[tuple[str, list[str], list[list[object]]]],
    *,
    text_columns: AbstractSet[str] = frozenset(),
    column_widths: dict[str, float] | None = None,
) -> None:
    """Write (title, header, rows) sheets to an .xlsx, replacing `path` atomically.

    The header is bold and frozen; dates are real dates shown as yyyy-mm-dd; columns whose header
    is in `text_columns` are text-formatted (cells and the whole column, so ID numbers typed later
    also stay text); text that Excel would take for a formula is stored as literal text. Widths
    come from the content unless `column_widths` names them (by header).
    """
    if not sheets:
        raise ValueError("write_rows needs at least one sheet")
    path = Path(path)
    temporary = _temporary_beside(path)  # first: a missing folder fails before any work is done
    try:
        workbook = _build_workbook(sheets, text_columns, column_widths or {})
        workbook.save(temporary)
        os.replace(temporary, path)
    except PermissionError:
        raise InputError(detail=f"无法写入文件“{path.name}”：文件正被 Excel/WPS 等程序打开，请关闭后重试") from None
    finally:
        temporary.unlink(missing_ok=True)


def _build_workbook(
    sheets: list[tuple[str, list[str], list[list[object]]]],
    text_columns: AbstractSet[str],
    column_widths: dict[str, float],
):  # noqa: ANN202 - an openpyxl Workbook, imported lazily
    # Imported here: openpyxl costs ~120 ms to import and most runs only read.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    make_cell = _cell_factory()
    bold = Font(bold=True)
    header_alignment = Alignment(vertical="center", wrap_text=True)
    for title, (_, header, rows) in zip(_safe_titles(s[0] for s in sheets), sheets, strict=True):
        sheet = workbook.create_sheet(title)
        sheet.freeze_panes = "A2"
        text_indexes = {index for index, name in enumerate(header) if name in text_columns}
        for index, width in enumerate(_column_widths(header, rows)):
            letter = get_column_letter(index + 1)
            name = header[index] if index < len(header) else None
            sheet.column_dimensions[letter].width = column_widths.get(name, width) if name else width
            if index in text_indexes:
                sheet.column_dimensions[letter].number_format = "@"

        header_cells = [make_cell(sheet, str(name), False, styled=True) for name in header]
        for cell in header_cells:
            cell.font, cell.alignment = bold, header_alignment
        sheet.append(header_cells)

        for row in rows:
            sheet.append([make_cell(sheet, value, index in text_indexes) for index, value in enumerate(row)])

    return workbook


def _needs_cleaning(text: str) -> bool:
    """Whether the text holds a control character openpyxl refuses (rare: checked cheaply first)."""
    return not text.isprintable() and any(ord(char) < 32 and char not in "\t\n\r" for char in text)


def _cell_factory():  # noqa: ANN202 - returns a closure over openpyxl, imported only when writing
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def make_cell(sheet: object, value: object, as_text: bool, styled: bool = False) -> object:
        """A plain value where no style is needed (much faster in write-only mode), else a cell."""
        plain = not (as_text or styled)
        if value is None or value == "":
            if plain:
                return None
            cell = WriteOnlyCell(sheet, value=None)
            if as_text:
                cell.number_format = "@"
            return cell
        kind = type(value)
        if plain and (kind is int or kind is float or kind is bool):
            return value
        if plain and kind is str and not value.startswith(_FORMULA_STARTS) and not _needs_cleaning(value):
            return value
        if isinstance(value, Decimal):
            value = float(value)
        if as_text and not isinstance(value, str):
            # An ID number handed over as a number must not come out as 4.40101E+17.
            value = clean_text(value)
        elif isinstance(value, str):
            value = str.__str__(value)  # a StrEnum member or other str subclass: its plain text
        elif not isinstance(value, int | float | date | time | timedelta):  # bool is an int
            value = str(value)
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters Excel cannot store
            cell = WriteOnlyCell(sheet, value=value)
            if value.startswith(_FORMULA_STARTS):
                cell.data_type = "s"  # openpyxl turned it into a formula on assignment
                cell.quotePrefix = True  # and Excel keeps it text when the user edits the cell
            if as_text:
                cell.number_format = "@"
            return cell
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, datetime):
            cell.number_format = _DATETIME_FORMAT
        elif isinstance(value, date):
            cell.number_format = _DATE_FORMAT
        elif isinstance(value, time):
            cell.number_format = _TIME_FORMAT
        return cell

    return make_cell


def _temporary_beside(path: Path) -> Path:
    """An empty file next to `path`: saving there and renaming never leaves half a file behind."""
    try:
        handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.stem}-", suffix=".xlsx", delete=False)
    except FileNotFoundError:
        raise InputError(detail=f"无法写入文件“{path.name}”：文件夹 {path.parent} 不存在") from None
    except PermissionError:
        raise InputError(detail=f"无法写入文件“{path.name}”：没有写入文件夹 {path.parent} 的权限") from None
    handle.close()
    return Path(handle.name)
