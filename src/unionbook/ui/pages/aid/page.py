"""帮扶: hardship files, every disbursement, and batch distributions with their sign-off sheets.

Three tabs for the three things a chair does with the aid register:
- 困难职工档案 (hardship_tab.py): who is on file, who must be reviewed this year (orange, with the
  reason in the tooltip and a line above the table), opening, reviewing, closing, and the
  建档申请表 filled from a file;
- 发放记录 (payments_tab.py): every payment of the year the window shows, with a 合计 of the listed
  rows (a sum of what is on screen, not a statistics figure: the figures engine counts people and
  人次);
- 批量发放 (batches_tab.py): one 端午节慰问 to 300 people is one batch — created through a preview,
  printed as a 发放签收表 (.xlsx or straight to the printer, signoff_print.py), ticked off when the
  signed sheet comes back, and undone as a whole when it was recorded by mistake.

Each tab is a register page of its own: it announces what it changed (困难职工档案, 帮扶慰问发放,
批量发放) and re-reads when another tab or page changes what it shows — a batch changes the
payments, a payment the file it is counted under, a renamed member every tab — hidden tabs when
they are next shown (ui/changes.py).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QTabWidget, QVBoxLayout

from unionbook.services.database import Database
from unionbook.ui.pages.aid.batches_tab import BatchesTab
from unionbook.ui.pages.aid.hardship_tab import HardshipTab
from unionbook.ui.pages.aid.payments_tab import PaymentsTab
from unionbook.ui.pages.base import Page, heading
from unionbook.ui.pages.register_page import message_line
from unionbook.ui.tasks import BackgroundTask

_CONTEXT = "AidPage"


def tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


class AidPage(Page):
    title = "帮扶"

    def __init__(self, db: Database, *, today: date | None = None) -> None:
        super().__init__()
        self.db = db
        self.fixed_today = today
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 12)
        layout.setSpacing(8)
        layout.addWidget(heading(tr("帮扶")))
        # Created before the tabs: their first reload may already have something to say.
        self.message_label = message_line()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("aidTabs")
        self.hardship_tab = HardshipTab(self)
        self.payments_tab = PaymentsTab(self)
        self.batches_tab = BatchesTab(self)
        for tab in self.registers():
            self.tabs.addTab(tab, tr(tab.title))
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message_label)
        self.tabs.currentChanged.connect(lambda _i: self.show_message(""))

    @property
    def today(self) -> date:
        return self.fixed_today or date.today()

    def registers(self) -> tuple[HardshipTab, PaymentsTab, BatchesTab]:
        return self.hardship_tab, self.payments_tab, self.batches_tab

    @property
    def export_task(self) -> BackgroundTask | None:
        """The export, sheet or form being written by one of the tabs (None when none is)."""
        return next((tab.export_task for tab in self.registers() if tab.export_task is not None), None)

    def set_year(self, year: int) -> None:
        for tab in self.registers():
            tab.set_year(year)

    def refresh(self) -> None:
        for tab in self.registers():
            tab.reload()

    def show_message(self, text: str, warning: bool = False) -> None:
        self.message_label.setObjectName("warning" if warning else "hint")
        self.message_label.style().unpolish(self.message_label)
        self.message_label.style().polish(self.message_label)
        self.message_label.setText(text)
