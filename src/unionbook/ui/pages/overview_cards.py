"""The overview's seven cards: which registry figure each shows, how its change on last year is
said, and which register (filtered to what it counts) a click opens. The page shows them
(overview.py) and the printed A4 page paints them (overview_print.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from unionbook.domain.registers import Register
from unionbook.services.figures import figure_by_name, format_value
from unionbook.services.todo import Opening

ON_BOOKS = "会员"  # the members page's 会籍状态 for members in force


@dataclass(frozen=True)
class CardSpec:
    """One card: the registry figure it shows, how its change is said, and what it opens."""

    figure: str  # the value (a figure of FIGURES.md)
    title: str
    at_end: bool  # a stock at the year's end (年末), else a flow over the year (全年)
    change: str  # "yoy": F同比; "points": F同比百分点; "previous": 上年F
    opens: Callable[[int], Opening]
    opens_text: str  # the tooltip's second line: what a click shows


CARDS: tuple[CardSpec, ...] = (
    CardSpec("会员总数", "会员总数", True, "yoy",
             lambda y: Opening(Register.MEMBERS, filters=(("membership", ON_BOOKS),)), "单击查看会籍有效的会员（按今天的会籍状态）"),
    CardSpec("新入会人数", "新入会人数", False, "previous",
             lambda y: Opening(Register.MEMBERS, filters=(("condition", "joined"),)), "单击查看本年度入会（转入）的人"),
    CardSpec("入会率", "入会率", True, "points",
             lambda y: Opening(Register.MEMBERS, filters=(("membership", ON_BOOKS),)), "单击查看会籍有效的会员"),
    CardSpec("有效集体合同份数", "有效集体合同", True, "previous",
             lambda y: Opening(Register.CONTRACTS, year=y), "单击查看本年度内有效过的集体合同"),
    CardSpec("在档困难职工户数", "在档困难职工", True, "previous",
             lambda y: Opening(Register.HARDSHIP, filters=(("status", "year_end"),)), "单击查看年末在档的困难职工档案"),
    CardSpec("帮扶慰问款物合计万元", "帮扶慰问款物合计", False, "previous",
             lambda y: Opening(Register.PAYMENTS, year=y), "单击查看本年度的帮扶慰问发放"),
    CardSpec("活动总场次", "活动总场次", False, "yoy",
             lambda y: Opening(Register.ACTIVITIES, year=y), "单击查看本年度的活动"),
)  # fmt: skip


def card_texts(spec: CardSpec, figures: dict[str, object], year: int) -> tuple[str, str, str]:
    """(when, value, change) as the card shows them: "2025年末", "229 人", "同比下降2.6%"."""
    figure = figure_by_name(spec.figure)
    unit = figure.unit if figure else ""
    value = format_value(figures[spec.figure], unit)  # type: ignore[arg-type]
    when = f"{year}年末" if spec.at_end else f"{year}年全年"
    if spec.change == "points":
        change = f"比上年{figures[spec.figure + '同比百分点']}"
    elif spec.change == "yoy":
        change = f"比上年{figures[spec.figure + '同比']}"
    else:
        change = f"上年 {format_value(figures['上年' + spec.figure], unit)}"  # type: ignore[arg-type]
    return when, value, change.replace("比上年—", "上年无数据")
