"""Pinyin of people's names, for sorting in pinyin order and searching by typed initials.

Names are short and draw on a few thousand characters, so results are cached per name: a 100,000
row import computes each distinct name once.
"""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin


@lru_cache(maxsize=262_144)
def name_keys(name: str) -> tuple[str, str]:
    """(full pinyin, initials) in lowercase: "张三" → ("zhang san", "zs"). Letters and digits in the
    name pass through, so "Anna李" → ("anna li", "al")."""
    syllables = [s.lower() for s in lazy_pinyin(name.strip(), style=Style.NORMAL, errors="default") if s.strip()]
    full = " ".join(syllables)
    initials = "".join(s[0] for s in syllables if s[0].isalnum())
    return full, initials
