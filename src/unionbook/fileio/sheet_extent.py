"""How much memory an .xlsx sheet will take, judged before calamine reads it.

python-calamine builds a sheet as one dense rectangle from its first to its last cell holding a
value, so a 4.8 KB file whose only cells are A1 and XFD1048576 asks for 17 billion cells (512 GB)
and the process aborts (DESIGN.md, Known traps). Cells that are only formatted (WPS formats whole
columns; styled.xlsx declares A1:XFD1048576) cost nothing, and neither does the declared
<dimension ref>, which calamine does not allocate from; both are reported, neither decides.

So the sheet's XML is scanned first, streaming from the zip member in chunks: for every cell
holding a value, its reference (`<c r="XFD1048576">` followed by a value, not `/>` or `</c>`).
That is a byte-level regular expression, ~2 s for a 200,000-row sheet of 385 MB that calamine
takes ~5 s to read. Cells without an `r` attribute (allowed by the standard, rare in practice)
are placed by counting, with an expat parse of the same stream.

`check_sheet` refuses a sheet whose rectangle is far larger than its cells, or too large in
absolute terms, with one Chinese sentence naming the file and the sheet.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from functools import cache
from operator import itemgetter
from pathlib import Path
from xml.parsers import expat

from unionbook.domain.errors import InputError

#: A rectangle up to this many cells is read whatever its content (~64 MB inside calamine).
SPARSE_FLOOR = 2_000_000
#: Above the floor, at least one cell in this many must hold a value.
SPARSE_RATIO = 50
#: Never more than this many cells (~1 GB inside calamine), however full.
MAX_AREA = 30_000_000

_CHUNK = 8 * 1024 * 1024
# calamine reads a reference's letters in either case and its digits with leading zeros
# ("xfd0001048576" is XFD1048576), so the scan does too: a reference it cannot read as calamine
# does sends the sheet to the counted path, never past the check.
# A cell with a reference whose start tag neither closes itself nor is followed by its end tag.
_VALUED_CELL = re.compile(rb' r="([A-Za-z]{1,3})([0-9]{1,7})"[^>/]*>(?!</)')
#: A reference the regular expressions above place (letters, then digits, nothing else).
_PLAIN_REF = re.compile(rb' r="[A-Za-z]{1,3}[0-9]{1,7}"')
_ANY_REF = re.compile(rb' r="[A-Za-z]')
_PREFIXED_CELL = re.compile(rb"<[A-Za-z_][\w.-]*:c[\s>/]")
_DIMENSION = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?dimension\s[^>]*?ref="([^"]*)"')
_REFERENCE = re.compile(r"([A-Za-z]+)([0-9]+)")
_OFFICE_DOCUMENT = ("officeDocument",)


@dataclass(frozen=True)
class Extent:
    """Where a sheet's values are: their count and bounding rectangle (1-based, inclusive)."""

    cells: int
    first_row: int = 0
    last_row: int = 0
    first_column: int = 0
    last_column: int = 0
    declared: str | None = None  # the sheet's <dimension ref="…">, as written

    @property
    def area(self) -> int:
        if not self.cells:
            return 0
        return (self.last_row - self.first_row + 1) * (self.last_column - self.first_column + 1)

    @property
    def range_text(self) -> str:
        if not self.cells:
            return "（空）"
        return f"{_letters(self.first_column)}{self.first_row}:{_letters(self.last_column)}{self.last_row}"

    def too_sparse(self) -> bool:
        area = self.area
        return area > MAX_AREA or (area > SPARSE_FLOOR and area > SPARSE_RATIO * self.cells)


def _column(letters: bytes | str) -> int:
    number = 0
    for char in (letters if isinstance(letters, str) else letters.decode("ascii")).upper():
        number = number * 26 + ord(char) - 64
    return number


def _letters(column: int) -> str:
    text = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        text = chr(65 + rest) + text
    return text


# ------------------------------------------------------------------------------ finding the part


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _relationships(book: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Id → (type's last word, target part) from the part's .rels, targets resolved."""
    from defusedxml import ElementTree

    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    try:
        root = ElementTree.fromstring(book.read(rels))
    except (KeyError, ElementTree.ParseError):
        return {}
    found = {}
    for rel in root:
        target = rel.get("Target", "")
        resolved = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        found[rel.get("Id", "")] = (rel.get("Type", "").rsplit("/", 1)[-1], resolved)
    return found


def sheet_parts(book: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → zip member of its XML, from the workbook part and its relationships."""
    from defusedxml import ElementTree

    workbook = next((target for kind, target in _relationships(book, "").values() if kind in _OFFICE_DOCUMENT),
                    "xl/workbook.xml")  # fmt: skip
    relationships = _relationships(book, workbook)
    try:
        root = ElementTree.fromstring(book.read(workbook))
    except (KeyError, ElementTree.ParseError):
        return {}
    parts = {}
    for element in root.iter():
        if _local(element.tag) != "sheet":
            continue
        rel_id = next((value for key, value in element.attrib.items() if _local(key) == "id"), None)
        if rel_id in relationships:
            parts[element.get("name", "")] = relationships[rel_id][1]
    return parts


# ------------------------------------------------------------------------------------ scanning


def _chunks(book: zipfile.ZipFile, member: str):  # noqa: ANN202 - Iterator[bytes]
    """The member's bytes in chunks that each end just before a '<' (no tag is cut in two)."""
    tail = b""
    with book.open(member) as handle:
        while True:
            chunk = handle.read(_CHUNK)
            if not chunk:
                if tail:
                    yield tail
                return
            data = tail + chunk
            cut = data.rfind(b"<")
            if cut <= 0:
                tail = data
                continue
            yield data[:cut]
            tail = data[cut:]


def scan_extent(book: zipfile.ZipFile, member: str) -> Extent:
    """The values' extent in one sheet part (see the module docstring)."""
    cells = with_ref = all_cells = unplaced = 0
    rows: list[int] = []
    columns: set[bytes] = set()
    declared: str | None = None
    for chunk in _chunks(book, member):
        if declared is None and (match := _DIMENSION.search(chunk)):
            declared = match.group(1).decode("ascii", "replace")
        found = _VALUED_CELL.findall(chunk)
        if found:
            cells += len(found)
            columns.update(map(itemgetter(0), found))
            numbers = list(map(int, map(itemgetter(1), found)))
            rows.extend((min(numbers), max(numbers)))
        any_ref = len(_ANY_REF.findall(chunk))
        with_ref += any_ref
        unplaced += any_ref - len(_PLAIN_REF.findall(chunk))  # e.g. "A00000001" (leading zeros)
        all_cells += chunk.count(b"<c ") + chunk.count(b"<c>")
        if b":c" in chunk:
            all_cells += len(_PREFIXED_CELL.findall(chunk))
    if all_cells > with_ref or unplaced:  # some cells are placed by counting or odd: parse properly
        return _counted_extent(book, member, declared)
    if not cells:
        return Extent(0, declared=declared)
    numbers = sorted(_column(c) for c in columns)
    return Extent(cells, min(rows), max(rows), numbers[0], numbers[-1], declared)


def _counted_extent(book: zipfile.ZipFile, member: str, declared: str | None) -> Extent:
    """The extent by following the XML, for cells and rows that omit their `r` attribute."""
    state = {"row": 0, "column": 0, "valued": False}
    bounds = [0, 0, 0, 0, 0]  # cells, first row, last row, first column, last column

    def start(name: str, attributes: dict[str, str]) -> None:
        local = name.rsplit(":", 1)[-1]
        if local == "row":
            number = attributes.get("r")
            state["row"] = int(number) if number and number.isdigit() else state["row"] + 1
            state["column"] = 0
        elif local == "c":
            match = _REFERENCE.fullmatch(attributes.get("r", ""))
            if match:
                state["row"], state["column"] = int(match.group(2)), _column(match.group(1))
            else:
                state["column"] += 1
            state["valued"] = False
        elif local in ("v", "is"):
            state["valued"] = True

    def end(name: str) -> None:
        if name.rsplit(":", 1)[-1] == "c" and state["valued"]:
            row, column = state["row"], state["column"]
            if not bounds[0]:
                bounds[1:] = [row, row, column, column]
            bounds[0] += 1
            bounds[1], bounds[2] = min(bounds[1], row), max(bounds[2], row)
            bounds[3], bounds[4] = min(bounds[3], column), max(bounds[4], column)

    def no_doctype(*_args: object) -> None:
        raise ValueError("DOCTYPE in a worksheet")

    parser = expat.ParserCreate()
    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.StartDoctypeDeclHandler = no_doctype
    for chunk in _chunks(book, member):
        parser.Parse(chunk, False)
    parser.Parse(b"", True)
    return Extent(*bounds, declared=declared)


# ------------------------------------------------------------------------------ a quicker bound

#: Columns that 1, 2 and 3 letters can name, as the bound counts them.
_COLUMNS_BY_LETTERS = (26, 26 * 27, 26 * 27 * 27)
#: How a prefixed cell tag goes on after its prefix, looked for before the whole tag: ':' is rare in
#: a sheet, so this rules a chunk out ~3x quicker than `b":c" in chunk` (0.036 s for 130 MB).
_PREFIXED_CELL_END = re.compile(rb":c[\s>/]")
#: A reference as a cell's first attribute: its letters and its digits.
_FIRST_REFERENCE = re.compile(rb' r="([A-Z]{1,3})([0-9]{1,7})"')


@cache
def _unusual_cell(letters: int, digits: int) -> re.Pattern[bytes]:
    """A cell start tag whose first attribute is not a reference of at most `letters` letters and
    `digits` digits: no reference, one further down the tag, or a longer one. A roster has none
    once the bound fits its last column and row, so one search covers a chunk."""
    return re.compile(rb'<c(?:>| (?!r="[A-Z]{1,%d}[0-9]{1,%d}"))' % (letters, digits))


def _bound(letters: int, digits: int) -> int:
    """The largest rectangle references of at most so many letters and digits can span."""
    return (10**digits - 1) * _COLUMNS_BY_LETTERS[letters - 1]


def dense_by_bound(book: zipfile.ZipFile, member: str) -> bool:
    """True when counting alone proves the sheet dense enough, without placing every cell: a
    rectangle no larger than the longest references allow (3 row digits: 999 rows; 1 column
    letter: 26 columns) against the number of values (each holds a <v> or an <is>).

    One search per chunk finds the cells whose reference is longer than the bound so far (a
    roster has a handful: A1, A10, …, A100000) or missing; values are counted only until there are
    enough for any rectangle MAX_AREA allows. ~0.4 s for a roster of 100,000 people (~0.26 s of it
    decompressing), where `scan_extent` takes ~2 s. False (then scan properly) whenever a cell's
    reference is missing, not its first attribute or not a plain one, or the bound is too loose
    to decide, or a cell's tag has a namespace prefix (<x:c>, which calamine reads as <c>)."""
    values = 0
    letters, digits = 1, 1
    enough = -(-MAX_AREA // SPARSE_RATIO)  # from this many values on, only MAX_AREA limits the area
    for chunk in _chunks(book, member):
        if values < enough:
            values += chunk.count(b"<v>") + chunk.count(b"<is>")
        if _PREFIXED_CELL_END.search(chunk) and _PREFIXED_CELL.search(chunk):
            return False  # <x:c …>: calamine reads it as any other cell, this bound does not see it
        found = _unusual_cell(letters, digits).search(chunk)
        while found is not None:
            reference = _FIRST_REFERENCE.match(chunk, found.end() - 1)
            if reference is None:
                return False  # placed by counting, or not a reference we can bound
            letters, digits = max(letters, len(reference[1])), max(digits, len(reference[2]))
            if _bound(letters, digits) > MAX_AREA:
                return False
            found = _unusual_cell(letters, digits).search(chunk, reference.end())
    if not values:
        return False
    area = _bound(letters, digits)
    return area <= SPARSE_FLOOR or area <= SPARSE_RATIO * values


# ------------------------------------------------------------------------------------ deciding


def refuse_sparse_sheet(path: Path, sheet: str) -> None:
    """`check_sheet`, quicker for the dense sheets nearly every file holds (`dense_by_bound`)."""
    try:
        with zipfile.ZipFile(path) as book:
            member = sheet_parts(book).get(sheet)
            if member in book.NameToInfo and dense_by_bound(book, member):
                return
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError):
        pass  # check_sheet decides, and the reader's own checks give the message
    check_sheet(path, sheet)


def check_sheet(path: Path, sheet: str) -> Extent | None:
    """Refuse the .xlsx sheet if reading it would build a rectangle far larger than its cells.

    Returns the extent, or None when the file has no worksheet parts to judge (an .ods, or a
    package calamine will refuse by itself).
    """
    try:
        with zipfile.ZipFile(path) as book:
            parts = sheet_parts(book)
            if sheet in parts:
                members = [parts[sheet]]
            else:  # relationships we cannot follow: judge every worksheet part, to be safe
                members = [n for n in book.namelist() if "worksheets/" in n and n.endswith(".xml")]
            extents = [scan_extent(book, member) for member in members if member in book.NameToInfo]
    except (zipfile.BadZipFile, OSError, ValueError, expat.ExpatError, EOFError, RuntimeError):
        return None  # the reader's own checks give the message for a damaged file
    if not extents:
        return None
    worst = max(extents, key=lambda extent: extent.area)
    if worst.too_sparse():
        raise InputError(
            detail=f"无法读取文件“{path.name}”的工作表“{sheet}”：表格范围 {worst.range_text} 远大于其中的内容"
            f"（只有 {worst.cells:,} 个单元格有数据），读取会耗尽内存。请在 Excel/WPS 中删除多余的行和列"
            f"（或把有数据的部分复制到新工作表）后再导入"
        )
    return worst
