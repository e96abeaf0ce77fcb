"""A page that shows several registers as tabs (帮扶; 荣誉阵地维权), and what each tab shares.

Each tab is a `RegisterPage` (table, filters, toolbar, add/edit/delete flows, change notices) shown
`embedded`: the page above the tabs has the heading, and one message line under the tabs says what
the last action did, whichever tab did it. A tab's 年度 filter follows the window's year selector
and is not reset by 清除筛选. The page fans the window's year and refreshes out to its tabs; each
tab still re-reads on its own when a register it watches changes (ui/changes.py). Only the tab on
screen reads: a tab reads its rows when it is first shown, and a hidden tab reads a new year or a
change when it is next shown (a year of a large union's payments must not be read for a tab nobody
looks at).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QTabWidget, QVBoxLayout

from unionbook.services.database import Database
from unionbook.services.union import get_profile
from unionbook.ui.i18n import translator
from unionbook.ui.models.rows_model import LazyRowsModel, RowsModel, print_columns
from unionbook.ui.pages.base import Page, fill_years, heading, message_line, set_message
from unionbook.ui.pages.register_page import RegisterPage
from unionbook.ui.printing import Ledger, TableStyle
from unionbook.ui.tasks import BackgroundTask
from unionbook.ui.widgets.year_toolbar import FIRST_YEAR

if TYPE_CHECKING:
    from unionbook.services.todo import Opening

RowT = TypeVar("RowT")

tr = translator("TabbedPage")
#: The oldest year the 年度 filters offer.


class TabHost(Protocol):
    """What a tab needs of the page it is shown in, without importing it."""

    db: Database
    #: The day tests fix; None: the real today, read when needed (a window left open past midnight).
    fixed_today: date | None

    @property
    def today(self) -> date: ...

    def show_message(self, text: str, warning: bool = False) -> None: ...


class RegisterTab(RegisterPage[RowT]):
    """One register as a tab: its model (`model_class`, on the page's fixed today) is read when the
    tab is first shown."""

    embedded = True
    model_class: ClassVar[type[RowsModel[Any]]]
    #: What the printed ledger is called after the union's name ("荣誉台账").
    ledger_title: ClassVar[str] = ""

    @property  # type: ignore[override]
    def ledger_style(self) -> TableStyle | None:
        """The model's columns that have a print width, 序号 first, their cells wrapped; None when
        none are printed."""
        if not self.model.printed():
            return None
        return TableStyle(print_columns(self.model.SPECS), wrap=True)

    def __init__(self, page: TabHost) -> None:
        self.page = page
        super().__init__(page.db, self.make_model())
        self.message_label.hide()  # the page's line under the tabs speaks for every tab
        self.table.setAlternatingRowColors(True)
        # Unsorted at first: the service's order (newest first, what needs the chair on top).
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.proxy.sort(-1)
        self._changes_pending = True  # read when first shown (Page.showEvent)

    def make_model(self) -> RowsModel[Any] | LazyRowsModel[Any]:
        """The tab's model: `model_class` in memory on the page's today (a lazy tab makes its own)."""
        return self.model_class(today=self.page.fixed_today)

    @property
    def today(self) -> date:
        return self.page.today

    def show_message(self, text: str, warning: bool = False) -> None:
        self.page.show_message(text, warning)

    def add_year_filter(self) -> QComboBox:
        """年度 (全部, next year … 2000), on this year; the window's year selector moves it."""
        combo = QComboBox()
        fill_years(combo, tr("全部"), range(self.today.year + 1, FIRST_YEAR - 1, -1), self.today.year)
        combo.setToolTip(tr("跟随窗口上方的统计年度"))
        self.add_filter_field(tr("年度"), combo)
        combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.year_combo = combo
        return combo

    def set_year(self, year: int) -> None:
        """Follow the window's year: re-read now when the tab is on screen, else when it is next
        shown (a year of payments at 100,000 people is 200,000 rows: the window must not read it
        for a tab nobody is looking at)."""
        combo = getattr(self, "year_combo", None)
        index = combo.findData(year) if combo is not None else -1
        if index < 0 or index == combo.currentIndex():
            return
        if self.isVisible():
            combo.setCurrentIndex(index)  # re-reads
            return
        combo.blockSignals(True)
        combo.setCurrentIndex(index)
        combo.blockSignals(False)
        self._changes_pending = True  # read when the tab is shown (Page.showEvent)

    def ledger(self) -> Ledger:
        """The table as shown (filter and sort applied), in the model's printed columns."""
        printed = self.model.printed()
        rows = [(str(n), *(self.model.display(row, c) for c in printed))
                for n, row in enumerate(self.visible_rows(), start=1)]  # fmt: skip
        today = self.today
        subtitle = f"打印日期：{today.year}年{today.month}月{today.day}日　{self.counts_label.text()}"
        return Ledger(f"{get_profile(self.db.session_factory).display_name}{self.ledger_title}", subtitle, rows)


class TabbedPage(Page):
    """The heading, the tabs (`build_tabs`, in order) and one message line under them."""

    #: The tab widget's object name (tests and style sheets find it by that).
    tabs_name = "registerTabs"

    def __init__(self, db: Database, *, today: date | None = None) -> None:
        super().__init__()
        self.db = db
        self.fixed_today = today
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 12)
        layout.setSpacing(8)
        layout.addWidget(heading(self.title))
        # Created before the tabs: their first reload may already have something to say.
        self.message_label = message_line()
        self.tabs = QTabWidget()
        self.tabs.setObjectName(self.tabs_name)
        self._registers = tuple(self.build_tabs())
        for tab in self._registers:
            self.tabs.addTab(tab, tab.title)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message_label)
        self.tabs.currentChanged.connect(lambda _i: self.show_message(""))

    def build_tabs(self) -> Sequence[RegisterTab]:
        raise NotImplementedError

    @property
    def today(self) -> date:
        return self.fixed_today or date.today()

    def registers(self) -> tuple[RegisterTab, ...]:
        return self._registers

    @property
    def export_task(self) -> BackgroundTask | None:
        """The export, sheet or form being written by one of the tabs (None when none is)."""
        return next((tab.export_task for tab in self.registers() if tab.export_task is not None), None)

    def set_year(self, year: int) -> None:
        for tab in self.registers():
            tab.set_year(year)

    def refresh(self) -> None:
        """Every tab reads again: the one on screen now, the others when shown."""
        for tab in self.registers():
            if tab.isVisible():
                tab.reload()
            else:
                tab._changes_pending = True

    def open_at(self, opening: Opening) -> None:
        """The tab of the opening's register, opened there (read once, by the opening)."""
        for tab in self.registers():
            if tab.register == opening.register:
                tab._changes_pending = False  # open_at reads it with the opening's filters
                self.tabs.setCurrentWidget(tab)
                tab.open_at(opening)
                return

    def show_message(self, text: str, warning: bool = False) -> None:
        set_message(self.message_label, text, warning)
