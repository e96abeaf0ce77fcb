"""打开密码: a password asked before the app shows any data — an access gate, not encryption.

The password is kept in the database (app_settings, key `open_password`) as a salted scrypt hash,
so it travels with the file and its backups. The file itself stays plain SQLite: anyone with a
SQLite tool can read it, and a technician can remove the password. That is the point: a chair who
forgets it loses nothing. What it stops is the colleague who sits down at an unlocked desk and
opens the roster. README.md ("加密") says why the file is not encrypted.

The setting is written with Core statements, never through the ORM, so the audit hook does not copy
the hash into the trail; the trail gets one line saying the password was set, changed or removed.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import unicodedata
from typing import TYPE_CHECKING

from sqlalchemy import delete, select

from unionbook.db.backend import upsert
from unionbook.db.tables import app_settings
from unionbook.domain.errors import UnionbookError, ValidationError
from unionbook.domain.vocab import AuditAction

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    # Sessions, or `Database.connect` (the command line asks before it imports the ORM).
    from unionbook.db.readers import Reader, ReaderFactory

PASSWORD_KEY = "open_password"
MIN_LENGTH = 4
#: UNIONBOOK_PASSWORD: how a script gives the password to the command line.
ENV_VAR = "UNIONBOOK_PASSWORD"
#: Tries at the window's prompt and the terminal's before giving up.
TRIES = 3

# scrypt's cost: 2^14 × 8 × 128 bytes = 16 MB and about 50 ms per try on a school laptop, which
# makes guessing a short password from a copied file slow, and opening the app not.
_N, _R, _P, _DKLEN = 2**14, 8, 1, 32
_SCHEME = "scrypt"


class PasswordRequiredError(UnionbookError):
    """A command was run without a terminal to ask on and without UNIONBOOK_PASSWORD."""

    code = "password_required"
    template = "数据库 {path} 设有打开密码：请在终端中运行并输入密码，或用环境变量 UNIONBOOK_PASSWORD 提供密码"
    exit_code = 2


class WrongPasswordError(UnionbookError):
    code = "password_wrong"
    template = "打开密码不正确，未打开数据库 {path}"
    exit_code = 2


def _normal(password: str) -> bytes:
    """The bytes hashed: NFC, so 密码 typed through different input methods compares equal."""
    return unicodedata.normalize("NFC", password).encode("utf-8")


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """ "scrypt$16384$8$1$<salt hex>$<hash hex>": the parameters travel with the hash, so they can be
    raised later without locking anyone out."""
    salt = os.urandom(16) if salt is None else salt
    digest = hashlib.scrypt(_normal(password), salt=salt, n=_N, r=_R, p=_P, dklen=_DKLEN)
    return f"{_SCHEME}${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def verify_password(stored: str, attempt: str) -> bool:
    try:
        scheme, n, r, p, salt, expected = stored.split("$")
        if scheme != _SCHEME:
            return False
        digest = hashlib.scrypt(
            _normal(attempt), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=len(expected) // 2,
            maxmem=256 * 1024 * 1024,
        )  # fmt: skip
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest.hex(), expected)


def _stored(reader: Reader) -> str | None:
    return reader.scalar(select(app_settings.c.value).where(app_settings.c.key == PASSWORD_KEY))


def has_password(readers: ReaderFactory) -> bool:
    with readers() as reader:
        return bool(_stored(reader))


def check_password(readers: ReaderFactory, attempt: str) -> bool:
    """True when no password is set, or `attempt` is it."""
    with readers() as reader:
        stored = _stored(reader)
    return not stored or verify_password(stored, attempt)


def _check_current(session: Session, current: str | None) -> str | None:
    stored = _stored(session)
    if stored and not verify_password(stored, current or ""):
        raise ValidationError(field="当前密码", detail="不正确")
    return stored


def set_password(factory: sessionmaker[Session], new: str, *, current: str | None = None) -> None:
    """Set or change the open password; changing it needs the current one."""
    if len(new) < MIN_LENGTH:
        raise ValidationError(field="新密码", detail=f"至少 {MIN_LENGTH} 个字符")
    if new != new.strip():
        raise ValidationError(field="新密码", detail="开头和结尾不能有空格（打开时容易输错）")
    from unionbook.services import audit

    with factory.begin() as session:
        had = _check_current(session, current)
        value = hash_password(new)
        session.execute(
            upsert(session, app_settings)
            .values(key=PASSWORD_KEY, value=value)
            .on_conflict_do_update(index_elements=[app_settings.c.key], set_={"value": value})
        )
        audit.record(session, AuditAction.UPDATE, "app_settings", {PASSWORD_KEY: "已修改" if had else "已设置"})


def remove_password(factory: sessionmaker[Session], current: str) -> None:
    """Remove the open password (the current one is asked for first)."""
    from unionbook.services import audit

    with factory.begin() as session:
        if not _check_current(session, current):
            return
        session.execute(delete(app_settings).where(app_settings.c.key == PASSWORD_KEY))
        audit.record(session, AuditAction.UPDATE, "app_settings", {PASSWORD_KEY: "已取消"})
