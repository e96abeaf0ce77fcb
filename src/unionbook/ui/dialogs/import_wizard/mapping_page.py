"""Step 3, 表头与列对应: which row is the header, and which register field each column fills.

This is where a chair's own table meets the register's columns: "身份证号码\n（18位）" is 证件号码,
"所在科室" may be 部门 or nothing at all. The engine guesses both the header row and the columns;
the page shows the guess, highlights what it did not understand, and turns the user's corrections
into `header_row` and `overrides` for the importer's plan, so the preview checks exactly what the
table shows.
"""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QPushButton, QSpinBox, QVBoxLayout

from unionbook.domain.errors import UnionbookError
from unionbook.fileio.spreadsheet import Sheet
from unionbook.services.importing import engine
from unionbook.services.importing.engine import ColumnMapping
from unionbook.ui.dialogs.import_wizard.base import (
    PREVIEW_ROWS,
    WizardPage,
    cell_text,
    item,
    label,
    message_label,
    name_key,
    read_only_table,
    say,
    tr,
)

IGNORE = "（忽略）"
_UNKNOWN_BRUSH = QBrush(QColor("#fff3c4"))
_MAPPING_SUBTITLE = "程序已自动认出表头和各列的含义，请核对。认错的地方可以直接改。"


class MappingPage(WizardPage):
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
        row.addWidget(label(tr("列名（表头）在：")))
        self.header_spin = QSpinBox()
        self.header_spin.setPrefix(tr("第 "))
        self.header_spin.setSuffix(tr(" 行"))
        self.header_spin.setMinimumWidth(110)
        self.header_spin.valueChanged.connect(self._header_row_changed)
        row.addWidget(self.header_spin)
        self.detected_label = label(name="hint", wrap=False)
        row.addWidget(self.detected_label)
        row.addStretch(1)
        self.reset_button = QPushButton(tr("恢复自动识别"))
        self.reset_button.setToolTip(tr("放弃在本页做的修改，回到程序自动识别的结果"))
        self.reset_button.clicked.connect(self.reset)
        row.addWidget(self.reset_button)
        layout.addLayout(row)
        # Right under the row number: the error is about that number, and the table below is hidden.
        self.error = message_label("error")
        layout.addWidget(self.error)
        self.summary = label()
        layout.addWidget(self.summary)
        self.table = read_only_table([tr("列"), tr("文件中的列名"), tr("第一行内容（示例）"), tr("对应到")])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(self.COL_LETTER, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.COL_SAMPLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.COL_TARGET, QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(self.COL_TARGET, 170)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        layout.addWidget(self.table, 1)
        self.note = message_label("warning")
        layout.addWidget(self.note)
        layout.addStretch(0)

        self._sheet: Sheet | None = None  # the sheet the table was made from (re-read file → new object)
        self._detected: int | None = None  # the engine's header row (1-based), None if not found
        self._auto: dict[int, str] = {}  # the engine's mapping for the current header row
        self._unknown: set[int] = set()  # columns with a header the engine did not understand
        self._combos: dict[int, QComboBox] = {}
        self._valid = False

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
        say(self.note, "")
        try:
            mapping = engine.mapping_for_row(sheet, wizard.spec, row, wizard.file_name())
        except UnionbookError as exc:
            self._fill(None, sheet)
            message = (detection_error or exc.message()).rstrip("。")
            say(self.error, message + tr("。\n如果表头在别的行，请在上面改行号；如果选错了工作表，请点“上一步”换一个。"))
            return
        say(self.error, "")
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
            self.table.setItem(row, self.COL_LETTER, item(engine.column_letter(index)))
            self.table.setItem(row, self.COL_NAME, item(name or tr("（无列名）"), str(header[index] or "")))
            self.table.setItem(row, self.COL_SAMPLE, item(sample, sample))
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
            field = wizard.spec.column(key).label  # type: ignore[arg-type] - key is set when released
            say(self.note, tr("每个项目只能对应一列：{0}原来对应“{1}”，已改为忽略。").format(names, field))
        else:
            say(self.note, "")

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
        wizard = self.idle_wizard()
        if wizard is None or not self._valid:
            return False
        required = name_key(wizard.spec)
        return any(self.choice(i) == required for i in self._combos)
