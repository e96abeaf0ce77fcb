"""Converting a sheet's cells under their columns' kinds, one column at a time.

A roster of 100,000 people is 2.4 million cells, and most columns repeat themselves (departments,
学历, 是/否, dates): each distinct cell of a column is converted once and the column's values are
then looked up in one pass, instead of a conversion call per cell. Columns whose values differ for
every person (ID numbers, phones) are converted cell by cell in one pass each. What a conversion
said about a cell (a rejection, a warning, a date given only as a month or a year) is kept per row,
only for the rows it concerns, so a clean row costs one dict built from its column values.

Nothing here knows a register: engine.plan_import assembles rows from the columns and runs the
register's row rules on them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import zip_longest
from typing import Any

from unionbook.domain.cells import (
    DatePrecision,
    PartialDate,
    clean_text,
    may_be_non_person_cell,
    parse_bool,
    parse_partial_date,
)
from unionbook.domain.codelists import to_vocab
from unionbook.domain.money import yuan_to_fen
from unionbook.domain.phone import normalize_phone, phone_warning
from unionbook.services.importing.spec import Column, Kind, Unknown

_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
#: Kinds whose values differ for every person: memoising them would only fill memory.
PER_PERSON = frozenset({Kind.ID_NUMBER, Kind.PHONE})
#: Cell types a dict keys safely by value alone (1 == 1.0 == True would share a key).
_BY_VALUE = frozenset({str, date, datetime})
_NOT_NUMBERS = _BY_VALUE | {type(None)}

#: (value, rejection, warning) for one cell.
Converted = tuple[Any, str | None, str | None]


def is_blank(value: Any) -> bool:
    """Empty or only spaces (any kind, zero-width included). Cheaper than clean_text."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip().strip(_ZERO_WIDTH)
    return False


def convert(column: Column, raw: Any) -> Converted:
    """(value, rejection, warning) for one non-blank cell under its column's kind."""
    try:
        match column.kind:
            case Kind.DATE:
                parsed = parse_partial_date(raw, allow_year=column.allow_year)
                if parsed is None or parsed.precision is DatePrecision.DAY:
                    return (parsed.value if parsed else None), None, None
                return parsed, None, None  # the row records the precision
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


def _noted(result: Converted | None) -> bool:
    """Whether the row must hear about this cell: a rejection, a warning, a date given only as a
    month or a year, or a cell that is not blank but stores nothing (a masked phone): such a row
    is not an empty one."""
    if result is None:
        return False
    return result[1] is not None or result[2] is not None or result[0] is None or isinstance(result[0], PartialDate)


def _value(result: Converted | None) -> Any:
    """The value a conversion stores (the first day of a date given as a month or a year)."""
    if result is None:
        return None
    return result[0].value if isinstance(result[0], PartialDate) else result[0]


@dataclass
class Columns:
    """The mapped columns of a sheet's body, converted: `values[c][offset]` is the value of column c
    in body row `offset` (None when blank or dropped; a date given as a month or a year is its
    first day); `said[offset]` lists what conversion said about that row's cells as (column
    position, result) for the rows concerned: rejections, warnings, such dates' precision and
    non-blank cells that store nothing (`_noted`)."""

    values: list[list[Any]] = field(default_factory=list)
    said: dict[int, list[tuple[int, Converted]]] = field(default_factory=dict)


def transpose(body: Sequence[Sequence[Any]]) -> list[Sequence[Any]]:
    """The body's cells column by column (a short row's missing cells are None)."""
    return list(zip_longest(*body))


#: What a column's distinct cells converted to, kept from one chunk of rows to the next: the value
#: stored and, when the row must hear about the cell (`_noted`), the conversion's whole result.
Memo = dict[Any, tuple[Any, Converted | None]]
#: A column whose cells keep being new (names, 备注) stops being remembered at this many: its
#: memo would only hold every cell of the sheet alive.
MEMO_LIMIT = 20_000


def convert_columns(
    by_column: Sequence[Sequence[Any]],
    rows: int,
    columns: Sequence[tuple[int, Column]],
    memos: list[Memo] | None = None,
) -> Columns:
    """Convert the cells under `columns` ((sheet column index, spec column)) of the `rows` body
    rows, given column by column (`transpose`). A sheet read in chunks passes the same `memos`
    (one per column, `new_memos`) with every chunk, so a department is converted once per sheet."""
    result = Columns()
    if memos is None:
        memos = new_memos(len(columns))
    for position, (index, column) in enumerate(columns):
        cells = by_column[index] if index < len(by_column) else (None,) * rows
        distinct = None if column.kind in PER_PERSON else set(cells)
        if distinct is None or not _keyable(cells, distinct):
            values = _cell_by_cell(cells, column, position, result.said)
            result.values.append(values)
            continue
        if column.kind is Kind.TEXT and len(distinct) * 2 > len(cells):
            values = _text_cell_by_cell(cells, position, result.said)  # names, card numbers: rarely repeated
        else:
            values = _by_distinct_cell(cells, distinct, column, position, result.said, memos[position])
        result.values.append(values)
    return result


def new_memos(count: int) -> list[Memo]:
    return [{} for _ in range(count)]


def _keyable(cells: Sequence[Any], distinct: set[Any]) -> bool:
    """Whether a dict keyed by the cells themselves keeps every distinct cell apart: not when a
    column mixes numbers and booleans (1, 1.0 and True are one key). The cells' `distinct` set
    answers for a column without numbers (no text, date or None equals a number, so a numeric
    cell always leaves one behind); only a column with some looks at every cell's type."""
    if set(map(type, distinct)) <= _NOT_NUMBERS:
        return True
    numeric = set(map(type, cells)) - _NOT_NUMBERS
    return len(numeric) <= 1


def _by_distinct_cell(
    cells: Sequence[Any],
    distinct: set[Any],
    column: Column,
    position: int,
    said: dict[int, list[tuple[int, Converted]]],
    memo: Memo,
) -> list[Any]:
    stored: dict[Any, Any] = {}
    noted: dict[Any, Converted] = {}
    if len(memo) > MEMO_LIMIT:
        memo.clear()
    for cell in distinct:
        # 1, 1.0 and True are one dict key, and chunks may differ in which they hold.
        key = cell if type(cell) in _BY_VALUE else (type(cell), cell)
        known = memo.get(key)
        if known is None:
            if is_blank(cell):
                known = memo[key] = (None, None)
            else:
                result = convert(column, cell)
                known = memo[key] = (_value(result), result if _noted(result) else None)
        stored[cell] = known[0]
        if known[1] is not None:
            noted[cell] = known[1]
    values = list(map(stored.__getitem__, cells))
    if noted:
        for offset, cell in enumerate(cells):
            if cell in noted:
                said.setdefault(offset, []).append((position, noted[cell]))
    return values


def _text_cell_by_cell(cells: Sequence[Any], position: int, said: dict[int, list[tuple[int, Converted]]]) -> list[Any]:
    """A text column's cells when nearly each is new (names, card numbers): what `convert` makes
    of them, without a memo that would only grow."""
    values = [clean_text(cell) or None for cell in cells]  # a blank cell's text is "" too
    for offset, value in enumerate(values):
        if value is None and not is_blank(cells[offset]):  # not blank, yet nothing left: not an empty row
            said.setdefault(offset, []).append((position, (None, None, None)))
    return values


#: A mobile number normalize_phone keeps as it is and phone_warning has nothing to say about.
_PLAIN_MOBILE = re.compile(r"1[3-9][0-9]{9}", re.ASCII)


def _cell_by_cell(
    cells: Sequence[Any], column: Column, position: int, said: dict[int, list[tuple[int, Converted]]]
) -> list[Any]:
    if column.kind is Kind.ID_NUMBER:  # checked by the register's rules, which know the ID type
        return [None if is_blank(cell) else cell for cell in cells]
    values: list[Any] = []
    append = values.append
    plain = _PLAIN_MOBILE.fullmatch if column.kind is Kind.PHONE else None
    for offset, cell in enumerate(cells):
        if plain is not None and type(cell) is str and plain(cell):
            append(cell)  # nearly every phone: what convert would make of it
            continue
        if is_blank(cell):
            append(None)
            continue
        res = convert(column, cell)
        append(_value(res))
        if _noted(res):
            said.setdefault(offset, []).append((position, res))
    return values


def non_person_candidates(by_column: Sequence[Sequence[Any]]) -> set[int]:
    """The body rows (given column by column) that may be a totals or signature line: those with a
    cell that `may_be_non_person_cell` (judged once per distinct cell of each column). Every other
    row is a person's, without looking at it again."""
    found: set[int] = set()
    for cells in by_column:
        suspects = {cell for cell in set(cells) if type(cell) is str and may_be_non_person_cell(cell)}
        if suspects:
            found.update(offset for offset, cell in enumerate(cells) if cell in suspects)
    return found
