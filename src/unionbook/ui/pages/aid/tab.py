"""What the registers of the 帮扶 page have in common as tabs of one page.

The tab frame itself (embedded register, one message line under the tabs, the 年度 filter that
follows the window's year) is ui/pages/tabbed.py's; the aid registers differ only in what they
print: sign-off sheets (batches_tab.py), not a ledger of the table. The 年度 filter matters most
here: a whole union's payments of every year are slow to list.
"""

from __future__ import annotations

from typing import TypeVar

from unionbook.ui.i18n import translator
from unionbook.ui.pages.tabbed import FIRST_YEAR, RegisterTab, TabHost

RowT = TypeVar("RowT")

tr = translator("AidPage")

#: What a tab needs of the 帮扶 page (the shared tab host).
AidHost = TabHost

__all__ = ["FIRST_YEAR", "AidHost", "AidTab", "tr"]


class AidTab(RegisterTab[RowT]):
    #: The aid registers print sign-off sheets, not a ledger of the table.
    print_caption = None
