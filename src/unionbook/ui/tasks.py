"""Long work off the GUI thread, with a progress dialog and a cancel button.

`run_in_background(parent, label, fn)` runs `fn(progress, cancelled)` on Qt's thread pool. The
callable gets no widgets: `progress(done, total)` reports, `cancelled()` says whether the user
pressed 取消 (the service then raises OperationCancelled and rolls back). Callbacks given to
`.success()` / `.failure()` run on the GUI thread; by default failures go to show_error.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from unionbook.domain.errors import OperationCancelled
from unionbook.ui.errors import show_error

log = logging.getLogger(__name__)

Work = Callable[[Callable[[int, int], None], Callable[[], bool]], Any]


class _Signals(QObject):
    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(object)


class _Runnable(QRunnable):
    def __init__(self, fn: Work, signals: _Signals, cancel: threading.Event) -> None:
        super().__init__()
        self.fn, self.signals, self.cancel = fn, signals, cancel

    def run(self) -> None:
        try:
            result = self.fn(lambda done, total: self._emit(self.signals.progress, done, total), self.cancel.is_set)
        except BaseException as exc:  # noqa: BLE001 - every failure is handed to the GUI thread
            self._emit(self.signals.failed, exc)
        else:
            self._emit(self.signals.done, result)

    @staticmethod
    def _emit(signal: Any, *args: Any) -> None:
        """Hand a result to the GUI thread, unless the application closed meanwhile (its objects are
        gone: the work was done, nobody is left to tell, and a traceback would only alarm)."""
        try:
            signal.emit(*args)
        except RuntimeError:
            log.debug("a background task finished after the window closed")


#: Tasks still running. A task is not a child of its widget: the widget (a dialog, a wizard) may be
#: closed and destroyed while the worker is still busy, and Qt must not delete the task's C++ side
#: under the worker's queued signals. The task keeps itself alive here until it has finished.
_RUNNING: set[BackgroundTask] = set()


class BackgroundTask(QObject):
    finished = Signal()

    def __init__(self, parent: QWidget, label: str, fn: Work, cancellable: bool = True, quiet: bool = False) -> None:
        super().__init__()
        self._parent = parent
        self._on_success: Callable[[Any], None] = lambda _result: None
        self._on_failure: Callable[[BaseException], None] = lambda exc: show_error(parent, exc)
        self.cancel_event = threading.Event()
        self._quiet = quiet
        self.dialog = QProgressDialog(label, "取消" if cancellable else "", 0, 0, parent)
        self.dialog.setWindowTitle("请稍候")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)  # quick work finishes without a flash of dialog
        self.dialog.setAutoReset(False)
        self.dialog.setAutoClose(False)
        if not cancellable:
            self.dialog.setCancelButton(None)
        self.dialog.canceled.connect(self._cancel)
        self.signals = _Signals()
        self.signals.progress.connect(self._progress)
        self.signals.done.connect(self._done)
        self.signals.failed.connect(self._failed)
        self._runnable = _Runnable(fn, self.signals, self.cancel_event)

    def success(self, fn: Callable[[Any], None]) -> BackgroundTask:
        self._on_success = fn
        return self

    def failure(self, fn: Callable[[BaseException], None]) -> BackgroundTask:
        self._on_failure = fn
        return self

    def start(self) -> BackgroundTask:
        _RUNNING.add(self)
        if self._quiet:
            self.dialog.setMinimumDuration(2**31 - 1)  # never shown: the caller shows its own busy state
        else:
            # Qt shows the dialog minimumDuration after the first value is set; work that reports
            # no progress (an export) would otherwise never show it, nor its 取消 button.
            self.dialog.setValue(0)
        QThreadPool.globalInstance().start(self._runnable)
        return self

    def _widget_alive(self) -> bool:
        return shiboken6.isValid(self._parent)

    def _cancel(self) -> None:
        self.cancel_event.set()
        self.dialog.setLabelText("正在取消，请稍候……")

    def _progress(self, done: int, total: int) -> None:
        if shiboken6.isValid(self.dialog):
            self.dialog.setMaximum(max(total, 1))
            self.dialog.setValue(min(done, total))

    def _close(self) -> None:
        """Close the progress dialog (unless its widget is already gone) and let the task go."""
        if shiboken6.isValid(self.dialog):
            self.dialog.close()
            self.dialog.deleteLater()
        self.finished.emit()
        _RUNNING.discard(self)

    def _done(self, result: object) -> None:
        self._close()
        if self._widget_alive():  # the user may have closed the window meanwhile
            self._on_success(result)

    def _failed(self, exc: BaseException) -> None:
        self._close()
        if isinstance(exc, OperationCancelled) or not self._widget_alive():
            return  # the user asked for it (nothing was written), or nobody is left to tell
        self._on_failure(exc)


def run_in_background(
    parent: QWidget, label: str, fn: Work, cancellable: bool = True, *, quiet: bool = False
) -> BackgroundTask:
    """Create the task; call `.success(...)` and then `.start()`. `quiet`: no progress dialog
    (a preview the page marks as busy itself; `cancel()` still stops it)."""
    return BackgroundTask(parent, label, fn, cancellable, quiet)
