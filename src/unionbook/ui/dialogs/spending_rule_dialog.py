"""Add or edit one spending rule (开支标准) in 设置: program, kind, the cap in 元 (a cap only),
the basis (依据) and whether it is checked. The service validates (services/spending_rules.py);
an error appears under its field.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QWidget

from unionbook.domain.spending_rules import Rule
from unionbook.domain.vocab import AidProgram, SpendingRuleKind, labels
from unionbook.services import spending_rules
from unionbook.services.database import Database
from unionbook.services.spending_rules import RuleInput
from unionbook.ui.dialogs.form_dialog import FormDialog, Saved, inline
from unionbook.ui.dialogs.payment_dialog import fen_of, yuan_edit, yuan_text
from unionbook.ui.dialogs.record_form import choice_combo, form_layout, line_edit, notes_edit, select
from unionbook.ui.i18n import translator

tr = translator("SpendingRuleDialog")


class SpendingRuleDialog(FormDialog):
    """`SpendingRuleDialog(db)` adds a rule; `SpendingRuleDialog(db, rule=rule)` edits one."""

    def __init__(self, db: Database, *, rule: Rule | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent, db=db)
        if rule is not None:  # read again after its version: the page's rule may be older
            self.track("spending_rules", rule.id, self._reload_rule)
            rule = self._stored_rule(rule.id) or rule
        self.rule = rule
        self.setWindowTitle(tr("新增开支标准") if rule is None else tr("编辑开支标准"))
        self.setMinimumWidth(560)
        form = form_layout()
        self.body.addLayout(form)
        self.program = choice_combo(labels(AidProgram))
        self.kind = choice_combo(labels(SpendingRuleKind))
        self.cap = yuan_edit()
        self.cap_row = inline(self.cap, tr("元（同一人同一项目一个自然年度内现金与实物价值合计）"))
        self.basis = line_edit(200, tr("例如：皖工发〔2025〕18号"))
        self.enabled = QCheckBox(tr("发放时检查这条标准"))
        self.enabled.setChecked(True)
        self.notes = notes_edit(tr("说明（可不填）"), lines=2)
        form.addRow(tr("项目") + " *", self.field(self.program, "项目"))
        form.addRow(tr("类型") + " *", self.field(self.kind, "类型"))
        form.addRow(tr("每人每年限额"), self.field(self.cap_row, "限额", self.cap))
        form.addRow(tr("依据"), self.field(self.basis, "依据"))
        form.addRow("", self.enabled)
        form.addRow(tr("说明"), self.notes)
        self.finish()
        self.kind.currentIndexChanged.connect(lambda _i: self._update_cap())
        if rule is not None:
            self._load(rule)
        self._update_cap()

    def _load(self, rule: Rule) -> None:
        select(self.program, rule.program)
        select(self.kind, rule.kind)
        self.cap.setText(yuan_text(rule.cap_fen))
        self.basis.setText(rule.basis)
        self.enabled.setChecked(rule.enabled)
        self.notes.setPlainText(rule.notes)

    def _stored_rule(self, rule_id: int) -> Rule | None:
        return next((r for r in spending_rules.list_rules(self._factory) if r.id == rule_id), None)

    def _reload_rule(self) -> None:
        """The rule as stored now (someone else saved it since the dialog opened)."""
        self.rule = self._stored_rule(self.rule.id) or self.rule  # type: ignore[union-attr]
        self._load(self.rule)
        self._update_cap()

    def _update_cap(self) -> None:
        """Only a cap has an amount: the field is off for the other kinds."""
        self.cap.setEnabled(self.kind.currentData() == SpendingRuleKind.CAP)

    def rule_input(self) -> RuleInput:
        cap = fen_of(self.cap) if self.cap.isEnabled() else None
        return RuleInput(program=str(self.program.currentData()), kind=str(self.kind.currentData()), cap_fen=cap,
                         basis=self.basis.text(), enabled=self.enabled.isChecked(), notes=self.notes.toPlainText())  # fmt: skip

    def check(self) -> bool:
        try:
            fen_of(self.cap)
        except ValueError:
            self.errors["限额"].show_text(tr("应为金额，例如 2200 或 2,200.00"))
            self.cap.setFocus()
            return False
        return True

    def save(self) -> Saved:
        return Saved(spending_rules.save_rule(self._factory, self.rule_input(), self.rule.id if self.rule else None))
