"""发放记录: every disbursement of the year the window shows, with a 合计 of the listed rows.

The line under the table sums what is listed (after the filters), not a statistics figure: the
figures engine counts people and 人次. A large union's year is 150,000 payments, so the list is
lazy (SQL filters and sorts the ids, the rows on screen are read), the 合计 is one SQL aggregate,
and the search runs after a pause in typing.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QHeaderView, QLabel, QPushButton, QWidget

from unionbook.domain.money import format_yuan
from unionbook.domain.registers import Register
from unionbook.domain.vocab import AidProgram, labels
from unionbook.services import aid
from unionbook.services.aid import PaymentFilter, PaymentRow
from unionbook.services.register_export import export_aid
from unionbook.ui.dialogs.form_dialog import FormDialog
from unionbook.ui.dialogs.payment_dialog import PaymentDialog
from unionbook.ui.models.aid_table_models import LazyPaymentTableModel, PaymentColumn
from unionbook.ui.pages.aid.tab import AidHost, AidTab, tr

#: Milliseconds of quiet in the search box before the list is read again.
SEARCH_PAUSE = 250


class PaymentsTab(AidTab[PaymentRow]):
    title = "发放记录"
    register = Register.PAYMENTS
    # A batch recorded or undone changes the payments; closing or deleting a file their link to it.
    watches = frozenset({Register.PAYMENTS, Register.BATCHES, Register.HARDSHIP, Register.MEMBERS})
    noun = "发放记录"
    add_tip = "登记一笔发放（住院慰问、医疗救助等）；多人同标准发放请用“批量发放”"
    export_caption = ("导出帮扶发放台账", "帮扶发放台账")
    stretch_column = PaymentColumn.BATCH
    hidden_note = "（当前筛选条件下不显示这笔发放）"
    deleter, exporter = aid.delete_payment, export_aid
    export_done = "已导出 {rows} 笔发放到 {path}"

    def __init__(self, page: AidHost) -> None:
        super().__init__(page)
        self.add_button.setText(tr("登记发放"))
        self.import_button.setToolTip(tr("导入发放名单（表中须有“项目”和“发放日期”列）"))
        self.export_button.setToolTip(tr("导出全部发放记录为 Excel 表格（可再次导入）"))
        self.totals_label = self.counts_label
        self.totals_label.setObjectName("paymentTotals")
        self.totals_label.setToolTip(tr("当前列表中各行相加（按筛选条件），不是统计口径的人数或人次"))
        # Fixed row heights: the view then never asks 150,000 rows for their size hints.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)

    def make_model(self) -> LazyPaymentTableModel:
        return LazyPaymentTableModel(self.page.db.session_factory)

    # --- what the frame asks ----------------------------------------------------------------------

    def build_filters(self) -> None:
        self.add_year_filter()
        self.program_combo = self.add_filter_combo(tr("项目"), [(label, label) for label in labels(AidProgram)])
        caption = QLabel(tr("查找"))
        self.filters.addWidget(caption)
        # Each keystroke of a name need not read a year of payments: search after a pause.
        self.search = self.add_search(tr("姓名或部门"), pause=SEARCH_PAUSE)
        caption.setBuddy(self.search)

    def current_filter(self) -> PaymentFilter:
        return PaymentFilter(year=self.year_combo.currentData(), program=self.program_combo.currentData(),
                             text=self.search.text())  # fmt: skip

    def fill_model(self) -> Sequence[PaymentRow]:
        self.model.set_filter(self.current_filter())  # type: ignore[union-attr]
        return ()

    def counts_text(self, rows: Sequence[PaymentRow]) -> str:
        t = aid.payment_totals(self.db.session_factory, self.current_filter())
        if t.amount_fen or not t.goods_value_fen:
            text = tr("列表合计：{0} 笔，金额 {1} 元").format(f"{t.count:,}", format_yuan(t.amount_fen))
            if t.goods_value_fen:
                text += tr("，实物价值 {0} 元").format(format_yuan(t.goods_value_fen))
        else:  # goods alone (a 中秋节 batch): no "金额 0.00 元" for gifts
            text = tr("列表合计：{0} 笔，实物价值 {1} 元").format(f"{t.count:,}", format_yuan(t.goods_value_fen))
        if t.unsigned:
            text += tr("；其中 {0} 笔未签收").format(f"{t.unsigned:,}")
        return text

    def tool_widgets(self) -> list[QWidget]:
        self.compliance_button = QPushButton(tr("合规检查…"))
        self.compliance_button.setToolTip(tr("列出所选年度超出开支标准的发放及处理原因，可导出 Excel"))
        self.compliance_button.clicked.connect(lambda: self.show_compliance())
        return [self.compliance_button]

    def show_compliance(self) -> None:
        from unionbook.ui import register_io
        from unionbook.ui.dialogs.compliance_dialog import ComplianceDialog

        year = self.year_combo.currentData() or self.today.year
        ComplianceDialog(self.db, year, self, today=self.today, export_flow=register_io).exec()

    def new_dialog(self) -> PaymentDialog:
        return PaymentDialog(self.db, parent=self, today=self.today)

    def edit_dialog(self, row: PaymentRow) -> PaymentDialog:
        return PaymentDialog(self.db, row=row, parent=self, today=self.today)

    def add(self) -> FormDialog | None:
        return self.open_dialog(self.new_dialog(), tr("已登记"))

    def saved_text(self, dialog: FormDialog, verb: str) -> str:
        data = dialog.payment_input()  # type: ignore[attr-defined]
        given = aid.value_text(data.amount_fen, data.goods, data.goods_value_fen)
        return tr("{0}：{1} {2} {3}").format(verb, data.date.isoformat(), data.program, given)

    def delete_question(self, row: PaymentRow) -> str:
        batch = tr("\n它属于批次“{0}”，删除后该批次少一人。").format(row.batch_title) if row.batch_title else ""
        given = aid.value_text(row.data.amount_fen, row.data.goods, row.data.goods_value_fen)
        return tr("确定删除 {0} {1} 的{2}（{3}）吗？{4}\n").format(
            row.data.date.isoformat(), row.member_name, row.data.program, given, batch)  # fmt: skip

    def deleted_text(self, row: PaymentRow) -> str:
        return tr("已删除 {0} 的{1}。").format(row.member_name, row.data.program)
