"""Chinese resident ID numbers (GB 11643) and the masking of personal numbers.

We deliberately do not call `stdnum.cn.ric.validate`: it rejects real people whose address code it
believes did not exist in their birth year, every 15-digit legacy number and some residence permits
(see DESIGN.md, "Known traps"). A number is rejected only for its format, an impossible birth date or
a wrong check digit; whether the address code is known is reported separately as a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
_RE_18 = re.compile(r"^\d{17}[\dX]$")
_RE_15 = re.compile(r"^\d{15}$")
#: 港澳台居民居住证 carry these pseudo address codes.
HMT_REGION_CODES = ("810000", "820000", "830000")


class IdNumberError(ValueError):
    """The number cannot belong to anybody; `reason` is the Chinese explanation."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class ResidentId:
    number: str  # always the 18-character form
    birth_date: date
    gender: str  # "男" / "女"
    region_code: str


def check_digit(first17: str) -> str:
    """The 18th character for the first 17 digits."""
    if len(first17) == 17 and first17.isascii() and first17.isdigit():
        # The weights are 2^17 … 2^1 mod 11, and 13 is 2 mod 11: twice the digits read as a
        # base-13 number is the weighted sum mod 11, in one C call (an import checks 100,000
        # numbers; summing them digit by digit is a good part of that).
        total = int(first17, 13) * 2
    else:
        total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def upgrade_15_to_18(number15: str) -> str:
    """A legacy 15-digit number (YYMMDD, all born 19xx) in its 18-digit form."""
    first17 = number15[:6] + "19" + number15[6:]
    return first17 + check_digit(first17)


def parse_resident_id(raw: str, today: date | None = None) -> ResidentId:
    """Validate a 居民身份证 / 居住证 number and derive birth date and gender.

    Accepts lowercase x and 15-digit legacy numbers; raises IdNumberError with a Chinese reason.
    """
    number = raw.strip().upper()
    if _RE_15.match(number):
        number = upgrade_15_to_18(number)
    elif not _RE_18.match(number):
        raise IdNumberError(f"身份证号码应为18位（末位可为X）或15位数字，这里是“{raw}”（{len(raw.strip())}位）")
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise IdNumberError(f"身份证号码中的出生日期 {number[6:14]} 不存在") from None
    today = today or date.today()
    if birth > today or birth.year < 1900:
        raise IdNumberError(f"身份证号码中的出生日期 {birth.isoformat()} 不可能")
    expected = check_digit(number[:17])
    if number[17] != expected:
        raise IdNumberError(f"身份证号码校验位错误（末位应为 {expected}），请核对是否抄错")
    gender = "男" if int(number[16]) % 2 == 1 else "女"
    return ResidentId(number=number, birth_date=birth, gender=gender, region_code=number[:6])


def mask_id_number(number: str | None) -> str:
    """Show the first 6 and last 4 characters: 440106********123X. Short values are fully masked."""
    if not number:
        return ""
    if len(number) <= 8:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_phone(phone: str | None) -> str:
    """Mobile numbers keep 3 + 4 digits (138****5678); other numbers keep their last 4."""
    if not phone:
        return ""
    digits = phone.strip()
    if len(digits) == 11 and digits.isdigit():
        return digits[:3] + "****" + digits[-4:]
    if len(digits) <= 4:
        return "*" * len(digits)
    return "*" * (len(digits) - 4) + digits[-4:]


@lru_cache(maxsize=8192)
def region_known(region_code: str) -> bool:
    """Whether the 6-digit address code was ever assigned (in any year: codes are assigned at
    issuance, so the birth year says nothing). Unknown codes are only a warning."""
    if region_code in HMT_REGION_CODES:
        return True
    from stdnum import numdb  # python-stdnum's table of county codes, old and new

    return any("county" in props for _part, props in numdb.get("cn/loc").info(region_code))


_RE_FOREIGN_15 = re.compile(r"^[A-Z]{3}\d{12}$")


def check_foreign_permanent_id(raw: str) -> str:
    """外国人永久居留身份证: 15 characters (3 letters + 12 digits) or, since 2023-12, 18 digits
    starting with 9 with the resident-ID check digit. Returns the cleaned number."""
    number = raw.strip().upper()
    if _RE_FOREIGN_15.match(number):
        return number
    if _RE_18.match(number) and number.startswith("9"):
        expected = check_digit(number[:17])
        if number[17] != expected:
            raise IdNumberError(f"永久居留身份证号码校验位错误（末位应为 {expected}）")
        return number
    raise IdNumberError(f"外国人永久居留身份证号码应为15位（3个字母+12位数字）或以9开头的18位，这里是“{raw}”")
