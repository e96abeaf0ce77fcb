"""The table every register shows, and the typed selection over it.

Shared by the register pages and by the tabs of a page that shows several registers (帮扶): a
read-only table selecting one row at a time, columns as wide as a typical value, and a selection
that speaks in the register's own rows (the model's RowRole) whatever the sort and filter.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import QIdentityProxyModel, QItemSelectionModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from unionbook.ui.models.rows_model import LazyRowsModel, RowRole, RowsModel

RowT = TypeVar("RowT")


def make_table(name: str, proxy: QSortFilterProxyModel, row_height: int) -> QTableView:
    """A read-only, one-row-at-a-time table in the registers' look."""
    table = QTableView()
    table.setObjectName(name)
    table.setModel(proxy)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(row_height)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setHighlightSections(False)
    return table


def fit_columns(table: QTableView, samples: dict[Any, str], arrow: int = 14) -> dict[Any, int]:
    """Each column as wide as a typical value or its heading (plus the sort arrow); returns them."""
    metrics = table.fontMetrics()
    model = table.model()
    widths = {}
    for column, sample in samples.items():
        heading_text = str(model.headerData(int(column), Qt.Orientation.Horizontal))
        heading_width = max(metrics.horizontalAdvance(line) for line in heading_text.split("\n"))
        widths[column] = max(metrics.horizontalAdvance(sample), heading_width + arrow) + 14
        table.setColumnWidth(int(column), widths[column])
    return widths


def size_columns(table: QTableView, samples: Mapping[int, str], padding: int, *, stretch_last: bool = False) -> None:
    """Columns the user may resize, each `padding` pixels wider than its typical value (for tables
    whose headings are narrower than their cells); `stretch_last`: the last takes what is left."""
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    metrics = table.fontMetrics()
    for column, sample in samples.items():
        table.setColumnWidth(int(column), metrics.horizontalAdvance(sample) + padding)
    if stretch_last:
        header.setStretchLastSection(True)


class SqlSortingProxy(QIdentityProxyModel):
    """The view's model over a lazy model: rows pass through unchanged, and a click on a heading
    asks the source to sort (in SQL) instead of sorting 100,000 rows in memory."""

    def setSortRole(self, role: int) -> None:  # noqa: N802 - the in-memory proxy's API
        """Nothing to set: the source sorts by its own keys."""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)


class TableSelection(Generic[RowT]):
    """Typed selection over `table` → `proxy` → `model` (a RowsModel): shared by register pages and
    by the tabs of a page that shows several registers (帮扶)."""

    table: QTableView
    proxy: QSortFilterProxyModel | SqlSortingProxy
    model: RowsModel[RowT] | LazyRowsModel[RowT]
    #: The column that gets the keyboard focus when a row is selected (the name/title column).
    focus_column: ClassVar[int] = 0

    def visible_rows(self) -> list[RowT]:
        """The rows in the order the table shows them (filter and sort applied)."""
        return [self.proxy.index(r, 0).data(RowRole) for r in range(self.proxy.rowCount())]

    def selected_row(self) -> RowT | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(RowRole) if rows else None

    def selected_id(self) -> int | None:
        row = self.selected_row()
        return row.id if row is not None else None  # type: ignore[attr-defined]

    def select_id(self, row_id: int) -> bool:
        """Select the row of that record; False when the filter hides it."""
        source_row = self.model.row_of(row_id)
        if source_row < 0:
            return False
        proxy_index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        if not proxy_index.isValid():
            return False
        self.select_proxy_row(proxy_index.row())
        return True

    def select_proxy_row(self, row: int) -> None:
        index = self.proxy.index(row, self.focus_column)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)

    def row_for(self, proxy_index: QModelIndex) -> RowT | None:
        return self.model.row_at(self.proxy.mapToSource(proxy_index).row())
