"""A register page that later work fills in: until then it says what the page will hold and how
many records of that register the database already has, instead of showing an error."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout

from unionbook.ui.pages.base import Page, heading


class PlannedPage(Page):
    def __init__(self, title: str, purpose: str, features: list[str], count_text: Callable[[], str]) -> None:
        super().__init__()
        self.title = title
        self._count_text = count_text
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(heading(title))
        intro = QLabel(purpose)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        layout.addWidget(self.count_label)
        listing = QLabel("本页将提供：<ul>" + "".join(f"<li>{f}</li>" for f in features) + "</ul>")
        listing.setTextFormat(Qt.TextFormat.RichText)
        listing.setWordWrap(True)
        layout.addWidget(listing)
        note = QLabel("此功能正在开发中，将在后续版本提供。数据库中已有的记录不受影响。")
        note.setObjectName("hint")
        layout.addWidget(note)
        layout.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        self.count_label.setText(self._count_text())
