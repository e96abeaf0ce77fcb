"""Database.session_factory is made on first use (issue 17), and the window asks for it from its
pages and its background workers at once: there must still be one factory per open book, with
the audit trail and the safety backups attached once — two factories would mean two sets of
listeners, or a factory without them."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from district_unions import LI_ID

from unionbook.services import backup as backups
from unionbook.services import database
from unionbook.services.database import Database
from unionbook.services.importing.members import import_members, plan_members


def test_threads_asking_at_once_get_one_factory_and_one_backup_per_import(tmp_path: Path, monkeypatch) -> None:
    made = []
    real = database.make_session_factory

    def slow_factory(engine, **kw):  # widens the window in which a second thread could make another
        time.sleep(0.05)
        made.append(real(engine, **kw))
        return made[-1]

    monkeypatch.setattr(database, "make_session_factory", slow_factory)
    roster = tmp_path / "名单.csv"
    roster.write_text(f"姓名,证件号码,性别\n李强,{LI_ID},男\n", encoding="utf-8")
    with Database.open(tmp_path / "工会.sqlite", source="gui") as db:
        start = threading.Barrier(6)
        got = []

        def ask() -> None:
            start.wait()
            got.append(db.session_factory)

        threads = [threading.Thread(target=ask) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(made) == 1
        assert len(got) == 6 and all(factory is made[0] for factory in got)

        summary = import_members(db.session_factory, plan_members(roster))
        assert summary.new == 1
        assert [entry.reason for entry in backups.list_backups(db.path)] == ["导入前"]
