"""The 操作记录 table: the audit trail, newest first, fetched lazily.

A union that imports rosters every month reaches 100,000 entries in a few years; SQLite filters them
(`audit.entry_ids`: date range, kind, register) and hands back the ordered ids, and the model fetches
only the block of rows on screen (`audit.entries_by_id`), like the members table. Every value it
shows comes from the service with ID numbers and phones already masked.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt

from unionbook.services import audit
from unionbook.services.audit import AuditFilter, AuditRow
from unionbook.ui.models.rows_model import CENTER, Col, LazyRowsModel, column_enum

#: Samples size the columns (内容 takes what is left).
SPECS = (
    Col("TIME", "时间", "2024-12-31 23:59:59", CENTER),
    Col("ACTION", "操作", "演示数据", CENTER),
    Col("TABLE", "对象", "困难职工家庭成员"),
    Col("SUMMARY", "内容"),
    Col("SOURCE", "来源", "命令行", CENTER),
)
Column = column_enum("Column", SPECS)


class AuditTableModel(LazyRowsModel[AuditRow]):
    """Rows of `audit.entry_ids(factory, filter)`, newest first, fetched by id."""

    COLUMNS = Column

    def __init__(self, factory: Any, parent: Any = None) -> None:  # factory: a sessionmaker
        super().__init__(factory, parent, flt=AuditFilter(), sort_column=Column.TIME)
        self.sort_order = Qt.SortOrder.DescendingOrder  # newest first

    def fetch_ids(self) -> list[int]:
        # Only time orders the trail; the view does not offer sorting by the other columns.
        return audit.entry_ids(self._factory, self._filter, oldest_first=not self.descending)

    def fetch_rows(self, ids: Sequence[int]) -> Sequence[AuditRow]:
        return audit.entries_by_id(self._factory, ids)

    def display(self, row: AuditRow, column: Any) -> str:
        if column == Column.TIME:
            return f"{row.at:%Y-%m-%d %H:%M:%S}"
        if column == Column.ACTION:
            return row.action_label
        if column == Column.TABLE:
            return row.table_label
        if column == Column.SUMMARY:
            return row.summary
        return row.source_label

    def tooltip(self, row: AuditRow, column: Any) -> str | None:
        return row.summary if column == Column.SUMMARY else None
