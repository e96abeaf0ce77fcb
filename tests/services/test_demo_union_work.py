"""The demo union's honors, positions, rights cases and 互助保障 (issue 13): present, plausible, in
step with the other registers, and added without changing a single row of the older registers."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import Table, select

import unionbook.services.demo as demo
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
    Honor,
    Member,
    MembershipEvent,
    MutualAidEnrollment,
    Position,
    RightsCase,
    UnionProfile,
)
from unionbook.domain.vocab import ActivityCategory, CaseKind, HonorKind, PositionKind
from unionbook.services.database import Database
from unionbook.services.demo import generate_demo
from unionbook.services.honors import model_worker_title

OLDER = (Member, MembershipEvent, EmploymentEvent, CollectiveContract, HardshipFile, HardshipFamilyMember,
         HardshipReview, AidBatch, AidPayment, Activity, ActivityAttendance, UnionProfile)  # fmt: skip
#: Columns the older registers gained with issue 13 (filled by the new phase only).
NEW_COLUMNS = {"visitors"}


def _rows(database: Database, model: type) -> list[tuple]:
    table: Table = model.__table__  # type: ignore[attr-defined]
    columns = [c for c in table.c if c.name not in ("created_at", "updated_at", *NEW_COLUMNS)]
    with database.session_factory() as session:
        return [tuple(r) for r in session.execute(select(*columns).order_by(table.c.id))]


def test_older_registers_are_unchanged_by_the_new_phase(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Database.open(tmp_path / "with.sqlite", source="test") as full:
        generate_demo(full.session_factory, members=120, seed=7)
        monkeypatch.setattr(demo, "insert_union_work", lambda ctx: None)
        with Database.open(tmp_path / "without.sqlite", source="test") as older:
            generate_demo(older.session_factory, members=120, seed=7)
            for model in OLDER:
                before, after = _rows(older, model), _rows(full, model)
                assert after[: len(before)] == before, model.__table__.name
                extra = after[len(before) :]
                assert not extra or model is Activity, model.__table__.name  # only 体检/疗休养 are added
                assert all(row[2] == ActivityCategory.HEALTH for row in extra)


def test_demo_has_every_kind_of_issue_13_record(demo_db: Database) -> None:
    with demo_db.session_factory() as s:
        honors = list(s.scalars(select(Honor)))
        assert 20 <= len(honors) <= 40 and {h.kind for h in honors} == {k.value for k in HonorKind} - {"其他"}
        assert {h.recipient for h in honors} == {"个人", "班组", "部门", "本工会"}
        positions = Counter(p.kind for p in s.scalars(select(Position)))
        assert positions[PositionKind.HOME] == 1 and positions[PositionKind.SMALL_HOME] == 2
        assert any(p.closed_on is not None for p in s.scalars(select(Position)))
        cases = list(s.scalars(select(RightsCase)))
        assert {c.kind for c in cases} == {k.value for k in CaseKind} and all(c.private for c in cases)
        assert all((c.outcome == "办理中") == (c.closed_on is None) for c in cases)
        years = Counter(e.year for e in s.scalars(select(MutualAidEnrollment)))
        assert sorted(years) == [2021, 2022, 2023, 2024, 2025] and all(200 <= n <= 330 for n in years.values())
        visits = list(s.scalars(select(HardshipReview).where(HardshipReview.kind == "走访")))
        assert visits and all(v.visitors == "周立军、陈晓燕" for v in visits)
        model_workers = {h.member_id for h in honors if h.kind == HonorKind.MODEL_WORKER}
        paid = set(s.scalars(select(AidPayment.member_id).where(AidPayment.program == "困难劳模帮扶")))
    assert paid and paid <= model_workers  # 困难劳模帮扶 goes to people who hold the title
    assert all(model_worker_title(demo_db.session_factory, m) is not None for m in paid)
