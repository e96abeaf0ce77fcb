"""The strip of months above the activities table: where the year was busy, and one click to a month.

Thirteen buttons, 全年 and 1月 … 12月, each with the number of activities the table would show in
that month under the current filters — navigation counts, not statistics (those are the totals
panel's, from the figures registry). An empty month is greyed; with 全部年度 the strip rests.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QFrame, QHBoxLayout, QSizePolicy, QToolButton

from unionbook.services.activities import ActivityRow
from unionbook.ui.i18n import translator

tr = translator("ActivityMonthStrip")

_STYLE = """
QFrame#monthStrip QToolButton {
    border: 1px solid #d5dbe1; border-radius: 4px; background: white; color: #2b3a4a; padding: 2px 0;
}
QFrame#monthStrip QToolButton:hover { border-color: #8a9aab; }
QFrame#monthStrip QToolButton:checked { background: #2b3a4a; border-color: #2b3a4a; color: white; }
QFrame#monthStrip QToolButton[empty="true"] { color: #a7b0ba; }
QFrame#monthStrip QToolButton:disabled { color: #c3c9cf; background: #f4f6f8; }
"""


def month_counts(rows: Sequence[ActivityRow]) -> Counter[int]:
    """Rows per month of their start date: the strip's navigation counts, not statistics."""
    return Counter(r.data.start_date.month for r in rows)


class ActivityMonthStrip(QFrame):
    """`month_chosen(month)` is emitted on a click (None: 全年); `show_counts` refreshes the buttons."""

    month_chosen = Signal(object)  # int | None

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("monthStrip")
        self.setStyleSheet(_STYLE)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[int | None, QToolButton] = {}
        line = self.fontMetrics().lineSpacing()
        for month in (None, *range(1, 13)):
            button = QToolButton()
            button.setCheckable(True)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setFixedHeight(line * 2 + 12)
            button.setMinimumWidth(self.fontMetrics().horizontalAdvance("12月") + 16)
            self.group.addButton(button, 0 if month is None else month)
            self.buttons[month] = button
            row.addWidget(button, 2 if month is None else 1)
            if month is None:
                row.addSpacing(8)
        self.buttons[None].setChecked(True)
        self.group.idClicked.connect(lambda month: self.month_chosen.emit(month or None))

    def show_counts(self, year: int | None, rows: Sequence[ActivityRow], month: int | None) -> None:
        """The year's rows (before the month is applied) per month, with `month` checked."""
        counts = month_counts(rows)
        for number, button in self.buttons.items():
            button.setEnabled(year is not None)
            if number is None:
                button.setText(tr("全年\n{0} 场").format(len(rows)) if year else tr("全年"))
                button.setToolTip(tr("显示全年的活动"))
            else:
                count = counts.get(number, 0)
                button.setText(f"{number}月\n{count if count else '—'}")
                button.setToolTip(tr("{0}年{1}月：{2} 场（当前筛选条件下）").format(year, number, count) if year else "")
                button.setProperty("empty", count == 0)
            button.style().unpolish(button)
            button.style().polish(button)
        self.buttons[month].setChecked(True)
