"""Which figure a slot is, from the words around it, its unit and the figure's unit.

How near a word is decides most (issue #16: "the words before and after it within its clause"):
4  between the previous number of the clause (or its start) and this one: "发放救助金|3.2万元";
3  elsewhere in the same clause ("为|56名|困难职工");
2  in an earlier clause of the same sentence: "冬送温暖，为56名…";
1  in the sentence before, or beside the paragraph (the row's other cells of a table, the
   heading the paragraph follows): "一是冬送温暖。走访慰问…".
A rule matches when one of its words is found at some level, its near/also/not conditions hold
and the written unit agrees with one of its figures' units (人 is not 人次, 户 is not 人, 万元 is
an amount in 元). Rules matched only by a generic word (帮扶, 活动) yield to any rule matched by
a specific one. The nearest rules win, then the higher priority; when two different figures are
left, the slot is ambiguous and stays as written: a wrong variable is worse than none.
Sentences about the district (全区共有工会组织x个) and comparisons with last year (较上年增长X%)
have no grassroots figure and stay as written whatever their words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from unionbook.services.figures import Figure
from unionbook.services.template_from_text.rules import Rule, RuleTable
from unionbook.services.template_from_text.slots import Slot

_SENTENCE_END = "。；;！？!?\n"
_CLAUSE_END = "，,：:"

#: How sure a mapping is, by the level its word was found at.
CONFIDENCE = {4: 0.95, 3: 0.85, 2: 0.75, 1: 0.6}


@dataclass(frozen=True)
class Decision:
    """What a slot becomes: a figure, or nothing, and why."""

    figure: Figure | None
    reason: str
    confidence: float
    context: str  # the sentence the slot is in, as written
    candidates: tuple[str, ...] = ()  # figures it could have been (ambiguous, or units disagreed)


@dataclass(frozen=True)
class _Regions:
    """The text around one slot, by level."""

    near: str  # level 4
    clause: str  # level 3 (the whole clause)
    earlier: str  # level 2
    before: str  # level 1
    sentence: str

    def level(self, words: tuple[str, ...]) -> tuple[int, str]:
        """The nearest level any of `words` is found at, and the word; (0, "") when none is."""
        for level, text in ((4, self.near), (3, self.clause), (2, self.earlier), (1, self.before)):
            for word in words:
                if word and word in text:
                    return level, word
        return 0, ""


def _bounds(text: str, at: int, ends: str, low: int, high: int) -> tuple[int, int]:
    start = at
    while start > low and text[start - 1] not in ends:
        start -= 1
    end = at
    while end < high and text[end] not in ends:
        end += 1
    return start, end


def _regions(text: str, slots: list[Slot], index: int, lead: str) -> _Regions:
    slot = slots[index]
    s_start, s_end = _bounds(text, slot.start, _SENTENCE_END, 0, len(text))
    c_start, c_end = _bounds(text, slot.start, _CLAUSE_END, s_start, s_end)
    previous_end = max([s.span_end for s in slots[:index] if s.span_end <= slot.start] + [c_start])
    near = text[max(c_start, previous_end) : slot.start]
    # The clause without this slot's own number and unit (its unit is no context: "次" of 人次).
    clause = text[c_start : slot.start] + " " + text[slot.span_end : c_end]
    earlier = text[s_start:c_start]
    p_start, _ = _bounds(text, max(s_start - 1, 0), _SENTENCE_END, 0, len(text))
    # The sentence before is context only when it has no number of its own: a topic sentence
    # ("一是冬送温暖。"), not the neighbour's figures ("…先进集体两项；对3名职工…").
    has_slot = any(p_start <= s.start < s_start for s in slots)
    previous_sentence = text[p_start:s_start] if s_start and not has_slot else ""
    return _Regions(near, clause, earlier, previous_sentence + " " + lead, text[s_start:s_end].strip())


def _contains(text: str, words: tuple[str, ...]) -> bool:
    return any(w and w in text for w in words)


@dataclass(frozen=True)
class _Candidate:
    rule: Rule
    figure: Figure
    level: int
    word: str
    weak: bool


def _conditions_hold(rule: Rule, regions: _Regions) -> bool:
    sentence = regions.earlier + regions.clause
    if rule.near and not _contains(regions.near, rule.near):
        return False
    if rule.not_near and _contains(regions.near, rule.not_near):
        return False
    if rule.also and not _contains(sentence + regions.before, rule.also):
        return False
    return not (rule.forbid and _contains(sentence, rule.forbid))


def decide(text: str, slots: list[Slot], index: int, table: RuleTable, lead: str = "") -> Decision:
    """The figure the slot `slots[index]` of paragraph `text` is, or why it has none."""
    slot = slots[index]
    regions = _regions(text, slots, index, lead)
    sentence = regions.sentence
    district = next((w for w in table.district if w in sentence), None)
    if district:
        return Decision(None, f"“{district}”：区县或上级工会的数字，基层工会没有对应的指标", 0.9, sentence)
    comparison = next((w for w in table.comparison if w in regions.clause), None)
    if comparison is None and slot.unit == "%":
        comparison = next(
            (w for w in table.change_before_percent if regions.near.endswith(w) or w in regions.near[-4:]), None
        )
    if comparison:
        return Decision(None, f"“{comparison}”：与上年比较的增减，不是指标本身", 0.9, sentence)

    found: list[_Candidate] = []
    unit_misses: list[str] = []
    for rule in table.rules:
        level, word = regions.level(rule.words)
        weak = False
        if not level and rule.weak:
            level, word = regions.level(rule.weak)
            weak = True
        if not level or not _conditions_hold(rule, regions):
            continue
        fitting = [f for f in rule.figures if table.accepts(rule, f, slot.unit)]
        if not fitting:
            unit_misses.extend(f.name for f in rule.figures)
            continue
        found.extend(_Candidate(rule, f, level, word, weak) for f in fitting)

    if any(not c.weak for c in found):
        found = [c for c in found if not c.weak]
    if not found:
        if unit_misses:
            names = "、".join(dict.fromkeys(unit_misses))
            return Decision(None, f"单位“{slot.unit_text}”与相近指标（{names}）的单位不一致", 0.0, sentence,
                            tuple(dict.fromkeys(unit_misses)))  # fmt: skip
        return Decision(None, "附近没有能对应到指标的词", 0.0, sentence)
    best_level = max(c.level for c in found)
    top = [c for c in found if c.level == best_level]
    best_priority = max(c.rule.priority for c in top)
    top = [c for c in top if c.rule.priority == best_priority]
    figures = list(dict.fromkeys(c.figure.name for c in top))
    if len(figures) > 1:
        return Decision(None, f"可能是{'、'.join(figures)}，无法确定", 0.0, sentence, tuple(figures))
    chosen = top[0]
    where = {4: "紧挨在数字前", 3: "在同一分句", 2: "在同一句前文", 1: "在上一句或表格同行"}[chosen.level]
    reason = f"“{chosen.word}”{where}，单位“{slot.unit_text}”与指标单位“{chosen.figure.unit}”一致"
    confidence = CONFIDENCE[chosen.level] - (0.1 if chosen.weak else 0.0)
    return Decision(chosen.figure, reason, round(confidence, 2), sentence)


def sentence_of(text: str, at: int) -> str:
    start, end = _bounds(text, at, _SENTENCE_END, 0, len(text))
    return re.sub(r"\s+", " ", text[start:end]).strip()
