"""合规检查 (帮扶 → 发放记录 → 合规检查…): a year's payments that break a spending rule, with the
reason recorded for each (or none), as the 经审 committee will ask for them; 导出 Excel… writes the
same table as a printable .xlsx (services/compliance.py).

Rows without a recorded reason are tinted: they are what the chair still has to explain (a list
imported before the rules, a payment entered before they were loaded).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from unionbook.domain.errors import UnionbookError
from unionbook.domain.money import format_yuan
from unionbook.services import compliance
from unionbook.services.compliance import ComplianceReport
from unionbook.services.database import Database
from unionbook.ui.errors import show_error
from unionbook.ui.i18n import translator
from unionbook.ui.widgets.year_toolbar import FIRST_YEAR

tr = translator("ComplianceDialog")

HEADERS = ("日期", "姓名", "项目", "金额（元）", "说明", "规则", "处理原因")
DATE, NAME, PROGRAM, AMOUNT, MESSAGE, RULE, REASON = range(7)
_NO_REASON = QBrush(QColor("#fdf2e0"))
#: Years offered: the payments' years of a union's records, newest first.


class ComplianceDialog(QDialog):
    def __init__(self, db: Database, year: int, parent: QWidget | None = None, *, today: date | None = None,
                 export_flow: Any = None) -> None:  # fmt: skip
        """`export_flow` is ui/register_io (asking where to save, the links to the file), handed in
        by the page: dialogs do not import it (it imports the import wizard, a dialog)."""
        super().__init__(parent)
        self.db = db
        self._flow = export_flow
        self.report: ComplianceReport | None = None
        self.setWindowTitle(tr("合规检查"))
        self.resize(1180, 620)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("年度")))
        self.year = QComboBox()
        last = (today or date.today()).year
        for y in range(last, FIRST_YEAR - 1, -1):
            self.year.addItem(f"{y} 年", y)
        self.year.setCurrentIndex(max(self.year.findData(year), 0))
        self.year.currentIndexChanged.connect(lambda _i: self.run())
        top.addWidget(self.year)
        top.addStretch(1)
        self.export_button = QPushButton(tr("导出 Excel…"))
        self.export_button.setToolTip(tr("保存为可打印的合规检查表（A4 横向）"))
        self.export_button.clicked.connect(lambda: self.export())
        top.addWidget(self.export_button)
        layout.addLayout(top)
        self.summary = QLabel()
        self.summary.setObjectName("complianceSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("complianceTable")
        self.table.setHorizontalHeaderLabels([tr(h) for h in HEADERS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in (DATE, NAME, PROGRAM, AMOUNT):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(MESSAGE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(RULE, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(REASON, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(RULE, 220)
        self.table.setColumnWidth(REASON, 220)
        layout.addWidget(self.table, 1)
        self.message = QLabel()
        self.message.setOpenExternalLinks(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.run()

    def selected_year(self) -> int:
        return int(self.year.currentData())

    def run(self) -> ComplianceReport | None:
        try:
            report = compliance.compliance_report(self.db.session_factory, self.selected_year())
        except UnionbookError as exc:
            show_error(self, exc)
            return None
        self.report = report
        self.summary.setText("\n".join(report.summary_lines()))
        self.table.setRowCount(len(report.findings))
        for row, f in enumerate(report.findings):
            texts = {DATE: f.date.isoformat(), NAME: f.name, PROGRAM: f.program, AMOUNT: format_yuan(f.value_fen),
                     MESSAGE: f.message, RULE: f.rule, REASON: f.reason_text}  # fmt: skip
            for column, text in texts.items():
                item = QTableWidgetItem(text)
                item.setToolTip(text if column in (MESSAGE, RULE, REASON) else "")
                if column == AMOUNT:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if not f.reason:
                    item.setBackground(_NO_REASON)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        self.export_button.setEnabled(bool(report.rules))
        self.message.clear()
        return report

    def export(self, target: Path | None = None) -> Path | None:
        year = self.selected_year()
        if target is None and self._flow is not None:
            target = self._flow.ask_xlsx_path(self, tr("保存合规检查表"), self._flow.dated_name(f"{year}年度开支合规检查表"))
        if target is None:
            return None
        try:
            _report, written = compliance.write_compliance(self.db.session_factory, year, target)
        except UnionbookError as exc:
            show_error(self, exc, tr("导出没有完成"))
            return None
        links = self._flow.file_links(written) if self._flow is not None else ""
        self.message.setText(tr("已保存：{0}　").format(written) + links)
        return written
