"""The four lists of FIGURES.md, for tables in templates (`{% for 活动 in 活动列表 %}`).

Rows are dicts keyed by the Chinese column names of LISTS, holding plain values a template can
print: text ("" rather than None, which Jinja would print as "None"), datetime.date, int, and
Decimal 元. The lists use the same definitions as the figures (in force, open at E, 人次), taken
from the register modules, so a list always adds up to its figure.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from unionbook.db.tables import activities, hardship_files, members
from unionbook.domain.money import fen_to_yuan
from unionbook.services.figures.activities import headcount
from unionbook.services.figures.aid import open_at, program_totals
from unionbook.services.figures.contracts import C, expiring_after
from unionbook.services.figures.period import Period

if TYPE_CHECKING:
    from unionbook.db.readers import Reader, ReaderFactory

LISTS: dict[str, tuple[str, ...]] = {
    "活动列表": ("名称", "类别", "日期", "地点", "人次"),
    "帮扶发放汇总": ("项目", "人数", "人次", "金额", "实物价值"),
    "到期合同列表": ("标题", "类型", "企业方", "终止日期"),
    "在档困难职工列表": ("姓名", "困难类别", "建档日期"),
}

Row = dict[str, object]


def _rows(name: str, records: list[tuple[object, ...]]) -> list[Row]:
    columns = LISTS[name]
    return [dict(zip(columns, ("" if v is None else v for v in record), strict=True)) for record in records]


def lists_in(reader: Reader, period: Period) -> dict[str, list[Row]]:
    activity, file = activities.c, hardship_files.c
    held = reader.execute(
        select(activity.name, activity.category, activity.start_date, activity.location, headcount())
        .where(activity.start_date.between(period.start, period.end))
        .order_by(activity.start_date, activity.id)
    ).all()
    aid = [
        (t.program, t.persons, t.times, fen_to_yuan(t.amount_fen), fen_to_yuan(t.goods_fen))
        for t in program_totals(reader, period)
    ]
    expiring = reader.execute(
        select(C.title, C.kind, C.employer, C.effective_to)
        .where(expiring_after(period.end))
        .order_by(C.effective_to, C.id)
    ).all()
    hardship = reader.execute(
        select(members.c.name, file.category, file.opened_on)
        .join(members, members.c.id == file.member_id)
        .where(open_at(period.end))
        .order_by(file.opened_on, file.id)
    ).all()
    return {
        "活动列表": _rows("活动列表", held),
        "帮扶发放汇总": _rows("帮扶发放汇总", aid),
        "到期合同列表": _rows("到期合同列表", expiring),
        "在档困难职工列表": _rows("在档困难职工列表", hardship),
    }


def compute_lists(factory: ReaderFactory, period: Period) -> dict[str, list[Row]]:
    """The four lists for the period: activities within it, disbursements by program within it
    (cash and the value of goods),
    contracts in force at its end that expire in the 12 months after, and files open at its end."""
    with factory() as reader:
        return lists_in(reader, period)
