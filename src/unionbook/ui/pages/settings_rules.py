"""设置 → 开支标准: the rules every payment and batch is checked against, where they came from, and
the way to load a province's preset (which replaces them all, after asking).

The table lists each rule as the check reads it (项目, 类型, 限额 in 元, 依据, 启用); 新增…/编辑…
open SpendingRuleDialog, 删除 asks first. Breaches already recorded keep their wording and reason
whatever is changed here (the 合规检查 report still lists them).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from unionbook.domain.errors import UnionbookError
from unionbook.domain.money import format_yuan
from unionbook.domain.registers import Register
from unionbook.domain.spending_rules import Rule
from unionbook.services import spending_rules
from unionbook.services.database import Database
from unionbook.ui.changes import announce
from unionbook.ui.dialogs.spending_rule_dialog import SpendingRuleDialog
from unionbook.ui.errors import show_error
from unionbook.ui.i18n import translator

tr = translator("SpendingRulesBox")

HEADERS = ("项目", "类型", "限额（元）", "依据", "启用")
PROGRAM, KIND, CAP, BASIS, ENABLED = range(5)


class SpendingRulesBox(QGroupBox):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(tr("开支标准（登记发放和批量发放时自动检查）"), parent)
        self.db = db
        self.rules: list[Rule] = []
        layout = QVBoxLayout(self)
        self.source = QLabel()
        self.source.setObjectName("hint")
        self.source.setWordWrap(True)
        layout.addWidget(self.source)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("spendingRules")
        self.table.setHorizontalHeaderLabels([tr(h) for h in HEADERS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in (PROGRAM, KIND, CAP, ENABLED):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(BASIS, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(self.fontMetrics().height() * 14)
        self.table.doubleClicked.connect(lambda _i: self.edit())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.add_button = QPushButton(tr("新增…"))
        self.edit_button = QPushButton(tr("编辑…"))
        self.delete_button = QPushButton(tr("删除"))
        self.add_button.clicked.connect(lambda: self.add())
        self.edit_button.clicked.connect(lambda: self.edit())
        self.delete_button.clicked.connect(lambda: self.delete())
        for button in (self.add_button, self.edit_button, self.delete_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(QLabel(tr("预设：")))
        self.presets = QComboBox()
        self.preset_button = QPushButton(tr("载入预设…"))
        self.preset_button.setToolTip(tr("用所选省份的开支标准替换当前全部规则（已记录的超标准发放不受影响）"))
        self.preset_button.clicked.connect(lambda: self.load_preset())
        row.addWidget(self.presets)
        row.addWidget(self.preset_button)
        layout.addLayout(row)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        try:
            for preset in spending_rules.list_presets():
                self.presets.addItem(f"{preset.name}（{len(preset.rules)} 条）", preset.name)
        except UnionbookError as exc:
            self.message.setText(exc.message())
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        self.refresh()  # a restore or another window may have changed them
        super().showEvent(event)

    def refresh(self) -> None:
        factory = self.db.session_factory
        self.rules = spending_rules.list_rules(factory)
        source = spending_rules.active_preset(factory)
        if not self.rules:
            self.source.setText(tr("尚未设置开支标准：发放时不做检查。可选择预设后点“载入预设…”，或点“新增…”逐条添加。"))
        elif source:
            self.source.setText(tr("当前规则来自“{0}”预设，共 {1} 条。").format(source, len(self.rules)))
        else:
            self.source.setText(tr("当前规则共 {0} 条（自定义）。").format(len(self.rules)))
        self.table.setRowCount(len(self.rules))
        for row, rule in enumerate(self.rules):
            cap = format_yuan(rule.cap_fen) if rule.cap_fen is not None else ""
            for column, text in ((PROGRAM, rule.program), (KIND, rule.kind), (CAP, cap), (BASIS, rule.basis),
                                 (ENABLED, tr("是") if rule.enabled else tr("否"))):  # fmt: skip
                item = QTableWidgetItem(text)
                if column == CAP:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                elif column == ENABLED:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if column == BASIS:
                    item.setToolTip(rule.basis + (f"\n{rule.notes}" if rule.notes else ""))
                self.table.setItem(row, column, item)
        self._update_buttons()

    def selected(self) -> Rule | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rules[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def _changed(self, text: str) -> None:
        self.refresh()
        self.message.setText(text)
        announce(Register.SPENDING_RULES, source=self)

    def add(self) -> SpendingRuleDialog:
        dialog = SpendingRuleDialog(self.db, parent=self)
        if dialog.exec() == SpendingRuleDialog.DialogCode.Accepted:
            data = dialog.rule_input()
            self._changed(tr("已新增：{0} {1}").format(data.program, data.kind))
        return dialog

    def edit(self) -> SpendingRuleDialog | None:
        rule = self.selected()
        if rule is None:
            return None
        dialog = SpendingRuleDialog(self.db, rule=rule, parent=self)
        if dialog.exec() == SpendingRuleDialog.DialogCode.Accepted:
            self._changed(tr("已修改：{0} {1}").format(rule.program, rule.kind))
        return dialog

    def delete(self) -> None:
        rule = self.selected()
        if rule is None or rule.id is None:
            return
        question = tr("删除开支标准“{0}”吗？\n已记录的超标准发放及其原因会保留。").format(rule.describe())
        if QMessageBox.question(self, tr("删除开支标准"), question) != QMessageBox.StandardButton.Yes:
            return
        try:
            spending_rules.delete_rule(self.db.session_factory, rule.id)
        except UnionbookError as exc:
            show_error(self, exc)
            return
        self._changed(tr("已删除：{0}").format(rule.describe()))

    def load_preset(self) -> None:
        name = self.presets.currentData()
        if not name:
            return
        if self.rules:
            question = tr("载入“{0}”预设会替换当前全部 {1} 条开支标准（已记录的超标准发放及其原因会保留）。继续吗？").format(
                name, len(self.rules))  # fmt: skip
            if QMessageBox.question(self, tr("载入开支标准预设"), question) != QMessageBox.StandardButton.Yes:
                return
        try:
            count = spending_rules.load_preset(self.db.session_factory, name)
        except UnionbookError as exc:
            show_error(self, exc)
            return
        self._changed(tr("已载入“{0}”预设：{1} 条开支标准").format(name, count))
