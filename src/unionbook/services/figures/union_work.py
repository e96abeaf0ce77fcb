"""Figures of the honors, positions, rights and mutual-aid registers (FIGURES.md, "Added with …").

Each register is small (tens to a few hundred rows), so each gets one pass of conditional
aggregates. The dates follow the other registers' rules:
- honors are counted by 授予日期: within P for the year's honors, on or before E for what the union
  holds at its end (劳模人数, 创新工作室数);
- a position is open at E when it opened on or before E and had not closed on or before E (a
  position closed on 12-31 is no longer counted at E = 12-31, like a hardship file);
- a case belongs to the period it was opened (受理) in, except 办实事件数, which counts requests
  resolved (办结) within it; 调解成功件数 are the mediations opened within P that ended in 调解成功,
  whenever they ended, so the months of a year add up to it;
- 互助保障 counts the enrollments of the year the period ends in (the insurer's year).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, Table, and_, distinct, func, or_, select

from unionbook.db.tables import honors, mutual_aid_enrollments, positions, rights_cases
from unionbook.domain.vocab import CaseKind, CaseOutcome, HonorKind, PositionKind, Recipient
from unionbook.services.figures.figure import Figure, Raw
from unionbook.services.figures.period import Period

if TYPE_CHECKING:
    from unionbook.db.readers import Reader

#: The positions counted one by one: (kind, key, name). 母婴室 is the 爱心妈妈小屋.
_POSITIONS: tuple[tuple[PositionKind, str, str], ...] = (
    (PositionKind.HOME, "positions_home", "职工之家数"),
    (PositionKind.READING_ROOM, "positions_reading_room", "职工书屋数"),
    (PositionKind.OUTDOOR_STATION, "positions_outdoor_station", "爱心驿站数"),
    (PositionKind.MOTHERS_ROOM, "positions_mothers_room", "母婴室数"),
)

FIGURES: tuple[Figure, ...] = (
    Figure("mutual_aid_enrolled", "互助保障参保人数", "人", "统计期末所在年度参加职工互助保障的职工人数（一人参加多个计划只计一人）。", "帮扶", False),
    Figure("mutual_aid_contributions", "互助保障缴费金额", "元", "统计期末所在年度职工互助保障的缴费合计（元）。", "帮扶", False),
    Figure("honors_personal", "个人荣誉人次", "人次", "本期内职工个人获得各级荣誉的人次（按授予日期计）。", "荣誉", True),
    Figure("honors_collective", "集体荣誉数", "项", "本期内班组、部门和工会获得的集体荣誉项数（按授予日期计）。", "荣誉", True),
    Figure("model_workers", "劳模人数", "人", "期末获得过劳动模范称号（任何级别）的职工人数。", "荣誉", False),
    Figure("studios", "创新工作室数", "个", "期末已命名的劳模、职工和工匠创新工作室个数。", "荣誉", False),
    Figure("studios_new", "新增创新工作室数", "个", "本期内新命名的劳模、职工和工匠创新工作室个数。", "荣誉", True),
    Figure("innovation_awards", "创新成果获奖数", "项", "本期内职工“五小”和技术创新成果获奖的项数。", "荣誉", True),
    *(Figure(key, name, "个", f"期末在用的{kind}个数。", "阵地", False) for kind, key, name in _POSITIONS),
    Figure("positions_new", "新建阵地数", "个", "本期内新建成（启用）的各类职工服务阵地个数。", "阵地", True),
    Figure("legal_consultations", "法律咨询次数", "次", "本期内受理的法律咨询次数。", "维权", True),
    Figure("mediations", "劳动争议调解件数", "件", "本期内受理的劳动争议调解件数。", "维权", True),
    Figure("mediations_succeeded", "调解成功件数", "件", "本期内受理的劳动争议调解中调解成功的件数。", "维权", True),
    Figure("requests_resolved", "办实事件数", "件", "本期内办结并已解决的职工诉求（为职工办实事）件数。", "维权", True),
)  # fmt: skip


def _count(*condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.count().filter(*condition)


def _aggregate(reader: Reader, table: Table, expressions: dict[str, ColumnElement[int]]) -> dict[str, Raw]:
    """Every expression over the whole table in one pass."""
    row = reader.execute(select(*(e.label(k) for k, e in expressions.items())).select_from(table)).one()
    return dict(row._mapping)


def _honors(reader: Reader, period: Period) -> dict[str, Raw]:
    honor = honors.c
    within = honor.awarded_on.between(period.start, period.end)
    by_end = honor.awarded_on <= period.end
    personal = honor.recipient == Recipient.PERSON.value
    studio = honor.kind == HonorKind.STUDIO.value
    model_worker = and_(honor.kind == HonorKind.MODEL_WORKER.value, by_end)
    expressions = {
        "honors_personal": _count(within, personal),
        "honors_collective": _count(within, ~personal),
        "model_workers": func.count(distinct(honor.member_id)).filter(model_worker),
        "studios": _count(by_end, studio),
        "studios_new": _count(within, studio),
        "innovation_awards": _count(within, honor.kind == HonorKind.INNOVATION.value),
    }
    return _aggregate(reader, honors, expressions)


def _positions(reader: Reader, period: Period) -> dict[str, Raw]:
    position = positions.c
    is_open = and_(position.opened_on <= period.end, or_(position.closed_on.is_(None), position.closed_on > period.end))
    expressions = {key: _count(is_open, position.kind == kind.value) for kind, key, _name in _POSITIONS}
    expressions["positions_new"] = _count(position.opened_on.between(period.start, period.end))
    return _aggregate(reader, positions, expressions)


def _cases(reader: Reader, period: Period) -> dict[str, Raw]:
    case = rights_cases.c
    opened = case.opened_on.between(period.start, period.end)
    mediation = case.kind == CaseKind.MEDIATION.value
    expressions = {
        "legal_consultations": _count(opened, case.kind == CaseKind.CONSULTATION.value),
        "mediations": _count(opened, mediation),
        "mediations_succeeded": _count(opened, mediation, case.outcome == CaseOutcome.MEDIATED.value),
        "requests_resolved": _count(
            case.kind == CaseKind.REQUEST.value,
            case.outcome == CaseOutcome.RESOLVED.value,
            case.closed_on.between(period.start, period.end),
        ),
    }
    return _aggregate(reader, rights_cases, expressions)


def _mutual_aid(reader: Reader, period: Period) -> dict[str, Raw]:
    enrollment = mutual_aid_enrollments.c
    persons, fen = reader.execute(
        select(func.count(distinct(enrollment.member_id)), func.coalesce(func.sum(enrollment.contribution_fen), 0))
        .where(enrollment.year == period.end.year)
    ).one()  # fmt: skip
    return {"mutual_aid_enrolled": persons, "mutual_aid_contributions": fen}


def compute(reader: Reader, period: Period) -> dict[str, Raw]:
    return {**_mutual_aid(reader, period), **_honors(reader, period), **_positions(reader, period),
            **_cases(reader, period)}  # fmt: skip
