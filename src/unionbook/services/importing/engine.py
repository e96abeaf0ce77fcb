"""The generic import engine: sheet → header row → column mapping → checked rows → plan.

Nothing here touches the database. A plan lists every accepted row with its values, every rejected
row with its reasons (naming sheet, row and column as the user sees them in Excel) and every
warning, so the wizard can preview it and the register's `apply` can write it in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from unionbook.domain.cells import (
    clean_text,
    is_non_person_row,
    parse_bool,
    parse_date,
)
from unionbook.domain.codelists import to_vocab
from unionbook.domain.errors import InputError, OperationCancelled
from unionbook.domain.money import yuan_to_fen
from unionbook.domain.phone import normalize_phone, phone_warning
from unionbook.fileio.spreadsheet import Sheet, list_sheets, read_sheet, write_rows
from unionbook.services.importing.spec import Column, Kind, RegisterSpec, Unknown

HEADER_SCAN_ROWS = 20
ERRORS_COLUMN = "错误原因"


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: how Excel names the column."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass(frozen=True)
class Problem:
    """A reason to reject a row, or a warning about it."""

    row: int  # the sheet row number as Excel shows it (1-based)
    column: str | None  # the header text of the column, as in the file
    message: str

    def text(self, sheet: str) -> str:
        where = f"工作表“{sheet}”第{self.row}行"
        if self.column:
            where += f"“{self.column}”列"
        return f"{where}：{self.message}"


@dataclass
class ParsedRow:
    row: int
    raw: list[Any]
    values: dict[str, Any]
    warnings: list[Problem] = field(default_factory=list)


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


# --- cell conversion ------------------------------------------------------------------------


_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"


def _is_blank(value: Any) -> bool:
    """Empty or only spaces (any kind, zero-width included). Cheaper than clean_text: it runs on
    every cell of every row."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip().strip(_ZERO_WIDTH)
    return False


#: Kinds whose values differ for every person: memoising them would only fill memory.
_PER_PERSON = frozenset({Kind.ID_NUMBER, Kind.PHONE})


def convert(column: Column, raw: Any) -> tuple[Any, str | None, str | None]:
    """(value, rejection, warning) for one non-blank cell under its column's kind."""
    try:
        match column.kind:
            case Kind.DATE:
                return parse_date(raw), None, None
            case Kind.BOOL:
                try:
                    return parse_bool(raw), None, None
                except ValueError:
                    return None, None, f"“{clean_text(raw)}”应为“是”或“否”，已忽略"
            case Kind.INT:
                number = float(clean_text(raw)) if isinstance(raw, str) else float(raw)
                if number != int(number) or number < 0:
                    return None, f"“{clean_text(raw)}”应为非负整数", None
                return int(number), None, None
            case Kind.MONEY:
                return yuan_to_fen(raw if not isinstance(raw, str) else clean_text(raw)), None, None
            case Kind.PHONE:
                text = clean_text(raw)
                if "*" in text:  # masked by our own export: says nothing about the real number
                    return None, None, None
                return normalize_phone(text), None, phone_warning(text)
            case Kind.CHOICE:
                text = clean_text(raw)
                assert column.vocab is not None
                label = to_vocab(column.vocab, text)
                if label is not None:
                    return label, None, None
                allowed = "、".join(v.value for v in column.vocab)
                if column.unknown is Unknown.REJECT:
                    return None, f"“{text}”不是可选值（可选：{allowed}）", None
                if column.unknown is Unknown.DROP:
                    return None, None, f"“{text}”无法识别（可选：{allowed}），已忽略"
                return text, None, f"“{text}”不在代码表中（{allowed}），按原样保存"
            case Kind.ID_NUMBER:
                return raw, None, None  # the register's rules check it: they know the ID type
            case _:
                return clean_text(raw) or None, None, None
    except (ValueError, ArithmeticError) as exc:
        return None, str(exc) or f"无法识别“{clean_text(raw)}”", None


# --- planning --------------------------------------------------------------------------------


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
) -> ImportPlan:
    """Read the file and check every row; nothing is written anywhere.

    `header_row` (1-based) and `overrides` ({column index: key or None to ignore}) are the
    wizard's corrections to the automatic mapping.
    """
    path = Path(path)
    sheets = list_sheets(path)
    data = read_sheet(path, sheet)
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
    plan = ImportPlan(path, data.name, sheets, mapping, list(data.rows[mapping.header_row]), spec)
    context = RowContext(plan, spec)
    body = data.rows[mapping.header_row + 1 :]
    total = len(body)
    mapped_columns = [(index, spec.column(key), plan.header_text(index)) for index, key in sorted(mapping.columns.items())]
    # Rosters repeat themselves (departments, 学历, 是/否, dates): convert each distinct cell once.
    memo: dict[tuple[str, type, Any], tuple[Any, str | None, str | None]] = {}
    for offset, raw in enumerate(body):
        if offset % 2000 == 0:
            if cancelled is not None and cancelled():
                raise OperationCancelled()
            if progress is not None:
                progress(offset, total)
        row_number = mapping.header_row + 2 + offset
        cells = [raw[i] if i < len(raw) else None for i, _, _ in mapped_columns]
        blank = [_is_blank(c) for c in cells]
        if all(blank) or is_non_person_row(raw):
            continue
        parsed = ParsedRow(row_number, list(raw), {})
        problems: list[Problem] = []
        for (_index, column, header), cell, empty in zip(mapped_columns, cells, blank, strict=True):
            if empty:
                parsed.values[column.key] = None
                continue
            if column.kind in _PER_PERSON:
                value, rejection, warning = convert(column, cell)
            else:
                key = (column.key, type(cell), cell)  # the type too: 1 == 1.0 == True in a dict
                found = memo.get(key)
                if found is None:
                    found = memo[key] = convert(column, cell)
                value, rejection, warning = found
            if rejection:
                problems.append(Problem(row_number, header, rejection))
            if warning:
                parsed.warnings.append(Problem(row_number, header, warning))
            parsed.values[column.key] = value
        if not problems:
            problems = rules(parsed, context)
        if problems:
            plan.rejected.append(RejectedRow(row_number, list(raw), problems))
        else:
            plan.accepted.append(parsed)
    if progress is not None:
        progress(total, total)
    return plan


def write_errors_file(plan: ImportPlan, target: Path, text_headers: set[str] | None = None) -> Path:
    """The rejected rows with their original cells and a reason column, ready to fix and re-import.
    Columns holding ID or phone numbers are written as text, so Excel cannot mangle them again."""
    header = [clean_text(h) or column_letter(i) for i, h in enumerate(plan.header)]
    text_headers = set(text_headers or ())
    for index, key in plan.mapping.columns.items():
        if plan.spec.column(key).kind in _PER_PERSON and index < len(header):
            text_headers.add(header[index])
    rows = []
    for rejected in plan.rejected:
        cells = list(rejected.raw) + [None] * (len(header) - len(rejected.raw))
        reasons = "；".join(
            (f"“{p.column}”列：" if p.column else "") + p.message for p in rejected.problems
        )
        rows.append([*cells[: len(header)], f"第{rejected.row}行 {reasons}"])
    write_rows(
        Path(target),
        [(f"{plan.sheet}-错误行"[:31], [*header, ERRORS_COLUMN], rows)],
        text_columns=text_headers,
    )
    return Path(target)


def default_errors_path(source: Path) -> Path:
    return Path(source).with_name(f"{Path(source).stem}.错误行.xlsx")
