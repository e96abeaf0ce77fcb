"""会费: the monthly 会费收缴台账 of the year the window shows, and the wage bases it is counted from.

The 会费 tab lists one month (or the whole year) of the stored ledger — who owes what, who paid
when and how, who is exempt and why, whom the chair still has to give a wage base — with a totals
line computed in SQL for the filter (应缴, 实缴, 收缴率, 欠缴人数). Its toolbar is the month's work:
生成应缴 (one month, or the whole year off the GUI thread with progress and 取消), 标记已缴 and
撤销缴纳 for the selected rows, 导入代扣名单 (the import wizard on the payroll's list), 导出台账
(the month's or the year's .xlsx), 免缴登记. The table is lazy (ui/models/dues_models.py): a year at
100,000 members is 1.2 million rows. The 工资基数 tab keeps each member's base history.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QMessageBox, QPushButton

from unionbook.domain.dues import DuesStatus, month_label, months_of_year
from unionbook.domain.money import format_yuan
from unionbook.domain.registers import Register
from unionbook.services import dues
from unionbook.services.dues import DuesFilter, DuesRow, WageBaseFilter, WageBaseRow
from unionbook.services.dues.export import export_dues
from unionbook.services.todo import Opening
from unionbook.ui.dialogs.dues_dialogs import ExemptionDialog, PayDialog, WageBaseDialog
from unionbook.ui.dialogs.form_dialog import FormDialog
from unionbook.ui.i18n import translator
from unionbook.ui.models.dues_models import DuesColumn, DuesTableModel, WageBaseTableModel, WageColumn
from unionbook.ui.models.rows_model import RowRole
from unionbook.ui.pages.register_page import RegisterPage
from unionbook.ui.pages.tabbed import RegisterTab, TabHost
from unionbook.ui.tasks import BackgroundTask, run_in_background

tr = translator("DuesTab")
_STATUSES = [s.value for s in (DuesStatus.OWED, DuesStatus.PAID, DuesStatus.EXEMPT, DuesStatus.NO_BASE)]


class DuesTab(RegisterTab[DuesRow]):
    register = Register.DUES
    watches = frozenset({Register.DUES, Register.MEMBERS})
    noun = "会费记录"
    focus_column = DuesColumn.NAME
    ledger_title = "会费收缴台账"
    export_caption = ("导出会费收缴台账", "会费收缴台账")

    def __init__(self, page: TabHost) -> None:
        # RegisterTab builds an in-memory model; this one is lazy (over the session factory).
        self.page = page
        self.generate_task: BackgroundTask | None = None
        RegisterPage.__init__(self, page.db, DuesTableModel(page.db.session_factory))
        self.message_label.hide()
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSortIndicator(DuesColumn.NAME, Qt.SortOrder.AscendingOrder)
        for button in (self.add_button, self.edit_button, self.delete_button):
            button.hide()  # ledger rows are generated, paid and imported, not typed
        self.import_button.setText(tr("导入代扣名单…"))
        self.import_button.setToolTip(tr("导入财务的会费代扣名单（姓名、身份证号、月份、代扣金额），记为工资代扣已缴"))
        self.export_button.setText(tr("导出台账…"))
        self.export_button.setToolTip(tr("把所选月份（或全年）的会费收缴台账导出为 Excel 表格"))
        self.counts_label.setObjectName("duesTotals")
        self.reload()

    # --- toolbar -----------------------------------------------------------------------------------

    def build_toolbar(self) -> QHBoxLayout:
        toolbar = super().build_toolbar()
        self.generate_button = QPushButton(tr("生成本月应缴"))
        self.generate_button.setObjectName("generateDuesButton")
        self.generate_button.clicked.connect(lambda: self.generate())
        toolbar.insertWidget(0, self.generate_button)
        return toolbar

    def row_actions(self) -> list[QPushButton]:
        self.pay_button = QPushButton(tr("标记已缴"))
        self.pay_button.setToolTip(tr("把选中的行记为已缴（可多选：按住 Ctrl 或 Shift 点选）"))
        self.pay_button.clicked.connect(lambda: self.mark_paid())
        self.undo_button = QPushButton(tr("撤销缴纳"))
        self.undo_button.setToolTip(tr("清除选中行的缴纳记录（登记错了时）"))
        self.undo_button.clicked.connect(lambda: self.undo_paid())
        self.exempt_button = QPushButton(tr("免缴登记"))
        self.exempt_button.setToolTip(tr("登记选中职工经研究同意免缴的月份"))
        self.exempt_button.clicked.connect(lambda: self.register_exemption())
        return [self.pay_button, self.undo_button, self.exempt_button]

    # --- filters -----------------------------------------------------------------------------------

    def build_filters(self) -> None:
        self.add_year_filter()
        self.month_combo = QComboBox()
        self.month_combo.setObjectName("duesMonth")
        self.add_filter_field(tr("月份"), self.month_combo)
        self.month_combo.currentIndexChanged.connect(lambda _i: self._month_changed())
        self.status_combo = self.add_filter_combo(tr("状态"), [(s, s) for s in _STATUSES])
        self.search = self.add_search(tr("姓名、拼音首字母或部门"), 180)

    def _fill_months(self) -> None:
        """全年 and the year's twelve months, those not generated yet marked; kept across reloads,
        else the latest month generated (the one the chair works on)."""
        year = self.year_combo.currentData() or self.today.year
        current = self.month_combo.currentData() if self.month_combo.count() else -1
        generated = set(dues.months_generated(self.db.session_factory, year))
        self.month_combo.blockSignals(True)
        self.month_combo.clear()
        self.month_combo.addItem(tr("全年"), None)
        for month in months_of_year(year):
            self.month_combo.addItem(f"{month.month}月" + ("" if month in generated else tr("（未生成）")), month)
        if current == -1 or (current is not None and current.year != year):
            this_month = self.today.replace(day=1)
            current = max(generated) if generated else (this_month if this_month.year == year else date(year, 1, 1))
        # findData cannot compare dates (a QVariant of a Python object): look for it by hand.
        found = [i for i in range(self.month_combo.count()) if self.month_combo.itemData(i) == current]
        self.month_combo.setCurrentIndex(found[0] if found else 0)
        self.month_combo.blockSignals(False)
        self._caption_generate()

    def _month_changed(self) -> None:
        self._caption_generate()
        self.apply_filter()

    def _caption_generate(self) -> None:
        month = self.month_combo.currentData()
        self.generate_button.setText(tr("生成{0}月应缴").format(month.month) if month else tr("生成全年应缴"))
        self.generate_button.setToolTip(tr("按会费规则和工资基数生成应缴名单；重新生成只重算未缴的行，已缴的不变"))

    def current_filter(self) -> DuesFilter:
        status = self.status_combo.currentData()
        return DuesFilter(year=self.year_combo.currentData(), month=self.month_combo.currentData(),
                          status=DuesStatus(status) if status else None, text=self.search.text())  # fmt: skip

    def reload(self) -> None:
        self._fill_months()
        super().reload()

    def apply_filter(self) -> None:
        if self.year_combo.currentData() != getattr(self, "_filled_year", None):
            self._filled_year = self.year_combo.currentData()
            self._fill_months()
        super().apply_filter()

    def open_at(self, opening: Opening) -> None:
        """From the 总览's 欠缴会费 line (or any opening of 会费): the year's months (or the month
        given) filtered to 欠缴 unless the opening names other filters."""
        if opening.year is not None and self.year_combo.findData(opening.year) >= 0:
            self.year_combo.blockSignals(True)
            self.year_combo.setCurrentIndex(self.year_combo.findData(opening.year))
            self.year_combo.blockSignals(False)
        self._filled_year = self.year_combo.currentData()
        self._fill_months()
        self.month_combo.blockSignals(True)
        self.month_combo.setCurrentIndex(opening.month or 0)  # 0: 全年, then 1月 … 12月
        self.month_combo.blockSignals(False)
        self._caption_generate()
        super().open_at(replace(opening, year=None, filters=opening.filters or (("status", DuesStatus.OWED.value),)))

    def fill_model(self) -> Sequence[DuesRow]:
        self.model.set_filter(self.current_filter())  # type: ignore[union-attr]
        return ()

    def load_rows(self) -> Sequence[DuesRow]:
        return ()

    def counts_text(self, rows: Sequence[DuesRow]) -> str:
        t = dues.totals(self.db.session_factory, self.current_filter())
        if not t.rows:
            flt = self.current_filter()
            if flt.text.strip() or flt.status is not None:
                return tr("没有符合条件的行")
            return tr("{0}还没有生成应缴名单").format(f"{flt.month.month}月" if flt.month else tr("本年"))
        text = tr("应缴 {due} 元　实缴 {paid} 元　收缴率 {rate}%　欠缴 {owing} 人 {owed} 元").format(
            due=format_yuan(t.due_fen), paid=format_yuan(t.paid_fen), rate=t.rate, owing=t.owing_people, owed=format_yuan(t.owed_fen))
        unit = tr("人") if self.month_combo.currentData() else tr("条")
        extra = [tr("免缴 {0} {1}").format(t.exempt, unit)] if t.exempt else []
        if t.no_base:
            extra.append(tr("未登记工资基数 {0} {1}").format(t.no_base, unit))
        return text + ("　" + "　".join(extra) if extra else "") + tr("（共 {0:,} 条）").format(t.rows)

    # --- what the buttons do ------------------------------------------------------------------------

    def selected_rows(self) -> list[DuesRow]:
        return [i.data(RowRole) for i in self.table.selectionModel().selectedRows() if i.data(RowRole) is not None]

    def months_to_generate(self) -> list[date]:
        month = self.month_combo.currentData()
        return [month] if month else months_of_year(self.year_combo.currentData() or self.today.year)

    def generate(self, on_done: Callable[[], None] | None = None) -> BackgroundTask:
        """Generate the month shown (or the year's twelve) in the background; 取消 rolls back."""
        months = self.months_to_generate()
        factory = self.db.session_factory
        label = tr("正在生成{0}的应缴名单……").format(month_label(months[0]) if len(months) == 1 else f"{months[0].year}年")

        def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> list[dues.MonthGenerated]:
            return dues.generate_months(factory, months, progress=progress, cancelled=cancelled)

        def done(results: list[dues.MonthGenerated]) -> None:
            self.generate_task = None
            self.reload()
            lines = [r.line() for r in results]
            shown = lines[0] if len(lines) == 1 else tr("{0} 个月，新增 {1} 条，重算 {2} 条").format(
                len(lines), sum(r.added for r in results), sum(r.recomputed for r in results))
            no_base = max((r.no_base for r in results), default=0)
            self.show_message(tr("已生成 ") + shown + ("" if len(lines) == 1 or not no_base else tr("；{0} 人未登记工资基数").format(no_base)),
                              warning=bool(no_base))  # fmt: skip
            self.announce()
            if on_done is not None:
                on_done()

        def failed(exc: BaseException) -> None:
            self.generate_task = None
            from unionbook.ui.errors import show_error

            show_error(self, exc)

        self.generate_task = run_in_background(self, label, work).success(done).failure(failed).start()
        self.generate_task.finished.connect(lambda: setattr(self, "generate_task", None))
        return self.generate_task

    def mark_paid(self) -> PayDialog | None:
        rows = self.selected_rows()
        if not rows:
            return None
        dialog = PayDialog(self.db, rows, today=self.today, parent=self)
        return self.open_dialog(dialog, tr("已登记缴纳"))  # type: ignore[return-value]

    def undo_paid(self) -> bool:
        rows = [r for r in self.selected_rows() if r.paid_on is not None]
        if not rows:
            self.show_message(tr("选中的行没有缴纳记录，无需撤销。"))
            return False
        names = "、".join(f"{r.member_name}（{month_label(r.month)}）" for r in rows[:5]) + (tr("等") if len(rows) > 5 else "")
        answer = QMessageBox.question(self, tr("撤销缴纳"), tr("确定撤销 {0} 条缴纳记录吗？\n{1}").format(len(rows), names),
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)  # fmt: skip
        if answer != QMessageBox.StandardButton.Yes:
            return False
        undone = dues.undo_payment(self.db.session_factory, [r.id for r in rows])
        self.reload()
        self.show_message(tr("已撤销 {0} 条缴纳记录。").format(undone))
        self.announce()
        return True

    def register_exemption(self) -> ExemptionDialog:
        row = self.selected_row()
        dialog = ExemptionDialog(self.db, member_id=row.member_id if row else None, month=row.month if row else None,
                                 today=self.today, parent=self)  # fmt: skip
        return self.open_dialog(dialog, tr("已登记免缴"))  # type: ignore[return-value]

    def saved_text(self, dialog: FormDialog, verb: str) -> str:
        if isinstance(dialog, PayDialog):
            return dialog.saved.result.line()
        recomputed = getattr(dialog, "recomputed", 0)
        return verb + (tr("，已生成而未缴的 {0} 个月份已按免缴重算。").format(recomputed) if recomputed else "。")

    def delete(self) -> bool:
        return False  # ledger rows are not deleted: regenerating removes the rows of people not due

    def export_work(self, target: Path) -> tuple[Callable[[], object], str]:
        factory, flt = self.db.session_factory, self.current_filter()
        year = flt.year or self.today.year
        what = f"{flt.month.year}年{flt.month.month}月" if flt.month else f"{year}年"
        work = lambda: export_dues(factory, target, year=year, month=flt.month)
        return work, tr("已导出{0}会费收缴台账 {{rows}} 人到 {{path}}（身份证号已部分隐藏）").format(what)


class WageBasesTab(RegisterTab[WageBaseRow]):
    """工资基数: each member's bases; by default only the one in force now (the latest)."""

    register = Register.DUES
    title = "工资基数"
    noun = "工资基数"
    watches = frozenset({Register.DUES, Register.MEMBERS})
    model_class = WageBaseTableModel
    import_key = None
    export_caption = None
    print_caption = None
    add_tip = "登记一名职工的月工资基数（Ctrl+N）"
    focus_column = WageColumn.NAME
    stretch_column = WageColumn.NOTES

    def build_filters(self) -> None:
        self.scope_combo = QComboBox()
        self.scope_combo.addItem(tr("每人最新一条"), True)
        self.scope_combo.addItem(tr("历次全部"), False)
        self.add_filter_field(tr("显示"), self.scope_combo)
        self.scope_combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.search = self.add_search(tr("姓名、拼音首字母或部门"), 180)

    def __init__(self, page: TabHost) -> None:
        super().__init__(page)
        # Fixed row heights: the view then never asks 100,000 rows for their size hints.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        # By name, A to Z (SQL sorts: the heading's default order, descending, must not stay).
        self.table.horizontalHeader().setSortIndicator(WageColumn.NAME, Qt.SortOrder.AscendingOrder)

    def make_model(self) -> WageBaseTableModel:
        return WageBaseTableModel(self.page.db.session_factory)

    def fill_model(self) -> Sequence[WageBaseRow]:
        flt = WageBaseFilter(text=self.search.text(), current_only=bool(self.scope_combo.currentData()))
        self.model.set_filter(flt)  # type: ignore[union-attr]
        return ()

    def counts_text(self, rows: Sequence[WageBaseRow]) -> str:
        return tr("共 {0:,} 条").format(self.model.rowCount())

    def new_dialog(self) -> WageBaseDialog:
        return WageBaseDialog(self.db, today=self.today, parent=self)

    def edit_dialog(self, row: WageBaseRow) -> WageBaseDialog:
        return WageBaseDialog(self.db, row=row, today=self.today, parent=self)

    def saved_text(self, dialog: Any, verb: str) -> str:
        data = dialog.base_input()
        text = tr("{0}工资基数：自 {1} 起每月 {2} 元").format(verb, data.effective_from, format_yuan(data.wage_fen))
        return text + (tr("，已生成而未缴的 {0} 个月份已重算。").format(dialog.recomputed) if dialog.recomputed else "。")

    def row_name(self, row: WageBaseRow) -> str:
        return tr("{0}自 {1} 起的工资基数").format(row.member_name, row.data.effective_from)

    def delete_notes(self, row: WageBaseRow) -> list[str]:
        return [tr("已生成而未缴的月份将按此人其余的工资基数重算，已缴的月份不变。")]

    def delete_record(self, row: WageBaseRow) -> None:
        dues.wage_bases.delete_and_apply(self.db.session_factory, row.id)
