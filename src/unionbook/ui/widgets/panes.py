"""Two panes sharing a window's room: a table over its detail, a list beside its help.

Every split of the program is the same few lines — two widgets, neither collapsible to nothing (a
chair who drags a pane away cannot find it again), and how they share the room — so it is one
function.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QWidget


def split_panes(
    first: QWidget, second: QWidget, stretch: tuple[int, int], *, horizontal: bool = False,
    sizes: tuple[int, int] | None = None,
) -> QSplitter:
    """`first` over (or, `horizontal`, beside) `second`, sharing what the window gives as `stretch`
    says, at `sizes` pixels to start with (else their own)."""
    splitter = QSplitter(Qt.Orientation.Horizontal if horizontal else Qt.Orientation.Vertical)
    splitter.setChildrenCollapsible(False)
    splitter.addWidget(first)
    splitter.addWidget(second)
    splitter.setStretchFactor(0, stretch[0])
    splitter.setStretchFactor(1, stretch[1])
    if sizes is not None:
        splitter.setSizes(list(sizes))
    return splitter
