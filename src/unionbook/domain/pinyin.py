"""Pinyin of people's names, for sorting in pinyin order and searching by typed initials.

Names are short and draw on a few thousand characters, so pinyin is looked up per character and
cached: a 100,000-row import costs a dictionary lookup per character, not a pypinyin call per
name. (Phrase-level readings matter little for personal names.)
"""

from __future__ import annotations

import os
from functools import lru_cache


@lru_cache(maxsize=65_536)
def _char_pinyin(char: str) -> str:
    # Imported on the first name, not with the module: the ORM models import this module on every
    # start of the window. Without its phrase dictionary: a character alone is read from the
    # character dictionary anyway (no phrase is one character long), and the phrases are 35 MB
    # of memory and ~0.3 s to load. Set, not defaulted: an empty value in the user's environment
    # would make pypinyin load the phrases, which the bundle leaves out (build.spec).
    os.environ["PYPINYIN_NO_PHRASES"] = "1"
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin(char, style=Style.NORMAL)[0].lower()


def _is_han(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


@lru_cache(maxsize=262_144)
def name_keys(name: str) -> tuple[str, str]:
    """(full pinyin, initials) in lowercase: "张三" → ("zhang san", "zs"). Runs of letters and
    digits pass through as one syllable, so "Anna李" → ("anna li", "al")."""
    syllables: list[str] = []
    run = ""
    for char in name.strip():
        if _is_han(char):
            if run:
                syllables.append(run.lower())
                run = ""
            syllables.append(_char_pinyin(char))
        elif char.isalnum():
            run += char
        elif run:
            syllables.append(run.lower())
            run = ""
    if run:
        syllables.append(run.lower())
    return " ".join(syllables), "".join(s[0] for s in syllables)
