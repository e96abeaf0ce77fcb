"""The district window: the district's name, a year selector and the 区总 page, with the database's
path in the status bar — the main window's frame without the grassroots navigation."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow

from unionbook.services.database import Database
from unionbook.services.union import get_profile
from unionbook.ui import ui_settings
from unionbook.ui.pages.district.district_page import DistrictPage
from unionbook.ui.widgets.year_toolbar import add_year_toolbar


class DistrictWindow(QMainWindow):
    def __init__(self, db: Database) -> None:
        super().__init__()
        self.db = db
        self.resize(1200, 760)
        profile = get_profile(db.session_factory)
        self.union_label, self.year_combo = add_year_toolbar(self, f"{profile.display_name}（区总工会汇总）")
        self.district_page = DistrictPage(db)
        self.setCentralWidget(self.district_page)
        self.path_label = QLabel(f"数据库：{db.location}")
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.statusBar().addPermanentWidget(self.path_label)
        self.setWindowTitle(f"工会台账 — {profile.display_name}（区总工会汇总）")
        latest = self.district_page.latest_year() or date.today().year - 1
        self.set_year(ui_settings.get_int("district/year", latest))
        self.year_combo.currentIndexChanged.connect(lambda _i: self.district_page.set_year(self.year))

    @property
    def year(self) -> int:
        return int(self.year_combo.currentData())

    def set_year(self, year: int) -> None:
        index = self.year_combo.findData(year)
        self.year_combo.setCurrentIndex(index if index >= 0 else 1)
        self.district_page.set_year(self.year)

    def closeEvent(self, event: QCloseEvent) -> None:
        ui_settings.settings().setValue("district/year", self.year)
        super().closeEvent(event)
