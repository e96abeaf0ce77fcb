"""The filters Chinese union documents need, the same in .docx and .xlsx templates.

金额 ("2,000元", "10.69万元"), 千分位 ("10,500.00"), 万元 ("3.75"), 约数 ("370余"),
大写 (叁万柒仟伍佰元整), 日期 (2024年5月3日), 百分比, 中文数字 (六, 两).
Kept apart from the sandbox (rendering.py) because the app uses them outside templates too: the
aid page and the sign-off sheet print amounts in 大写 with `capital_amount`. Each filter takes what
a context may hold (int, Decimal, float, numeric text, None) and leaves text that is not a number
alone, so a template never fails on a blank.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from unionbook.domain.money import yuan_in_capitals


def _decimal(value: Any) -> Decimal | None:
    """A number from what a context may hold (int, Decimal, float, numeric text); None if not one."""
    if value is None or isinstance(value, bool) or value == "":
        return None
    if isinstance(value, float):
        value = repr(value)  # shortest text that round-trips: 12.34 stays 12.34
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def wan_yuan(value: Any) -> str:
    """元 → 万元 with two decimals: 37500 → "3.75". Text that is not a number is left alone."""
    number = _decimal(value)
    if number is None:
        return "" if value is None else str(value)
    return f"{(number / 10000).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}"


#: From this amount (元) up, 金额 writes 万元: summaries say "2,000元" but "10.69万元".
WAN_THRESHOLD = Decimal(10000)


def amount(value: Any) -> str:
    """An amount in 元 the way a summary writes it, with its unit: under 1万元 in 元 ("2,000元",
    "1,234.50元"), from 1万元 up in 万元 with two decimals ("10.69万元").

    A whole number of 元 drops its ".00" (nobody writes "2,000.00元" in a sentence). The amount is
    rounded to the fen first, so 9,999.996 元 is 1万元 and reads "1.00万元", never "10,000.00元".
    Text that is not a number is left alone.
    """
    number = _decimal(value)
    if number is None:
        return "" if value is None else str(value)
    number = number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if abs(number) >= WAN_THRESHOLD:
        return f"{(number / 10000).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,}万元"
    if number == number.to_integral_value():
        return f"{int(number):,}元"
    return f"{number:,}元"


def thousands(value: Any) -> str:
    """A number with thousands separators, as tables print amounts: 10500.00 → "10,500.00",
    1234 → "1,234" (the decimals it has are kept). Text that is not a number is left alone."""
    number = _decimal(value)
    if number is None:
        return "" if value is None else str(value)
    return f"{number:,}"


def approximate(value: Any, word: str = "余") -> str:
    """约数: round DOWN to two significant digits and add 余 when that changed the value.

    372 → "370余", 1234 → "1200余", 370 → "370", 56 → "56", 7 → "7", 3.5 → "3余".
    Down, not to nearest: "370余" must never claim more than there was. `word` is what marks the
    rounding, as the summary wrote it: 约数("多") → "370多"; 约数("") → "370" (for "370万余元",
    whose 余 is written after the 万).
    """
    word = str(word)[:2]
    number = _decimal(value)
    if number is None:
        return "" if value is None else str(value)
    whole = int(number.to_integral_value(rounding=ROUND_DOWN))
    if whole < 0:
        return str(value)
    if whole < 100:
        return f"{whole}{word}" if whole != number else str(whole)
    step = 10 ** (len(str(whole)) - 2)
    rounded = whole // step * step
    return f"{rounded}{word}" if rounded != number else str(rounded)


def capital_amount(value: Any) -> str:
    """Amount in 大写 as on receipts: 37500 → 叁万柒仟伍佰元整, 12.34 → 壹拾贰元叁角肆分
    (domain/money.yuan_in_capitals, for whatever a context may hold)."""
    number = _decimal(value)
    if number is None:
        return "" if value is None else str(value)
    return yuan_in_capitals(number)


def chinese_date(value: Any) -> str:
    """2024-05-03 → 2024年5月3日 (dates, datetimes, ISO text); empty stays empty."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip()[:10])
        except ValueError:
            return value
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value)


def percent(value: Any, digits: int = 1) -> str:
    """A percentage VALUE (入会率 is already ×100): 12.345 → "12.3%"."""
    number = _decimal(value)
    if number is None:
        return "" if value is None else str(value)
    digits = max(0, min(int(digits), 6))
    return f"{number.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)}%"


def chinese_number(value: Any) -> str:
    """Small counts in Chinese numerals, the way summaries write meetings: 6 → 六, 2 → 两, 12 → 十二.

    Only whole numbers 0–99: larger counts read better in Arabic digits (GB/T 15835), and amounts
    are never written this way. 2 becomes 两 because it counts things (两次, not 二次).
    """
    number = _decimal(value)
    if number is None or number != number.to_integral_value() or not 0 <= number < 100:
        return "" if value is None else str(value)
    n = int(number)
    digits = "零一二三四五六七八九"
    if n == 2:
        return "两"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


FILTERS = {
    "金额": amount,
    "千分位": thousands,
    "万元": wan_yuan,
    "约数": approximate,
    "大写": capital_amount,
    "日期": chinese_date,
    "百分比": percent,
    "中文数字": chinese_number,
}
