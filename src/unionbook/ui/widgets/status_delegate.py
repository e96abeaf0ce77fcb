"""A delegate for tables coloured by status: the selection frames the row instead of filling it.

The row selected when the contracts page opens is the contract about to expire, and its orange is
the point; Qt's own selection fill would paint over it.
"""

from __future__ import annotations

from PySide6.QtCore import QLineF, QModelIndex, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

#: A selected row: framed in this colour, and tinted when it has no status colour of its own.
_SELECTION_FRAME = QColor("#1f4e8c")
_SELECTION_TINT = QBrush(QColor("#dce8f7"))


class StatusKeepingDelegate(QStyledItemDelegate):
    """Selected rows keep their status colour and are framed instead of filled.

    `middle_elided` columns are cut in the middle ("江川精密机…（2024—2026年度）"): the years at the
    end tell one contract from the next, the company at the start is the same in every row."""

    def __init__(self, parent: object = None, middle_elided: tuple[int, ...] = ()) -> None:
        super().__init__(parent)
        self.middle_elided = middle_elided

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        if index.column() in self.middle_elided:
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
            painter.setPen(QPen(_SELECTION_FRAME, 2))
            rect = QRectF(opt.rect).adjusted(0, 1, 0, -1)
            painter.drawLine(QLineF(rect.topLeft(), rect.topRight()))
            painter.drawLine(QLineF(rect.bottomLeft(), rect.bottomRight()))
            if index.column() == 0:
                painter.drawLine(QLineF(rect.topLeft(), rect.bottomLeft()))
            if index.column() == index.model().columnCount() - 1:
                painter.drawLine(QLineF(rect.topRight(), rect.bottomRight()))
            painter.restore()
