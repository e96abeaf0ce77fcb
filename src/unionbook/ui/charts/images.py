"""Charts as PNG images, for documents and 导出图片: the screen's QChart painted into a QImage.

Why Qt and not matplotlib (measured November 2026, CPython 3.11, Linux): QtCharts is already in
the bundle for the overview (libQt6Charts 2.2 MB + the binding 1 MB), and importing QtWidgets +
QtCharts and drawing the first chart takes 0.25–0.45 s + 0.23 s; matplotlib 3.11 would add
itself, numpy, Pillow, fontTools, kiwisolver and contourpy — about 167 MB installed — import in
0.8–1.7 s, and need its own Chinese font set up; its charts would also look different from the
screen's. The only cost of Qt is the layering: services (which the command line uses without a
screen) must not import Qt, so the documents service takes a `chart_images` callable from outside
(services.charts.ChartImages), and the window and `unionbook report` (app.py) both pass
`render_charts` from here.

Qt paints widgets only in the thread that owns the QApplication. A document is generated in a
worker thread, so `render_charts` called there asks the GUI thread to paint (a blocking queued
signal) and waits; on the command line there is no window, and a QApplication is made for it (on
Linux on the offscreen platform).
"""

from __future__ import annotations

import os
import sys
import threading

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QRectF, QSizeF, Qt, QThread, Signal
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication, QGraphicsScene

from unionbook.services.charts import ChartData
from unionbook.ui.charts.build import build_chart

#: A chart in a document: 16 cm × 9 cm on the page, painted at 2× of a 600 × 338 scene (about
#: 190 dpi), so labels are sharp in print without a heavy file.
SCENE = QSizeF(600, 338)
SCALE = 2.0


def paint_into(painter: QPainter, data: ChartData, target: QRectF, scene_size: QSizeF, font_size: float = 8.5) -> None:
    """The chart laid out at `scene_size` and painted, scaled, into `target` (an image, a page)."""
    chart = build_chart(data, font_size=font_size)
    chart.resize(scene_size)
    scene = QGraphicsScene()
    scene.addItem(chart)
    scene.render(painter, target, QRectF(0, 0, scene_size.width(), scene_size.height()))
    scene.removeItem(chart)


def paint(data: ChartData, scene_size: QSizeF = SCENE, scale: float = SCALE) -> QImage:
    """The chart painted into an image on white (GUI thread only)."""
    image = QImage(round(scene_size.width() * scale), round(scene_size.height() * scale), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    paint_into(painter, data, QRectF(0, 0, image.width(), image.height()), scene_size)
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def _paint_all(charts: list[ChartData]) -> dict[str, bytes]:
    return {data.name: png_bytes(paint(data)) for data in charts}


class _Painter(QObject):
    """Lives in the GUI thread; a worker thread emits `wanted` and blocks until it has painted."""

    wanted = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.wanted.connect(self._paint, Qt.ConnectionType.BlockingQueuedConnection)

    def _paint(self, job: dict) -> None:
        try:
            job["result"] = _paint_all(job["charts"])
        except Exception as exc:  # noqa: BLE001 - handed back to the waiting thread
            job["error"] = exc


_painter: _Painter | None = None
_painter_lock = threading.Lock()


def _application() -> QApplication:
    """The running QApplication, or one for the command line. On Linux always the offscreen
    platform: a chart needs no screen, and a DISPLAY that cannot be reached (ssh, a stale
    variable) makes Qt abort the process; on Windows and macOS the native platform (its fonts),
    which shows no window either."""
    app = QApplication.instance()
    if app is None:
        if sys.platform.startswith("linux"):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        app = QApplication(["unionbook"])
    return app  # type: ignore[return-value]


def render_charts(charts: list[ChartData]) -> dict[str, bytes]:
    """PNG images of the charts, keyed by name; callable from any thread (services.charts.ChartImages)."""
    global _painter
    app = _application()
    if QThread.currentThread() is app.thread():
        return _paint_all(charts)
    with _painter_lock:
        if _painter is None:
            painter = _Painter()
            painter.moveToThread(app.thread())
            _painter = painter
    job: dict = {"charts": charts}
    _painter.wanted.emit(job)
    if "error" in job:
        raise job["error"]
    return job["result"]
