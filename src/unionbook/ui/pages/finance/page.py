"""会费经费: the union's two money books on one page of tabs — who paid dues (会费) and where the
money went (经费收支, 预算执行) — the books the 经审 committee and the members look at.

One entry in the left navigation (after 活动), as 荣誉阵地维权 is: a chair's list of pages stays
short, and these tabs are read together when the accounts are made public each month.
"""

from __future__ import annotations

from unionbook.ui.pages.finance.budget_tab import BudgetTab
from unionbook.ui.pages.finance.dues_tab import DuesTab, WageBasesTab
from unionbook.ui.pages.finance.ledger_tab import LedgerTab
from unionbook.ui.pages.tabbed import RegisterTab, TabbedPage


class FinancePage(TabbedPage):
    title = "会费经费"
    tabs_name = "financeTabs"

    def build_tabs(self) -> list[RegisterTab]:
        self.dues_tab = DuesTab(self)
        self.wage_bases_tab = WageBasesTab(self)
        self.ledger_tab = LedgerTab(self)
        self.budget_tab = BudgetTab(self)
        return [self.dues_tab, self.wage_bases_tab, self.ledger_tab, self.budget_tab]
