"""The table model every register shares: frozen rows with an `id`, one column enum, two roles.

STYLE.md asks for one model per list with the column indices in an IntEnum, `SortRole` and
`RowRole`, whole-list replacement with a reset, and `dataChanged` narrowed to the cells that changed.
Written once here, a register's model says only what differs: its columns and headers, the text of a
cell, and — where it has them — sort values, colours and tooltips (Vorta's archive table model is
the shape).

`RowsModel` holds every row in memory (a union's contracts, activities, hardship files and batches
are tens to thousands); `LazyRowsModel` keeps only ids in the order SQL gave them and fetches the
rows the view asks for, block by block, into a bounded cache (Anki's browser model) — for the
registers that reach 100,000 rows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import IntEnum
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt

SortRole = Qt.ItemDataRole.UserRole
RowRole = Qt.ItemDataRole.UserRole + 1

RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
CENTER = int(Qt.AlignmentFlag.AlignCenter)

RowT = TypeVar("RowT")
_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Col:
    """Everything about one column of a register, in one place: the table, its widths and the
    printed ledger all read it (the heading is translated at run time in the model's CONTEXT)."""

    key: str  # the column enum's member name
    header: str  # the heading; a "\n" makes two lines
    sample: str = ""  # a typical widest value: the column is that wide in the user's font
    align: int = LEFT
    tip: str = ""  # the heading's tooltip where the heading needs explaining
    print_width: float = 0  # relative width on the printed ledger; 0: not printed
    print_header: str = ""  # the printed heading where paper says more than the narrow table


def column_enum(name: str, specs: Sequence[Col]) -> Any:
    """The IntEnum of a register's columns (0, 1, 2 … in display order) from its specs, which it
    carries as `SPECS`: a model that names it as its COLUMNS reads them there."""
    columns = IntEnum(name, [(spec.key, number) for number, spec in enumerate(specs)])
    columns.SPECS = tuple(specs)  # type: ignore[attr-defined]
    return columns


def print_flag(align: int) -> Qt.AlignmentFlag:
    """A cell alignment (LEFT, CENTER, RIGHT) as the printed table's horizontal flag."""
    return {RIGHT: Qt.AlignmentFlag.AlignRight, CENTER: Qt.AlignmentFlag.AlignCenter}.get(align, Qt.AlignmentFlag.AlignLeft)


def print_columns(specs: Sequence[Col], number_width: float = 4) -> tuple[tuple[str, float, Qt.AlignmentFlag], ...]:
    """(heading, relative width, alignment) of the printed columns, with 序号 first (that wide;
    0: no 序号 column)."""
    head = (("序号", float(number_width), Qt.AlignmentFlag.AlignCenter),) if number_width else ()
    printed = tuple((s.print_header or s.header, s.print_width, print_flag(s.align)) for s in specs if s.print_width)
    return head + printed


class _ColumnsModel(QAbstractTableModel, Generic[RowT]):
    """Columns, headers and the role dispatch; where the rows come from is the subclass's business."""

    #: The columns' specs (Col), by default those its COLUMNS enum carries (column_enum); a model
    #: that has them derives HEADERS, HEADER_TIPS and the alignments from them.
    SPECS: ClassVar[Sequence[Col]] = ()
    #: The column enum (0, 1, 2 … in display order).
    COLUMNS: ClassVar[type[IntEnum]]
    #: Header text per column (QT_TRANSLATE_NOOP'd in CONTEXT); a "\n" makes a two-line heading.
    HEADERS: ClassVar[dict[Any, str]]
    #: The translation context of HEADERS; by default the model's class name, as Qt's own tr() has it.
    CONTEXT: ClassVar[str] = ""
    #: The text of each cell of a row by column (a register's `cells`, which its printed ledger
    #: reads too); a model without it says `display` itself.
    CELLS: ClassVar[Callable[[Any], Mapping[Any, str]] | None] = None
    #: Header tooltips where the heading needs explaining; otherwise the heading on one line.
    HEADER_TIPS: ClassVar[dict[Any, str]] = {}
    #: Columns aligned right (numbers, money) and centred (dates, short codes); the rest left.
    NUMERIC: ClassVar[frozenset[Any]] = frozenset()
    CENTERED: ClassVar[frozenset[Any]] = frozenset()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        specs = cls.__dict__.get("SPECS") or getattr(cls.__dict__.get("COLUMNS"), "SPECS", None)
        if specs:
            cls.SPECS = specs
            columns = [cls.COLUMNS(n) for n in range(len(specs))]
            cls.HEADERS = {c: s.header for c, s in zip(columns, specs, strict=True)}
            cls.HEADER_TIPS = {c: s.tip for c, s in zip(columns, specs, strict=True) if s.tip}
            cls.NUMERIC = frozenset(c for c, s in zip(columns, specs, strict=True) if s.align == RIGHT)
            cls.CENTERED = frozenset(c for c, s in zip(columns, specs, strict=True) if s.align == CENTER)

    @classmethod
    def samples(cls) -> dict[Any, str]:
        """A typical widest value per column (the specs' samples)."""
        return {cls.COLUMNS(n): s.sample for n, s in enumerate(cls.SPECS) if s.sample}

    @classmethod
    def printed(cls) -> list[Any]:
        """The columns on the printed ledger (those with a print width), in order."""
        return [cls.COLUMNS(n) for n, s in enumerate(cls.SPECS) if s.print_width]

    # --- what a register says about its cells ---------------------------------------------------

    def display(self, row: RowT, column: Any) -> str:
        cells = type(self).CELLS
        if cells is None:
            raise NotImplementedError
        return cells(row)[column]

    def sort_value(self, row: RowT, column: Any, position: int) -> Any:
        """What the proxy sorts by: the text unless a subclass knows better (numbers, fen, dates)."""
        return self.display(row, column)

    def background(self, row: RowT, column: Any) -> Any:
        return None

    def foreground(self, row: RowT, column: Any) -> Any:
        return None

    def tooltip(self, row: RowT, column: Any) -> str | None:
        return None

    def decoration(self, row: RowT, column: Any) -> Any:
        """An icon beside the text (a QIcon), or None."""
        return None

    def alignment(self, column: Any) -> int:
        if column in self.NUMERIC:
            return RIGHT
        if column in self.CENTERED:
            return CENTER
        return LEFT

    def header_label(self, column: Any) -> str:
        """The heading on one line (tooltips, printed captions, the column menu)."""
        return self.header_text(column).replace("\n", "")

    def header_text(self, column: Any) -> str:
        return self._translate(self.HEADERS[self.COLUMNS(column)])

    def _translate(self, text: str) -> str:
        return QCoreApplication.translate(self.CONTEXT or type(self).__name__, text)

    # --- the rows, supplied by the two kinds of model ------------------------------------------

    def row_at(self, row: int) -> RowT | None:
        raise NotImplementedError

    def row_count(self) -> int:
        raise NotImplementedError

    # --- Qt overrides --------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self.row_count()

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.COLUMNS):
            column = self.COLUMNS(section)
            if role == Qt.ItemDataRole.DisplayRole:
                return self.header_text(column)
            if role == Qt.ItemDataRole.ToolTipRole:
                tip = self.HEADER_TIPS.get(column)
                return self._translate(tip) if tip else self.header_label(column)
        elif orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.column() < len(self.COLUMNS):
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        column = self.COLUMNS(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, column)
        if role == RowRole:
            return row
        if role == SortRole:
            return self.sort_value(row, column, index.row())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.alignment(column)
        if role == Qt.ItemDataRole.BackgroundRole:
            return self.background(row, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.foreground(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, column)
        if role == Qt.ItemDataRole.DecorationRole:
            return self.decoration(row, column)
        return None


class RowsModel(_ColumnsModel[RowT]):
    """Every row in memory, in the order `set_rows` gives them; the page sorts through a proxy."""

    def __init__(self, parent: Any = None, *, today: date | None = None) -> None:
        super().__init__(parent)
        self._rows: list[RowT] = []
        self._today = today

    @property
    def today(self) -> date:
        """The day colours and counts are reckoned from (a register's due dates); tests fix it.
        Not fixed at construction: a window left open past midnight counts from the new day."""
        return self._today or date.today()

    def set_rows(self, rows: Sequence[RowT]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[RowT]:
        return list(self._rows)

    def row_count(self) -> int:
        return len(self._rows)

    def row_at(self, row: int) -> RowT | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, row_id: int) -> int:
        """The position of the record with that id, or -1."""
        return next((i for i, r in enumerate(self._rows) if r.id == row_id), -1)  # type: ignore[attr-defined]

    def update_row(self, row: RowT) -> bool:
        """Replace one record in place (same id); only its cells are announced as changed."""
        position = self.row_of(row.id)  # type: ignore[attr-defined]
        if position < 0:
            return False
        self._rows[position] = row
        self.dataChanged.emit(self.index(position, 0), self.index(position, len(self.COLUMNS) - 1))
        return True


class SortingRowsModel(RowsModel[RowT]):
    """Every row in memory, sorted by the model itself rather than by a proxy.

    A QSortFilterProxyModel asks `data(SortRole)` of two rows per comparison: for a year of a
    large union's activities (10,000) that is 120,000 calls into Python and seconds on every
    reload. Here each row's sort key is computed once and Python sorts (stable, as the proxy is);
    the page puts a pass-through proxy over it (register_table.SqlSortingProxy), which hands a
    click on a heading to `sort`. Column -1: the order `set_rows` gave.
    """

    def __init__(self, parent: Any = None, *, today: date | None = None) -> None:
        super().__init__(parent, today=today)
        self._given: list[RowT] = []
        self._sort: tuple[Any, Qt.SortOrder] | None = None

    def set_rows(self, rows: Sequence[RowT]) -> None:
        self.beginResetModel()
        self._given = list(rows)
        self._rows = self._in_order(self._given)
        self.endResetModel()

    def _in_order(self, rows: list[RowT]) -> list[RowT]:
        if self._sort is None:
            return list(rows)
        column, order = self._sort
        keys = [self.sort_value(row, column, position) for position, row in enumerate(rows)]
        positions = sorted(range(len(rows)), key=keys.__getitem__, reverse=order == Qt.SortOrder.DescendingOrder)
        return [rows[p] for p in positions]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:  # noqa: D401 - Qt override
        """Re-order the rows (a layout change: the selection follows its rows)."""
        wanted = (self.COLUMNS(column), order) if 0 <= column < len(self.COLUMNS) else None
        if wanted == self._sort:
            return
        self._sort = wanted
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        moved = [(p, self._rows[p.row()]) for p in persistent if 0 <= p.row() < len(self._rows)]
        self._rows = self._in_order(self._given)
        if moved:
            where = {id(row): n for n, row in enumerate(self._rows)}
            self.changePersistentIndexList(
                [p for p, _ in moved], [self.index(where[id(row)], p.column()) for p, row in moved]
            )
        self.layoutChanged.emit()

    def update_row(self, row: RowT) -> bool:
        """Replace one record in place (same id), keeping its place in the order."""
        given = next((i for i, r in enumerate(self._given) if r.id == row.id), -1)  # type: ignore[attr-defined]
        if given >= 0:
            self._given[given] = row
        return super().update_row(row)


class LazyRowsModel(_ColumnsModel[RowT]):
    """Only ids in memory, rows fetched around the one the view asks for (SQL filters and sorts).

    A subclass supplies `fetch_ids()` (the ordered ids for the current `filter` and `sort_column`
    / `sort_order`, read through the session factory it was given) and `fetch_rows(ids)` (those
    rows, by id). `data()` runs no SQL but the block fetch, and alignment is answered without a
    row, so layout queries never fetch.
    """

    #: Rows fetched per block: a few screens' worth, so scrolling line by line rarely queries, and
    #: the query (about 6 ms for 200 rows at 100k members) stays well under one frame.
    BLOCK: ClassVar[int] = 200
    #: Rows kept before the cache is dropped: a fling through 100k rows must not hold them all.
    CACHE_LIMIT: ClassVar[int] = 20_000

    def __init__(self, factory: Any, parent: Any = None, *, flt: Any = None, sort_column: int = 0) -> None:
        super().__init__(parent)
        self._factory = factory  # a sessionmaker
        self._filter = flt
        self._ids: list[int] = []
        self._position: dict[int, int] = {}
        self._cache: dict[int, RowT] = {}
        self.sort_column = self.COLUMNS(sort_column)
        self.sort_order = Qt.SortOrder.AscendingOrder
        #: Block fetches since the last reset; tests and the benchmark read it.
        self.fetch_count = 0
        #: Whether the ids were ever read: before that a sort only says the order to read them in
        #: (a page being built sets its heading's sort before its tab is shown).
        self._loaded = False

    # --- what a lazy register supplies ---------------------------------------------------------

    def fetch_ids(self) -> list[int]:
        raise NotImplementedError

    def fetch_rows(self, ids: Sequence[int]) -> Sequence[RowT]:
        raise NotImplementedError

    # --- our API -------------------------------------------------------------------------------

    @property
    def filter(self) -> Any:
        return self._filter

    def set_filter(self, flt: Any) -> None:
        """Show the records `flt` lets through (asks SQL again)."""
        self._filter = flt
        self.reload()

    @property
    def descending(self) -> bool:
        return self.sort_order == Qt.SortOrder.DescendingOrder

    def reload(self) -> None:
        """Ask SQL for the ids again and forget cached rows (data may have changed anywhere)."""
        ids = self.fetch_ids()
        self.beginResetModel()
        self._set_ids(ids)
        self._cache.clear()
        self.fetch_count = 0
        self._loaded = True
        self.endResetModel()

    def _set_ids(self, ids: list[int]) -> None:
        self._ids = ids
        self._position = {}

    def ids(self) -> list[int]:
        """The ids in display order (a copy: printing walks it while the user may re-filter)."""
        return list(self._ids)

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, row_id: int) -> int:
        """Display row of a record, -1 when the filter hides it."""
        if not self._position and self._ids:
            self._position = {i: n for n, i in enumerate(self._ids)}
        return self._position.get(row_id, -1)

    def row_count(self) -> int:
        return len(self._ids)

    def row_at(self, row: int) -> RowT | None:
        """The record on `row`, fetching its block when it is not cached yet."""
        row_id = self.id_at(row)
        if row_id is None:
            return None
        if row_id not in self._cache:
            self._fetch_around(row)
        # A record deleted elsewhere since the ids were read has no row; the line stays empty
        # until the next reload rather than fetching it again on every paint.
        return self._cache.get(row_id)

    def _fetch_around(self, row: int) -> None:
        if len(self._cache) > self.CACHE_LIMIT:
            self._cache.clear()
        start = max(0, row - self.BLOCK // 2)
        wanted = [i for i in self._ids[start : start + self.BLOCK] if i not in self._cache]
        self.fetch_count += 1
        for fetched in self.fetch_rows(wanted):
            self._cache[fetched.id] = fetched  # type: ignore[attr-defined]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and index.isValid():
            return self.alignment(self.COLUMNS(index.column()))
        return super().data(index, role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:  # noqa: D401 - Qt override
        """Sorting happens in SQL: re-query the ids in the new order (rows stay cached by id)."""
        if not 0 <= column < len(self.COLUMNS):
            return
        if (self.COLUMNS(column), order) == (self.sort_column, self.sort_order):
            return
        self.sort_column, self.sort_order = self.COLUMNS(column), order
        if not self._loaded:
            return
        ids = self.fetch_ids()
        # Same records in another order: a layout change keeps the selection via persistent indexes.
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        moved = [(p, self._ids[p.row()]) for p in persistent if 0 <= p.row() < len(self._ids)]
        self._set_ids(ids)
        if moved:
            self.changePersistentIndexList(
                [p for p, _ in moved],
                [self.index(self.row_of(i), p.column()) if self.row_of(i) >= 0 else QModelIndex() for p, i in moved],
            )
        self.layoutChanged.emit()
