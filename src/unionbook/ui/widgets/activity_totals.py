"""The panel beside the activities table: the year's totals by category, for the 年度工作总结.

The numbers come from the figures registry (`services.figures.compute`), never from counting rows
here: they are the numbers the 年度工作总结 and 统计年报 print, with the registry's rules (人次 from
the sign-in list when one is kept, activities counted by start date). The panel's lines are laid out
from the registry too (`totals_layout`), so a figure added there shows here without a change.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QSizePolicy, QVBoxLayout

from unionbook.domain.errors import UnionbookError
from unionbook.services.database import Database
from unionbook.services.figures import FIGURES, Figure, Period, format_value
from unionbook.services.figures import activities as activity_figures
from unionbook.services.figures.registry import present
from unionbook.ui.errors import show_error
from unionbook.ui.i18n import translator

tr = translator("ActivityTotals")
_REGISTER = "活动"

_STYLE = """
QFrame#totalsPanel { background: white; border: 1px solid #d5dbe1; border-radius: 6px; }
QFrame#totalsPanel QLabel { padding: 1px 0; }
QLabel#totalsTitle { font-size: 15px; font-weight: bold; color: #2b3a4a; }
QLabel#totalsHead { color: #6b7785; }
QLabel#totalsZero { color: #a7b0ba; }
QLabel#totalsSum { font-weight: bold; color: #c0392b; }
"""

#: Captions that would make the panel wider than the table can spare (the tooltip has the full name).
_SHORT_CAPTIONS = {"劳动和技能竞赛": "技能竞赛"}


@dataclass(frozen=True)
class TotalsLine:
    """One line of the totals panel: a caption and the figures shown beside it."""

    caption: str
    figures: tuple[Figure, ...]


def totals_layout() -> tuple[list[TotalsLine], list[TotalsLine], list[TotalsLine]]:
    """The activity figures of the registry arranged for the panel: categories (场次/期数 with
    their 人次), meetings, and the year's sums. Read from the registry, so a figure added there
    shows here without a change to this panel."""
    mine = [f for f in FIGURES if f.register == _REGISTER]
    by_key = {f.key: f for f in mine}
    categories = []
    for figure in mine:
        if figure.key.endswith("_count"):
            slug = figure.key.removesuffix("_count")
            people = by_key.get(f"{slug}_attendance")
            caption = figure.name.removesuffix("场次").removesuffix("期数")
            caption = _SHORT_CAPTIONS.get(caption, caption)
            categories.append(TotalsLine(caption, (figure,) + ((people,) if people else ())))
    if "health_checks" in by_key:  # 职工体检/疗休养 is counted in 人次 only (FIGURES.md)
        categories.append(TotalsLine("体检疗休养", (by_key["health_checks"],)))
    meetings, sums = [], []
    for key, caption in (("congress_meetings", "职代会"), ("committee_meetings", "委员会议")):
        if key in by_key:
            meetings.append(TotalsLine(caption, (by_key[key],)))
    if "proposals" in by_key:
        meetings.append(TotalsLine("提案（办结）", tuple(by_key[k] for k in ("proposals", "proposals_closed") if k in by_key)))
    if "activities_total" in by_key:
        sums.append(TotalsLine("合计", tuple(by_key[k] for k in ("activities_total", "attendance_total") if k in by_key)))
    if "activity_cost" in by_key:
        sums.append(TotalsLine("活动经费", (by_key["activity_cost"],)))
    return categories, meetings, sums


class ActivityTotals(QFrame):
    """`show_year(year)` computes and shows that year's figures; `labels` maps a figure's name to
    the label showing its value, `values` holds the figures last shown."""

    def __init__(self, db: Database) -> None:
        super().__init__()
        self.db = db
        self.values: dict[str, object] = {}
        self.setObjectName("totalsPanel")
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        column = QVBoxLayout(self)
        column.setContentsMargins(14, 10, 14, 10)
        column.setSpacing(6)
        self.title = QLabel()
        self.title.setObjectName("totalsTitle")
        column.addWidget(self.title)
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(2)
        self.labels: dict[str, QLabel] = {}  # figure name → its value label
        self._fill_grid(grid)
        column.addLayout(grid)
        note = QLabel(tr("按活动开始日期统计；有签到名单的按名单人数计。与年度工作总结、统计年报中的数字一致。"))
        note.setObjectName("hint")
        note.setWordWrap(True)
        column.addWidget(note)
        column.addStretch(1)
        # As wide as the figures need (the wrapped note follows): every pixel is the table's.
        # Measured on typical values, since the labels are still empty here.
        for name, label in self.labels.items():
            unit = next(f.unit for f in FIGURES if f.name == name)
            label.setText({"元": "999,999.00 元", "人次": "9,999"}.get(unit, "999 场"))
        margins = column.contentsMargins()
        self.setFixedWidth(grid.sizeHint().width() + margins.left() + margins.right() + 24)
        for label in self.labels.values():
            label.clear()
        self.setStyleSheet(_STYLE)  # after measuring: the width was always taken in the plain font

    def _fill_grid(self, grid: QGridLayout) -> None:
        row = 0
        for text, col in ((tr("类别"), 0), (tr("场次"), 1), (tr("人次"), 2)):
            head = QLabel(text)
            head.setObjectName("totalsHead")
            grid.addWidget(head, row, col, alignment=Qt.AlignmentFlag.AlignLeft if col == 0 else Qt.AlignmentFlag.AlignRight)
        row += 1
        for section, lines in enumerate(totals_layout()):
            if section:
                rule = QFrame()
                rule.setFrameShape(QFrame.Shape.HLine)
                rule.setStyleSheet("color: #d5dbe1;")
                grid.addWidget(rule, row, 0, 1, 3)
                row += 1
            for line in lines:
                caption = QLabel(tr(line.caption))
                caption.setToolTip("\n".join(f"{f.name}：{f.description}" for f in line.figures))
                grid.addWidget(caption, row, 0)
                if len(line.figures) == 1 and line.figures[0].unit == "元":
                    # An amount is too wide for the 场次 column: it spans both.
                    value = QLabel()
                    grid.addWidget(value, row, 1, 1, 2, alignment=Qt.AlignmentFlag.AlignRight)
                    self.labels[line.figures[0].name] = value
                else:
                    # A 人次 alone (体检疗休养) stands under 人次, not under 场次.
                    first = 2 if len(line.figures) == 1 and line.figures[0].unit == "人次" else 1
                    for col, figure in enumerate(line.figures, start=first):
                        value = QLabel()
                        value.setToolTip(f"{figure.name}：{figure.description}")
                        grid.addWidget(value, row, col, alignment=Qt.AlignmentFlag.AlignRight)
                        self.labels[figure.name] = value
                if section == 2:
                    caption.setObjectName("totalsSum")
                    for figure in line.figures:
                        self.labels[figure.name].setObjectName("totalsSum")
                row += 1

    def show_year(self, year: int) -> bool:
        """The year's figures from the registry (nothing here counts them); False if unreadable."""
        try:
            # The activity register's module of the registry alone: the panel shows its figures
            # only, and every figure of a large union's year (members, aid, funds) takes seconds.
            with self.db.session_factory() as session:
                raw = activity_figures.compute(session, Period.year(year))
            values = {f.name: present(f, raw[f.key]) for f in FIGURES if f.register == _REGISTER}
        except UnionbookError as exc:
            show_error(self, exc)
            return False
        self.values = dict(values)
        self.title.setText(tr("{0} 年分类合计").format(year))
        for name, label in self.labels.items():
            figure = next(f for f in FIGURES if f.name == name)
            value = values[name]
            if name == "已办结提案数":
                label.setText(f"（{value}）")
            elif figure.unit in ("人次",):
                label.setText(f"{value:,}")
            else:
                label.setText(format_value(value, figure.unit))
            if label.objectName() != "totalsSum":
                label.setObjectName("totalsZero" if not value else "")
                label.style().unpolish(label)
                label.style().polish(label)
        return True
