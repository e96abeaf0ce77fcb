"""打开密码 (issue 12, item 12): a salted scrypt hash in app_settings; set, change, remove; the hash
never reaches the audit trail."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from unionbook.domain.errors import ValidationError
from unionbook.services import access, audit
from unionbook.services.audit import AuditFilter
from unionbook.services.database import Database


def stored(db: Database) -> str | None:
    with db.engine.connect() as conn:  # the stored row itself, past the services
        row = conn.execute(text("SELECT value FROM app_settings WHERE key = 'open_password'")).fetchone()
    return row[0] if row else None


def test_access_no_password_opens_with_anything(db: Database) -> None:
    assert not access.has_password(db.session_factory)
    assert access.check_password(db.session_factory, "")


def test_access_set_password_refuses_wrong_accepts_right(db: Database) -> None:
    f = db.session_factory
    access.set_password(f, "工会2025")
    assert access.has_password(f)
    assert access.check_password(f, "工会2025")
    assert not access.check_password(f, "工会2024")
    assert not access.check_password(f, "")
    value = stored(db)
    assert value is not None and value.startswith("scrypt$16384$8$1$") and "工会2025" not in value


def test_access_same_password_hashes_differently(db: Database) -> None:
    assert access.hash_password("1234") != access.hash_password("1234")  # salted
    assert access.verify_password(access.hash_password("1234"), "1234")
    assert not access.verify_password("garbage", "1234")


def test_access_change_and_remove_need_the_current_password(db: Database) -> None:
    f = db.session_factory
    access.set_password(f, "abcd")
    with pytest.raises(ValidationError, match="当前密码"):
        access.set_password(f, "efgh", current="wrong")
    access.set_password(f, "efgh", current="abcd")
    assert access.check_password(f, "efgh") and not access.check_password(f, "abcd")
    with pytest.raises(ValidationError):
        access.remove_password(f, "abcd")
    access.remove_password(f, "efgh")
    assert not access.has_password(f) and stored(db) is None


def test_access_new_password_rules(db: Database) -> None:
    with pytest.raises(ValidationError, match="至少 4 个字符"):
        access.set_password(db.session_factory, "123")
    with pytest.raises(ValidationError, match="空格"):
        access.set_password(db.session_factory, " 1234")


def test_access_trail_says_what_happened_never_the_hash(db: Database) -> None:
    f = db.session_factory
    access.set_password(f, "abcd")
    access.set_password(f, "efgh", current="abcd")
    access.remove_password(f, "efgh")
    rows = audit.list_entries(f, AuditFilter(register="数据库与设置"))
    assert [r.summary for r in rows] == ["打开密码已取消", "打开密码已修改", "打开密码已设置"]
    with db.engine.connect() as conn:
        trail = " ".join(r[0] for r in conn.execute(text("SELECT CAST(changes AS TEXT) FROM audit_log")))
    assert "scrypt" not in trail
