"""Which window a database opens: the district window (区总, ui/pages/district/window.py) for a
district book, the main window with its nine pages for a union's records — a district book never
fills those registers, so its window shows the district page instead of them."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow

from unionbook.services.database import Database
from unionbook.services.district.book import is_district_book


def window_for(db: Database) -> QMainWindow:
    if is_district_book(db.session_factory):
        from unionbook.ui.pages.district.window import DistrictWindow

        return DistrictWindow(db)
    from unionbook.ui.main_window import MainWindow

    return MainWindow(db)
