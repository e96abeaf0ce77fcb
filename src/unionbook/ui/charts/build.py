"""A `ChartData` (services/charts.py) drawn as a QChart: one look for the screen, print and documents.

One palette for every chart, so 会员 is the same blue on each and a series keeps its colour from
chart to chart. Chinese labels must not overlap: categories with long names (departments, aid
programs) are horizontal bars, names on the left where they have room; months and age bands stand
under vertical bars; the member trend draws joins and leaves as bars on the left axis and the
total as a line on its own right axis (230 members beside 10 joins would flatten the bars).
Values are printed on single-series bars (a printed chart has no hover), and on screen every
bar, slice and point says its value when the mouse is over it.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCharts import (
    QAbstractAxis,
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QHorizontalBarSeries,
    QHorizontalStackedBarSeries,
    QLineSeries,
    QPieSeries,
    QPieSlice,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QCursor, QFont, QPen
from PySide6.QtWidgets import QToolTip

from unionbook.services.charts import ChartData, ChartKind

#: The one palette (series i takes colour i): blue, orange, green, red, purple, teal, ochre, grey.
PALETTE: tuple[str, ...] = ("#2e75b6", "#ed7d31", "#4e9a52", "#c0504d", "#8064a2", "#2a9d8f", "#c9a227", "#7f7f7f")
#: Charts whose category names are long: bars lie down, names on the left.
HORIZONTAL: frozenset[str] = frozenset({"会员部门分布", "帮扶项目分布"})
TEXT = QColor("#333333")
GRID = QColor("#e3e3e3")


def colour(index: int) -> QColor:
    return QColor(PALETTE[index % len(PALETTE)])


def number_text(value: Decimal | float, unit: str) -> str:
    """ "1,234 人", "14,800 元", "1,569.92 万元" (元 without the fen: a chart shows sizes)."""
    if unit == "万元":
        return f"{float(value):,.2f} 万元"
    if unit == "元":
        return f"{float(value):,.0f} 元"
    return f"{int(value):,} {unit}"


#: From this many 元 a chart counts in 万元: "15699200" under a bar cannot be read at a glance.
WAN_FROM = 100_000


def shown_unit(data: ChartData) -> tuple[float, str]:
    """(divisor, unit) the chart is drawn in: 元 amounts of a large union in 万元."""
    largest = max((float(v) for s in data.series for v in s.values), default=0)
    if data.unit == "元" and largest >= WAN_FROM:
        return 10_000.0, "万元"
    return 1.0, data.unit


def _font(size: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSizeF(size)
    font.setBold(bold)
    return font


def _axis_style(axis: QAbstractAxis, size: float) -> None:
    axis.setLabelsFont(_font(size))
    axis.setLabelsColor(TEXT)
    axis.setGridLineColor(GRID)
    axis.setLinePenColor(GRID)


def _value_axis(low: float, high: float, size: float) -> QValueAxis:
    """An axis from `low` to a little above `high`, on round numbers (Qt's nice numbers), with
    whole-number labels: counts and 元 have no decimals worth showing on an axis. The unit is said
    in the chart's title."""
    axis = QValueAxis()
    axis.setRange(low, max(high * 1.12, low + 4))
    axis.setTickCount(5)
    axis.applyNiceNumbers()
    axis.setLabelFormat("%.0f")
    axis.setTitleFont(_font(size))
    _axis_style(axis, size)
    return axis


def _category_axis(names: list[str], size: float) -> QBarCategoryAxis:
    """Categories in full (never "生产…"); twelve months as 1…12 under the title 月份, which fit
    a narrow chart where "10月" side by side would not."""
    axis = QBarCategoryAxis()
    months = len(names) >= 12 and all(name.endswith("月") for name in names)
    axis.append([name.removesuffix("月") for name in names] if months else names)
    if months:
        axis.setTitleText("月份")
        axis.setTitleFont(_font(size))
    axis.setTruncateLabels(False)
    axis.setGridLineVisible(False)
    _axis_style(axis, size)
    return axis


def _tooltip(text: str) -> None:
    QToolTip.showText(QCursor.pos(), text)


def _bar_set(name: str, values: list[float], index: int, size: float) -> QBarSet:
    """One series of bars in the palette's colour `index`, its value labels in the text colour."""
    bar_set = QBarSet(name)
    bar_set.append(values)
    bar_set.setColor(colour(index))
    bar_set.setBorderColor(colour(index))
    bar_set.setLabelColor(TEXT)
    bar_set.setLabelFont(_font(size - 0.5))
    return bar_set


def _bars(data: ChartData, chart: QChart, size: float, values_shown: bool) -> None:
    horizontal = data.name in HORIZONTAL
    stacked = data.kind is ChartKind.STACKED
    series: QAbstractBarSeries
    if stacked:
        series = QHorizontalStackedBarSeries() if horizontal else QStackedBarSeries()
    else:
        series = QHorizontalBarSeries() if horizontal else QBarSeries()
    categories = list(data.categories)
    order = list(range(len(categories)))
    if horizontal:  # a category axis counts from the bottom: reversed, the first is on top
        categories.reverse()
        order.reverse()
    scale, unit = shown_unit(data)
    for index, item in enumerate(data.series):
        values = [float(item.values[i]) if scale == 1 else round(float(item.values[i]) / scale, 1) for i in order]
        series.append(_bar_set(item.name, values, index, size))
    crowded = not horizontal and len(categories) > 8  # values over twelve narrow bars collide
    if values_shown and len(data.series) == 1 and not stacked and not crowded:
        series.setLabelsVisible(True)
        series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.setLabelsFormat("@value")
        series.setLabelsPrecision(12 if scale == 1 else 6)
    series.setBarWidth(0.6 if len(data.series) == 1 else 0.75)
    names = data.categories

    def hovered(status: bool, index: int, bar_set: QBarSet) -> None:
        if status:
            category = names[order[index]]
            _tooltip(f"{category}　{bar_set.label()}：{number_text(bar_set.at(index), unit)}")

    series.hovered.connect(hovered)
    chart.addSeries(series)
    category_axis = _category_axis(categories, size)
    if stacked:
        maximum = max((sum(float(s.values[i]) for s in data.series) for i in range(len(names))), default=0)
    else:
        maximum = max((float(v) for s in data.series for v in s.values), default=0)
    maximum /= scale
    value_axis = _value_axis(0, maximum, size)
    category_side, value_side = (
        (Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignBottom)
        if horizontal
        else (Qt.AlignmentFlag.AlignBottom, Qt.AlignmentFlag.AlignLeft)
    )
    chart.addAxis(category_axis, category_side)
    chart.addAxis(value_axis, value_side)
    series.attachAxis(category_axis)
    series.attachAxis(value_axis)


def _trend(data: ChartData, chart: QChart, size: float, values_shown: bool) -> None:
    """The first series (the total) as a line on the right axis, the others as bars on the left."""
    total, *flows = data.series
    bars = QBarSeries()
    for index, item in enumerate(flows, start=1):
        bars.append(_bar_set(item.name, [float(v) for v in item.values], index, size))
    if values_shown:
        bars.setLabelsVisible(True)
        bars.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
    line = QLineSeries()
    line.setName(total.name)
    line.setPen(QPen(colour(0), 2.5))
    line.setPointsVisible(True)
    line.setPointLabelsVisible(values_shown)
    line.setPointLabelsFormat("@yPoint")
    line.setPointLabelsFont(_font(size - 0.5))
    line.setPointLabelsColor(colour(0))
    for index, value in enumerate(total.values):
        line.append(QPointF(index, float(value)))
    unit, names = data.unit, data.categories

    def bar_hovered(status: bool, index: int, bar_set: QBarSet) -> None:
        if status:
            _tooltip(f"{names[index]}　{bar_set.label()}：{number_text(bar_set.at(index), unit)}")

    def line_hovered(point: QPointF, state: bool) -> None:
        if state:
            index = max(0, min(len(names) - 1, round(point.x())))
            _tooltip(f"{names[index]}　{total.name}：{number_text(total.values[index], unit)}")

    bars.hovered.connect(bar_hovered)
    line.hovered.connect(line_hovered)
    chart.addSeries(bars)
    chart.addSeries(line)
    category_axis = _category_axis(list(names), size)
    chart.addAxis(category_axis, Qt.AlignmentFlag.AlignBottom)
    # The bars in the lower half, the line in the upper: the flows' axis runs to twice their
    # largest, the total's starts well below its lowest (it moves a few percent a year).
    flow_axis = _value_axis(0, 2 * max((float(v) for s in flows for v in s.values), default=0), size)
    chart.addAxis(flow_axis, Qt.AlignmentFlag.AlignLeft)
    total_values = [float(v) for v in total.values] or [0.0]
    low, high = min(total_values), max(total_values)
    span = max(high - low, 4.0)
    total_axis = _value_axis(max(0.0, low - 3 * span), high + 0.1 * span, size)
    total_axis.setTitleText(total.name)
    total_axis.setGridLineVisible(False)
    chart.addAxis(total_axis, Qt.AlignmentFlag.AlignRight)
    bars.attachAxis(category_axis)
    bars.attachAxis(flow_axis)
    line.attachAxis(category_axis)
    line.attachAxis(total_axis)


def _pie(data: ChartData, chart: QChart, size: float) -> None:
    series = QPieSeries()
    values = data.series[0].values
    whole = float(sum(values, start=0)) or 1.0
    for index, (name, value) in enumerate(zip(data.categories, values, strict=True)):
        if not value:
            continue
        share = f"{float(value) * 100 / whole:.1f}%"
        part = QPieSlice(f"{name} {number_text(value, data.unit)}（{share}）", float(value))
        part.setColor(colour(index))
        part.setBorderColor(QColor("white"))
        part.hovered.connect(lambda state, s=part: (s.setExploded(state), state and _tooltip(s.label())))
        series.append(part)
    series.setPieSize(0.8)
    series.setHoleSize(0.0)
    chart.addSeries(series)
    # The full names and numbers in the legend (beside the pie, where they have room); the
    # slices say only their share, inside, where no label can run off the card.
    for part in series.slices():
        legend_text = part.label()
        marker = chart.legend().markers(series)[series.slices().index(part)]
        marker.setLabel(legend_text)
        part.setLabel(legend_text.rsplit("（", 1)[1].rstrip("）"))
        part.setLabelVisible(True)
        part.setLabelPosition(QPieSlice.LabelPosition.LabelInsideHorizontal)
        part.setLabelColor(QColor("white"))
        part.setLabelFont(_font(size, bold=True))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.legend().setVisible(True)


def build_chart(data: ChartData, *, font_size: float = 9.0, values_shown: bool = True) -> QChart:
    """A QChart for `data`: titled, the one palette, legend below when there are several series.
    No animation: the same chart is painted to paper and to images."""
    chart = QChart()
    # The unit in the title, not on the axis: a one-character rotated axis title is cut to "…".
    chart.setTitle(data.title if data.kind is ChartKind.PIE else f"{data.title}（{shown_unit(data)[1]}）")
    chart.setTitleFont(_font(font_size + 1.5, bold=True))
    chart.setTitleBrush(QBrush(TEXT))
    chart.setBackgroundBrush(QBrush(QColor("white")))
    chart.setBackgroundRoundness(0)
    chart.setMargins(QMargins(6, 4, 6, 4))
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    legend = chart.legend()
    legend.setAlignment(Qt.AlignmentFlag.AlignBottom)
    legend.setFont(_font(font_size))
    legend.setLabelColor(TEXT)
    legend.setVisible(len(data.series) > 1)
    if data.kind is ChartKind.PIE:  # before the pie: it shows its own legend
        _pie(data, chart, font_size)
    elif data.kind is ChartKind.LINE:
        _trend(data, chart, font_size, values_shown)
    else:
        _bars(data, chart, font_size, values_shown)
    return chart
