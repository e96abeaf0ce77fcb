"""Phone checks (domain/phone.py): an 11-digit mobile or a fixed line with its area code passes;
anything else warns, without repeating the number."""

from __future__ import annotations

import pytest

from unionbook.domain.phone import normalize_phone, phone_warning


@pytest.mark.parametrize(
    "phone",
    ["13812345678", "138 1234 5678", "138-1234-5678", "+86 138 1234 5678", "19912345678",
     "0898-66668888", "(0898)66668888", "（0898）66668888", "010-6666888", "01066668888", "021 5555 6666",
     "0898-66668888转123", "0898-66668888-123"],
)  # fmt: skip
def test_mobiles_and_fixed_lines_with_area_code_pass(phone: str) -> None:
    assert phone_warning(phone) is None


@pytest.mark.parametrize(
    ("phone", "part"),
    [
        ("66668888", "只有8位数字，像是固定电话漏了区号"),
        ("6666888", "只有7位数字，像是固定电话漏了区号"),
        ("1381234567", "10位数字"),  # a mobile with a digit missing
        ("138123456789", "12位数字"),
        ("12812345678", "11位数字"),  # 12x is no mobile prefix
        ("400-123-4567", "10位数字"),  # a service line is nobody's phone
        ("无", "这里没有数字"),
    ],
)
def test_other_numbers_warn_without_repeating_the_number(phone: str, part: str) -> None:
    warning = phone_warning(phone)
    assert warning is not None and part in warning
    assert phone not in warning


def test_empty_is_no_warning_and_mobiles_are_compacted() -> None:
    assert phone_warning("") is None and phone_warning("  ") is None
    assert normalize_phone("+86 138-1234-5678") == "13812345678"
    assert normalize_phone("0898-66668888") == "0898-66668888"
