"""The warning a payment or batch gets before it is saved when it breaks a spending rule (开支标准),
or would take its spending category past the year's budget.

It names each person, the cap and what is left (the services word it: domain/spending_rules.py),
lists every person of a batch who is over, and offers two ways on: 返回修改 (the default: nothing
is saved, the form stays as typed) or 仍然保存, which needs a reason when a rule is broken — the
reason is recorded with each breach and printed in the 合规检查 report. A budget warning alone
asks no reason: the budget is the chair's own plan, not a provincial rule.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from unionbook.domain.spending_rules import Breach
from unionbook.ui.i18n import translator

tr = translator("BreachDialog")

#: What the dialog's text box may hold (services/spending_rules.MAX_REASON).
MAX_REASON = 500


class BreachDialog(QDialog):
    """`BreachDialog(breaches, budget_lines, parent, batch=...)`; after Accepted, `reason()`."""

    def __init__(self, breaches: Sequence[Breach], budget_lines: Sequence[str] = (), parent: QWidget | None = None,
                 *, batch: bool = False) -> None:  # fmt: skip
        super().__init__(parent)
        self.breaches = tuple(breaches)
        self.setWindowTitle(tr("超出开支标准") if breaches else tr("超出预算"))
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        if breaches:
            people = len({b.index for b in breaches})
            head = (tr("名单中有 {0} 人超出开支标准：").format(people) if batch
                    else tr("这笔发放超出开支标准："))  # fmt: skip
            self.head = QLabel(head)
            self.head.setObjectName("warning")
            self.head.setStyleSheet("font-weight: bold;")
            layout.addWidget(self.head)
            self.list = QListWidget()
            self.list.setObjectName("breachList")
            self.list.setWordWrap(True)
            self.list.addItems([b.message for b in breaches])
            rows = min(len(breaches), 8)
            self.list.setFixedHeight(max(rows, 2) * (self.fontMetrics().height() * 2 + 6) + 6)
            # As wide as the longest message (within a 1366-pixel screen), so each reads on one line.
            widest = max(self.fontMetrics().horizontalAdvance(b.message) for b in breaches)
            self.setMinimumWidth(min(max(620, widest + 60), 1000))
            layout.addWidget(self.list)
            rules = list(dict.fromkeys(b.rule.text() for b in breaches))
            basis = QLabel(tr("标准：") + "；".join(rules))
            basis.setObjectName("hint")
            basis.setWordWrap(True)
            layout.addWidget(basis)
        if budget_lines:
            self.budget = QLabel(tr("预算提示：") + "；".join(budget_lines))
            self.budget.setObjectName("warning")
            self.budget.setWordWrap(True)
            layout.addWidget(self.budget)
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setObjectName("breachReason")
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setPlaceholderText(tr("例如：经工会委员会研究同意（2025年第3次委员会会议纪要）"))
        self.reason_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)
        self.reason_label = QLabel(tr("确需发放时，请写明原因（必填，记入合规检查报告）："))
        if breaches:
            layout.addWidget(self.reason_label)
            layout.addWidget(self.reason_edit)
        else:
            layout.addWidget(QLabel(tr("仍要保存吗？")))
        self.buttons = QDialogButtonBox()
        self.back_button = QPushButton(tr("返回修改"))
        self.save_button = QPushButton(tr("仍然保存"))
        self.back_button.setDefault(True)
        self.save_button.setAutoDefault(False)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.back_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.reason_edit.textChanged.connect(self._update)
        self._update()
        self.back_button.setFocus()

    def reason(self) -> str:
        return self.reason_edit.toPlainText().strip()[:MAX_REASON]

    def _update(self) -> None:
        self.save_button.setEnabled(not self.breaches or bool(self.reason()))
        self.save_button.setToolTip("" if self.save_button.isEnabled() else tr("请先写明原因"))


def ask_to_go_ahead(parent: QWidget, breaches: Sequence[Breach], budget_lines: Sequence[str] = (),
                    *, batch: bool = False) -> str | None:  # fmt: skip
    """None when the chair goes back to change the form; else the reason ("" for a budget warning
    alone). Nothing to warn about: "" at once, no dialog."""
    if not breaches and not budget_lines:
        return ""
    dialog = BreachDialog(breaches, budget_lines, parent, batch=batch)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.reason()
