"""总览: the union at a glance, and the way in for a new, empty database."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from unionbook.services.database import Database
from unionbook.services.overview import RegisterCounts, register_counts
from unionbook.services.union import get_profile
from unionbook.ui.pages.base import Page, heading
from unionbook.ui.tasks import run_in_background


class _Card(QFrame):
    def __init__(self, title: str) -> None:
        super().__init__()
        self.setObjectName("card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        caption = QLabel(title)
        caption.setObjectName("cardTitle")
        self.value = QLabel("—")
        self.value.setObjectName("cardValue")
        layout.addWidget(caption)
        layout.addWidget(self.value)


class OverviewPage(Page):
    title = "总览"
    #: Emitted after the demo union was loaded, so the window refreshes every page.
    data_changed = Signal()

    def __init__(self, db: Database) -> None:
        super().__init__()
        self.db = db
        self.year = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        self.name_label = heading("")
        layout.addWidget(self.name_label)
        self.subtitle = QLabel()
        layout.addWidget(self.subtitle)

        grid = QGridLayout()
        self.cards = {
            "members": _Card("职工名册（人）"),
            "contracts": _Card("集体合同（份）"),
            "hardship_files": _Card("困难职工档案（户）"),
            "payments": _Card("帮扶慰问发放（笔）"),
            "activities": _Card("活动与会议（场）"),
        }
        for i, card in enumerate(self.cards.values()):
            grid.addWidget(card, 0, i)
        layout.addLayout(grid)

        self.empty_panel = QWidget()
        empty_layout = QVBoxLayout(self.empty_panel)
        empty_text = QLabel(
            "数据库还是空的。可以先载入一个虚构的演示工会看看各项功能，"
            "或者到“会员”页导入现有的花名册（Excel/WPS 表格）。"
        )
        empty_text.setWordWrap(True)
        empty_layout.addWidget(empty_text)
        row = QHBoxLayout()
        self.demo_button = QPushButton("载入演示工会")
        self.demo_button.clicked.connect(self.load_demo)
        row.addWidget(self.demo_button)
        row.addStretch(1)
        empty_layout.addLayout(row)
        layout.addWidget(self.empty_panel)

        self.figures_note = QLabel()
        self.figures_note.setWordWrap(True)
        self.figures_note.setObjectName("hint")
        layout.addWidget(self.figures_note)
        layout.addStretch(1)

    def set_year(self, year: int) -> None:
        self.year = year
        self.refresh()

    def refresh(self) -> None:
        profile = get_profile(self.db.session_factory)
        counts: RegisterCounts = register_counts(self.db.session_factory)
        self.name_label.setText(profile.display_name)
        self.subtitle.setText(f"{profile.unit_name}　工会主席：{profile.chair_name or '未填写'}" if profile.unit_name else "")
        for key, card in self.cards.items():
            card.value.setText(f"{getattr(counts, key):,}")
        self.empty_panel.setVisible(counts.empty)
        self.figures_note.setText(
            f"以上为台账中的记录总数。{self.year} 年度的统计数字（会员总数、入会率、帮扶人次与金额、活动场次等）"
            "将在统计功能完成后显示在这里，并可一键生成年度工作总结。"
        )

    def load_demo(self) -> None:
        from unionbook.services.demo import generate_demo

        self.demo_button.setEnabled(False)
        task = run_in_background(
            self,
            "正在生成演示工会……",
            lambda progress, cancelled: generate_demo(
                self.db.session_factory, progress=progress, cancelled=cancelled
            ),
        )
        task.finished.connect(lambda: self.demo_button.setEnabled(True))
        task.success(lambda _summary: self.data_changed.emit()).start()

