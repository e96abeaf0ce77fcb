"""What a summary's 存在的问题 and 工作计划 can name from the registers, not from memory.

Three things a chair should not find out from the upper union: contracts that ran out and were not
renewed, hardship files whose yearly 复核 is overdue, and months in which the registers hold no
activity. The summary templates print them (年度工作总结 六、七; 上半年工作总结 二、三); a user's
template may use the same names, listed in the variables catalogue (`FINDING_FIELDS`,
`FINDING_LISTS`).

"As of" a report: the period's end for a past period; for a period still running (the 2026 summary
drafted in November 2026), today — a month is "without activities" only once it is over, and a
review is overdue only once its year has passed. Contracts are judged at the period's end, as the
figures are: a contract ending on 12-31 with no successor is named in that year's summary.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session, aliased, sessionmaker

from unionbook.db.models import Activity, HardshipFile, HardshipReview, Member
from unionbook.db.models import CollectiveContract as C
from unionbook.domain.vocab import HardshipReviewKind
from unionbook.services.aid import REVIEW_INTERVAL_DAYS
from unionbook.services.figures.period import Period

#: The lists, with their columns (rows are dicts of plain values, like the figures engine's lists).
FINDING_LISTS: dict[str, tuple[str, ...]] = {
    "到期未续签合同列表": ("标题", "类型", "企业方", "终止日期"),
    "逾期未复核困难职工列表": ("姓名", "困难类别", "建档日期", "最近复核日期"),
}

#: name → (catalogue group, what it means). Counts and text beside the lists.
FINDING_FIELDS: dict[str, tuple[str, str]] = {
    "到期未续签合同份数": (
        "集体合同",
        "期末以前已到期（或在期末当天到期）、没有续签、期末之后也没有同类型合同接续的集体合同份数",
    ),
    "逾期未复核困难职工户数": ("帮扶", "在档困难职工中，超过一年没有复核的户数（按最近一次复核日期或建档日期计）"),
    "无活动月数": ("活动", "期间内已经过完、但活动台账中没有任何活动的月份个数"),
    "无活动月份": ("活动", "这些月份，如“2月、8月、10月”“1月至6月”（连续三个月以上合并写）；没有时为空"),
}

LIST_DESCRIPTIONS: dict[str, str] = {
    "到期未续签合同列表": "到期后没有续签的集体合同（见“到期未续签合同份数”）",
    "逾期未复核困难职工列表": "超过一年没有复核的在档困难职工（见“逾期未复核困难职工户数”）",
}


def as_of(period: Period, today: date) -> date:
    """The day a report's findings are judged at: the period's end, or today while it runs."""
    return min(period.end, today)


def _unrenewed(session: Session, period: Period) -> list[dict[str, Any]]:
    """Contracts that ended on or before E, were not terminated early, were not renewed by E, and
    have no contract of the same type in force the day after E to take their place."""
    end = period.end
    renewal = aliased(C)
    successor = aliased(C)
    renewed_by_end = exists().where(
        renewal.renews_id == C.id,
        or_(renewal.signed_on <= end, and_(renewal.signed_on.is_(None), renewal.effective_from <= end)),
    )
    day_after = end + timedelta(days=1)
    replaced = exists().where(
        successor.id != C.id,
        successor.kind == C.kind,
        successor.effective_from <= day_after,
        successor.effective_to >= day_after,
        or_(successor.terminated_on.is_(None), successor.terminated_on >= day_after),
    )
    rows = session.execute(
        select(C.title, C.kind, C.employer, C.effective_to)
        .where(
            C.effective_to <= end,
            or_(C.terminated_on.is_(None), C.terminated_on > C.effective_to),
            ~renewed_by_end,
            ~replaced,
        )
        .order_by(C.effective_to, C.id)
    ).all()
    columns = FINDING_LISTS["到期未续签合同列表"]
    return [dict(zip(columns, ("" if v is None else v for v in row), strict=True)) for row in rows]


def _overdue_reviews(session: Session, at: date) -> list[dict[str, Any]]:
    """Files open at `at` whose last 复核 on or before it (or, never reviewed, their opening) is
    more than REVIEW_INTERVAL_DAYS old: the aid page's reminder, as it stood on that day."""
    last_review = (
        select(func.max(HardshipReview.date))
        .where(
            HardshipReview.file_id == HardshipFile.id,
            HardshipReview.kind == HardshipReviewKind.REVIEW.value,
            HardshipReview.date <= at,
        )
        .scalar_subquery()
    )
    rows = session.execute(
        select(Member.name, HardshipFile.category, HardshipFile.opened_on, last_review)
        .join(Member, Member.id == HardshipFile.member_id)
        .where(
            HardshipFile.opened_on <= at,
            or_(HardshipFile.closed_on.is_(None), HardshipFile.closed_on > at),
        )
        .order_by(HardshipFile.opened_on, HardshipFile.id)
    ).all()
    limit = at - timedelta(days=REVIEW_INTERVAL_DAYS)
    columns = FINDING_LISTS["逾期未复核困难职工列表"]
    return [
        dict(zip(columns, (name, category, opened, reviewed or ""), strict=True))
        for name, category, opened, reviewed in rows
        if (reviewed or opened) < limit
    ]


def months_without_activities(session: Session, period: Period, today: date) -> list[Period]:
    """Months of the period that are over (ended before today) and hold no activity by start date.

    The month in progress is not one of them: on 30 November there may still be an activity on
    the 30th, and a summary drafted then must not say November had none.
    """
    over = [month for month in period.months() if month.end < today]
    if not over:
        return []
    started = {
        day
        for (day,) in session.execute(
            select(Activity.start_date).where(Activity.start_date.between(over[0].start, over[-1].end))
        )
    }
    return [m for m in over if not any(m.start <= day <= m.end for day in started)]


def month_names(months: list[Period]) -> str:
    """ "2月、8月、10月"; three or more months in a row are one span: "1月至6月". Across a turn
    of the year (the 统计年报's October to September) each year is named once, where it starts:
    "2023年10月、2024年2月、8月"."""
    if not months:
        return ""
    runs: list[list[Period]] = []
    for month in months:
        if runs and runs[-1][-1].end + timedelta(days=1) == month.start:
            runs[-1].append(month)
        else:
            runs.append([month])
    two_years = months[0].start.year != months[-1].start.year
    named_year: list[int] = []

    def name(m: Period) -> str:
        if two_years and (not named_year or named_year[-1] != m.start.year):
            named_year.append(m.start.year)
            return f"{m.start.year}年{m.start.month}月"
        return f"{m.start.month}月"

    parts: list[str] = []
    for run in runs:
        if len(run) >= 3:
            first = name(run[0])
            parts.append(f"{first}至{name(run[-1])}")
        else:
            parts.extend(name(m) for m in run)
    return "、".join(parts)


def findings_in(session: Session, period: Period, today: date) -> dict[str, Any]:
    """The lists and counts of FINDING_LISTS / FINDING_FIELDS for the period, judged `as_of`."""
    at = as_of(period, today)
    unrenewed = _unrenewed(session, period)
    overdue = _overdue_reviews(session, at)
    quiet = months_without_activities(session, period, today)
    return {
        "到期未续签合同列表": unrenewed,
        "到期未续签合同份数": len(unrenewed),
        "逾期未复核困难职工列表": overdue,
        "逾期未复核困难职工户数": len(overdue),
        "无活动月数": len(quiet),
        "无活动月份": month_names(quiet),
    }


def compute_findings(factory: sessionmaker[Session], period: Period, today: date | None = None) -> dict[str, Any]:
    """What the summaries' 存在的问题 and 工作计划 name for the period (see the module docstring)."""
    with factory() as session:
        return findings_in(session, period, today or date.today())
