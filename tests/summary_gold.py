"""The hand-annotated summaries of tests/fixtures/template_from_text: ⟦数字|指标⟧ marks each numeric
slot and the figure it must become (empty: it must stay as written). Shared by the tests and by
bench/template_from_text_accuracy.py, which prints precision and recall."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "template_from_text"
_MARK = re.compile(r"⟦([^|⟧]*)\|([^⟧]*)⟧")


@dataclass(frozen=True)
class GoldSlot:
    line: int  # paragraph index in the plain text
    start: int  # where the number starts in that paragraph
    text: str
    figure: str | None


def read_gold(name: str) -> tuple[str, list[GoldSlot]]:
    """The plain text (what a chair would paste) and its slots."""
    lines = [line for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    plain: list[str] = []
    gold: list[GoldSlot] = []
    for index, line in enumerate(lines):
        out, position = "", 0
        for match in _MARK.finditer(line):
            out += line[position : match.start()]
            gold.append(GoldSlot(index, len(out), match.group(1), match.group(2) or None))
            out += match.group(1)
            position = match.end()
        plain.append(out + line[position:])
    return "\n".join(plain), gold


@dataclass(frozen=True)
class Score:
    slots: int  # annotated slots
    found: int  # of them, found by the slot finder
    extra: int  # slots found that are not annotated
    true: int  # mapped to the annotated figure
    wrong: int  # mapped to another figure, or mapped where it must stay
    missed: int  # annotated with a figure, left as written

    @property
    def precision(self) -> float:
        return self.true / (self.true + self.wrong) if self.true + self.wrong else 1.0

    @property
    def recall(self) -> float:
        return self.true / (self.true + self.missed) if self.true + self.missed else 1.0


def score(proposals: list, gold: list[GoldSlot], choices: dict[int, str | None] | None = None) -> Score:
    """Compare an analysis' proposals (by paragraph and start) with the annotation."""
    chosen = {p.number: p.figure for p in proposals}
    chosen.update(choices or {})
    by_place = {(p.paragraph, p.slot.start): p for p in proposals}
    true = wrong = missed = found = 0
    for slot in gold:
        proposal = by_place.pop((slot.line, slot.start), None)
        figure = chosen[proposal.number] if proposal else None
        found += proposal is not None
        if figure and figure == slot.figure:
            true += 1
        else:
            wrong += figure is not None
            missed += slot.figure is not None
    wrong += sum(1 for p in by_place.values() if chosen[p.number])
    return Score(len(gold), found, len(by_place), true, wrong, missed)
