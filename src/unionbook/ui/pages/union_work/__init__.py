"""荣誉阵地维权: the page (page.py) and one module per tab."""

from unionbook.ui.pages.union_work.cases_tab import CasesTab
from unionbook.ui.pages.union_work.honors_tab import HonorsTab
from unionbook.ui.pages.union_work.page import UnionWorkPage
from unionbook.ui.pages.union_work.positions_tab import PositionsTab

__all__ = ["CasesTab", "HonorsTab", "PositionsTab", "UnionWorkPage"]
