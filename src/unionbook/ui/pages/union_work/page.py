"""荣誉阵地维权: three registers a chair keeps beside the four big ones, on one page of tabs.

- 荣誉 (honors_tab.py): titles to members and collectives — 劳动模范, 五一劳动奖章, 工人先锋号, 模范
  职工之家, 创新工作室, "五小"成果 …;
- 阵地 (positions_tab.py): 职工之家, 职工书屋, 爱心妈妈小屋, 爱心驿站 … with their photos;
- 维权 (cases_tab.py): 法律咨询, 劳动争议调解, 法律援助, 职工诉求/办实事, the people's names private.

One entry in the left navigation rather than three: a chair's list of pages stays short (≤ 9), and
these three are what the summary's 建家、建功和维权 paragraphs are written from. 互助保障 is a tab
of 帮扶 (ui/pages/aid/), where the other insurance-like help is.
"""

from __future__ import annotations

from unionbook.ui.pages.tabbed import RegisterTab, TabbedPage
from unionbook.ui.pages.union_work.cases_tab import CasesTab
from unionbook.ui.pages.union_work.honors_tab import HonorsTab
from unionbook.ui.pages.union_work.positions_tab import PositionsTab


class UnionWorkPage(TabbedPage):
    title = "荣誉阵地维权"
    tabs_name = "unionWorkTabs"

    def build_tabs(self) -> list[RegisterTab]:
        self.honors_tab = HonorsTab(self)
        self.positions_tab = PositionsTab(self)
        self.cases_tab = CasesTab(self)
        return [self.honors_tab, self.positions_tab, self.cases_tab]
