"""活动 figures: activities and meetings that start within the period, by category.

An activity's 人次 is the length of its attendance list when one is kept, else the typed 参与人次
(the list wins: it is the record, the typed number an estimate). One grouped query over the
start-date index gives every category's 场次, 人次, cost and proposals.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, func, select

from unionbook.db.tables import activities, activity_attendance
from unionbook.domain.vocab import ActivityCategory as AC
from unionbook.services.figures.figure import Figure, Raw
from unionbook.services.figures.period import Period

if TYPE_CHECKING:
    from unionbook.db.readers import Reader

R = "活动"

#: Categories with their own 场次/人次 figures: (category, key slug, name prefix, count suffix, unit).
_CATEGORIES: tuple[tuple[AC, str, str, str, str], ...] = (
    (AC.CULTURE_SPORTS, "culture_sports", "文体活动", "场次", "场"),
    (AC.SKILLS_CONTEST, "skills_contest", "劳动和技能竞赛", "场次", "场"),
    (AC.ANKANG_CUP, "ankang_cup", "安康杯", "场次", "场"),
    (AC.TRAINING, "training", "培训", "期数", "期"),
    (AC.IDEOLOGY, "ideology", "思想教育", "场次", "场"),
    (AC.LEGAL_EDUCATION, "legal_education", "普法宣传", "场次", "场"),
    (AC.VOLUNTEER, "volunteer", "志愿服务", "场次", "场"),
    (AC.WOMEN, "women", "女职工活动", "场次", "场"),
)


def _category_figures(category: AC, slug: str, prefix: str, suffix: str, unit: str) -> tuple[Figure, Figure]:
    what = "期" if unit == "期" else "场次"
    return (
        Figure(f"{slug}_count", f"{prefix}{suffix}", unit, f"本期内开展{category}类活动的{what}。", R, True),
        Figure(f"{slug}_attendance", f"{prefix}人次", "人次",
               f"本期内{category}类活动的参与人次合计（有签到名单的按名单人数计）。", R, True),
    )  # fmt: skip


FIGURES: tuple[Figure, ...] = (
    Figure("activities_total", "活动总场次", "场", "本期内开展的各类活动和会议场次（按开始日期计）。", R, True),
    Figure("attendance_total", "活动参与总人次", "人次",
           "本期内各类活动和会议的参与人次合计（有签到名单的按名单人数计）。", R, True),
    *(f for spec in _CATEGORIES for f in _category_figures(*spec)),
    Figure("congress_meetings", "职代会次数", "次", "本期内召开职代会或会员大会的次数。", R, True),
    Figure("committee_meetings", "工会委员会议次数", "次", "本期内召开工会委员会议的次数。", R, True),
    Figure("proposals", "提案数", "件", "本期内职代会/会员大会和工会委员会议收到的提案数合计。", R, True),
    Figure("proposals_closed", "已办结提案数", "件", "本期内会议提案中已办结的件数合计。", R, True),
    Figure("activity_cost", "活动经费金额", "元", "本期内各类活动登记的经费合计（元）。", R, True),
)  # fmt: skip

#: From FIGURES.md's "Added with the honors, positions, rights and mutual-aid registers".
ADDED: tuple[Figure, ...] = (
    Figure("health_checks", "职工体检人数", "人次",
           "本期内组织职工体检和疗休养的人次（职工体检/疗休养类活动的参与人次，有签到名单的按名单人数计）。", R, True),
)  # fmt: skip


def headcount() -> ColumnElement[int]:
    """人次 of each activity: its attendance list's length, or the typed participants without one."""
    listed = select(func.count()).where(activity_attendance.c.activity_id == activities.c.id).scalar_subquery()
    # NULLIF rather than CASE: the correlated count is then evaluated once per activity, not twice.
    return func.coalesce(func.nullif(listed, 0), activities.c.participants, 0)


def compute(reader: Reader, period: Period) -> dict[str, Raw]:
    activity = activities.c
    within = (
        select(
            activity.category,
            headcount().label("headcount"),
            activity.cost_fen,
            activity.proposals,
            activity.proposals_closed,
        )
        .where(activity.start_date.between(period.start, period.end))
        .subquery()
    )
    rows = reader.execute(
        select(
            within.c.category,
            func.count(),
            func.sum(within.c.headcount),
            func.coalesce(func.sum(within.c.cost_fen), 0),
            func.coalesce(func.sum(within.c.proposals), 0),
            func.coalesce(func.sum(within.c.proposals_closed), 0),
        ).group_by(within.c.category)
    ).all()
    # category → (场次, 人次, cost in fen, proposals, closed proposals)
    by_category = {row[0]: tuple(row[1:]) for row in rows}
    meetings = [by_category.get(c.value, (0, 0, 0, 0, 0)) for c in AC.meetings()]

    values: dict[str, Raw] = {
        "activities_total": sum(r[0] for r in by_category.values()),
        "attendance_total": sum(r[1] for r in by_category.values()),
        "congress_meetings": by_category.get(AC.CONGRESS.value, (0,))[0],
        "committee_meetings": by_category.get(AC.COMMITTEE_MEETING.value, (0,))[0],
        # FIGURES.md counts proposals of meetings only; other categories have no proposals field.
        "proposals": sum(r[3] for r in meetings),
        "proposals_closed": sum(r[4] for r in meetings),
        "activity_cost": sum(r[2] for r in by_category.values()),
        "health_checks": by_category.get(AC.HEALTH.value, (0, 0))[1],
    }
    for category, slug, *_ in _CATEGORIES:
        count, people, *_rest = by_category.get(category.value, (0, 0))
        values[f"{slug}_count"] = count
        values[f"{slug}_attendance"] = people
    return values
