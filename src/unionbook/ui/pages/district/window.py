"""The district window: the district's name, a year selector and the 区总 page, with the database's
path in the status bar — the main window's frame without the grassroots navigation."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QComboBox, QLabel, QMainWindow, QSizePolicy, QToolBar, QWidget

from unionbook.services.database import Database
from unionbook.services.union import get_profile
from unionbook.ui import ui_settings
from unionbook.ui.pages.district.district_page import DistrictPage

FIRST_YEAR = 2000


class DistrictWindow(QMainWindow):
    def __init__(self, db: Database) -> None:
        super().__init__()
        self.db = db
        self.resize(1200, 760)
        toolbar = QToolBar("年度")
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        profile = get_profile(db.session_factory)
        self.union_label = QLabel(f"{profile.display_name}（区总工会汇总）")
        self.union_label.setObjectName("unionName")
        toolbar.addWidget(self.union_label)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        toolbar.addWidget(QLabel("统计年度："))
        self.year_combo = QComboBox()
        for year in range(date.today().year + 1, FIRST_YEAR - 1, -1):
            self.year_combo.addItem(f"{year} 年", year)
        toolbar.addWidget(self.year_combo)
        self.addToolBar(toolbar)
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
