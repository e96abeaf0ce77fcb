"""The schema is built only by migrations, and a failed upgrade leaves the database as it was."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from unionbook import paths
from unionbook.db.base import Base
from unionbook.db.engine import make_engine
from unionbook.db.migrate import alembic_config, current_revision, head_revision, migrate
from unionbook.domain.errors import DatabaseOpenError, MigrationError, NewerDatabaseError


def tables(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def test_new_database_is_created_at_head_without_backup(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    result = migrate(path)
    assert result.from_revision is None
    assert result.to_revision == head_revision()
    assert result.backup is None
    assert {"members", "collective_contracts", "aid_payments", "activities", "audit_log"} <= tables(path)


def test_models_match_migrations(tmp_path: Path) -> None:
    """Upgrading an empty database to head gives exactly the models' schema (`alembic check`)."""
    path = tmp_path / "check.sqlite"
    migrate(path)
    engine = make_engine(path)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": True})
        diff = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert diff == []


def test_stairway_every_revision_up_and_down(tmp_path: Path) -> None:
    path = tmp_path / "stairs.sqlite"
    cfg = alembic_config()
    revisions = list(reversed(list(ScriptDirectory.from_config(cfg).walk_revisions())))
    engine = make_engine(path, foreign_keys=False)
    for revision in revisions:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision.revision)
            command.downgrade(cfg, revision.down_revision or "base")
            command.upgrade(cfg, revision.revision)
    engine.dispose()
    assert current_revision(path) == head_revision()


def _migrations_with(tmp_path: Path, name: str, upgrade_body: str) -> Path:
    """A copy of our migrations with one more revision on top of head."""
    scripts = tmp_path / "migrations"
    shutil.copytree(paths.migrations_path(), scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / f"{name}.py").write_text(
        f'''
import sqlalchemy as sa
from alembic import op

revision = "{name}"
down_revision = "{head_revision()}"
branch_labels = None
depends_on = None


def upgrade():
{upgrade_body}


def downgrade():
    pass
''',
        encoding="utf-8",
    )
    return scripts


def test_existing_database_is_backed_up_before_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    migrate(path)
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("INSERT INTO members (name, id_type, is_migrant_worker) VALUES ('张三', '居民身份证', 0)")
        conn.commit()
    scripts = _migrations_with(
        tmp_path,
        "9998",
        '''    with op.batch_alter_table("members") as batch:
        batch.add_column(sa.Column("nickname", sa.String(10)))''',
    )
    result = migrate(path, script_location=scripts)
    assert result.upgraded and result.to_revision == "9998"
    assert result.backup is not None and "升级前" in result.backup.name and result.backup.parent.name == "backups"
    with closing(sqlite3.connect(result.backup)) as conn:  # the copy is the old file, data included
        assert "nickname" not in [r[1] for r in conn.execute("PRAGMA table_info(members)")]
        assert conn.execute("SELECT name FROM members").fetchall() == [("张三",)]
    with closing(sqlite3.connect(path)) as conn:
        assert "nickname" in [r[1] for r in conn.execute("PRAGMA table_info(members)")]
        assert conn.execute("SELECT name FROM members").fetchall() == [("张三",)]
    # Opening again at head makes no second backup.
    assert migrate(path, script_location=scripts).backup is None


def _broken_migrations(tmp_path: Path) -> Path:
    """One more revision that changes schema and data, then fails."""
    return _migrations_with(
        tmp_path,
        "9999",
        '''    op.create_table("half_done", sa.Column("id", sa.Integer, primary_key=True))
    with op.batch_alter_table("members") as batch:
        batch.add_column(sa.Column("extra", sa.String(10)))
    op.execute("UPDATE members SET name = 'changed'")
    raise RuntimeError("模拟升级失败")''',
    )


def test_failed_upgrade_rolls_back_ddl_and_data(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    migrate(path)
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("INSERT INTO members (name, id_type, is_migrant_worker) VALUES ('李四', '居民身份证', 0)")
        conn.commit()
    with pytest.raises(MigrationError) as excinfo:
        migrate(path, script_location=_broken_migrations(tmp_path))
    assert "模拟升级失败" in excinfo.value.message()
    assert "已自动恢复" in excinfo.value.message()
    assert "half_done" not in tables(path)
    with closing(sqlite3.connect(path)) as conn:
        columns = [r[1] for r in conn.execute("PRAGMA table_info(members)")]
        assert "extra" not in columns
        assert conn.execute("SELECT name FROM members").fetchall() == [("李四",)]
    assert current_revision(path) == head_revision()


def test_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite"
    migrate(path)
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'zzzz_future'")
        conn.commit()
    with pytest.raises(NewerDatabaseError, match="更新版本"):
        migrate(path)


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "花名册.xlsx"
    path.write_bytes(b"PK\x03\x04 not a database")
    with pytest.raises(DatabaseOpenError, match="不是 UnionBook 数据库"):
        migrate(path)
    assert path.read_bytes() == b"PK\x03\x04 not a database"


def test_0002_adds_the_import_history_to_a_0001_database(tmp_path: Path) -> None:
    """A database made before the import history (at 0001, with a member in it) upgrades to head
    with its data intact and the two history tables, backed up first; `alembic check` then finds
    no difference between the upgraded database and the models."""
    path = tmp_path / "old.sqlite"
    cfg = alembic_config()
    engine = make_engine(path, foreign_keys=False)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    engine.dispose()
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("INSERT INTO members (name, id_type, is_migrant_worker) VALUES ('张三', '居民身份证', 0)")
        conn.commit()
    assert "import_records" not in tables(path)

    result = migrate(path)
    assert (result.from_revision, result.to_revision) == ("0001", head_revision())
    assert result.backup is not None
    assert {"import_records", "import_problems"} <= tables(path)
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT name FROM members").fetchall() == [("张三",)]
        columns = [r[1] for r in conn.execute("PRAGMA table_info(import_problems)")]
        assert columns == ["id", "record_id", "kind", "sheet", "row_number", "column_name", "message", "label"]
        foreign = conn.execute("PRAGMA foreign_key_list(import_problems)").fetchall()
        assert [(f[2], f[3], f[6]) for f in foreign] == [("import_records", "record_id", "CASCADE")]

    check_cfg = alembic_config()
    engine = make_engine(path)
    with engine.connect() as conn:
        check_cfg.attributes["connection"] = conn
        command.check(check_cfg)  # raises AutogenerateDiffsDetected on any difference
    engine.dispose()


def test_the_scripts_revisions_are_read_as_alembic_reads_them(tmp_path: Path) -> None:
    """Opening a database at head reads the revisions from the scripts' lines, without importing
    alembic (0.2 s of every start): they must be alembic's own, with one more revision on top too."""
    from unionbook.db.migrate import known_revisions

    scripts = _migrations_with(tmp_path, "9997", "    pass")
    for location in (None, scripts):
        alembic_scripts = ScriptDirectory.from_config(alembic_config(location))
        assert head_revision(location) == alembic_scripts.get_current_head()
        assert known_revisions(location) == {r.revision for r in alembic_scripts.walk_revisions()}
    assert head_revision(scripts) == "9997"


def test_opening_a_database_at_head_does_not_import_alembic(tmp_path: Path) -> None:
    path = tmp_path / "at-head.sqlite"
    migrate(path)
    probe = (
        "import sys; from unionbook.services.database import Database; "
        f"Database.open({str(path)!r}, source='test').close(); print('alembic' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_the_recorded_revision_is_read_without_alembic(tmp_path: Path) -> None:
    """设置 shows the book's schema revision and the backup list records it: reading it imported
    alembic (0.45 s on 设置's first show at 100,000 members). One SELECT says the same."""
    path = tmp_path / "at-head.sqlite"
    migrate(path)
    probe = (
        "import sys; from unionbook.services.database import Database; "
        f"db = Database.open({str(path)!r}, source='test'); print(db.schema_revision()); db.close(); "
        "print('alembic' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.split() == [head_revision(), "False"]


def test_a_file_never_migrated_has_no_recorded_revision(tmp_path: Path) -> None:
    path = tmp_path / "plain.sqlite"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY)")
        conn.commit()
    assert current_revision(path) is None
