"""Migration 0004 (honors, positions, rights cases, mutual aid) on a database made before it: data
kept, the new tables and columns there, the replaced CHECKs working both ways, and down again."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from alembic import command

from unionbook.db.engine import make_engine
from unionbook.db.migrate import alembic_config, migrate


def _at(path: Path, revision: str, action: str = "upgrade") -> None:
    cfg = alembic_config()
    engine = make_engine(path, foreign_keys=False)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        getattr(command, action)(cfg, revision)
    engine.dispose()


def test_0004_upgrades_a_0003_database_and_back(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    _at(path, "0003")
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("INSERT INTO activities (name, category, start_date, role, cost_fen) VALUES ('体检', '其他', '2024-09-02', '主办', 0)")
        conn.execute("INSERT INTO attachments (activity_id, original_name, stored_name, sha256, size) VALUES (1, 'a.jpg', 'x/a.jpg', 'a', 1)")
        conn.commit()
    result = migrate(path, target="0004")
    assert (result.from_revision, result.to_revision) == ("0003", "0004") and result.backup is not None
    with closing(sqlite3.connect(path)) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"honors", "positions", "rights_cases", "mutual_aid_enrollments"} <= tables
        assert "visitors" in [r[1] for r in conn.execute("PRAGMA table_info(hardship_reviews)")]
        assert conn.execute("SELECT name FROM activities").fetchall() == [("体检",)]
        conn.execute("UPDATE activities SET category = '职工体检/疗休养'")  # the new category is allowed
        conn.execute("INSERT INTO positions (kind, name, opened_on) VALUES ('职工之家', '之家', '2020-01-01')")
        conn.execute("INSERT INTO attachments (position_id, original_name, stored_name, sha256, size) VALUES (1, 'p.jpg', 'x/p.jpg', 'p', 1)")
        with pytest.raises(sqlite3.IntegrityError):  # still exactly one owner
            conn.execute("INSERT INTO attachments (position_id, activity_id, original_name, stored_name, sha256, size) "
                         "VALUES (1, 1, 'q.jpg', 'x/q.jpg', 'q', 1)")  # fmt: skip
        with pytest.raises(sqlite3.IntegrityError):  # open (办理中) exactly while not closed
            conn.execute("INSERT INTO rights_cases (kind, opened_on, closed_on, request, outcome, private) "
                         "VALUES ('法律咨询', '2024-01-01', '2024-01-02', 'x', '办理中', 1)")  # fmt: skip
        conn.commit()
    _at(path, "0003", "downgrade")
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT category FROM activities").fetchall() == [("其他",)]  # kept, not lost
        assert conn.execute("SELECT original_name FROM attachments").fetchall() == [("a.jpg",)]
        assert "positions" not in {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
