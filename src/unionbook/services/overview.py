"""How many records each register holds: the overview page's first line and the empty-database
check. These are record counts of the registers, not statistics figures (those live only in the
figures registry)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from unionbook.db.models import Activity, AidPayment, CollectiveContract, HardshipFile, Member


@dataclass(frozen=True)
class RegisterCounts:
    members: int
    contracts: int
    hardship_files: int
    payments: int
    activities: int

    @property
    def empty(self) -> bool:
        return not any((self.members, self.contracts, self.hardship_files, self.payments, self.activities))


def register_counts(factory: sessionmaker[Session]) -> RegisterCounts:
    with factory() as session:

        def count(model: type) -> int:
            return session.scalar(select(func.count()).select_from(model)) or 0

        return RegisterCounts(
            members=count(Member),
            contracts=count(CollectiveContract),
            hardship_files=count(HardshipFile),
            payments=count(AidPayment),
            activities=count(Activity),
        )
