"""The panel under a register's table: the selected record at a glance, and its attachments.

Contracts, activities, hardship files and positions show the same shape: a title line (where the
record has one), then columns of short rich-text lines side by side, the last column the record's
files (AttachmentsWidget, added and opened there). Each column is one label: stacked word-wrapped
labels in a splitter pane get uneven heights from Qt and end up overlapping (the contract page
learned it first). A register's panel says only what its columns hold.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout

from unionbook.services.database import Database
from unionbook.ui.widgets.attachments import AttachmentsWidget


def rich_label() -> QLabel:
    """Word-wrapped rich text, top-left, that the chair can select and copy."""
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class DetailPanel(QFrame):
    """A framed panel: `title` (if `titled`) over `columns`; `add_text` and `add_attachments` fill
    the columns left to right, and `show_owner` follows the table's selection."""

    def __init__(self, name: str, *, titled: bool = True) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.columns = QHBoxLayout()
        self.columns.setSpacing(20)
        self.title: QLabel | None = None
        self.texts: list[QLabel] = []
        self.attachments: AttachmentsWidget | None = None
        if not titled:
            self.setLayout(self.columns)
            self.columns.setContentsMargins(12, 8, 12, 8)
            return
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 8, 12, 8)
        outer.setSpacing(4)
        self.title = QLabel()
        self.title.setObjectName("detailTitle")
        self.title.setStyleSheet("font-size: 15px; font-weight: bold; color: #2b3a4a;")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(self.title)
        outer.addLayout(self.columns, 1)

    def add_text(self, stretch: int, *, scrolled: bool = False) -> QLabel:
        """A column of rich text; `scrolled` where it may run longer than the panel (a 职代会's
        decisions), so it scrolls rather than being cut off."""
        label = rich_label()
        self.texts.append(label)
        if not scrolled:
            self.columns.addWidget(label, stretch)
            return label
        scroll = QScrollArea()
        scroll.setWidget(label)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.viewport().setAutoFillBackground(False)
        label.setAutoFillBackground(False)
        self.columns.addWidget(scroll, stretch)
        return label

    def add_attachments(
        self, db: Database, owner_key: str, unsaved_hint: str, *, caption: str = "", list_height: int = 70,
        stretch: int = 3,
    ) -> AttachmentsWidget:
        """The last column: the selected record's files under a bold `caption` (if any)."""
        self.attachments = AttachmentsWidget(db, owner_key, unsaved_hint=unsaved_hint)
        self.attachments.list.setMinimumHeight(list_height)
        if not caption:
            self.columns.addWidget(self.attachments, stretch)
            return self.attachments
        column = QVBoxLayout()
        label = QLabel(caption)
        label.setStyleSheet("font-weight: bold;")
        column.addWidget(label)
        column.addWidget(self.attachments, 1)
        self.columns.addLayout(column, stretch)
        return self.attachments

    def show_owner(self, row: Any, nothing: str) -> bool:
        """Follow the selection: the attachments become the record's; with no record the first
        line says `nothing` and the rest is emptied. True when there is a record to show."""
        if self.attachments is not None:
            self.attachments.set_owner_id(row.id if row is not None else None)
        if row is None:
            labels = ([self.title] if self.title is not None else []) + self.texts
            for label in labels:
                label.setText("")
            labels[0].setText(nothing)
        return row is not None
