"""The window's top bar: the union's name on the left, 统计年度 on the right. The union's window
and the district's share it, so both read the same way; FIRST_YEAR is the earliest year any year
list in the window offers."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QLabel, QMainWindow, QSizePolicy, QToolBar, QWidget

FIRST_YEAR = 2000


def add_year_toolbar(window: QMainWindow, name: str = "") -> tuple[QLabel, QComboBox]:
    """Add the bar to `window`; returns the name label and the year combo (next year first, each
    item's data the year as an int)."""
    toolbar = QToolBar("年度")
    toolbar.setObjectName("mainToolbar")
    toolbar.setMovable(False)
    union_label = QLabel(name)
    union_label.setObjectName("unionName")
    toolbar.addWidget(union_label)
    spacer = QWidget()
    spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    toolbar.addWidget(spacer)
    toolbar.addWidget(QLabel("统计年度："))
    year_combo = QComboBox()
    for year in range(date.today().year + 1, FIRST_YEAR - 1, -1):
        year_combo.addItem(f"{year} 年", year)
    toolbar.addWidget(year_combo)
    window.addToolBar(toolbar)
    return union_label, year_combo
