"""The filter row of a register page: labelled 全部/… combos, search boxes, and putting them back.

A register adds its filters in `build_filters` with `add_filter_combo` / `add_search` (changing one
filters at once; 清除筛选 resets them) or `add_filter_field` for a widget it wires itself (a 年度
that follows the window). The page (register_page.RegisterPage) owns the row `filters`, the list
`_filter_widgets` and `apply_filter`; this mixin is what a page does with them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from unionbook.ui.i18n import translator

tr = translator("RegisterPage")
ALL = "全部"


class FilterRow:
    """Mixin: the filter widgets of a RegisterPage."""

    filters: QHBoxLayout
    _filter_widgets: list[QWidget]

    def apply_filter(self) -> None:
        raise NotImplementedError

    def add_filter_combo(self, caption: str, items: Sequence[tuple[str, Any]], tooltip: str = "") -> QComboBox:
        """A labelled 全部/… combo in the filter row; changing it filters, 清除筛选 resets it."""
        combo = QComboBox()
        combo.addItem(tr(ALL), None)
        for text, data in items:
            combo.addItem(text, data)
        if tooltip:
            combo.setToolTip(tooltip)
        self.add_filter_field(caption, combo)
        combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self._filter_widgets.append(combo)
        return combo

    def add_filter_field(self, caption: str, widget: QWidget) -> None:
        """A labelled widget in the filter row that the register wires itself (清除筛选 leaves it)."""
        label = QLabel(caption)
        label.setBuddy(widget)
        self.filters.addWidget(label)
        self.filters.addWidget(widget)
        self.filters.addSpacing(10)

    def add_search(self, placeholder: str, width: int = 220, *, pause: int = 0) -> QLineEdit:
        """A search box in the filter row (typing filters; 清除筛选 empties it). With `pause`
        (milliseconds), it filters once the typing pauses that long: a lazy list's keystroke would
        otherwise read a year of 100,000 rows for each letter of a name."""
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        edit.setClearButtonEnabled(True)
        edit.setFixedWidth(width)
        self.filters.addWidget(edit)
        self.filters.addSpacing(10)
        if pause:
            timer = QTimer(edit)
            timer.setSingleShot(True)
            timer.setInterval(pause)
            timer.timeout.connect(lambda: self.apply_filter())
            edit.textChanged.connect(lambda _t: timer.start())
        else:
            edit.textChanged.connect(lambda _t: self.apply_filter())
        self._filter_widgets.append(edit)
        return edit

    def build_filters(self) -> None:
        """Add the register's filters with add_filter_combo / add_search."""

    def filter_tail(self) -> QWidget | None:
        """A widget at the right end of the filter row (a colour legend)."""
        return None

    def _clear_filters(self) -> None:
        """Every filter the frame resets back to 全部 (or empty), without filtering yet."""
        for widget in self._filter_widgets:
            widget.blockSignals(True)
            if isinstance(widget, QComboBox):
                widget.setCurrentIndex(0)
            elif isinstance(widget, QLineEdit):
                widget.clear()
            widget.blockSignals(False)
