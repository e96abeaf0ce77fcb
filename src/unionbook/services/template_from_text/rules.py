"""The matching-rules table (resources/template_from_text/rules.json), read once and checked
against the figure registry.

The table is data so that a synonym is a one-line change; the registry stays the only list of
figures: a rule naming a figure the registry does not have, or accepting a written unit the
figure's unit cannot be, is a mistake in the table and fails loudly here (and in the tests), never
a slot silently mapped to nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from unionbook import paths
from unionbook.services.figures import FIGURES, Figure, figure_by_name

RULES_FILE = ("template_from_text", "rules.json")


@dataclass(frozen=True)
class Rule:
    """Words that name a few figures; the unit written after the number picks one of them."""

    index: int  # position in the table, for reasons and tests
    figures: tuple[Figure, ...]
    words: tuple[str, ...]  # strong words: name the thing counted
    weak: tuple[str, ...]  # generic words (帮扶, 活动): yield to any rule matched by a strong word
    near: tuple[str, ...]  # at least one must be just before the number (same clause, since the last slot)
    not_near: tuple[str, ...]  # none may be there
    also: tuple[str, ...]  # at least one must be in the same sentence
    forbid: tuple[str, ...]  # none may be in the same sentence
    units: tuple[str, ...]  # written units accepted besides those the unit table gives
    priority: int


@dataclass(frozen=True)
class RuleTable:
    units: dict[str, tuple[str, ...]]  # written unit → figure units it can express
    not_before: str
    not_slots: tuple[str, ...]
    district: tuple[str, ...]
    comparison: tuple[str, ...]
    change_before_percent: tuple[str, ...]
    rules: tuple[Rule, ...]

    def written_units(self) -> list[str]:
        return list(self.units)

    def accepts(self, rule: Rule, figure: Figure, unit: str) -> bool:
        """Whether a number written with `unit` can be `figure` under this rule."""
        return figure.unit in self.units.get(unit, ()) or unit in rule.units


class RuleTableError(ValueError):
    """The table names a figure the registry does not have, or a unit that cannot agree."""


def _tuple(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)  # type: ignore[union-attr]


def parse_table(document: dict) -> RuleTable:
    units = {str(k): _tuple(v) for k, v in document["units"].items()}
    figure_units = {f.unit for f in FIGURES}
    for written, accepted in units.items():
        if not set(accepted) <= figure_units:
            raise RuleTableError(f"单位“{written}”对应了指标没有的单位：{accepted}")
    rules = []
    for index, entry in enumerate(document["rules"]):
        figures = []
        for name in _tuple(entry["figures"]):
            figure = figure_by_name(name)
            if figure is None:
                raise RuleTableError(f"规则第{index + 1}条的指标“{name}”不在指标目录中")
            figures.append(figure)
        extra = _tuple(entry.get("units"))
        for figure in figures:
            if not any(figure.unit in units.get(u, ()) for u in units) and not extra:
                raise RuleTableError(f"规则第{index + 1}条：指标“{figure.name}”的单位{figure.unit}没有对应的书写单位")
        unknown = [u for u in extra if u not in units]
        if unknown:
            raise RuleTableError(f"规则第{index + 1}条的单位不在单位表中：{unknown}")
        words, weak = _tuple(entry.get("words")), _tuple(entry.get("weak"))
        if not words and not weak:
            raise RuleTableError(f"规则第{index + 1}条没有词")
        rules.append(
            Rule(index, tuple(figures), words, weak, _tuple(entry.get("near")), _tuple(entry.get("not_near")),
                 _tuple(entry.get("also")), _tuple(entry.get("not")), extra, int(entry.get("p", 1)))
        )  # fmt: skip
    return RuleTable(
        units=units,
        not_before=str(document.get("not_before", "")),
        not_slots=_tuple(document.get("not_slots")),
        district=_tuple(document.get("district")),
        comparison=_tuple(document.get("comparison")),
        change_before_percent=_tuple(document.get("change_before_percent")),
        rules=tuple(rules),
    )


def load_table(path: Path | None = None) -> RuleTable:
    """The table at `path` (default: the bundled rules.json)."""
    source = path or paths.resource_path(*RULES_FILE)
    return parse_table(json.loads(Path(source).read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def default_table() -> RuleTable:
    return load_table()
