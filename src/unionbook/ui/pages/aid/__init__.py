"""帮扶: the page (page.py), one module per tab, and the printed sign-off sheet (signoff_print.py)."""

from unionbook.services.signoff import SignoffSheet, collect_signoff
from unionbook.ui.pages.aid.batches_tab import BatchesTab
from unionbook.ui.pages.aid.hardship_tab import HardshipTab
from unionbook.ui.pages.aid.page import AidPage
from unionbook.ui.pages.aid.payments_tab import PaymentsTab
from unionbook.ui.pages.aid.signoff_print import SIGNOFF_STYLE, render_signoff
from unionbook.ui.printing import a4_portrait_printer

__all__ = [
    "SIGNOFF_STYLE",
    "AidPage",
    "BatchesTab",
    "HardshipTab",
    "PaymentsTab",
    "SignoffSheet",
    "a4_portrait_printer",
    "collect_signoff",
    "render_signoff",
]
