"""The panel under the contracts table: the selected contract in three columns.

Short, so the table keeps its rows: what the contract is and where it stands, the legal checklist
(职代会审议, 10日内报送备案, 向职工公布) with the notes, and its scans. The checklist is what a chair
checks against the paper file, so it is shown the moment a row is selected.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from unionbook.domain.contracts import ContractStatus
from unionbook.services.contracts import ContractRow
from unionbook.services.database import Database
from unionbook.ui.i18n import translator
from unionbook.ui.models.contract_table_model import Column, cells
from unionbook.ui.widgets.detail_panel import DetailPanel

tr = translator("ContractDetail")


def checklist_html(items: list[tuple[bool, str, str]]) -> str:
    """The legal steps as lines with a green ✓ or an orange ✗ and what is missing or late."""
    lines = []
    for done, label, note in items:
        mark = '<span style="color:#1e8449">✓</span>' if done else '<span style="color:#b9770e">✗</span>'
        colour = "#2b3a4a" if done else "#b9770e"
        lines.append(f'{mark}&nbsp;{html.escape(label)}：<span style="color:{colour}">{html.escape(note)}</span>')
    return "<br>".join(lines)


class ContractDetail(DetailPanel):
    def __init__(self, db: Database) -> None:
        super().__init__("contractDetail")
        self.info = self.add_text(4)
        # One label for the checklist and the notes (a column is one label).
        self.checklist = self.add_text(4)
        self.checklist.setObjectName("checklist")
        self.add_attachments(db, "contract_id", tr("请先在上面的表格中选中一份合同。"),
                             caption=tr("附件（合同文本扫描件、备案回执）"))  # fmt: skip
        # Wrapped labels get more height than their text; QLabel would centre the text in it.
        for label in self.findChildren(QLabel):
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # Room for the title and seven lines (the longest column: status, term, enterprise,
        # coverage, wage, both renewal links) however the splitter is dragged.
        self.setMinimumHeight(self.fontMetrics().lineSpacing() * 9 + 30)

    def show_contract(self, row: ContractRow | None, all_rows: Sequence[ContractRow], today: date) -> None:
        if not self.show_owner(row, tr("（未选中合同）")):
            return
        data = row.data
        self.title.setText(f"《{data.title}》")
        self.info.setText("<br>".join(self._info_lines(row, all_rows, today)))
        checklist = "<b>" + tr("法定程序") + "</b><br>"
        checklist += checklist_html([(i.done, i.label, i.note) for i in row.checklist])
        if data.notes:
            checklist += '<br><br><span style="color:#6b7785">' + tr("备注：") + html.escape(data.notes) + "</span>"
        self.checklist.setText(checklist)

    @staticmethod
    def _info_lines(row: ContractRow, all_rows: Sequence[ContractRow], today: date) -> list[str]:
        data = row.data
        text = cells(row, today)
        status = f"<b>{row.status.value}</b>"
        if row.status == ContractStatus.EXPIRING and data.effective_to:
            status += tr("，还有 {0} 天到期，请及时协商续签").format((data.effective_to - today).days)
        elif row.status == ContractStatus.TERMINATED and data.terminated_on:
            status += tr("，{0} 提前终止").format(data.terminated_on)
        period = f"{text[Column.EFFECTIVE_FROM] or '？'} 至 {text[Column.EFFECTIVE_TO] or '？'}"
        info = [f"{data.kind}　{status}", tr("期限：") + period]
        if data.employer:
            info.append(tr("企业方：") + html.escape(data.employer))
        covered = []
        if data.covered_employees is not None:
            covered.append(tr("职工 {0} 人").format(f"{data.covered_employees:,}"))
        if data.covered_female is not None:
            covered.append(tr("其中女职工 {0} 人").format(f"{data.covered_female:,}"))
        if data.covered_enterprises and data.covered_enterprises != 1:
            covered.append(tr("企业 {0} 家").format(data.covered_enterprises))
        if covered:
            info.append(tr("覆盖：") + "，".join(covered))
        if data.wage_increase_pct is not None:
            info.append(tr("工资增长幅度：") + text[Column.WAGE])
        if row.renews_title:
            info.append(tr("续签自《{0}》").format(html.escape(row.renews_title)))
        if row.renewed_by_id is not None:
            renewal = next((r for r in all_rows if r.id == row.renewed_by_id), None)
            title = renewal.data.title if renewal else "？"
            info.append(tr("已由《{0}》续签").format(html.escape(title)))
        return info
