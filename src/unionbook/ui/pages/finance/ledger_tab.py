"""经费收支: the year's 经费收支明细账 — the entries typed here and what the aid, activity and dues
registers already recorded — with the running 结余, and the totals of what the filter shows.

A year is read once, off the GUI thread (at 100,000 members it holds some 16,000 lines and takes
most of a second), then filtered in memory as the chair types: the balance after each line is the
year's, whatever is shown. Lines from other registers are grey and are changed where they were
recorded; an entry may link to one of them to book it with a voucher, and the line then gives way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QComboBox, QLabel, QTableView, QVBoxLayout, QWidget

from unionbook.domain.money import format_yuan
from unionbook.domain.registers import Register
from unionbook.domain.vocab import FundCategory, labels
from unionbook.services import funds
from unionbook.services.fund_ledger import LineSource
from unionbook.services.funds import INCOME, SPENDING, LedgerFilter, LedgerRow, YearLedger
from unionbook.services.funds_export import export_funds
from unionbook.ui.dialogs.form_dialog import FormDialog
from unionbook.ui.dialogs.fund_entry_dialog import FundEntryDialog
from unionbook.ui.i18n import translator
from unionbook.ui.models.funds_models import LedgerColumn as C
from unionbook.ui.models.funds_models import LedgerTableModel
from unionbook.ui.pages.tabbed import FIRST_YEAR, RegisterTab
from unionbook.ui.tasks import BackgroundTask, run_in_background

tr = translator("FinancePage")

#: Where a line from another register is changed.
_WHERE = {
    LineSource.BATCH: "帮扶 → 批量发放",
    LineSource.PAYMENT: "帮扶 → 发放记录",
    LineSource.ACTIVITY: "活动",
    LineSource.DUES: "会费经费 → 会费",
}


def add_year_only_filter(tab: RegisterTab, changed: Callable[[], None]) -> QComboBox:
    """年度 without 全部 (a ledger and a budget are a year's), on the window's year."""
    combo = QComboBox()
    for year in range(tab.today.year + 1, FIRST_YEAR - 1, -1):
        combo.addItem(f"{year} 年", year)
    combo.setCurrentIndex(combo.findData(tab.today.year))
    combo.setToolTip(tr("跟随窗口上方的统计年度"))
    tab.add_filter_field(tr("年度"), combo)
    combo.currentIndexChanged.connect(lambda _i: changed())
    tab.year_combo = combo
    return combo


class LedgerTab(RegisterTab[LedgerRow]):
    register = Register.FUNDS
    model_class = LedgerTableModel
    watches = frozenset({Register.FUNDS, Register.PAYMENTS, Register.BATCHES, Register.ACTIVITIES, Register.DUES})
    noun = "收支"
    add_tip = "记一笔经费收入或支出（Ctrl+N）"
    focus_column = stretch_column = C.SUMMARY
    ledger_title = "经费收支明细账"
    select_first = False
    deleter = funds.delete_entry
    export_done = "已导出 {rows} 笔经费收支（另有预算执行情况表）到 {path}"

    def __init__(self, page: object) -> None:
        self.whole: YearLedger | None = None  # the year as read, before the filter
        self.loading: BackgroundTask | None = None
        self._generation = 0
        super().__init__(page)  # type: ignore[arg-type]

    def build_filters(self) -> None:
        add_year_only_filter(self, lambda: self.reload())
        self.direction_combo = self.add_filter_combo(tr("收支"), [(tr(INCOME), INCOME), (tr(SPENDING), SPENDING)])
        self.category_combo = self.add_filter_combo(tr("科目"), [(c, c) for c in labels(FundCategory)])
        self.source_combo = self.add_filter_combo(tr("来源"), [(s.value, s.value) for s in LineSource])
        self.search = self.add_search(tr("摘要、凭证号或明细科目"), 180)

    def build_body(self, table: QTableView) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addWidget(table, 1)
        self.totals_label = QLabel()
        self.totals_label.setObjectName("fundTotals")
        self.totals_label.setStyleSheet("QLabel#fundTotals { font-weight: bold; padding: 2px 4px; }")
        column.addWidget(self.totals_label)
        return box

    def current_filter(self) -> LedgerFilter:
        return LedgerFilter(self.direction_combo.currentData(), self.category_combo.currentData(),
                            self.source_combo.currentData(), self.search.text())  # fmt: skip

    @property
    def year(self) -> int:
        return int(self.year_combo.currentData())

    # --- reading: the year off the GUI thread, the filter at once ---------------------------------------

    def reload(self) -> None:
        self.fetch(self.selected_id())

    def fetch(self, keep: int | None, fallback_row: int = 0, then: Callable[[], None] | None = None) -> None:
        """Read the year in the background; fill the table when it is in (a later read wins)."""
        self._generation += 1
        generation, factory, year = self._generation, self.db.session_factory, self.year
        self.counts_label.setText(tr("正在读取{0}年的经费收支……").format(year))
        task = run_in_background(self, tr("正在读取经费收支……"), lambda _p, _c: funds.year_ledger(factory, year),
                                 cancellable=False, quiet=True)  # fmt: skip

        def loaded(ledger: YearLedger) -> None:
            if generation != self._generation:
                return
            self.whole, self.loading = ledger, None
            self.requery(keep, fallback_row)
            if then is not None:
                then()

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self.loading = None
            from unionbook.ui.errors import show_error

            show_error(self, exc)

        task.success(loaded).failure(failed)
        self.loading = task
        task.start()

    def apply_filter(self) -> None:
        if self.whole is not None and self.whole.year == self.year:
            self.requery(self.selected_id())
        else:
            self.reload()

    def load_rows(self) -> list[LedgerRow]:
        if self.whole is None or self.whole.year != self.year:
            self.totals_label.setText("")
            return []
        shown = funds.narrow(self.whole, self.current_filter())
        self.totals_label.setText(shown.totals_text())
        return shown.rows

    def counts_text(self, rows: Sequence[LedgerRow]) -> str:
        if self.loading is not None:
            return tr("正在读取{0}年的经费收支……").format(self.year)
        typed = sum(1 for r in rows if r.editable)
        return tr("共 {0} 笔：记账 {1} 笔，其他台账 {2} 笔").format(len(rows), typed, len(rows) - typed)

    # --- entries --------------------------------------------------------------------------------------

    def selection_changed(self, row: LedgerRow | None) -> None:
        editable = row is not None and row.editable
        self.edit_button.setEnabled(editable)
        self.delete_button.setEnabled(editable)

    def new_dialog(self) -> FundEntryDialog:
        day = self.today if self.today.year == self.year else date(self.year, 12, 31)
        return FundEntryDialog(self.db, parent=self, today=self.today, day=day)

    def edit_dialog(self, row: LedgerRow) -> FundEntryDialog | None:
        if not row.editable:
            self.show_message(tr("这一笔来自{0}，请在“{1}”中修改；若有记账凭证，可新增一笔收支并关联它。")
                              .format(row.line.source.value, tr(_WHERE[row.line.source])))  # fmt: skip
            return None
        return FundEntryDialog(self.db, entry_id=row.id, parent=self, today=self.today)

    def after_save(self, dialog: FormDialog, verb: str) -> None:
        """As the frame does, once the year is read again (in the background); what the message
        says is taken now, the dialog being gone by then."""
        saved_id, text, warnings = dialog.saved.id, self.saved_text(dialog, verb), dialog.warnings_text()

        def said() -> None:
            shown = text if self.select_id(saved_id) else text + tr(self.hidden_note)
            self.show_message(shown + (tr("请注意：") + warnings if warnings else ""), warning=bool(warnings))

        self.fetch(saved_id, then=said)
        self.announce()

    def saved_text(self, dialog: FundEntryDialog, verb: str) -> str:  # type: ignore[override]
        data = dialog.entry_input()
        return f"{verb}{data.date}“{data.summary.strip()}”（{format_yuan(data.amount_fen)} 元）。"

    def refill_after_delete(self, position: int) -> None:
        self.fetch(None, fallback_row=position)

    def row_name(self, row: LedgerRow) -> str:
        return f"{row.line.date}“{row.line.summary}”（{format_yuan(row.line.amount_fen)} 元）"

    def export_work(self, target: Path) -> tuple[object, str]:
        factory, year = self.db.session_factory, self.year
        return (lambda: export_funds(factory, target, year=year)), tr(self.export_done)
