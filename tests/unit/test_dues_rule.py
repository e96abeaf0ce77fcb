"""The 会费 rule on hand-worked wages: the remainder under the step not counted, × the rate,
rounded half up to the unit; and the months payroll lists write."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from unionbook.domain.dues import (
    DuesRounding,
    DuesRule,
    DuesStatus,
    dues_fen,
    dues_status,
    month_end,
    parse_month,
    parse_permille,
)


@pytest.mark.parametrize(
    ("wage_fen", "expected"),
    [
        (567890, 2835),  # 5,678.90 → 5,670 counted → 28.35
        (500000, 2500),  # 5,000.00 → 25.00
        (300999, 1500),  # 3,009.99 → 3,000 → 15.00
        (1234567, 6170),  # 12,345.67 → 12,340 → 61.70
        (999, 0),  # under 10 元: nothing counted
        (0, 0),
        (456789, 2280),  # 4,567.89 → 4,560 → 22.80
    ],
)
def test_default_rule(wage_fen: int, expected: int) -> None:
    assert dues_fen(wage_fen) == expected


def test_half_up_to_fen_and_other_steps() -> None:
    # 5,679 元 whole: 28.395 → 28.40 (half up, not to even)
    assert dues_fen(567900, DuesRule(step_fen=100)) == 2840
    # no remainder dropped: 5,678.90 × 0.5% = 28.3945 → 28.39
    assert dues_fen(567890, DuesRule(step_fen=0)) == 2839
    # 4,567.89, step 1 元: 4,567 × 0.5% = 22.835 → 22.84
    assert dues_fen(456789, DuesRule(step_fen=100)) == 2284


def test_rounding_to_jiao_and_yuan() -> None:
    assert dues_fen(567890, DuesRule(rounding=DuesRounding.JIAO)) == 2840  # 28.35 → 28.4
    assert dues_fen(456789, DuesRule(rounding=DuesRounding.JIAO)) == 2280  # 22.80 → 22.8
    assert dues_fen(567890, DuesRule(rounding=DuesRounding.YUAN)) == 2800  # 28.35 → 28
    assert dues_fen(570000, DuesRule(rounding=DuesRounding.YUAN)) == 2900  # 28.50 → 29 (half up)


def test_other_rates() -> None:
    assert dues_fen(567890, DuesRule(rate_permille=Decimal("2.5"))) == 1418  # 5,670 × 2.5‰ = 14.175 → 14.18
    assert dues_fen(800000, DuesRule(rate_permille=Decimal(10))) == 8000
    assert parse_permille("5‰") == Decimal(5)
    for bad in ("0", "-1", "abc", "101", "5.123"):
        with pytest.raises(ValueError):
            parse_permille(bad)
    with pytest.raises(ValueError):
        dues_fen(-1)


def test_months_as_lists_write_them() -> None:
    for text in ("2025-03", "2025/3", "2025.03", "2025年3月", "2025年03月份", "202503", " 2025 年 3 月 ", "2025-03-15"):
        assert parse_month(text) == date(2025, 3, 1), text
    assert parse_month(202503) == date(2025, 3, 1)
    assert parse_month(202503.0) == date(2025, 3, 1)
    assert parse_month(datetime(2025, 3, 9, 10, 0)) == date(2025, 3, 1)
    for bad in ("2025-13", "三月", "2025", "25-03", ""):
        with pytest.raises(ValueError):
            parse_month(bad)
    assert month_end(date(2024, 2, 1)) == date(2024, 2, 29)
    assert month_end(date(2025, 12, 1)) == date(2025, 12, 31)


def test_status_order() -> None:
    assert dues_status(True, "保留会籍", None, 0) is DuesStatus.PAID
    assert dues_status(False, "保留会籍", 500000, 0) is DuesStatus.EXEMPT
    assert dues_status(False, None, None, 0) is DuesStatus.NO_BASE
    assert dues_status(False, None, 500000, 2500) is DuesStatus.OWED
    assert dues_status(False, None, 500, 0) is DuesStatus.NOTHING_DUE
