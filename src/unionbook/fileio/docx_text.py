"""A Word document as text paragraphs, and rewriting spans of that text in place.

Making a template out of last year's summary must leave every character but the numbers as the
chair wrote them, with her runs, styles and tables. python-docx keeps all of that (it rewrites
only the XML it is asked to change) but shows a paragraph as runs, and Word splits runs wherever
formatting, spell-checking or editing history changed: "56" may be "5" + "6" in two runs. So a
paragraph is read here as one string with, for each character, the <w:t> it lives in; a span is
replaced by putting the new text into the first run of the span (keeping its formatting) and
taking the span's other characters out of the runs they were in.

Every paragraph of the body is read, those in tables (nested ones too) and text boxes included;
for a table cell, the text of the cells to its left and of its column's first row is kept as the
paragraph's `row` (a cell "7人" means something only beside "送温暖").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from unionbook.domain.errors import InputError
from unionbook.fileio.docx_render import check_docx_file
from unionbook.fileio.rendering import save_atomically

_P, _T, _TC, _TR, _TBL = qn("w:p"), qn("w:t"), qn("w:tc"), qn("w:tr"), qn("w:tbl")
_BREAKS = {qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n"}
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


@dataclass
class TextParagraph:
    """One paragraph's text, where it is, and which <w:t> holds each character."""

    text: str
    where: str  # "第3段", "表格1第2行第3列"
    row: str = ""  # for a table cell: the cells to its left and its column's heading
    _pieces: list[tuple[Any, int]] = field(default_factory=list, repr=False)  # char → (w:t, offset)


def _own(element: Any, paragraph: Any) -> bool:
    """Whether `element` belongs to `paragraph` itself, not to a paragraph nested in it (a text box)."""
    parent = element.getparent()
    while parent is not None and parent.tag != _P:
        parent = parent.getparent()
    return parent is paragraph


def _read(paragraph: Any) -> tuple[str, list[tuple[Any, int]]]:
    chars: list[str] = []
    pieces: list[tuple[Any, int]] = []
    for element in paragraph.iter(_T, *_BREAKS):
        if not _own(element, paragraph):
            continue
        if element.tag == _T:
            for offset, char in enumerate(element.text or ""):
                chars.append(char)
                pieces.append((element, offset))
        else:
            chars.append(_BREAKS[element.tag])
            pieces.append((None, 0))  # a tab or break: text, but nothing a replacement may touch
    return "".join(chars), pieces


def _cell_text(cell: Any) -> str:
    return "".join(t.text or "" for t in cell.iter(_T))


def _cell_place(paragraph: Any) -> tuple[Any, Any, Any] | None:
    """The (cell, row, table) of a paragraph inside a table, the innermost one; None outside."""
    cell = paragraph.getparent()
    while cell is not None and cell.tag != _TC:
        if cell.tag == _P:
            return None
        cell = cell.getparent()
    if cell is None:
        return None
    row = cell.getparent()
    return cell, row, row.getparent()


class DocxText:
    """A .docx read as paragraphs of text, to be changed span by span and saved."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self.paragraphs: list[TextParagraph] = []
        body = document.element.body
        tables = list(body.iter(_TBL))  # held, so that lxml keeps one proxy per table
        counter = 0
        for element in body.iter(_P):
            text, pieces = _read(element)
            place = _cell_place(element)
            if place is None:
                counter += 1
                self.paragraphs.append(TextParagraph(text, f"第{counter}段", "", pieces))
                continue
            cell, row, table = place
            cells = [c for c in row if c.tag == _TC]
            rows = [r for r in table if r.tag == _TR]
            column = cells.index(cell)
            left = [_cell_text(c) for c in cells[:column]]
            header_cells = [c for c in rows[0] if c.tag == _TC] if rows else []
            heading = _cell_text(header_cells[column]) if row is not rows[0] and column < len(header_cells) else ""
            where = f"表格{tables.index(table) + 1}第{rows.index(row) + 1}行第{column + 1}列"
            self.paragraphs.append(TextParagraph(text, where, " ".join([heading, *left]).strip(), pieces))

    @classmethod
    def open(cls, path: Path) -> DocxText:
        check_docx_file(path)
        try:
            return cls(Document(str(path)))
        except Exception as exc:  # python-docx raises several types for a damaged package
            raise InputError(detail=f"文件“{path.name}”已损坏，无法读取（{type(exc).__name__}）") from None

    @classmethod
    def from_lines(cls, lines: Iterable[str]) -> DocxText:
        """A new document, one paragraph per line, in the body font of official documents
        (仿宋 三号, as the built-in summaries): what pasted text or a .txt becomes."""
        document = Document()
        normal = document.styles["Normal"]
        normal.font.name = "仿宋_GB2312"
        normal.font.size = Pt(16)
        fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), "仿宋_GB2312")
        for line in lines:
            document.add_paragraph(line)
        return cls(document)

    def replace(self, index: int, spans: Iterable[tuple[int, int, str]]) -> None:
        """Replace text[start:end] of paragraph `index` by each new text; the spans must not overlap.

        The new text goes where the span's first character was, with that run's formatting. Give
        all of a paragraph's spans in one call: the character map is not updated afterwards (a
        DocxText is read, rewritten once, and saved).
        """
        paragraph = self.paragraphs[index]
        for start, end, new in sorted(spans, reverse=True):  # from the end: offsets stay valid
            covered = paragraph._pieces[start:end]
            if not covered or any(element is None for element, _ in covered):
                raise ValueError(f"span {start}:{end} of {paragraph.where} crosses a tab or a break")
            by_element: dict[int, tuple[Any, int, int]] = {}
            for element, offset in covered:
                first = by_element.get(id(element))
                by_element[id(element)] = (element, first[1] if first else offset, offset + 1)
            for n, (element, low, high) in enumerate(by_element.values()):
                text = element.text or ""
                element.text = text[:low] + (new if n == 0 else "") + text[high:]
                element.set(_SPACE, "preserve")

    def save(self, path: Path) -> Path:
        return save_atomically(Path(path), self.document.save)
