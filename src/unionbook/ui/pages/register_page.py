"""The page every register is: a table over its model, filters above, actions in a toolbar.

OpenLP's `MediaManagerItem` is the model: the base owns the widgets and the flows every register
has — add, edit, delete with confirmation, import through the wizard, export in the background,
print the ledger, keep the selection across reloads, say what happened in one line under the table,
and announce what changed (ui/changes.py) — and a register subclass says only what is its own: its
model and columns, its filters, its dialog, how a record is deleted and described, and what its
detail panel shows. A new register page is a subclass of a page's length, not a copy of one.

Hooks a subclass fills in (all optional but `load_rows`): `build_filters`, `filter_tail`,
`build_body`, `row_actions`, `tool_widgets`, `toolbar_tail`, `load_rows`, `counts_text`,
`selection_changed`, `show_detail`, `new_dialog`, `edit_dialog`, `saved_text`, `row_name` and
`delete_notes` (or `delete_question` and `deleted_text`), `ledger`; the service calls behind 删除
and 导出… are declared (`deleter`, `exporter`). Attributes the hooks read must be set before
`super().__init__()`. An `embedded` register is one tab of a page that shows several (帮扶).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPrintSupport import QPrintPreviewDialog
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from unionbook.domain.errors import UnionbookError
from unionbook.domain.registers import Register
from unionbook.services import attachments
from unionbook.services.database import Database
from unionbook.services.importing.registers import IMPORTERS
from unionbook.ui import register_io
from unionbook.ui.changes import announce
from unionbook.ui.dialogs.form_dialog import FormDialog
from unionbook.ui.errors import show_error
from unionbook.ui.i18n import translator
from unionbook.ui.models.rows_model import LazyRowsModel, RowsModel, SortingRowsModel, SortRole
from unionbook.ui.pages.base import Page, heading, message_line, set_message
from unionbook.ui.pages.register_filters import FilterRow
from unionbook.ui.printing import Ledger, TableStyle, a4_landscape_printer, preview_dialog, render_table
from unionbook.ui.tasks import BackgroundTask
from unionbook.ui.widgets.register_table import SqlSortingProxy, TableSelection, fit_columns, make_table

if TYPE_CHECKING:
    from unionbook.services.todo import Opening

RowT = TypeVar("RowT")

tr = translator("RegisterPage")


class RegisterPage(FilterRow, TableSelection[RowT], Page):
    # --- what a register declares ------------------------------------------------------------------
    #: The register the page shows: what its saves, deletes and imports announce. What follows from
    #: it needs no declaring (`__init_subclass__`): the title and the noun are its name, the page
    #: watches it, its importer is behind 导入…, and 导出… writes the importer's table.
    register: ClassVar[Register]
    #: A typical widest value per column, so the table fits a 1366-pixel screen in the user's font
    #: (by default the model's column specs say).
    column_samples: ClassVar[dict[Any, str]] = {}
    #: The column that takes the width left over.
    stretch_column: ClassVar[int | None] = None
    #: What one record is called in confirmations ("集体合同", "活动"); by default the register's name.
    noun: ClassVar[str] = ""
    #: The importer (services/importing/registers.py) behind 导入…; None: no import. By default the
    #: one that imports the register.
    import_key: ClassVar[str | None] = None
    #: The printed ledger's columns (print_preview paints it).
    ledger_style: ClassVar[TableStyle | None] = None
    #: The print button's caption; None: the register prints nothing.
    print_caption: ClassVar[str | None] = "打印台账"
    #: (caption, default file name stem) of 导出…; None: no export. By default the importer's table
    #: (导出集体合同台账, 集体合同台账): the file is meant to be imported again.
    export_caption: ClassVar[tuple[str, str] | None] = None
    #: The service that writes every record to a file, (session factory, path) → rows, and what the
    #: message line says when it is done ({rows}, {path}): `export_work` runs it in the background.
    exporter: ClassVar[Callable[[Any, Path], object] | None] = None
    export_done: ClassVar[str] = ""
    #: The service that deletes one record, (session factory, id): `delete_record` calls it.
    deleter: ClassVar[Callable[[Any, int], object] | None] = None
    #: The tooltip of 新增.
    add_tip: ClassVar[str] = "登记一条新记录（Ctrl+N）"
    #: Whether a record owns attachments (their copies go when it is deleted).
    has_attachments: ClassVar[bool] = False
    #: Select the first row after a reload when nothing was selected (it is the one most in need).
    select_first: ClassVar[bool] = True
    #: Added to the saved message when the filter hides the record just saved.
    hidden_note: ClassVar[str] = "（当前筛选条件下不显示这条记录）"
    #: Shown as one tab of a page with several registers (帮扶): that page has the heading.
    embedded: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        register = cls.__dict__.get("register")
        if register is None:
            return
        own = cls.__dict__
        cls.title = own.get("title") or register.value
        cls.noun = own.get("noun") or register.value
        cls.watches = own.get("watches") or frozenset({register})
        importer = next((i for i in IMPORTERS.values() if i.registers == {register}), None)
        if "import_key" not in own:
            cls.import_key = importer.key if importer else None
        if "export_caption" not in own and importer is not None:
            cls.export_caption = (f"导出{importer.title}", importer.title)

    def __init__(self, db: Database, model: RowsModel[RowT] | LazyRowsModel[RowT]) -> None:
        Page.__init__(self)
        self.db = db
        self.dialog: QWidget | None = None  # the open add/edit dialog (tests drive it)
        self.export_task: BackgroundTask | None = None
        self._filter_widgets: list[QWidget] = []
        self._in_requery = False  # requery() shows the selection's detail once, at its end

        layout = QVBoxLayout(self)
        layout.setContentsMargins(*((8, 8, 8, 4) if self.embedded else (24, 16, 24, 12)))
        layout.setSpacing(8)
        if not self.embedded:
            layout.addWidget(heading(self.title))
        layout.addLayout(self.build_toolbar())
        self.filters = QHBoxLayout()
        self.build_filters()
        if self._filter_widgets:
            self.reset_filters_button = QPushButton(tr("清除筛选"))
            self.reset_filters_button.clicked.connect(self.reset_filters)
            self.filters.addWidget(self.reset_filters_button)
        self.filters.addStretch(1)
        tail = self.filter_tail()
        if tail is not None:
            self.filters.addWidget(tail)
        layout.addLayout(self.filters)

        self.model = model
        # In memory the proxy sorts; over a lazy model SQL sorts, over a SortingRowsModel the model
        # itself (keys computed once per row), and the proxy only passes on.
        sorts_itself = isinstance(model, (LazyRowsModel, SortingRowsModel))
        self.proxy = SqlSortingProxy(self) if sorts_itself else QSortFilterProxyModel(self)
        self.proxy.setSourceModel(model)
        self.proxy.setSortRole(SortRole)
        # Named after the model, as tests and style sheets find it: ContractTableModel → contractTable.
        name = type(model).__name__.removesuffix("Model")
        self.table = make_table(name[0].lower() + name[1:], self.proxy, self.fontMetrics().height() + 10)
        self.column_widths = fit_columns(self.table, self.column_samples or model.samples())
        if self.stretch_column is not None:
            self.table.horizontalHeader().setSectionResizeMode(self.stretch_column, QHeaderView.ResizeMode.Stretch)
        self.table.setSortingEnabled(True)
        layout.addWidget(self.build_body(self.table), 1)

        status = QHBoxLayout()
        self.counts_label = QLabel()
        self.counts_label.setObjectName("registerCounts")
        self.message_label = message_line()
        status.addWidget(self.counts_label)
        status.addSpacing(24)
        status.addWidget(self.message_label, 1)
        layout.addLayout(status)

        self.table.doubleClicked.connect(lambda index: self.edit(self.row_for(index)))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        QShortcut(QKeySequence.StandardKey.New, self, lambda: self.add())
        delete_shortcut = QShortcut(QKeySequence.StandardKey.Delete, self.table, lambda: self.delete())
        delete_shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)

    # --- building ----------------------------------------------------------------------------------

    def build_toolbar(self) -> QHBoxLayout:
        toolbar = QHBoxLayout()
        self.add_button = QPushButton(tr("新增"))
        self.add_button.setToolTip(tr(self.add_tip))
        self.edit_button = QPushButton(tr("编辑"))
        self.delete_button = QPushButton(tr("删除"))
        self.add_button.clicked.connect(lambda: self.add())
        self.edit_button.clicked.connect(lambda: self.edit())
        self.delete_button.clicked.connect(lambda: self.delete())
        actions = self.row_actions()
        self.selection_buttons: list[QPushButton] = [self.edit_button, *actions, self.delete_button]
        for button in (self.add_button, self.edit_button, *actions, self.delete_button):
            toolbar.addWidget(button)
        toolbar.addSpacing(16)
        self.import_button = self._tool_button(toolbar, tr("导入…"), self.import_key is not None, lambda: self.open_import())
        self.export_button = self._tool_button(toolbar, tr("导出…"), self.export_caption is not None, lambda: self.export_ledger())
        self.print_button = self._tool_button(
            toolbar, tr(self.print_caption or ""), self.print_caption is not None, lambda: self.print_preview()
        )
        if self.import_key is not None:
            self.import_button.setToolTip(tr("从 Excel/WPS 表格导入{0}").format(IMPORTERS[self.import_key].title))
        self.export_button.setToolTip(tr("导出为 Excel 表格（可再次导入）"))
        self.print_button.setToolTip(tr("按当前筛选和排序打印台账（A4 横向）"))
        for widget in self.tool_widgets():
            toolbar.addWidget(widget)
        toolbar.addStretch(1)
        tail = self.toolbar_tail()
        if tail is not None:
            toolbar.addWidget(tail)
        return toolbar

    @staticmethod
    def _tool_button(toolbar: QHBoxLayout, text: str, shown: bool, slot: Callable[[], Any]) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        button.setVisible(shown)
        if shown:
            toolbar.addWidget(button)
        return button

    def build_body(self, table: QTableView) -> QWidget:
        """The table, or the table with a detail panel (a splitter)."""
        return table

    def tool_widgets(self) -> list[QWidget]:
        """Tools after 导入…/导出…/打印 (a form filled from the record); the subclass enables them."""
        return []

    def toolbar_tail(self) -> QWidget | None:
        """A widget at the right end of the toolbar (an option of the register's printing)."""
        return None

    def row_actions(self) -> list[QPushButton]:
        """Buttons after 编辑 that act on the selected record (续签, 签到名单); enabled with a selection."""
        return []

    # --- reading -----------------------------------------------------------------------------------

    def load_rows(self) -> Sequence[RowT]:
        raise NotImplementedError

    def counts_text(self, rows: Sequence[RowT]) -> str:
        return tr("共 {0} 条").format(len(rows))

    def refresh(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Rows from the database, keeping filters, sort and selection."""
        self.requery(self.selected_id())

    def apply_filter(self) -> None:
        self.requery(self.selected_id())

    def reset_filters(self) -> None:
        self._clear_filters()
        self.apply_filter()

    def open_at(self, opening: Opening) -> None:
        """Filters back to 全部, then the opening's: each (name, value) sets the page's
        `<name>_combo` to that value, `year` its 年度 combo; then its record is selected."""
        combos = [(f"{name}_combo", value) for name, value in opening.filters]
        if opening.year is not None:
            combos.append(("year_combo", opening.year))
        self._clear_filters()
        for attribute, value in combos:
            combo = getattr(self, attribute, None)
            if isinstance(combo, QComboBox) and combo.findData(value) >= 0:
                combo.blockSignals(True)
                combo.setCurrentIndex(combo.findData(value))
                combo.blockSignals(False)
        self.requery(opening.record_id)
        if opening.record_id is not None and self.selected_id() != opening.record_id:
            self.select_id(opening.record_id)
        self.table.setFocus()

    def requery(self, keep: int | None = None, fallback_row: int = 0) -> None:
        """Fill the model again; select `keep`, else the row at `fallback_row` (if select_first)."""
        try:
            rows = self.fill_model()
        except UnionbookError as exc:
            show_error(self, exc)
            rows = []
            if isinstance(self.model, RowsModel):
                self.model.set_rows(rows)
        self.counts_label.setText(self.counts_text(rows))
        self.rows_loaded(rows)
        count = self.proxy.rowCount()
        # Selecting the kept row fires the selection signal; the detail (a batch's 77,000 lines,
        # a file's family and reviews) is read once below, not once for the signal and again here.
        self._in_requery = True
        try:
            if not (keep is not None and self.select_id(keep)) and count and self.select_first:
                self.select_proxy_row(min(max(fallback_row, 0), count - 1))
        finally:
            self._in_requery = False
        self._selection_changed()

    def fill_model(self) -> Sequence[RowT]:
        """Put the current filter's rows into the model; returns them (a lazy page: what it counts)."""
        rows = list(self.load_rows())
        self.model.set_rows(rows)  # type: ignore[union-attr]
        return rows

    def rows_loaded(self, rows: Sequence[RowT]) -> None:
        """After a (re)query: adjust what depends on the rows (hidden columns, a month strip)."""

    # --- selection -----------------------------------------------------------------------------------

    def _selection_changed(self) -> None:
        if self._in_requery:
            return
        row = self.selected_row()
        for button in self.selection_buttons:
            button.setEnabled(row is not None)
        self.selection_changed(row)
        self.show_detail(row)

    def selection_changed(self, row: RowT | None) -> None:
        """Enable or explain the row actions for this record."""

    def show_detail(self, row: RowT | None) -> None:
        """Fill the detail panel for the selected record (or empty it)."""

    def show_message(self, text: str, warning: bool = False) -> None:
        set_message(self.message_label, text, warning)

    def announce(self, *registers: Register) -> None:
        """Tell the other pages what changed (this page shows it already)."""
        announce(*(registers or (self.register,)), source=self)

    # --- add, edit, delete ----------------------------------------------------------------------------

    def new_dialog(self) -> FormDialog | None:
        return None

    def edit_dialog(self, row: RowT) -> FormDialog | None:
        return None

    def add(self) -> FormDialog | None:
        dialog = self.new_dialog()
        return self.open_dialog(dialog, tr("已新增")) if dialog is not None else None

    def edit(self, row: RowT | None = None) -> FormDialog | None:
        row = row if row is not None else self.selected_row()
        if row is None:
            return None
        try:
            dialog = self.edit_dialog(row)
        except UnionbookError as exc:  # deleted elsewhere since the list was read
            show_error(self, exc)
            self.reload()
            return None
        return self.open_dialog(dialog, tr("已保存")) if dialog is not None else None

    def open_dialog(self, dialog: FormDialog, verb: str) -> FormDialog:
        """Open non-blocking (window-modal); the page reads the result when it closes."""
        self.dialog = dialog

        def finished(result: int) -> None:
            if result == FormDialog.DialogCode.Accepted and dialog.saved is not None:
                self.after_save(dialog, verb)
            elif self.changed_without_save(dialog):
                self.reload()
                self.announce()
            self.dialog = None
            dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()
        return dialog

    def changed_without_save(self, dialog: FormDialog) -> bool:
        """Whether a cancelled dialog still changed records (attachments are saved at once)."""
        return bool(getattr(dialog, "attachments_changed", False))

    def after_save(self, dialog: FormDialog, verb: str) -> None:
        self.reload()
        visible = self.select_id(dialog.saved.id)
        text = self.saved_text(dialog, verb)
        if not visible:
            text += tr(self.hidden_note)
        if dialog.warnings_text():
            self.show_message(text + tr("请注意：") + dialog.warnings_text(), warning=True)
        else:
            self.show_message(text)
        self.announce()

    def saved_text(self, dialog: FormDialog, verb: str) -> str:
        return verb + "。"

    def row_name(self, row: RowT) -> str:
        """The record as the confirmation and the message line name it (“职工之家”, 《…》)."""
        return ""

    def delete_question(self, row: RowT) -> str:
        """The confirmation text ("确定删除……吗？"), then what goes with the record, a line each."""
        return tr("确定删除{0}吗？\n").format(self.row_name(row)) + "".join(f"{n}\n" for n in self.delete_notes(row))

    def delete_notes(self, row: RowT) -> list[str]:
        """What else a delete takes or changes (its attachments, a renewal's link)."""
        return []

    def delete_record(self, row: RowT) -> None:
        assert self.deleter is not None
        type(self).deleter(self.db.session_factory, row.id)  # type: ignore[attr-defined, misc]

    def refill_after_delete(self, position: int) -> None:
        """Re-read and select the record that took the deleted one's place."""
        self.requery(None, fallback_row=position)

    def deleted_text(self, row: RowT) -> str:
        return tr("已删除{0}。").format(self.row_name(row))

    def delete(self) -> bool:
        """Delete the selected record after asking; True when it was deleted."""
        row = self.selected_row()
        if row is None:
            return False
        answer = QMessageBox.question(
            self,
            tr("删除{0}").format(self.noun),
            self.delete_question(row) + tr("删除后不能撤销。"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        position = self.table.currentIndex().row()
        try:
            self.delete_record(row)
            if self.has_attachments:  # the rows go with the record (ON DELETE CASCADE); the copies too
                attachments.sweep_orphans(self.db)
        except UnionbookError as exc:
            show_error(self, exc, tr("不能删除"))
            return False
        self.refill_after_delete(position)
        self.show_message(self.deleted_text(row))
        self.announce()
        return True

    # --- import, export, print ---------------------------------------------------------------------

    def open_import(self, path: Path | None = None) -> QWidget:
        assert self.import_key is not None
        return register_io.open_import_wizard(self, self.db, self.import_key, path, self.after_import)

    def after_import(self, summary: object) -> None:
        self.reload()
        self.show_message(register_io.import_done_text(summary))
        assert self.import_key is not None
        self.announce(*IMPORTERS[self.import_key].registers)

    def export_work(self, target: Path) -> tuple[Callable[[], object], str]:
        """(the export to run in the background, the done text with {rows} and {path})."""
        factory, export = self.db.session_factory, type(self).exporter
        assert export is not None
        return (lambda: export(factory, target)), tr(self.export_done)

    def export_ledger(self, target: Path | None = None) -> BackgroundTask | None:
        """Export every record (not only the filtered ones: the file is meant for re-import)."""
        assert self.export_caption is not None
        caption, stem = self.export_caption
        if target is None:
            target = register_io.ask_xlsx_path(self, caption, register_io.dated_name(stem))
            if target is None:
                return None
        work, done_text = self.export_work(target)
        return register_io.export_in_background(self, tr("正在{0}……").format(caption), work, done_text)

    def ledger(self) -> Ledger:
        """The table as shown (filter and sort applied), as strings ready to print."""
        raise NotImplementedError

    def print_preview(self) -> QPrintPreviewDialog:
        assert self.ledger_style is not None
        ledger, style = self.ledger(), self.ledger_style
        # Kept by the page: the preview only borrows the printer, and with a non-blocking open()
        # a local one would be collected while the preview still paints on it.
        self._printer = printer = a4_landscape_printer()
        dialog = preview_dialog(
            self, printer, tr("打印预览 — ") + ledger.title, (1100, 760), lambda target: render_table(target, ledger, style)
        )
        dialog.open()
        return dialog
