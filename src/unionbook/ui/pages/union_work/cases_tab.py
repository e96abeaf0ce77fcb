"""维权: the year's rights cases (by 受理日期), those still open on top, the people's names private.

A chair's 维权 ledger holds who asked for legal advice or mediation — in confidence. The table and
the printed ledger show "王*" for a private case unless 显示姓名 is ticked (for the chair alone at
the desk); the export asks the same (`export cases --show-id`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QWidget

from unionbook.domain.registers import Register
from unionbook.domain.vocab import CaseKind, CaseOutcome, labels
from unionbook.services import rights_cases
from unionbook.services.register_export import export_cases
from unionbook.services.rights_cases import CaseFilter, CaseRow
from unionbook.ui.dialogs.case_dialog import CaseDialog
from unionbook.ui.i18n import translator
from unionbook.ui.models.union_work_models import CaseColumn as C
from unionbook.ui.models.union_work_models import CaseTableModel
from unionbook.ui.pages.tabbed import RegisterTab

tr = translator("UnionWorkPage")


class CasesTab(RegisterTab[CaseRow]):
    register = Register.CASES
    model_class = CaseTableModel
    noun = "维权事项"
    add_tip = "登记一件法律咨询、劳动争议调解、法律援助或职工诉求（Ctrl+N）"
    focus_column = stretch_column = C.REQUEST
    ledger_title = "维权工作台账"
    hidden_note = "（当前筛选条件下不显示这件事项）"
    deleter = rights_cases.delete_case

    def build_filters(self) -> None:
        self.add_year_filter()
        self.kind_combo = self.add_filter_combo(tr("类别"), [(k, k) for k in labels(CaseKind)])
        self.outcome_combo = self.add_filter_combo(tr("结果"), [(o, o) for o in labels(CaseOutcome)])
        self.search = self.add_search(tr("事项或办理情况"), 180)

    def filter_tail(self) -> QWidget:
        self.show_names = QCheckBox(tr("显示姓名"))
        self.show_names.setToolTip(tr("不公开的事项只显示当事人的姓氏；勾选后列表和打印显示全名"))
        self.show_names.toggled.connect(lambda on: self.model.set_show_names(on))  # type: ignore[union-attr]
        return self.show_names

    def current_filter(self) -> CaseFilter:
        return CaseFilter(self.kind_combo.currentData(), self.outcome_combo.currentData(), self.year_combo.currentData(),
                          self.search.text())  # fmt: skip

    def load_rows(self) -> list[CaseRow]:
        return rights_cases.list_cases(self.db.session_factory, self.current_filter())

    def counts_text(self, rows: Sequence[CaseRow]) -> str:
        kinds = Counter(r.data.kind for r in rows)
        parts = "，".join(f"{k} {kinds[k]}" for k in labels(CaseKind) if kinds[k])
        open_now = sum(1 for r in rows if r.data.is_open)
        tail = tr("；办理中 {0} 件").format(open_now) if open_now else ""
        return tr("共 {0} 件").format(len(rows)) + (f"：{parts}" if parts else "") + tail

    def new_dialog(self) -> CaseDialog:
        return CaseDialog(self.db, parent=self, today=self.today)

    def edit_dialog(self, row: CaseRow) -> CaseDialog:
        return CaseDialog(self.db, row=row, parent=self, today=self.today)

    def saved_text(self, dialog: CaseDialog, verb: str) -> str:  # type: ignore[override]
        data = dialog.case_input()
        return f"{verb}{data.opened_on} 的{data.kind}（{data.outcome}）。"

    def delete_question(self, row: CaseRow) -> str:
        return tr("确定删除 {0} 受理的{1}“{2}”吗？\n").format(row.data.opened_on, row.data.kind, row.data.request[:30])

    def deleted_text(self, row: CaseRow) -> str:
        return tr("已删除 {0} 的{1}。").format(row.data.opened_on, row.data.kind)

    def export_work(self, target: Path) -> tuple[object, str]:
        factory, show = self.db.session_factory, self.show_names.isChecked()
        done = tr("已导出 {rows} 件维权事项到 {path}") + ("" if show else tr("（不公开的当事人只写姓氏）"))
        return (lambda: export_cases(factory, target, show_names=show)), done
