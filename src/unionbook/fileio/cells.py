"""The one way our code puts a value into a spreadsheet cell (OWASP formula injection).

openpyxl turns any string starting with "=" into a live formula on assignment, and Excel or WPS
re-reads text starting with = + - @ (or a tab or line break before them) as a formula when the
user edits the cell. A member imported as `=HYPERLINK("http://…","点我")` or `=cmd|' /C calc'!A0`
must come out as that text. So every writer — the roster and ledger exports, the upstream layout,
the sign-off sheet, the errors file, .xlsx templates — writes through `set_cell`:

- text is stored as a string, and text starting with one of those characters also gets Excel's
  quote prefix (DESIGN.md, Known traps): it stays text when edited, and shows exactly as typed,
  so an exported roster re-imports unchanged;
- numbers, negative numbers included, dates and booleans stay what they are; only text is
  neutralised;
- characters a worksheet cannot store (control characters) are dropped and text is cut at
  Excel's 32,767 characters per cell, so the file always opens without "repair".

No openpyxl import here: the module is imported by readers too, and openpyxl costs ~120 ms.
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any

#: First characters that make Excel/WPS treat typed text as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
MAX_CELL_TEXT = 32_767  # Excel's limit for one cell
# The characters openpyxl refuses (openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE).
_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
_CELL_TYPES = (int, float, Decimal, date, time, timedelta)  # bool is an int; datetime a date


def is_formula_like(text: str) -> bool:
    """Whether Excel/WPS would read this text as a formula when typed or edited."""
    return text.startswith(FORMULA_STARTS)


def safe_cell_value(value: Any) -> Any:
    """What a cell may hold for `value`: None, a number, a date or time, or plain text.

    Numbers (negative ones too), dates, times and booleans are returned unchanged; a str subclass
    (a StrEnum member) becomes its plain text, any other object its str(); text loses the
    characters a worksheet cannot store and is cut at 32,767 characters. Whether the text needs
    the quote prefix is `is_formula_like`; `set_cell` applies both.
    """
    if value is None or isinstance(value, _CELL_TYPES):
        return value
    text = str.__str__(value) if isinstance(value, str) else str(value)
    if not text.isprintable():
        text = _ILLEGAL.sub("", text)
    return text[:MAX_CELL_TEXT]


def set_cell(cell: Any, value: Any) -> Any:
    """Put `value` into the openpyxl cell (a worksheet cell or a WriteOnlyCell) safely; returns it."""
    value = safe_cell_value(value)
    cell.value = value
    if isinstance(value, str) and is_formula_like(value):
        cell.data_type = "s"  # openpyxl made it a formula on assignment
        cell.quotePrefix = True  # and Excel keeps it text when the user edits the cell
    return cell


def needs_cell(value: Any) -> bool:
    """False when a write-only sheet may take `value` as it is (much faster than a cell object):
    None, a number, or text that is neither formula-like nor in need of cleaning."""
    if value is None or type(value) in (int, float, bool):
        return False
    if type(value) is str:
        return is_formula_like(value) or len(value) > MAX_CELL_TEXT or not value.isprintable()
    return True
