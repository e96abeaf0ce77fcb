"""Installing a newer UnionBook over the oldest one (issue 18): a database at revision 0001 holding
the demo union, with a row in every table, opened with the current code, loses nothing and is
backed up before it is upgraded.

The demo generator writes through today's models, so the demo union at 0001 is made by copying
today's demo, column by column, into a database created at 0001: rows that 0001 did not allow
yet (a category or program added later) are left out, and the rows that referred to them with
them; whatever is left is what an old installation could have held.
"""

from __future__ import annotations

import json
import sqlite3
import zipfile
from contextlib import closing
from pathlib import Path

from alembic import command

from unionbook.db.engine import make_engine
from unionbook.db.migrate import alembic_config, current_revision, head_revision
from unionbook.services.database import Database

#: Every table revision 0001 created (alembic_version aside); written out by hand so that a
#: table added to 0001 later cannot slip past this test without a row.
TABLES_AT_0001 = (
    "activities", "activity_attendance", "aid_batches", "aid_payments", "attachments", "audit_log",
    "collective_contracts", "employment_events", "hardship_family_members", "hardship_files",
    "hardship_reviews", "members", "membership_events", "union_profile",
)  # fmt: skip


def _at_0001(path: Path) -> None:
    cfg = alembic_config()
    engine = make_engine(path, foreign_keys=False)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    engine.dispose()


def _columns(conn: sqlite3.Connection, table: str, schema: str = "main") -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA {schema}.table_info({table})")]


def _demo_union_at_0001(demo: Path, target: Path) -> None:
    _at_0001(target)
    with closing(sqlite3.connect(target)) as conn:
        conn.execute("ATTACH DATABASE ? AS demo", (str(demo),))
        for table in TABLES_AT_0001:
            columns = ", ".join(_columns(conn, table))
            # OR IGNORE: a row 0001's CHECKs refuse (a vocabulary word added later) stays out.
            conn.execute(f"INSERT OR IGNORE INTO main.{table} ({columns}) SELECT {columns} FROM demo.{table}")
        conn.commit()
        conn.execute("DETACH DATABASE demo")
        while problems := conn.execute("PRAGMA foreign_key_check").fetchall():
            for table, rowid, _parent, _fk in problems:
                conn.execute(f"DELETE FROM {table} WHERE rowid = ?", (rowid,))
        if not conn.execute("SELECT count(*) FROM attachments").fetchone()[0]:  # the demo attaches no files
            conn.execute("INSERT INTO attachments (member_id, original_name, stored_name, sha256, size) "
                         "VALUES (1, '入会申请书.pdf', 'ab/abcd.pdf', 'abcd', 1234)")  # fmt: skip
        conn.commit()


def _snapshot(path: Path, columns: dict[str, list[str]]) -> dict[str, list[tuple]]:
    with closing(sqlite3.connect(path)) as conn:
        return {t: conn.execute(f"SELECT {', '.join(c)} FROM {t} ORDER BY id").fetchall() for t, c in columns.items()}


def test_the_demo_union_at_0001_opens_with_the_current_code_and_nothing_is_lost(demo_template: Path, tmp_path: Path) -> None:
    path = tmp_path / "unionbook.sqlite"
    _demo_union_at_0001(demo_template, path)
    assert current_revision(path) == "0001"
    with closing(sqlite3.connect(path)) as conn:
        assert {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")} == {*TABLES_AT_0001, "alembic_version"}
        columns = {table: _columns(conn, table) for table in TABLES_AT_0001}
        counts = {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES_AT_0001}
    assert all(counts.values()), f"a table without rows proves nothing: {counts}"
    assert counts["members"] == 300 and counts["union_profile"] == 1  # the demo union: 300 people
    before = _snapshot(path, columns)

    with Database.open(path, source="test") as db:  # what the new version does at its first start
        assert (db.migration.from_revision, db.migration.to_revision) == ("0001", head_revision())
        backup = db.migration.backup
    assert current_revision(path) == head_revision()

    # Every row of every old table, every old column, exactly as it was.
    assert _snapshot(path, columns) == before
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("SELECT union_name FROM union_profile").fetchone() == ("江川精密机械有限公司工会",)

    # The backup was made first, beside the database, and holds the database as it was at 0001.
    assert backup is not None and backup.parent == tmp_path / "backups" and backup.name.endswith("-升级前.zip")
    with zipfile.ZipFile(backup) as archive:
        assert json.loads(archive.read("manifest.json"))["revision"] == "0001"
        saved = tmp_path / "saved.sqlite"
        saved.write_bytes(archive.read("unionbook.sqlite"))
    assert current_revision(saved) == "0001"
    assert _snapshot(saved, columns) == before


def test_opening_it_again_changes_nothing_more(demo_template: Path, tmp_path: Path) -> None:
    path = tmp_path / "unionbook.sqlite"
    _demo_union_at_0001(demo_template, path)
    with Database.open(path, source="test"):
        pass
    with Database.open(path, source="test") as db:
        assert db.migration.backup is None and not db.migration.upgraded
    assert len(list((tmp_path / "backups").glob("*-升级前.zip"))) == 1
