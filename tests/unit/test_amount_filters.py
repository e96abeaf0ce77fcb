"""金额 and 千分位: amounts the way a summary and its tables write them (issue 11).

Under 1万元 a summary writes 元 ("金秋助学，发放助学金2,000元"), from 1万元 up 万元 ("10.69万元");
"0.20万元" for two thousand 元 is what nobody writes. Every case is worked out by hand.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from unionbook.fileio.rendering import sandboxed_environment
from unionbook.fileio.template_filters import amount, thousands


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2000, "2,000元"),
        (Decimal("1400.00"), "1,400元"),  # whole 元: no ".00" in a sentence
        (Decimal("1234.56"), "1,234.56元"),
        (1234.5, "1,234.50元"),  # fen always in two digits
        (Decimal(300), "300元"),
        (Decimal("9999.99"), "9,999.99元"),  # the last amount in 元
        (10000, "1.00万元"),  # the first in 万元
        (Decimal("106900.00"), "10.69万元"),
        (Decimal("106925.00"), "10.69万元"),  # 10.6925 → 10.69
        (Decimal("106950.00"), "10.70万元"),  # half up
        (Decimal("9999.996"), "1.00万元"),  # rounded to the fen first: 10,000.00 元 is 1万
        (Decimal("12345678.90"), "1,234.57万元"),
        (0, "0元"),
        (Decimal(-2000), "-2,000元"),
        ("2000", "2,000元"),  # numeric text, as a user's spreadsheet may hold
        (None, ""),
        ("", ""),
        ("—", "—"),  # not a number: left alone
    ],
)
def test_amount_writes_yuan_under_ten_thousand_and_wan_from_there(value: object, expected: str) -> None:
    assert amount(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("10500.00"), "10,500.00"),
        (Decimal("0.00"), "0.00"),
        (1234, "1,234"),
        (Decimal("106925.00"), "106,925.00"),
        (None, ""),
        ("合计", "合计"),
    ],
)
def test_thousands_keeps_the_decimals_it_has(value: object, expected: str) -> None:
    assert thousands(value) == expected


def test_amount_filters_are_registered_under_chinese_names() -> None:
    text = (
        sandboxed_environment()
        .from_string("{{ a|金额 }}|{{ b|金额 }}|{{ c|千分位 }}")
        .render(a=Decimal("2000.00"), b=Decimal("106900.00"), c=Decimal("41500.00"))
    )
    assert text == "2,000元|10.69万元|41,500.00"
