"""Money is integer fen (分) everywhere; these helpers are the only place that converts.

Floats never hold money: 0.1 + 0.2 yuan must stay 30 fen. Parsing goes through Decimal. The
amount in 大写 written on receipts, sign-off sheets and the 财务公开 statement is made here too.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation


def yuan_to_fen(value: str | int | float | Decimal) -> int:
    """Parse a yuan amount ("1,234.5", "￥300", 300, 12.34) into integer fen, rounding half up.

    Raises ValueError for text that is not an amount or for a negative amount.
    """
    if isinstance(value, bool):
        raise ValueError(f"不是金额：{value!r}")
    if isinstance(value, float):
        # repr() gives the shortest text that round-trips, so 12.34 stays 12.34, not 12.3399999.
        value = repr(value)
    text = str(value).strip().replace(",", "").replace("，", "")
    for sign in ("￥", "¥", "元", "RMB"):
        text = text.replace(sign, "")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"不是金额：{value!r}") from None
    if not amount.is_finite():
        raise ValueError(f"不是金额：{value!r}")
    if amount < 0:
        raise ValueError(f"金额不能为负：{value!r}")
    return int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def fen_to_yuan(fen: int) -> Decimal:
    """Exact yuan value of an amount in fen (two decimals)."""
    return (Decimal(fen) / 100).quantize(Decimal("0.01"))


def format_yuan(fen: int) -> str:
    """Display form used in tables: 37500000 → "375,000.00"."""
    return f"{fen_to_yuan(fen):,.2f}"


def fen_to_wan(fen: int) -> Decimal:
    """万元 rounded half up to two decimals: 37500000 fen (375,000 元) → 37.50."""
    return (Decimal(fen) / 1_000_000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def yuan_in_capitals(yuan: Decimal | int) -> str:
    """An amount in 元 in 大写, as receipts and signed statements write it, rounded half up to the
    fen first: 37500 → 叁万柒仟伍佰元整, 12.34 → 壹拾贰元叁角肆分, −5990 → 负伍仟玖佰玖拾元整."""
    import cn2an  # ~100 ms import: only when an amount is written out

    number = Decimal(yuan).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if number < 0:
        return "负" + cn2an.an2cn(str(-number), "rmb")
    return cn2an.an2cn(str(number), "rmb")
