"""打印会员花名册: who goes on paper, asked before the preview.

The members page lists everyone the union has ever registered: employees who never joined, people
who left (转出, 退会 …). A 会员花名册 on paper is the list of members on the books today, so that is
what prints unless the chair unticks 只打印在册会员 — and the dialog says how many each choice
prints, so a shorter list than the screen's is no surprise.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from unionbook.ui.i18n import translator
from unionbook.ui.printing import ON_ROSTER

tr = translator("RosterPrintDialog")


class RosterPrintDialog(QDialog):
    """`breakdown`: the listed people by status label (members.membership_breakdown).
    `chosen_status`: the page's 会籍状态 filter, if any — a chair who filtered for 已转出 asked
    for those people, so the box starts unticked then."""

    def __init__(self, breakdown: dict[str, int], chosen_status: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.breakdown = breakdown
        self.setWindowTitle(tr("打印会员花名册"))
        layout = QVBoxLayout(self)
        self.members_only = QCheckBox(tr("只打印在册会员（会员和保留会籍的）"))
        self.members_only.setChecked(chosen_status is None or chosen_status in ON_ROSTER)
        layout.addWidget(self.members_only)
        self.summary = QLabel()
        self.summary.setObjectName("hint")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("打印预览"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.members_only.toggled.connect(lambda _checked: self._update())
        self._update()
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("字" * 30))

    def printed_count(self) -> int:
        if not self.members_only.isChecked():
            return sum(self.breakdown.values())
        return sum(n for label, n in self.breakdown.items() if label in ON_ROSTER)

    def _update(self) -> None:
        total = sum(self.breakdown.values())
        others = [f"{label} {n:,} 人" for label, n in self.breakdown.items() if label not in ON_ROSTER]
        if self.members_only.isChecked():
            text = tr("将打印 {0} 人。").format(f"{self.printed_count():,}")
            if others:
                text += tr("列表中另有{0}，不打印。").format("、".join(others))
        else:
            text = tr("将打印当前列表中的全部 {0} 人").format(f"{total:,}")
            text += tr("，其中{0}。").format("、".join(others)) if others else tr("。")
        self.summary.setText(text)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.printed_count() > 0)
