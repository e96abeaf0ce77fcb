"""Statistical periods. A year by default; the 统计年报 runs 10月1日 to the next 9月30日."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


def shift_years(day: date, years: int) -> date:
    """The same day `years` later (earlier when negative); 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a common year
        return day.replace(year=day.year + years, day=28)


_shift_year = shift_years  # the original private name


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date  # inclusive: "at E" means as at this day

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"统计期间的结束日期 {self.end} 早于开始日期 {self.start}")

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def half_year(cls, year: int) -> Period:
        """上半年: January to June."""
        return cls(date(year, 1, 1), date(year, 6, 30))

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """A calendar month: the 财务公开 statement is posted month by month."""
        first = date(year, month, 1)
        return cls(first, (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1))

    def year_to_date(self) -> Period:
        """本年累计: from 1 January of the year the period ends in, to its end."""
        return Period(date(self.end.year, 1, 1), self.end)

    @classmethod
    def statistical_year(cls, year: int) -> Period:
        """The 统计年报 period ending in `year`: (year-1)-10-01 to year-09-30."""
        return cls(date(year - 1, 10, 1), date(year, 9, 30))

    def previous(self) -> Period:
        """The same period one year earlier (上年)."""
        return Period(shift_years(self.start, -1), shift_years(self.end, -1))

    def months(self) -> list[Period]:
        """The calendar months the period covers, clipped to it (for flow-figure checks)."""
        parts = []
        cursor = self.start
        while cursor <= self.end:
            next_month = (cursor.replace(day=28) + timedelta(days=4)).replace(day=1)
            parts.append(Period(cursor, min(self.end, next_month - timedelta(days=1))))
            cursor = next_month
        return parts

    @property
    def label(self) -> str:
        if self.start == date(self.start.year, 1, 1) and self.end == date(self.start.year, 12, 31):
            return f"{self.start.year}年"
        if self.start == date(self.start.year, 1, 1) and self.end == date(self.start.year, 6, 30):
            return f"{self.start.year}年上半年"
        if self.start.day == 1 and self == Period.month(self.start.year, self.start.month):
            return f"{self.start.year}年{self.start.month}月"
        return f"{self.start.year}年{self.start.month}月{self.start.day}日至{self.end.year}年{self.end.month}月{self.end.day}日"
