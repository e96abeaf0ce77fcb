"""会费经费: the page (page.py) and one module per tab."""

from unionbook.ui.pages.finance.budget_tab import BudgetTab
from unionbook.ui.pages.finance.ledger_tab import LedgerTab
from unionbook.ui.pages.finance.page import FinancePage

__all__ = ["BudgetTab", "FinancePage", "LedgerTab"]
