"""Which window a database opens: the district window (区总, ui/pages/district/window.py) for a
district book, the main window with its nine pages for a union's records — a district book never
fills those registers, so its window shows the district page instead of them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMainWindow

from unionbook.services.database import Database
from unionbook.services.district.book import is_district_book

if TYPE_CHECKING:
    from unionbook.ui.main_window import MainWindow


def window_for(db: Database, shell: MainWindow | None = None) -> QMainWindow:
    """The window for `db`. With `shell` (the main window shown before the database was opened,
    application.py), a union's book is attached to it; a district book's window takes its place
    (same size and position) and the shell closes."""
    if is_district_book(db.session_factory):
        from unionbook.ui.pages.district.window import DistrictWindow

        window = DistrictWindow(db)
        if shell is not None:
            window.setGeometry(shell.geometry())
            window.show()
            shell.close()
            shell.deleteLater()
        return window
    if shell is not None:
        shell.attach(db)
        return shell
    from unionbook.ui.main_window import MainWindow

    return MainWindow(db)
