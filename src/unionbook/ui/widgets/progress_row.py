"""Background work shown inside a dialog: a line of text, a progress bar and its own 取消 button.

ui/tasks.py runs the work; its progress dialog is window-modal and covers the window. A dialog whose
work is part of it (the 批量发放 list being read, then written) shows it in place instead, and stays
usable around it. `BackgroundTask.signals.progress` connects to `step`; 取消 is `cancel_button`.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget


class ProgressRow(QWidget):
    """Hidden until `start`; `finish` hides it again."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.cancel_button = QPushButton()
        self.cancel_button.setAutoDefault(False)  # Enter in the dialog's fields never cancels
        row.addWidget(self.label)
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        self.hide()

    def start(self, text: str, cancel_text: str, cancel_tip: str = "") -> None:
        """Show `text` with the bar moving (until a step is reported) and 取消 named `cancel_text`."""
        self.label.setText(text)
        self.bar.setRange(0, 0)
        self.cancel_button.setText(cancel_text)
        self.cancel_button.setToolTip(cancel_tip)
        self.show()

    def step(self, done: int, total: int) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(min(done, total))

    def finish(self) -> None:
        self.hide()
