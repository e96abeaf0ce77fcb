"""What a figure is: the one description shared by templates, the catalogue, the CLI and the dashboard.

A Figure carries no computing function: figures of one register are computed together by a few
aggregate queries (computing 130 figures one query each would scan 200,000 disbursements 60 times).
Each register module lists its figures and returns a value for every key it lists; the registry
checks that the two agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

#: Units a figure may have. 元 and 万元 figures are computed in fen and converted once, by unit.
UNITS = ("人", "份", "户", "家", "个", "项", "人次", "场", "期", "次", "件", "元", "万元", "%")
#: The registers a figure belongs to (the sections of FIGURES.md, then the registers added with
#: honors, positions and rights, then the dues and funds ledgers; 互助保障 counts under 帮扶,
#: 职工体检 under 活动, 超标准发放人次 under 经费).
REGISTERS = ("会员", "集体合同", "帮扶", "活动", "荣誉", "阵地", "维权", "会费", "经费")

#: A raw value as the register modules return it: a count, an amount in fen, or a rate.
Raw = int | Decimal
#: A value as callers see it: a count (int), or 元 / 万元 / % (Decimal).
Value = int | Decimal


@dataclass(frozen=True)
class Figure:
    key: str  # stable ASCII key, e.g. "members_total"
    name: str  # the Chinese name of FIGURES.md: template variable and JSON key
    unit: str  # one of UNITS
    description: str  # one sentence a chair understands (the variables catalogue)
    register: str  # one of REGISTERS
    #: True when the figure counts or sums things dated within the period, so the months of a
    #: period add up to it (万元 figures up to their rounding). False for stock figures "at E" and
    #: for distinct counts within the period (someone helped in March and in May is one person in
    #: the year but one in each month).
    flow: bool


def format_value(value: Value, unit: str) -> str:
    """How a value reads on screen and in the CLI table: "1,234 人", "4.15 万元", "90.0%"."""
    if unit == "%":
        return f"{value}%"
    return f"{value:,} {unit}"
