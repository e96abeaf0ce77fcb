"""集体合同: which contracts are in force, which must be renegotiated soon, and what they cover.

The page answers the chair's three questions at a glance: the table is coloured by the derived
status with the contracts ending within 90 days on top (the service's order), every row says whether
the legal process (职代会审议, 10日内报送备案, 向职工公布) is complete, and the panel under the table
shows the selected contract's checklist, its place in the renewal chain and its scans.

A union has tens of contracts, so every filter change simply asks the service again. The printed
ledger's cells wrap instead of being cut: a contract's name is what the paper ledger is read for.
The 年度 filter starts at 全部: the register is about today's contracts, not one year's figures;
once the chair picks a year, the window's year selector moves it along (set_year).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLabel, QPushButton, QTableView, QWidget

from unionbook.domain.contracts import ContractStatus
from unionbook.domain.errors import UnionbookError
from unionbook.domain.registers import Register
from unionbook.domain.vocab import ContractType, labels
from unionbook.services import contracts
from unionbook.services.contracts import ContractFilter, ContractRow
from unionbook.services.database import Database
from unionbook.services.register_export import export_contracts
from unionbook.services.union import get_profile
from unionbook.ui.dialogs.contract_dialog import ContractDialog, renewal_dialog
from unionbook.ui.errors import show_error
from unionbook.ui.i18n import translator
from unionbook.ui.models.contract_table_model import SPECS, Column, ContractTableModel, cells
from unionbook.ui.models.rows_model import print_columns
from unionbook.ui.pages.base import fill_years
from unionbook.ui.pages.register_page import RegisterPage
from unionbook.ui.printing import Ledger, TableStyle, render_table
from unionbook.ui.widgets.contract_detail import ContractDetail
from unionbook.ui.widgets.panes import split_panes
from unionbook.ui.widgets.status_delegate import StatusKeepingDelegate

tr = translator("ContractsPage")
_RENEW_TIP = "以选中的合同为底稿新建续签合同，原合同将显示为“已续签”"
_LEGEND = (
    '<span style="background:#fbd9a5">&nbsp;即将到期&nbsp;</span>&nbsp;'
    '<span style="background:#fbe1de; color:#b03022">&nbsp;已到期&nbsp;</span>&nbsp;'
    '<span style="background:#e3eefb; color:#1f4e8c">&nbsp;未生效&nbsp;</span>&nbsp;'
    '<span style="color:#8a949e">&nbsp;已续签/已终止&nbsp;</span>'
)


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


#: Cells wrap instead of being cut: a contract's name is what the paper ledger is read for.
LEDGER_STYLE = TableStyle(print_columns(SPECS), body_size=9, padding=0.5, wrap=True)


class ContractsPage(RegisterPage[ContractRow]):
    register = Register.CONTRACTS
    watches = frozenset({Register.CONTRACTS, Register.PROFILE})
    add_tip = "登记一份集体合同（Ctrl+N）"
    focus_column = stretch_column = Column.TITLE
    ledger_style = LEDGER_STYLE
    has_attachments = True
    deleter, exporter = contracts.delete_contract, export_contracts
    export_done = "已导出 {rows} 份合同到 {path}"

    def __init__(self, db: Database, *, today: date | None = None) -> None:
        self._today = today
        self._window_year: int | None = None
        self._all_rows: list[ContractRow] = []  # unfiltered: the 年度 list and the 企业方 column
        super().__init__(db, ContractTableModel(today=today))
        self.table.setItemDelegate(StatusKeepingDelegate(self.table, middle_elided=(Column.TITLE,)))
        header = self.table.horizontalHeader()
        header.setToolTip(tr("单击表头排序；单击“状态”恢复默认顺序（即将到期的在最前）"))
        # Unsorted at first: the service's order (expiring soonest first) is the default view.
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.proxy.sort(-1)
        self.reload()

    @property
    def today(self) -> date:
        return self._today or date.today()

    # --- what the frame asks ----------------------------------------------------------------------

    def build_filters(self) -> None:
        self.kind_combo = self.add_filter_combo(tr("类型"), [(k, k) for k in labels(ContractType)])
        self.status_combo = self.add_filter_combo(tr("状态"), [(s.value, s.value) for s in ContractStatus])
        self.year_combo = self.add_filter_combo(tr("年度"), [], tr("只显示该年度内有效过的合同"))

    def filter_tail(self) -> QWidget:
        legend = QLabel(_LEGEND)
        legend.setToolTip(tr("90 天内到期的合同排在最前"))
        return legend

    def row_actions(self) -> list[QPushButton]:
        self.renew_button = QPushButton(tr("续签"))
        self.renew_button.clicked.connect(lambda: self.renew())
        return [self.renew_button]

    def build_body(self, table: QTableView) -> QWidget:
        self.detail = ContractDetail(self.db)
        return split_panes(table, self.detail, (5, 2))

    def current_filter(self) -> ContractFilter:
        return ContractFilter(
            kind=self.kind_combo.currentData(), status=self.status_combo.currentData(), year=self.year_combo.currentData()
        )

    def load_rows(self) -> list[ContractRow]:
        return contracts.list_contracts(self.db.session_factory, self.current_filter(), today=self._today)

    def counts_text(self, rows: Sequence[ContractRow]) -> str:
        return status_counts_text(rows, self.current_filter() != ContractFilter())

    def rows_loaded(self, rows: Sequence[ContractRow]) -> None:
        # One union, one enterprise: a column repeating the same company on every row only takes
        # room from the contracts' names. Regional unions (several employers) get it back.
        employers = {r.data.employer for r in self._all_rows}
        self.table.setColumnHidden(Column.EMPLOYER, len(employers) <= 1)

    def selection_changed(self, row: ContractRow | None) -> None:
        renewable = row is not None and row.renewed_by_id is None
        self.renew_button.setEnabled(renewable)
        self.renew_button.setToolTip(tr("这份合同已经续签过了") if row is not None and not renewable else tr(_RENEW_TIP))

    def show_detail(self, row: ContractRow | None) -> None:
        self.detail.show_contract(row, self._all_rows, self.today)

    def new_dialog(self) -> ContractDialog:
        return ContractDialog(self.db, parent=self, today=self._today)

    def edit_dialog(self, row: ContractRow) -> ContractDialog:
        return ContractDialog(self.db, row.id, parent=self, today=self._today)

    def saved_text(self, dialog: ContractDialog, verb: str) -> str:  # type: ignore[override]
        text = f"{verb}《{dialog.contract_input().title.strip()}》。"
        if dialog.is_renewal:
            return text + tr("原合同已显示为“已续签”。")
        if dialog.row is None:
            return text + tr("可以在下方添加合同文本的扫描件。")
        return text

    def row_name(self, row: ContractRow) -> str:
        return f"《{row.data.title}》"

    def delete_notes(self, row: ContractRow) -> list[str]:
        notes = [tr("续签它的合同将不再显示为续签自这份合同。")] if row.renewed_by_id is not None else []
        if row.renews_title:
            notes.append(tr("原合同《{0}》将不再显示为“已续签”。").format(row.renews_title))
        if self.detail.attachments.infos():
            notes.append(tr("它的 {0} 个附件将一并删除。").format(len(self.detail.attachments.infos())))
        return notes

    def ledger(self) -> Ledger:
        rows = self.visible_rows()
        today = self.today
        body = [(str(n), *cells(row, today).values()) for n, row in enumerate(rows, start=1)]
        flt = self.current_filter()
        notes = [f"{caption}：{value}" for caption, value in (("类型", flt.kind), ("状态", flt.status)) if value]
        if flt.year:
            notes.append(f"年度：{flt.year}")
        subtitle = f"打印日期：{today.year}年{today.month}月{today.day}日　{status_counts_text(rows, False)}"
        if notes:
            subtitle += "　（已筛选）" + "；".join(notes)
        return Ledger(f"{get_profile(self.db.session_factory).display_name}集体合同台账", subtitle, body)

    # --- the register's own: years, renewal --------------------------------------------------------

    def set_year(self, year: int) -> None:
        """The window's year changed: follow it only when the chair filters by year already."""
        self._window_year = year
        if self.year_combo.currentData() is not None and self.year_combo.currentData() != year:
            self._fill_years(select=year)
            self.apply_filter()

    def reload(self) -> None:
        """Years and rows from the database, keeping filters, sort and selection."""
        try:
            self._all_rows = contracts.list_contracts(self.db.session_factory, today=self._today)
        except UnionbookError as exc:
            show_error(self, exc)
            self._all_rows = []
        self._fill_years()
        super().reload()

    def _fill_years(self, select: int | None = None) -> None:
        current = select if select is not None else self.year_combo.currentData()
        extra = [self.today.year] + ([self._window_year] if self._window_year else []) + ([current] if current else [])
        fill_years(self.year_combo, tr("全部"), contract_years(self._all_rows, *extra), current)

    def renew(self) -> ContractDialog | None:
        row = self.selected_row()
        if row is None:
            return None
        if row.renewed_by_id is not None:
            self.show_message(tr("《{0}》已经续签过了。").format(row.data.title), warning=True)
            return None
        try:
            dialog = renewal_dialog(self.db, row.id, parent=self, today=self._today)
        except UnionbookError as exc:  # deleted elsewhere since the list was read
            show_error(self, exc)
            return None
        return self.open_dialog(dialog, tr("已登记续签合同"))  # type: ignore[return-value]


def render_ledger(printer: QPrinter, ledger: Ledger) -> int:
    """Paint the ledger onto `printer` (a real printer, a PDF or the preview); returns pages."""
    return render_table(printer, ledger, LEDGER_STYLE)
