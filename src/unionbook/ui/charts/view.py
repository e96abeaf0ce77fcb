"""One chart on a page: the QChart in a view, and 导出图片… to save it as a PNG.

A view keeps its chart until the data changes (`show_data`); the year selector's change redraws
it with the new year's numbers. An empty chart says so in words rather than drawing empty axes.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCharts import QChartView
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPainter
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QStackedLayout, QVBoxLayout, QWidget

from unionbook.services.charts import ChartData
from unionbook.ui.charts.build import build_chart
from unionbook.ui.charts.images import paint
from unionbook.ui.i18n import translator

tr = translator("ChartPanel")


class ChartPanel(QFrame):
    """A card holding one chart, with a button to export it as a picture."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.name = name
        self.data: ChartData | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 4)
        layout.setSpacing(2)
        self.view = QChartView()
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setBackgroundBrush(QBrush(QColor("white")))
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        self.view.setMinimumHeight(250)
        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setObjectName("hint")
        self.stack = QStackedLayout()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty_label)
        layout.addLayout(self.stack, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.export_button = QPushButton(tr("导出图片…"))
        self.export_button.setFlat(True)
        self.export_button.setToolTip(tr("把这张图保存为 PNG 图片，可插入 Word、PPT"))
        self.export_button.clicked.connect(lambda: self.export())
        row.addWidget(self.export_button)
        layout.addLayout(row)

    def show_data(self, data: ChartData) -> None:
        self.data = data
        self.setToolTip(data.description)
        if data.empty:
            self.empty_label.setText(tr("{0}：本期没有数据").format(data.title))
            self.stack.setCurrentWidget(self.empty_label)
            self.export_button.setEnabled(False)
            return
        old = self.view.chart()
        self.view.setChart(build_chart(data))
        if old is not None:
            old.deleteLater()
        self.stack.setCurrentWidget(self.view)
        self.export_button.setEnabled(True)

    def export(self, target: Path | None = None) -> Path | None:
        """Save the chart as a PNG (asks where unless `target` is given)."""
        if self.data is None:
            return None
        # Imported here: the file dialogs' module brings the importers, which the overview's
        # first paint does not need.
        from unionbook.ui import register_io

        target = target or register_io.ask_save_path(
            self, tr("导出图片"), f"{self.data.title}.png", tr("PNG 图片 (*.png)"), ".png"
        )
        if target is None:
            return None
        paint(self.data).save(str(target), "PNG")
        return target
