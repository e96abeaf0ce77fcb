"""帮扶: hardship files, every disbursement, and batch distributions with their sign-off sheets.

Three tabs for the three things a chair does with the aid register:
- 困难职工档案: who is on file, who must be reviewed this year (orange, with the reason in the
  tooltip and a line above the table), opening, reviewing, closing, and the 建档申请表 filled
  from a file;
- 发放记录: every payment of the year the window shows, with a 合计 of the listed rows (a sum of
  what is on screen, not a statistics figure: the figures engine counts people and 人次);
- 批量发放: one 端午节慰问 to 300 people is one batch — created through a preview, printed as a
  发放签收表 (.xlsx or straight to the printer), ticked off when the signed sheet comes back, and
  undone as a whole when it was recorded by mistake.

A union has tens of files, hundreds of payments a year and a few batches, so each tab simply asks
the service again after every change or filter (`list_hardship_files`, `list_payments`,
`list_batches`). The sign-off sheet is painted with QPainter like the other printed registers
(ui/printing.py explains why): a signature needs a tall row, the header repeats on each page and
the totals and signature lines must stay together on the last page.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import ClassVar

from PySide6.QtCore import (
    QCoreApplication,
    QItemSelectionModel,
    QLineF,
    QRectF,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QDesktopServices,
    QPainter,
    QPen,
)
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from unionbook.domain.errors import UnionbookError
from unionbook.domain.registers import Register
from unionbook.domain.money import format_yuan
from unionbook.domain.vocab import AidProgram, labels
from unionbook.fileio.signoff import SignoffLine
from unionbook.fileio.templates import capital_amount
from unionbook.services import aid, attachments
from unionbook.services.aid import BatchRow, HardshipRow, PaymentFilter, PaymentRow
from unionbook.services.database import Database
from unionbook.services.hardship_form import fill_hardship_form
from unionbook.services.register_export import export_aid, export_hardship
from unionbook.services.signoff import signoff_lines, write_batch_signoff
from unionbook.services.union import get_profile
from unionbook.ui import register_io
from unionbook.ui.changes import announce
from unionbook.ui.dialogs.batch_dialog import BatchDialog
from unionbook.ui.dialogs.hardship_dialog import CloseFileDialog, HardshipDialog, ReviewDialog
from unionbook.ui.dialogs.import_wizard import ImportWizard
from unionbook.ui.dialogs.payment_dialog import PaymentDialog
from unionbook.ui.errors import show_error
from unionbook.ui.models.aid_table_models import (
    BatchColumn,
    BatchTableModel,
    HardshipColumn,
    HardshipTableModel,
    PaymentColumn,
    PaymentTableModel,
    RowRole,
    SortRole,
    hardship_status,
    overdue_text,
)
from unionbook.ui.pages.base import Page, heading
from unionbook.ui.widgets.status_delegate import StatusKeepingDelegate
from unionbook.ui.printing import (
    Ledger,
    TableLayout,
    TableStyle,
    a4_portrait_printer,
    cell_text,
    preview_dialog,
    render_table,
)
from unionbook.ui.tasks import BackgroundTask
from unionbook.ui.widgets.attachments import AttachmentsWidget

_CONTEXT = "AidPage"
_ALL = "全部"
FIRST_YEAR = 2000


def tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def _table(name: str, model: object, parent: QWidget) -> tuple[QTableView, QSortFilterProxyModel]:
    """A read-only, row-selecting, sortable table over `model` (the look of the other registers)."""
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)  # type: ignore[arg-type]
    proxy.setSortRole(SortRole)
    table = QTableView()
    table.setObjectName(name)
    table.setModel(proxy)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setHighlightSections(False)
    header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    table.setSortingEnabled(True)
    proxy.sort(-1)
    return table, proxy


def _fit_columns(table: QTableView, samples: dict[int, str]) -> None:
    metrics = table.fontMetrics()
    model = table.model()
    for column, sample in samples.items():
        heading_text = str(model.headerData(column, Qt.Orientation.Horizontal))
        table.setColumnWidth(column, max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(heading_text) + 22) + 16)


def _select_row(table: QTableView, proxy: QSortFilterProxyModel, model: object, row_id: int) -> bool:
    source_row = model.row_of(row_id)  # type: ignore[attr-defined]
    if source_row < 0:
        return False
    index = proxy.mapFromSource(model.index(source_row, 0))  # type: ignore[attr-defined]
    if not index.isValid():
        return False
    table.selectionModel().setCurrentIndex(
        index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )
    table.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
    return True


def _selected(table: QTableView) -> object | None:
    rows = table.selectionModel().selectedRows()
    return rows[0].data(RowRole) if rows else None


def _year_combo(today: date) -> QComboBox:
    combo = QComboBox()
    combo.addItem(tr(_ALL), None)
    for year in range(today.year + 1, FIRST_YEAR - 1, -1):
        combo.addItem(f"{year} 年", year)
    return combo


class AidPage(Page):
    title = "帮扶"
    #: Files, payments or batches changed: other pages (总览) must re-read.
    data_changed = Signal()

    def __init__(self, db: Database, *, today: date | None = None) -> None:
        super().__init__()
        self.db = db
        self._today = today
        self.export_task: BackgroundTask | None = None  # an export or form being written
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 12)
        layout.setSpacing(8)
        layout.addWidget(heading(tr("帮扶")))
        self.tabs = QTabWidget()
        self.tabs.setObjectName("aidTabs")
        self.hardship_tab = HardshipTab(self)
        self.payments_tab = PaymentsTab(self)
        self.batches_tab = BatchesTab(self)
        self.tabs.addTab(self.hardship_tab, tr("困难职工档案"))
        self.tabs.addTab(self.payments_tab, tr("发放记录"))
        self.tabs.addTab(self.batches_tab, tr("批量发放"))
        layout.addWidget(self.tabs, 1)
        self.message_label = QLabel()
        self.message_label.setObjectName("hint")
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.LinksAccessibleByMouse
        )
        self.message_label.linkActivated.connect(lambda link: QDesktopServices.openUrl(QUrl(link)))
        layout.addWidget(self.message_label)
        self.tabs.currentChanged.connect(lambda _i: self.show_message(""))

    @property
    def today(self) -> date:
        return self._today or date.today()

    def set_year(self, year: int) -> None:
        for tab in (self.hardship_tab, self.payments_tab, self.batches_tab):
            tab.set_year(year)

    def refresh(self) -> None:
        for tab in (self.hardship_tab, self.payments_tab, self.batches_tab):
            tab.reload()

    def changed(self, *, files: bool = False, payments: bool = False, batches: bool = False) -> None:
        """Something was written: re-read the tabs it touches and tell the window."""
        if files:
            self.hardship_tab.reload()
        if payments:
            self.payments_tab.reload()
        if batches:
            self.batches_tab.reload()
        flags = ((Register.HARDSHIP, files), (Register.PAYMENTS, payments), (Register.BATCHES, batches))
        announce(*(register for register, flag in flags if flag), source=self)

    def show_message(self, text: str, warning: bool = False) -> None:
        self.message_label.setObjectName("warning" if warning else "hint")
        self.message_label.style().unpolish(self.message_label)
        self.message_label.style().polish(self.message_label)
        self.message_label.setText(text)

    def export_in_background(self, label: str, work: object, done_text: str) -> BackgroundTask:
        """Run an export and say where the file went, with links to open it."""
        return register_io.export_in_background(self, label, work, done_text, tr("没有完成"))  # type: ignore[arg-type]


# --- 困难职工档案 ------------------------------------------------------------------------------


class HardshipTab(QWidget):
    _SAMPLES: ClassVar[dict[int, str]] = {
        HardshipColumn.NAME: "欧阳某某",
        HardshipColumn.DEPARTMENT: "仓储物流部门",
        HardshipColumn.CATEGORY: "深度困难",
        HardshipColumn.CAUSES: "因病、因残、子女教育",
        HardshipColumn.HOUSEHOLD: "10",
        HardshipColumn.INCOME: "1,234.00",
        HardshipColumn.OPENED: "2024-05-03",
        HardshipColumn.LAST_REVIEW: "2024-05-03",
    }

    def __init__(self, page: AidPage) -> None:
        super().__init__()
        self.page = page
        self.db = page.db
        self._year: int | None = None
        self.dialog: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)

        toolbar = QHBoxLayout()
        self.add_button = QPushButton(tr("新建档案"))
        self.edit_button = QPushButton(tr("编辑"))
        self.review_button = QPushButton(tr("复核/走访"))
        self.close_button = QPushButton(tr("关闭档案"))
        self.delete_button = QPushButton(tr("删除"))
        self.import_button = QPushButton(tr("导入…"))
        self.export_button = QPushButton(tr("导出…"))
        self.form_button = QPushButton(tr("填写建档申请表"))
        self.add_button.setToolTip(tr("为一户困难职工家庭建档（一户一档）"))
        self.review_button.setToolTip(tr("登记每年的复核或一次走访"))
        self.close_button.setToolTip(tr("解困脱困、不再符合条件或调离时关闭档案；历史发放保留"))
        self.import_button.setToolTip(tr("从 Excel/WPS 困难职工档案表导入"))
        self.export_button.setToolTip(tr("导出全部档案为 Excel 表格（可再次导入）"))
        menu = QMenu(self.form_button)
        self.form_masked_action = menu.addAction(tr("填写申请表（身份证号部分隐藏）…"))
        self.form_full_action = menu.addAction(tr("填写申请表（显示完整身份证号，报上级审核用）…"))
        self.form_button.setMenu(menu)
        self.form_button.setToolTip(tr("用选中的档案填写《困难职工建档申请表》（Word 文档）"))
        for button in (self.add_button, self.edit_button, self.review_button, self.close_button, self.delete_button):
            toolbar.addWidget(button)
        toolbar.addSpacing(16)
        for button in (self.import_button, self.export_button, self.form_button):
            toolbar.addWidget(button)
        toolbar.addStretch(1)
        layout.addLayout(toolbar)

        filters = QHBoxLayout()
        self.status_combo = QComboBox()
        self.status_combo.addItem(tr("在档"), "open")
        self.status_combo.addItem(tr("已关闭"), "closed")
        self.status_combo.addItem(tr(_ALL), "all")
        self.status_combo.addItem("", "year_end")  # text set by set_year
        label = QLabel(tr("状态"))
        label.setBuddy(self.status_combo)
        filters.addWidget(label)
        filters.addWidget(self.status_combo)
        filters.addSpacing(16)
        self.overdue_label = QLabel()
        self.overdue_label.setObjectName("warning")
        self.overdue_label.setStyleSheet("QLabel#warning { color: #b9770e; font-weight: bold; }")
        filters.addWidget(self.overdue_label, 1)
        legend = QLabel('<span style="background:#fbd9a5; color:#7a4100">&nbsp;超过12个月未复核&nbsp;</span>&nbsp;'
                        '<span style="color:#8a949e">&nbsp;已关闭&nbsp;</span>')  # fmt: skip
        filters.addWidget(legend)
        layout.addLayout(filters)

        self.model = HardshipTableModel(self, today=page._today)
        self.table, self.proxy = _table("hardshipTable", self.model, self)
        _fit_columns(self.table, {**self._SAMPLES, HardshipColumn.STATUS: "已不再符合条件"})
        self.table.horizontalHeader().setSectionResizeMode(HardshipColumn.CAUSES, QHeaderView.ResizeMode.Stretch)
        # Selected rows keep their orange: the file picked to be reviewed is the one that is late.
        self.table.setItemDelegate(StatusKeepingDelegate(self.table))

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.table)
        splitter.addWidget(self._build_detail())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        self.counts_label = QLabel()
        layout.addWidget(self.counts_label)

        self.status_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.add_button.clicked.connect(lambda: self.add_file())
        self.edit_button.clicked.connect(lambda: self.edit_file())
        self.review_button.clicked.connect(lambda: self.review_file())
        self.close_button.clicked.connect(lambda: self.close_file())
        self.delete_button.clicked.connect(lambda: self.delete_file())
        self.import_button.clicked.connect(lambda: self.open_import())
        self.export_button.clicked.connect(lambda: self.export_files())
        self.form_masked_action.triggered.connect(lambda: self.fill_form(show_id=False))
        self.form_full_action.triggered.connect(lambda: self.fill_form(show_id=True))
        self.table.doubleClicked.connect(lambda _i: self.edit_file())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.reload()

    def _build_detail(self) -> QWidget:
        panel = QFrame()
        panel.setObjectName("hardshipDetail")
        panel.setFrameShape(QFrame.Shape.StyledPanel)
        row = QHBoxLayout(panel)
        row.setContentsMargins(12, 8, 12, 8)
        row.setSpacing(20)
        self.detail_info = QLabel()
        self.detail_info.setWordWrap(True)
        self.detail_info.setTextFormat(Qt.TextFormat.RichText)
        self.detail_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail_info.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.detail_info, 5)
        self.detail_family = QLabel()
        self.detail_family.setWordWrap(True)
        self.detail_family.setTextFormat(Qt.TextFormat.RichText)
        self.detail_family.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.detail_family, 4)
        right = QVBoxLayout()
        caption = QLabel(tr("附件（证明材料）"))
        caption.setStyleSheet("font-weight: bold;")
        right.addWidget(caption)
        self.attachments = AttachmentsWidget(self.db, "hardship_file_id", unsaved_hint=tr("请先在上面的表格中选中一份档案。"))
        self.attachments.list.setMinimumHeight(60)
        right.addWidget(self.attachments, 1)
        row.addLayout(right, 3)
        panel.setMinimumHeight(self.fontMetrics().lineSpacing() * 8 + 24)
        return panel

    @property
    def today(self) -> date:
        return self.page.today

    # --- reading ---------------------------------------------------------------------------

    def set_year(self, year: int) -> None:
        self._year = year
        index = self.status_combo.findData("year_end")
        self.status_combo.setItemText(index, tr("{0}年末在档").format(year))
        if self.status_combo.currentData() == "year_end":
            self.reload()

    def reload(self) -> None:
        keep = self.selected_id()
        try:
            rows = aid.list_hardship_files(self.db.session_factory)
        except UnionbookError as exc:
            show_error(self, exc)
            rows = []
        today = self.today
        overdue = [r for r in rows if r.review_overdue(today)]
        self.overdue_label.setText(
            tr("{0} 户档案超过 12 个月未复核：{1}").format(len(overdue), "、".join(r.member_name for r in overdue[:6])
                                                    + ("等" if len(overdue) > 6 else ""))
            if overdue else ""
        )  # fmt: skip
        choice = self.status_combo.currentData()
        if choice == "open":
            shown = [r for r in rows if r.data.closed_on is None]
        elif choice == "closed":
            shown = [r for r in rows if r.data.closed_on is not None]
        elif choice == "year_end" and self._year:
            shown = [r for r in rows if r.is_open(date(self._year, 12, 31))]
        else:
            shown = rows
        self.model.set_rows(shown)
        open_count = sum(1 for r in rows if r.data.closed_on is None)
        self.counts_label.setText(
            tr("显示 {0} 户；全部档案 {1} 户，其中在档 {2} 户、已关闭 {3} 户").format(
                len(shown), len(rows), open_count, len(rows) - open_count)
        )  # fmt: skip
        if not (keep is not None and self.select_file(keep)) and shown:
            self.table.selectRow(0)
        self._selection_changed()

    def visible_rows(self) -> list[HardshipRow]:
        return [self.proxy.index(r, 0).data(RowRole) for r in range(self.proxy.rowCount())]

    def selected_row(self) -> HardshipRow | None:
        return _selected(self.table)  # type: ignore[return-value]

    def selected_id(self) -> int | None:
        row = self.selected_row()
        return row.id if row else None

    def select_file(self, file_id: int) -> bool:
        return _select_row(self.table, self.proxy, self.model, file_id)

    def _selection_changed(self) -> None:
        row = self.selected_row()
        chosen = row is not None
        is_open = chosen and row.data.closed_on is None  # type: ignore[union-attr]
        for button in (self.edit_button, self.delete_button, self.form_button):
            button.setEnabled(chosen)
        self.review_button.setEnabled(bool(is_open))
        self.close_button.setEnabled(bool(is_open))
        self._show_detail(row)

    def _show_detail(self, row: HardshipRow | None) -> None:
        self.attachments.set_owner_id(row.id if row else None)
        if row is None:
            self.detail_info.setText(tr("（未选中档案）"))
            self.detail_family.setText("")
            return
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
        if row.review_overdue(self.today):
            lines.append(f'<span style="color:#b9770e; font-weight:bold">{esc(overdue_text(row, self.today))}</span>')
        try:
            paid = [p for p in aid.list_payments(self.db.session_factory, PaymentFilter(member_id=data.member_id))
                    if p.data.hardship_file_id == row.id]  # fmt: skip
        except UnionbookError:
            paid = []
        if paid:
            total = sum(p.data.amount_fen for p in paid)
            lines.append(tr("计入本档案的发放：{0} 笔，合计 {1} 元").format(len(paid), format_yuan(total)))
        self.detail_info.setText("<br>".join(lines))
        family = [f"<b>{tr('家庭成员')}</b>"]
        for m in data.family:
            parts = [esc(m.name), esc(m.relation)]
            if m.health:
                parts.append(esc(m.health))
            if m.school_or_work:
                parts.append(esc(m.school_or_work))
            family.append("　".join(p for p in parts if p))
        if not data.family:
            family.append('<span style="color:#6b7785">' + tr("未登记") + "</span>")
        reviews = sorted(row.reviews, key=lambda r: r.date, reverse=True)[:3]
        if reviews:
            family.append(f"<br><b>{tr('最近复核/走访')}</b>")
            family += [f"{r.date.isoformat()} {esc(r.kind)} {esc(r.notes)}" for r in reviews]
        self.detail_family.setText("<br>".join(family))

    # --- actions ----------------------------------------------------------------------------

    def _open(self, dialog: QWidget, on_done: object) -> QWidget:
        """Window-modal and non-blocking; the tab reads the result when it closes."""
        self.dialog = dialog

        def finished(result: int) -> None:
            on_done(result)  # type: ignore[operator]
            self.dialog = None
            dialog.deleteLater()

        dialog.finished.connect(finished)  # type: ignore[attr-defined]
        dialog.open()  # type: ignore[attr-defined]
        return dialog

    def add_file(self) -> HardshipDialog:
        dialog = HardshipDialog(self.db, parent=self, today=self.today)
        return self._open(dialog, lambda result: self._after_edit(dialog, result, tr("已建档")))  # type: ignore[return-value]

    def edit_file(self) -> HardshipDialog | None:
        row = self.selected_row()
        if row is None:
            return None
        try:
            dialog = HardshipDialog(self.db, row.id, parent=self, today=self.today)
        except UnionbookError as exc:
            show_error(self, exc)
            self.reload()
            return None
        return self._open(dialog, lambda result: self._after_edit(dialog, result, tr("已保存")))  # type: ignore[return-value]

    def _after_edit(self, dialog: HardshipDialog, result: int, verb: str) -> None:
        if result == HardshipDialog.DialogCode.Accepted and dialog.saved_id is not None:
            self.page.changed(files=True)
            visible = self.select_file(dialog.saved_id)
            name = dialog.member.member_row().name if dialog.member.member_row() else ""
            text = tr("{0}{1}的困难职工档案。").format(verb, name)
            if not visible:
                text += tr("（当前筛选条件下不显示这份档案）")
            self.page.show_message(text)
        elif dialog.reviews_changed or dialog.attachments_changed:
            self.page.changed(files=True)

    def review_file(self) -> ReviewDialog | None:
        row = self.selected_row()
        if row is None or row.data.closed_on is not None:
            return None
        dialog = ReviewDialog(self.db, row, self, today=self.today)

        def done(result: int) -> None:
            if result == ReviewDialog.DialogCode.Accepted:
                self.page.changed(files=True)
                self.page.show_message(tr("已登记{0}的{1}。").format(row.member_name, dialog.kind.currentData()))

        return self._open(dialog, done)  # type: ignore[return-value]

    def close_file(self) -> CloseFileDialog | None:
        row = self.selected_row()
        if row is None or row.data.closed_on is not None:
            return None
        dialog = CloseFileDialog(self.db, row, self, today=self.today)

        def done(result: int) -> None:
            if result == CloseFileDialog.DialogCode.Accepted:
                self.page.changed(files=True)
                self.page.show_message(tr("已关闭{0}的困难职工档案（{1}）。").format(row.member_name, dialog.reason.currentData()))

        return self._open(dialog, done)  # type: ignore[return-value]

    def delete_file(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        extra = tr("它的 {0} 个附件将一并删除。\n").format(len(self.attachments.infos())) if self.attachments.infos() else ""
        answer = QMessageBox.question(
            self,
            tr("删除档案"),
            tr("确定删除{0}的困难职工档案（{1} 建档）吗？\n{2}已解困脱困的档案请用“关闭档案”，不要删除。删除后不能撤销。").format(
                row.member_name, row.data.opened_on.isoformat(), extra),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )  # fmt: skip
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            aid.delete_hardship_file(self.db.session_factory, row.id)
            attachments.sweep_orphans(self.db)
        except UnionbookError as exc:
            show_error(self, exc, tr("不能删除"))
            return
        self.page.changed(files=True)
        self.page.show_message(tr("已删除{0}的困难职工档案。").format(row.member_name))

    def open_import(self, path: Path | None = None) -> ImportWizard:
        return register_io.open_import_wizard(self, self.db, "hardship", path, self._after_import)

    def _after_import(self, summary: object) -> None:
        self.page.changed(files=True)
        self.page.show_message(register_io.import_done_text(summary))

    def export_files(self, target: Path | None = None) -> BackgroundTask | None:
        target = target or register_io.ask_xlsx_path(
            self, tr("导出困难职工档案"), f"困难职工档案-{self.today:%Y%m%d}.xlsx"
        )
        if target is None:
            return None
        factory = self.db.session_factory
        return self.page.export_in_background(
            tr("正在导出困难职工档案……"), lambda: export_hardship(factory, target), tr("已导出 {rows} 户档案到 {path}")
        )

    def fill_form(self, target: Path | None = None, *, show_id: bool = False) -> BackgroundTask | None:
        """Fill the 建档申请表 from the selected file into a .docx chosen by the chair."""
        row = self.selected_row()
        if row is None:
            return None
        target = target or register_io.ask_save_path(
            self,
            tr("保存困难职工建档申请表"),
            f"困难职工建档申请表-{row.member_name}.docx",
            tr("Word 文档 (*.docx)"),
            ".docx",
        )
        if target is None:
            return None
        factory, file_id, today = self.db.session_factory, row.id, self.today
        return self.page.export_in_background(
            tr("正在填写建档申请表……"),
            lambda: fill_hardship_form(factory, file_id, target, show_id=show_id, today=today),
            tr("已填写{0}的建档申请表：{{path}}").format(row.member_name),
        )


# --- 发放记录 ---------------------------------------------------------------------------------------


class PaymentsTab(QWidget):
    _SAMPLES: ClassVar[dict[int, str]] = {
        PaymentColumn.DATE: "2024-05-03",
        PaymentColumn.NAME: "欧阳某某",
        PaymentColumn.DEPARTMENT: "仓储物流部门",
        PaymentColumn.PROGRAM: "困难劳模帮扶",
        PaymentColumn.AMOUNT: "10,000.00",
        PaymentColumn.GOODS: "月饼一盒、米一袋",
        PaymentColumn.GOODS_VALUE: "1,000.00",
        PaymentColumn.FUNDING: "本级经费",
        PaymentColumn.BATCH: "2025年中秋节慰问",
    }

    def __init__(self, page: AidPage) -> None:
        super().__init__()
        self.page = page
        self.db = page.db
        self.dialog: PaymentDialog | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)

        toolbar = QHBoxLayout()
        self.add_button = QPushButton(tr("登记发放"))
        self.edit_button = QPushButton(tr("编辑"))
        self.delete_button = QPushButton(tr("删除"))
        self.import_button = QPushButton(tr("导入…"))
        self.export_button = QPushButton(tr("导出…"))
        self.add_button.setToolTip(tr("登记一笔发放（住院慰问、医疗救助等）；多人同标准发放请用“批量发放”"))
        self.import_button.setToolTip(tr("导入发放名单（表中须有“项目”和“发放日期”列）"))
        self.export_button.setToolTip(tr("导出全部发放记录为 Excel 表格（可再次导入）"))
        for button in (self.add_button, self.edit_button, self.delete_button):
            toolbar.addWidget(button)
        toolbar.addSpacing(16)
        for button in (self.import_button, self.export_button):
            toolbar.addWidget(button)
        toolbar.addStretch(1)
        layout.addLayout(toolbar)

        filters = QHBoxLayout()
        self.year_combo = _year_combo(page.today)
        self.year_combo.setToolTip(tr("跟随窗口上方的统计年度"))
        self.program_combo = QComboBox()
        self.program_combo.addItem(tr(_ALL), None)
        for label in labels(AidProgram):
            self.program_combo.addItem(label, label)
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("姓名或部门"))
        self.search.setClearButtonEnabled(True)
        self.search.setMaximumWidth(220)
        for caption, widget in (("年度", self.year_combo), ("项目", self.program_combo), ("查找", self.search)):
            label = QLabel(tr(caption))
            label.setBuddy(widget)
            filters.addWidget(label)
            filters.addWidget(widget)
            filters.addSpacing(10)
        filters.addStretch(1)
        layout.addLayout(filters)

        self.model = PaymentTableModel(self)
        self.table, self.proxy = _table("paymentTable", self.model, self)
        _fit_columns(self.table, {**self._SAMPLES, PaymentColumn.SIGNED: "否"})
        self.table.horizontalHeader().setSectionResizeMode(PaymentColumn.BATCH, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.totals_label = QLabel()
        self.totals_label.setObjectName("paymentTotals")
        self.totals_label.setToolTip(tr("当前列表中各行相加（按筛选条件），不是统计口径的人数或人次"))
        layout.addWidget(self.totals_label)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self.reload)
        self.search.textEdited.connect(lambda _t: self._search_timer.start())
        self.year_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.program_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.add_button.clicked.connect(lambda: self.add_payment())
        self.edit_button.clicked.connect(lambda: self.edit_payment())
        self.delete_button.clicked.connect(lambda: self.delete_payment())
        self.import_button.clicked.connect(lambda: self.open_import())
        self.export_button.clicked.connect(lambda: self.export_payments())
        self.table.doubleClicked.connect(lambda _i: self.edit_payment())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.year_combo.setCurrentIndex(max(self.year_combo.findData(page.today.year), 0))

    @property
    def today(self) -> date:
        return self.page.today

    def set_year(self, year: int) -> None:
        index = self.year_combo.findData(year)
        if index >= 0 and index != self.year_combo.currentIndex():
            self.year_combo.setCurrentIndex(index)  # reloads

    def current_filter(self) -> PaymentFilter:
        return PaymentFilter(year=self.year_combo.currentData(), program=self.program_combo.currentData(),
                             text=self.search.text())  # fmt: skip

    def reload(self) -> None:
        keep = self.selected_id()
        # A large union's year is tens of thousands of payments (about 2 s at 20,000 people):
        # the wait cursor says the click was taken.
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            rows = aid.list_payments(self.db.session_factory, self.current_filter())
        except UnionbookError as exc:
            QApplication.restoreOverrideCursor()
            show_error(self, exc)
            rows = []
        else:
            QApplication.restoreOverrideCursor()
        self.model.set_rows(rows)
        self._update_totals()
        if not (keep is not None and _select_row(self.table, self.proxy, self.model, keep)) and rows:
            self.table.selectRow(0)
        self._selection_changed()

    def visible_rows(self) -> list[PaymentRow]:
        return [self.proxy.index(r, 0).data(RowRole) for r in range(self.proxy.rowCount())]

    def _update_totals(self) -> None:
        rows = self.visible_rows()
        amount = sum(r.data.amount_fen for r in rows)
        goods = sum(r.data.goods_value_fen for r in rows)
        unsigned = sum(1 for r in rows if not r.data.signed)
        text = tr("列表合计：{0} 笔，金额 {1} 元").format(f"{len(rows):,}", format_yuan(amount))
        if goods:
            text += tr("，实物价值 {0} 元").format(format_yuan(goods))
        if unsigned:
            text += tr("；其中 {0} 笔未签收").format(f"{unsigned:,}")
        self.totals_label.setText(text)

    def selected_row(self) -> PaymentRow | None:
        return _selected(self.table)  # type: ignore[return-value]

    def selected_id(self) -> int | None:
        row = self.selected_row()
        return row.id if row else None

    def _selection_changed(self) -> None:
        chosen = self.selected_row() is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def _open(self, dialog: PaymentDialog, verb: str) -> PaymentDialog:
        self.dialog = dialog

        def finished(result: int) -> None:
            if result == PaymentDialog.DialogCode.Accepted and dialog.saved_id is not None:
                self.page.changed(payments=True, batches=True, files=True)
                visible = _select_row(self.table, self.proxy, self.model, dialog.saved_id)
                data = dialog.payment_input()
                text = tr("{0}：{1} {2} {3} 元").format(verb, data.date.isoformat(), data.program, format_yuan(data.amount_fen))
                if not visible:
                    text += tr("（当前筛选条件下不显示这笔发放）")
                self.page.show_message(text)
            self.dialog = None
            dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()
        return dialog

    def add_payment(self) -> PaymentDialog:
        return self._open(PaymentDialog(self.db, parent=self, today=self.today), tr("已登记"))

    def edit_payment(self) -> PaymentDialog | None:
        row = self.selected_row()
        if row is None:
            return None
        return self._open(PaymentDialog(self.db, row=row, parent=self, today=self.today), tr("已保存"))

    def delete_payment(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        batch = tr("\n它属于批次“{0}”，删除后该批次少一人。").format(row.batch_title) if row.batch_title else ""
        answer = QMessageBox.question(
            self,
            tr("删除发放记录"),
            tr("确定删除 {0} {1} 的{2}（{3} 元）吗？{4}\n删除后不能撤销。").format(
                row.data.date.isoformat(), row.member_name, row.data.program, format_yuan(row.data.amount_fen), batch),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )  # fmt: skip
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            aid.delete_payment(self.db.session_factory, row.id)
        except UnionbookError as exc:
            show_error(self, exc, tr("不能删除"))
            return
        self.page.changed(payments=True, batches=True, files=True)
        self.page.show_message(tr("已删除 {0} 的{1}。").format(row.member_name, row.data.program))

    def open_import(self, path: Path | None = None) -> ImportWizard:
        return register_io.open_import_wizard(self, self.db, "aid", path, self._after_import)

    def _after_import(self, summary: object) -> None:
        self.page.changed(payments=True, files=True)
        self.page.show_message(register_io.import_done_text(summary))

    def export_payments(self, target: Path | None = None) -> BackgroundTask | None:
        target = target or register_io.ask_xlsx_path(
            self, tr("导出帮扶发放台账"), f"帮扶发放台账-{self.today:%Y%m%d}.xlsx"
        )
        if target is None:
            return None
        factory = self.db.session_factory
        return self.page.export_in_background(
            tr("正在导出帮扶发放台账……"), lambda: export_aid(factory, target), tr("已导出 {rows} 笔发放到 {path}")
        )


# --- 批量发放 -----------------------------------------------------------------------------------------


class BatchesTab(QWidget):
    _SAMPLES: ClassVar[dict[int, str]] = {
        BatchColumn.DATE: "2024-05-03",
        BatchColumn.TITLE: "2025年中秋节慰问（一线职工）",
        BatchColumn.PROGRAM: "困难劳模帮扶",
        BatchColumn.COUNT: "1,000",
        BatchColumn.TOTAL: "100,000.00",
        BatchColumn.SIGNED: "1,000/1,000",
        BatchColumn.PREPARED: "欧阳某某",
    }

    def __init__(self, page: AidPage) -> None:
        super().__init__()
        self.page = page
        self.db = page.db
        self.dialog: BatchDialog | None = None
        self.preview: QPrintPreviewDialog | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)

        toolbar = QHBoxLayout()
        self.new_button = QPushButton(tr("新建批量发放…"))
        self.signoff_button = QPushButton(tr("签收表…"))
        self.print_button = QPushButton(tr("打印签收表"))
        self.signed_button = QPushButton(tr("全部标记已签收"))
        self.undo_button = QPushButton(tr("撤销整批"))
        self.new_button.setToolTip(tr("按部门、全体会员或在档困难职工批量发放，先预览名单和合计再记录"))
        self.signoff_button.setToolTip(tr("把选中批次的发放签收表保存为 Excel 表格"))
        self.print_button.setToolTip(tr("打印选中批次的发放签收表（A4 纵向）"))
        self.signed_button.setToolTip(tr("签收表已全部签字收回时使用"))
        self.undo_button.setToolTip(tr("删除整批及其中的全部发放记录（例如记错了批次）"))
        toolbar.addWidget(self.new_button)
        toolbar.addSpacing(16)
        for button in (self.signoff_button, self.print_button, self.signed_button):
            toolbar.addWidget(button)
        toolbar.addSpacing(16)
        toolbar.addWidget(self.undo_button)
        toolbar.addStretch(1)
        self.show_id = QCheckBox(tr("签收表显示完整身份证号"))
        self.show_id.setToolTip(tr("不勾选时只显示前6位和后4位"))
        toolbar.addWidget(self.show_id)
        layout.addLayout(toolbar)

        filters = QHBoxLayout()
        self.year_combo = _year_combo(page.today)
        self.year_combo.setToolTip(tr("跟随窗口上方的统计年度"))
        label = QLabel(tr("年度"))
        label.setBuddy(self.year_combo)
        filters.addWidget(label)
        filters.addWidget(self.year_combo)
        filters.addStretch(1)
        layout.addLayout(filters)

        self.model = BatchTableModel(self)
        self.table, self.proxy = _table("batchTable", self.model, self)
        _fit_columns(self.table, self._SAMPLES)
        self.table.horizontalHeader().setSectionResizeMode(BatchColumn.TITLE, QHeaderView.ResizeMode.Stretch)
        self.lines_model = PaymentTableModel(self)
        self.lines_table, self.lines_proxy = _table("batchLines", self.lines_model, self)
        _fit_columns(self.lines_table, {**PaymentsTab._SAMPLES, PaymentColumn.SIGNED: "否"})
        for column in (PaymentColumn.DATE, PaymentColumn.PROGRAM, PaymentColumn.BATCH, PaymentColumn.FUNDING):
            self.lines_table.setColumnHidden(column, True)
        self.lines_table.horizontalHeader().setSectionResizeMode(PaymentColumn.GOODS, QHeaderView.ResizeMode.Stretch)
        lines_box = QWidget()
        lines_layout = QVBoxLayout(lines_box)
        lines_layout.setContentsMargins(0, 0, 0, 0)
        self.lines_caption = QLabel()
        self.lines_caption.setStyleSheet("font-weight: bold;")
        lines_layout.addWidget(self.lines_caption)
        lines_layout.addWidget(self.lines_table, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.table)
        splitter.addWidget(lines_box)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout.addWidget(splitter, 1)

        self.year_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.new_button.clicked.connect(lambda: self.new_batch())
        self.signoff_button.clicked.connect(lambda: self.save_signoff())
        self.print_button.clicked.connect(lambda: self.print_signoff())
        self.signed_button.clicked.connect(lambda: self.mark_signed())
        self.undo_button.clicked.connect(lambda: self.undo_batch())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.year_combo.setCurrentIndex(max(self.year_combo.findData(page.today.year), 0))

    @property
    def today(self) -> date:
        return self.page.today

    def set_year(self, year: int) -> None:
        index = self.year_combo.findData(year)
        if index >= 0 and index != self.year_combo.currentIndex():
            self.year_combo.setCurrentIndex(index)

    def reload(self) -> None:
        keep = self.selected_id()
        try:
            rows = aid.list_batches(self.db.session_factory, self.year_combo.currentData())
        except UnionbookError as exc:
            show_error(self, exc)
            rows = []
        self.model.set_rows(rows)
        if not (keep is not None and self.select_batch(keep)) and rows:
            self.table.selectRow(0)
        self._selection_changed()

    def visible_rows(self) -> list[BatchRow]:
        return [self.proxy.index(r, 0).data(RowRole) for r in range(self.proxy.rowCount())]

    def selected_row(self) -> BatchRow | None:
        return _selected(self.table)  # type: ignore[return-value]

    def selected_id(self) -> int | None:
        row = self.selected_row()
        return row.id if row else None

    def select_batch(self, batch_id: int) -> bool:
        return _select_row(self.table, self.proxy, self.model, batch_id)

    def _selection_changed(self) -> None:
        row = self.selected_row()
        for button in (self.signoff_button, self.print_button, self.undo_button):
            button.setEnabled(row is not None)
        self.signed_button.setEnabled(row is not None and row.signed < row.count)
        if row is None:
            self.lines_model.set_rows([])
            self.lines_caption.setText(tr("（未选中批次）"))
            return
        try:
            lines = aid.list_payments(self.db.session_factory, PaymentFilter(batch_id=row.id))
        except UnionbookError as exc:
            show_error(self, exc)
            lines = []
        self.lines_model.set_rows(sorted(lines, key=lambda p: (p.department or "", p.id)))
        caption = tr("“{0}”发放名单：{1} 人，金额合计 {2} 元").format(row.title, f"{row.count:,}", format_yuan(row.total_fen))
        goods = sorted({p.data.goods for p in lines if p.data.goods})
        if goods:
            value = sum(p.data.goods_value_fen for p in lines)
            caption += tr("，实物 {0}").format("、".join(goods))
            caption += tr("（价值合计 {0} 元）").format(format_yuan(value)) if value else ""
        caption += tr("；已签收 {0} 人").format(f"{row.signed:,}")
        self.lines_caption.setText(caption)

    # --- actions ----------------------------------------------------------------------------

    def new_batch(self) -> BatchDialog:
        dialog = BatchDialog(self.db, self, today=self.today)
        self.dialog = dialog

        def finished(result: int) -> None:
            if result == BatchDialog.DialogCode.Accepted and dialog.batch_id is not None:
                self.page.changed(payments=True, batches=True, files=True)
                visible = self.select_batch(dialog.batch_id)
                count, total = dialog.recorded or (0, 0)
                text = tr("已记录批次“{0}”：{1} 人，合计 {2} 元。可以打印签收表。").format(
                    dialog.title_edit.text().strip(), f"{count:,}", format_yuan(total))  # fmt: skip
                if not visible:
                    text += tr("（批次日期不在所选年度，切换年度可见）")
                self.page.show_message(text)
            self.dialog = None
            dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()
        return dialog

    def save_signoff(self, target: Path | None = None) -> BackgroundTask | None:
        """The sign-off sheet as .xlsx, written in the background; the message offers to open it."""
        row = self.selected_row()
        if row is None:
            return None
        target = target or register_io.ask_xlsx_path(self, tr("保存发放签收表"), f"{row.title}发放签收表.xlsx")
        if target is None:
            return None
        factory, batch_id, show_id = self.db.session_factory, row.id, self.show_id.isChecked()
        return self.page.export_in_background(
            tr("正在生成发放签收表……"),
            lambda: write_batch_signoff(factory, batch_id, target, show_id=show_id),
            tr("已保存“{0}”的发放签收表：{{path}}").format(row.title),
        )

    def signoff_sheet(self) -> SignoffSheet | None:
        row = self.selected_row()
        if row is None:
            return None
        return collect_signoff(self.db.session_factory, row, show_id=self.show_id.isChecked())

    def print_signoff(self) -> QPrintPreviewDialog | None:
        sheet = self.signoff_sheet()
        if sheet is None:
            return None
        # Kept by the tab: with a non-blocking open() a local printer would be collected while the
        # preview still paints on it.
        self._printer = printer = a4_portrait_printer()
        dialog = preview_dialog(
            self, printer, tr("打印预览 — ") + sheet.title, (900, 860), lambda target: render_signoff(target, sheet)
        )
        self.preview = dialog
        dialog.open()
        return dialog

    def mark_signed(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        answer = QMessageBox.question(
            self,
            tr("全部标记已签收"),
            tr("“{0}”的签收表已全部签字收回了吗？\n将把其中 {1} 笔未签收的发放标记为已签收。").format(
                row.title, row.count - row.signed),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )  # fmt: skip
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            ids = [p.id for p in aid.list_payments(self.db.session_factory, PaymentFilter(batch_id=row.id))]
            aid.set_signed(self.db.session_factory, ids, True)
        except UnionbookError as exc:
            show_error(self, exc)
            return
        self.page.changed(payments=True, batches=True)
        self.page.show_message(tr("“{0}”已全部标记为已签收。").format(row.title))

    def undo_batch(self) -> int | None:
        """Delete the whole batch after saying how many payments go with it."""
        row = self.selected_row()
        if row is None:
            return None
        signed = tr("其中 {0} 笔已签收。").format(row.signed) if row.signed else ""
        answer = QMessageBox.question(
            self,
            tr("撤销整批"),
            tr("确定撤销批次“{0}”吗？\n将删除其中的 {1} 笔发放记录（合计 {2} 元）。{3}\n撤销后不能恢复。").format(
                row.title, f"{row.count:,}", format_yuan(row.total_fen), signed),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )  # fmt: skip
        if answer != QMessageBox.StandardButton.Yes:
            return None
        try:
            count = aid.undo_batch(self.db.session_factory, row.id)
        except UnionbookError as exc:
            show_error(self, exc, tr("没有撤销"))
            return None
        self.page.changed(payments=True, batches=True, files=True)
        self.page.show_message(tr("已撤销批次“{0}”，删除了 {1} 笔发放记录。").format(row.title, f"{count:,}"))
        return count


# --- the printed sign-off sheet ---------------------------------------------------------------------


@dataclass(frozen=True)
class SignoffSheet:
    """What goes on paper: the same content as the .xlsx sheet (fileio/signoff.py)."""

    title: str
    subtitle: str
    lines: list[SignoffLine]
    prepared_by: str
    approved_by: str

    @property
    def total(self) -> Decimal:
        return sum((line.amount_yuan for line in self.lines), Decimal("0.00"))


def collect_signoff(factory: object, batch: BatchRow, *, show_id: bool = False) -> SignoffSheet:
    """The batch's lines in the sheet's order (by department), titled as the .xlsx is."""
    profile = get_profile(factory)  # type: ignore[arg-type]
    day = batch.date
    return SignoffSheet(
        title=f"{profile.display_name}{batch.title}发放签收表",
        subtitle=f"项目：{batch.program}　　发放日期：{day.year}年{day.month}月{day.day}日　　共 {batch.count:,} 人",
        lines=signoff_lines(factory, batch.id, show_id=show_id),  # type: ignore[arg-type]
        prepared_by=batch.prepared_by or "",
        approved_by=batch.approved_by or "",
    )


#: (heading, relative width, alignment) of the printed columns.
SIGNOFF_COLUMNS: tuple[tuple[str, float, Qt.AlignmentFlag], ...] = (
    ("序号", 5, Qt.AlignmentFlag.AlignCenter),
    ("姓名", 10, Qt.AlignmentFlag.AlignCenter),
    ("部门", 14, Qt.AlignmentFlag.AlignCenter),
    ("身份证号码", 21, Qt.AlignmentFlag.AlignCenter),
    ("金额（元）", 11, Qt.AlignmentFlag.AlignRight),
    ("实物", 14, Qt.AlignmentFlag.AlignCenter),
    ("签字", 16, Qt.AlignmentFlag.AlignCenter),
)


#: Rows tall enough to sign in (9 mm), long cells cut with "…"; room on the last page for the
#: 合计 row, the 大写 row, a gap and the 经办人/审批人/日期 line.
SIGNOFF_STYLE = TableStyle(
    SIGNOFF_COLUMNS,
    title_size=15,
    small_size=10,
    body_size=10.5,
    title_factor=1.8,
    row_height_mm=9,
    header_factor=1.8,
    tail_rows=2,
    tail_gap=3.5,
)


def render_signoff(printer: QPrinter, sheet: SignoffSheet) -> int:
    """Paint the sign-off sheet onto `printer` (a printer, a PDF or the preview); returns pages."""
    cells = [
        (str(n), line.name, line.department, line.id_number, f"{line.amount_yuan:,.2f}", line.goods, "")
        for n, line in enumerate(sheet.lines, start=1)
    ]
    return render_table(
        printer, Ledger(sheet.title, sheet.subtitle, cells), SIGNOFF_STYLE, lambda p, lay, y: _paint_tail(p, lay, y, sheet)
    )


def _paint_tail(painter: QPainter, layout: TableLayout, top: float, sheet: SignoffSheet) -> None:
    """合计 in figures, 大写, then the 经办人 / 审批人 / 日期 line, as the .xlsx has them."""
    width = sum(layout.widths)
    edges = [0.0]
    for column_width in layout.widths:
        edges.append(edges[-1] + column_width)
    h = layout.row_height
    painter.setPen(QPen(Qt.GlobalColor.black, layout.pen_width))
    painter.setFont(layout.head_font)
    total = sheet.total
    # 合计 row: label across 序号…身份证号, the amount under 金额, the head count under 实物.
    cell_text(painter, layout, QRectF(edges[0], top, edges[4] - edges[0], h), "合计", Qt.AlignmentFlag.AlignCenter)
    cell_text(painter, layout, QRectF(edges[4], top, edges[5] - edges[4], h), f"{total:,.2f}", Qt.AlignmentFlag.AlignRight)
    cell_text(painter, layout, QRectF(edges[5], top, edges[6] - edges[5], h), f"{len(sheet.lines):,} 人",
              Qt.AlignmentFlag.AlignCenter)  # fmt: skip
    painter.setFont(layout.body_font)
    capital = f"合计金额（大写）：{capital_amount(total)}　（小写：¥{total:,.2f}）"
    cell_text(painter, layout, QRectF(0, top + h, width, h), capital, Qt.AlignmentFlag.AlignLeft)
    bottom = top + 2 * h
    for y in (top, top + h, bottom):
        painter.drawLine(QLineF(0, y, width, y))
    for x in (edges[0], edges[4], edges[5], edges[6], edges[7]):
        painter.drawLine(QLineF(x, top, x, top + h))
    painter.drawLine(QLineF(0, top + h, 0, bottom))
    painter.drawLine(QLineF(width, top + h, width, bottom))
    sign_y = bottom + layout.body_metrics.height() * 1.5
    sign_h = layout.body_metrics.height() * 1.5
    blank = "　" * 6
    for x0, x1, text in (
        (edges[0], edges[3], f"经办人：{sheet.prepared_by or blank}"),
        (edges[3], edges[5], f"审批人：{sheet.approved_by or blank}"),
        (edges[5], edges[7], "日期：　　年　　月　　日"),
    ):
        painter.drawText(QRectF(x0 + layout.padding, sign_y, x1 - x0, sign_h),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text)  # fmt: skip
