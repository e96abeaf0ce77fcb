"""The main window: left navigation, a year selector every page follows, and a status bar.

It is built in two steps so that the chair sees it at once (issues 17, 18): `MainWindow()` is the
shell — navigation, year selector, an empty page, "正在打开台账……" — and imports nothing that reads
a database (no SQLAlchemy, no models), so it paints before the database is opened; `attach(db)`
then gives it the database: the union's name, the latest year with records and the page it opens
on. `MainWindow(db)` does both at once.

Collective contracts that end within 90 days are the one thing the window raises by itself: a chair
who opens the program for the December figures must not miss that the 综合集体合同 runs out on
31 December. The reminder stays in the status bar while it holds, and at start-up a banner over the
pages says it once more; the banner is not a dialog, so it blocks neither the chair nor the tests.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from unionbook.domain.errors import UnionbookError
from unionbook.domain.registers import ALL_REGISTERS, Register
from unionbook.ui import ui_settings
from unionbook.ui.changes import OpChanges, announce, notifier
from unionbook.ui.pages.base import Page
from unionbook.ui.widgets.year_toolbar import add_year_toolbar

if TYPE_CHECKING:  # the shell paints before these (and SQLAlchemy with them) are imported
    from unionbook.services.database import Database
    from unionbook.services.todo import Opening

IMPORTABLE_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")

#: The navigation, in order; the window's attributes (`overview`, `members_page` …) name the pages by
#: place. A page is imported and built the first time it is shown (`_build_page`) — before the
#: window appears for the page it opens on, on the click for the others — so starting the program
#: costs one page, not nine (the nine cost ~0.6 s of imports and ~0.7 s of building, and seconds of
#: reading at 100,000 people).
PAGE_TITLES = ("总览", "会员", "集体合同", "帮扶", "活动", "会费经费", "荣誉阵地维权", "文档", "设置")


def _build_page(index: int, db: Database) -> Page:
    """The page at `index` of the navigation. Its module is imported here, by an import statement
    the bundler sees (a module named by a string would be left out of the bundle)."""
    match index:
        case 0:
            from unionbook.ui.pages.overview import OverviewPage as page_class
        case 1:
            from unionbook.ui.pages.members import MembersPage as page_class
        case 2:
            from unionbook.ui.pages.contracts import ContractsPage as page_class
        case 3:
            from unionbook.ui.pages.aid import AidPage as page_class
        case 4:
            from unionbook.ui.pages.activities import ActivitiesPage as page_class
        case 5:
            from unionbook.ui.pages.finance import FinancePage as page_class
        case 6:
            from unionbook.ui.pages.union_work import UnionWorkPage as page_class
        case 7:
            from unionbook.ui.pages.documents import DocumentsPage as page_class
        case _:
            from unionbook.ui.pages.settings import SettingsPage as page_class
    page = page_class(db)
    assert page.title == PAGE_TITLES[index], (page.title, PAGE_TITLES[index])
    return page


class _PageAttribute:
    """`window.aid_page`: the page, built when first asked for (by the navigation or by code)."""

    def __init__(self, index: int) -> None:
        self.index = index

    def __get__(self, window: MainWindow | None, _owner: type) -> Any:
        return self if window is None else window.page(self.index)


class MainWindow(QMainWindow):
    year_changed = Signal(int)

    def __init__(self, db: Database | None = None) -> None:
        super().__init__()
        self.db: Database | None = None
        self._reminder: str | None = None
        self.setAcceptDrops(True)
        self.resize(1200, 760)

        self.union_label, self.year_combo = add_year_toolbar(self)
        self.year_combo.setCurrentIndex(1)  # this year until the database says its latest

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(150)
        self.stack = QStackedWidget()
        self.reminder_banner = self._build_reminder_banner()
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(0)
        right.addWidget(self.reminder_banner)
        right.addWidget(self.stack, 1)
        layout.addWidget(self.nav)
        layout.addLayout(right, 1)
        self.setCentralWidget(central)

        # Until a page is first shown, an empty widget holds its place in the stack (never on screen:
        # the page replaces it before the stack shows that place).
        self._pages: list[Page | None] = [None] * len(PAGE_TITLES)
        for title in PAGE_TITLES:
            self.nav.addItem(title)
            self.stack.addWidget(QWidget())
        self.nav.currentRowChanged.connect(self._show_row)
        # Pages that change records announce it (ui/changes.py); the window keeps its own lines.
        notifier().changed.connect(self._changes_arrived)

        self.path_label = QLabel()
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Left of the path: the reminder is what the chair should read first in the status bar.
        self.reminder_label = QLabel()
        self.reminder_label.setObjectName("contractReminder")
        self.reminder_label.setStyleSheet("QLabel#contractReminder { color: #b9770e; font-weight: bold; }")
        self.reminder_label.setToolTip("单击查看集体合同")
        self.reminder_label.linkActivated.connect(lambda _link: self.show_page(self.contracts_page.title))
        self.reminder_label.hide()
        self.statusBar().addPermanentWidget(self.reminder_label, 1)
        self.statusBar().addPermanentWidget(self.path_label)
        self.year_combo.currentIndexChanged.connect(self._year_selected)
        self._restore_geometry()
        if db is None:
            self.statusBar().showMessage("正在打开台账……")
        else:
            self.attach(db)

    def attach(self, db: Database) -> None:
        """The database the shell shows: its path, the union's name, the latest year with records,
        the page the window opens on (built now), and the contract reminder."""
        from unionbook.services.overview import latest_year_with_records

        self.db = db
        self.path_label.setText(f"数据库：{db.location}")  # a file, or postgresql://user@server/db
        self.statusBar().clearMessage()
        if db.warning:
            self.statusBar().showMessage(db.warning)
        elif db.migration.backup is not None:
            self.statusBar().showMessage(f"数据库已升级到新版本，升级前的备份：{db.migration.backup}", 15000)
        # Not the year of the last session: the window opens on the latest year with records
        # (the current year once it has any), so the first screen never shows a year of zeros.
        self.set_year(latest_year_with_records(db.session_factory))
        self._show_row(self.nav.currentRow())
        self._show_union_name()
        self.update_reminder()
        # Once per start: the banner repeats the status bar's reminder where it cannot be missed.
        if self.reminder:
            self.banner_text.setText(self.reminder)
            self.reminder_banner.show()

    def _build_reminder_banner(self) -> QFrame:
        banner = QFrame()
        banner.setObjectName("reminderBanner")
        banner.setStyleSheet(
            "QFrame#reminderBanner { background: #fdebd0; border-bottom: 1px solid #f0b27a; }"
            "QFrame#reminderBanner QLabel { color: #7a4100; font-size: 14px; }"
        )
        row = QHBoxLayout(banner)
        row.setContentsMargins(16, 8, 12, 8)
        self.banner_text = QLabel()
        self.banner_text.setWordWrap(True)
        row.addWidget(self.banner_text, 1)
        self.banner_show_button = QPushButton("查看集体合同")
        self.banner_show_button.clicked.connect(self._banner_show_contracts)
        self.banner_close_button = QPushButton("知道了")
        self.banner_close_button.clicked.connect(banner.hide)
        row.addWidget(self.banner_show_button)
        row.addWidget(self.banner_close_button)
        banner.hide()
        return banner

    def _banner_show_contracts(self) -> None:
        self.reminder_banner.hide()
        self.show_page(self.contracts_page.title)

    @property
    def reminder(self) -> str | None:
        """The contract reminder now shown in the status bar (None when nothing is due)."""
        return self._reminder

    def update_reminder(self) -> None:
        """Contracts ending within 90 days, or lapsed, without a renewal: say so in the status bar."""
        from unionbook.services.contracts import needing_attention, reminder_text

        try:
            text = reminder_text(needing_attention(self.db.session_factory))
        except UnionbookError:  # a reminder must never stop the window from opening
            text = None
        self._reminder = text
        link = '<a href="contracts" style="color:#b9770e; text-decoration:none">{0}</a>'
        self.reminder_label.setText(link.format(text) if text else "")
        self.reminder_label.setVisible(text is not None)
        if text is None:
            self.reminder_banner.hide()
        elif self.reminder_banner.isVisible():
            self.banner_text.setText(text)

    @property
    def year(self) -> int:
        return int(self.year_combo.currentData())

    overview = _PageAttribute(0)
    members_page = _PageAttribute(1)
    contracts_page = _PageAttribute(2)
    aid_page = _PageAttribute(3)
    activities_page = _PageAttribute(4)
    finance_page = _PageAttribute(5)
    union_work_page = _PageAttribute(6)
    documents_page = _PageAttribute(7)
    settings_page = _PageAttribute(8)

    def page_titles(self) -> list[str]:
        return list(PAGE_TITLES)

    def page(self, index: int) -> Page:
        """The page at `index` of the navigation, imported and built now if it never was: it takes
        its place in the stack and the window's year."""
        page = self._pages[index]
        if page is None:
            if self.db is None:
                raise RuntimeError("the window's database is not open yet (attach comes first)")
            page = _build_page(index, self.db)
            self._pages[index] = page
            placeholder = self.stack.widget(index)
            self.stack.insertWidget(index, page)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            page.set_year(self.year)
            if index == 0:  # the overview's cards and 待办 lines open a register where they point
                page.open_requested.connect(self.open_at)
                page.import_requested.connect(self._import_roster)
        return page

    def built_pages(self) -> list[Page]:
        """The pages shown (or asked for) so far; the others will read everything when built."""
        return [page for page in self._pages if page is not None]

    def _show_row(self, row: int) -> None:
        if self.db is None:  # the shell: attach builds the row chosen meanwhile
            return
        if 0 <= row < len(PAGE_TITLES):
            self.page(row)
            self.stack.setCurrentIndex(row)

    def show_page(self, title: str) -> Page:
        index = self.page_titles().index(title)
        self.nav.setCurrentRow(index)
        return self.page(index)

    def open_at(self, opening: Opening) -> Page:
        """Show the page of the opening's register (设置 for none) and open it there."""
        pages: dict[Register | None, Page] = {
            Register.MEMBERS: self.members_page,
            Register.CONTRACTS: self.contracts_page,
            Register.HARDSHIP: self.aid_page,
            Register.PAYMENTS: self.aid_page,
            Register.ACTIVITIES: self.activities_page,
            Register.DUES: self.finance_page,
        }
        page = pages.get(opening.register, self.settings_page)
        self.show_page(page.title)
        page.open_at(opening)
        return page

    def _import_roster(self) -> None:
        self.show_page(self.members_page.title)
        self.members_page.open_import()

    def set_year(self, year: int) -> None:
        index = self.year_combo.findData(year)
        if index >= 0:
            self.year_combo.setCurrentIndex(index)

    def _year_selected(self, _index: int) -> None:
        for page in self.built_pages():
            page.set_year(self.year)
        self.year_changed.emit(self.year)

    def refresh_all(self) -> None:
        """Everything may have changed (a restore, the demo union): every page reads again."""
        announce(ALL_REGISTERS)

    def _changes_arrived(self, changes: OpChanges) -> None:
        if self.db is None:
            return
        if changes.registers == ALL_REGISTERS:  # the demo union, a restore: its latest year
            from unionbook.services.overview import latest_year_with_records

            self.set_year(latest_year_with_records(self.db.session_factory))
        if changes.touches({Register.PROFILE}):
            self._show_union_name()
        if changes.touches({Register.CONTRACTS}):
            self.update_reminder()

    def _show_union_name(self) -> None:
        """The union's name in the toolbar and as the window title. Qt adds the application's
        display name to a window title itself ("某某工会 — 工会台账"; an empty title shows
        "工会台账" alone), so the title is the name and nothing else: no product name twice."""
        from unionbook.services.union import get_profile

        profile = get_profile(self.db.session_factory)
        self.union_label.setText(profile.display_name)
        self.setWindowTitle(profile.union_name or profile.unit_name)

    def _restore_geometry(self) -> None:
        """The last session's size and place, and the page it was on (chosen in the navigation;
        built when the database is attached)."""
        store = ui_settings.settings()
        geometry = store.value("main/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        row = min(max(ui_settings.get_int("main/page", 0), 0), len(PAGE_TITLES) - 1)
        self.nav.setCurrentRow(row)

    # Dragging a roster onto the window starts the import wizard on it (that register's ledger
    # when a register page that imports is the one showing).

    @staticmethod
    def _dropped_table(event: QDragEnterEvent | QDropEvent) -> Path | None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        paths = [Path(u.toLocalFile()) for u in urls if u.isLocalFile()]
        tables = [p for p in paths if p.suffix.lower() in IMPORTABLE_SUFFIXES]
        return tables[0] if len(tables) == 1 else None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._dropped_table(event) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = self._dropped_table(event)
        if path is None:
            return
        event.acceptProposedAction()
        from unionbook.ui.pages.register_page import RegisterPage

        current = self.stack.currentWidget()
        if isinstance(current, RegisterPage) and current.import_key is not None:
            current.open_import(path)
            return
        self.show_page(self.members_page.title)
        self.members_page.open_import(path)

    def closeEvent(self, event: QCloseEvent) -> None:
        store = ui_settings.settings()
        store.setValue("main/geometry", self.saveGeometry())
        store.setValue("main/page", self.nav.currentRow())
        super().closeEvent(event)
