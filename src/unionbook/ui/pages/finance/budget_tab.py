"""预算执行: the year's budget per category against what the ledger shows, spending first (that is
what the 经审 committee reads and where overspending is the finding), then income.

A line is a category: double-click (or 编辑) sets its budget; 复制上年预算 starts a year from last
year's. 实际 is fund_ledger.category_totals, the same SQL the figures and the statement read, so
it is quick at any size and always agrees with them.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QPushButton, QWidget

from unionbook.domain.errors import UnionbookError
from unionbook.domain.money import format_yuan
from unionbook.domain.registers import Register
from unionbook.services import fund_budgets
from unionbook.ui.dialogs.budget_dialog import BudgetDialog
from unionbook.ui.i18n import translator
from unionbook.ui.models.funds_models import BudgetColumn as C
from unionbook.ui.models.funds_models import BudgetRow, BudgetTableModel
from unionbook.ui.pages.finance.ledger_tab import add_year_only_filter
from unionbook.ui.pages.tabbed import RegisterTab

tr = translator("FinancePage")


class BudgetTab(RegisterTab[BudgetRow]):
    register = Register.FUNDS
    title = "预算执行"
    model_class = BudgetTableModel
    watches = frozenset({Register.FUNDS, Register.PAYMENTS, Register.BATCHES, Register.ACTIVITIES, Register.DUES})
    stretch_column = C.CATEGORY
    ledger_title = "预算执行情况"
    import_key = None
    export_caption = None
    select_first = False

    def __init__(self, page: object) -> None:
        super().__init__(page)  # type: ignore[arg-type]
        self.add_button.hide()
        self.delete_button.hide()
        self.edit_button.setText(tr("修改预算"))
        self.table.setSortingEnabled(False)  # the categories' order is the accounting system's

    def build_filters(self) -> None:
        add_year_only_filter(self, lambda: self.reload())

    def tool_widgets(self) -> list[QWidget]:
        self.copy_button = QPushButton(tr("复制上年预算"))
        self.copy_button.setToolTip(tr("把上一年各科目的预算复制到这一年（已设预算的科目不变）"))
        self.copy_button.clicked.connect(lambda: self.copy_last_year())
        return [self.copy_button]

    @property
    def year(self) -> int:
        return int(self.year_combo.currentData())

    def load_rows(self) -> list[BudgetRow]:
        self.report = fund_budgets.budget_execution(self.db.session_factory, self.year)
        return [BudgetRow(n, line) for n, line in enumerate(self.report.lines)]

    def counts_text(self, rows: Sequence[BudgetRow]) -> str:
        total = self.report.spending_total
        if total.budget_fen is None:
            return tr("{0}年还没有支出预算：双击科目设置，或复制上年预算").format(self.year)
        over = [r.line.category for r in rows if r.line.over and not r.line.total]
        text = tr("支出预算 {0} 元，实际 {1} 元，执行率 {2}").format(
            format_yuan(total.budget_fen), format_yuan(total.actual_fen), total.rate_text
        )
        return text + (tr("；超预算：{0}").format("、".join(over)) if over else "")

    def selection_changed(self, row: BudgetRow | None) -> None:
        self.edit_button.setEnabled(row is not None and not row.line.total)

    def edit_dialog(self, row: BudgetRow) -> BudgetDialog | None:
        if row.line.total:
            self.show_message(tr("合计由各科目的预算相加，请修改各科目的预算。"))
            return None
        line = row.line
        return BudgetDialog(self.db, year=self.year, category=line.category,
                            actual_fen=line.actual_fen, row_id=row.id, parent=self)  # fmt: skip

    def saved_text(self, dialog: BudgetDialog, verb: str) -> str:  # type: ignore[override]
        return tr("已保存{0}年“{1}”的预算。").format(dialog.year, dialog.category)

    def copy_last_year(self) -> None:
        try:
            written = fund_budgets.copy_budgets(self.db.session_factory, self.year)
        except UnionbookError as exc:
            self.show_message(exc.message(), warning=True)
            return
        self.reload()
        self.show_message(tr("已把{0}年 {1} 个科目的预算复制到{2}年（已设预算的科目保持不变）。")
                          .format(self.year - 1, written, self.year))  # fmt: skip
        self.announce()
