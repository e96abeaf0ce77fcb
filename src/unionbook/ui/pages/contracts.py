"""集体合同: which contracts are in force, which must be renegotiated soon, and what they cover.

The page answers the chair's three questions of issue #4 at a glance: the table is coloured by the
derived status with the contracts ending within 90 days on top (the service's order), every row says
whether the legal process (职代会审议, 10日内报送备案, 向职工公布) is complete, and the panel under the
table shows the selected contract's checklist, its place in the renewal chain and its scans.

A union has tens of contracts, so every filter change simply asks the service again
(`list_contracts`), and printing paints the rows as they are shown. The ledger is printed with
QPainter like the member roster (ui/printing.py explains why), but its cells wrap instead of being
cut: a contract's name is what the paper ledger is read for.

The 年度 filter starts at 全部: the register is about today's contracts, not one year's figures.
Once the chair picks a year, the window's year selector moves it along (set_year).
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QLineF,
    QModelIndex,
    QRectF,
    QSortFilterProxyModel,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QDesktopServices,
    QKeySequence,
    QPainter,
    QPen,
    QShortcut,
)
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from unionbook.domain.contracts import ContractStatus
from unionbook.domain.errors import UnionbookError
from unionbook.domain.vocab import ContractType, labels
from unionbook.services import attachments, contracts
from unionbook.services.register_export import export_contracts
from unionbook.services.contracts import ContractFilter, ContractRow
from unionbook.services.database import Database
from unionbook.services.union import get_profile
from unionbook.ui import register_io
from unionbook.ui.dialogs.contract_dialog import ContractDialog, checklist_html, renewal_dialog
from unionbook.ui.dialogs.import_wizard import ImportWizard
from unionbook.ui.errors import show_error
from unionbook.ui.models.contract_table_model import (
    Column,
    ContractTableModel,
    SortRole,
    cells,
)
from unionbook.ui.pages.base import Page, heading
from unionbook.ui.widgets.proxy_selection import ProxySelection
from unionbook.ui.printing import Ledger, TableStyle, a4_landscape_printer, preview_dialog, render_table
from unionbook.ui.tasks import BackgroundTask
from unionbook.ui.widgets.attachments import AttachmentsWidget

_CONTEXT = "ContractsPage"
_ALL = "全部"

#: A typical widest value per column, so the table fits a 1366-pixel screen in the user's font.
#: 合同名称 takes what is left (its full text is in the tooltip and the panel below).
_COLUMN_SAMPLES: dict[Column, str] = {
    Column.STATUS: "即将到期",
    Column.KIND: "安全卫生专项",
    Column.EMPLOYER: "某某机械有限公司",
    Column.SIGNED: "2024-05-03",
    Column.EFFECTIVE_FROM: "2024-05-03",
    Column.EFFECTIVE_TO: "2024-05-03",
    Column.DAYS_LEFT: "-1000",
    Column.EMPLOYEES: "10,000",
    Column.FEMALE: "10,000",
    Column.WAGE: "12.5%",
    Column.PROCESS: "✗ 逾期备案、缺公布",
}
#: A selected row: framed in this colour, and tinted when it has no status colour of its own.
_SELECTION_FRAME = QColor("#1f4e8c")
_SELECTION_TINT = QBrush(QColor("#dce8f7"))


class StatusKeepingDelegate(QStyledItemDelegate):
    """Selected rows keep their status colour and are framed instead of filled: the row selected
    when the page opens is the contract about to expire, and its orange is the point.

    Contract names are cut in the middle ("江川精密机…（2024—2026年度）"): the years at the end tell
    one contract from the next, the company at the start is the same in every row."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        if index.column() == Column.TITLE:
            opt.textElideMode = Qt.TextElideMode.ElideMiddle
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        if selected:
            opt.state &= ~QStyle.StateFlag.State_Selected
            if index.data(Qt.ItemDataRole.BackgroundRole) is None:
                opt.backgroundBrush = _SELECTION_TINT
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        if selected:
            painter.save()
            pen = QPen(_SELECTION_FRAME, 2)
            painter.setPen(pen)
            rect = QRectF(opt.rect).adjusted(0, 1, 0, -1)
            painter.drawLine(QLineF(rect.topLeft(), rect.topRight()))
            painter.drawLine(QLineF(rect.bottomLeft(), rect.bottomRight()))
            if index.column() == 0:
                painter.drawLine(QLineF(rect.topLeft(), rect.bottomLeft()))
            if index.column() == index.model().columnCount() - 1:
                painter.drawLine(QLineF(rect.topRight(), rect.bottomRight()))
            painter.restore()


def tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def status_counts_text(rows: Sequence[ContractRow], filtered: bool) -> str:
    """"共 10 份：有效 2 份，即将到期 1 份 …" in the statuses' own order, leaving out the zeros."""
    counts = Counter(r.status for r in rows)
    parts = [f"{s.value} {counts[s]} 份" for s in ContractStatus if counts[s]]
    prefix = tr("筛选结果：") if filtered else ""
    return f"{prefix}共 {len(rows)} 份" + ("：" + "，".join(parts) if parts else "")


def contract_years(rows: Sequence[ContractRow], *extra: int) -> list[int]:
    """Every year some contract ran in (newest first), for the 年度 filter."""
    years = set(extra)
    for r in rows:
        start = r.data.effective_from or r.data.signed_on
        end = r.data.terminated_on or r.data.effective_to or start
        if start is None or end is None:
            continue
        years.update(range(start.year, max(end.year, start.year) + 1))
    return sorted(years, reverse=True)


class ContractsPage(ProxySelection, Page):
    focus_column = Column.TITLE

    title = "集体合同"
    #: Contracts were added, changed or deleted: other pages (总览) and the reminder must re-read.
    data_changed = Signal()

    def __init__(self, db: Database, *, today: date | None = None) -> None:
        super().__init__()
        self.db = db
        self._today = today
        self._window_year: int | None = None
        self._all_rows: list[ContractRow] = []  # unfiltered: the 年度 list and the 企业方 column
        self.dialog: ContractDialog | None = None  # the open add/edit/renew dialog (tests drive it)
        self.export_task: BackgroundTask | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 12)
        layout.setSpacing(8)
        layout.addWidget(heading(tr("集体合同")))

        toolbar = QHBoxLayout()
        self.add_button = QPushButton(tr("新增"))
        self.edit_button = QPushButton(tr("编辑"))
        self.renew_button = QPushButton(tr("续签"))
        self.delete_button = QPushButton(tr("删除"))
        self.import_button = QPushButton(tr("导入…"))
        self.export_button = QPushButton(tr("导出…"))
        self.print_button = QPushButton(tr("打印台账"))
        self.add_button.setToolTip(tr("登记一份集体合同（Ctrl+N）"))
        self.renew_button.setToolTip(tr("以选中的合同为底稿新建续签合同，原合同将显示为“已续签”"))
        self.import_button.setToolTip(tr("从 Excel/WPS 集体合同台账导入"))
        self.export_button.setToolTip(tr("导出为 Excel 表格（可再次导入）"))
        self.print_button.setToolTip(tr("按当前筛选和排序打印集体合同台账（A4 横向）"))
        for button in (self.add_button, self.edit_button, self.renew_button, self.delete_button):
            toolbar.addWidget(button)
        toolbar.addSpacing(16)
        for button in (self.import_button, self.export_button, self.print_button):
            toolbar.addWidget(button)
        toolbar.addStretch(1)
        layout.addLayout(toolbar)

        filters = QHBoxLayout()
        self.kind_combo = QComboBox()
        self.kind_combo.addItem(tr(_ALL), None)
        for label in labels(ContractType):
            self.kind_combo.addItem(label, label)
        self.status_combo = QComboBox()
        self.status_combo.addItem(tr(_ALL), None)
        for status in ContractStatus:
            self.status_combo.addItem(status.value, status.value)
        self.year_combo = QComboBox()
        self.year_combo.addItem(tr(_ALL), None)
        self.year_combo.setToolTip(tr("只显示该年度内有效过的合同"))
        for caption, combo in (("类型", self.kind_combo), ("状态", self.status_combo), ("年度", self.year_combo)):
            label = QLabel(tr(caption))
            label.setBuddy(combo)
            filters.addWidget(label)
            filters.addWidget(combo)
            filters.addSpacing(10)
        self.reset_filters_button = QPushButton(tr("清除筛选"))
        filters.addWidget(self.reset_filters_button)
        filters.addStretch(1)
        legend = QLabel(
            '<span style="background:#fbd9a5">&nbsp;即将到期&nbsp;</span>&nbsp;'
            '<span style="background:#fbe1de; color:#b03022">&nbsp;已到期&nbsp;</span>&nbsp;'
            '<span style="background:#e3eefb; color:#1f4e8c">&nbsp;未生效&nbsp;</span>&nbsp;'
            '<span style="color:#8a949e">&nbsp;已续签/已终止&nbsp;</span>'
        )
        legend.setToolTip(tr("90 天内到期的合同排在最前"))
        filters.addWidget(legend)
        layout.addLayout(filters)

        self.model = ContractTableModel(self, today=today)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SortRole)
        self.table = QTableView()
        self.table.setObjectName("contractTable")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        metrics = self.fontMetrics()
        arrow = 22  # room for the sort indicator
        for column, sample in _COLUMN_SAMPLES.items():
            heading_text = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            heading_width = max(metrics.horizontalAdvance(line) for line in heading_text.split("\n"))
            self.table.setColumnWidth(column, max(metrics.horizontalAdvance(sample), heading_width + arrow) + 14)
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        self.table.setItemDelegate(StatusKeepingDelegate(self.table))
        header.setToolTip(tr("单击表头排序；单击“状态”恢复默认顺序（即将到期的在最前）"))
        # Unsorted at first: the service's order (expiring soonest first) is the default view.
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.proxy.sort(-1)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.table)
        splitter.addWidget(self._build_detail())
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)

        status = QHBoxLayout()
        self.counts_label = QLabel()
        self.counts_label.setObjectName("contractCounts")
        self.message_label = QLabel()
        self.message_label.setObjectName("hint")
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.LinksAccessibleByMouse
        )
        self.message_label.linkActivated.connect(lambda link: QDesktopServices.openUrl(QUrl(link)))
        status.addWidget(self.counts_label)
        status.addSpacing(24)
        status.addWidget(self.message_label, 1)
        layout.addLayout(status)

        for combo in (self.kind_combo, self.status_combo, self.year_combo):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.reset_filters_button.clicked.connect(self.reset_filters)
        self.add_button.clicked.connect(lambda: self.add_contract())
        self.edit_button.clicked.connect(lambda: self.edit_contract())
        self.renew_button.clicked.connect(lambda: self.renew_contract())
        self.delete_button.clicked.connect(lambda: self.delete_contract())
        self.import_button.clicked.connect(lambda: self.open_import())
        self.export_button.clicked.connect(lambda: self.export_ledger())
        self.print_button.clicked.connect(lambda: self.print_preview())
        self.table.doubleClicked.connect(lambda index: self.edit_contract(self.proxy.mapToSource(index).row()))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        QShortcut(QKeySequence.StandardKey.New, self, self.add_contract)
        delete_shortcut = QShortcut(QKeySequence.StandardKey.Delete, self.table, self.delete_contract)
        delete_shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.reload()

    def _build_detail(self) -> QWidget:
        """The selected contract in three columns (short, so the table keeps its rows): what it
        is and where it stands, the legal checklist with notes, and its scans."""
        panel = QFrame()
        panel.setObjectName("contractDetail")
        panel.setFrameShape(QFrame.Shape.StyledPanel)
        outer = QVBoxLayout(panel)
        outer.setContentsMargins(12, 8, 12, 8)
        outer.setSpacing(4)
        self.detail_title = QLabel()
        self.detail_title.setObjectName("detailTitle")
        self.detail_title.setStyleSheet("font-size: 15px; font-weight: bold; color: #2b3a4a;")
        self.detail_title.setWordWrap(True)
        self.detail_title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(self.detail_title)
        row = QHBoxLayout()
        row.setSpacing(20)
        outer.addLayout(row, 1)

        left = QVBoxLayout()
        self.detail_info = QLabel()
        self.detail_info.setWordWrap(True)
        self.detail_info.setTextFormat(Qt.TextFormat.RichText)
        self.detail_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        left.addWidget(self.detail_info)
        left.addStretch(1)
        row.addLayout(left, 4)

        # One label for the checklist and the notes: stacked word-wrapped labels in a splitter
        # pane get uneven heights from Qt and end up overlapping.
        middle = QVBoxLayout()
        self.checklist_label = QLabel()
        self.checklist_label.setObjectName("checklist")
        self.checklist_label.setTextFormat(Qt.TextFormat.RichText)
        self.checklist_label.setWordWrap(True)
        self.checklist_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        middle.addWidget(self.checklist_label)
        middle.addStretch(1)
        row.addLayout(middle, 4)

        right = QVBoxLayout()
        files_caption = QLabel(tr("附件（合同文本扫描件、备案回执）"))
        files_caption.setStyleSheet("font-weight: bold;")
        right.addWidget(files_caption)
        self.attachments = AttachmentsWidget(self.db, "contract_id", unsaved_hint=tr("请先在上面的表格中选中一份合同。"))
        self.attachments.list.setMinimumHeight(70)
        right.addWidget(self.attachments, 1)
        row.addLayout(right, 3)
        # Wrapped labels get more height than their text; QLabel would centre the text in it.
        for label in panel.findChildren(QLabel):
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # Room for the title and seven lines (the longest column: status, term, enterprise,
        # coverage, wage, both renewal links) however the splitter is dragged.
        panel.setMinimumHeight(self.fontMetrics().lineSpacing() * 9 + 30)
        return panel

    @property
    def today(self) -> date:
        return self._today or date.today()

    # --- reading ---------------------------------------------------------------------------

    def set_year(self, year: int) -> None:
        """The window's year changed: follow it only when the chair filters by year already."""
        self._window_year = year
        if self.year_combo.currentData() is not None and self.year_combo.currentData() != year:
            self._fill_years(select=year)
            self.apply_filter()

    def refresh(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Years and rows from the database, keeping filters, sort and selection."""
        try:
            self._all_rows = contracts.list_contracts(self.db.session_factory, today=self._today)
        except UnionbookError as exc:
            show_error(self, exc)
            self._all_rows = []
        self._fill_years()
        self._requery(keep=self.selected_id())

    def _fill_years(self, select: int | None = None) -> None:
        current = select if select is not None else self.year_combo.currentData()
        extra = [self.today.year] + ([self._window_year] if self._window_year else []) + ([current] if current else [])
        years = contract_years(self._all_rows, *extra)
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        self.year_combo.addItem(tr(_ALL), None)
        for year in years:
            self.year_combo.addItem(f"{year} 年", year)
        self.year_combo.setCurrentIndex(max(self.year_combo.findData(current), 0) if current else 0)
        self.year_combo.blockSignals(False)

    def current_filter(self) -> ContractFilter:
        return ContractFilter(
            kind=self.kind_combo.currentData(),
            status=self.status_combo.currentData(),
            year=self.year_combo.currentData(),
        )

    def apply_filter(self) -> None:
        self._requery(keep=self.selected_id())

    def reset_filters(self) -> None:
        for combo in (self.kind_combo, self.status_combo, self.year_combo):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.apply_filter()

    def _requery(self, keep: int | None) -> None:
        flt = self.current_filter()
        try:
            rows = contracts.list_contracts(self.db.session_factory, flt, today=self._today)
        except UnionbookError as exc:
            show_error(self, exc)
            rows = []
        self.model.set_rows(rows)
        # One union, one enterprise: a column repeating the same company on every row only takes
        # room from the contracts' names. Regional unions (several employers) get it back.
        employers = {r.data.employer for r in self._all_rows}
        self.table.setColumnHidden(Column.EMPLOYER, len(employers) <= 1)
        self.counts_label.setText(status_counts_text(rows, flt != ContractFilter()))
        if not (keep is not None and self.select_contract(keep)) and rows:
            # The first row is the one most in need of attention: show its checklist at once.
            self._select_proxy_row(0)
        self._selection_changed()

    # --- selection ---------------------------------------------------------------------------

    def select_contract(self, contract_id: int) -> bool:
        return self.select_id(contract_id)

    def _selection_changed(self) -> None:
        row = self.selected_row()
        chosen = row is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)
        renewable = chosen and row.renewed_by_id is None  # type: ignore[union-attr]
        self.renew_button.setEnabled(renewable)
        if chosen and not renewable:
            self.renew_button.setToolTip(tr("这份合同已经续签过了"))
        else:
            self.renew_button.setToolTip(tr("以选中的合同为底稿新建续签合同，原合同将显示为“已续签”"))
        self._show_detail(row)

    def _show_detail(self, row: ContractRow | None) -> None:
        self.attachments.set_owner_id(row.id if row else None)
        if row is None:
            self.detail_title.setText(tr("（未选中合同）"))
            self.detail_info.setText("")
            self.checklist_label.setText("")
            return
        data = row.data
        self.detail_title.setText(f"《{data.title}》")
        text = cells(row, self.today)
        status = f"<b>{row.status.value}</b>"
        if row.status == ContractStatus.EXPIRING and data.effective_to:
            status += tr("，还有 {0} 天到期，请及时协商续签").format((data.effective_to - self.today).days)
        elif row.status == ContractStatus.TERMINATED and data.terminated_on:
            status += tr("，{0} 提前终止").format(data.terminated_on)
        period = f"{text[Column.EFFECTIVE_FROM] or '？'} 至 {text[Column.EFFECTIVE_TO] or '？'}"
        info = [f"{data.kind}　{status}", tr("期限：") + period]
        if data.employer:
            info.append(tr("企业方：") + html.escape(data.employer))
        covered = []
        if data.covered_employees is not None:
            covered.append(tr("职工 {0} 人").format(f"{data.covered_employees:,}"))
        if data.covered_female is not None:
            covered.append(tr("其中女职工 {0} 人").format(f"{data.covered_female:,}"))
        if data.covered_enterprises and data.covered_enterprises != 1:
            covered.append(tr("企业 {0} 家").format(data.covered_enterprises))
        if covered:
            info.append(tr("覆盖：") + "，".join(covered))
        if data.wage_increase_pct is not None:
            info.append(tr("工资增长幅度：") + text[Column.WAGE])
        if row.renews_title:
            info.append(tr("续签自《{0}》").format(html.escape(row.renews_title)))
        if row.renewed_by_id is not None:
            renewal = next((r for r in self._all_rows if r.id == row.renewed_by_id), None)
            title = renewal.data.title if renewal else "？"
            info.append(tr("已由《{0}》续签").format(html.escape(title)))
        self.detail_info.setText("<br>".join(info))
        checklist = "<b>" + tr("法定程序") + "</b><br>"
        checklist += checklist_html([(i.done, i.label, i.note) for i in row.checklist])
        if data.notes:
            checklist += '<br><br><span style="color:#6b7785">' + tr("备注：") + html.escape(data.notes) + "</span>"
        self.checklist_label.setText(checklist)

    def show_message(self, text: str, warning: bool = False) -> None:
        self.message_label.setObjectName("warning" if warning else "hint")
        self.message_label.style().unpolish(self.message_label)
        self.message_label.style().polish(self.message_label)
        self.message_label.setText(text)

    # --- add, edit, renew, delete -----------------------------------------------------------

    def _open_dialog(self, dialog: ContractDialog, verb: str) -> ContractDialog:
        """Open non-blocking (window-modal); the page reads the result when it closes."""
        self.dialog = dialog

        def finished(result: int) -> None:
            if result == ContractDialog.DialogCode.Accepted and dialog.saved is not None:
                self._after_save(dialog, verb)
            elif dialog.attachments_changed:
                self.reload()
            self.dialog = None
            dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()
        return dialog

    def add_contract(self) -> ContractDialog:
        return self._open_dialog(ContractDialog(self.db, parent=self, today=self._today), tr("已新增"))

    def edit_contract(self, source_row: int | None = None) -> ContractDialog | None:
        row = self.model.row_at(source_row) if source_row is not None else self.selected_row()
        if row is None:
            return None
        try:
            dialog = ContractDialog(self.db, row.id, parent=self, today=self._today)
        except UnionbookError as exc:  # deleted elsewhere since the list was read
            show_error(self, exc)
            self.reload()
            return None
        return self._open_dialog(dialog, tr("已保存"))

    def renew_contract(self) -> ContractDialog | None:
        row = self.selected_row()
        if row is None:
            return None
        if row.renewed_by_id is not None:
            self.show_message(tr("《{0}》已经续签过了。").format(row.data.title), warning=True)
            return None
        try:
            dialog = renewal_dialog(self.db, row.id, parent=self, today=self._today)
        except UnionbookError as exc:
            show_error(self, exc)
            return None
        return self._open_dialog(dialog, tr("已登记续签合同"))

    def _after_save(self, dialog: ContractDialog, verb: str) -> None:
        assert dialog.saved is not None
        self.reload()
        visible = self.select_contract(dialog.saved.id)
        data = dialog.contract_input()
        text = f"{verb}《{data.title.strip()}》。"
        if dialog.is_renewal:
            text += tr("原合同已显示为“已续签”。")
        elif dialog.row is None:
            text += tr("可以在下方添加合同文本的扫描件。")
        if not visible:
            text += tr("（当前筛选条件下不显示这份合同）")
        if dialog.saved.warnings:
            self.show_message(text + tr("请注意：") + dialog.warnings_text(), warning=True)
        else:
            self.show_message(text)
        self.data_changed.emit()

    def delete_contract(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        extra = []
        if row.renewed_by_id is not None:
            extra.append(tr("续签它的合同将不再显示为续签自这份合同。"))
        if row.renews_title:
            extra.append(tr("原合同《{0}》将不再显示为“已续签”。").format(row.renews_title))
        if self.attachments.infos():
            extra.append(tr("它的 {0} 个附件将一并删除。").format(len(self.attachments.infos())))
        answer = QMessageBox.question(
            self,
            tr("删除集体合同"),
            tr("确定删除《{title}》吗？\n{extra}删除后不能撤销。").format(
                title=row.data.title, extra="".join(e + "\n" for e in extra)
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            contracts.delete_contract(self.db.session_factory, row.id)
            # Attachment rows go with the contract (ON DELETE CASCADE); their copies must go too.
            attachments.sweep_orphans(self.db)
        except UnionbookError as exc:
            show_error(self, exc, tr("不能删除"))
            return
        self.reload()
        self.show_message(tr("已删除《{0}》。").format(row.data.title))
        self.data_changed.emit()

    # --- import, export, print ----------------------------------------------------------------

    def open_import(self, path: Path | None = None) -> ImportWizard:
        return register_io.open_import_wizard(self, self.db, "contracts", path, self._after_import)

    def _after_import(self, summary: object) -> None:
        register_io.reload_after_import(self, summary)

    def export_ledger(self, target: Path | None = None) -> BackgroundTask | None:
        """Export every contract (not only the filtered ones: the file is meant for re-import)."""
        if target is None:
            target = register_io.ask_xlsx_path(self, tr("导出集体合同台账"), f"集体合同台账-{self.today:%Y%m%d}.xlsx")
            if target is None:
                return None
        factory = self.db.session_factory
        return register_io.export_in_background(
            self,
            tr("正在导出集体合同台账……"),
            lambda: export_contracts(factory, target),
            tr("已导出 {rows} 份合同到 {path}"),
        )

    def ledger(self) -> Ledger:
        """The table as shown (filter and sort applied), as strings ready to print."""
        rows = self.visible_rows()
        today = self.today
        body = []
        for number, row in enumerate(rows, start=1):
            text = cells(row, today)
            body.append((str(number), *(text[c] for c in PRINT_COLUMNS_ORDER)))
        flt = self.current_filter()
        notes = [f"{caption}：{value}" for caption, value in (("类型", flt.kind), ("状态", flt.status)) if value]
        if flt.year:
            notes.append(f"年度：{flt.year}")
        subtitle = f"打印日期：{today.year}年{today.month}月{today.day}日　{status_counts_text(rows, False)}"
        if notes:
            subtitle += "　（已筛选）" + "；".join(notes)
        return Ledger(f"{get_profile(self.db.session_factory).display_name}集体合同台账", subtitle, body)

    def print_preview(self) -> QPrintPreviewDialog:
        ledger = self.ledger()
        # Kept by the page: the preview only borrows the printer, and with a non-blocking open()
        # a local one would be collected while the preview still paints on it.
        self._printer = printer = a4_landscape_printer()
        dialog = preview_dialog(
            self, printer, tr("打印预览 — ") + ledger.title, (1100, 760), lambda target: render_ledger(target, ledger)
        )
        dialog.open()
        return dialog


# --- the printed ledger ------------------------------------------------------------------------

#: The table's columns in print order (a 序号 column is added in front).
PRINT_COLUMNS_ORDER: tuple[Column, ...] = tuple(Column)

#: (heading, relative width, alignment) of the printed columns.
PRINT_COLUMNS: tuple[tuple[str, float, Qt.AlignmentFlag], ...] = (
    ("序号", 4, Qt.AlignmentFlag.AlignCenter),
    ("状态", 7, Qt.AlignmentFlag.AlignCenter),
    ("类型", 7, Qt.AlignmentFlag.AlignCenter),
    ("合同名称", 22, Qt.AlignmentFlag.AlignLeft),
    ("企业方", 11, Qt.AlignmentFlag.AlignLeft),
    ("签订日期", 8.5, Qt.AlignmentFlag.AlignCenter),
    ("生效日期", 8.5, Qt.AlignmentFlag.AlignCenter),
    ("终止日期", 8.5, Qt.AlignmentFlag.AlignCenter),
    ("剩余\n天数", 5, Qt.AlignmentFlag.AlignRight),
    ("覆盖\n职工数", 5.5, Qt.AlignmentFlag.AlignRight),
    ("覆盖\n女职工数", 7, Qt.AlignmentFlag.AlignRight),
    ("工资\n增长幅度", 7, Qt.AlignmentFlag.AlignRight),
    ("程序", 8.5, Qt.AlignmentFlag.AlignLeft),
)


#: Cells wrap instead of being cut: a contract's name is what the paper ledger is read for.
LEDGER_STYLE = TableStyle(PRINT_COLUMNS, body_size=9, padding=0.5, wrap=True)


def render_ledger(printer: QPrinter, ledger: Ledger) -> int:
    """Paint the ledger onto `printer` (a real printer, a PDF or the preview); returns pages."""
    return render_table(printer, ledger, LEDGER_STYLE)
