"""The demo union: what it contains, that it is valid and deterministic, and that it never lands
on a database that already holds records (nor half-lands when cancelled).

Screenshots, documents, figures tests and the benchmarks all lean on the demo, so these tests pin
the properties they rely on rather than exact numbers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session, sessionmaker

from unionbook.db.models import (
    Activity,
    ActivityAttendance,
    AidBatch,
    AidPayment,
    AuditEntry,
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
from unionbook.domain.idnumber import parse_resident_id
from unionbook.domain.vocab import (
    ActivityCategory,
    AidProgram,
    ContractType,
    Education,
    EmploymentStatus,
    HardshipCause,
    HardshipCloseReason,
    HukouType,
    MembershipEventKind,
    PoliticalStatus,
    labels,
)
from unionbook.services.database import Database
from unionbook.services.demo import DemoSummary, generate_demo

WINDOW_START, WINDOW_END = date(2021, 1, 1), date(2025, 12, 31)
#: Tables whose every column (bookkeeping timestamps aside) must come out the same for a seed.
DETERMINISTIC_TABLES = (
    Member, MembershipEvent, EmploymentEvent, CollectiveContract, HardshipFile, HardshipFamilyMember,
    HardshipReview, AidBatch, AidPayment, Activity, ActivityAttendance, UnionProfile,
)


def _count(factory: sessionmaker[Session], model: type) -> int:
    with factory() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def _rows(factory: sessionmaker[Session], model: type) -> list[tuple]:
    table: Table = model.__table__  # type: ignore[attr-defined]
    columns = [c for c in table.c if c.name not in ("created_at", "updated_at")]
    with factory() as session:
        return [tuple(r) for r in session.execute(select(*columns).order_by(table.c.id))]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, DemoSummary]]:
    """One 300-member demo union shared by the read-only tests below."""
    database = Database.open(tmp_path_factory.mktemp("demo") / "demo.sqlite", source="test")
    summary = generate_demo(database.session_factory)
    yield database, summary
    database.close()


def test_demo_fills_every_register(demo: tuple[Database, DemoSummary]) -> None:
    database, summary = demo
    factory = database.session_factory
    assert summary.members == _count(factory, Member) == 300
    assert summary.membership_events == _count(factory, MembershipEvent)
    assert summary.contracts == _count(factory, CollectiveContract)
    assert summary.hardship_files == _count(factory, HardshipFile)
    assert summary.payments == _count(factory, AidPayment)
    assert summary.batches == _count(factory, AidBatch)
    assert summary.activities == _count(factory, Activity)

    with factory() as session:
        profile = session.get(UnionProfile, 1)
        assert profile is not None and profile.union_name == "江川精密机械有限公司工会"
        assert len(profile.credit_code) == 18

        # Membership: every 会籍变化 kind occurs; some employees are not members at all.
        kinds = Counter(session.scalars(select(MembershipEvent.kind)))
        assert set(kinds) == set(labels(MembershipEventKind))
        assert kinds[MembershipEventKind.DECEASED] == 1 and kinds[MembershipEventKind.EXPEL] >= 2
        statuses = Counter(session.scalars(select(EmploymentEvent.status)))
        assert statuses[EmploymentStatus.ON_DUTY] == 300
        assert statuses[EmploymentStatus.RETIRED] >= 3 and statuses[EmploymentStatus.RESIGNED] >= 10
        retired = set(session.scalars(select(EmploymentEvent.member_id).where(EmploymentEvent.status == "退休")))
        retained = set(session.scalars(select(MembershipEvent.member_id).where(MembershipEvent.kind == "保留")))
        assert retained <= retired
        non_members = session.scalar(
            select(func.count()).select_from(Member).where(~Member.id.in_(select(MembershipEvent.member_id)))
        )
        assert 3 <= non_members <= 45
        joined_in_window = session.scalar(
            select(func.count()).select_from(MembershipEvent).where(
                MembershipEvent.kind.in_(["入会", "转入"]), MembershipEvent.date >= WINDOW_START
            )
        )
        assert joined_in_window >= 20
        assert session.scalar(select(func.max(MembershipEvent.date))) <= WINDOW_END
        assert session.scalar(select(func.max(EmploymentEvent.date))) <= WINDOW_END

        # Contracts: a 综合 renewal ending 2026-12-31, a chain of yearly wage contracts, one terminated.
        contracts = {c.id: c for c in session.scalars(select(CollectiveContract))}
        assert {c.kind for c in contracts.values()} == set(labels(ContractType))
        current = [c for c in contracts.values() if c.kind == ContractType.COMPREHENSIVE and c.renews_id]
        assert len(current) == 1 and current[0].effective_to == date(2026, 12, 31)
        assert contracts[current[0].renews_id].effective_to == date(2023, 12, 31)
        wages = sorted((c for c in contracts.values() if c.kind == ContractType.WAGE), key=lambda c: c.effective_from)
        assert [c.effective_from.year for c in wages] == [2021, 2022, 2023, 2024, 2025]
        assert all(later.renews_id == earlier.id for earlier, later in zip(wages, wages[1:]))
        assert all(350 <= c.wage_increase_bp <= 600 for c in wages)
        assert sum(c.terminated_on is not None for c in contracts.values()) == 1
        for c in contracts.values():
            assert c.negotiated_on < c.congress_approved_on < c.signed_on <= c.published_on
            assert c.signed_on < c.filed_on and c.signed_on < c.effective_from
            assert 0 < c.covered_female <= c.covered_employees <= 300
        late = [c for c in contracts.values() if (c.filed_on - c.signed_on).days > 10]
        assert len(late) == 1

        # Hardship: files open and closed (some 解困脱困), with families, reviews and visits.
        files = list(session.scalars(select(HardshipFile)))
        assert 8 <= len(files) <= 20
        assert any(f.closed_on is None for f in files)
        assert any(f.close_reason == HardshipCloseReason.RELIEVED for f in files)
        for f in files:
            assert set(f.causes.split("、")) <= set(labels(HardshipCause))
            assert f.household_size == 1 + len(f.family)
            assert WINDOW_START <= f.opened_on <= WINDOW_END
            assert (f.closed_on is None) == (f.close_reason is None)
        review_kinds = set(session.scalars(select(HardshipReview.kind)))
        assert review_kinds == {"复核", "走访"}

        # Payments: a few hundred individual ones across many programs, plus bounded batches.
        singles = list(session.scalars(select(AidPayment).where(AidPayment.batch_id.is_(None))))
        assert 150 <= len(singles) <= 600
        programs = {p.program for p in session.scalars(select(AidPayment))}
        assert len(programs) >= 8 and {"送温暖", "金秋助学", "节日慰问", "夏送清凉"} <= programs
        warmth = [p for p in singles if p.program == AidProgram.WARMTH]
        assert warmth and all(p.hardship_file_id is not None and p.date.month in (1, 2) for p in warmth)
        assert all(p.date.month == 8 for p in singles if p.program == AidProgram.GOLDEN_AUTUMN)
        batches = list(session.scalars(select(AidBatch)))
        assert len(batches) == 10
        for year in range(2021, 2026):
            assert sum(b.date.year == year and b.program == AidProgram.FESTIVAL for b in batches) == 1
        per_batch = Counter(session.scalars(select(AidPayment.batch_id).where(AidPayment.batch_id.is_not(None))))
        assert all(150 <= per_batch[b.id] <= 300 for b in batches)
        assert session.scalar(select(func.min(AidPayment.date))) >= WINDOW_START
        assert session.scalar(select(func.max(AidPayment.date))) <= WINDOW_END
        assert session.scalar(select(func.avg(AidPayment.signed))) > 0.9

        # Activities: about 60, every category, one 职代会 and six 委员会议 a year.
        activities = list(session.scalars(select(Activity)))
        assert 50 <= len(activities) <= 80
        assert {a.category for a in activities} == set(labels(ActivityCategory))
        for year in range(2021, 2026):
            of_year = [a for a in activities if a.start_date.year == year]
            assert sum(a.category == ActivityCategory.CONGRESS for a in of_year) == 1
            assert sum(a.category == ActivityCategory.COMMITTEE_MEETING for a in of_year) == 6
        for a in activities:
            assert WINDOW_START <= a.start_date <= a.end_date <= WINDOW_END
            if a.category in ActivityCategory.meetings():
                assert a.actual_attendance * 3 >= a.expected_attendance * 2
                assert a.actual_attendance <= a.expected_attendance
            if a.category == ActivityCategory.CONGRESS:
                assert 0 <= a.proposals_closed <= a.proposals and a.decisions
        attendance = Counter(session.scalars(select(ActivityAttendance.activity_id)))
        assert len(attendance) >= 3
        for activity_id, listed in attendance.items():
            assert session.get(Activity, activity_id).participants == listed

        # One summary audit entry for the whole generation.
        entries = list(session.scalars(select(AuditEntry)))
        assert [e.action for e in entries] == ["demo"]
        assert entries[0].changes["members"] == 300


def test_demo_people_are_plausible(demo: tuple[Database, DemoSummary]) -> None:
    database, _ = demo
    with database.session_factory() as session:
        people = list(session.scalars(select(Member)))
    female = sum(p.gender == "女" for p in people)
    assert 0.35 <= female / len(people) <= 0.55
    migrants = [p for p in people if p.is_migrant_worker]
    assert 0.2 <= len(migrants) / len(people) <= 0.4
    assert all(p.hukou_type == HukouType.RURAL for p in migrants)
    assert all(date(1965, 1, 1) <= p.birth_date <= date(2003, 12, 31) for p in people)
    assert {p.education for p in people} <= set(labels(Education))
    assert {p.political_status for p in people} <= set(labels(PoliticalStatus))
    assert {p.employment_form for p in people} == {"劳动合同制", "劳务派遣", "临时工"}
    assert Counter(p.ethnicity for p in people).most_common(1)[0][0] == "汉族"
    phones = [p.phone for p in people if p.phone]
    assert all(len(x) == 11 and x[:2] in ("13", "15", "18") for x in phones)
    assert len(set(phones)) == len(phones)
    departments = Counter(p.department for p in people)
    assert departments.most_common(1)[0][0] in ("生产一车间", "生产二车间", "装配车间")
    with_card = sum(p.member_card_no is not None for p in people)
    assert with_card > len(people) // 2


def test_demo_histories_are_consistent(demo: tuple[Database, DemoSummary]) -> None:
    """Each person: hired, then maybe left; joined, then maybe left — and the two stories agree."""
    database, _ = demo
    with database.session_factory() as session:
        people = list(session.scalars(select(Member)))
        for person in people:
            jobs = [(e.date, e.status) for e in person.employment_events]
            assert jobs[0][1] == EmploymentStatus.ON_DUTY and len(jobs) <= 2
            left_job = dict((status, day) for day, status in jobs[1:])
            assert all(day > jobs[0][0] for day, _ in jobs[1:])
            events = [(e.date, e.kind) for e in person.membership_events]
            if not events:
                continue
            assert events[0][1] in MembershipEventKind.active() and len(events) <= 2
            assert events[0][0] >= jobs[0][0]
            if len(events) == 2:
                day, kind = events[1]
                assert day > events[0][0]
                if kind == MembershipEventKind.RETAIN:
                    assert left_job.get(EmploymentStatus.RETIRED) == day
                elif kind != MembershipEventKind.QUIT:  # 退会 can happen while still employed
                    assert left_job.get(EmploymentStatus.RESIGNED) == day
            elif left_job:
                pytest.fail(f"{person.name} left the company but is still an active member")


def test_demo_id_numbers_are_valid_and_agree(demo: tuple[Database, DemoSummary]) -> None:
    database, _ = demo
    with database.session_factory() as session:
        people = list(session.scalars(select(Member)))
        relatives = list(session.scalars(select(HardshipFamilyMember.id_number)))
    numbers = [p.id_number for p in people]
    assert all(numbers) and len(set(numbers)) == len(numbers)
    for person in people:
        parsed = parse_resident_id(person.id_number, today=date(2026, 1, 1))
        assert parsed.number == person.id_number
        assert parsed.birth_date == person.birth_date
        assert parsed.gender == person.gender
    for number in relatives:
        parse_resident_id(number, today=date(2026, 1, 1))
    assert not set(relatives) & set(numbers)


def test_demo_is_deterministic(tmp_path: Path) -> None:
    contents = []
    for name in ("a", "b"):
        with Database.open(tmp_path / f"{name}.sqlite", source="test") as database:
            generate_demo(database.session_factory, members=120, seed=7)
            contents.append({m.__table__.name: _rows(database.session_factory, m) for m in DETERMINISTIC_TABLES})
    assert contents[0] == contents[1]
    with Database.open(tmp_path / "c.sqlite", source="test") as database:
        generate_demo(database.session_factory, members=120, seed=8)
        other = _rows(database.session_factory, Member)
    assert other != contents[0]["members"]


def test_demo_refuses_a_database_with_records(demo: tuple[Database, DemoSummary]) -> None:
    database, summary = demo
    before = {m.__table__.name: _count(database.session_factory, m) for m in (*DETERMINISTIC_TABLES, AuditEntry)}
    with pytest.raises(InputError) as info:
        generate_demo(database.session_factory)
    assert "已有数据（300 名职工）" in str(info.value)
    assert not isinstance(info.value, OperationCancelled)
    after = {m.__table__.name: _count(database.session_factory, m) for m in (*DETERMINISTIC_TABLES, AuditEntry)}
    assert after == before


def test_demo_refuses_records_without_members(tmp_path: Path) -> None:
    """A database holding only contracts (or a named union) is somebody's too."""
    with Database.open(tmp_path / "x.sqlite", source="test") as database:
        with database.session_factory.begin() as session:
            session.add(CollectiveContract(kind="综合集体合同", title="本单位集体合同"))
        with pytest.raises(InputError, match="1 份集体合同"):
            generate_demo(database.session_factory)
        assert _count(database.session_factory, Member) == 0


def test_demo_fills_a_blank_profile_row(tmp_path: Path) -> None:
    with Database.open(tmp_path / "x.sqlite", source="test") as database:
        with database.session_factory.begin() as session:
            session.add(UnionProfile(id=1))
        generate_demo(database.session_factory, members=40)
        with database.session_factory() as session:
            assert session.get(UnionProfile, 1).chair_name == "周立军"


def test_demo_cancel_leaves_database_empty(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    with Database.open(tmp_path / "x.sqlite", source="test") as database:
        with pytest.raises(OperationCancelled) as info:
            generate_demo(
                database.session_factory,
                members=200,
                progress=lambda done, total: calls.append((done, total)),
                cancelled=lambda: len(calls) >= 20,  # well into the inserts
            )
        assert "已取消" in str(info.value)
        for model in (*DETERMINISTIC_TABLES, AuditEntry):
            assert _count(database.session_factory, model) == 0, model.__table__.name
        # The database is still usable: a later run fills it.
        generate_demo(database.session_factory, members=40)
        assert _count(database.session_factory, Member) == 40


def test_demo_reports_progress_a_bounded_number_of_times(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    with Database.open(tmp_path / "x.sqlite", source="test") as database:
        generate_demo(database.session_factory, members=50, progress=lambda d, t: calls.append((d, t)))
    assert 5 <= len(calls) <= 60
    done = [d for d, _ in calls]
    assert done == sorted(done) and calls[-1][0] == calls[-1][1]


@pytest.mark.parametrize("members", [0, 5, 2_000_000])
def test_demo_rejects_unreasonable_sizes(tmp_path: Path, members: int) -> None:
    with Database.open(tmp_path / "x.sqlite", source="test") as database:
        with pytest.raises(InputError):
            generate_demo(database.session_factory, members=members)
