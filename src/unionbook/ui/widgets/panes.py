"""Two panes sharing a window's room: a table over its detail, a list beside its help.

Every split of the program is the same few lines — two widgets, neither collapsible to nothing (a
chair who drags a pane away cannot find it again), and how they share the room — so it is one
function, and so is a pane that stacks a caption over a second table.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget


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


def pane(*parts: QWidget | tuple[QWidget, int]) -> QWidget:
    """Widgets one under another without margins, as one pane of a split; `(widget, 1)` takes
    the height that is left."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    for part in parts:
        widget, stretch = part if isinstance(part, tuple) else (part, 0)
        column.addWidget(widget, stretch)
    return box


def selectable_label(name: str) -> QLabel:
    """Wrapped text the user can select and copy (what the selected entry says), named `name`."""
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
