"""帮扶: hardship files, every disbursement, batch distributions with their sign-off sheets, and
the 职工互助保障 the union enrolls its members in.

Four tabs for the four things a chair does with the aid register:
- 困难职工档案 (hardship_tab.py): who is on file, who must be reviewed this year (orange, with the
  reason in the tooltip and a line above the table), opening, reviewing, closing, and the
  建档申请表 filled from a file;
- 发放记录 (payments_tab.py): every payment of the year the window shows, with a 合计 of the listed
  rows (a sum of what is on screen, not a statistics figure: the figures engine counts people and
  人次);
- 批量发放 (batches_tab.py): one 端午节慰问 to 300 people is one batch — created through a preview,
  printed as a 发放签收表 (.xlsx or straight to the printer, signoff_print.py), ticked off when the
  signed sheet comes back, and undone as a whole when it was recorded by mistake;
- 互助保障 (mutual_aid_tab.py): who the union enrolled in 职工互助保障 each year, under which plan,
  for how much — usually the insurer's list, imported.

Each tab is a register page of its own (ui/pages/tabbed.py): it announces what it changed (困难职工
档案, 帮扶慰问发放, 批量发放, 互助保障) and re-reads when another tab or page changes what it shows —
a batch changes the payments, a payment the file it is counted under, a renamed member every tab —
hidden tabs when they are next shown (ui/changes.py).
"""

from __future__ import annotations

from unionbook.ui.pages.aid.batches_tab import BatchesTab
from unionbook.ui.pages.aid.hardship_tab import HardshipTab
from unionbook.ui.pages.aid.mutual_aid_tab import MutualAidTab
from unionbook.ui.pages.aid.payments_tab import PaymentsTab
from unionbook.ui.pages.tabbed import RegisterTab, TabbedPage


class AidPage(TabbedPage):
    title = "帮扶"
    tabs_name = "aidTabs"

    def build_tabs(self) -> list[RegisterTab]:
        self.hardship_tab = HardshipTab(self)
        self.payments_tab = PaymentsTab(self)
        self.batches_tab = BatchesTab(self)
        self.mutual_aid_tab = MutualAidTab(self)
        return [self.hardship_tab, self.payments_tab, self.batches_tab, self.mutual_aid_tab]
