"""The generic import engine: sheet → header row → column mapping → checked rows → plan.

Nothing here touches the database. A plan lists every accepted row with its values, every rejected
row with its reasons (naming sheet, row and column as the user sees them in Excel) and every
warning, so the wizard can preview it and the register's `apply` can write it in one transaction.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import chain, islice
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypedDict

from unionbook.domain.cells import (
    DatePrecision,
    PartialDate,
    clean_text,
    is_non_person_row,
    looks_like_float_mangled_id,
)
from unionbook.domain.errors import InputError, OperationCancelled, ValidationError
from unionbook.domain.idnumber import mask_id_number, mask_phone
from unionbook.fileio.sheet_data import is_blank
from unionbook.fileio.spreadsheet import Sheet, stream_sheet, write_rows
from unionbook.services.cycle_collection import no_cycle_collection
from unionbook.services.importing.cell_columns import PER_PERSON as _PER_PERSON
from unionbook.services.importing.cell_columns import convert_columns, new_memos, non_person_candidates, transpose
from unionbook.services.importing.row_values import Compactor, Layout
from unionbook.services.importing.spec import Kind, RegisterSpec

HEADER_SCAN_ROWS = 20
#: Rows read, converted and checked at a time: the sheet's cells never all exist as Python objects.
CHUNK_ROWS = 4096
ERRORS_COLUMN = "错误原因"
#: The errors workbook's second sheet: every warning of the import, beside the rejected rows.
WARNINGS_SHEET = "警告"
WARNINGS_HEADER = ["工作表", "行", "列", "警告"]
#: How an ID cell Excel had already turned into a number is written back (never as 18 digits that
#: look like a number a chair could "correct" by changing the check digit).
ID_DAMAGED_MARK = "（已被Excel改成数字，末几位已丢失）"


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: how Excel names the column."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


# A run of 11 or more digits (a trailing X too) in a message is an ID or phone number.
_LONG_NUMBER = re.compile(r"(?<![0-9])[0-9]{10,}[0-9Xx](?![0-9])")


def mask_long_numbers(text: str) -> str:
    """The text with every ID or phone number in it masked (440106********123X, 138****5678)."""
    return _LONG_NUMBER.sub(lambda m: mask_phone(m[0]) if len(m[0]) == 11 else mask_id_number(m[0]), text)


@dataclass(frozen=True)
class Problem:
    """A reason to reject a row, or a warning about it.

    The message never holds a full ID or phone number: messages go to the console, the log, the
    import history and the wizard's tables, and the sheet row and column already say where to look.
    """

    row: int  # the sheet row number as Excel shows it (1-based)
    column: str | None  # the header text of the column, as in the file
    message: str

    def __post_init__(self) -> None:
        if any(ch.isdigit() for ch in self.message):
            object.__setattr__(self, "message", mask_long_numbers(self.message))

    def text(self, sheet: str) -> str:
        where = f"工作表“{sheet}”第{self.row}行"
        if self.column:
            where += f"“{self.column}”列"
        return f"{where}：{self.message}"


#: What an accepted row keeps of its cells, warnings and date precisions when its register does
#: not need them (`keep_raw`): shared and unchangeable.
_NO_CELLS: list[Any] = []
_NO_WARNINGS: tuple[Problem, ...] = ()
_NO_PRECISION: Mapping[str, DatePrecision] = MappingProxyType({})


@dataclass(slots=True)
class ParsedRow:
    row: int
    #: The row's cells as read. An accepted row of a register that never looks at them again (the
    #: roster) drops them once its rules have run: 100,000 rows of 24 cells are ~120 MB.
    raw: list[Any]
    #: A dict while the rules run; in a plan made without `keep_raw` an accepted row's values are
    #: a read-only RowValues (row_values.py), a tenth of the dict's memory.
    values: dict[str, Any]
    warnings: list[Problem] = field(default_factory=list)
    #: Date fields the cell gave only as a month or a year ("1985.03", "1985"): {key: precision}.
    #: The value is then the first day of that month or year; rules compare at this precision.
    precision: dict[str, DatePrecision] = field(default_factory=dict)


@dataclass
class RejectedRow:
    row: int
    raw: list[Any]
    problems: list[Problem]


@dataclass(frozen=True)
class ColumnMapping:
    header_row: int  # 0-based index into Sheet.rows
    columns: dict[int, str]  # column index → Column.key
    unknown: list[str]  # header texts we do not understand (reported, ignored)


@dataclass
class ImportPlan:
    path: Path
    sheet: str
    sheets: list[str]
    mapping: ColumnMapping
    header: list[Any]
    spec: RegisterSpec
    accepted: list[ParsedRow] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)

    @property
    def warnings(self) -> list[Problem]:
        return [w for row in self.accepted for w in row.warnings]

    def header_text(self, index: int) -> str:
        return clean_text(self.header[index]) if index < len(self.header) else column_letter(index)

    def rejection_lines(self) -> list[str]:
        return [p.text(self.sheet) for r in self.rejected for p in r.problems]

    def warning_lines(self) -> list[str]:
        return [p.text(self.sheet) for p in self.warnings]

    @property
    def is_empty(self) -> bool:
        """The header was found but nothing under it is a person (or record): nothing to import."""
        return not self.accepted and not self.rejected

    def empty_message(self) -> str:
        what = "人员" if self.spec.name == "会员" else "记录"
        return (
            f"文件“{self.path.name}”的工作表“{self.sheet}”第{self.mapping.header_row + 1}行是表头，"
            f"但表头下面没有任何{what}，没有导入；请检查是否选对了工作表或表头行"
        )


#: Register-specific checks on a row after generic conversion: add problems (reject) or warnings.
RowRules = Callable[[ParsedRow, "RowContext"], list[Problem]]


@dataclass
class RowContext:
    """What row rules may consult: the plan so far (for in-file duplicates) and column names."""

    plan: ImportPlan
    spec: RegisterSpec
    state: dict[str, Any] = field(default_factory=dict)

    def header_for(self, key: str) -> str:
        """The file's own header text for a field (what the user sees), else our label."""
        headers = self.state.get("_headers")
        if headers is None:
            headers = {k: self.plan.header_text(i) for i, k in self.plan.mapping.columns.items()}
            self.state["_headers"] = headers
        return headers.get(key) or self.spec.column(key).label


@contextmanager
def invalid_as_problem(row: ParsedRow, problems: list[Problem]) -> Iterator[None]:
    """Run a register's own validation (the dialog's) on a row: a ValidationError it raises becomes
    one of the row's problems, naming the field as the service does, and rejects the row."""
    try:
        yield
    except ValidationError as exc:
        problems.append(Problem(row.row, exc.params["field"], exc.params["detail"]))


# --- header detection ------------------------------------------------------------------------


def map_columns(header: Sequence[Any], spec: RegisterSpec) -> tuple[dict[int, str], list[str]]:
    columns: dict[int, str] = {}
    unknown: list[str] = []
    taken: set[str] = set()
    for index, cell in enumerate(header):
        text = clean_text(cell)
        if not text or spec.is_ignored(text):
            continue
        column = spec.match_header(text)
        if column is None or column.key in taken:
            unknown.append(text)
            continue
        columns[index] = column.key
        taken.add(column.key)
    return columns, unknown


def detect_header(sheet: Sheet, spec: RegisterSpec, file_name: str) -> ColumnMapping:
    """The row among the first 20 that names the most of our columns (title rows, "填报单位"
    lines and merged cells above the header are common)."""
    best: ColumnMapping | None = None
    for index, row in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
        columns, unknown = map_columns(row, spec)
        if len(columns) < 2 or (spec.anchor_keys and not spec.anchor_keys & set(columns.values())):
            continue
        if best is None or len(columns) > len(best.columns):
            best = ColumnMapping(index, columns, unknown)
    if best is None:
        wanted = "、".join(spec.column(k).label for k in sorted(spec.anchor_keys)) or "已知列名"
        raise InputError(
            detail=f"文件“{file_name}”的工作表“{sheet.name}”前{HEADER_SCAN_ROWS}行中找不到表头"
            f"（需要包含“{wanted}”等列），请检查是否选对了工作表"
        )
    return best


def mapping_for_row(
    sheet: Sheet, spec: RegisterSpec, header_row: int, file_name: str, *, allow_empty: bool = False
) -> ColumnMapping:
    """The mapping when the user names the header row (1-based, as Excel shows it). `allow_empty`
    when the user maps the columns by hand (a header in words we do not know)."""
    if not 1 <= header_row <= len(sheet.rows):
        raise InputError(detail=f"文件“{file_name}”的工作表“{sheet.name}”没有第{header_row}行")
    columns, unknown = map_columns(sheet.rows[header_row - 1], spec)
    if not columns and not allow_empty:
        raise InputError(detail=f"文件“{file_name}”的工作表“{sheet.name}”第{header_row}行不是表头：没有认出任何列名")
    return ColumnMapping(header_row - 1, columns, unknown)


# --- planning --------------------------------------------------------------------------------


class PlanOptions(TypedDict, total=False):
    """What the CLI and the wizard pass to every register's plan (registers.Importer.plan), and on
    to `plan_import`."""

    sheet: str | None
    header_row: int | None
    overrides: dict[int, str | None] | None
    progress: Callable[[int, int], None] | None
    cancelled: Callable[[], bool] | None


def plan_import(
    path: Path,
    spec: RegisterSpec,
    rules: RowRules,
    *,
    sheet: str | None = None,
    header_row: int | None = None,
    overrides: dict[int, str | None] | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    keep_raw: bool = True,
    layout: Layout | None = None,
) -> ImportPlan:
    """Read the file and check every row; nothing is written anywhere.

    `header_row` (1-based) and `overrides` ({column index: key or None to ignore}) are the
    wizard's corrections to the automatic mapping. Cells are converted column by column
    (cell_columns.py), then each row is assembled and checked by `rules`. Accepted rows keep their
    cells (`raw`) unless `keep_raw` is False; rejected rows always do (the errors file). Without
    their cells, accepted rows keep their values in the `layout`'s order when one is given.
    """
    path = Path(path)
    with no_cycle_collection(), stream_sheet(path, sheet) as stream:
        head = list(islice(stream.rows, header_row or HEADER_SCAN_ROWS))
        data = Sheet(stream.name, head)
        mapping = (
            mapping_for_row(data, spec, header_row, path.name, allow_empty=bool(overrides))
            if header_row
            else detect_header(data, spec, path.name)
        )
        if overrides:
            columns = dict(mapping.columns)
            for index, key in overrides.items():
                if key is None:
                    columns.pop(index, None)
                else:
                    for other in [i for i, k in columns.items() if k == key]:
                        del columns[other]  # one sheet column per field
                    columns[index] = key
            mapping = ColumnMapping(mapping.header_row, columns, mapping.unknown)
        plan = ImportPlan(path, stream.name, stream.sheets, mapping, list(head[mapping.header_row]), spec)
        body = chain(head[mapping.header_row + 1 :], stream.rows)
        del head, data
        total = max(stream.height - mapping.header_row - 1, 0)
        compact = None if keep_raw else Compactor(layout)
        width = _check_rows(plan, body, total, rules, compact, progress, cancelled)
    # As read_sheet trims them: the header and the rejected rows' cells end at the last column
    # holding anything (what the errors file writes back).
    plan.header = (plan.header + [""] * width)[:width]
    for rejected in plan.rejected:
        del rejected.raw[width:]
    return plan


def _check_rows(
    plan: ImportPlan,
    body: Iterable[list[Any]],
    total: int,
    rules: RowRules,
    compact: Compactor | None,
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
) -> int:
    """Convert and check the body rows into `plan`, CHUNK_ROWS at a time (column by column within
    a chunk, cell_columns.py); returns the width of the sheet: its last column holding anything.
    `total` is how many body rows the sheet says it has, for progress; accepted rows drop their
    cells and keep compacted values when there is a `compact`."""
    spec, mapping = plan.spec, plan.mapping
    context = RowContext(plan, spec)
    mapped = sorted(mapping.columns.items())
    keys = [key for _index, key in mapped]
    specs = [(index, spec.column(key)) for index, key in mapped]
    headers = [plan.header_text(index) for index, _key in mapped]
    memos = new_memos(len(specs))
    width = len(keys)
    used = _used_width([(cell,) for cell in plan.header])
    offset = 0
    body = iter(body)
    accept = plan.accepted.append
    while chunk := list(islice(body, CHUNK_ROWS)):
        if cancelled is not None and cancelled():
            raise OperationCancelled()
        if progress is not None:
            progress(offset, max(total, offset + len(chunk)))
        by_column = transpose(chunk)
        used = max(used, _used_width(by_column, used))
        columns = convert_columns(by_column, len(chunk), specs, memos)
        unlikely_people = non_person_candidates(by_column)
        del by_column
        said, first_row = columns.said, mapping.header_row + 2 + offset
        for at, (raw, row_values) in enumerate(zip(chunk, zip(*columns.values, strict=True), strict=True)):
            noted = said.get(at, ())  # what conversion said of the row's cells: none of them was blank
            if not noted and row_values.count(None) == width:
                continue
            if at in unlikely_people and is_non_person_row(raw):
                continue
            row_number = first_row + at
            parsed = ParsedRow(row_number, raw, dict(zip(keys, row_values, strict=True)))
            problems: list[Problem] = []
            for position, (value, rejection, warning) in noted:
                if rejection:
                    problems.append(Problem(row_number, headers[position], rejection))
                if warning:
                    parsed.warnings.append(Problem(row_number, headers[position], warning))
                if isinstance(value, PartialDate):
                    parsed.precision[keys[position]] = value.precision
            if not problems:
                problems = rules(parsed, context)
            if problems:
                plan.rejected.append(RejectedRow(row_number, list(raw), problems))
            else:
                if compact is not None:
                    parsed.raw = _NO_CELLS
                    parsed.values = compact(parsed.values)  # type: ignore[assignment]
                    parsed.warnings = parsed.warnings or _NO_WARNINGS  # type: ignore[assignment]
                    parsed.precision = _NO_PRECISION  # type: ignore[assignment]
                accept(parsed)
        offset += len(chunk)
        del chunk, columns
    if progress is not None:
        progress(offset, offset)
    return used


def _used_width(columns: Sequence[Iterable[Any]], at_least: int = 0) -> int:
    """How many of `columns` (a chunk's cells, column by column) there are up to the last with a
    cell holding anything; the first `at_least` count as used without looking."""
    used = len(columns)
    while used > at_least and all(map(is_blank, columns[used - 1])):
        used -= 1
    return used


def id_cell_as_read(value: Any) -> Any:
    """An ID cell for the errors file, as the import read it.

    A number Excel has already rounded (an 18-digit ID typed into a General cell) is written as the
    15 digits Excel kept, marked as damaged: written out in full it would be an 18-digit number
    ending in zeros that looks like a typo in the check digit, and "fixing" that digit would make a
    valid number that belongs to somebody else. Text ("4.40101E+17" from a CSV) is kept as it was.
    """
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return value
    if not looks_like_float_mangled_id(value):
        return value
    # repr() of the float is the shortest text that reads back the same: the digits Excel stored.
    exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    kept = str(int(abs(exact)))[:15]
    return f"{kept}{ID_DAMAGED_MARK}"


def write_errors_file(plan: ImportPlan, target: Path, text_headers: set[str] | None = None) -> Path:
    """The rejected rows with their original cells and a reason column, ready to fix and re-import,
    and a second sheet (警告) with every warning of the import (sheet, row, column, message).
    Columns holding ID or phone numbers are written as text, so Excel cannot mangle them again."""
    header = [clean_text(h) or column_letter(i) for i, h in enumerate(plan.header)]
    text_headers = set(text_headers or ())
    id_indexes = set()
    for index, key in plan.mapping.columns.items():
        if plan.spec.column(key).kind in _PER_PERSON and index < len(header):
            text_headers.add(header[index])
        if plan.spec.column(key).kind is Kind.ID_NUMBER:
            id_indexes.add(index)
    rows = []
    for rejected in plan.rejected:
        cells = list(rejected.raw) + [None] * (len(header) - len(rejected.raw))
        for index in id_indexes:
            if index < len(cells):
                cells[index] = id_cell_as_read(cells[index])
        reasons = "；".join(
            (f"“{p.column}”列：" if p.column else "") + p.message for p in rejected.problems
        )
        rows.append([*cells[: len(header)], f"第{rejected.row}行 {reasons}"])
    sheets: list[tuple[str, list[str], list[list[object]]]] = [
        (f"{plan.sheet}-错误行"[:31], [*header, ERRORS_COLUMN], rows)
    ]
    warnings = plan.warnings
    if warnings:
        sheets.append(
            (WARNINGS_SHEET, WARNINGS_HEADER, [[plan.sheet, w.row, w.column or "", w.message] for w in warnings])
        )
    write_rows(Path(target), sheets, text_columns=text_headers)
    return Path(target)


def default_errors_path(source: Path) -> Path:
    return Path(source).with_name(f"{Path(source).stem}.错误行.xlsx")
