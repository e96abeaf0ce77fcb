"""A realistic, fictional union for demonstrations, screenshots, tests and benchmarks.

A chair deciding whether UnionBook fits needs to see the four registers, the figures and the
documents filled in as they would be after five years of use — an empty program shows nothing.
`generate_demo` fills an EMPTY database with such a union: 江川精密机械有限公司工会, its roster with
valid ID numbers, membership and employment histories 2021–2025, collective contracts with a renewal
chain, hardship files with families and reviews, disbursements (individual and in batches) and
activities and meetings.

Three properties matter more than realism:
- it never touches a database that already holds records, so fiction is never mixed into a real
  union's data;
- it is deterministic: only `random.Random(seed)` decides, never today's date, set order or hashing,
  so the same seed and size always give the same rows (tests and benchmarks rely on it);
- it is fast enough for 100,000 people: rows are built as plain dicts with primary keys assigned
  here and inserted with Core executemany in one transaction, which also makes cancelling free
  (the transaction rolls back). The ORM audit hook does not see Core inserts, so one summary audit
  entry records the generation.
"""

from __future__ import annotations

import json
import logging
import math
import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Generic, TypeVar

from sqlalchemy import Table, func, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from unionbook import paths
from unionbook.db.models import (
    Activity,
    ActivityAttendance,
    AidBatch,
    AidPayment,
    CollectiveContract,
    EmploymentEvent,
    HardshipFamilyMember,
    HardshipFile,
    HardshipReview,
    Member,
    MembershipEvent,
    UnionProfile,
)
from unionbook.domain.errors import InputError, OperationCancelled
from unionbook.domain.idnumber import check_digit
from unionbook.domain.pinyin import name_keys
from unionbook.domain.vocab import (
    HardshipReviewKind,
    ActivityCategory as AC,
)
from unionbook.domain.vocab import (
    ActivityRole,
    AidProgram,
    AuditAction,
    ContractType,
    Education,
    EmploymentStatus,
    FundingSource,
    Gender,
    HardshipCategory,
    HardshipCause,
    HardshipCloseReason,
    HukouType,
    IdType,
    MembershipEventKind,
    PoliticalStatus,
)
from unionbook.services import audit

log = logging.getLogger(__name__)

T = TypeVar("T")

DEFAULT_MEMBERS = 300
DEFAULT_SEED = 20240101
MIN_MEMBERS = 20  # below this the registers cannot all be shown (hardship files alone want 8 people)
MAX_MEMBERS = 1_000_000

WINDOW_START = date(2021, 1, 1)
WINDOW_END = date(2025, 12, 31)
PRE_WINDOW_END = date(2020, 12, 31)
YEARS = tuple(range(2021, 2026))
COMPANY_FOUNDED = date(1998, 3, 1)

#: Rows per executemany call: large enough to amortise the call, small enough to keep memory flat
#: at 100,000 people (the festival batches alone are ~1 million payment rows).
CHUNK = 20_000


# ---------------------------------------------------------------------------------------------
# The fictional union. Fixed text, so screenshots and documents look the same on every machine.

UNION_NAME = "江川精密机械有限公司工会"
UNIT_NAME = "江川精密机械有限公司"
#: A valid 统一社会信用代码 of a 基层工会 (81 = 工会 / 基层工会, 440113 = 广州市番禺区), GB 32100 check
#: character included; not knowingly anybody's.
CREDIT_CODE = "81440113MC3T7L5W5C"
CHAIR_NAME = "周立军"
CONTACT_NAME = "陈晓燕"
CONTACT_PHONE = "020-84561234"
ADDRESS = "广东省广州市番禺区石楼镇江川工业园8号"
UNION_FOUNDED = date(2003, 5, 20)


@dataclass(frozen=True)
class DemoSummary:
    """How many rows the demo union got, table by table."""

    members: int
    membership_events: int
    contracts: int
    hardship_files: int
    payments: int
    batches: int
    activities: int


# ---------------------------------------------------------------------------------------------
# Small deterministic helpers.


class _Weighted(Generic[T]):
    """A weighted choice table; `rng.choices` with precomputed cumulative weights is deterministic
    and avoids re-summing the weights on each of the ~10^6 draws at 100,000 people."""

    def __init__(self, pairs: Iterable[tuple[T, float]]) -> None:
        self.items: list[T] = []
        self.cum: list[float] = []
        total = 0.0
        for item, weight in pairs:
            total += weight
            self.items.append(item)
            self.cum.append(total)

    def pick(self, rng: random.Random) -> T:
        return rng.choices(self.items, cum_weights=self.cum)[0]


def _rand_date(rng: random.Random, lo: date, hi: date) -> date:
    return lo + timedelta(days=rng.randint(0, max(0, (hi - lo).days)))


def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February in a common year: the birthday is kept on 1 March
        return date(d.year + years, 3, 1)


def _weekday(d: date) -> date:
    """Offices meet on working days: a Saturday or Sunday moves to the Monday."""
    wd = d.weekday()
    return d + timedelta(days=7 - wd) if wd >= 5 else d


def _age_on(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _seniority(level: str | None, age: int) -> str | None:
    """Titles come with years: no senior engineer at 28, nobody still an assistant engineer at 45."""
    if level in ("高级工程师", "技师", "高级技师") and age < 35:
        return "工程师" if level == "高级工程师" else "高级工"
    if level == "助理工程师" and age >= 40:
        return "工程师"
    if level == "工程师" and age < 26:
        return "助理工程师"
    return level


def _cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


# ---------------------------------------------------------------------------------------------
# Vocabulary of the fiction. Kept here (not in resources/) because the logic depends on it.


@dataclass(frozen=True)
class _Dept:
    name: str
    weight: int
    kind: str  # worker / service / office / engineer / tech: drives education, gender, posts
    positions: tuple[tuple[str, int], ...]


_DEPARTMENTS = (
    _Dept("综合办公室", 4, "office", (("行政专员", 4), ("人事专员", 3), ("文员", 3), ("办公室主任", 1))),
    _Dept("生产一车间", 22, "worker", (("数控车工", 8), ("铣工", 5), ("磨工", 4), ("钳工", 4), ("班组长", 2), ("车间主任", 1))),
    _Dept("生产二车间", 20, "worker", (("冲压工", 6), ("焊工", 6), ("热处理工", 3), ("数控车工", 4), ("班组长", 2), ("车间主任", 1))),
    _Dept("装配车间", 17, "worker", (("装配工", 10), ("调试工", 4), ("电工", 2), ("班组长", 2), ("车间主任", 1))),
    _Dept("质检部", 6, "tech", (("质检员", 8), ("计量员", 2), ("质量工程师", 2))),
    _Dept("技术研发部", 8, "engineer", (("机械设计工程师", 4), ("电气工程师", 3), ("工艺工程师", 3), ("技术员", 2))),
    _Dept("销售部", 6, "office", (("销售代表", 6), ("客服专员", 3), ("销售经理", 1))),
    _Dept("财务部", 3, "office", (("会计", 3), ("出纳", 1), ("财务主管", 1))),
    _Dept("仓储物流部", 5, "worker", (("仓管员", 4), ("叉车工", 3), ("物流专员", 2))),
    _Dept("后勤保障部", 5, "service", (("保安", 4), ("保洁员", 3), ("厨师", 2), ("司机", 2), ("宿舍管理员", 1))),
    _Dept("安全环保部", 2, "tech", (("安全员", 3), ("环保专员", 1))),
)
_DEPT_TABLE = _Weighted((d, d.weight) for d in _DEPARTMENTS)
_POSITION_TABLES = {d.name: _Weighted(d.positions) for d in _DEPARTMENTS}
#: 一线 departments: 夏送清凉 goes to everybody on duty there, members or not.
_FRONT_LINE = frozenset({"worker", "service"})

# Tuned so that about 45% of the roster is female (workshops are big and mostly male).
_FEMALE_SHARE = {"worker": 0.40, "service": 0.55, "office": 0.62, "engineer": 0.30, "tech": 0.50}

_E = Education
_EDUCATION = {
    "worker": _Weighted(((_E.PRIMARY, 1), (_E.JUNIOR_HIGH, 25), (_E.HIGH_SCHOOL, 20), (_E.SECONDARY_VOCATIONAL, 35),
                         (_E.COLLEGE, 15), (_E.BACHELOR, 4))),
    "service": _Weighted(((_E.PRIMARY, 8), (_E.JUNIOR_HIGH, 40), (_E.HIGH_SCHOOL, 30), (_E.SECONDARY_VOCATIONAL, 15),
                          (_E.COLLEGE, 7))),
    "office": _Weighted(((_E.HIGH_SCHOOL, 5), (_E.SECONDARY_VOCATIONAL, 5), (_E.COLLEGE, 35), (_E.BACHELOR, 50),
                         (_E.POSTGRADUATE, 5))),
    "engineer": _Weighted(((_E.COLLEGE, 20), (_E.BACHELOR, 60), (_E.POSTGRADUATE, 20))),
    "tech": _Weighted(((_E.SECONDARY_VOCATIONAL, 15), (_E.COLLEGE, 40), (_E.BACHELOR, 40), (_E.POSTGRADUATE, 5))),
}
#: Nobody starts work before finishing school (or before 18).
_MIN_HIRE_AGE = {
    _E.POSTGRADUATE: 25, _E.BACHELOR: 22, _E.COLLEGE: 21, _E.SECONDARY_VOCATIONAL: 19,
    _E.HIGH_SCHOOL: 18, _E.JUNIOR_HIGH: 18, _E.PRIMARY: 18,
}
_TECH_LEVELS = {
    "worker": _Weighted(((None, 5), ("初级工", 25), ("中级工", 35), ("高级工", 25), ("技师", 8), ("高级技师", 2))),
    "engineer": _Weighted((("助理工程师", 35), ("工程师", 45), ("高级工程师", 20))),
    "tech": _Weighted(((None, 40), ("助理工程师", 35), ("工程师", 25))),
}

#: Real address codes (checked against python-stdnum's table): the ID number's first six digits
#: and the 户籍所在地. Locals dominate; migrant workers come from rural counties.
_URBAN_REGIONS = _Weighted((
    (("440113", "广东省广州市番禺区"), 30), (("440106", "广东省广州市天河区"), 10), (("440104", "广东省广州市越秀区"), 8),
    (("440105", "广东省广州市海珠区"), 8), (("440111", "广东省广州市白云区"), 8), (("440305", "广东省深圳市南山区"), 3),
    (("330106", "浙江省杭州市西湖区"), 1), (("330102", "浙江省杭州市上城区"), 1), (("510104", "四川省成都市锦江区"), 2),
    (("510107", "四川省成都市武侯区"), 1), (("420102", "湖北省武汉市江岸区"), 2), (("420106", "湖北省武汉市武昌区"), 1),
    (("370102", "山东省济南市历下区"), 1), (("320102", "江苏省南京市玄武区"), 1), (("320106", "江苏省南京市鼓楼区"), 1),
    (("110105", "北京市朝阳区"), 1), (("310104", "上海市徐汇区"), 1), (("430104", "湖南省长沙市岳麓区"), 2),
    (("410105", "河南省郑州市金水区"), 1), (("360102", "江西省南昌市东湖区"), 1), (("350102", "福建省福州市鼓楼区"), 1),
    (("500103", "重庆市渝中区"), 1),
))
_RURAL_REGIONS = _Weighted((
    (("430521", "湖南省邵阳市邵东县"), 6), (("431121", "湖南省永州市祁阳县"), 4), (("411623", "河南省周口市商水县"), 5),
    (("411625", "河南省周口市郸城县"), 4), (("421127", "湖北省黄冈市黄梅县"), 4), (("421182", "湖北省黄冈市武穴市"), 2),
    (("511321", "四川省南充市南部县"), 4), (("511324", "四川省南充市仪陇县"), 3), (("511725", "四川省达州市渠县"), 3),
    (("341221", "安徽省阜阳市临泉县"), 3), (("341222", "安徽省阜阳市太和县"), 2), (("450821", "广西壮族自治区贵港市平南县"), 4),
    (("440881", "广东省湛江市廉江市"), 5), (("441781", "广东省阳江市阳春市"), 3), (("445281", "广东省揭阳市普宁市"), 4),
    (("441481", "广东省梅州市兴宁市"), 3), (("441622", "广东省河源市龙川县"), 3), (("500235", "重庆市云阳县"), 2),
    (("500236", "重庆市奉节县"), 2), (("360732", "江西省赣州市兴国县"), 3),
))
#: Minority shares by province prefix, roughly as in those places; elsewhere nearly all 汉族.
_ETHNICITY = {
    "45": _Weighted((("汉族", 63), ("壮族", 35), ("瑶族", 2))),
    "50": _Weighted((("汉族", 80), ("土家族", 18), ("苗族", 2))),
    "43": _Weighted((("汉族", 90), ("瑶族", 5), ("苗族", 3), ("土家族", 2))),
    "": _Weighted((("汉族", 98), ("回族", 1), ("满族", 0.6), ("蒙古族", 0.4))),
}
_PHONE_PREFIXES = (
    tuple(f"13{i}" for i in range(10))
    + ("150", "151", "152", "153", "155", "156", "157", "158", "159")
    + tuple(f"18{i}" for i in range(10))
)

_NEW_HIRE_SHARE = 0.16  # of people old enough to have been hired earlier, hired 2021–2025 instead
_LEAVE_SHARE = 0.11  # leave the company during 2021–2025
_LATE_JOIN_SHARE = 0.07  # employed before 2021, joined the union during 2021–2025
_QUIT_WHILE_EMPLOYED = 0.012
_MEMBER_SHARE = {"劳动合同制": 0.97, "劳务派遣": 0.75, "临时工": 0.50}

_JOIN_REASON = "本人申请，经工会委员会批准入会"
_LATE_JOIN_REASON = "会员发展工作中提出申请，经工会委员会批准入会"
_TRANSFER_IN_REASONS = ("随工作调动从原单位工会转入会籍", "持原单位工会会籍转移证明转入")


@dataclass(frozen=True)
class _NameLists:
    surnames: _Weighted[str]
    male: str
    female: str
    first: str


@lru_cache(maxsize=1)
def _names() -> _NameLists:
    data = json.loads(paths.resource_path("demo", "names.json").read_text(encoding="utf-8"))
    return _NameLists(
        surnames=_Weighted((s, float(w)) for s, w in data["surnames"]),
        male=data["given_male"],
        female=data["given_female"],
        first=data["given_first"],
    )


# ---------------------------------------------------------------------------------------------
# People.


class _Person:
    """One roster row and its history, kept as plain attributes until rows are written."""

    __slots__ = (
        "id", "surname", "name", "gender", "birth", "region", "id_number", "ethnicity", "education", "tech_level",
        "phone", "hukou_type", "hukou_place", "political", "dept", "position", "form", "migrant", "card",
        "notes", "hire", "emp_end", "emp_end_status", "join", "join_kind", "join_reason", "mem_end",
        "mem_end_kind", "mem_end_reason",
    )

    id: int
    surname: str
    name: str
    gender: str
    birth: date
    region: str
    dept: _Dept
    hire: date
    emp_end: date | None
    join: date | None
    mem_end: date | None

    @property
    def female(self) -> bool:
        return self.gender == Gender.FEMALE

    def on_duty(self, d: date) -> bool:
        """在岗 at d: the employment event on d itself already counts (latest event on or before)."""
        return self.hire <= d and (self.emp_end is None or d < self.emp_end)

    def active(self, d: date) -> bool:
        """An active member at d (入会/转入 is the latest membership event)."""
        return self.join is not None and self.join <= d and (self.mem_end is None or d < self.mem_end)

    def member_row(self) -> dict[str, Any]:
        full, initials = name_keys(self.name)
        return {
            "id": self.id,
            "name": self.name,
            "name_pinyin": full,
            "name_initials": initials,
            "gender": self.gender,
            "birth_date": self.birth,
            "ethnicity": self.ethnicity,
            "id_type": IdType.RESIDENT_ID.value,
            "id_number": self.id_number,
            "education": self.education,
            "tech_level": self.tech_level,
            "phone": self.phone,
            "hukou_type": self.hukou_type,
            "hukou_place": self.hukou_place,
            "political_status": self.political,
            "department": self.dept.name,
            "position": self.position,
            "employment_form": self.form,
            "is_migrant_worker": self.migrant,
            "member_card_no": self.card,
            "notes": self.notes,
        }


@dataclass
class _File:
    """A hardship file while it is being built (rows come later)."""

    id: int
    person: _Person
    category: str
    causes: list[str]
    opened: date
    closed: date | None
    close_reason: str | None
    children: list[tuple[str, date]]  # (name, birth) of the children, for 金秋助学

    def open_on(self, d: date) -> bool:
        return self.opened <= d and (self.closed is None or d < self.closed)


class _Progress:
    """Reports progress a bounded number of times (callers redraw a bar on each call)."""

    TOTAL = 40

    def __init__(self, callback: Callable[[int, int], None] | None, cancelled: Callable[[], bool] | None) -> None:
        self._callback = callback
        self._cancelled = cancelled
        self.done = 0

    def step(self, n: int = 1) -> None:
        """Advance and give the user a chance to cancel; the caller's transaction rolls back."""
        if self._cancelled is not None and self._cancelled():
            raise OperationCancelled()
        self.done = min(self.done + n, self.TOTAL - 1)
        if self._callback is not None:
            self._callback(self.done, self.TOTAL)

    def finish(self) -> None:
        self.done = self.TOTAL
        if self._callback is not None:
            self._callback(self.TOTAL, self.TOTAL)


# ---------------------------------------------------------------------------------------------
# Public entry point.


def generate_demo(
    factory: sessionmaker[Session],
    *,
    members: int = DEFAULT_MEMBERS,
    seed: int = DEFAULT_SEED,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> DemoSummary:
    """Fill an empty database with the demo union (`members` roster rows) and return the counts.

    Raises InputError when the database already holds records (nothing is written) and
    OperationCancelled when `cancelled()` turns true (the transaction rolls back).
    `progress(done, total)` is called a few dozen times at most.
    """
    if not MIN_MEMBERS <= members <= MAX_MEMBERS:
        raise InputError(detail=f"演示数据的职工人数应在 {MIN_MEMBERS} 到 {MAX_MEMBERS} 之间，这里是 {members}")
    tracker = _Progress(progress, cancelled)
    with factory.begin() as session:
        _refuse_if_not_empty(session)
        tracker.step()
        builder = _Builder(session, random.Random(seed), members, tracker)
        summary = builder.run()
        audit.record(
            session,
            AuditAction.DEMO,
            "members",
            {"union": UNION_NAME, "seed": seed, **asdict(summary), **builder.extra_counts},
        )
    tracker.finish()
    log.info("demo union generated: %s", summary)
    return summary


def _refuse_if_not_empty(session: Session) -> None:
    """A real union's records must never be mixed with fiction: only an empty database qualifies."""
    where = session.get_bind().url.database or "（内存数据库）"
    count = session.scalar(select(func.count()).select_from(Member)) or 0
    if count:
        raise InputError(detail=f"数据库 {where} 已有数据（{count} 名职工），演示数据只能填入空数据库")
    for model, unit in (
        (CollectiveContract, "份集体合同"),
        (HardshipFile, "户困难职工档案"),
        (AidPayment, "条帮扶慰问发放记录"),
        (Activity, "项活动记录"),
    ):
        count = session.scalar(select(func.count()).select_from(model)) or 0
        if count:
            raise InputError(detail=f"数据库 {where} 已有数据（{count} {unit}），演示数据只能填入空数据库")
    name = session.scalar(select(UnionProfile.union_name).where(UnionProfile.id == 1))
    if name and name.strip():
        raise InputError(detail=f"数据库 {where} 已有数据（工会：{name.strip()}），演示数据只能填入空数据库")


# ---------------------------------------------------------------------------------------------
# The builder: one instance per call, phases in a fixed order (the order is part of the
# determinism: every phase draws from the same random stream).


class _Builder:
    def __init__(self, session: Session, rng: random.Random, size: int, progress: _Progress) -> None:
        self.session = session
        self.rng = rng
        self.size = size
        self.progress = progress
        self.names = _names()
        self.used_ids: set[str] = set()  # membership tests only; never iterated (order would leak)
        self.used_phones: set[str] = set()
        self.people: list[_Person] = []
        self.files: list[_File] = []
        self.congress_dates: dict[int, date] = {}
        self.counts: dict[str, int] = {}
        self.extra_counts: dict[str, int] = {}

    # -- orchestration -------------------------------------------------------------------------

    def run(self) -> DemoSummary:
        self._build_people()  # 10 steps
        self._build_hardship()  # 1 step
        self._insert_people()  # 8 steps
        self._insert_profile_and_contracts()  # 1 step
        self._insert_hardship()  # 1 step
        self._insert_payments()  # up to 15 steps
        self._insert_activities()  # 2 steps
        return DemoSummary(
            members=self.counts["members"],
            membership_events=self.counts["membership_events"],
            contracts=self.counts["contracts"],
            hardship_files=self.counts["hardship_files"],
            payments=self.counts["payments"],
            batches=self.counts["batches"],
            activities=self.counts["activities"],
        )

    def _insert(self, table: Table, rows: Sequence[dict[str, Any]]) -> None:
        """Core executemany: no ORM identity map, no per-row flush (and so no audit hook)."""
        if rows:
            self.session.execute(insert(table), rows)

    def _insert_raw(self, table: Table, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> int:
        """Driver-level executemany for the one table that gets a million rows at 100,000 people.

        At that volume SQLAlchemy's per-row parameter processing costs more than SQLite's own work
        (about 9 s of 17 s), so the rows arrive as tuples already in storage form: dates as ISO text
        (what SQLAlchemy's SQLite Date type stores), booleans as 0/1. Column names are checked
        against the table, so a renamed column fails loudly instead of writing the wrong field.
        """
        for name in columns:
            table.c[name]  # KeyError on a column the model no longer has
        sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        connection = self.session.connection()
        buffer: list[tuple[Any, ...]] = []
        count = 0
        for row in rows:
            buffer.append(row)
            if len(buffer) >= CHUNK:
                connection.exec_driver_sql(sql, buffer)
                count += len(buffer)
                buffer = []
        if buffer:
            connection.exec_driver_sql(sql, buffer)
            count += len(buffer)
        return count

    def _insert_chunked(self, table: Table, rows: Iterable[dict[str, Any]], steps: int = 0, expected: int = 0) -> int:
        """Insert rows in CHUNKs; when `steps` is given, advance progress about that many times."""
        buffer: list[dict[str, Any]] = []
        count = 0
        stride = max(1, math.ceil(expected / steps)) if steps and expected else 0
        next_report = stride
        for row in rows:
            buffer.append(row)
            count += 1
            if len(buffer) >= CHUNK:
                self._insert(table, buffer)
                buffer = []
            if stride and count >= next_report:
                self.progress.step()
                next_report += stride
        self._insert(table, buffer)
        return count

    # -- people ----------------------------------------------------------------------------------

    def _build_people(self) -> None:
        stride = max(1, math.ceil(self.size / 10))
        for i in range(self.size):
            self.people.append(self._make_person(i + 1))
            if (i + 1) % stride == 0:
                self.progress.step()
        self._cast_union_officers()
        self._add_rare_departures()

    def _surname(self) -> str:
        return self.names.surnames.pick(self.rng)

    def _name(self, female: bool, surname: str | None = None) -> str:
        rng, names = self.rng, self.names
        surname = surname or self._surname()
        given_chars = names.female if female else names.male
        if rng.random() < 0.3:
            return surname + rng.choice(given_chars)
        return surname + rng.choice(names.first + given_chars) + rng.choice(given_chars)

    def _id_number(self, region: str, birth: date, female: bool) -> str:
        """A valid, unused 18-digit number: the 17th digit is odd for men, even for women."""
        rng = self.rng
        while True:
            seq = rng.randrange(0, 500) * 2 + (0 if female else 1)
            if seq == 0:
                continue  # sequence 000 is never issued
            first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
            number = first17 + check_digit(first17)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    def _phone(self) -> str:
        rng = self.rng
        while True:
            phone = rng.choice(_PHONE_PREFIXES) + f"{rng.randrange(100_000_000):08d}"
            if phone not in self.used_phones:
                self.used_phones.add(phone)
                return phone

    def _make_person(self, pid: int) -> _Person:
        rng = self.rng
        p = _Person()
        p.id = pid
        dept = p.dept = _DEPT_TABLE.pick(rng)
        kind = dept.kind
        female = rng.random() < _FEMALE_SHARE[kind]
        p.gender = Gender.FEMALE.value if female else Gender.MALE.value
        p.surname = self._surname()
        p.name = self._name(female, p.surname)
        education = _EDUCATION[kind].pick(rng)
        p.education = education.value
        min_age = _MIN_HIRE_AGE[education]
        # Statutory retirement (as before the 2025 reform): men 60, women 50 on worker posts and
        # 55 on staff posts. Nobody already retired before 2021 is on the roster.
        retire_age = 60 if not female else (50 if kind in _FRONT_LINE else 55)
        lo = max(date(1965, 1, 1), _add_years(WINDOW_START, -retire_age) + timedelta(days=1))
        hi = date(min(2003, 2024 - min_age), 12, 31)
        mode = min(max(date(1988, 6, 30), lo), hi)
        span = (hi - lo).days
        # Mostly born around 1988, with a flat tail so that a handful reach retirement age in the window.
        offset = rng.triangular(0, span, (mode - lo).days) if rng.random() < 0.75 else rng.uniform(0, span)
        p.birth = lo + timedelta(days=int(offset))

        p.position = _POSITION_TABLES[dept.name].pick(rng)
        table = _TECH_LEVELS.get(kind)
        p.tech_level = _seniority(table.pick(rng), _age_on(p.birth, WINDOW_END)) if table else None

        front_line = kind in _FRONT_LINE
        p.migrant = rng.random() < (0.42 if front_line else 0.05)
        if p.migrant:
            region, place = _RURAL_REGIONS.pick(rng)
            p.hukou_type = HukouType.RURAL.value
        else:
            region, place = _URBAN_REGIONS.pick(rng)
            p.hukou_type = HukouType.URBAN.value
        p.region, p.hukou_place = region, place
        p.id_number = self._id_number(region, p.birth, female)
        p.phone = self._phone() if rng.random() < 0.96 else None
        p.ethnicity = _ETHNICITY.get(region[:2], _ETHNICITY[""]).pick(rng)

        if front_line:
            r = rng.random()
            threshold = (0.70, 0.90) if p.migrant else (0.92, 0.98)
            p.form = "劳动合同制" if r < threshold[0] else ("劳务派遣" if r < threshold[1] else "临时工")
        else:
            p.form = "劳动合同制"

        age_2025 = _age_on(p.birth, WINDOW_END)
        r = rng.random()
        party_share = 0.25 if kind in ("office", "engineer") else 0.09
        if r < party_share:
            p.political = PoliticalStatus.CPC_MEMBER.value
        elif r < party_share + 0.01:
            p.political = PoliticalStatus.CPC_PROBATIONARY.value
        elif r < party_share + 0.015:
            p.political = PoliticalStatus.DEMOCRATIC_PARTY.value
        elif age_2025 <= 28 and r < party_share + 0.40:
            p.political = PoliticalStatus.CYL_MEMBER.value
        else:
            p.political = PoliticalStatus.MASSES.value
        p.notes = "退役军人" if not female and rng.random() < 0.02 else None

        # Employment: most were hired before 2021; new hires and departures spread over 2021–2025.
        earliest = max(_add_years(p.birth, min_age), COMPANY_FOUNDED)
        retire = _add_years(p.birth, retire_age)
        # Nobody is newly hired in the last year before retirement (that would be 返聘, not 在岗).
        latest_new_hire = min(WINDOW_END, retire - timedelta(days=365))
        if earliest > PRE_WINDOW_END or (rng.random() < _NEW_HIRE_SHARE and latest_new_hire >= WINDOW_START):
            p.hire = _rand_date(rng, max(earliest, WINDOW_START), latest_new_hire)
        else:
            p.hire = _rand_date(rng, earliest, PRE_WINDOW_END)
        leave = None
        if rng.random() < _LEAVE_SHARE:
            lo_leave = max(p.hire + timedelta(days=60), WINDOW_START)
            if lo_leave < WINDOW_END:
                leave = _rand_date(rng, lo_leave, WINDOW_END)
        p.emp_end = p.emp_end_status = None
        if WINDOW_START <= retire <= WINDOW_END and retire > p.hire and (leave is None or retire <= leave):
            p.emp_end, p.emp_end_status = retire, EmploymentStatus.RETIRED.value
        elif leave is not None:
            p.emp_end, p.emp_end_status = leave, EmploymentStatus.RESIGNED.value

        # Membership.
        p.join = p.join_kind = p.join_reason = None
        p.mem_end = p.mem_end_kind = p.mem_end_reason = None
        if rng.random() < _MEMBER_SHARE[p.form]:
            if p.hire <= PRE_WINDOW_END and rng.random() >= _LATE_JOIN_SHARE:
                if rng.random() < 0.12:
                    kind_, join = MembershipEventKind.TRANSFER_IN, p.hire + timedelta(days=rng.randint(0, 20))
                else:
                    kind_, join = MembershipEventKind.JOIN, p.hire + timedelta(days=rng.randint(10, 120))
                join = min(join, PRE_WINDOW_END)
            elif p.hire <= PRE_WINDOW_END:
                kind_, join = MembershipEventKind.JOIN, _rand_date(rng, WINDOW_START, WINDOW_END)
            elif rng.random() < 0.25:
                kind_, join = MembershipEventKind.TRANSFER_IN, p.hire + timedelta(days=rng.randint(0, 20))
            else:
                kind_, join = MembershipEventKind.JOIN, p.hire + timedelta(days=rng.randint(10, 150))
            if join <= WINDOW_END and (p.emp_end is None or join < p.emp_end):
                p.join, p.join_kind = join, kind_.value
                if kind_ is MembershipEventKind.TRANSFER_IN:
                    p.join_reason = rng.choice(_TRANSFER_IN_REASONS)
                else:
                    p.join_reason = _LATE_JOIN_REASON if p.hire <= PRE_WINDOW_END < join else _JOIN_REASON
        if p.join is not None:
            if p.emp_end_status == EmploymentStatus.RETIRED:
                p.mem_end, p.mem_end_kind, p.mem_end_reason = p.emp_end, MembershipEventKind.RETAIN.value, "退休，保留会籍"
            elif p.emp_end is not None:
                if rng.random() < 0.75:
                    p.mem_end, p.mem_end_kind, p.mem_end_reason = (
                        p.emp_end, MembershipEventKind.TRANSFER_OUT.value, "离职，会籍转往新单位工会")
                else:
                    p.mem_end, p.mem_end_kind, p.mem_end_reason = (
                        p.emp_end, MembershipEventKind.QUIT.value, "离职，本人申请退会")
            elif rng.random() < _QUIT_WHILE_EMPLOYED:
                lo_quit = max(p.join + timedelta(days=180), WINDOW_START)
                if lo_quit < WINDOW_END:
                    p.mem_end, p.mem_end_kind = _rand_date(rng, lo_quit, WINDOW_END), MembershipEventKind.QUIT.value
                    p.mem_end_reason = rng.choice(("本人申请退会", "连续六个月未交纳会费，经教育拒不改正，视为自动退会"))
        p.card = f"GHK{p.join.year}{pid:07d}" if p.join is not None and rng.random() < 0.88 else None
        return p

    def _cast_union_officers(self) -> None:
        """The chair and the union's clerk are on the roster too (they sign the batch lists)."""
        for person, name, gender, birth, position, political in (
            (self.people[0], CHAIR_NAME, Gender.MALE, date(1972, 8, 16), "办公室主任、工会主席", PoliticalStatus.CPC_MEMBER),
            (self.people[1], CONTACT_NAME, Gender.FEMALE, date(1988, 3, 9), "人事专员、工会干事", PoliticalStatus.CPC_MEMBER),
        ):
            person.surname, person.name, person.gender, person.birth = name[0], name, gender.value, birth
            person.dept = _DEPARTMENTS[0]
            person.position, person.political = position, political.value
            person.education, person.tech_level, person.form = Education.BACHELOR.value, None, "劳动合同制"
            person.migrant, person.hukou_type = False, HukouType.URBAN.value
            person.region, person.hukou_place = "440113", "广东省广州市番禺区"
            person.id_number = self._id_number(person.region, birth, gender is Gender.FEMALE)
            person.hire = date(2008 if gender is Gender.MALE else 2011, 7, 1)
            person.join, person.join_kind, person.join_reason = person.hire + timedelta(days=30), "入会", _JOIN_REASON
            person.emp_end = person.emp_end_status = person.mem_end = person.mem_end_kind = person.mem_end_reason = None
            person.card = f"GHK{person.join.year}{person.id:07d}"
            person.notes = None

    def _add_rare_departures(self) -> None:
        """A couple of 除名 and one 去世 per few hundred people: rare events the registers must show."""
        rng = self.rng
        wanted = [("除名", max(2, self.size // 250)), ("去世", max(1, self.size // 600))]
        for kind, count in wanted:
            attempts = 0
            while count and attempts < 50 * self.size:
                attempts += 1
                p = self.people[rng.randrange(2, self.size)]
                if p.join is None or p.emp_end is not None or p.mem_end is not None:
                    continue
                lo = max(p.join, p.hire, WINDOW_START) + timedelta(days=30)
                hi = WINDOW_END - timedelta(days=45)  # leaves room for the 丧葬慰问 after a death
                if lo > hi:
                    continue
                d = _rand_date(rng, lo, hi)
                p.emp_end, p.emp_end_status = d, EmploymentStatus.RESIGNED.value
                if kind == "除名":
                    p.mem_end, p.mem_end_kind = d, MembershipEventKind.EXPEL.value
                    p.mem_end_reason = "因违法犯罪被依法追究刑事责任，经工会委员会讨论决定开除会籍"
                    p.notes = "已依法解除劳动合同"
                else:
                    # 就业状况 has no 去世; 退职 ends the employment so the person leaves 职工总数.
                    p.mem_end, p.mem_end_kind, p.mem_end_reason = d, MembershipEventKind.DECEASED.value, "因病去世"
                    p.notes = f"{_cn_date(d)}因病去世"
                count -= 1

    def _insert_people(self) -> None:
        people = self.people
        self.counts["members"] = self._insert_chunked(
            Member.__table__, (p.member_row() for p in people), steps=4, expected=len(people)
        )

        def employment_rows() -> Iterator[dict[str, Any]]:
            n = 0
            for p in people:
                n += 1
                yield {"id": n, "member_id": p.id, "status": EmploymentStatus.ON_DUTY.value, "date": p.hire}
                if p.emp_end is not None:
                    n += 1
                    yield {"id": n, "member_id": p.id, "status": p.emp_end_status, "date": p.emp_end}

        def membership_rows() -> Iterator[dict[str, Any]]:
            n = 0
            for p in people:
                if p.join is None:
                    continue
                n += 1
                yield {"id": n, "member_id": p.id, "kind": p.join_kind, "date": p.join, "reason": p.join_reason}
                if p.mem_end is not None:
                    n += 1
                    yield {"id": n, "member_id": p.id, "kind": p.mem_end_kind, "date": p.mem_end,
                           "reason": p.mem_end_reason}

        self.extra_counts["employment_events"] = self._insert_chunked(
            EmploymentEvent.__table__, employment_rows(), steps=2, expected=len(people)
        )
        self.counts["membership_events"] = self._insert_chunked(
            MembershipEvent.__table__, membership_rows(), steps=2, expected=len(people)
        )

    # -- union profile and collective contracts --------------------------------------------------

    def _headcount(self, d: date) -> tuple[int, int]:
        """(employees on duty, of whom female) at d: what a contract covers when signed."""
        total = female = 0
        for p in self.people:
            if p.on_duty(d):
                total += 1
                female += p.female
        return total, female

    def _insert_profile_and_contracts(self) -> None:
        rng = self.rng
        profile = {
            "union_name": UNION_NAME, "unit_name": UNIT_NAME, "credit_code": CREDIT_CODE, "chair_name": CHAIR_NAME,
            "contact_name": CONTACT_NAME, "contact_phone": CONTACT_PHONE, "address": ADDRESS,
            "founded_on": UNION_FOUNDED, "employee_total_override": None,
        }
        table = UnionProfile.__table__
        if self.session.scalar(select(func.count()).select_from(table)):
            # A blank profile row (the settings page may create one): fill it rather than collide.
            self.session.execute(update(table).where(table.c.id == 1).values(**profile))
        else:
            self._insert(table, [{"id": 1, **profile}])

        # One 职代会 a year, in December: it approves the next year's wage contract (and the
        # renewals due), so the contracts' approval dates are the meetings' dates.
        for year in YEARS:
            self.congress_dates[year] = _weekday(date(year, 12, rng.randint(8, 18)))
        pre_window_congress = date(2020, 12, 11)

        rows: list[dict[str, Any]] = []

        def add(kind: ContractType, title: str, approved: date, start: date, end: date, *, renews: int | None = None,
                bp: int | None = None, late_filing: bool = False, terminated: date | None = None,
                notes: str | None = None) -> int:
            cid = len(rows) + 1
            signed = approved + timedelta(days=rng.randint(2, 6))
            employees, female = self._headcount(signed)
            rows.append({
                "id": cid, "kind": kind.value, "title": title, "employer": UNIT_NAME,
                "negotiated_on": approved - timedelta(days=rng.randint(12, 30)),
                "congress_approved_on": approved,
                "signed_on": signed,
                "filed_on": signed + timedelta(days=rng.randint(38, 45) if late_filing else rng.randint(3, 10)),
                "published_on": signed + timedelta(days=rng.randint(1, 5)),
                "effective_from": start, "effective_to": end, "terminated_on": terminated,
                "covered_enterprises": 1, "covered_employees": employees, "covered_female": female,
                "wage_increase_bp": bp, "renews_id": renews, "notes": notes,
            })
            return cid

        def wage(year: int, approved: date, renews: int | None, late: bool = False) -> int:
            bp = rng.choice(range(350, 601, 25))
            note = f"约定{year}年度职工工资平均增长{bp / 100:.2f}%，一线职工增幅不低于平均水平"
            if late:
                note += "；备案材料经补正后报送，逾期备案"
            return add(ContractType.WAGE, f"{UNIT_NAME}{year}年度工资专项集体合同", approved, date(year, 1, 1),
                       date(year, 12, 31), renews=renews, bp=bp, late_filing=late, notes=note)

        c = self.congress_dates
        comprehensive_1 = add(ContractType.COMPREHENSIVE, f"{UNIT_NAME}集体合同（2021—2023年度）", pre_window_congress,
                              date(2021, 1, 1), date(2023, 12, 31))
        wage_prev = wage(2021, pre_window_congress, None)
        add(ContractType.OTHER_SPECIAL, f"{UNIT_NAME}劳动定额专项集体合同（2022—2024年度）", c[2021], date(2022, 1, 1),
            date(2024, 12, 31), terminated=date(2024, 1, 1),
            notes="内容并入2024—2026年度集体合同，经双方协商一致提前终止")
        wage_prev = wage(2022, c[2021], wage_prev)
        add(ContractType.FEMALE_WORKERS, f"{UNIT_NAME}女职工权益保护专项集体合同（2023—2026年）", c[2022],
            date(2023, 3, 1), date(2026, 2, 28), notes="含女职工特殊劳动保护、孕期产期哺乳期保护、“两癌”筛查等条款")
        add(ContractType.SAFETY_HEALTH, f"{UNIT_NAME}劳动安全卫生专项集体合同（2023—2025年度）", c[2022],
            date(2023, 1, 1), date(2025, 12, 31), notes="含高温作业、职业病防护、劳动防护用品发放等条款")
        wage_prev = wage(2023, c[2022], wage_prev, late=True)
        add(ContractType.COMPREHENSIVE, f"{UNIT_NAME}集体合同（2024—2026年度）", c[2023], date(2024, 1, 1),
            date(2026, 12, 31), renews=comprehensive_1)
        wage_prev = wage(2024, c[2023], wage_prev)
        wage(2025, c[2024], wage_prev)
        self._insert(CollectiveContract.__table__, rows)
        self.counts["contracts"] = len(rows)
        self.progress.step()

    # -- hardship files ---------------------------------------------------------------------------

    def _leaving(self, p: _Person) -> tuple[date, str] | None:
        """When and why a person stops being someone the union looks after here."""
        if p.mem_end is not None and p.mem_end_kind == MembershipEventKind.DECEASED:
            return p.mem_end, HardshipCloseReason.OTHER.value
        if p.mem_end is not None and p.mem_end_kind == MembershipEventKind.EXPEL:
            return p.mem_end, HardshipCloseReason.INELIGIBLE.value
        if p.emp_end is not None and p.emp_end_status == EmploymentStatus.RESIGNED:
            return p.emp_end, HardshipCloseReason.TRANSFERRED.value
        if p.mem_end is not None and p.mem_end_kind == MembershipEventKind.QUIT:
            return p.mem_end, HardshipCloseReason.INELIGIBLE.value
        return None

    def _build_hardship(self) -> None:
        """Files, households and closures in memory: the roster must know its 劳模 before it is written."""
        rng = self.rng
        wanted = max(8, round(self.size * 0.035))
        taken: set[int] = set()
        files: list[_File] = []
        family_rows: list[dict[str, Any]] = []
        attempts = 0
        while len(files) < wanted and attempts < 200 * wanted:
            attempts += 1
            # A drive before the 2021 Spring Festival opened many files at once; the rest trickle in.
            opened = (_weekday(_rand_date(rng, date(2021, 1, 4), date(2021, 1, 20))) if rng.random() < 0.3
                      else _weekday(_rand_date(rng, date(2021, 2, 1), date(2025, 11, 28))))
            p = self.people[rng.randrange(2, self.size)]
            if p.id in taken or not (p.active(opened) and p.on_duty(opened)):
                continue
            if p.dept.kind not in _FRONT_LINE and rng.random() < 0.7:
                continue  # hardship concentrates among lower-paid front-line workers
            taken.add(p.id)
            category = rng.choices(
                (HardshipCategory.DEEP, HardshipCategory.RELATIVE, HardshipCategory.ACCIDENT), (3, 5, 2)
            )[0]
            if category is HardshipCategory.ACCIDENT:
                causes = {rng.choice((HardshipCause.ACCIDENT, HardshipCause.DISASTER))}
                if rng.random() < 0.4:
                    causes.add(HardshipCause.ILLNESS)
            else:
                pool = (HardshipCause.ILLNESS, HardshipCause.DISABILITY, HardshipCause.EDUCATION,
                        HardshipCause.SINGLE_PARENT, HardshipCause.UNEMPLOYMENT, HardshipCause.LOW_INCOME)
                how_many = rng.randint(2, 3) if category is HardshipCategory.DEEP else rng.randint(1, 2)
                causes = set(rng.sample(pool, how_many))
            ordered = [c.value for c in HardshipCause if c in causes]  # vocabulary order, as forms print them
            file = _File(len(files) + 1, p, category.value, ordered, opened, None, None, [])
            family_rows.extend(self._family(file))
            if rng.random() < 0.35:
                lo = opened + timedelta(days=300)
                if lo < WINDOW_END:
                    file.closed = _rand_date(rng, lo, WINDOW_END)
                    reasons = (HardshipCloseReason.RELIEVED, HardshipCloseReason.INELIGIBLE, HardshipCloseReason.OTHER)
                    file.close_reason = rng.choices(reasons, (7, 2, 1))[0].value
            leaving = self._leaving(p)
            if leaving is not None and leaving[0] > opened and (file.closed is None or leaving[0] < file.closed):
                file.closed, file.close_reason = leaving
            files.append(file)
        for n, row in enumerate(family_rows, start=1):
            row["id"] = n
        self.files = files
        self.family_rows = family_rows
        # 困难劳模: one 劳模 per thousand people (at least one), among those with a file.
        # The earliest files of people still here, so that their 帮扶 shows up in most years.
        staying = (f for f in files if f.person.emp_end is None and f.closed is None)
        longest = sorted(staying, key=lambda f: (f.opened, f.id))
        self.model_files = longest[: max(1, self.size // 1000)]
        for f in self.model_files:
            f.person.notes = "区劳动模范（2016年）"
        self.progress.step()

    def _insert_hardship(self) -> None:
        rng = self.rng
        sizes: dict[int, int] = {}
        for r in self.family_rows:
            sizes[r["file_id"]] = sizes.get(r["file_id"], 0) + 1
        file_rows = []
        for f in self.files:
            deep = f.category == HardshipCategory.DEEP
            lo, hi = (600, 1000) if deep else (900, 1800)
            measures = ["春节送温暖慰问"]
            if HardshipCause.ILLNESS in f.causes:
                measures.append("医疗救助")
            if HardshipCause.EDUCATION in f.causes or f.children:
                measures.append("金秋助学")
            if HardshipCause.DISABILITY in f.causes:
                measures.append("协调企业调整适岗工作")
            if deep:
                measures.append("申请上级工会帮扶资金")
            note = None
            if f.closed is not None and f.closed == f.person.mem_end:
                note = {MembershipEventKind.DECEASED.value: "本人去世，档案注销",
                        MembershipEventKind.EXPEL.value: "本人被开除会籍，档案注销",
                        MembershipEventKind.QUIT.value: "本人退会，档案注销"}.get(f.person.mem_end_kind or "")
            if note is None:
                note = {HardshipCloseReason.RELIEVED.value: "家庭收入提高，经复核认定解困脱困",
                        HardshipCloseReason.TRANSFERRED.value: "本人离职，档案移交",
                        HardshipCloseReason.INELIGIBLE.value: "经复核家庭人均收入已超过困难职工认定标准",
                        HardshipCloseReason.OTHER.value: "家庭情况变化，本人申请撤档"}.get(f.close_reason or "")
            file_rows.append({
                "id": f.id, "member_id": f.person.id, "category": f.category, "causes": "、".join(f.causes),
                "household_size": 1 + sizes.get(f.id, 0),
                "income_per_capita_fen": rng.randint(lo, hi) // 10 * 1000,
                "opened_on": f.opened, "measures": "；".join(measures), "closed_on": f.closed,
                "close_reason": f.close_reason, "notes": note,
            })
        self._insert(HardshipFile.__table__, file_rows)
        self._insert_chunked(HardshipFamilyMember.__table__, self.family_rows)
        self._insert_chunked(HardshipReview.__table__, self._reviews(self.files))
        self.counts["hardship_files"] = len(file_rows)
        self.extra_counts["hardship_family_members"] = len(self.family_rows)
        self.progress.step()

    def _family(self, f: _File) -> list[dict[str, Any]]:
        """The household behind a file: spouse, children, parents, with their own valid IDs.

        Also makes the causes agree with the household (失业 needs a spouse out of work, 单亲 a child).
        """
        rng, p = self.rng, f.person
        rows: list[dict[str, Any]] = []
        ill = HardshipCause.ILLNESS.value in f.causes
        disabled = HardshipCause.DISABILITY.value in f.causes
        sick_assigned = False

        def add(name: str, relation: str, birth: date, female: bool, income: int, work: str) -> None:
            nonlocal sick_assigned
            health = "健康"
            if ill and not sick_assigned and relation not in ("儿子", "女儿"):
                sick_assigned = True
                health = rng.choice(("患尿毒症，长期透析", "恶性肿瘤术后化疗", "脑梗后遗症", "重度糖尿病并发症"))
            elif disabled and rng.random() < 0.4:
                health = rng.choice(("肢体残疾（三级）", "视力残疾（二级）", "智力残疾（三级）"))
            if health != "健康" and relation == "配偶":
                work, income = "病休在家", 0  # an ill or disabled spouse is why the household struggles
            rows.append({
                "id": 0, "file_id": f.id, "name": name, "relation": relation,
                "id_number": self._id_number(p.region, birth, female), "income_fen": income,
                "health": health, "school_or_work": work,
            })

        single = HardshipCause.SINGLE_PARENT.value in f.causes
        spouse_female = not p.female
        # Children carry the father's surname.
        father_surname = p.surname if not p.female else self._surname()
        has_spouse = not single and _age_on(p.birth, f.opened) >= 24
        if has_spouse:
            spouse_birth = max(date(1955, 1, 1), p.birth + timedelta(days=rng.randint(-1500, 1500)))
            work, income = rng.choice((("务农", 50000), ("打零工", 180000), ("无业", 0), ("个体经营", 250000),
                                       ("企业职工", 320000)))
            if HardshipCause.UNEMPLOYMENT.value in f.causes:
                work, income = "失业", 0
            add(self._name(spouse_female, None if spouse_female else father_surname), "配偶", spouse_birth,
                spouse_female, income, work)
        elif HardshipCause.UNEMPLOYMENT.value in f.causes:
            f.causes = [c for c in f.causes if c != HardshipCause.UNEMPLOYMENT.value]
            if HardshipCause.LOW_INCOME.value not in f.causes:
                f.causes.append(HardshipCause.LOW_INCOME.value)
            f.causes = [c.value for c in HardshipCause if c.value in f.causes]
        needs_child = single or HardshipCause.EDUCATION.value in f.causes
        n_children = rng.choice((1, 1, 2, 2, 3)) if needs_child else rng.choice((0, 1, 1, 2))
        latest = f.opened - timedelta(days=60)
        for k in range(n_children):
            birth = _add_years(p.birth, rng.randint(22, 36)) + timedelta(days=rng.randint(0, 364))
            if birth > latest:
                if not (needs_child and k == 0):
                    continue
                birth = max(min(latest, _add_years(f.opened, -rng.randint(3, 15))), _add_years(p.birth, 18))
                if birth > latest:
                    continue
            girl = rng.random() < 0.48
            age = _age_on(birth, f.opened)
            work = ("学龄前" if age < 6 else "小学在读" if age < 12 else "初中在读" if age < 15 else
                    "高中在读" if age < 18 else "大学在读" if age < 22 else "务工")
            name = self._name(girl, father_surname)
            add(name, "女儿" if girl else "儿子", birth, girl, 200000 if work == "务工" else 0, work)
            f.children.append((name, birth))
        if rng.random() < 0.5:
            for relation, female in (("父亲", False), ("母亲", True)):
                if rng.random() < 0.7:
                    birth = _add_years(p.birth, -rng.randint(22, 32)) + timedelta(days=rng.randint(0, 364))
                    work, income = ("务农", 40000) if p.migrant else ("退休", rng.randint(250, 420) * 1000)
                    surname = p.surname if relation == "父亲" else None
                    add(self._name(female, surname), relation, birth, female, income, work)
        return rows

    def _reviews(self, files: Sequence[_File]) -> Iterator[dict[str, Any]]:
        """A 复核 every December while a file is open, and the 走访 of each Spring Festival visit."""
        n = 0
        for f in files:
            for year in YEARS:
                visit = _warmth_date(year)
                if f.open_on(visit):
                    n += 1
                    yield {"id": n, "file_id": f.id, "date": visit, "kind": HardshipReviewKind.VISIT.value, "notes": "春节前入户走访，送去慰问金和米油"}
                review = date(year, 12, 10)
                if f.opened < review and (f.closed is None or review <= f.closed):
                    n += 1
                    relieved = (f.closed is not None and f.closed.year == year
                                and f.close_reason == HardshipCloseReason.RELIEVED)
                    yield {"id": n, "file_id": f.id, "date": review, "kind": HardshipReviewKind.REVIEW.value,
                           "notes": "年度复核，家庭收入已超过困难标准" if relieved else "年度复核，仍符合建档条件，继续帮扶"}
        self.extra_counts["hardship_reviews"] = n

    # -- disbursements ----------------------------------------------------------------------------

    def _pick_active(self, d: date, condition: Callable[[_Person], bool] | None = None) -> _Person | None:
        """A random person who is an active member on duty at d (rejection sampling: O(1) expected)."""
        rng = self.rng
        for _ in range(200):
            p = self.people[rng.randrange(self.size)]
            if p.active(d) and p.on_duty(d) and (condition is None or condition(p)):
                return p
        return None

    def _scaled(self, rate: float) -> int:
        """Expected `rate × size` events, rounded up or down at random so small unions still get some."""
        exact = rate * self.size
        whole = int(exact)
        return whole + (1 if self.rng.random() < exact - whole else 0)

    def _individual_payments(self) -> list[dict[str, Any]]:
        rng = self.rng
        out: list[dict[str, Any]] = []

        def pay(p: _Person, program: AidProgram, d: date, amount: int, funding: FundingSource, *,
                file: _File | None = None, goods: str | None = None, goods_value: int = 0,
                notes: str | None = None) -> None:
            out.append({
                "member_id": p.id, "hardship_file_id": file.id if file else None, "batch_id": None,
                "program": program.value, "date": d, "amount_fen": amount, "goods": goods,
                "goods_value_fen": goods_value, "funding_source": funding.value,
                "signed": rng.random() < 0.97, "notes": notes,
            })

        model_files = self.model_files
        for year in YEARS:
            warmth = _warmth_date(year)
            for f in self.files:
                if f.open_on(warmth):
                    amount = _WARMTH_AMOUNT[f.category]
                    deep = f.category == HardshipCategory.DEEP
                    source = FundingSource.UPPER_UNION if deep else FundingSource.OWN_FUNDS
                    pay(f.person, AidProgram.WARMTH, warmth, amount, source, file=f, goods="大米、食用油",
                        goods_value=20000, notes=f"{year}年春节送温暖")
            may_day = _weekday(date(year, 4, 27))
            for f in model_files:
                if f.open_on(may_day):
                    pay(f.person, AidProgram.MODEL_WORKER, may_day, 300000, FundingSource.UPPER_UNION, file=f,
                        notes="“五一”前夕困难劳模帮扶")
            school = _weekday(date(year, 8, 20))
            for f in self.files:
                if not f.open_on(school):
                    continue
                for name, birth in f.children:
                    age = _age_on(birth, school)
                    if age == 18:
                        pay(f.person, AidProgram.GOLDEN_AUTUMN, school, rng.choice((300000, 400000, 500000)),
                            rng.choice((FundingSource.UPPER_UNION, FundingSource.DONATION)), file=f,
                            notes=f"子女{name}考入大学")
                    elif 6 <= age <= 22 and rng.random() < 0.5:
                        stage = "大学" if age > 18 else "高中" if age >= 15 else "初中" if age >= 12 else "小学"
                        amount = {"大学": 200000, "高中": 100000}.get(stage, 50000)
                        pay(f.person, AidProgram.GOLDEN_AUTUMN, school, amount, FundingSource.OWN_FUNDS, file=f,
                            notes=f"子女{name}{stage}在读")
            for f in self.files:
                lo, hi = max(f.opened, date(year, 1, 1)), min(f.closed or WINDOW_END, date(year, 12, 31))
                if lo >= hi:
                    continue
                if HardshipCause.ILLNESS.value in f.causes and rng.random() < 0.6:
                    pay(f.person, AidProgram.MEDICAL, _weekday(_rand_date(rng, lo, hi - timedelta(days=3))),
                        rng.randint(4, 16) * 50000, rng.choice((FundingSource.UPPER_UNION, FundingSource.OWN_FUNDS)),
                        file=f, notes="大病医疗救助")
                if f.category == HardshipCategory.DEEP and rng.random() < 0.3:
                    pay(f.person, AidProgram.LIVING, _weekday(_rand_date(rng, lo, hi - timedelta(days=3))),
                        rng.randint(5, 15) * 10000, FundingSource.OWN_FUNDS, file=f, notes="临时生活救助")

            start, end = date(year, 1, 1), date(year, 12, 28)
            for program, rate, amounts, notes in (
                (AidProgram.HOSPITAL, 0.03, (50000, 50000, 80000), ("住院慰问",)),
                (AidProgram.MEDICAL, 0.004, (200000, 300000, 500000), ("患重大疾病，医疗救助",)),
                (AidProgram.FUNERAL, 0.01, (100000,), ("直系亲属（父亲）去世", "直系亲属（母亲）去世", "配偶去世")),
            ):
                for _ in range(self._scaled(rate)):
                    d = _weekday(_rand_date(rng, start, end))
                    p = self._pick_active(d)
                    if p is not None:
                        goods = ("水果、牛奶", 10000) if program is AidProgram.HOSPITAL and rng.random() < 0.5 else (None, 0)
                        pay(p, program, d, rng.choice(amounts), FundingSource.OWN_FUNDS, goods=goods[0],
                            goods_value=goods[1], notes=rng.choice(notes))
            for _ in range(self._scaled(0.006)):
                d = _weekday(_rand_date(rng, start, end))
                p = self._pick_active(d, lambda q: q.dept.kind in _FRONT_LINE)
                if p is not None:
                    pay(p, AidProgram.INJURY_VISIT, d, rng.choice((50000, 80000, 100000)), FundingSource.OWN_FUNDS,
                        goods="水果、营养品", goods_value=15000, notes="工伤住院探视")
        # 逢十生日: members turning 30, 40 or 50 get a cake voucher on the birthday.
        for p in self.people:
            for age in (30, 40, 50):
                bday = _add_years(p.birth, age)
                if bday.year in YEARS and p.active(bday):
                    pay(p, AidProgram.BIRTHDAY, min(_weekday(bday), WINDOW_END), 0, FundingSource.OWN_FUNDS,
                        goods="生日蛋糕券", goods_value=20000, notes=f"逢十生日慰问（{age}岁）")
        for p in self.people:
            if p.mem_end_kind == MembershipEventKind.DECEASED:
                pay(p, AidProgram.FUNERAL, _weekday(p.mem_end + timedelta(days=3)), 300000,  # type: ignore[operator]
                    FundingSource.OWN_FUNDS, notes="会员本人因病去世，慰问家属")
        return out

    def _insert_payments(self) -> None:
        rng = self.rng
        singles = self._individual_payments()
        # A ledger lists payments by date: sort once, then merge the batches in by date.
        program_order = {label: i for i, label in enumerate(p.value for p in AidProgram)}
        singles.sort(key=lambda r: (r["date"], program_order[r["program"]], r["member_id"]))

        batches: list[tuple[dict[str, Any], list[int], str, int]] = []  # (row, person ids, goods, value)
        for year in YEARS:
            plans = (
                (AidProgram.SUMMER_COOL, _weekday(date(year, 7, 10)), f"{year}年夏送清凉",
                 "绿豆、白糖、凉茶、藿香正气水", 6000 + 500 * (year - 2021), True),
                (AidProgram.FESTIVAL, _weekday(_MID_AUTUMN[year] - timedelta(days=5)), f"{year}年中秋节慰问",
                 "月饼礼盒", 20000, False),
            )
            for program, d, title, goods, value, front_line in plans:
                if front_line:
                    # High-temperature posts, members or not: the union looks after every worker there.
                    ids = [p.id for p in self.people if p.on_duty(d) and p.dept.kind in _FRONT_LINE]
                    audience = "一线在岗职工"
                else:
                    ids = [p.id for p in self.people if p.active(d) and p.on_duty(d)]
                    audience = "在册在岗会员"
                row = {
                    "id": len(batches) + 1, "title": title, "program": program.value, "date": d,
                    "prepared_by": CONTACT_NAME, "approved_by": CHAIR_NAME,
                    "notes": f"发放对象：{_cn_date(d)}{audience}，共{len(ids)}人；每人{goods}一份",
                }
                batches.append((row, ids, goods, value))
        batches.sort(key=lambda b: (b[0]["date"], b[0]["id"]))
        for n, (row, *_rest) in enumerate(batches, start=1):
            row["id"] = n
        self._insert(AidBatch.__table__, [b[0] for b in batches])
        self.counts["batches"] = len(batches)

        columns = ("id", "member_id", "hardship_file_id", "batch_id", "program", "date", "amount_fen", "goods",
                   "goods_value_fen", "funding_source", "signed", "notes")

        def single(pid: int, r: dict[str, Any]) -> tuple[Any, ...]:
            return (pid, r["member_id"], r["hardship_file_id"], None, r["program"], r["date"].isoformat(),
                    r["amount_fen"], r["goods"], r["goods_value_fen"], r["funding_source"], int(r["signed"]),
                    r["notes"])

        def rows() -> Iterator[tuple[Any, ...]]:
            pid = 0
            i = 0
            for row, ids, goods, value in batches:
                while i < len(singles) and singles[i]["date"] <= row["date"]:
                    pid += 1
                    yield single(pid, singles[i])
                    i += 1
                # The latest batch is still being signed for when the records end.
                unsigned = 0.25 if row["date"].year == 2025 and row["date"].month >= 9 else 0.01
                funding = (FundingSource.ADMINISTRATION if row["program"] == AidProgram.SUMMER_COOL
                           else FundingSource.OWN_FUNDS).value
                program, day, batch_id = row["program"], row["date"].isoformat(), row["id"]
                random_ = rng.random
                for member_id in ids:
                    pid += 1
                    yield (pid, member_id, None, batch_id, program, day, 0, goods, value, funding,
                           int(random_() >= unsigned), None)
                self.progress.step()
            for r in singles[i:]:
                pid += 1
                yield single(pid, r)

        self.counts["payments"] = self._insert_raw(AidPayment.__table__, columns, rows())

    # -- activities and meetings ------------------------------------------------------------------

    def _insert_activities(self) -> None:
        rng = self.rng
        census = {}
        for year in YEARS:
            mid = date(year, 6, 30)
            employees = members = women = 0
            for p in self.people:
                if p.on_duty(mid):
                    employees += 1
                    if p.active(mid):
                        members += 1
                        women += p.female
            census[year] = (employees, members, women)

        acts: list[dict[str, Any]] = []

        def base(name: str, category: AC, start: date, **values: Any) -> dict[str, Any]:
            row = {
                "name": name, "category": category.value, "start_date": start, "end_date": start, "location": None,
                "role": ActivityRole.HOST.value, "participants": None, "cost_fen": 0, "funding_source": None,
                "outcome": None, "summary": None, "expected_attendance": None, "actual_attendance": None,
                "proposals": None, "proposals_closed": None, "decisions": None,
            }
            row.update(values)
            return row

        committee = 7 if self.size < 200 else 9 if self.size < 1000 else 15 if self.size < 5000 else 21
        approvals = {
            2021: "审议通过《2022年度工资专项集体合同（草案）》《劳动定额专项集体合同（草案）》",
            2022: "审议通过《2023年度工资专项集体合同（草案）》《女职工权益保护专项集体合同（草案）》《劳动安全卫生专项集体合同（草案）》",
            2023: "审议通过《集体合同（2024—2026年度）（草案）》《2024年度工资专项集体合同（草案）》",
            2024: "审议通过《2025年度工资专项集体合同（草案）》",
            2025: "审议通过《2026年度职工福利实施方案》，听取集体合同履行情况报告",
        }
        sessions = {2021: "第五届职工代表大会第三次会议", 2022: "第六届职工代表大会第一次会议",
                    2023: "第六届职工代表大会第二次会议", 2024: "第六届职工代表大会第三次会议",
                    2025: "第七届职工代表大会第一次会议"}
        for year in YEARS:
            employees, members, women = census[year]
            d = self.congress_dates[year]
            if employees >= 100:
                # 职代会: at least 5% of the workforce, never fewer than 30 delegates.
                name = sessions[year]
                expected = min(max(30, round(employees * 0.06)), 500)
            else:
                name = f"{year}年会员大会"
                expected = members
            actual = max(math.ceil(expected * 2 / 3), round(expected * rng.uniform(0.88, 1.0)))
            proposals = rng.randint(3, 8) + expected // 60
            closed = proposals if year <= 2023 else proposals - 1 if year == 2024 else proposals // 3
            acts.append(base(
                name, AC.CONGRESS, d, location="公司三楼多功能厅", participants=actual,
                cost_fen=rng.randint(20, 60) * 10000, funding_source=FundingSource.OWN_FUNDS.value,
                expected_attendance=expected, actual_attendance=actual, proposals=proposals, proposals_closed=closed,
                summary=f"应到代表{expected}名，实到{actual}名，超过三分之二，会议有效。征集提案{proposals}件。",
                decisions=f"听取并审议《{year}年度行政工作报告》《工会工作报告》《职代会提案办理情况报告》；{approvals[year]}",
            ))
            for i, (month, topic) in enumerate(_COMMITTEE_AGENDA, start=1):
                d = _weekday(date(year, month, rng.randint(5, 25)))
                actual = committee - rng.choice((0, 0, 0, 1, 1, 2))
                acts.append(base(
                    f"{year}年第{i}次工会委员会会议", AC.COMMITTEE_MEETING, d,
                    location=rng.choice(("工会办公室", "公司二楼小会议室")), participants=actual,
                    expected_attendance=committee, actual_attendance=actual, decisions=topic,
                    summary=f"应到委员{committee}名，实到{actual}名。",
                ))
        self.progress.step()

        others = min(25 + self.size // 100, 10_000)
        used: set[tuple[int, str]] = set()
        categories = list(_TEMPLATES)
        weights = [_CATEGORY_WEIGHTS[c] for c in categories]
        # Each category deals its templates from a shuffled deck, so a small union does not hold
        # the same event three times while other kinds never appear.
        decks: dict[AC, list[_Template]] = {c: [] for c in categories}
        for i in range(others):
            year = YEARS[i % len(YEARS)]
            # The first round covers every category once, so even the smallest union shows them all.
            category = categories[i] if i < len(categories) else rng.choices(categories, weights)[0]
            deck = decks[category]
            tpl = None
            for _ in range(2):
                if not deck:
                    deck.extend(rng.sample(_TEMPLATES[category], len(_TEMPLATES[category])))
                tpl = next((t for t in deck if t.min_year <= year), None)
                if tpl is not None:
                    deck.remove(tpl)
                    break
                deck.clear()
            assert tpl is not None
            name = tpl.name
            k = 2
            while (year, name) in used:
                name = f"{tpl.name}（第{k}期）"
                k += 1
            used.add((year, name))
            employees, members, women = census[year]
            month = rng.randint(*tpl.months)
            day = rng.randint(*tpl.days_of_month)
            start = _weekday(date(year, month, day))
            mode, lo, hi, cap = tpl.participants
            if mode == "fixed":
                n = rng.randint(lo, hi)
            else:
                pool = women if mode == "women" else members
                n = round(pool * rng.uniform(lo, hi))
            n = max(1, min(n, cap))
            cost = (n * tpl.per_head_fen + tpl.fixed_fen) // 100 * 100
            funding = None
            if cost:
                by_company = category in (AC.ANKANG_CUP, AC.TRAINING) and rng.random() < 0.3
                funding = (FundingSource.ADMINISTRATION if by_company else FundingSource.OWN_FUNDS).value
            outcome = None
            if tpl.outcomes:
                n1 = rng.randint(20, 80)
                outcome = rng.choice(tpl.outcomes).format(n1=n1, n2=max(1, n1 * rng.randint(30, 60) // 100))
            acts.append(base(
                name, category, start, end_date=min(start + timedelta(days=tpl.span), date(year, 12, 31)),
                location=rng.choice(tpl.locations),
                role=tpl.role.value, participants=n, cost_fen=cost, funding_source=funding, outcome=outcome,
                summary=tpl.summary.format(n=n),
            ))

        # Number the register by date, as a chair's ledger is.
        acts.sort(key=lambda a: (a["start_date"], a["category"], a["name"]))
        for n, row in enumerate(acts, start=1):
            row["id"] = n

        # Sign-in sheets for a few activities: there 人次 is the length of the list.
        attendance: list[dict[str, Any]] = []
        wanted = [AC.TRAINING, AC.WOMEN, AC.CULTURE_SPORTS, AC.LEGAL_EDUCATION]
        for category in wanted:
            row = next((a for a in acts if a["category"] == category.value and a["role"] == ActivityRole.HOST.value
                        and a["start_date"].year >= 2023), None)
            if row is None:
                continue
            d = row["start_date"]
            eligible = [p.id for p in self.people if p.active(d) and p.on_duty(d)
                        and (category is not AC.WOMEN or p.female)]
            chosen = sorted(rng.sample(eligible, min(len(eligible), row["participants"], 150)))
            row["participants"] = len(chosen)
            row["summary"] = f"签到{len(chosen)}人。" + (row["summary"] or "")
            for member_id in chosen:
                attendance.append({"id": len(attendance) + 1, "activity_id": row["id"], "member_id": member_id})
        self._insert(Activity.__table__, acts)
        self._insert(ActivityAttendance.__table__, attendance)
        self.counts["activities"] = len(acts)
        self.extra_counts["attendance"] = len(attendance)
        self.progress.step()


# ---------------------------------------------------------------------------------------------
# Calendar facts 2021–2025 (lunar festivals cannot be computed without a lunar calendar).

_SPRING_FESTIVAL = {2021: date(2021, 2, 12), 2022: date(2022, 2, 1), 2023: date(2023, 1, 22),
                    2024: date(2024, 2, 10), 2025: date(2025, 1, 29)}
_MID_AUTUMN = {2021: date(2021, 9, 21), 2022: date(2022, 9, 10), 2023: date(2023, 9, 29),
               2024: date(2024, 9, 17), 2025: date(2025, 10, 6)}


#: 送温暖 per household, by 困难类别 (fen): the deeper the hardship, the more.
_WARMTH_AMOUNT = {HardshipCategory.DEEP.value: 200000, HardshipCategory.ACCIDENT.value: 150000,
                  HardshipCategory.RELATIVE.value: 100000}


def _warmth_date(year: int) -> date:
    """送温暖 goes out about two weeks before the Spring Festival."""
    return _weekday(_SPRING_FESTIVAL[year] - timedelta(days=14))


_COMMITTEE_AGENDA = (
    (1, "研究春节送温暖慰问名单及标准；通过年度工会经费预算"),
    (3, "研究“三八”国际妇女节活动方案；审议年度工会工作要点"),
    (5, "研究“安全生产月”和“安康杯”竞赛方案；讨论夏送清凉安排"),
    (7, "审议金秋助学申请名单；研究职工技能竞赛方案"),
    (9, "研究中秋节慰问方案；审批新会员入会申请"),
    (11, "研究职代会筹备事项；审议困难职工档案年度复核结果"),
)


@dataclass(frozen=True)
class _Template:
    name: str
    months: tuple[int, int]
    locations: tuple[str, ...]
    participants: tuple[str, float, float, int]  # (share|women|fixed, lo, hi, cap)
    summary: str  # may use {n}, the participant count
    role: ActivityRole = ActivityRole.HOST
    span: int = 0  # extra days after the start
    per_head_fen: int = 0
    fixed_fen: int = 0
    outcomes: tuple[str, ...] = ()  # may use {n1}, {n2}
    min_year: int = 2021
    days_of_month: tuple[int, int] = (1, 28)


# One template per line: the table reads better than wrapped constructor calls.
# fmt: off
_T = _Template
_PRIZES = "评出一等奖1名、二等奖2名、三等奖3名"
_TEMPLATES: dict[AC, tuple[_Template, ...]] = {
    AC.IDEOLOGY: (
        _T("劳模工匠进企业宣讲会", (4, 5), ("公司大礼堂",), ("share", 0.15, 0.30, 400), "邀请区劳动模范讲述成长经历，弘扬劳模精神、劳动精神、工匠精神。", fixed_fen=50000),
        _T("“劳动创造幸福”主题宣讲", (4, 5), ("公司大礼堂", "职工之家活动室"), ("share", 0.10, 0.25, 300), "结合“五一”国际劳动节开展主题宣讲。"),
        _T("职工思想政治教育专题讲座", (6, 10), ("公司三楼多功能厅",), ("share", 0.10, 0.20, 300), "邀请党校讲师作专题辅导。", fixed_fen=80000),
        _T("学习贯彻中国工会十八大精神宣讲会", (3, 11), ("公司三楼多功能厅",), ("share", 0.15, 0.30, 400), "传达学习中国工会第十八次全国代表大会精神。", min_year=2024),
        _T("参加区总工会“中国梦·劳动美”主题宣讲", (5, 9), ("区职工服务中心",), ("fixed", 3, 8, 8), "组织职工代表参加区总工会宣讲活动。", role=ActivityRole.PARTICIPANT),
    ),
    AC.CULTURE_SPORTS: (
        _T("迎新春职工文艺汇演", (1, 1), ("公司大礼堂",), ("share", 0.30, 0.50, 1500), "各车间、部门选送节目，职工自编自演。", per_head_fen=3000, fixed_fen=300000),
        _T("职工篮球赛", (4, 6), ("公司篮球场",), ("share", 0.05, 0.10, 200), "各部门组队参赛，历时十天。", span=10, per_head_fen=5000, outcomes=("生产一车间代表队获冠军", "装配车间代表队获冠军", "技术研发部代表队获冠军")),
        _T("职工趣味运动会", (10, 11), ("公司篮球场", "区体育中心"), ("share", 0.30, 0.50, 1200), "设拔河、跳绳、托球跑等项目。", per_head_fen=4000, fixed_fen=100000),
        _T("职工羽毛球比赛", (3, 5), ("区体育中心羽毛球馆",), ("share", 0.03, 0.06, 120), "设男子单打、女子单打和混合双打。", span=2, per_head_fen=6000, outcomes=("质检部代表队获团体第一名", "综合办公室代表队获团体第一名")),
        _T("“健康同行”职工健步走", (3, 4), ("江川湿地公园",), ("share", 0.20, 0.40, 1000), "倡导健康生活方式。", per_head_fen=2000),
        _T("中秋游园会", (9, 9), ("职工食堂二楼", "公司广场"), ("share", 0.30, 0.50, 1500), "设猜灯谜、套圈等游戏。", per_head_fen=2500, days_of_month=(1, 20)),
        _T("职工摄影作品展", (5, 7), ("职工之家活动室",), ("share", 0.05, 0.10, 200), "展出职工摄影作品。", span=14, fixed_fen=150000),
    ),
    AC.SKILLS_CONTEST: (
        _T("数控车工技能竞赛", (5, 6), ("生产一车间",), ("share", 0.04, 0.08, 120), "理论考试与实操比赛相结合。", span=1, per_head_fen=8000, fixed_fen=200000, outcomes=(_PRIZES,)),
        _T("钳工技能比武", (9, 10), ("生产一车间",), ("share", 0.03, 0.06, 100), "以赛促学、以赛促练。", per_head_fen=8000, fixed_fen=150000, outcomes=(_PRIZES,)),
        _T("装配工技能大赛", (6, 8), ("装配车间",), ("share", 0.04, 0.08, 120), "比装配质量、比效率、比安全。", span=1, per_head_fen=8000, fixed_fen=150000, outcomes=(_PRIZES,)),
        _T("“质量月”质量之星评选", (9, 9), ("质检部",), ("share", 0.05, 0.10, 200), "评选年度质量之星。", per_head_fen=2000, outcomes=("评出“质量之星”5名",)),
        _T("合理化建议和“五小”创新成果评选", (10, 12), ("公司三楼多功能厅",), ("share", 0.05, 0.10, 300), "征集合理化建议和小发明、小创造、小革新、小设计、小建议。", span=30, fixed_fen=200000, outcomes=("收到合理化建议{n1}条，采纳{n2}条",)),
        _T("参加区职工职业技能大赛", (9, 11), ("区职业技能鉴定中心",), ("fixed", 3, 8, 8), "选派技术骨干参赛。", role=ActivityRole.PARTICIPANT, span=2, fixed_fen=30000, outcomes=("公司选手获二等奖1名、三等奖2名", "公司选手获三等奖1名", "公司选手获优秀奖2名")),
    ),
    AC.ANKANG_CUP: (
        _T("“安康杯”竞赛启动暨安全生产承诺签名活动", (3, 4), ("公司广场",), ("share", 0.40, 0.70, 3000), "全体职工签名承诺安全生产。", fixed_fen=50000),
        _T("“安全生产月”安全知识竞赛", (6, 6), ("公司三楼多功能厅",), ("share", 0.05, 0.10, 200), "各车间组队参赛。", per_head_fen=3000, fixed_fen=100000, outcomes=("生产二车间代表队获团体一等奖", "装配车间代表队获团体一等奖")),
        _T("车间安全隐患“随手拍”活动", (6, 7), ("各车间",), ("share", 0.10, 0.25, 800), "发动职工查找身边隐患。", span=30, fixed_fen=100000, outcomes=("征集隐患{n1}条，已整改{n2}条",)),
        _T("消防应急疏散演练", (11, 11), ("公司广场",), ("share", 0.50, 0.80, 3000), "与安全环保部联合组织。"),
        _T("参加区“安康杯”知识竞赛", (6, 7), ("区职工服务中心",), ("fixed", 3, 5, 5), "代表公司参加区总工会组织的竞赛。", role=ActivityRole.PARTICIPANT, outcomes=("获团体三等奖", "获优秀组织奖")),
    ),
    AC.TRAINING: (
        _T("新入职员工安全生产与工会知识培训", (3, 4), ("公司三楼多功能厅",), ("share", 0.03, 0.08, 300), "讲解安全操作规程、工会会员权利义务。", per_head_fen=2000),
        _T("劳动法律法规知识培训", (5, 6), ("公司三楼多功能厅",), ("share", 0.05, 0.12, 300), "邀请律师讲解劳动合同法等法律法规。", fixed_fen=100000),
        _T("班组长管理能力培训", (8, 9), ("公司培训室",), ("share", 0.02, 0.05, 150), "提升一线班组长管理能力。", span=1, per_head_fen=15000),
        _T("急救知识（心肺复苏和AED使用）培训", (4, 10), ("职工之家活动室",), ("share", 0.03, 0.06, 150), "邀请红十字会讲师现场教学。", fixed_fen=80000),
        _T("工会干部业务培训", (2, 3), ("工会办公室",), ("fixed", 8, 15, 15), "工会委员和工会小组长参加。", per_head_fen=5000),
        _T("参加区总工会基层工会主席培训班", (4, 10), ("区总工会培训中心",), ("fixed", 1, 3, 3), "学习工会业务知识。", role=ActivityRole.PARTICIPANT, span=2),
        _T("职工心理健康讲座", (10, 11), ("公司三楼多功能厅",), ("share", 0.05, 0.12, 300), "关注职工心理健康。", fixed_fen=60000),
    ),
    AC.LEGAL_EDUCATION: (
        _T("“宪法宣传周”普法活动", (12, 12), ("公司广场",), ("share", 0.10, 0.25, 800), "设咨询台、发放宣传资料。", days_of_month=(1, 8)),
        _T("《工会法》《劳动合同法》知识竞赛", (4, 5), ("公司三楼多功能厅",), ("share", 0.05, 0.10, 200), "线上答题与现场竞赛相结合。", per_head_fen=2000, outcomes=(_PRIZES,)),
        _T("“尊法守法·携手筑梦”法律咨询进企业", (5, 6), ("职工食堂门口",), ("share", 0.05, 0.12, 300), "律师现场解答职工法律问题。"),
        _T("民法典宣传月活动", (5, 5), ("职工之家活动室",), ("share", 0.05, 0.15, 300), "学习民法典与职工生活相关内容。"),
    ),
    AC.VOLUNTEER: (
        _T("“学雷锋”志愿服务活动", (3, 3), ("石楼镇社区",), ("share", 0.02, 0.05, 150), "到社区开展义务维修和环境清洁。", per_head_fen=2000),
        _T("无偿献血活动", (6, 8), ("公司广场",), ("share", 0.02, 0.05, 200), "组织职工无偿献血，{n}人参加。"),
        _T("关爱留守儿童志愿服务", (6, 8), ("石楼镇中心小学",), ("share", 0.01, 0.03, 100), "为留守儿童送去学习用品。", per_head_fen=5000),
    ),
    AC.VISITS: (
        _T("春节前走访慰问困难职工", (1, 1), ("困难职工家中",), ("fixed", 5, 15, 15), "工会主席带队入户走访。"),
        _T("高温一线职工慰问", (7, 8), ("各车间",), ("fixed", 5, 10, 10), "深入车间慰问高温作业职工。"),
    ),
    AC.WOMEN: (
        _T("“三八”国际妇女节主题活动", (3, 3), ("职工之家活动室",), ("women", 0.40, 0.70, 800), "开展插花、茶艺等活动。", per_head_fen=5000, days_of_month=(1, 8)),
        _T("女职工“两癌”筛查", (4, 6), ("区妇幼保健院",), ("women", 0.50, 0.80, 2000), "为女职工免费开展宫颈癌、乳腺癌筛查。", span=5, per_head_fen=20000),
        _T("女职工权益保护知识讲座", (6, 9), ("公司三楼多功能厅",), ("women", 0.20, 0.40, 400), "宣讲《女职工劳动保护特别规定》。"),
        _T("“爱心妈妈小屋”开放日", (5, 5), ("爱心妈妈小屋",), ("women", 0.03, 0.08, 60), "介绍哺乳期女职工关爱措施。"),
    ),
    AC.OTHER: (
        _T("工会经费审查委员会年度审计", (3, 4), ("工会办公室",), ("fixed", 3, 5, 5), "审查上年度工会经费收支情况。"),
        _T("职工书屋读书分享会", (4, 4), ("职工书屋",), ("share", 0.02, 0.05, 100), "“世界读书日”主题分享。", fixed_fen=50000),
        _T("“我为职工办实事”意见征集", (2, 3), ("各部门",), ("share", 0.20, 0.40, 2000), "征集职工意见建议{n}人次。"),
    ),
}
# fmt: on
_CATEGORY_WEIGHTS = {
    AC.IDEOLOGY: 2, AC.CULTURE_SPORTS: 4, AC.SKILLS_CONTEST: 2, AC.ANKANG_CUP: 2, AC.TRAINING: 4,
    AC.LEGAL_EDUCATION: 2, AC.VOLUNTEER: 2, AC.VISITS: 1, AC.WOMEN: 2, AC.OTHER: 1,
}
