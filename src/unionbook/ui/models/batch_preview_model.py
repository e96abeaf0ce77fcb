"""The 批量发放 preview's list: one line per person, with a tick and what the list flags.

A batch to every member of a large union is 78,000 lines. A QTableWidget made six items per line
(15 s of the 20 s preview at 100,000 members); this model keeps the preview's lines and the flags
by member id as they came, one tick per line, and says a cell's text only when the view paints it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from unionbook.domain.idnumber import mask_id_number
from unionbook.services.aid import BatchLine, BatchPreview, value_text
from unionbook.ui.models.rows_model import CENTER, RIGHT, Col, RowsModel, column_enum

_Index = QModelIndex | QPersistentModelIndex
_WARNING = QBrush(QColor("#b9770e"))
_GREY = QBrush(QColor("#8a949e"))

PREVIEW_SPECS = (
    Col("CHECK", "发放", "发放 ", CENTER),
    Col("NAME", "姓名", "欧阳某某"),
    Col("DEPARTMENT", "部门", "仓储物流部门"),
    Col("ID_NUMBER", "身份证号", "440106********0012"),
    Col("AMOUNT", "金额/实物", "10,000.00", RIGHT),
    Col("NOTE", "提示"),
)
PreviewColumn = column_enum("PreviewColumn", PREVIEW_SPECS)


def _tr(text: str) -> str:
    return QCoreApplication.translate("BatchDialog", text)


class BatchPreviewModel(RowsModel[BatchLine]):
    """The preview's lines in the order the service gave them; `ticked[n]`: line n is paid."""

    COLUMNS = PreviewColumn
    CONTEXT = "BatchDialog"

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.ticked: list[bool] = []
        self._preview: BatchPreview | None = None
        self._left: Mapping[int, str] = {}
        self._over: Mapping[int, str] = {}
        self._recent: Mapping[int, str] = {}
        #: amount → its words: every line of a batch gives the same, worded once, not per painted cell.
        self._given: dict[int, str] = {}

    def set_preview(self, preview: BatchPreview | None, left: Mapping[int, str] = {},
                    over: Mapping[int, str] = {}, recent: Mapping[int, str] = {}) -> None:  # fmt: skip
        """Show `preview` (None: nothing). `left`: membership of people who have left (unticked);
        `over`: what the spending rules say about a person; `recent`: when they last had the program."""
        self._preview, self._left, self._over, self._recent = preview, left, over, recent
        self._given = {}
        self.ticked = [line.member_id not in left for line in preview.lines] if preview else []
        self.set_rows(preview.lines if preview else ())

    def chosen(self) -> list[BatchLine]:
        """The ticked lines, in order."""
        return [line for line, on in zip(self._rows, self.ticked, strict=True) if on]

    def tick_all(self, on: bool) -> None:
        self.ticked = [on] * len(self._rows)
        if self._rows:
            self.dataChanged.emit(self.index(0, PreviewColumn.CHECK), self.index(len(self._rows) - 1, PreviewColumn.CHECK),
                                  [Qt.ItemDataRole.CheckStateRole])  # fmt: skip

    def set_ticked(self, row: int, on: bool) -> None:
        self.setData(self.index(row, PreviewColumn.CHECK),
                     Qt.CheckState.Checked if on else Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)  # fmt: skip

    def _given_text(self, amount_fen: int) -> str:
        given = self._given.get(amount_fen)
        if given is None and self._preview is not None:
            given = self._given[amount_fen] = value_text(amount_fen, self._preview.goods, self._preview.goods_value_fen)
        return given or ""

    def note(self, line: BatchLine) -> str:
        """Who has left first (they are not paid), then the spending rules, then a recent payment."""
        member = line.member_id
        if member in self._left:
            return _tr("{0}，默认不发").format(self._left[member])
        if member in self._over:
            return self._over[member]
        if member in self._recent and self._preview is not None:
            return _tr("{0} 已发过{1}").format(self._recent[member], self._preview.program)
        return ""

    # --- cells ----------------------------------------------------------------------------------

    def display(self, row: BatchLine, column: Any) -> str:
        match column:
            case PreviewColumn.NAME:
                return row.name
            case PreviewColumn.DEPARTMENT:
                return row.department or ""
            case PreviewColumn.ID_NUMBER:
                return mask_id_number(row.id_number)
            case PreviewColumn.AMOUNT:
                return self._given_text(row.amount_fen)
            case PreviewColumn.NOTE:
                return self.note(row)
        return ""

    def foreground(self, row: BatchLine, column: Any) -> Any:
        member = row.member_id
        if column == PreviewColumn.NOTE and (member in self._left or member in self._over or member in self._recent):
            return _GREY if member in self._left else _WARNING
        if column == PreviewColumn.NAME and member in self._over and member not in self._left:
            return _WARNING  # seen without scrolling to 提示
        return None

    def tooltip(self, row: BatchLine, column: Any) -> str | None:
        if column == PreviewColumn.NAME and row.member_id in self._over and row.member_id not in self._left:
            return self._over[row.member_id]
        return None

    # --- the tick -------------------------------------------------------------------------------

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == PreviewColumn.CHECK:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.CheckStateRole:
            if index.isValid() and index.column() == PreviewColumn.CHECK and 0 <= index.row() < len(self.ticked):
                return Qt.CheckState.Checked if self.ticked[index.row()] else Qt.CheckState.Unchecked
            return None
        return super().data(index, role)

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or index.column() != PreviewColumn.CHECK:
            return False
        row = index.row()
        if not 0 <= row < len(self.ticked):
            return False
        self.ticked[row] = Qt.CheckState(value) == Qt.CheckState.Checked
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True
