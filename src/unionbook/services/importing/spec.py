"""Column specifications: what a register's import understands, under which header names."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum, StrEnum
from functools import lru_cache

from unionbook.domain.cells import normalize_header


class Unknown(Enum):
    """What a value outside a column's vocabulary does."""

    KEEP = "keep"  # kept as typed, with a warning (民族, 学历 ...: other systems' wording)
    DROP = "drop"  # ignored with a warning (性别: the ID number gives it anyway)
    REJECT = "reject"  # the row is rejected (会籍变化类型: the database cannot hold it)


class Kind(Enum):
    TEXT = "text"
    DATE = "date"
    BOOL = "bool"
    ID_NUMBER = "id_number"
    INT = "int"
    MONEY = "money"  # yuan in the sheet, integer fen in the row
    CHOICE = "choice"  # a vocabulary: known spellings mapped, unknown values kept with a warning
    PHONE = "phone"


@dataclass(frozen=True)
class Column:
    key: str  # the field name in a parsed row
    label: str  # canonical Chinese header: what exports write and the wizard shows
    synonyms: tuple[str, ...] = ()
    kind: Kind = Kind.TEXT
    vocab: type[StrEnum] | None = None
    unknown: Unknown = Unknown.KEEP
    #: DATE columns only: a year alone ("1985") is a date said to the year (出生年月 columns give
    #: that); elsewhere it is refused as too vague.
    allow_year: bool = False

    def names(self) -> tuple[str, ...]:
        return _normalized_names(self.label, self.synonyms)


@lru_cache(maxsize=1024)
def _normalized_names(label: str, synonyms: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(normalize_header(n) for n in (label, *synonyms))


@dataclass(frozen=True)
class RegisterSpec:
    name: str  # 会员, 集体合同 ...
    columns: tuple[Column, ...]
    #: Header detection needs at least one of these keys among the matched columns.
    anchor_keys: frozenset[str] = field(default_factory=frozenset)
    #: Columns to ignore without calling them unknown (序号 ...).
    ignored_headers: tuple[str, ...] = ("序号", "编号", "No", "NO", "no")

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def match_header(self, text: object) -> Column | None:
        """The column a header cell names: exact match on normalised names first, then a
        unique "starts with" match for long names ("身份证号码（必填）" was cleaned already)."""
        name = normalize_header(text)
        if not name:
            return None
        for column in self.columns:
            if name in column.names():
                return column
        candidates = [c for c in self.columns if any(len(n) >= 3 and name.startswith(n) for n in c.names())]
        return candidates[0] if len(candidates) == 1 else None

    def is_ignored(self, text: object) -> bool:
        return normalize_header(text) in _normalized_names("", self.ignored_headers)
