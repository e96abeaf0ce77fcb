"""The import wizard for any register: 文件 → 工作表 → 表头与列对应 → 预览 → 完成.

A chair's roster or contract ledger is rarely the tidy table the import engine would like: title
rows, a 填报单位 line, headers with notes, columns the engine has never heard of, a few bad ID
numbers. The CLI imports such a file in one go and reports afterwards; the wizard instead shows each
guess the engine makes (which sheet, which row is the header, which column is which) so the user can
correct it before anything is written, and shows every rejected row before the 导入 button is pressed.

Which register is imported is an `Importer` from `services.importing.registers` (the CLI reads the
same table), so the wizard holds no register-specific rules: the column spec, the planning, the
import and the duplicate rule all come from it. All the rules live in `services.importing`; this
module only shows their results. Reading, checking and importing run through
`ui.tasks.run_in_background`, so a 100,000-row file never freezes the window, and every step can be
cancelled without writing anything: the import is one transaction, cancelled or failed means rolled
back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QBrush, QColor, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from unionbook.domain.cells import clean_text
from unionbook.domain.errors import OperationCancelled, UnionbookError
from unionbook.fileio.spreadsheet import Sheet, list_sheets, read_sheet
from unionbook.services.importing import engine
from unionbook.services.importing.engine import ColumnMapping, ImportPlan
from unionbook.services.importing.members import ImportSummary
from unionbook.services.importing.registers import IMPORTERS, Importer
from unionbook.services.importing.spec import RegisterSpec
from unionbook.ui import ui_settings
from unionbook.ui.errors import show_error
from unionbook.ui.tasks import BackgroundTask, run_in_background

if TYPE_CHECKING:
    from unionbook.services.database import Database

log = logging.getLogger(__name__)

_CONTEXT = "ImportWizard"
FILE_FILTER = "表格文件 (*.xlsx *.xls *.ods *.csv)"
_FOLDER_KEY = "folders/import"
IGNORE = "（忽略）"
#: Rows of the sheet shown on the 工作表 page: enough to see the title, the header and a few people.
PREVIEW_ROWS = 15
#: Problem lists longer than this are cut in the preview tables (a QTableWidget with 100,000 rows
#: takes seconds to fill); the errors file still gets every rejected row.
MAX_LISTED = 1000
_UNKNOWN_BRUSH = QBrush(QColor("#fff3c4"))


def tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


class PageId(IntEnum):
    FILE = 0
    SHEET = 1
    MAPPING = 2
    PREVIEW = 3
    DONE = 4


@dataclass(frozen=True)
class ImportResult:
    """What the import worker hands back: the summary and where the rejected rows went."""

    summary: ImportSummary
    errors_path: Path | None = None
    #: True when the file's own folder could not be written and the database's folder was used.
    errors_fell_back: bool = False
    #: Why no errors file could be written at all (the rejected rows were shown in the preview).
    errors_problem: str | None = None


class _Cancelled:
    """Returned by a worker whose service raised OperationCancelled (see ImportWizard.run)."""


_CANCELLED = _Cancelled()


def cell_text(value: object) -> str:
    """A cell as the user sees it in Excel: no ".0" on whole numbers, dates without midnight."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.15G}"  # a rounded ID number shows as 4.40106198503E+17, which is the point
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value).replace("\r\n", " ").replace("\n", " ")


def _label(text: str = "", name: str | None = None, *, wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(wrap)
    if name:
        label.setObjectName(name)
    return label


def _message_label(name: str) -> QLabel:
    """A red (or orange) line that takes no room while there is nothing to say."""
    label = _label(name=name)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def _say(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


def _say_as(label: QLabel, text: str, name: str) -> None:
    """Like _say, switching the label between the style sheet's "error" red and "warning" orange."""
    if label.objectName() != name:
        label.setObjectName(name)
        label.style().unpolish(label)
        label.style().polish(label)
    _say(label, text)


def _read_only_table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    table.setWordWrap(False)
    return table


def name_key(spec: RegisterSpec) -> str:
    """The field that names a row (姓名, 合同名称): the first anchor column in the spec's order.
    A row without it cannot be imported, and the preview lists problems under it."""
    return next(c.key for c in spec.columns if c.key in spec.anchor_keys)


#: What one row of a register is, for sentences like "表中的人如果已经登记过"; registers not listed
#: read "记录", which is correct if plain.
_ROW_NOUNS = {"members": "人", "contracts": "合同", "activities": "活动"}


def row_noun(importer: Importer) -> str:
    return _ROW_NOUNS.get(importer.key, "记录")


def _item(text: object, tooltip: str | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem("" if text is None else str(text))
    if tooltip:
        item.setToolTip(tooltip)
    return item


class ImportWizard(QWizard):
    """`ImportWizard(db, path=None, parent=None, importer=IMPORTERS["members"])`: import a register
    (a member roster by default, a contract ledger with `IMPORTERS["contracts"]`) into `db`.

    With `path` (a file dropped on the window) the file is read at once and the wizard opens on
    the 工作表 page; a file that cannot be read leaves it on the 文件 page with the reason.
    `imported(ImportSummary)` is emitted once the import's transaction has committed, so the
    register's page can refresh; nothing is emitted after a cancel or a failure.
    """

    imported = Signal(object)

    def __init__(
        self,
        db: Database,
        path: Path | None = None,
        parent: QWidget | None = None,
        importer: Importer = IMPORTERS["members"],
    ) -> None:
        super().__init__(parent)
        self.db = db
        #: Read at each use, not captured by the pages, so one attribute decides what is imported.
        self.importer = importer
        self.setWindowTitle(tr("导入{0}").format(importer.title))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        # No "取消" after the import: it would suggest the data can be taken back out.
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        for button, text in (
            (QWizard.WizardButton.BackButton, "< 上一步"),
            (QWizard.WizardButton.NextButton, "下一步 >"),
            (QWizard.WizardButton.CommitButton, "导入"),
            (QWizard.WizardButton.FinishButton, "完成"),
            (QWizard.WizardButton.CancelButton, "取消"),
        ):
            self.setButtonText(button, tr(text))
        self.resize(920, 660)
        self.setMinimumSize(760, 560)

        # What the pages have found out so far. Sheets are cached by name: the preview, the header
        # page and going back and forth must not re-read a large file each time.
        self.path: Path | None = None
        self.file_signature: tuple[int, int] | None = None  # (mtime, size) when it was read
        self.sheet_names: list[str] = []
        self.sheets: dict[str, Sheet] = {}
        self.sheet_name: str | None = None
        self.header_row: int | None = None  # 1-based, as Excel shows it
        self.overrides: dict[int, str | None] = {}
        self.plan: ImportPlan | None = None
        self.result: ImportResult | None = None
        self._task: BackgroundTask | None = None

        self.file_page = FilePage(importer)
        self.sheet_page = SheetPage(importer)
        self.mapping_page = MappingPage()
        self.preview_page = PreviewPage(importer)
        self.done_page = DonePage()
        for page_id, page in (
            (PageId.FILE, self.file_page),
            (PageId.SHEET, self.sheet_page),
            (PageId.MAPPING, self.mapping_page),
            (PageId.PREVIEW, self.preview_page),
            (PageId.DONE, self.done_page),
        ):
            self.setPage(page_id, page)

        if path is not None:
            self.file_page.set_path(Path(path))
            # Going through page 1 (rather than setStartId) keeps 上一步 working: the user can
            # still pick another file when the dropped one was not the roster.
            self.restart()
            self.next()

    # --- background work shared by the pages -----------------------------------------------

    @property
    def busy(self) -> bool:
        return self._task is not None

    def run(
        self,
        label: str,
        work: Callable[[Callable[[int, int], None], Callable[[], bool]], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None],
        cancelled: Callable[[], None] = lambda: None,
        *,
        cancellable: bool = True,
    ) -> None:
        """Run `work` off the GUI thread; exactly one of the callbacks follows on the GUI thread.

        BackgroundTask swallows OperationCancelled (it is not a failure to report), so the worker
        turns it into a value here: the page must still learn that nothing happened.
        """

        def guarded(progress: Callable[[int, int], None], is_cancelled: Callable[[], bool]) -> Any:
            try:
                return work(progress, is_cancelled)
            except OperationCancelled:
                return _CANCELLED

        def on_success(result: Any) -> None:
            self._set_busy(None)
            if result is _CANCELLED:
                cancelled()
            else:
                done(result)

        def on_failure(exc: BaseException) -> None:
            self._set_busy(None)
            failed(exc)

        task = run_in_background(self, label, guarded, cancellable).success(on_success).failure(on_failure)
        self._set_busy(task)
        task.start()

    def _set_busy(self, task: BackgroundTask | None) -> None:
        self._task = task
        page = self.currentPage()
        if page is not None:
            page.completeChanged.emit()  # 下一步/导入 follow isComplete(), which checks `busy`
        if task is not None:
            # A click on 上一步 while a read or the import runs would let its result land on the
            # wrong page; the progress dialog only covers the window after 300 ms. Work started in
            # initializePage() is followed by QWizard re-enabling the button, hence the second go.
            self._disable_back()
            QTimer.singleShot(0, self, self._disable_back)

    def _disable_back(self) -> None:
        if self._task is not None:
            self.button(QWizard.WizardButton.BackButton).setEnabled(False)

    def reject(self) -> None:
        """取消 or closing the window while work runs asks the work to stop instead of leaving it
        running behind a closed window (an import would then finish unseen)."""
        if self._task is not None:
            self._task.dialog.canceled.emit()  # what the progress dialog's own 取消 does
            return
        super().reject()

    # --- what the pages share ------------------------------------------------------------------

    @property
    def spec(self) -> RegisterSpec:
        return self.importer.spec

    def current_sheet(self) -> Sheet | None:
        return self.sheets.get(self.sheet_name or "")

    def file_name(self) -> str:
        return self.path.name if self.path else ""

    def errors_target(self) -> Path:
        assert self.path is not None
        return engine.default_errors_path(self.path)


# --- 1. 文件 ----------------------------------------------------------------------------------


class FilePage(QWizardPage):
    """Pick the file. Reading it (sheet names and the first non-empty sheet) happens when the user
    presses 下一步, so an unreadable file is reported here, beside the file name."""

    def __init__(self, importer: Importer) -> None:
        super().__init__()
        self._title = importer.title
        self.setTitle(tr("第 1 步（共 5 步）：选择文件"))
        self.setSubTitle(tr("选择要导入的{0}。").format(importer.title))
        layout = QVBoxLayout(self)
        layout.addWidget(
            _label(tr("可以导入 Excel 或 WPS 表格保存的 .xlsx、.xls 文件，也可以是 .ods 或 .csv 文件。"))
        )
        row = QHBoxLayout()
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText(tr("点右边的“选择文件…”，或者把文件拖到程序窗口上"))
        self.path_edit.setClearButtonEnabled(True)
        self.path_edit.textChanged.connect(self._path_edited)
        row.addWidget(self.path_edit, 1)
        self.browse_button = QPushButton(tr("选择文件…"))
        self.browse_button.clicked.connect(self.browse)
        row.addWidget(self.browse_button)
        layout.addLayout(row)
        self.error = _message_label("error")
        layout.addWidget(self.error)
        layout.addSpacing(12)
        layout.addWidget(
            _label(
                tr(
                    "表格上方的标题、“填报单位”等行不用删除，程序会自动找到表头。\n"
                    "导入前会先列出每一行的检查结果，您确认后才会写入台账。"
                ),
                "hint",
            )
        )
        layout.addStretch(1)

    def wizard(self) -> ImportWizard:  # type: ignore[override] - narrowed for the checker
        return super().wizard()  # type: ignore[return-value]

    def set_path(self, path: Path) -> None:
        self.path_edit.setText(str(path))

    def chosen_path(self) -> Path | None:
        text = self.path_edit.text().strip().strip('"')  # "复制文件地址" in Windows adds quotes
        return Path(text).expanduser() if text else None

    def browse(self) -> None:
        current = self.chosen_path()
        folder = str(current.parent) if current else str(ui_settings.settings().value(_FOLDER_KEY, ""))
        name, _ = QFileDialog.getOpenFileName(self, tr("选择{0}").format(self._title), folder, tr(FILE_FILTER))
        if name:
            ui_settings.settings().setValue(_FOLDER_KEY, str(Path(name).parent))
            self.set_path(Path(name))

    def _path_edited(self) -> None:
        _say(self.error, "")
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        wizard = self.wizard()
        return self.chosen_path() is not None and not (wizard is not None and wizard.busy)

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        wizard = self.wizard()
        path = self.chosen_path()
        if path is None or wizard.busy:
            return False
        if wizard.path == path and wizard.sheets and wizard.file_signature == _signature(path):
            # Read already: the user came back to this page and kept the file. A file changed on
            # disk meanwhile (fixed in Excel after seeing the preview) is read again.
            return True
        _say(self.error, "")

        def work(
            _progress: Callable[[int, int], None], _cancelled: Callable[[], bool]
        ) -> tuple[list[str], Sheet, tuple[int, int] | None]:
            signature = _signature(path)  # before reading: a change during the read is seen next time
            return list_sheets(path), read_sheet(path), signature  # read_sheet(None): first sheet with content

        def done(result: tuple[list[str], Sheet, tuple[int, int] | None]) -> None:
            names, first, signature = result
            if wizard.path != path:
                # Another file: everything decided for the previous one no longer applies.
                wizard.sheet_name, wizard.header_row, wizard.overrides = None, None, {}
            wizard.path, wizard.sheet_names, wizard.sheets = path, names, {first.name: first}
            wizard.file_signature = signature
            wizard.sheet_name = wizard.sheet_name if wizard.sheet_name in names else first.name
            wizard.next()

        wizard.run(tr("正在读取文件……"), work, done, self._failed)
        return False

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, UnionbookError):
            log.error("reading %s failed", self.chosen_path(), exc_info=exc)
        message = exc.message() if isinstance(exc, UnionbookError) else tr("无法读取这个文件：{0}").format(exc)
        _say(self.error, message.rstrip("。") + tr("。请选择其他文件。"))


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


# --- 2. 工作表 --------------------------------------------------------------------------------


class SheetPage(QWizardPage):
    """Every sheet of the file, and the top of the chosen one as it looks in Excel."""

    def __init__(self, importer: Importer) -> None:
        super().__init__()
        self.setTitle(tr("第 2 步（共 5 步）：选择工作表"))
        # "会员名单" reads better than "会员花名册" here, and it is what this sentence always said.
        what = tr("会员名单") if importer.key == "members" else importer.title
        self.setSubTitle(tr("一个文件里可能有好几个工作表，请在左边选出{0}所在的那一个。").format(what))
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        left.addWidget(_label(tr("文件中的工作表：")))
        self.sheet_list = QListWidget()
        self.sheet_list.setMaximumWidth(170)
        self.sheet_list.currentItemChanged.connect(self._sheet_chosen)
        left.addWidget(self.sheet_list, 1)
        layout.addLayout(left)
        right = QVBoxLayout()
        self.caption = _label()
        right.addWidget(self.caption)
        self.preview = QTableWidget(0, 0)
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.setWordWrap(False)
        self.preview.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        right.addWidget(self.preview, 1)
        self.error = _message_label("error")
        right.addWidget(self.error)
        layout.addLayout(right, 1)

    def wizard(self) -> ImportWizard:  # type: ignore[override]
        return super().wizard()  # type: ignore[return-value]

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        wizard = self.wizard()
        self.sheet_list.blockSignals(True)
        self.sheet_list.clear()
        for name in wizard.sheet_names:
            self.sheet_list.addItem(QListWidgetItem(name))
        chosen = wizard.sheet_names.index(wizard.sheet_name) if wizard.sheet_name in wizard.sheet_names else 0
        self.sheet_list.setCurrentRow(chosen)
        self.sheet_list.blockSignals(False)
        self._show(wizard.current_sheet())

    def _sheet_chosen(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        wizard = self.wizard()
        name = item.text()
        if wizard.sheet_name != name:
            wizard.header_row, wizard.overrides = None, {}  # another sheet, another header
        wizard.sheet_name = name
        if name in wizard.sheets:
            self._show(wizard.sheets[name])
            return
        if wizard.busy:
            return
        path = wizard.path
        assert path is not None
        self._show(None, tr("正在读取工作表“{0}”……").format(name))

        def done(sheet: Sheet) -> None:
            wizard.sheets[sheet.name] = sheet
            if wizard.sheet_name == sheet.name:
                self._show(sheet)

        def failed(exc: BaseException) -> None:
            self._show(None)
            _say(self.error, exc.message() if isinstance(exc, UnionbookError) else str(exc))

        wizard.run(tr("正在读取工作表……"), lambda _p, _c: read_sheet(path, name), done, failed)

    def _show(self, sheet: Sheet | None, caption: str = "") -> None:
        _say(self.error, "")
        self.preview.clear()
        self.preview.setRowCount(0)
        self.preview.setColumnCount(0)
        if sheet is None:
            self.caption.setText(caption)
            self.completeChanged.emit()
            return
        rows = sheet.rows[:PREVIEW_ROWS]
        if not rows:
            self.caption.setText(tr("工作表“{0}”是空的，请选择其他工作表。").format(sheet.name))
            self.completeChanged.emit()
            return
        width = max((i + 1 for row in rows for i, v in enumerate(row) if cell_text(v).strip()), default=1)
        self.preview.setRowCount(len(rows))
        self.preview.setColumnCount(width)
        self.preview.setHorizontalHeaderLabels([engine.column_letter(i) for i in range(width)])
        # Row numbers as Excel shows them: the next page asks for the header's row number.
        self.preview.setVerticalHeaderLabels([str(r + 1) for r in range(len(rows))])
        for r, row in enumerate(rows):
            for c, value in enumerate(row[:width]):
                text = cell_text(value)
                if text:
                    self.preview.setItem(r, c, _item(text, text if len(text) > 12 else None))
        self.preview.resizeColumnsToContents()
        for c in range(width):
            # A merged title sits in column A and would push everything else off screen.
            self.preview.setColumnWidth(c, min(self.preview.columnWidth(c), 180))
        more = len(sheet.rows) - len(rows)
        self.caption.setText(
            tr("工作表“{0}”的前 {1} 行（共 {2} 行）：").format(sheet.name, len(rows), len(sheet.rows))
            if more > 0
            else tr("工作表“{0}”（共 {1} 行）：").format(sheet.name, len(sheet.rows))
        )
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        wizard = self.wizard()
        if wizard is None or wizard.busy:
            return False
        sheet = wizard.current_sheet()
        return sheet is not None and bool(sheet.rows)


# --- 3. 表头与列对应 ---------------------------------------------------------------------------


_MAPPING_SUBTITLE = "程序已自动认出表头和各列的含义，请核对。认错的地方可以直接改。"


class MappingPage(QWizardPage):
    """Which row holds the column names, and which register field each column fills.

    The engine's guess is the starting point; the user's corrections become `header_row` and
    `overrides` for the importer's plan. Only the differences from the guess are passed, and the page
    keeps one column per field (choosing 部门 for a second column releases the first), so the plan
    gets exactly what the table shows.
    """

    COL_LETTER, COL_NAME, COL_SAMPLE, COL_TARGET = range(4)

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(tr("第 3 步（共 5 步）：核对表头和列"))
        self.setSubTitle(tr(_MAPPING_SUBTITLE))
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(_label(tr("列名（表头）在：")))
        self.header_spin = QSpinBox()
        self.header_spin.setPrefix(tr("第 "))
        self.header_spin.setSuffix(tr(" 行"))
        self.header_spin.setMinimumWidth(110)
        self.header_spin.valueChanged.connect(self._header_row_changed)
        row.addWidget(self.header_spin)
        self.detected_label = _label(name="hint", wrap=False)
        row.addWidget(self.detected_label)
        row.addStretch(1)
        self.reset_button = QPushButton(tr("恢复自动识别"))
        self.reset_button.setToolTip(tr("放弃在本页做的修改，回到程序自动识别的结果"))
        self.reset_button.clicked.connect(self.reset)
        row.addWidget(self.reset_button)
        layout.addLayout(row)
        # Right under the row number: the error is about that number, and the table below is hidden.
        self.error = _message_label("error")
        layout.addWidget(self.error)
        self.summary = _label()
        layout.addWidget(self.summary)
        self.table = _read_only_table([tr("列"), tr("文件中的列名"), tr("第一行内容（示例）"), tr("对应到")])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(self.COL_LETTER, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.COL_SAMPLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.COL_TARGET, QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(self.COL_TARGET, 170)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        layout.addWidget(self.table, 1)
        self.note = _message_label("warning")
        layout.addWidget(self.note)
        layout.addStretch(0)

        self._sheet: Sheet | None = None  # the sheet the table was made from (re-read file → new object)
        self._detected: int | None = None  # the engine's header row (1-based), None if not found
        self._auto: dict[int, str] = {}  # the engine's mapping for the current header row
        self._unknown: set[int] = set()  # columns with a header the engine did not understand
        self._combos: dict[int, QComboBox] = {}
        self._valid = False

    def wizard(self) -> ImportWizard:  # type: ignore[override]
        return super().wizard()  # type: ignore[return-value]

    # --- filling ---------------------------------------------------------------------------------

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        wizard = self.wizard()
        sheet = wizard.current_sheet()
        assert sheet is not None
        if sheet is self._sheet and self._valid:
            return  # back from the preview: keep the user's corrections
        self._sheet = sheet
        self.header_spin.blockSignals(True)
        self.header_spin.setRange(1, max(len(sheet.rows), 1))
        self.header_spin.blockSignals(False)
        try:
            detected = engine.detect_header(sheet, wizard.spec, wizard.file_name())
        except UnionbookError as exc:
            self._detected = None
            self.setSubTitle(tr("没有自动找到表头，请看下面的说明。"))
            self._set_header_row(wizard.header_row or 1, keep_overrides=True, detection_error=exc.message())
            return
        self._detected = detected.header_row + 1
        self.setSubTitle(tr(_MAPPING_SUBTITLE))
        self._set_header_row(wizard.header_row or self._detected, keep_overrides=True)

    def reset(self) -> None:
        self.wizard().overrides = {}
        self._set_header_row(self._detected or 1, keep_overrides=False)

    def _header_row_changed(self, value: int) -> None:
        self._set_header_row(value, keep_overrides=False)

    def _set_header_row(self, row: int, *, keep_overrides: bool, detection_error: str = "") -> None:
        wizard = self.wizard()
        sheet = wizard.current_sheet()
        assert sheet is not None
        if not keep_overrides:
            wizard.overrides = {}  # column choices belong to one header row
        wizard.header_row = row
        self.header_spin.blockSignals(True)
        self.header_spin.setValue(row)
        self.header_spin.blockSignals(False)
        if self._detected:
            self.detected_label.setText(tr("（自动识别为第 {0} 行）").format(self._detected))
        else:
            self.detected_label.setText("")
        _say(self.note, "")
        try:
            mapping = engine.mapping_for_row(sheet, wizard.spec, row, wizard.file_name())
        except UnionbookError as exc:
            self._fill(None, sheet)
            message = (detection_error or exc.message()).rstrip("。")
            _say(self.error, message + tr("。\n如果表头在别的行，请在上面改行号；如果选错了工作表，请点“上一步”换一个。"))
            return
        _say(self.error, "")
        self._fill(mapping, sheet)

    def _fill(self, mapping: ColumnMapping | None, sheet: Sheet) -> None:
        self._combos.clear()
        self.table.setRowCount(0)
        self._valid = mapping is not None
        self.table.setVisible(self._valid)
        self.summary.setVisible(self._valid)
        if mapping is None:
            self._auto, self._unknown = {}, set()
            self.summary.setText("")
            self.completeChanged.emit()
            return
        wizard = self.wizard()
        header = sheet.rows[mapping.header_row]
        below = sheet.rows[mapping.header_row + 1 :]
        self._auto = dict(mapping.columns)
        # A column is listed when it has a name or holds data: a nameless column of ID numbers can
        # still be pointed at 证件号码 by hand.
        listed = [
            i
            for i in range(len(header))
            if cell_text(header[i]).strip() or any(cell_text(r[i]).strip() for r in below[:PREVIEW_ROWS] if i < len(r))
        ]
        self._unknown = {
            i
            for i in listed
            if cell_text(header[i]).strip() and i not in self._auto and not wizard.spec.is_ignored(header[i])
        }
        self.table.setRowCount(len(listed))
        for row, index in enumerate(listed):
            name = cell_text(header[index]).strip()
            sample = next((cell_text(r[index]) for r in below if index < len(r) and cell_text(r[index]).strip()), "")
            self.table.setItem(row, self.COL_LETTER, _item(engine.column_letter(index)))
            self.table.setItem(row, self.COL_NAME, _item(name or tr("（无列名）"), str(header[index] or "")))
            self.table.setItem(row, self.COL_SAMPLE, _item(sample, sample))
            combo = QComboBox()
            combo.addItem(tr(IGNORE), None)
            for column in wizard.spec.columns:
                combo.addItem(column.label, column.key)
            choice = wizard.overrides[index] if index in wizard.overrides else self._auto.get(index)
            combo.setCurrentIndex(max(combo.findData(choice), 0) if choice else 0)
            combo.setProperty("column", index)
            combo.currentIndexChanged.connect(lambda _i, c=index: self._choice_changed(c))
            self._combos[index] = combo
            self.table.setCellWidget(row, self.COL_TARGET, combo)
        self.table.resizeRowsToContents()
        self._refresh()

    # --- the user's corrections ------------------------------------------------------------------

    def choice(self, index: int) -> str | None:
        combo = self._combos.get(index)
        return combo.currentData() if combo is not None else None

    def set_choice(self, index: int, key: str | None) -> None:
        """Point column `index` (0-based, A = 0) at a field key, or None for （忽略）."""
        combo = self._combos[index]
        combo.setCurrentIndex(max(combo.findData(key), 0) if key else 0)

    def column_index(self, header_text: str) -> int | None:
        """The column whose header reads `header_text` (the tests and the main window's hints)."""
        for row in range(self.table.rowCount()):
            if self.table.item(row, self.COL_NAME).text() == header_text:
                return int(self._combos_by_row(row).property("column"))
        return None

    def _combos_by_row(self, row: int) -> QComboBox:
        widget = self.table.cellWidget(row, self.COL_TARGET)
        assert isinstance(widget, QComboBox)
        return widget

    def _choice_changed(self, index: int) -> None:
        key = self.choice(index)
        released = []
        if key is not None:
            for other, combo in self._combos.items():
                if other != index and combo.currentData() == key:
                    combo.blockSignals(True)
                    combo.setCurrentIndex(0)
                    combo.blockSignals(False)
                    released.append(other)
        wizard = self.wizard()
        wizard.overrides = {
            i: self.choice(i) for i in self._combos if self.choice(i) != self._auto.get(i)
        }
        self._refresh()
        if released:
            names = "、".join(f"“{self._header_name(i)}”" for i in released)
            label = wizard.spec.column(key).label  # type: ignore[arg-type] - key is set when released
            _say(self.note, tr("每个项目只能对应一列：{0}原来对应“{1}”，已改为忽略。").format(names, label))
        else:
            _say(self.note, "")

    def _header_name(self, index: int) -> str:
        for row in range(self.table.rowCount()):
            if self._combos_by_row(row).property("column") == index:
                return self.table.item(row, self.COL_NAME).text()
        return engine.column_letter(index)

    def _refresh(self) -> None:
        """Highlight what is still unrecognised and say in words what the colours mean."""
        mapped = unknown = 0
        for row in range(self.table.rowCount()):
            index = int(self._combos_by_row(row).property("column"))
            choice = self.choice(index)
            mapped += choice is not None
            flagged = index in self._unknown and choice is None
            unknown += flagged
            for col in (self.COL_LETTER, self.COL_NAME, self.COL_SAMPLE):
                item = self.table.item(row, col)
                item.setBackground(_UNKNOWN_BRUSH if flagged else QBrush())
                if col == self.COL_NAME:
                    item.setToolTip(tr("没有认出这一列，将不会导入。如果需要，请在右边选择它对应的项目。") if flagged else "")
        text = tr("已对应 {0} 列。").format(mapped)
        if unknown:
            text += tr("有 {0} 列没有认出（黄色），将不会导入；如果需要，请在“对应到”中选择。").format(unknown)
        chosen = {self.choice(i) for i in self._combos}
        spec = self.wizard().spec
        required = name_key(spec)
        if required not in chosen:
            text += tr("\n必须有一列对应到“{0}”。").format(spec.column(required).label)
        elif any(c.key == "id_number" for c in spec.columns) and "id_number" not in chosen:
            text += tr("\n没有“证件号码”列：将按姓名和出生日期判断是否已经登记过。")
        self.summary.setText(text)
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        wizard = self.wizard()
        if wizard is None or wizard.busy or not self._valid:
            return False
        required = name_key(wizard.spec)
        return any(self.choice(i) == required for i in self._combos)


# --- 4. 预览 ----------------------------------------------------------------------------------


class PreviewPage(QWizardPage):
    """The plan: how many rows go in, every rejected row with its reason, every warning, and what
    to do with people already registered. The 导入 button (this is the commit page) writes it."""

    def __init__(self, importer: Importer) -> None:
        super().__init__()
        self.setTitle(tr("第 4 步（共 5 步）：检查结果"))
        self.setSubTitle(tr("下面是逐行检查的结果。确认无误后点“导入”。"))
        self.setCommitPage(True)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.counts = _label(name="countLabel")
        top.addWidget(self.counts, 1)
        self.retry_button = QPushButton(tr("重新检查"))
        self.retry_button.clicked.connect(self.start_planning)
        self.retry_button.hide()
        top.addWidget(self.retry_button)
        layout.addLayout(top)
        self.explain = _label(name="hint")
        layout.addWidget(self.explain)
        # Near the counts, not under the tables: "nothing can be imported" is the first thing to read.
        self.status = _message_label("error")
        layout.addWidget(self.status)
        errors_row = QHBoxLayout()
        self.save_errors_button = QPushButton(tr("保存并打开错误行文件"))
        self.save_errors_button.setToolTip(tr("把不能导入的行连同原因另存为一个表格，改好后可以再导入"))
        self.save_errors_button.clicked.connect(self.save_errors_file)
        self.save_errors_button.hide()
        errors_row.addWidget(self.save_errors_button)
        errors_row.addStretch(1)
        layout.addLayout(errors_row)

        self.tabs = QTabWidget()
        name_label = importer.spec.column(name_key(importer.spec)).label
        self.rejected_table = _read_only_table([tr("行号"), name_label, tr("列"), tr("原因")])
        self.warning_table = _read_only_table([tr("行号"), name_label, tr("列"), tr("说明")])
        for table in (self.rejected_table, self.warning_table):
            header = table.horizontalHeader()
            for col in range(3):
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
            header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.tabs.addTab(self.rejected_table, tr("不能导入的行"))
        self.tabs.addTab(self.warning_table, tr("警告"))
        layout.addWidget(self.tabs, 1)

        noun = row_noun(importer)
        box = QGroupBox(tr("表中的{0}如果已经登记过（{1}）：").format(noun, importer.duplicate_rule))
        box_layout = QVBoxLayout(box)
        self.update_radio = QRadioButton(
            tr("更新已登记的{0}（用表中填写的内容补充、更新，空格不会清除原有内容）").format(noun)
        )
        self.skip_radio = QRadioButton(tr("跳过已登记的{0}（保持原样，只导入新的{0}）").format(noun))
        self.update_radio.setChecked(True)
        self.duplicates = QButtonGroup(self)
        self.duplicates.addButton(self.update_radio)
        self.duplicates.addButton(self.skip_radio)
        box_layout.addWidget(self.update_radio)
        box_layout.addWidget(self.skip_radio)
        layout.addWidget(box)
        self.duplicates_box = box

    def wizard(self) -> ImportWizard:  # type: ignore[override]
        return super().wizard()  # type: ignore[return-value]

    def on_duplicate(self) -> str:
        return "skip" if self.skip_radio.isChecked() else "update"

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        self.start_planning()

    def cleanupPage(self) -> None:  # noqa: N802 - Qt override
        super().cleanupPage()
        self.wizard().plan = None  # back to the mapping: this plan no longer matches what is chosen

    def start_planning(self) -> None:
        wizard = self.wizard()
        if wizard.busy:
            return
        wizard.plan = None
        self._clear()
        self.counts.setText(tr("正在检查……"))
        self.retry_button.hide()
        path, sheet, header_row, overrides = wizard.path, wizard.sheet_name, wizard.header_row, dict(wizard.overrides)
        plan, factory = wizard.importer.plan, wizard.db.session_factory
        assert path is not None

        def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> ImportPlan:
            # The factory lets a register look up what is already stored (续签自 names a contract).
            return plan(
                path, factory, sheet=sheet, header_row=header_row, overrides=overrides, progress=progress,
                cancelled=cancelled,
            )  # fmt: skip

        def stopped() -> None:
            self.counts.setText(tr("检查已取消。"))
            _say(self.explain, tr("点“重新检查”再试一次，或点“上一步”修改。"))
            self.retry_button.show()

        def failed(exc: BaseException) -> None:
            self.counts.setText(tr("无法检查这个文件。"))
            message = exc.message() if isinstance(exc, UnionbookError) else tr("发生意外错误：{0}").format(exc)
            if not isinstance(exc, UnionbookError):
                log.error("planning %s failed", path, exc_info=exc)
            _say_as(self.status, message, "error")
            self.retry_button.show()

        wizard.run(tr("正在逐行检查……"), work, self._show_plan, failed, stopped)

    def _clear(self) -> None:
        _say(self.explain, "")
        _say(self.status, "")
        self.save_errors_button.hide()
        self.duplicates_box.setEnabled(True)
        for table in (self.rejected_table, self.warning_table):
            table.setRowCount(0)
        self.tabs.setTabText(0, tr("不能导入的行"))
        self.tabs.setTabText(1, tr("警告"))

    def _show_plan(self, plan: ImportPlan) -> None:
        wizard = self.wizard()
        wizard.plan = plan
        warnings = plan.warnings
        self.counts.setText(
            tr("可导入 {0} 行，拒绝 {1} 行，警告 {2} 条").format(len(plan.accepted), len(plan.rejected), len(warnings))
        )
        key = name_key(plan.spec)
        name_column = next((i for i, k in plan.mapping.columns.items() if k == key), None)

        def raw_name(raw: list[Any]) -> str:
            return cell_text(raw[name_column]).strip() if name_column is not None and name_column < len(raw) else ""

        lines = [(p, raw_name(r.raw)) for r in plan.rejected for p in r.problems]
        self._fill(self.rejected_table, lines)
        names = {r.row: r.values.get(key) or "" for r in plan.accepted}
        self._fill(self.warning_table, [(p, names.get(p.row, "")) for p in warnings])
        self.tabs.setTabText(0, tr("不能导入的行（{0}）").format(len(plan.rejected)))
        self.tabs.setTabText(1, tr("警告（{0}）").format(len(warnings)))
        self.tabs.setCurrentIndex(0 if plan.rejected or not warnings else 1)

        self.duplicates_box.setEnabled(bool(plan.accepted))
        explain = []
        if not plan.accepted and not plan.rejected:
            what = tr("人员") if wizard.importer.key == "members" else tr("记录")
            _say_as(
                self.status,
                tr("表头下面没有找到任何{0}。请点“上一步”检查表头所在的行，或换一个工作表。").format(what),
                "error",
            )
        elif not plan.accepted:
            _say_as(
                self.status,
                tr("没有可以导入的行：每一行都有问题（原因见下表）。请改好文件后重新选择它，或点“上一步”检查列的对应。"),
                "error",
            )
            self.save_errors_button.show()
        elif plan.rejected:
            explain.append(tr("被拒绝的行不会导入；导入后会把它们连同原因另存为一个“错误行”文件，改好后可以再导入。"))
        if warnings:
            explain.append(tr("有警告的行会照常导入，请事后核对。"))
        if len(lines) > MAX_LISTED or len(warnings) > MAX_LISTED:
            explain.append(tr("列表只显示前 {0} 条。").format(MAX_LISTED))
        _say(self.explain, "".join(explain))
        self.completeChanged.emit()

    def _fill(self, table: QTableWidget, lines: list[tuple[engine.Problem, str]]) -> None:
        shown = lines[:MAX_LISTED]
        table.setUpdatesEnabled(False)
        table.setRowCount(len(shown))
        for row, (problem, name) in enumerate(shown):
            table.setItem(row, 0, _item(problem.row))
            table.setItem(row, 1, _item(name))
            table.setItem(row, 2, _item(problem.column or ""))
            table.setItem(row, 3, _item(problem.message, problem.message))
        table.setUpdatesEnabled(True)

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        wizard = self.wizard()
        return wizard is not None and not wizard.busy and wizard.plan is not None and bool(wizard.plan.accepted)

    def save_errors_file(self) -> None:
        """Nothing can be imported, so no import will write the errors file: write it on request,
        and open it, because fixing it in Excel/WPS is the next step."""
        wizard = self.wizard()
        plan = wizard.plan
        if plan is None or wizard.busy:
            return
        target, fallback_folder = wizard.errors_target(), wizard.db.path.parent

        def done(result: tuple[Path | None, bool, str | None]) -> None:
            path, fell_back, problem = result
            if path is None:
                _say_as(self.status, tr("错误行文件没能保存：{0}").format(problem), "error")
                return
            text = tr("不能导入的行已保存到：{0}\n在 Excel 或 WPS 中改好并保存后，回到第 1 步选择这个文件再导入。").format(path)
            if fell_back:
                text += tr("\n（原文件所在的文件夹无法写入，所以保存在台账数据所在的文件夹。）")
            _say_as(self.status, text, "warning")
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

        wizard.run(
            tr("正在保存错误行文件……"),
            lambda _p, _c: write_errors(plan, target, fallback_folder),
            done,
            lambda exc: show_error(self, exc),
            cancellable=False,
        )

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        """导入: start the import and stay here; its success moves the wizard on."""
        wizard = self.wizard()
        if wizard.result is not None:
            return True
        if wizard.busy or wizard.plan is None or not wizard.plan.accepted:
            return False
        _say(self.status, "")
        plan, on_duplicate, factory = wizard.plan, self.on_duplicate(), wizard.db.session_factory
        run_import = wizard.importer.run
        errors_target, fallback_folder = wizard.errors_target(), wizard.db.path.parent

        def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> ImportResult:
            summary = run_import(factory, plan, on_duplicate=on_duplicate, progress=progress, cancelled=cancelled)
            # The data is in from here on: a problem with the errors file must not look like a
            # failed import, so it is reported on the summary page instead of raised.
            if not plan.rejected:
                return ImportResult(summary)
            path, fell_back, problem = write_errors(plan, errors_target, fallback_folder)
            return ImportResult(summary, path, fell_back, problem)

        def done(result: ImportResult) -> None:
            wizard.result = result
            wizard.imported.emit(result.summary)
            wizard.next()

        def stopped() -> None:
            _say_as(self.status, tr("已取消，数据库未作任何修改。可以再点“导入”，或点“上一步”修改。"), "warning")

        def failed(exc: BaseException) -> None:
            _say_as(self.status, tr("导入没有完成，数据库未作任何修改。"), "error")
            show_error(self, exc, tr("导入没有完成"))

        wizard.run(tr("正在导入，请稍候……"), work, done, failed, stopped)
        return False


def write_errors(plan: ImportPlan, target: Path, fallback_folder: Path) -> tuple[Path | None, bool, str | None]:
    """The rejected rows beside the source file, else beside the database (the source may sit on a
    read-only share or a CD, or the old errors file may be open in Excel).

    Returns (where it was written, whether that is the fallback, why it could not be written at all).
    """
    # The ID column must be text in the errors file whatever the roster called it, or Excel turns
    # the corrected numbers into 4.4E+17 again; "证件号码" alone only matches our own header.
    id_columns = [i for i, key in plan.mapping.columns.items() if key == "id_number" and i < len(plan.header)]
    text_headers = {"证件号码"} | {clean_text(plan.header[i]) or engine.column_letter(i) for i in id_columns}
    try:
        return engine.write_errors_file(plan, target, text_headers), False, None
    except (OSError, UnionbookError) as exc:
        log.warning("errors file %s not written: %s", target, exc)
        first_problem = exc.message() if isinstance(exc, UnionbookError) else str(exc)
    try:
        fallback = engine.write_errors_file(plan, fallback_folder / target.name, text_headers)
    except (OSError, UnionbookError) as exc:
        log.warning("errors file not written beside the database either: %s", exc)
        return None, False, first_problem
    return fallback, True, None


# --- 5. 完成 ----------------------------------------------------------------------------------


class DonePage(QWizardPage):
    """What was written, and where the rejected rows are to be fixed."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(tr("第 5 步（共 5 步）：导入完成"))
        self.setSubTitle(tr("数据已写入台账。"))
        self.setFinalPage(True)
        layout = QVBoxLayout(self)
        self.summary_label = _label(name="countLabel")
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary_label)
        layout.addSpacing(6)
        # The rejected rows come first: they are the only thing left for the user to do.
        self.errors_label = _label()
        self.errors_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.errors_label)
        buttons = QHBoxLayout()
        self.open_file_button = QPushButton(tr("打开错误行文件"))
        self.open_file_button.clicked.connect(self.open_errors_file)
        self.open_folder_button = QPushButton(tr("打开所在文件夹"))
        self.open_folder_button.clicked.connect(self.open_errors_folder)
        buttons.addWidget(self.open_file_button)
        buttons.addWidget(self.open_folder_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.problem = _message_label("error")
        layout.addWidget(self.problem)
        layout.addSpacing(6)
        self.details = _label()
        layout.addWidget(self.details)
        layout.addStretch(1)

    def wizard(self) -> ImportWizard:  # type: ignore[override]
        return super().wizard()  # type: ignore[return-value]

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        wizard = self.wizard()
        result = wizard.result
        assert result is not None
        summary = result.summary
        noun = row_noun(wizard.importer)
        self.summary_label.setText(summary.line())
        details = []
        if summary.skipped:
            if wizard.importer.key == "members":
                details.append(tr("跳过的 {0} 人已经登记过，他们的资料保持不变。").format(summary.skipped))
            else:
                details.append(
                    tr("跳过的 {0} {1}已经登记过，保持不变。").format(summary.skipped, summary.unit + noun)
                )
        if summary.warnings:
            details.append(
                tr("有 {0} 条警告，相关的行已导入，请到“{1}”页核对。").format(summary.warnings, wizard.spec.name)
            )
        if not summary.rejected:
            details.append(tr("表中所有的{0}都已处理，没有被拒绝的行。").format(noun))
        self.details.setText("\n".join(details))
        self.details.setVisible(bool(details))
        has_file = result.errors_path is not None
        if has_file:
            where = tr("有 {0} 行没有导入。这些行和原因已保存到：\n{1}\n请在 Excel 或 WPS 中改好后，再导入这个文件。").format(
                summary.rejected, result.errors_path
            )
            if result.errors_fell_back:
                where += tr("\n（原文件所在的文件夹无法写入，所以保存在台账数据所在的文件夹。）")
            self.errors_label.setText(where)
        self.errors_label.setVisible(has_file)
        self.open_file_button.setVisible(has_file)
        self.open_folder_button.setVisible(has_file)
        if result.errors_problem:
            _say(
                self.problem,
                tr("有 {0} 行没有导入，但错误行文件没能保存：{1}").format(summary.rejected, result.errors_problem),
            )
        else:
            _say(self.problem, "")

    def open_errors_file(self) -> None:
        result = self.wizard().result
        if result is not None and result.errors_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.errors_path)))

    def open_errors_folder(self) -> None:
        result = self.wizard().result
        if result is not None and result.errors_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.errors_path.parent)))
