"""Names' pinyin without pypinyin's phrase dictionary (35 MB, ~0.3 s): a name is read a character
at a time, and a character alone never comes from the phrases."""

from __future__ import annotations

import os
import subprocess
import sys

_SCRIPT = """
import os, sys
from unionbook.domain.pinyin import name_keys
print(name_keys("张三"), name_keys("吕绿单"), name_keys("欧阳 Anna李"))
import pypinyin.constants
print(len(pypinyin.constants.PHRASES_DICT))
"""


def _environment() -> dict[str, str]:
    """This process's environment without the switch name_keys sets (an earlier test may have)."""
    return {k: v for k, v in os.environ.items() if k != "PYPINYIN_NO_PHRASES"}


def test_name_pinyin_loads_no_phrases() -> None:
    out = subprocess.run([sys.executable, "-c", _SCRIPT], capture_output=True, text=True, check=True,
                         env=_environment()).stdout  # fmt: skip
    assert out.splitlines() == [
        "('zhang san', 'zs') ('lv lv dan', 'lld') ('ou yang anna li', 'oyal')",
        "0",
    ]


def test_no_phrase_is_a_single_character() -> None:
    # What makes reading characters without the phrases safe: pypinyin's own phrase list.
    script = "from pypinyin.constants import PHRASES_DICT; print(len(PHRASES_DICT) > 40000, min(map(len, PHRASES_DICT)))"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                         env=_environment()).stdout  # fmt: skip
    assert out.split() == ["True", "2"]
