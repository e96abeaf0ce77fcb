"""Opening a database: durable pragmas, transactional DDL, one instance per file, audit trail."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from unionbook.db.engine import make_engine
from unionbook.db.models import AuditEntry, Member, MembershipEvent
from unionbook.domain.errors import DatabaseLockedError, ValidationError
from unionbook.services import audit
from unionbook.services.database import Database
from unionbook.services.union import Profile, get_profile, save_profile


@pytest.mark.sqlite_only("SQLite pragmas")
def test_connections_use_durable_pragmas(db: Database) -> None:
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 1000


def test_ddl_inside_a_failed_transaction_is_rolled_back(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "ddl.sqlite")
    with pytest.raises(RuntimeError), engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (x)")
        raise RuntimeError("boom")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE name = 't'").fetchall() == []
    engine.dispose()


@pytest.mark.sqlite_only("the single-instance file lock (a server book is shared)")
def test_second_instance_on_the_same_file_is_refused(db: Database) -> None:
    with pytest.raises(DatabaseLockedError) as excinfo:
        Database.open(db.path)
    assert "正被另一个 UnionBook" in excinfo.value.message()
    assert str(db.path) in excinfo.value.message()


def test_lock_is_released_on_close(db_path: Path) -> None:
    Database.open(db_path).close()
    Database.open(db_path).close()


def test_default_database_follows_environment_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "env" / "mine.sqlite"
    monkeypatch.setenv("UNIONBOOK_DB", str(target))
    with Database.open() as database:
        assert database.path == target.resolve()
    assert target.exists()


def test_default_database_lives_in_user_data_folder(tmp_path: Path) -> None:
    with Database.open() as database:
        assert database.path.name == "unionbook.sqlite"
        assert "UnionBook" in str(database.path)


def test_foreign_keys_are_enforced(db: Database) -> None:
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), db.session_factory.begin() as session:
        session.add(MembershipEvent(member_id=9999, kind="入会", date=__import__("datetime").date(2024, 1, 1)))


def test_every_change_is_audited_in_the_same_transaction(db: Database) -> None:
    factory = db.session_factory
    with factory.begin() as session:
        member = Member(name="王芳", gender="女", id_type="居民身份证")
        session.add(member)
    with factory.begin() as session:
        row = session.get(Member, member.id)
        row.department = "质检部"
    with factory.begin() as session:
        session.delete(session.get(Member, member.id))
    with factory() as session:
        trail = audit.history(session, "members", member.id)
    assert [e.action for e in trail] == ["create", "update", "delete"]
    assert trail[0].changes["name"] == "王芳"
    assert trail[1].changes == {"department": [None, "质检部"]}
    assert trail[2].changes["department"] == "质检部"
    assert {e.source for e in trail} == {"test"}


def test_a_rolled_back_change_leaves_no_audit_entry(db: Database) -> None:
    with pytest.raises(RuntimeError), db.session_factory.begin() as session:
        session.add(Member(name="赵六", id_type="居民身份证"))
        session.flush()
        raise RuntimeError("cancel")
    with db.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == 0
        assert session.scalar(select(func.count()).select_from(Member)) == 0


def test_union_profile_round_trip_and_validation(db: Database) -> None:
    saved = save_profile(db.session_factory, Profile(union_name=" 某某公司工会 ", credit_code="91440101MA5D123451"))
    assert saved.union_name == "某某公司工会"
    assert get_profile(db.session_factory).credit_code == "91440101MA5D123451"
    with pytest.raises(ValidationError, match="统一社会信用代码"):
        save_profile(db.session_factory, Profile(credit_code="123"))
    with pytest.raises(ValidationError, match="校验位"):
        save_profile(db.session_factory, Profile(credit_code="91440101MA5D123456"))
    assert get_profile(db.session_factory).credit_code == "91440101MA5D123451"


def test_cloud_sync_folder_gets_a_warning(tmp_path: Path) -> None:
    from unionbook.db.location import location_warning

    assert location_warning(tmp_path / "unionbook.sqlite") is None
    warning = location_warning(tmp_path / "OneDrive" / "unionbook.sqlite")
    assert warning is not None and "云同步" in warning
