"""The 会费 rule: what a month's wage owes, as a pure function of the wage and the rule's settings.

工会章程 and 全总's 会费 rules: a member pays 0.5% (5‰) of the monthly wage; most unions do not count
the wage's remainder under 10 元 (5,678.90 元 → 5,670 元 counted → 28.35 元), and round the result to
the 分 (some to the 角 or the 元). Each of the three is a setting of the union's (services/dues
stores them); this module only computes, and is the one place that does.

It also reads the way payroll lists write a month ("2025-03", "2025年3月", "202503", a date).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum


class DuesRounding(StrEnum):
    """The unit dues are rounded (half up) to."""

    FEN = "分"
    JIAO = "角"
    YUAN = "元"

    @property
    def fen(self) -> int:
        return {"分": 1, "角": 10, "元": 100}[self.value]


#: The remainder of the wage not counted: under 10 元, under 1 元, or none (the whole wage counts).
STEP_CHOICES_FEN = (1000, 100, 0)


@dataclass(frozen=True)
class DuesRule:
    """会费 = (wage − its remainder under `step_fen`) × `rate_permille` ‰, rounded half up to `rounding`."""

    rate_permille: Decimal = Decimal(5)
    step_fen: int = 1000
    rounding: DuesRounding = DuesRounding.FEN

    def describe(self) -> str:
        """The rule in a chair's words: 按工资的 5‰ 缴纳，不足 10 元的部分不计，结果四舍五入到分."""
        step = {1000: "不足 10 元的部分不计", 100: "不足 1 元的部分不计", 0: "工资全额计算"}[self.step_fen]
        rate = format(self.rate_permille.normalize(), "f")
        return f"按月工资的 {rate}‰ 缴纳，{step}，结果四舍五入到{self.rounding.value}"


def dues_fen(wage_fen: int, rule: DuesRule = DuesRule()) -> int:
    """The dues on a month's wage, in fen (integers and Decimal only: no float ever holds money)."""
    if wage_fen < 0:
        raise ValueError("工资基数不能为负数")
    counted = wage_fen - wage_fen % rule.step_fen if rule.step_fen else wage_fen
    exact = Decimal(counted) * rule.rate_permille / 1000
    unit = rule.rounding.fen
    return int((exact / unit).quantize(Decimal(1), rounding=ROUND_HALF_UP)) * unit


def parse_permille(text: str | int | Decimal) -> Decimal:
    """A rate in ‰ (“5”, “5‰”, “2.5”): 0 < rate ≤ 100, at most two decimals; ValueError otherwise."""
    cleaned = str(text).strip().removesuffix("‰").strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"“{text}”不是千分比，请写成 5 或 2.5") from None
    if not value.is_finite() or not 0 < value <= 100:
        raise ValueError(f"费率应大于 0‰、不超过 100‰，这里是“{text}”")
    if value != value.quantize(Decimal("0.01")):
        raise ValueError(f"费率最多两位小数，这里是“{text}”")
    return value


# --- months ---------------------------------------------------------------------------------------


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(month: date) -> date:
    """The last day of the month `month` lies in."""
    following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def next_month(month: date) -> date:
    return month_end(month) + timedelta(days=1)


def months_of_year(year: int) -> list[date]:
    return [date(year, m, 1) for m in range(1, 13)]


def month_label(month: date) -> str:
    """2025-03, as tables and files show a month."""
    return f"{month.year}-{month.month:02d}"


_MONTH_PATTERNS = (
    re.compile(r"^((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*月?(?:份)?$"),
    re.compile(r"^((?:19|20)\d{2})(\d{2})$"),
)


def parse_month(value: object) -> date:
    """The first day of the month a cell or option names: 2025-03, 2025/3, 2025.03, 2025年3月(份),
    202503, or a date (its month). ValueError with a message a chair can act on otherwise."""
    if isinstance(value, datetime):
        return value.date().replace(day=1)
    if isinstance(value, date):
        return value.replace(day=1)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip().replace(" ", "")
    for pattern in _MONTH_PATTERNS:
        found = pattern.match(text)
        if found:
            year, month = int(found[1]), int(found[2])
            if 1 <= month <= 12:
                return date(year, month, 1)
            break
    try:  # a whole date, 2025-03-15: its month
        return date.fromisoformat(text.replace("/", "-")).replace(day=1)
    except ValueError:
        pass
    raise ValueError(f"“{value}”不是月份，请写成 2025-03、2025年3月 或 202503")


# --- a ledger row's status ------------------------------------------------------------------------


class DuesStatus(StrEnum):
    """How a month of the 会费收缴台账 stands (derived, never stored)."""

    PAID = "已缴"
    OWED = "欠缴"
    EXEMPT = "免缴"
    NO_BASE = "未登记工资基数"  # nothing can be due until the chair enters the wage base
    NOTHING_DUE = "无应缴"  # a wage so low the rule counts nothing (under 10 元)


#: What the ledger writes for a member whose membership is 保留 at the month's end.
RETAINED_REASON = "保留会籍"


def dues_status(paid: bool, exempt_reason: str | None, wage_fen: int | None, due_fen: int) -> DuesStatus:
    """Paid first (whatever else), then exempt, then no base on file, then owed or nothing due."""
    if paid:
        return DuesStatus.PAID
    if exempt_reason:
        return DuesStatus.EXEMPT
    if wage_fen is None:
        return DuesStatus.NO_BASE
    return DuesStatus.OWED if due_fen > 0 else DuesStatus.NOTHING_DUE
