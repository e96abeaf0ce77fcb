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

The package has one module per register (members, contracts, hardship, aid, activities, and
union_work for the honors, positions, rights and mutual-aid registers), plus the
union's identity (union), the population tables and identity draws (people), the in-memory records
(records), the shared state (context) and helpers (common). The names, places, departments and activity templates are data
under resources/demo/. This module keeps the public API and the order of the phases: all of them
draw from one random stream, so that order is part of the output.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import asdict, dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from unionbook.db.backend import sync_id_sequences
from unionbook.db.base import Base
from unionbook.db.models import (
    Activity,
    AidPayment,
    CollectiveContract,
    HardshipFile,
    Honor,
    Member,
    MutualAidEnrollment,
    Position,
    RightsCase,
    UnionProfile,
)
from unionbook.domain.errors import InputError
from unionbook.domain.vocab import AuditAction
from unionbook.services import audit
from unionbook.services.demo.activities import insert_activities
from unionbook.services.demo.aid import insert_payments
from unionbook.services.demo.common import Progress
from unionbook.services.demo.context import Context
from unionbook.services.demo.contracts import insert_contracts
from unionbook.services.demo.funds import insert_funds
from unionbook.services.demo.dues import insert_dues
from unionbook.services.demo.hardship import build_hardship, insert_hardship
from unionbook.services.demo.members import build_people, insert_people
from unionbook.services.demo.union import identity, write_profile
from unionbook.services.demo.spending_rules import insert_spending_rules
from unionbook.services.demo.union_work import insert_union_work

__all__ = ["DEFAULT_MEMBERS", "DEFAULT_SEED", "MAX_MEMBERS", "MIN_MEMBERS", "DemoSummary", "generate_demo"]

log = logging.getLogger(__name__)

DEFAULT_MEMBERS = 300
DEFAULT_SEED = 20240101
MIN_MEMBERS = 20  # below this the registers cannot all be shown (hardship files alone want 8 people)
MAX_MEMBERS = 1_000_000


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
    tracker = Progress(progress, cancelled)
    with factory.begin() as session:
        _refuse_if_not_empty(session)
        tracker.step()
        ctx = Context(session, random.Random(seed), members, tracker)
        summary = _run(ctx)
        sync_id_sequences(session, list(Base.metadata.sorted_tables))  # the demo numbers its rows itself
        audit.record(
            session,
            AuditAction.DEMO,
            "members",
            {"union": identity().union_name, "seed": seed, **asdict(summary), **ctx.extra_counts},
        )
    tracker.finish()
    log.info("demo union generated: %s", summary)
    return summary


def _run(ctx: Context) -> DemoSummary:
    """The phases, in the one order that reproduces a seed's union."""
    build_people(ctx)  # 10 steps
    build_hardship(ctx)  # 1 step
    insert_people(ctx)  # 8 steps
    write_profile(ctx)
    insert_contracts(ctx)  # 1 step
    insert_hardship(ctx)  # 1 step
    insert_payments(ctx)  # up to 15 steps
    insert_activities(ctx)  # 2 steps
    insert_union_work(ctx)  # 1 step; last: it draws after every other register (their rows stay as before)
    insert_funds(ctx)  # 1 step; no draws: entries and budgets follow from the aid and activity registers
    insert_dues(ctx)  # 1 step; draws after union_work, so every older register's rows stay as before
    insert_spending_rules(ctx)  # no draws: the 安徽 preset and the breaches since 2023, with reasons
    counts = ctx.counts
    return DemoSummary(
        members=counts["members"],
        membership_events=counts["membership_events"],
        contracts=counts["contracts"],
        hardship_files=counts["hardship_files"],
        payments=counts["payments"],
        batches=counts["batches"],
        activities=counts["activities"],
    )


def _refuse_if_not_empty(session: Session) -> None:
    """A real union's records must never be mixed with fiction: only an empty database qualifies."""
    where = session.get_bind().url.database or "（内存数据库）"

    def refuse(what: str) -> InputError:
        return InputError(detail=f"数据库 {where} 已有数据（{what}），演示数据只能填入空数据库")

    for model, unit in (
        (Member, "名职工"),
        (CollectiveContract, "份集体合同"),
        (HardshipFile, "户困难职工档案"),
        (AidPayment, "条帮扶慰问发放记录"),
        (Activity, "项活动记录"),
        (Honor, "项荣誉"),
        (Position, "个阵地"),
        (RightsCase, "件维权案件"),
        (MutualAidEnrollment, "条互助保障参保记录"),
    ):
        count = session.scalar(select(func.count()).select_from(model)) or 0
        if count:
            raise refuse(f"{count} {unit}")
    name = session.scalar(select(UnionProfile.union_name).where(UnionProfile.id == 1))
    if name and name.strip():
        raise refuse(f"工会：{name.strip()}")
