"""总览 on one A4 page, for the union committee's meeting: the cards, 待办 and six charts.

The page is painted in a logical coordinate system 1,000 units wide (the printable width of A4
portrait with 15 mm margins, 180 mm), so the layout is the same on paper, in a PDF and in the
preview whatever the printer's resolution. Text uses pixel sizes in those units; the charts are the
screen's QCharts (ui/charts/build.py) painted into their boxes.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget

from unionbook.services.charts import ChartData
from unionbook.services.overview import Overview
from unionbook.ui.charts.images import paint_into
from unionbook.ui.pages.overview_cards import CARDS, card_texts
from unionbook.ui.printing import a4_portrait_printer, preview_dialog

WIDTH = 1000.0
#: The charts on paper, two a row (帮扶月度发放 stays on screen: six fit the page).
PRINTED_CHARTS = ("会员五年趋势", "会员年龄结构", "会员性别结构", "会员部门分布", "帮扶项目分布", "活动月度分类")
MAX_TODO_LINES = 8
TEXT = QColor("#222222")
GREY = QColor("#666666")
ORANGE = QColor("#b9770e")


def _font(pixels: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(max(1, round(pixels)))
    font.setBold(bold)
    return font


def paint_overview(painter: QPainter, page: QRectF, union_name: str, overview: Overview, printed_on: date) -> None:
    """Paint the overview into `page` (device coordinates) of a portrait A4."""
    scale = page.width() / WIDTH
    height = page.height() / scale
    painter.save()
    painter.translate(page.topLeft())
    painter.scale(scale, scale)
    year = overview.period.end.year

    painter.setPen(TEXT)
    painter.setFont(_font(26, bold=True))
    painter.drawText(QRectF(0, 0, WIDTH, 36), Qt.AlignmentFlag.AlignCenter, f"{union_name}{year}年工作总览")
    painter.setFont(_font(13))
    painter.setPen(GREY)
    painter.drawText(
        QRectF(0, 38, WIDTH, 20),
        Qt.AlignmentFlag.AlignCenter,
        f"统计期间：{year}年1月1日至12月31日　与{year - 1}年比较",
    )

    # Cards: four, then three, a row.
    y = 68.0
    card_w, card_h, gap = (WIDTH - 3 * 10) / 4, 74.0, 10.0
    for index, spec in enumerate(CARDS):
        row, column = divmod(index, 4)
        box = QRectF(column * (card_w + gap), y + row * (card_h + gap), card_w, card_h)
        when, value, change = card_texts(spec, overview.figures, year)
        painter.setPen(QPen(QColor("#c8cdd2"), 1))
        painter.drawRoundedRect(box, 4, 4)
        painter.setPen(GREY)
        painter.setFont(_font(12))
        painter.drawText(box.adjusted(10, 6, -10, 0), Qt.AlignmentFlag.AlignLeft, f"{spec.title}（{when}）")
        painter.setPen(QColor("#c0392b"))
        painter.setFont(_font(24, bold=True))
        painter.drawText(box.adjusted(10, 22, -10, 0), Qt.AlignmentFlag.AlignLeft, value)
        painter.setPen(GREY)
        painter.setFont(_font(11))
        painter.drawText(box.adjusted(10, 54, -10, 0), Qt.AlignmentFlag.AlignLeft, change)
    y += 2 * card_h + gap + 14

    # 待办
    painter.setPen(TEXT)
    painter.setFont(_font(15, bold=True))
    items = overview.todo
    painter.drawText(
        QRectF(0, y, WIDTH, 22), Qt.AlignmentFlag.AlignLeft, f"待办（{len(items)}项）" if items else "待办：无"
    )
    y += 24
    painter.setFont(_font(12))
    shown = items[:MAX_TODO_LINES]
    for item in shown:
        painter.setPen(ORANGE if item.urgent else QColor("#2e75b6"))
        painter.drawText(QRectF(0, y, 16, 18), Qt.AlignmentFlag.AlignLeft, "●")
        painter.setPen(TEXT)
        painter.drawText(QRectF(16, y, WIDTH - 16, 18), Qt.AlignmentFlag.AlignLeft, item.text)
        y += 18
    if len(items) > len(shown):
        painter.setPen(GREY)
        painter.drawText(
            QRectF(16, y, WIDTH, 18), Qt.AlignmentFlag.AlignLeft, f"另有{len(items) - len(shown)}项，见软件“总览”页"
        )
        y += 18
    y += 8

    # Charts, two a row, in what is left above the footer.
    footer = 20.0
    rows = (len(PRINTED_CHARTS) + 1) // 2
    chart_h = (height - y - footer - (rows - 1) * 8) / rows
    chart_w = (WIDTH - 10) / 2
    for index, name in enumerate(PRINTED_CHARTS):
        row, column = divmod(index, 2)
        box = QRectF(column * (chart_w + 10), y + row * (chart_h + 8), chart_w, chart_h)
        _paint_chart(painter, overview.charts[name], box)

    painter.setPen(GREY)
    painter.setFont(_font(10))
    painter.drawText(
        QRectF(0, height - 14, WIDTH, 14),
        Qt.AlignmentFlag.AlignRight,
        f"打印日期：{printed_on.year}年{printed_on.month}月{printed_on.day}日",
    )
    painter.restore()


def _paint_chart(painter: QPainter, data: ChartData, box: QRectF) -> None:
    """One chart in `box`: laid out 420 units wide in the box's proportions (its fonts read at
    about 8 pt on paper), scaled into it."""
    painter.setPen(QPen(QColor("#c8cdd2"), 1))
    painter.drawRect(box)
    if data.empty:
        painter.setPen(GREY)
        painter.setFont(_font(12))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, f"{data.title}：本期没有数据")
        return
    paint_into(painter, data, box.adjusted(1, 1, -1, -1), QSizeF(420, 420 * box.height() / box.width()))


def render_overview(printer: QPrinter, union_name: str, overview: Overview, printed_on: date | None = None) -> None:
    painter = QPainter(printer)
    page = printer.pageLayout().paintRectPixels(printer.resolution())
    paint_overview(painter, QRectF(0, 0, page.width(), page.height()), union_name, overview, printed_on or date.today())
    painter.end()


def open_preview(parent: QWidget, union_name: str, overview: Overview) -> object:
    printer = a4_portrait_printer()
    dialog = preview_dialog(
        parent, printer, "打印总览", (900, 1000), lambda p: render_overview(p, union_name, overview)
    )
    dialog.printer = printer  # type: ignore[attr-defined]  # kept alive while the preview shows
    dialog.open()
    return dialog
