"""Precision and recall of 从往年总结生成模板 (issue #16) on the hand-annotated summaries in
tests/fixtures/template_from_text: summary_2024.txt (the rules were tuned on it) and
summary_heldout.txt (written after the rules were settled, not tuned on).

    .venv/bin/python bench/template_from_text_accuracy.py

Precision: of the slots given a figure, how many got the annotated one (a wrong variable is worse
than none). Recall: of the slots annotated with a figure, how many got it.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from summary_gold import read_gold, score  # noqa: E402

from unionbook.services.template_from_text import analyse_text  # noqa: E402


def main() -> None:
    print(f"{'summary':<22}{'slots':>6}{'found':>6}{'extra':>6}{'to map':>7}{'right':>6}{'wrong':>6}"
          f"{'missed':>7}{'precision':>10}{'recall':>8}{'CN/X':>6}")  # fmt: skip
    for name in ("summary_2024.txt", "summary_heldout.txt"):
        text, gold = read_gold(name)
        result = score(analyse_text(text).proposals, gold)
        written = sum(1 for g in gold if g.text[0] not in "0123456789.")
        to_map = sum(1 for g in gold if g.figure)
        print(f"{name:<22}{result.slots:>6}{result.found:>6}{result.extra:>6}{to_map:>7}{result.true:>6}"
              f"{result.wrong:>6}{result.missed:>7}{result.precision:>10.3f}{result.recall:>8.3f}{written:>6}")  # fmt: skip


if __name__ == "__main__":
    main()
