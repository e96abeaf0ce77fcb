"""What the three registers of the 帮扶 page have in common as tabs of one page.

Each tab is a `RegisterPage` (table, filters, toolbar, add/edit/delete flows, change notices) shown
`embedded`: the 帮扶 page above them has the heading, and one message line under the tabs says
what the last action did, whichever tab did it. The 年度 filter of 发放记录 and 批量发放 follows the
window's year selector and is not reset by 清除筛选 (a whole union's payments of every year are
slow to list).
"""

from __future__ import annotations

from datetime import date
from typing import Protocol, TypeVar

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QComboBox

from unionbook.services.database import Database
from unionbook.ui.models.rows_model import RowsModel
from unionbook.ui.pages.register_page import RegisterPage

RowT = TypeVar("RowT")

_CONTEXT = "AidPage"
#: The oldest year the 年度 filters offer.
FIRST_YEAR = 2000


def tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


class AidHost(Protocol):
    """What a tab needs of the page it is shown in (AidPage), without importing it."""

    db: Database
    #: The day tests fix; None: the real today, read when needed (a window left open past midnight).
    fixed_today: date | None

    @property
    def today(self) -> date: ...

    def show_message(self, text: str, warning: bool = False) -> None: ...


class AidTab(RegisterPage[RowT]):
    embedded = True
    #: The aid registers print sign-off sheets, not a ledger of the table.
    print_caption = None

    def __init__(self, page: AidHost, model: RowsModel[RowT]) -> None:
        self.page = page
        super().__init__(page.db, model)
        self.message_label.hide()  # the page's line under the tabs speaks for every tab
        self.table.setAlternatingRowColors(True)
        # Unsorted at first: the service's order (newest first, overdue files on top).
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.proxy.sort(-1)

    @property
    def today(self) -> date:
        return self.page.today

    def show_message(self, text: str, warning: bool = False) -> None:
        self.page.show_message(text, warning)

    def add_year_filter(self) -> QComboBox:
        """年度 (全部, next year … 2000), on this year; the window's year selector moves it."""
        combo = QComboBox()
        combo.addItem(tr("全部"), None)
        for year in range(self.today.year + 1, FIRST_YEAR - 1, -1):
            combo.addItem(f"{year} 年", year)
        combo.setCurrentIndex(max(combo.findData(self.today.year), 0))
        combo.setToolTip(tr("跟随窗口上方的统计年度"))
        self.add_filter_field(tr("年度"), combo)
        combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.year_combo = combo
        return combo

    def set_year(self, year: int) -> None:
        combo = getattr(self, "year_combo", None)
        index = combo.findData(year) if combo is not None else -1
        if index >= 0 and index != combo.currentIndex():
            combo.setCurrentIndex(index)  # re-reads
