"""荣誉: the year's honors (the window's year; 全部 for every year), newest first, person or collective.

The 年度 filter follows the window's year, because that is what the summary counts; a 劳动模范 title
from years back is under 全部 (and in the member's own dialog).
"""

from __future__ import annotations

from collections.abc import Sequence

from unionbook.domain.registers import Register
from unionbook.domain.vocab import HonorKind, HonorLevel, labels
from unionbook.services import honors
from unionbook.services.honors import COLLECTIVE, HonorFilter, HonorRow
from unionbook.services.register_export import export_honors
from unionbook.ui.dialogs.honor_dialog import HonorDialog
from unionbook.ui.i18n import translator
from unionbook.ui.models.union_work_models import HonorColumn as C
from unionbook.ui.models.union_work_models import HonorTableModel
from unionbook.ui.pages.tabbed import RegisterTab

tr = translator("UnionWorkPage")


class HonorsTab(RegisterTab[HonorRow]):
    register = Register.HONORS
    model_class = HonorTableModel
    watches = frozenset({Register.HONORS, Register.MEMBERS})
    add_tip = "登记一项荣誉：个人或集体获得的称号、奖章、命名（Ctrl+N）"
    focus_column = stretch_column = C.TITLE
    ledger_title = "荣誉台账"
    hidden_note = "（当前筛选条件下不显示这项荣誉）"
    deleter, exporter = honors.delete_honor, export_honors
    export_done = "已导出 {rows} 项荣誉到 {path}"

    def build_filters(self) -> None:
        self.add_year_filter()
        self.kind_combo = self.add_filter_combo(tr("类别"), [(k, k) for k in labels(HonorKind)])
        self.level_combo = self.add_filter_combo(tr("级别"), [(v, v) for v in labels(HonorLevel)])
        self.recipient_combo = self.add_filter_combo(tr("对象"), [(tr("个人"), "个人"), (tr("集体"), COLLECTIVE)])
        self.search = self.add_search(tr("称号、姓名或集体"), 180)

    def current_filter(self) -> HonorFilter:
        return HonorFilter(kind=self.kind_combo.currentData(), level=self.level_combo.currentData(),
                           year=self.year_combo.currentData(), recipient=self.recipient_combo.currentData(),
                           text=self.search.text())  # fmt: skip

    def load_rows(self) -> list[HonorRow]:
        return honors.list_honors(self.db.session_factory, self.current_filter())

    def counts_text(self, rows: Sequence[HonorRow]) -> str:
        personal = sum(1 for r in rows if r.data.personal)
        return tr("共 {0} 项：个人 {1} 人次，集体 {2} 项").format(len(rows), personal, len(rows) - personal)

    def new_dialog(self) -> HonorDialog:
        return HonorDialog(self.db, parent=self, today=self.today)

    def edit_dialog(self, row: HonorRow) -> HonorDialog:
        return HonorDialog(self.db, row=row, parent=self)

    def saved_text(self, dialog: HonorDialog, verb: str) -> str:  # type: ignore[override]
        return f"{verb}“{dialog.title_edit.text().strip()}”。"

    def row_name(self, row: HonorRow) -> str:
        return f"{row.holder}的“{row.data.title}”"
