"""Phone numbers: a mobile is 11 digits starting 1[3-9]; a fixed line is an area code (0 + 2–3
digits) and 7–8 digits, with an optional extension. Anything else is kept as typed but flagged,
since a wrong number is discovered only when someone needs to call — and a fixed line without its
area code cannot be called from a mobile or from another city."""

from __future__ import annotations

import re

_MOBILE = re.compile(r"^(?:\+?86)?1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^(?:\+?86-?)?0\d{2,3}-?[2-9]\d{6,7}(?:(?:转|ext|-|#)\d{1,6})?$", re.IGNORECASE)
_BRACKETS_AND_SPACES = re.compile(r"[\s()（）]")


def normalize_phone(raw: str) -> str:
    """Drop spaces and separators inside a mobile number ("138 1234 5678" → "13812345678")."""
    compact = re.sub(r"[\s\-()（）]", "", raw.strip())
    if _MOBILE.match(compact):
        return compact[-11:]
    return raw.strip()


def phone_warning(raw: str) -> str | None:
    """None when the number is an 11-digit mobile or a fixed line with its area code, else a Chinese
    warning. The warning does not repeat the number (it ends up in logs and the import history);
    it says how many digits it has, which is usually what is wrong."""
    text = raw.strip()
    if not text:
        return None
    compact = _BRACKETS_AND_SPACES.sub("", text)
    if _MOBILE.match(compact.replace("-", "")):
        return None
    if _LANDLINE.match(compact):
        return None
    digits = sum(ch.isdigit() for ch in text)
    if 7 <= digits <= 8 and compact[:1] in "23456789":
        return f"电话号码只有{digits}位数字，像是固定电话漏了区号（应写成“区号-号码”），请核对"
    why = f"这里是{digits}位数字" if digits else "这里没有数字"
    return f"电话号码既不是11位手机号，也不是带区号的固定电话（{why}），请核对"
