"""What every page offers the main window: a title, the year it shows, a refresh, and the
registers it watches.

A page refreshes when an operation announces a change to a register it `watches`
(ui/changes.py). While hidden it only marks itself stale and reads again when shown: the chair sees
fresh data on every page without the window reloading pages nobody looks at.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from unionbook.domain.registers import Register
from unionbook.ui.changes import OpChanges, notifier

if TYPE_CHECKING:
    from unionbook.services.todo import Opening


class Page(QWidget):
    title = ""
    #: The registers whose changes this page shows (an empty set: it never needs to re-read).
    watches: frozenset[Register] = frozenset()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._changes_pending = False
        notifier().changed.connect(self.changes_arrived)

    def set_year(self, year: int) -> None:
        """The main window's year selector changed; pages that depend on the year re-read."""

    def refresh(self) -> None:
        """The data may have changed elsewhere (an import, a restore): read it again."""

    def open_at(self, opening: Opening) -> None:
        """Show what an overview card or 待办 line points at (services.todo.Opening): a record,
        a year, a month, filters. A page with nothing to point at is just shown."""

    def changes_arrived(self, changes: OpChanges) -> None:
        if changes.source is self or not changes.touches(self.watches):
            return
        if self.isVisible():
            self._changes_pending = False
            self.refresh()
        else:
            self._changes_pending = True

    @property
    def changes_pending(self) -> bool:
        """Changed records arrived while the page was hidden; it reads them when shown."""
        return self._changes_pending

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._changes_pending:
            self._changes_pending = False
            self.refresh()


def heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("pageHeading")
    return label


def fill_years(combo: QComboBox, all_text: str, years: Iterable[int], current: int | None) -> None:
    """Fill a 年度 combo: `all_text` (no year: data None), then "2025 年" … as `years` come, on
    `current` (else the first); signals held, so filling it filters nothing."""
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(all_text, None)
    for year in years:
        combo.addItem(f"{year} 年", year)
    combo.setCurrentIndex(max(combo.findData(current), 0) if current else 0)
    combo.blockSignals(False)


def message_line() -> QLabel:
    """The line that says what the last action did, with links (打开文件) that open."""
    label = QLabel()
    label.setObjectName("hint")
    label.setWordWrap(True)
    label.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.LinksAccessibleByMouse
    )
    label.linkActivated.connect(lambda link: QDesktopServices.openUrl(QUrl(link)))
    return label


def set_message(label: QLabel, text: str, warning: bool = False) -> None:
    """Say `text` on a message line, orange when it is a warning (the style sheet's #warning)."""
    label.setObjectName("warning" if warning else "hint")
    label.style().unpolish(label)
    label.style().polish(label)
    label.setText(text)
