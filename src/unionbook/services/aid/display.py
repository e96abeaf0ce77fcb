"""How a disbursement's value reads wherever money is shown: cash, goods, or both.

A 中秋节慰问 of 月饼礼盒 is real help worth real money, and "0.00 元" beside it tells the chair (and
whoever reads the register after her) that nothing was given. So every total, row and history
names the goods and their value when there are goods: "实物：月饼礼盒（价值 120.00 元）".
Plain strings, no Qt: the pages, dialogs and printed sheets use the same words.
"""

from __future__ import annotations

from unionbook.domain.money import format_yuan


def goods_text(goods: str | None, value_fen: int = 0) -> str:
    """"实物：月饼礼盒（价值 120.00 元）"; "实物：月饼礼盒" when its value is not known; "实物价值
    200.00 元" for a total over several kinds (no name); "" when nothing but cash was given."""
    goods = (goods or "").strip()
    if goods:
        return f"实物：{goods}（价值 {format_yuan(value_fen)} 元）" if value_fen else f"实物：{goods}"
    return f"实物价值 {format_yuan(value_fen)} 元" if value_fen else ""


def value_text(amount_fen: int, goods: str | None = None, goods_value_fen: int = 0) -> str:
    """What was given, in words: "500.00 元", "实物：月饼礼盒（价值 120.00 元）", or both joined
    with "＋"; "0.00 元" only when there was neither cash nor goods."""
    gift = goods_text(goods, goods_value_fen)
    if not gift:
        return f"{format_yuan(amount_fen)} 元"
    if not amount_fen:
        return gift
    return f"{format_yuan(amount_fen)} 元＋{gift}"


def is_goods_only(amount_fen: int, goods: str | None, goods_value_fen: int = 0) -> bool:
    """No cash, but goods: the amount column must not read 0.00."""
    return not amount_fen and bool((goods or "").strip() or goods_value_fen)
