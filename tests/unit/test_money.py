"""Money is integer fen; parsing and display never go through binary floats."""

from __future__ import annotations

from decimal import Decimal

import pytest

from unionbook.domain.money import fen_to_wan, fen_to_yuan, format_yuan, yuan_to_fen


@pytest.mark.parametrize(
    ("value", "fen"),
    [("300", 30000), ("1,234.5", 123450), ("￥12.34", 1234), (12.34, 1234), (0.1, 10), ("0.005", 1), (500, 50000)],
)
def test_yuan_to_fen_parses_what_sheets_contain(value: object, fen: int) -> None:
    assert yuan_to_fen(value) == fen


@pytest.mark.parametrize("value", ["abc", "-5", "", "nan", True])
def test_yuan_to_fen_refuses_non_amounts(value: object) -> None:
    with pytest.raises(ValueError):
        yuan_to_fen(value)


def test_display_forms() -> None:
    assert format_yuan(37500000) == "375,000.00"
    assert fen_to_yuan(1) == Decimal("0.01")
    assert fen_to_wan(37500000) == Decimal("37.50")
    assert fen_to_wan(123456) == Decimal("0.12")


def test_yuan_in_capitals_as_on_receipts() -> None:
    from unionbook.domain.money import yuan_in_capitals

    assert yuan_in_capitals(37500) == "叁万柒仟伍佰元整"
    assert yuan_in_capitals(Decimal("12.345")) == "壹拾贰元叁角伍分"  # rounded half up to the fen
    assert yuan_in_capitals(Decimal("-5990.00")) == "负伍仟玖佰玖拾元整"  # a deficit on the 财务公开
    assert yuan_in_capitals(0) == "零元整"
