"""What every page offers the main window: a title, the year it shows, and a refresh."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget


class Page(QWidget):
    title = ""

    def set_year(self, year: int) -> None:
        """The main window's year selector changed; pages that depend on the year re-read."""

    def refresh(self) -> None:
        """The data may have changed elsewhere (an import, a restore): read it again."""


def heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("pageHeading")
    return label
