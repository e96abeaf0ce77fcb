"""The 发放签收表 on paper: the sheet services/signoff.py collects, painted with QPainter.

Like the other printed registers (ui/printing.py explains why painting): a signature needs a tall
row, the header repeats on each page, and the totals and signature lines must stay together on the
last page. What the sheet says — its title, 合计, the 大写 or goods-only line, the signature line —
comes from `SignoffSheet`, the same object the .xlsx is written from, so paper and file agree.
"""

from __future__ import annotations

from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QPainter, QPen
from PySide6.QtPrintSupport import QPrinter

from unionbook.services.signoff import SIGNOFF_HEADER, SignoffSheet
from unionbook.ui.printing import Ledger, TableLayout, TableStyle, cell_text, render_table

#: The sheet's columns (headings as in the .xlsx) with their relative widths and alignments on paper.
#: 序号 is wide enough for "300" (at 5 it printed "…" from the 100th line on, and the number is how a
#: signed sheet is checked).
_C, _R = Qt.AlignmentFlag.AlignCenter, Qt.AlignmentFlag.AlignRight
SIGNOFF_COLUMNS = tuple(zip(SIGNOFF_HEADER, (6, 10, 14, 21, 11, 14, 15), (_C, _C, _C, _C, _R, _C, _C), strict=True))

#: Rows tall enough to sign in (9 mm), long cells cut with "…"; room on the last page for the
#: 合计 row, the 大写 row, a gap and the 经办人/审批人/日期 line.
SIGNOFF_STYLE = TableStyle(
    SIGNOFF_COLUMNS,
    title_size=15,
    small_size=10,
    body_size=10.5,
    title_factor=1.8,
    row_height_mm=9,
    header_factor=1.8,
    tail_rows=2,
    tail_gap=3.5,
)


def render_signoff(printer: QPrinter, sheet: SignoffSheet) -> int:
    """Paint the sign-off sheet onto `printer` (a printer, a PDF or the preview); returns pages."""
    cells = [
        (str(n), line.name, line.department, line.id_number, f"{line.amount_yuan:,.2f}", line.goods, "")
        for n, line in enumerate(sheet.lines, start=1)
    ]
    return render_table(
        printer, Ledger(sheet.title, sheet.subtitle, cells), SIGNOFF_STYLE, lambda p, lay, y: _paint_tail(p, lay, y, sheet)
    )


def _paint_tail(painter: QPainter, layout: TableLayout, top: float, sheet: SignoffSheet) -> None:
    """合计 in figures, the 大写 (or goods-only) line, then 经办人 / 审批人 / 日期, as the .xlsx has them."""
    width = sum(layout.widths)
    edges = [0.0]
    for column_width in layout.widths:
        edges.append(edges[-1] + column_width)
    h = layout.row_height
    painter.setPen(QPen(Qt.GlobalColor.black, layout.pen_width))
    painter.setFont(layout.head_font)
    # 合计 row: label across 序号…身份证号, the amount under 金额, the head count under 实物.
    cell_text(painter, layout, QRectF(edges[0], top, edges[4] - edges[0], h), "合计", Qt.AlignmentFlag.AlignCenter)
    cell_text(painter, layout, QRectF(edges[4], top, edges[5] - edges[4], h), f"{sheet.total:,.2f}",
              Qt.AlignmentFlag.AlignRight)  # fmt: skip
    cell_text(painter, layout, QRectF(edges[5], top, edges[6] - edges[5], h), sheet.count_text, Qt.AlignmentFlag.AlignCenter)
    painter.setFont(layout.body_font)
    cell_text(painter, layout, QRectF(0, top + h, width, h), sheet.total_line, Qt.AlignmentFlag.AlignLeft)
    bottom = top + 2 * h
    for y in (top, top + h, bottom):
        painter.drawLine(QLineF(0, y, width, y))
    for x in (edges[0], edges[4], edges[5], edges[6], edges[7]):
        painter.drawLine(QLineF(x, top, x, top + h))
    painter.drawLine(QLineF(0, top + h, 0, bottom))
    painter.drawLine(QLineF(width, top + h, width, bottom))
    sign_y = bottom + layout.body_metrics.height() * 1.5
    sign_h = layout.body_metrics.height() * 1.5
    for (x0, x1), text in zip(((edges[0], edges[3]), (edges[3], edges[5]), (edges[5], edges[7])), sheet.signatures, strict=True):
        painter.drawText(QRectF(x0 + layout.padding, sign_y, x1 - x0, sign_h),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text)  # fmt: skip
