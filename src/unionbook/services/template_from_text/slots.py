"""Where the numbers are in a summary's sentence: every slot a figure could fill.

A slot is a number followed by a unit a figure can have ("56名", "3.2万元", "六次", "X余名",
"90%"). The number may be written in Arabic digits (56, 3.2, 1,200), as a placeholder of the
circulated samples (X, xx, ×, ＊, 某) or in Chinese numerals (六, 十二, 两); an approximation adds
余/多 after it ("X余名", "3万余元"). A number without such a unit (2024年, 12月, 第三届) is no
slot: nothing in the registers counts years or months.

The lexicon (units, phrases that only look like slots) is the rules table's (rules.json), so that
this module holds only how a slot is read, not which words there are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum


class SlotKind(StrEnum):
    ARABIC = "数字"
    PLACEHOLDER = "占位符"
    CHINESE = "中文数字"


@dataclass(frozen=True)
class Slot:
    """One number of a paragraph, with what surrounds it.

    `start`/`end` span the number itself ("56"); `span_end` also covers 余/多 and the unit
    ("56名"), which is what a replacement may cover (a 金额 replaces "2,000元", unit included).
    """

    start: int
    end: int
    span_end: int
    text: str  # the number as written: "56", "X", "六", "1,200"
    kind: SlotKind
    unit: str  # the unit as the rules table names it: 名, 人次, 万元, % …
    unit_text: str  # the unit as written: "万余元" for unit 万元 with 余
    approx: str  # "余"/"多" between the number and the unit ("X余名"), else ""
    inner_approx: str  # "余"/"多" inside the unit ("3万余元"), else ""
    value: Decimal | None  # the number as written; None for a placeholder

    @property
    def approximate(self) -> bool:
        return bool(self.approx or self.inner_approx)

    @property
    def thousands(self) -> bool:
        return "," in self.text


_DIGITS = r"[0-9０-９]"
_ARABIC = rf"{_DIGITS}{{1,3}}(?:,{_DIGITS}{{3}})+(?:\.{_DIGITS}+)?|{_DIGITS}+(?:\.{_DIGITS}+)?"
_PLACEHOLDER = r"[XxＸｘ]{1,3}|×{1,3}|＊{1,3}|\*{1,3}|某{1,2}"
_CHINESE = r"[零〇一二两三四五六七八九十百千]+"
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def _slot_pattern(units: list[str]) -> re.Pattern[str]:
    # 万余元/万多元 are 万元 with an approximation inside; longer units first (人次 before 人).
    written = sorted({*units, "万余元", "万多元", "％"}, key=len, reverse=True)
    return re.compile(
        rf"(?P<number>{_ARABIC}|{_PLACEHOLDER}|{_CHINESE})"
        rf"(?P<approx>[余多])?[ \u3000]?(?P<unit>{'|'.join(map(re.escape, written))})"
    )


def chinese_value(text: str) -> Decimal | None:
    """六 → 6, 两 → 2, 十二 → 12, 一百二十 → 120 (cn2an, the library the 大写 filter uses)."""
    import cn2an

    try:
        return Decimal(int(cn2an.cn2an(text.replace("〇", "零"), "smart")))
    except (ValueError, KeyError, TypeError):
        return None


def _kind(number: str) -> SlotKind:
    if re.fullmatch(_PLACEHOLDER, number):
        return SlotKind.PLACEHOLDER
    if re.fullmatch(_CHINESE, number):
        return SlotKind.CHINESE
    return SlotKind.ARABIC


def _value(number: str, kind: SlotKind) -> Decimal | None:
    if kind is SlotKind.PLACEHOLDER:
        return None
    if kind is SlotKind.CHINESE:
        return chinese_value(number)
    try:
        return Decimal(number.translate(_FULLWIDTH).replace(",", ""))
    except InvalidOperation:
        return None


class SlotFinder:
    """Finds the slots of one paragraph's text with the rules table's lexicon.

    `not_before` are characters that make the number part of a word or an ordinal (第三次, 统一,
    每一名, ISO9001); `not_slots` are phrases that read like a number and a unit but are not
    ("一次性", "三个月", "0.2个百分点").
    """

    def __init__(self, units: list[str], not_before: str, not_slots: list[str]) -> None:
        self._pattern = _slot_pattern(units)
        self._not_before = not_before
        self._not_slots = [p for p in not_slots if p]

    def _idiom(self, text: str, start: int, end: int) -> bool:
        """Whether a not-slot phrase covers any of text[start:end]."""
        for phrase in self._not_slots:
            low = max(0, start - len(phrase) + 1)
            at = text.find(phrase, low)
            while 0 <= at < end:
                if at + len(phrase) > start:
                    return True
                at = text.find(phrase, at + 1)
        return False

    def find(self, text: str) -> list[Slot]:
        found: list[Slot] = []
        position = 0
        while True:
            match = self._pattern.search(text, position)
            if match is None:
                return found
            position = match.start() + 1
            number = match.group("number")
            start = match.start("number")
            before = text[start - 1] if start else ""
            kind = _kind(number)
            if before == "第" or (before.isascii() and before.isalnum()):
                continue  # an ordinal (第3次), or part of a code (ISO9001, A3)
            if kind is SlotKind.CHINESE and before and before in self._not_before:
                continue  # part of a word: 统一, 唯一, 每一名, 同一家
            if (
                kind is SlotKind.PLACEHOLDER
                and match.end() < len(text)
                and text[match.end()].isascii()
                and text[match.end()].isalpha()
            ):
                continue
            if kind is SlotKind.ARABIC and before in ".,":
                continue
            if self._idiom(text, start, match.end()):
                continue
            unit_text = match.group("unit")
            unit, inner = unit_text, ""
            if unit_text in ("万余元", "万多元"):
                unit, inner = "万元", unit_text[1]
            elif unit_text == "％":
                unit = "%"
            found.append(
                Slot(start, match.end("number"), match.end(), number, kind, unit, unit_text,
                     match.group("approx") or "", inner, _value(number, kind))
            )  # fmt: skip
            position = match.end()
