"""A book opened after another was closed in the same process is audited and version-checked.

Python reuses a freed object's address, and SQLAlchemy's event registry remembers a session
factory's listeners by that address after the factory is gone. The audit set-up used to ask that
registry whether a factory was armed already, so a book whose factory landed where a closed book's
had been was saved with no audit entry and no version check: a form's stale save went through over
李四's (issue 19, the flaky tests/ui/test_concurrent_edit_dialog.py). This test closes and opens
books until a factory lands at a freed address, then saves through it.
"""

from __future__ import annotations

import gc
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from unionbook.db.models import AuditEntry
from unionbook.domain.errors import StaleRecordError
from unionbook.services import honors
from unionbook.services.audit.conflicts import Tracked, expecting
from unionbook.services.database import Database
from unionbook.services.honors import HonorInput

PIONEER = HonorInput(kind="工人先锋号", title="2024年度广州市工人先锋号", level="市级", awarded_on=date(2024, 4, 28),
                     recipient="班组", collective="装配车间数控班", issuer="广州市总工会")  # fmt: skip


def reopened_where_a_closed_book_was(db_path: Path | str) -> Database:
    """Open and close the book until its session factory sits at a closed one's address."""
    freed: set[int] = set()
    for _ in range(60):
        database = Database.open(db_path, source="test", safety_backups=False)
        if id(database.session_factory) in freed:
            return database
        freed.add(id(database.session_factory))
        database.close()
        del database
        gc.collect()
    pytest.fail("in 60 openings no session factory reused a closed one's address; the test proves nothing")


def test_a_book_whose_factory_reuses_a_closed_books_address_keeps_its_trail_and_refuses_stale_saves(
    db_path: Path | str,
) -> None:
    with reopened_where_a_closed_book_was(db_path) as database:
        factory = database.session_factory
        honor_id = honors.save_honor(factory, PIONEER).id
        with factory() as session:
            entries = session.scalar(
                select(func.count())
                .select_from(AuditEntry)
                .where(AuditEntry.table_name == "honors", AuditEntry.row_id == honor_id)
            )
        assert entries == 1  # the new honor is in the trail

        # A form that opened the honor at version 1, saved after a save made it version 2.
        honors.save_honor(factory, replace(PIONEER, notes="穗工字〔2024〕8号"), honor_id)
        with pytest.raises(StaleRecordError), expecting(factory, [Tracked("honors", honor_id, 1)]):
            honors.save_honor(factory, replace(PIONEER, issuer="番禺区总工会"), honor_id)
        stored = honors.get_honor(factory, honor_id).data
        assert (stored.issuer, stored.notes) == ("广州市总工会", "穗工字〔2024〕8号")
