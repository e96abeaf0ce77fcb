"""What every spreadsheet reader returns and the refusals they share.

A `Sheet` keeps its cells at their sheet positions — rows[0] is Excel row 1 and rows[r][0] is
column A — so messages can name the row the user sees. The refusals are InputErrors with one
Chinese sentence naming the file (and the sheet where there is one).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from unionbook.domain.errors import InputError


@dataclass(frozen=True)
class Sheet:
    """One sheet's cells: rows[0] is the sheet's row 1, all rows the same length."""

    name: str
    rows: list[list[object]]


def refuse(path: Path, what: str) -> InputError:
    return InputError(detail=f"无法读取文件“{path.name}”：{what}")


def too_many_rows(path: Path, sheet: str, max_rows: int) -> InputError:
    return InputError(detail=f"文件“{path.name}”的工作表“{sheet}”超过 {max_rows} 行，请拆分后分批导入")


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def trimmed(rows: list[list[object]]) -> list[list[object]]:
    """Drop trailing blank rows and columns and pad every row to the same length (in place)."""
    while rows and all(is_blank(cell) for cell in rows[-1]):
        rows.pop()
    width = max((len(row) for row in rows), default=0)
    while width and all(len(row) < width or is_blank(row[width - 1]) for row in rows):
        width -= 1
    for index, row in enumerate(rows):
        if len(row) > width:
            rows[index] = row[:width]
        elif len(row) < width:
            row.extend([""] * (width - len(row)))
    return rows

