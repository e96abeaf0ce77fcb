"""Reading .csv/.txt tables: UTF-8 (with or without BOM), else GB18030, never a lossy decode.

Excel's "Unicode 文本" (UTF-16 with a BOM) is read too. The delimiter is the candidate that splits
the first lines into the most rows of one consistent width, so semicolon- and tab-separated
exports open as well as comma-separated ones (DESIGN.md, Known traps).
"""

from __future__ import annotations

import csv
import io
import logging
from pathlib import Path

from unionbook.domain.errors import InputError
from unionbook.fileio.sheet_data import Sheet, is_blank, refuse, too_many_rows, trimmed

log = logging.getLogger(__name__)

_CSV_DELIMITERS = ",;\t|"
_SNIFF_CHARS = 64 * 1024


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


def read_csv(path: Path, max_rows: int) -> Sheet:
    """The file as one sheet named after it; refuses binary content and more than max_rows rows."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise refuse(path, f"读取失败（{exc.strerror or exc}）") from None
    text = _decode(path, data)
    del data
    if "\x00" in text:  # a binary file, or UTF-16 without its BOM; Python's csv would accept it
        raise refuse(path, "内容含有二进制字符，不是文本格式的表格（UTF-16 文本请另存为 UTF-8 的 CSV）")
    delimiter = _sniff_delimiter(text)
    rows: list[list[object]] = []
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
            if number > max_rows:
                if not all(is_blank(cell) for cell in row):
                    raise too_many_rows(path, path.stem, max_rows)
                continue
            rows.append(list(row))
    except csv.Error as exc:  # e.g. a field longer than csv.field_size_limit()
        log.info("csv could not parse %s: %r", path.name, exc)
        raise refuse(path, "内容不是有效的 CSV 表格（可能含有二进制内容或未闭合的引号）") from None
    return Sheet(name=path.stem, rows=trimmed(rows))
