"""批量发放: one 端午节慰问 to 300 people is one batch, with its sign-off sheet.

A batch is created through a preview (BatchDialog), its 发放签收表 saved as .xlsx or printed (the
sheet services/signoff.py collects, so both say the same), ticked off when the signed sheet comes
back, and undone as a whole when it was recorded by mistake — the tab's 删除 is 撤销整批. Under the
batches, the selected batch's lines in the order of the sheet (by department), read lazily: a batch
to every member of a large union is 100,000 lines, and selecting it reads the ids and a screenful.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintPreviewDialog
from PySide6.QtWidgets import (
    QCheckBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QWidget,
)

from unionbook.domain.errors import UnionbookError
from unionbook.domain.registers import Register
from unionbook.services import aid
from unionbook.services.aid import BatchRow, PaymentFilter
from unionbook.services.signoff import SignoffSheet, collect_signoff, write_batch_signoff
from unionbook.ui import register_io
from unionbook.ui.dialogs.batch_dialog import BatchDialog
from unionbook.ui.dialogs.form_dialog import FormDialog
from unionbook.ui.errors import show_error
from unionbook.ui.models.aid_table_models import BatchColumn, BatchTableModel, LazyPaymentTableModel, PaymentColumn
from unionbook.ui.pages.aid.signoff_print import render_signoff
from unionbook.ui.pages.aid.tab import AidHost, AidTab, tr
from unionbook.ui.widgets.register_table import SqlSortingProxy, fit_columns, make_table
from unionbook.ui.printing import a4_portrait_printer, preview_dialog
from unionbook.ui.tasks import BackgroundTask
from unionbook.ui.widgets.panes import pane, split_panes

#: The columns a batch's lines do not need: they are the batch's own.
_SAME_FOR_THE_BATCH = (PaymentColumn.DATE, PaymentColumn.PROGRAM, PaymentColumn.BATCH, PaymentColumn.FUNDING)


class BatchesTab(AidTab[BatchRow]):
    register = Register.BATCHES
    model_class = BatchTableModel
    watches = frozenset({Register.BATCHES, Register.PAYMENTS, Register.MEMBERS})
    noun = "批次"
    add_tip = "按部门、全体会员或在档困难职工批量发放，先预览名单和合计再记录"
    stretch_column = BatchColumn.TITLE
    hidden_note = "（批次日期不在所选年度，切换年度可见）"

    def __init__(self, page: AidHost) -> None:
        self.preview: QPrintPreviewDialog | None = None
        super().__init__(page)
        self.add_button.setText(tr("新建批量发放…"))
        self.edit_button.hide()  # a batch is recorded once; its payments are edited one by one
        self.delete_button.setText(tr("撤销整批"))
        self.delete_button.setToolTip(tr("删除整批及其中的全部发放记录（例如记错了批次）"))
        self.counts_label.hide()  # the caption over the lines says it all

    # --- what the frame asks ----------------------------------------------------------------------

    def build_filters(self) -> None:
        self.add_year_filter()

    def row_actions(self) -> list[QPushButton]:
        self.signoff_button = QPushButton(tr("签收表…"))
        self.signoff_button.setToolTip(tr("把选中批次的发放签收表保存为 Excel 表格"))
        self.print_signoff_button = QPushButton(tr("打印签收表"))
        self.print_signoff_button.setToolTip(tr("打印选中批次的发放签收表（A4 纵向）"))
        self.signed_button = QPushButton(tr("全部标记已签收"))
        self.signed_button.setToolTip(tr("签收表已全部签字收回时使用"))
        self.signoff_button.clicked.connect(lambda: self.save_signoff())
        self.print_signoff_button.clicked.connect(lambda: self.print_signoff())
        self.signed_button.clicked.connect(lambda: self.mark_signed())
        return [self.signoff_button, self.print_signoff_button, self.signed_button]

    def toolbar_tail(self) -> QWidget:
        self.show_id = QCheckBox(tr("签收表显示完整身份证号"))
        self.show_id.setToolTip(tr("不勾选时只显示前6位和后4位"))
        return self.show_id

    def build_body(self, table: QTableView) -> QWidget:
        # In the sign-off sheet's order (by department) until a heading is clicked; SQL sorts.
        self.lines_model = LazyPaymentTableModel(self.db.session_factory, self, sort_column=PaymentColumn.DEPARTMENT,
                                                 descending=False)  # fmt: skip
        self.lines_proxy = SqlSortingProxy(self)
        self.lines_proxy.setSourceModel(self.lines_model)
        self.lines_table = make_table("batchLines", self.lines_proxy, self.fontMetrics().height() + 10)
        self.lines_table.setAlternatingRowColors(True)
        self.lines_table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        fit_columns(self.lines_table, self.lines_model.samples())
        for column in _SAME_FOR_THE_BATCH:
            self.lines_table.setColumnHidden(column, True)
        self.lines_table.horizontalHeader().setSectionResizeMode(PaymentColumn.GOODS, QHeaderView.ResizeMode.Stretch)
        self.lines_table.setSortingEnabled(True)
        self.lines_table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.lines_caption = QLabel()
        self.lines_caption.setStyleSheet("font-weight: bold;")
        return split_panes(table, pane(self.lines_caption, (self.lines_table, 1)), (2, 3))

    def load_rows(self) -> list[BatchRow]:
        return aid.list_batches(self.db.session_factory, self.year_combo.currentData())

    def selection_changed(self, row: BatchRow | None) -> None:
        for button in (self.signoff_button, self.print_signoff_button):
            button.setEnabled(row is not None)
        self.signed_button.setEnabled(row is not None and row.signed < row.count)

    def show_detail(self, row: BatchRow | None) -> None:
        if row is None:
            self.lines_model.set_filter(PaymentFilter(batch_id=0))  # no batch has id 0: no lines
            self.lines_caption.setText(tr("（未选中批次）"))
            return
        try:
            self.lines_model.set_filter(PaymentFilter(batch_id=row.id))
        except UnionbookError as exc:
            show_error(self, exc)
        given = aid.value_text(row.total_fen, row.goods, row.goods_value_fen)
        caption = tr("“{0}”发放名单：{1} 人，{2}").format(
            row.title, f"{row.count:,}", (tr("合计 ") + given) if row.total_fen or not row.goods else given)  # fmt: skip
        caption += tr("；已签收 {0} 人").format(f"{row.signed:,}")
        self.lines_caption.setText(caption)

    def new_dialog(self) -> BatchDialog:
        return BatchDialog(self.db, self, today=self.today)

    def saved_text(self, dialog: FormDialog, verb: str) -> str:
        count, total = dialog.recorded or (0, 0)  # type: ignore[attr-defined]
        preview = dialog.preview  # type: ignore[attr-defined]
        goods, value = (preview.goods, preview.goods_value_fen * count) if preview is not None else ("", 0)
        return tr("已记录批次“{0}”：{1} 人，合计 {2}。可以打印签收表。").format(
            dialog.title_edit.text().strip(), f"{count:,}", aid.value_text(total, goods, value))  # type: ignore[attr-defined]  # fmt: skip

    def announce(self, *registers: Register) -> None:
        """A batch is its payments: recording or undoing one changes both registers."""
        super().announce(*(registers or (Register.BATCHES, Register.PAYMENTS)))

    def delete(self) -> bool:
        return self.undo_batch() is not None

    # --- the register's own: the sign-off sheet, signing, undoing ----------------------------------

    def signoff_sheet(self) -> SignoffSheet | None:
        row = self.selected_row()
        return None if row is None else collect_signoff(self.db.session_factory, row, show_id=self.show_id.isChecked())

    def save_signoff(self, target: Path | None = None) -> BackgroundTask | None:
        """The sign-off sheet as .xlsx, written in the background; the message offers to open it."""
        row = self.selected_row()
        if row is None:
            return None
        target = target or register_io.ask_xlsx_path(self, tr("保存发放签收表"), f"{row.title}发放签收表.xlsx")
        if target is None:
            return None
        factory, batch_id, show_id = self.db.session_factory, row.id, self.show_id.isChecked()
        return register_io.export_in_background(
            self,
            tr("正在生成发放签收表……"),
            lambda: write_batch_signoff(factory, batch_id, target, show_id=show_id),
            tr("已保存“{0}”的发放签收表：{{path}}").format(row.title),
            tr("没有完成"),
        )

    def print_signoff(self) -> QPrintPreviewDialog | None:
        sheet = self.signoff_sheet()
        if sheet is None:
            return None
        # Kept by the tab: with a non-blocking open() a local printer would be collected while the
        # preview still paints on it.
        self._printer = printer = a4_portrait_printer()
        self.preview = preview_dialog(
            self, printer, tr("打印预览 — ") + sheet.title, (900, 860), lambda target: render_signoff(target, sheet)
        )
        self.preview.open()
        return self.preview

    def mark_signed(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        question = tr("“{0}”的签收表已全部签字收回了吗？\n将把其中 {1} 笔未签收的发放标记为已签收。").format(
            row.title, row.count - row.signed)  # fmt: skip
        if not self._confirm(tr("全部标记已签收"), question):
            return
        try:
            aid.sign_batch(self.db.session_factory, row.id)
        except UnionbookError as exc:
            show_error(self, exc)
            return
        self.reload()
        self.announce()
        self.show_message(tr("“{0}”已全部标记为已签收。").format(row.title))

    def undo_batch(self) -> int | None:
        """Delete the whole batch after saying how many payments go with it; returns that number."""
        row = self.selected_row()
        if row is None:
            return None
        signed = tr("其中 {0} 笔已签收。").format(row.signed) if row.signed else ""
        question = tr("确定撤销批次“{0}”吗？\n将删除其中的 {1} 笔发放记录（合计 {2}）。{3}\n撤销后不能恢复。").format(
            row.title, f"{row.count:,}", aid.value_text(row.total_fen, row.goods, row.goods_value_fen), signed)  # fmt: skip
        if not self._confirm(tr("撤销整批"), question):
            return None
        try:
            count = aid.undo_batch(self.db.session_factory, row.id)
        except UnionbookError as exc:
            show_error(self, exc, tr("没有撤销"))
            return None
        self.reload()
        self.announce()
        self.show_message(tr("已撤销批次“{0}”，删除了 {1} 笔发放记录。").format(row.title, f"{count:,}"))
        return count

    def _confirm(self, title: str, question: str) -> bool:
        answer = QMessageBox.question(
            self, title, question, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )  # fmt: skip
        return answer == QMessageBox.StandardButton.Yes
