"""将用到的数字: the figures the selected template prints, this period against last year's.

The chair checks them here, before generating, so a wrong figure is caught on screen rather than
in the printed summary. The values are `services.document_plan.preview_figures`, computed by the
same call `render` makes, so table and document cannot disagree.

They are computed off the GUI thread through ui/tasks.py (at 100,000 members both years take
~0.6 s). The work reports no progress, and a QProgressDialog shows itself only once a value is set,
so no modal dialog comes in front of the template list for a preview (what the page's own quiet
QRunnable used to ensure); should tasks.py start showing its dialog for such work, a slow preview
gets one with 取消 after 300 ms. Meanwhile the table keeps its rows and greys the values after
200 ms, and each period's answer is kept until the records change, so going back to a period
shows it at once. A period edit waits for a pause first: date edits change on every keystroke.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QLabel, QTableWidget, QTableWidgetItem, QWidget

from unionbook.domain.errors import UnionbookError
from unionbook.services.database import Database
from unionbook.services.document_plan import FigurePreview, other_variables, preview_figures, used_figures
from unionbook.services.figures import Period, figure_by_name
from unionbook.services.templates import TemplateInfo
from unionbook.ui.pages.documents.common import MISSING, caption, panel_column, tr
from unionbook.ui.tasks import BackgroundTask, run_in_background

log = logging.getLogger(__name__)

#: The table says "正在统计……" only when the answer takes longer than this (ms).
SLOW_FIGURES_MS = 200
#: Date edits change on every keystroke: wait for a pause before asking for the figures.
PERIOD_SETTLE_MS = 120
_VALUE_COLUMNS = (1, 2, 3)


class FiguresPanel(QWidget):
    """Rows for the template's figures (`show_template`), values for the period (`show_period`)."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._template: TemplateInfo | None = None
        self._period: Period | None = None
        self._previews: dict[Period, FigurePreview] = {}  # dropped on refresh()
        self._request = 0
        self._pending: Period | None = None
        self._tasks: set[BackgroundTask] = set()

        column = panel_column(self, spacing=6)
        head = QHBoxLayout()
        head.addWidget(caption(tr("将用到的数字")))
        self.status = QLabel()
        self.status.setObjectName("hint")
        head.addWidget(self.status, 1)
        column.addLayout(head)
        self.table = _figures_table(self)
        column.addWidget(self.table, 1)
        self.others_label = QLabel()
        self.others_label.setObjectName("hint")
        self.others_label.setWordWrap(True)
        column.addWidget(self.others_label)

        self._slow_timer = _single_shot(self, SLOW_FIGURES_MS, self._slow)
        self._settle_timer = _single_shot(self, PERIOD_SETTLE_MS, self.request)

    @property
    def busy(self) -> bool:
        """True while figures are awaited: asked for, or about to be (tests wait for this)."""
        return bool(self._tasks) or self._settle_timer.isActive()

    def show_template(self, info: TemplateInfo | None) -> None:
        """Rows for the figures the template prints; values follow when computed."""
        self._template = info
        names = used_figures(info.variables) if info is not None else []
        table = self.table
        table.setRowCount(len(names))
        for row, name in enumerate(names):
            figure = figure_by_name(name)
            assert figure is not None  # used_figures names only figures of the registry
            caption_item = QTableWidgetItem(name)
            caption_item.setToolTip(f"{name}（{figure.unit}）：{figure.description}")
            table.setItem(row, 0, caption_item)
            for column in _VALUE_COLUMNS:
                cell = QTableWidgetItem("")
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(row, column, cell)
            description = QTableWidgetItem(figure.description)
            description.setToolTip(figure.description)
            table.setItem(row, 4, description)
        if info is None or info.error:
            self.others_label.setText("")
            return
        others = other_variables(info.variables)
        also = (tr("另用到：") + "、".join(others) + "。") if others else ""
        if not names:
            self.others_label.setText(tr("这个模板不用统计数字。") + also)
        else:
            self.others_label.setText(tr("共 {0} 项数字（含模板用到的上年值、同比）。").format(len(names)) + also)

    def show_period(self, period: Period | None) -> None:
        """Show the period's figures: at once when known, else after the edits settle."""
        self._period = period
        if period is not None and period in self._previews:
            self._fill(self._previews[period])  # known: no wait, no flicker
            return
        self._settle_timer.start()

    def refresh(self) -> None:
        """Records changed: every answer kept is stale."""
        self._previews.clear()

    def request(self) -> None:
        """Ask for the current period's figures now (unless known or already on their way)."""
        period, info = self._period, self._template
        if period is None or info is None or not used_figures(info.variables):
            self.status.setText("")
            return
        if period in self._previews:
            self._fill(self._previews[period])
            return
        if self._pending == period:
            return  # already on its way
        self._request += 1
        self._pending = period
        number, factory = self._request, self.db.session_factory

        def work(_progress: Any, cancelled: Any) -> FigurePreview | None:
            # One query: 取消 cannot interrupt it, only drop its answer (None) when it comes.
            preview = None if cancelled() else preview_figures(factory, period)
            return None if cancelled() else preview

        # Quiet: the panel greys its values while it waits; a modal dialog would cover the list.
        task = run_in_background(self, tr("正在统计{0}的数字……").format(period.label), work, quiet=True)
        task.success(lambda preview: self._arrived(number, preview))
        task.failure(lambda exc: self._failed(number, exc))
        task.finished.connect(lambda: self._tasks.discard(task))
        self._tasks.add(task)
        self._slow_timer.start()
        task.start()

    def figure_cells(self) -> dict[str, tuple[str, str, str]]:
        """name → (本期, 上年同期, 同比) as shown."""
        table = self.table
        return {
            table.item(row, 0).text(): tuple(table.item(row, c).text() for c in _VALUE_COLUMNS)  # type: ignore[misc]
            for row in range(table.rowCount())
        }

    def _slow(self) -> None:
        if self._pending is None:
            return
        self.status.setText(tr("正在统计……"))
        for row in range(self.table.rowCount()):
            for column in _VALUE_COLUMNS:
                item = self.table.item(row, column)
                if item is not None:
                    item.setForeground(MISSING)

    def _arrived(self, number: int, preview: FigurePreview | None) -> None:
        if number != self._request:
            return  # an older request: the chair has moved on
        self._pending = None
        self._slow_timer.stop()
        if preview is None:
            self.status.setText(tr("已取消统计。"))
            return
        self._previews[preview.period] = preview
        if preview.period == self._period:
            self._fill(preview)

    def _failed(self, number: int, exc: BaseException) -> None:
        if number != self._request:
            return
        self._pending = None
        self._slow_timer.stop()
        log.error("figures failed", exc_info=exc)
        message = exc.message() if isinstance(exc, UnionbookError) else str(exc)
        self.status.setText(tr("统计出错：") + message)

    def _fill(self, preview: FigurePreview) -> None:
        self._slow_timer.stop()
        table = self.table
        for row in range(table.rowCount()):
            texts = preview.cells[table.item(row, 0).text()]
            for column, text in zip(_VALUE_COLUMNS, texts, strict=True):
                item = table.item(row, column)
                item.setText(text)
                item.setForeground(QBrush())
        period = preview.period
        self.status.setText(tr("{0}，与{1}比较").format(period.label, period.previous().label))


def _figures_table(parent: QWidget) -> QTableWidget:
    """指标, 本期, 上年同期, 同比, 说明: value columns wide enough for "12,345.67 万元"."""
    table = QTableWidget(0, 5, parent)
    table.setObjectName("figuresTable")
    table.setHorizontalHeaderLabels([tr("指标"), tr("本期"), tr("上年同期"), tr("同比"), tr("说明")])
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    metrics = parent.fontMetrics()
    table.verticalHeader().setDefaultSectionSize(metrics.height() + 8)
    for column, sample in enumerate(("帮扶慰问款物合计万元", "12,345.67 万元", "12,345.67 万元", "增长100.0%")):
        table.setColumnWidth(column, metrics.horizontalAdvance(sample) + 20)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _single_shot(parent: QWidget, interval: int, slot: Any) -> QTimer:
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(interval)
    timer.timeout.connect(slot)
    return timer
