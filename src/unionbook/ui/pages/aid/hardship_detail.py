"""The panel under the hardship files: the selected household at a glance, and its scans.

What a chair checks before a visit or a 复核: category and causes, household and income, the
measures, how much has been paid under this file, the family members, the last reviews and beside
them the last visits (who went, what they found), and the 证明材料 (attachments, added and opened
here).
"""

from __future__ import annotations

import html
from datetime import date

from unionbook.domain.errors import UnionbookError
from unionbook.domain.money import format_yuan
from unionbook.domain.vocab import HardshipReviewKind
from unionbook.services import aid
from unionbook.services.aid import HardshipRow, PaymentFilter
from unionbook.services.database import Database
from unionbook.ui.i18n import translator
from unionbook.ui.models.aid_table_models import hardship_status, overdue_text
from unionbook.ui.widgets.detail_panel import DetailPanel

tr = translator("AidPage")


class HardshipDetail(DetailPanel):
    def __init__(self, db: Database) -> None:
        super().__init__("hardshipDetail", titled=False)
        self.db = db
        self.info = self.add_text(5)
        self.family = self.add_text(4)
        self.add_attachments(db, "hardship_file_id", tr("请先在上面的表格中选中一份档案。"),
                             caption=tr("附件（证明材料）"), list_height=60)  # fmt: skip
        self.setMinimumHeight(self.fontMetrics().lineSpacing() * 8 + 24)

    def show_file(self, row: HardshipRow | None, today: date) -> None:
        """The selected file; its family and reviews are read now (the list's rows lack them)."""
        if not self.show_owner(row, tr("（未选中档案）")):
            return
        try:
            row = aid.get_hardship_file(self.db.session_factory, row.id)
        except UnionbookError:  # deleted elsewhere since the list was read: what the list knows
            pass
        self.info.setText("<br>".join(self._info_lines(row, today)))
        self.family.setText("<br>".join(self._family_lines(row)))

    def _info_lines(self, row: HardshipRow, today: date) -> list[str]:
        data = row.data
        esc = html.escape
        name = f'<span style="font-size:15px; font-weight:bold; color:#2b3a4a">{esc(row.member_name)}</span>'
        lines = [f"{name}　{esc(row.department or '')}　<b>{esc(data.category)}</b>　{esc(hardship_status(row))}"]
        lines.append(tr("建档日期：{0}　致困原因：{1}").format(data.opened_on.isoformat(), esc("、".join(data.causes)) or "—"))
        size = f"{data.household_size} 人" if data.household_size else "—"
        income = f"{format_yuan(data.income_per_capita_fen)} 元" if data.income_per_capita_fen is not None else "—"
        lines.append(tr("家庭人口：{0}　人均月收入：{1}").format(size, income))
        if data.measures:
            lines.append(tr("帮扶措施：") + esc(data.measures))
        if data.closed_on:
            lines.append(tr("{0} 关闭档案（{1}）").format(data.closed_on.isoformat(), esc(data.close_reason or "")))
        if row.review_overdue(today):
            lines.append(f'<span style="color:#b9770e; font-weight:bold">{esc(overdue_text(row, today))}</span>')
        try:
            paid = [p for p in aid.list_payments(self.db.session_factory, PaymentFilter(member_id=data.member_id))
                    if p.data.hardship_file_id == row.id]  # fmt: skip
        except UnionbookError:
            paid = []
        if paid:
            total = sum(p.data.amount_fen for p in paid)
            goods = sum(p.data.goods_value_fen for p in paid)
            kinds = list(dict.fromkeys(p.data.goods for p in paid if p.data.goods))
            given = aid.value_text(total, kinds[0] if len(kinds) == 1 else "", goods)
            lines.append(tr("计入本档案的发放：{0} 笔，合计 {1}").format(len(paid), esc(given)))
        return lines

    @staticmethod
    def _family_lines(row: HardshipRow) -> list[str]:
        esc = html.escape
        family = [f"<b>{tr('家庭成员')}</b>"]
        for m in row.data.family:
            parts = [esc(m.name), esc(m.relation), esc(m.health), esc(m.school_or_work)]
            family.append("　".join(p for p in parts if p))
        if not row.data.family:
            family.append('<span style="color:#6b7785">' + tr("未登记") + "</span>")
        # The latest 复核 and, beside it, the latest 走访 with who went (one line each: the panel is low).
        newest = sorted(row.reviews, key=lambda r: r.date, reverse=True)
        latest = [next((r for r in newest if r.kind == kind), None) for kind in HardshipReviewKind]
        if any(latest):
            family.append(f"<br><b>{tr('最近复核与走访')}</b>")
            for r in (r for r in latest if r is not None):
                who = f"（{esc(r.visitors)}）" if r.visitors else ""
                family.append(f"{r.date.isoformat()} {esc(r.kind)}{who}：{esc(r.notes)}")
        return family
