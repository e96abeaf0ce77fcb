"""How failures reach the user (STYLE.md, three tiers).

Validation errors are shown inline by the forms; operation failures go through `show_error`
(a short Chinese sentence, copyable details); anything unexpected reaches the excepthook, which
logs it as critical and opens the crash dialog with details the user can copy into an e-mail.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from unionbook.domain.errors import UnionbookError
from unionbook.log import log_file

log = logging.getLogger(__name__)


def show_error(parent: QWidget | None, exc: BaseException, title: str = "操作未完成") -> None:
    """An operation failed: say why in one sentence; the technical part goes under 详细信息."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    if isinstance(exc, UnionbookError):
        box.setText(exc.message())
    else:
        log.error("operation failed", exc_info=exc)
        box.setText(f"发生意外错误：{exc}")
        box.setDetailedText("".join(traceback.format_exception(exc)))
    box.exec()


class CrashDialog(QDialog):
    """Unexpected exception: what happened, where the log is, and details that can be copied."""

    def __init__(self, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("UnionBook 遇到了意外错误")
        self.resize(640, 420)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "程序遇到了一个意外错误。已保存的数据不受影响，正在进行的操作可能未完成。\n"
            f"错误已记录到日志：{log_file()}\n如需求助，请复制下面的详细信息发给技术支持。"
        )
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(intro)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        layout.addWidget(self.details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = QPushButton("复制详细信息")
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(details))
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class _CrashRelay(QObject):
    """Carries exceptions from any thread to the GUI thread, where dialogs may be shown."""

    crashed = Signal(str)


_relay: _CrashRelay | None = None
_showing = False


def _show_crash(details: str) -> None:
    global _showing
    if _showing:  # an error inside the dialog must not stack dialogs forever
        return
    _showing = True
    try:
        CrashDialog(details, QApplication.activeWindow()).exec()
    finally:
        _showing = False


def _handle(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    details = "".join(traceback.format_exception(exc_type, exc, tb))
    log.critical("unexpected exception:\n%s", details)
    if _relay is not None and QApplication.instance() is not None:
        _relay.crashed.emit(details)


def install_excepthook() -> None:
    """Route uncaught exceptions (GUI thread and worker threads) to the log and the crash dialog."""
    global _relay
    _relay = _CrashRelay()
    _relay.crashed.connect(_show_crash, Qt.ConnectionType.QueuedConnection)
    sys.excepthook = _handle
    threading.excepthook = lambda args: _handle(args.exc_type, args.exc_value, args.exc_traceback)
