"""Step 2, 工作表: which sheet of the file holds the register.

A workbook often carries a 说明 sheet, last year's list or a pivot beside the roster. The page
lists every sheet and shows the top of the chosen one as Excel shows it, with Excel's row numbers,
because the next page asks for the header's row number. Sheets other than the first are read only
when chosen, and kept, so going back and forth never re-reads a large file.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QVBoxLayout,
)

from unionbook.fileio.spreadsheet import Sheet, read_sheet
from unionbook.services.importing import engine
from unionbook.services.importing.registers import Importer
from unionbook.ui.dialogs.import_wizard.base import (
    PREVIEW_ROWS,
    WizardPage,
    cell_text,
    failure_text,
    item,
    label,
    message_label,
    say,
    tr,
)


class SheetPage(WizardPage):
    """Every sheet of the file, and the top of the chosen one as it looks in Excel."""

    def __init__(self, importer: Importer) -> None:
        super().__init__()
        self.setTitle(tr("第 2 步（共 5 步）：选择工作表"))
        # "会员名单" reads better than "会员花名册" here, and it is what this sentence always said.
        what = tr("会员名单") if importer.key == "members" else importer.title
        self.setSubTitle(tr("一个文件里可能有好几个工作表，请在左边选出{0}所在的那一个。").format(what))
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        left.addWidget(label(tr("文件中的工作表：")))
        self.sheet_list = QListWidget()
        self.sheet_list.setMaximumWidth(170)
        self.sheet_list.currentItemChanged.connect(self._sheet_chosen)
        left.addWidget(self.sheet_list, 1)
        layout.addLayout(left)
        right = QVBoxLayout()
        self.caption = label()
        right.addWidget(self.caption)
        self.preview = QTableWidget(0, 0)
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.setWordWrap(False)
        self.preview.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        right.addWidget(self.preview, 1)
        self.error = message_label("error")
        right.addWidget(self.error)
        layout.addLayout(right, 1)

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

    def _sheet_chosen(self, current: QListWidgetItem | None) -> None:
        if current is None:
            return
        wizard = self.wizard()
        name = current.text()
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
            say(self.error, failure_text(exc, "{0}", "reading a sheet of", path))

        wizard.run(tr("正在读取工作表……"), lambda _p, _c: read_sheet(path, name), done, failed)

    def _show(self, sheet: Sheet | None, caption: str = "") -> None:
        say(self.error, "")
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
                    self.preview.setItem(r, c, item(text, text if len(text) > 12 else None))
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
        wizard = self.idle_wizard()
        if wizard is None:
            return False
        sheet = wizard.current_sheet()
        return sheet is not None and bool(sheet.rows)
