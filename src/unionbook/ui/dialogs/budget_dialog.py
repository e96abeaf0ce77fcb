"""Set one category's budget for a year (预算执行 tab, double-click a line): the amount in 元, or
empty to have no budget for it (the line then shows no 执行率 rather than a made-up one)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from unionbook.domain.money import format_yuan
from unionbook.domain.vocab import FundCategory
from unionbook.services import fund_budgets
from unionbook.services.database import Database
from unionbook.ui.dialogs.form_dialog import FormDialog, Saved, inline
from unionbook.ui.dialogs.payment_dialog import fen_of, yuan_edit, yuan_text
from unionbook.ui.dialogs.record_form import form_layout
from unionbook.ui.i18n import translator

tr = translator("BudgetDialog")


class BudgetDialog(FormDialog):
    """`BudgetDialog(db, year=2025, category="职工活动支出", actual_fen=…, row_id=…)`; the amount is
    read when the form opens, after the version it is checked against."""

    def __init__(self, db: Database, *, year: int, category: str, actual_fen: int,
                 row_id: int, parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent, db=db)
        self.year, self.category, self.row_id = year, category, row_id
        # The version first, then the amount as stored now (the page's line may be older).
        self.track("fund_budgets", fund_budgets.budget_id(self._factory, year, category), self._reload_amount)
        self.setWindowTitle(tr("{0}年预算：{1}").format(year, category))
        self.setMinimumWidth(420)
        form = form_layout()
        self.body.addLayout(form)
        self.amount = yuan_edit(tr("不设预算"))
        self.amount.setText(yuan_text(self._stored_amount()))
        form.addRow(tr("科目"), QLabel(category))
        form.addRow(tr("预算"), self.field(inline(self.amount, tr("元")), "预算金额", self.amount))
        form.addRow(tr("本年实际"), QLabel(tr("{0} 元").format(format_yuan(actual_fen))))
        self.finish()
        self.amount.setFocus()
        self.amount.selectAll()

    def _stored_amount(self) -> int | None:
        return fund_budgets.budgets(self._factory, self.year).get(FundCategory(self.category))

    def _reload_amount(self) -> None:
        """The budget as stored now (someone else set it since the form opened)."""
        self.amount.setText(yuan_text(self._stored_amount()))

    def check(self) -> bool:
        try:
            fen_of(self.amount)
        except ValueError:
            self.errors["预算金额"].show_text(tr("应为金额，例如 50000 或 50,000.00；留空则不设预算"))
            return False
        return True

    def save(self) -> Saved:
        fund_budgets.set_budget(self._factory, self.year, self.category, fen_of(self.amount))
        return Saved(self.row_id)
