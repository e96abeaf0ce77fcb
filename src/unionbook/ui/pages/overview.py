"""总览: the union at a glance, and the way in for a new, empty database.

Below the register counts, the selected year's key figures beside last year's, straight from the
figures registry (nothing here computes a figure). Computing them reads the whole roster (~0.5 s
at 100,000 people, both years), so it runs in the GUI thread only when the page is on screen:
saving a member on another page just marks the figures stale.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from unionbook.domain.registers import ALL_REGISTERS
from unionbook.services.database import Database
from unionbook.services.figures import Period, compute_with_comparison, figure_by_name, format_value
from unionbook.services.overview import RegisterCounts, register_counts
from unionbook.services.union import get_profile
from unionbook.ui.changes import announce
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


#: The figures a chair looks at first, in this order (names of FIGURES.md).
KEY_FIGURES: tuple[str, ...] = (
    "会员总数",
    "入会率",
    "新入会人数",
    "职工总数",
    "有效集体合同份数",
    "在档困难职工户数",
    "帮扶慰问总人次",
    "帮扶慰问总金额万元",
    "活动总场次",
)


class OverviewPage(Page):
    title = "总览"
    #: Its cards and figures count every register.
    watches = ALL_REGISTERS

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

        layout.addSpacing(12)
        self.figures_note = QLabel()
        font = self.figures_note.font()
        font.setBold(True)
        self.figures_note.setFont(font)
        layout.addWidget(self.figures_note)
        self.figures_box = QFrame()
        self.figures_box.setObjectName("card")
        self.figures_grid = QGridLayout(self.figures_box)
        self.figures_grid.setHorizontalSpacing(24)
        self.figure_header = [QLabel() for _ in range(4)]
        for column, label in enumerate(self.figure_header):
            label.setObjectName("cardTitle")
            label.setAlignment(Qt.AlignmentFlag.AlignRight if column else Qt.AlignmentFlag.AlignLeft)
            self.figures_grid.addWidget(label, 0, column)
        #: name → (this year, last year, 同比) labels.
        self.figure_rows: dict[str, tuple[QLabel, QLabel, QLabel]] = {}
        for row, name in enumerate(KEY_FIGURES, start=1):
            figure = figure_by_name(name)
            caption = QLabel(name)
            caption.setToolTip(figure.description if figure else "")
            self.figures_grid.addWidget(caption, row, 0)
            cells = (QLabel("—"), QLabel("—"), QLabel("—"))
            for column, cell in enumerate(cells, start=1):
                cell.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                cell.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                self.figures_grid.addWidget(cell, row, column)
            self.figure_rows[name] = cells
        self.figures_grid.setColumnStretch(4, 1)
        layout.addWidget(self.figures_box)
        self.figures_hint = QLabel("鼠标停在指标名称上可查看它的统计口径。")
        self.figures_hint.setObjectName("hint")
        self.figures_hint.setWordWrap(True)
        layout.addWidget(self.figures_hint)
        layout.addStretch(1)
        self._figures_stale = True

    def set_year(self, year: int) -> None:
        if year == self.year:
            return  # the window calls refresh() right after; no second computation
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
        self.figures_note.setText(f"{self.year} 年度主要统计数字（与上年同期比较）")
        for widget in (self.figures_box, self.figures_hint):
            widget.setVisible(not counts.empty)
        self._figures_stale = True
        if self.isVisible():
            self.show_figures()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._figures_stale:
            self.show_figures()

    def show_figures(self) -> None:
        """Compute the selected year's figures and last year's, and fill the table."""
        if not self.year:
            return
        period = Period.year(self.year)
        values = compute_with_comparison(self.db.session_factory, period)
        headers = ("指标", f"{self.year} 年", f"{self.year - 1} 年", "同比")
        for label, text in zip(self.figure_header, headers, strict=True):
            label.setText(text)
        for name, (current, previous, change) in self.figure_rows.items():
            figure = figure_by_name(name)
            unit = figure.unit if figure else ""
            current.setText(format_value(values[name], unit))
            previous.setText(format_value(values["上年" + name], unit))
            change.setText(str(values[name + "同比"]))
        self._figures_stale = False

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
        task.success(lambda _summary: announce(ALL_REGISTERS)).start()

