"""Row selection on a register page whose table shows a small model through a sort/filter proxy.

The contracts and activities pages (and any page like them) keep `self.table`, `self.proxy` and
`self.model` (with `row_of(id)` and the RowRole holding each row's DTO); this mixin gives them the
same selection behaviour in one place.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QAbstractItemView

#: The role under which the register table models return a row's DTO (STYLE.md: UserRole + 1).
ROW_ROLE = Qt.ItemDataRole.UserRole + 1


class ProxySelection:
    #: The column that gets the keyboard focus when a row is selected (the name/title column).
    focus_column: int = 0

    def visible_rows(self) -> list[Any]:
        """The rows in the order the table shows them (filter and sort applied)."""
        return [self.proxy.index(r, 0).data(ROW_ROLE) for r in range(self.proxy.rowCount())]  # type: ignore[attr-defined]

    def selected_row(self) -> Any | None:
        rows = self.table.selectionModel().selectedRows()  # type: ignore[attr-defined]
        return rows[0].data(ROW_ROLE) if rows else None

    def selected_id(self) -> int | None:
        row = self.selected_row()
        return row.id if row else None

    def select_id(self, row_id: int) -> bool:
        """Select the row of that record; False when the filter hides it."""
        source_row = self.model.row_of(row_id)  # type: ignore[attr-defined]
        if source_row < 0:
            return False
        proxy_index = self.proxy.mapFromSource(self.model.index(source_row, 0))  # type: ignore[attr-defined]
        if not proxy_index.isValid():
            return False
        self._select_proxy_row(proxy_index.row())
        return True

    def _select_proxy_row(self, row: int) -> None:
        index = self.proxy.index(row, self.focus_column)  # type: ignore[attr-defined]
        self.table.selectionModel().setCurrentIndex(  # type: ignore[attr-defined]
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)  # type: ignore[attr-defined]
