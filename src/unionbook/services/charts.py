"""The charts' numbers, as plain data: one place for the overview's charts and the documents' images.

The in-app chart (ui/charts) and the picture in a generated 年度工作总结 draw the same `ChartData`,
so they can never show different numbers. Each series is computed with the figures registry's own
SQL or its definitions (`program_totals`, the status at a date of services/member_status.py, the
membership events the figures count), so a chart adds up to its figure: the gender or age bars to
会员总数, the trend's last point to 会员总数, 新入会人数 and 减少会员数, the program and month bars to 帮扶慰问款物合计, the activity months to
活动总场次. Money is in 元 (Decimal), counts are int; nothing here knows how a chart is drawn.

    charts = compute_charts(db.session_factory, Period.year(2024))
    charts["会员年龄结构"].series[0].values
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session, sessionmaker

from unionbook.db.models import Activity, Member, MembershipEvent
from unionbook.domain.money import fen_to_yuan
from unionbook.domain.vocab import ActivityCategory, Gender, MembershipEventKind
from unionbook.services.figures.aid import program_totals
from unionbook.services.figures.period import Period
from unionbook.services.member_status import holds_at, membership_spans


class ChartKind(StrEnum):
    BAR = "bar"  # one bar per category, one colour per series
    STACKED = "stacked"  # the series stacked in each category
    LINE = "line"  # a line per series over the categories (years, months)
    PIE = "pie"  # the first series' values as slices


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[int | Decimal, ...]


@dataclass(frozen=True)
class ChartData:
    """One chart: what it is called, how it is drawn, and its numbers (categories × series)."""

    name: str  # 会员年龄结构: the key, and {{图表_会员年龄结构}} in a template
    title: str  # the caption over the chart, with the period: "2024年末会员年龄结构"
    kind: ChartKind
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str  # 人, 元, 场: the hover text and the axis say it
    description: str  # what it counts, for the variables catalogue and the chart's tooltip

    @property
    def empty(self) -> bool:
        return not any(v for s in self.series for v in s.values)

    def total(self, series: int = 0) -> int | Decimal:
        return sum(self.series[series].values, start=0)


#: Paints charts: their PNG images keyed by name. Services draw nothing (only ui imports Qt), so
#: the window and the command line pass one in (ui.charts.images.render_charts).
ChartImages = Callable[[list["ChartData"]], dict[str, bytes]]

#: name → what it shows (the variables catalogue lists `图表_<name>` with this text), in page order.
CHARTS: dict[str, str] = {
    "会员部门分布": "期末会员按部门（工会小组）的人数，人数最多的八个部门，其余合为“其他”",
    "会员年龄结构": "期末会员按年龄段的人数（按出生日期计算期末年龄）",
    "会员性别结构": "期末会员中男、女会员人数",
    "会员五年趋势": "近五年每年的新入会人数、减少会员数和年末会员总数",
    "帮扶项目分布": "本期内各帮扶慰问项目发放的资金与实物折价合计（元）",
    "帮扶月度发放": "本期内每月帮扶慰问发放的资金与实物折价合计（元）",
    "活动月度分类": "本期内每月开展的活动场次，按活动类别分色",
}
#: The prefix a template names a chart with: {{图表_会员年龄结构}}.
TEMPLATE_PREFIX = "图表_"

#: Age bands at the period's end (upper bound inclusive); the last band has no upper bound.
AGE_BANDS: tuple[tuple[str, int], ...] = (
    ("35岁及以下", 35),
    ("36—45岁", 45),
    ("46—55岁", 55),
    ("56岁及以上", 200),
)
UNKNOWN_AGE = "出生日期不详"
#: Departments shown by name in 会员部门分布; the rest are one bar, OTHER_DEPARTMENTS.
TOP_DEPARTMENTS = 8
OTHER_DEPARTMENTS = "其他"
NO_DEPARTMENT = "未填部门"
TREND_YEARS = 5
#: Activity categories with a colour of their own in 活动月度分类; the rest count as 其他.
_ACTIVITY_GROUPS: tuple[ActivityCategory, ...] = (
    ActivityCategory.CONGRESS,
    ActivityCategory.COMMITTEE_MEETING,
    ActivityCategory.CULTURE_SPORTS,
    ActivityCategory.TRAINING,
    ActivityCategory.IDEOLOGY,
    ActivityCategory.VISITS,
)
_OTHER_ACTIVITIES = "其他活动"
#: Shorter names in the legend, where "职代会/会员大会" would be cut off beside five others.
_SHORT = {ActivityCategory.CONGRESS.value: "职代会", ActivityCategory.IDEOLOGY.value: "思想教育"}
_ACTIVE = [k.value for k in MembershipEventKind.active()]
_LEAVING = [k.value for k in MembershipEventKind.leaving()]


def age_at(birth: date, at: date) -> int:
    """Completed years on `at` (a birthday on `at` counts)."""
    return at.year - birth.year - ((at.month, at.day) < (birth.month, birth.day))


def born_by(at: date, age: int) -> date:
    """The latest birth date of someone `age` or older on `at` (`age_at` ≥ age exactly when the
    birth date is on or before it); 29 February falls back to the 28th in a common year."""
    try:
        return at.replace(year=at.year - age)
    except ValueError:
        return date(at.year - age, 2, 28)


def _age_band_column(at: date) -> ColumnElement[str]:
    """The age band (AGE_BANDS) of Member.birth_date on `at`, in SQL: the bands as birth-date bounds."""
    bands = [(Member.birth_date.is_(None), UNKNOWN_AGE)]
    bands += [(Member.birth_date > born_by(at, upper + 1), label) for label, upper in AGE_BANDS[:-1]]
    return case(*bands, else_=AGE_BANDS[-1][0])


#: (department, gender, age band, people) of the members at a date: what the three charts count.
Groups = list[tuple[str | None, str | None, str, int]]


def _members_at_end(session: Session, at: date) -> Groups:
    """Everyone whose membership is active at `at` (the status 会员总数 counts, services/
    member_status.py, read from the events in one pass), counted by department, gender and age
    band in SQL: a few hundred groups rather than every member's row."""
    spans = membership_spans()
    band = _age_band_column(at).label("band")
    rows = session.execute(
        select(Member.department, Member.gender, band, func.count())
        .join(spans, spans.c.member_id == Member.id)
        .where(holds_at(spans, at), spans.c.kind.in_(_ACTIVE))
        .group_by(Member.department, Member.gender, band)
    ).all()
    return [(r[0], r[1], r[2], r[3]) for r in rows]


def _label(period: Period, what: str, *, at_end: bool) -> str:
    """ "2024年末会员年龄结构", "2024年帮扶项目分布" (a period that is not a year: its dates)."""
    year = period.label
    if at_end:
        if period == Period.year(period.end.year):
            return f"{period.end.year}年末{what}"
        return f"{period.end.year}年{period.end.month}月{period.end.day}日{what}"
    return f"{year}{what}"


def _department_chart(period: Period, people: Groups) -> ChartData:
    counts: Counter[str] = Counter()
    for department, _g, _b, n in people:
        counts[(department or "").strip() or NO_DEPARTMENT] += n
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    shown = ranked[:TOP_DEPARTMENTS]
    rest = sum(n for _name, n in ranked[TOP_DEPARTMENTS:])
    if rest:
        shown.append((OTHER_DEPARTMENTS, rest))
    return ChartData(
        "会员部门分布", _label(period, "会员部门分布", at_end=True), ChartKind.BAR,
        tuple(name for name, _n in shown), (Series("会员", tuple(n for _name, n in shown)),), "人",
        CHARTS["会员部门分布"],
    )  # fmt: skip


def _age_chart(period: Period, people: Groups) -> ChartData:
    counts: Counter[str] = Counter()
    for _d, _g, band, n in people:
        counts[band] += n
    labels = [label for label, _upper in AGE_BANDS] + ([UNKNOWN_AGE] if counts[UNKNOWN_AGE] else [])
    return ChartData(
        "会员年龄结构", _label(period, "会员年龄结构", at_end=True), ChartKind.BAR,
        tuple(labels), (Series("会员", tuple(counts[label] for label in labels)),), "人", CHARTS["会员年龄结构"],
    )  # fmt: skip


def _gender_chart(period: Period, people: Groups) -> ChartData:
    counts: Counter[str | None] = Counter()
    for _d, gender, _b, n in people:
        counts[gender] += n
    labels = [Gender.MALE.value, Gender.FEMALE.value]
    unknown = sum(n for gender, n in counts.items() if gender not in labels)
    values = [counts[label] for label in labels]
    if unknown:
        labels.append("未填性别")
        values.append(unknown)
    return ChartData(
        "会员性别结构", _label(period, "会员性别结构", at_end=True), ChartKind.PIE,
        tuple(f"{label}会员" if label in (Gender.MALE.value, Gender.FEMALE.value) else label for label in labels),
        (Series("会员", tuple(values)),), "人", CHARTS["会员性别结构"],
    )  # fmt: skip


def _trend_chart(session: Session, period: Period) -> ChartData:
    """The five years ending with the period's: each year's 新入会人数, 减少会员数 and 会员总数 as
    the 会员 figures define them (tests hold the last points to the figures): the totals from one
    pass over the membership events for the five year ends, the changes from one count per year."""
    last = period.end.year
    years = list(range(last - TREND_YEARS + 1, last + 1))
    periods = [Period.year(year) if year != last else period for year in years]
    events = membership_spans()
    total = session.execute(
        select(*(func.count().filter(events.c.kind.in_(_ACTIVE), holds_at(events, p.end)) for p in periods))
    ).one()
    # Undated events fail BETWEEN: an 入会 without a date is never "new within" a year (as the figures).
    within = [MembershipEvent.date.between(p.start, p.end) for p in periods]
    changes = session.execute(
        select(*(func.count().filter(MembershipEvent.kind.in_(kinds), day) for day in within for kinds in (_ACTIVE, _LEAVING)))
        .where(MembershipEvent.date.between(periods[0].start, periods[-1].end))
    ).one()
    joined, left = changes[0::2], changes[1::2]
    return ChartData(
        "会员五年趋势", f"{years[0]}—{years[-1]}年会员变化", ChartKind.LINE, tuple(f"{y}年" for y in years),
        (Series("年末会员总数", tuple(total)), Series("新入会", tuple(joined)), Series("减少", tuple(left))),
        "人", CHARTS["会员五年趋势"],
    )  # fmt: skip


def _program_chart(session: Session, period: Period) -> ChartData:
    totals = [t for t in program_totals(session, period) if t.amount_fen or t.goods_fen]
    return ChartData(
        "帮扶项目分布", _label(period, "帮扶慰问按项目", at_end=False), ChartKind.BAR,
        tuple(t.program for t in totals), (Series("款物合计", tuple(fen_to_yuan(t.amount_fen + t.goods_fen) for t in totals)),),
        "元", CHARTS["帮扶项目分布"],
    )  # fmt: skip


def _month_label(month: Period) -> str:
    return f"{month.start.month}月"


def _aid_month_chart(session: Session, period: Period) -> ChartData:
    """Each month's disbursements through `program_totals`, the query 帮扶慰问款物合计 sums."""
    months = period.months()
    values = []
    for month in months:
        fen = sum(t.amount_fen + t.goods_fen for t in program_totals(session, month))
        values.append(fen_to_yuan(fen))
    return ChartData(
        "帮扶月度发放", _label(period, "帮扶慰问按月发放", at_end=False), ChartKind.BAR,
        tuple(_month_label(m) for m in months), (Series("款物合计", tuple(values)),), "元", CHARTS["帮扶月度发放"],
    )  # fmt: skip


def _activity_chart(session: Session, period: Period) -> ChartData:
    """Activities by start date within the period (活动总场次's condition), per month and group."""
    months = period.months()
    rows = session.execute(
        select(Activity.start_date, Activity.category).where(Activity.start_date.between(period.start, period.end))
    ).all()
    groups = [c.value for c in _ACTIVITY_GROUPS]
    names = [*groups, _OTHER_ACTIVITIES]
    table = {name: [0] * len(months) for name in names}
    for started, category in rows:
        index = next(i for i, m in enumerate(months) if m.start <= started <= m.end)
        table[category if category in groups else _OTHER_ACTIVITIES][index] += 1
    series = tuple(Series(_SHORT.get(name, name), tuple(table[name])) for name in names if any(table[name]))
    return ChartData(
        "活动月度分类", _label(period, "活动按月开展情况", at_end=False), ChartKind.STACKED,
        tuple(_month_label(m) for m in months), series, "场", CHARTS["活动月度分类"],
    )  # fmt: skip


def charts_in(session: Session, period: Period, names: frozenset[str] | None = None) -> dict[str, ChartData]:
    """The charts named (all of CHARTS when None) for the period, in CHARTS order."""
    wanted = [name for name in CHARTS if names is None or name in names]
    found: dict[str, ChartData] = {}
    people = None
    for name in wanted:
        if name in ("会员部门分布", "会员年龄结构", "会员性别结构"):
            if people is None:
                people = _members_at_end(session, period.end)
            build = {"会员部门分布": _department_chart, "会员年龄结构": _age_chart, "会员性别结构": _gender_chart}[name]
            found[name] = build(period, people)
        elif name == "会员五年趋势":
            found[name] = _trend_chart(session, period)
        elif name == "帮扶项目分布":
            found[name] = _program_chart(session, period)
        elif name == "帮扶月度发放":
            found[name] = _aid_month_chart(session, period)
        elif name == "活动月度分类":
            found[name] = _activity_chart(session, period)
    return found


def compute_charts(
    factory: sessionmaker[Session], period: Period, names: frozenset[str] | None = None
) -> dict[str, ChartData]:
    """The charts for the period, read in one transaction (so they agree with each other)."""
    with factory() as session:
        return charts_in(session, period, names)


def template_names() -> dict[str, str]:
    """ "图表_会员年龄结构" → what it shows: the names a template may use for a chart image."""
    return {TEMPLATE_PREFIX + name: description for name, description in CHARTS.items()}
