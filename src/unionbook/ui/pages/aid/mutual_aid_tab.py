"""互助保障: who the union enrolled in 职工互助保障 in the year the window shows, plan by plan.

The insurer's list is the usual way in (导入…: matched on the roster by ID number or a unique
name); the line under the table counts people (one person in two plans is one person, as the
figure 互助保障参保人数 counts them) and sums the contributions listed. A large union enrolls
everyone every year (100,000 lines a year), so the list is lazy like 发放记录: SQL filters and sorts
the ids, the rows on screen are read, the line under it is one SQL aggregate, and the search runs
after a pause in typing.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QHeaderView

from unionbook.domain.money import format_yuan
from unionbook.domain.registers import Register
from unionbook.services import mutual_aid
from unionbook.services.mutual_aid import EnrollmentFilter, EnrollmentRow
from unionbook.services.register_export import export_mutual_aid
from unionbook.ui.dialogs.enrollment_dialog import EnrollmentDialog
from unionbook.ui.models.union_work_models import EnrollmentColumn as C
from unionbook.ui.models.union_work_models import EnrollmentTableModel
from unionbook.ui.pages.aid.payments_tab import SEARCH_PAUSE
from unionbook.ui.pages.tabbed import RegisterTab, TabHost, tr


class MutualAidTab(RegisterTab[EnrollmentRow]):
    register = Register.MUTUAL_AID
    model_class = EnrollmentTableModel
    watches = frozenset({Register.MUTUAL_AID, Register.MEMBERS})
    noun = "参保记录"
    add_tip = "登记一人的互助保障参保；整张参保名单请用“导入…”（Ctrl+N）"
    focus_column = C.NAME
    stretch_column = C.PLAN
    ledger_title = "职工互助保障参保名单"
    hidden_note = "（当前筛选条件下不显示这条参保记录）"
    deleter, exporter = mutual_aid.delete_enrollment, export_mutual_aid
    export_done = "已导出 {rows} 条参保记录到 {path}（身份证号已部分隐藏）"

    def __init__(self, page: TabHost) -> None:
        super().__init__(page)
        # Fixed row heights: the view then never asks 100,000 rows for their size hints.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)

    def make_model(self) -> EnrollmentTableModel:
        return EnrollmentTableModel(self.page.db.session_factory)

    def build_filters(self) -> None:
        self.add_year_filter()
        self.plan_combo = self.add_filter_combo(tr("保障计划"), [])
        # Each keystroke of a name need not read a year of enrollments: search after a pause.
        self.search = self.add_search(tr("姓名、部门或保单号"), 180, pause=SEARCH_PAUSE)

    def reload(self) -> None:
        """The plans offered by the filter come from the records (insurers name them their way)."""
        current = self.plan_combo.currentData()
        self.plan_combo.blockSignals(True)
        self.plan_combo.clear()
        self.plan_combo.addItem(tr("全部"), None)
        for plan in mutual_aid.plans(self.db.session_factory):
            self.plan_combo.addItem(plan, plan)
        self.plan_combo.setCurrentIndex(max(self.plan_combo.findData(current), 0) if current else 0)
        self.plan_combo.blockSignals(False)
        super().reload()

    def current_filter(self) -> EnrollmentFilter:
        return EnrollmentFilter(year=self.year_combo.currentData(), plan=self.plan_combo.currentData(),
                                text=self.search.text())  # fmt: skip

    def fill_model(self) -> Sequence[EnrollmentRow]:
        self.model.set_filter(self.current_filter())  # type: ignore[union-attr]
        return ()

    def counts_text(self, rows: Sequence[EnrollmentRow]) -> str:
        t = mutual_aid.enrollment_totals(self.db.session_factory, self.current_filter())
        return tr("列表合计：{0} 人，{1} 人次，缴费 {2} 元").format(f"{t.people:,}", f"{t.count:,}",
                                                              format_yuan(t.contribution_fen))  # fmt: skip

    def new_dialog(self) -> EnrollmentDialog:
        return EnrollmentDialog(self.db, year=self.year_combo.currentData() or self.today.year, parent=self)

    def edit_dialog(self, row: EnrollmentRow) -> EnrollmentDialog:
        return EnrollmentDialog(self.db, row=row, parent=self)

    def saved_text(self, dialog: EnrollmentDialog, verb: str) -> str:  # type: ignore[override]
        data = dialog.enrollment_input()
        return f"{verb}{data.year}年{data.plan or '互助保障'}。"

    def delete_question(self, row: EnrollmentRow) -> str:
        return tr("确定删除{0} {1}年的{2}吗？\n").format(row.member_name, row.data.year, row.data.plan or tr("互助保障"))

    def deleted_text(self, row: EnrollmentRow) -> str:
        return tr("已删除{0} {1}年的参保记录。").format(row.member_name, row.data.year)
