"""An accepted row's values without a dict of its own: a roster import holds 100,000 of them.

A dict of 24 fields is ~1.2 KB, so 100,000 accepted rows held as dicts are ~120 MB until they are
written. Rows of one sheet nearly all have the same keys in the same order, so `Compactor` shares
one key → position table among them and each row keeps a tuple of its values (~250 bytes).
`RowValues` reads like the dict it replaces (get, [], in, items, ==) and cannot be changed:
planning is over when a row is compacted, and writers only read it.

A register whose writer reads every field of every row (the roster) gives its rows a `Layout`:
then every row keeps its values in that one order, a field the row lacks being None, and the
writer takes the tuple itself (`Layout.values_of`) instead of asking for each field by name.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any


class RowValues(Mapping[str, Any]):
    """One row's values: a shared {key: position} table and a tuple."""

    __slots__ = ("_at", "_values")

    def __init__(self, at: dict[str, int], values: tuple[Any, ...]) -> None:
        self._at = at
        self._values = values

    def __getitem__(self, key: str) -> Any:
        return self._values[self._at[key]]

    def get(self, key: str, default: Any = None) -> Any:  # the writers' hot path: no exception per miss
        position = self._at.get(key)
        return default if position is None else self._values[position]

    def __contains__(self, key: object) -> bool:
        return key in self._at

    def __iter__(self) -> Iterator[str]:
        return iter(self._at)

    def __len__(self) -> int:
        return len(self._at)

    def __repr__(self) -> str:
        return f"RowValues({self.as_dict()!r})"

    def as_dict(self) -> dict[str, Any]:
        """A dict of the values, built in one call: for a writer that reads many fields of a row
        (each `get` here is a Python call, each on a dict is not)."""
        return dict(zip(self._at, self._values, strict=True))


class Layout:
    """A register's fields in one fixed order: rows compacted with it hold a tuple in that order
    (None for a field the row lacks), which `values_of` hands back as it is."""

    def __init__(self, keys: Iterable[str]) -> None:
        self.keys = tuple(keys)
        self.at = {key: position for position, key in enumerate(self.keys)}

    def values_of(self, values: Mapping[str, Any]) -> tuple[Any, ...]:
        """The row's values in this order: its own tuple when it was compacted with this layout."""
        if type(values) is RowValues and values._at is self.at:
            return values._values
        return tuple(map(values.get, self.keys))


class Compactor:
    """Turns the rows' dicts into RowValues: in the `layout`'s order when one is given and the row
    has no field outside it, else with one key table per distinct key order."""

    def __init__(self, layout: Layout | None = None) -> None:
        self._tables: dict[tuple[str, ...], dict[str, int]] = {}
        self._layout = layout

    def __call__(self, values: Mapping[str, Any]) -> RowValues:
        layout = self._layout
        if layout is not None and values.keys() <= layout.at.keys():
            return RowValues(layout.at, tuple(map(values.get, layout.keys)))
        keys = tuple(values)
        at = self._tables.get(keys)
        if at is None:
            at = self._tables[keys] = {key: position for position, key in enumerate(keys)}
        return RowValues(at, tuple(values.values()))
