"""ID number rules of DESIGN.md's Known traps: reject only format, impossible date, check digit."""

from __future__ import annotations

from datetime import date

import pytest

from unionbook.domain.idnumber import (
    IdNumberError,
    check_digit,
    mask_id_number,
    mask_phone,
    parse_resident_id,
    upgrade_15_to_18,
)


def make_id(prefix17: str) -> str:
    return prefix17 + check_digit(prefix17)


def test_parse_resident_id_derives_birth_date_and_gender() -> None:
    number = make_id("44010619850312001")  # odd 17th digit → 男
    parsed = parse_resident_id(number)
    assert parsed.birth_date == date(1985, 3, 12)
    assert parsed.gender == "男"
    assert parse_resident_id(make_id("44010619850312002")).gender == "女"


def test_parse_resident_id_accepts_lowercase_x() -> None:
    # 11010519491231002X is the standard's own worked example.
    assert parse_resident_id("11010519491231002x").number == "11010519491231002X"


def test_parse_resident_id_accepts_codes_stdnum_rejects() -> None:
    """A 1970-born resident of 成都锦江 (510104) holds a real ID that stdnum calls invalid."""
    number = make_id("51010419700101123")
    assert parse_resident_id(number).birth_date == date(1970, 1, 1)
    for hmt in ("810000", "820000", "830000"):
        assert parse_resident_id(make_id(hmt + "19900101123")).region_code == hmt


def test_check_digit_worked_by_hand() -> None:
    """GB 11643: sum of digit × weight (7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2), mod 11, looked up in 10X98765432."""
    # 4·7 + 4·9 + 0 + 1·5 + 0 + 6·4 + 1·2 + 9·1 + 8·6 + 5·3 + 0 + 3·9 + 1·10 + 2·5 + 0 + 0 + 1·2 = 216 ≡ 7 → "5"
    assert check_digit("44010619850312001") == "5"
    assert check_digit("11010519491231002") == "X"  # 167 ≡ 2 → "X", the standard's own example
    assert check_digit("44010619850312002") == "3"  # one more in the last place: 218 ≡ 9 → "3"


def test_each_position_weighs_as_the_standard_says() -> None:
    """A 9 in one place and zeros elsewhere: 9 × that place's weight, mod 11 (the weights of GB 11643,
    7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2), whatever formula check_digit sums them with."""
    # 63≡8 81≡4 90≡2 45≡1 72≡6 36≡3 18≡7 9 54≡10 27≡5, then again; looked up in 10X98765432
    expected = "48X0695327" + "48X0695"
    for place, check in enumerate(expected):
        assert check_digit("0" * place + "9" + "0" * (16 - place)) == check, place


def test_parse_resident_id_rejects_wrong_check_digit_with_expected_value() -> None:
    with pytest.raises(IdNumberError, match="末位应为 5"):
        parse_resident_id("440106198503120010")


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("4401061985031200", "18位"),
        ("44010619850312001AB", "18位"),
        (make_id("44010619850230001"), "不存在"),  # 30 February
        (make_id("44010630000101001"), "不可能"),  # born in the future
    ],
)
def test_parse_resident_id_rejections_say_why(raw: str, fragment: str) -> None:
    with pytest.raises(IdNumberError, match=fragment):
        parse_resident_id(raw, today=date(2026, 11, 21))


def test_fifteen_digit_numbers_convert_to_eighteen() -> None:
    legacy = "440106850312001"
    assert upgrade_15_to_18(legacy) == "440106198503120015"  # 19 inserted, check digit 5 (see above)
    assert parse_resident_id(legacy).number == "440106198503120015"


def test_masks_keep_only_what_identifies_the_row() -> None:
    assert mask_id_number("44010619850312001X") == "440106********001X"
    assert mask_id_number(None) == ""
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("020-87654321") == "********4321"
