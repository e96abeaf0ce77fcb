"""Phone numbers: a mobile is 11 digits starting 1[3-9]; a landline is an area code (0 + 2–3
digits) and 7–8 digits, or 7–8 digits alone, with an optional extension. Anything else is kept as
typed but flagged, since a wrong number is discovered only when someone needs to call."""

from __future__ import annotations

import re

_MOBILE = re.compile(r"^(?:\+?86)?1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^(?:\(?0\d{2,3}\)?)?[2-9]\d{6,7}(?:(?:转|ext|-)\d{1,6})?$")


def normalize_phone(raw: str) -> str:
    """Drop spaces and separators inside a mobile number ("138 1234 5678" → "13812345678")."""
    compact = re.sub(r"[\s\-()（）]", "", raw.strip())
    if _MOBILE.match(compact):
        return compact[-11:]
    return raw.strip()


def phone_warning(raw: str) -> str | None:
    """None when the number looks like a mobile or a landline, else a Chinese warning."""
    text = raw.strip()
    if not text:
        return None
    compact = re.sub(r"[\s()（）]", "", text)
    if _MOBILE.match(compact.replace("-", "")):
        return None
    if _LANDLINE.match(compact.replace("-", "", 1)) or _LANDLINE.match(compact):
        return None
    return f"电话号码“{text}”既不是11位手机号，也不像固定电话，请核对"
