"""Data safety (issue 12, items 1, 2, 3, 6, 8, 11): restore validates before touching anything,
damage is found and names the latest good backup, backups carry the attachments, foreign files are
left alone, one file under two names is one lock, and the automatic backups keep themselves.

What did not exist before these items (new errors, the backup store) is imported inside the tests
that use it, so each test fails on its own on the code before them rather than the whole file at
collection."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sqlite3
import zipfile
from contextlib import closing
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from corruption import corrupt_a_table_page
from sqlalchemy import func, select

from unionbook.db.backup import backup_database
from unionbook.db.migrate import head_revision
from unionbook.db.models import AidBatch, AidPayment, Member
from unionbook.domain.errors import DatabaseLockedError, InputError
from unionbook.services import attachments
from unionbook.services import backup as backups
from unionbook.services.database import Database

pytestmark = pytest.mark.sqlite_only("the file lock, quick_check, backup files beside the database, damaged files")

# --- helpers ---------------------------------------------------------------------------------------


def fingerprint(db_file: Path) -> dict[str, tuple[int, str]]:
    """Every table's row count and a checksum of its rows, read straight from the file."""
    with closing(sqlite3.connect(db_file)) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        result = {}
        for table in tables:
            rows = conn.execute(f'SELECT * FROM "{table}" ORDER BY 1').fetchall()
            result[table] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
        return result


def count_members(db: Database) -> int:
    with db.session_factory() as session:
        return session.scalar(select(func.count()).select_from(Member)) or 0


def closed_copy(template: Path, target: Path) -> Path:
    backup_database(template, target)
    return target


def a_file_of_another_program(path: Path) -> Path:
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        conn.execute("INSERT INTO notes (body) VALUES ('买菜')")
        conn.commit()
    return path


# --- item 1: restore validates completely before touching the live data ------------------------------


@pytest.fixture
def filled(demo_template: Path, tmp_path: Path):
    """An open database holding the 300-member demo union."""
    path = closed_copy(demo_template, tmp_path / "live" / "unionbook.sqlite")
    database = Database.open(path, source="test")
    yield database
    database.close()


def _newer_backup(db: Database, tmp_path: Path) -> Path:
    newer = tmp_path / "newer.sqlite"
    backup_database(db.path, newer)
    with closing(sqlite3.connect(newer)) as conn:
        conn.execute("DELETE FROM members WHERE id > 10")
        conn.execute("UPDATE alembic_version SET version_num = 'zzzz_future'")
        conn.commit()
    return newer


def _random_file(tmp_path: Path) -> Path:
    junk = tmp_path / "随机.bak"
    junk.write_bytes(random.Random(1).randbytes(40_000))
    return junk


def _damaged_backup(db: Database, tmp_path: Path) -> Path:
    damaged = tmp_path / "damaged.sqlite"
    backup_database(db.path, damaged)
    corrupt_a_table_page(damaged)
    return damaged


def _zip_with_newer_database(db: Database, tmp_path: Path) -> Path:
    good = backups.backup(db, tmp_path / "good.zip")
    inner = tmp_path / "inner.sqlite"
    with zipfile.ZipFile(good) as zf:
        inner.write_bytes(zf.read("unionbook.sqlite"))
    with closing(sqlite3.connect(inner)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'zzzz_future'")
        conn.commit()
    bad = tmp_path / "newer.zip"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, inner.read_bytes() if item.filename == "unionbook.sqlite" else src.read(item))
    return bad


@pytest.mark.parametrize(
    ("make", "why"),
    [
        (_newer_backup, "更新版本"),
        (lambda db, tmp: a_file_of_another_program(tmp / "other.db"), "不是 UnionBook 的数据库"),
        (lambda db, tmp: _random_file(tmp), "不是 UnionBook 备份文件"),
        (_damaged_backup, "已损坏"),
        (_zip_with_newer_database, "更新版本"),
    ],
    ids=["newer-revision", "another-application", "random-bytes", "damaged-pages", "zip-of-newer"],
)
def test_restore_refuses_an_unusable_backup_and_leaves_the_live_data_identical(
    filled: Database, tmp_path: Path, make, why: str
) -> None:
    source = make(filled, tmp_path)
    before = fingerprint(filled.path)
    with pytest.raises(InputError, match=why) as refused:
        backups.restore(filled, source)
    assert refused.value.exit_code == 2
    assert "当前数据没有任何改动" in refused.value.message()
    assert fingerprint(filled.path) == before
    assert count_members(filled) == 300  # and the open database still reads
    assert not [p for p in filled.path.parent.iterdir() if p.name.startswith(".unionbook-restore-")]


def test_restore_of_an_older_revision_is_upgraded_in_a_scratch_copy(filled: Database, tmp_path: Path) -> None:
    from alembic import command

    from unionbook.db.engine import make_engine
    from unionbook.db.migrate import alembic_config

    old = tmp_path / "old.sqlite"
    cfg = alembic_config()
    engine = make_engine(old, foreign_keys=False)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    engine.dispose()
    with closing(sqlite3.connect(old)) as conn:
        conn.execute("INSERT INTO members (name, id_type, is_migrant_worker) VALUES ('张三', '居民身份证', 0)")
        conn.commit()
    result = backups.restore(filled, old)
    assert result.upgraded_from == "0001"
    assert count_members(filled) == 1
    assert filled.schema_revision() == head_revision()
    assert (old.stat().st_size, sqlite3.connect(old).execute("SELECT version_num FROM alembic_version").fetchone()) == (
        old.stat().st_size,
        ("0001",),
    )  # the backup file itself is not upgraded


def test_restore_swaps_atomically_and_leaves_no_wal_of_the_old_file(filled: Database, tmp_path: Path) -> None:
    copy = backups.backup(filled, tmp_path / "copy.zip")
    with filled.session_factory.begin() as session:
        session.add(Member(name="周八", id_type="居民身份证"))
    inode = filled.path.stat().st_ino
    backups.restore(filled, copy)
    assert filled.path.stat().st_ino != inode  # a new file renamed into place, not overwritten page by page
    assert count_members(filled) == 300
    with filled.session_factory() as session:  # the engine reconnected to the restored file
        assert session.scalar(select(Member.name).where(Member.name == "周八")) is None


def test_cli_restore_refuses_a_newer_backup_with_exit_2(demo_template: Path, tmp_path: Path, capsys) -> None:
    from unionbook.app import main

    path = closed_copy(demo_template, tmp_path / "u.sqlite")
    with Database.open(path, source="test") as db:
        newer = _newer_backup(db, tmp_path)
    before = fingerprint(path)
    assert main(["--db", str(path), "restore", str(newer)]) == 2
    err = capsys.readouterr().err
    assert "更新版本" in err and len(err.strip().splitlines()) == 1
    assert fingerprint(path) == before


# --- item 2: damage is detected on open, before backup and before restore ------------------------------


def test_a_damaged_database_is_refused_on_open_naming_the_latest_good_backup(
    demo_template: Path, tmp_path: Path
) -> None:
    from unionbook.domain.errors import DatabaseDamagedError

    path = closed_copy(demo_template, tmp_path / "unionbook.sqlite")
    with Database.open(path, source="test") as db:
        good = backups.auto_backup(db, "每日")
    corrupt_a_table_page(path)
    with pytest.raises(DatabaseDamagedError) as excinfo:
        Database.open(path, source="test")
    message = excinfo.value.message()
    assert excinfo.value.exit_code == 2
    assert "已损坏" in message and str(good) in message and "restore" in message


def test_the_cli_exits_2_on_a_damaged_database_and_backup_refuses_it(
    demo_template: Path, tmp_path: Path, capsys
) -> None:
    from unionbook.app import main

    path = closed_copy(demo_template, tmp_path / "unionbook.sqlite")
    with Database.open(path, source="test") as db:
        good = backups.auto_backup(db, "每日")
    corrupt_a_table_page(path)
    for args in (["figures", "--year", "2024"], ["export", "members", "-o", str(tmp_path / "x.xlsx")],
                 ["backup", "-o", str(tmp_path / "b.zip")]):  # fmt: skip
        assert main(["--db", str(path), *args]) == 2, args
        err = capsys.readouterr().err
        assert "已损坏" in err and str(good) in err and len(err.strip().splitlines()) == 1, err
    assert not (tmp_path / "b.zip").exists() and not (tmp_path / "x.xlsx").exists()


def test_backup_of_a_damaged_database_is_refused_by_the_service(filled: Database, tmp_path: Path) -> None:
    from unionbook.domain.errors import DatabaseDamagedError

    filled.close()
    corrupt_a_table_page(filled.path)
    db = Database.open(filled.path, source="test", check_budget=0)  # as if the check ran out of time
    try:
        with pytest.raises(DatabaseDamagedError):
            backups.backup(db, tmp_path / "b.zip")
        assert not (tmp_path / "b.zip").exists() and not list(tmp_path.glob("*.partial"))
    finally:
        db.close()


def test_a_damaged_database_can_be_restored_from_its_backup(demo_template: Path, tmp_path: Path, capsys) -> None:
    from unionbook.app import main

    path = closed_copy(demo_template, tmp_path / "unionbook.sqlite")
    with Database.open(path, source="test") as db:
        good = backups.auto_backup(db, "每日")
    corrupt_a_table_page(path)
    assert main(["--db", str(path), "restore", str(good)]) == 0
    assert "已从" in capsys.readouterr().out
    raw = [e for e in backups.list_backups(path) if e.reason == "损坏"]
    assert len(raw) == 1  # the damaged file is kept as it was, for whoever tries to rescue it
    with Database.open(path, source="test") as db:
        assert count_members(db) == 300


def test_a_check_cut_short_on_open_is_finished_after_the_window_shows(demo_template: Path, tmp_path: Path) -> None:
    """A large database outgrows the open's time budget; the window then finishes the check in a
    worker (backups.after_open_checks) and finds the damage there."""
    from unionbook.domain.errors import DatabaseDamagedError

    path = closed_copy(demo_template, tmp_path / "unionbook.sqlite")
    with Database.open(path, source="test") as db:
        good = backups.auto_backup(db, "每日")
    corrupt_a_table_page(path)
    with Database.open(path, source="test", check_budget=0) as db:
        assert db.integrity is not None and not db.integrity.complete
        with pytest.raises(DatabaseDamagedError, match="已损坏") as excinfo:
            backups.after_open_checks(db, db.integrity)
        assert excinfo.value.params["backup"] == str(good)


def test_the_open_check_is_bounded_in_time(demo_template: Path, tmp_path: Path) -> None:
    from unionbook.db.integrity import quick_check

    path = closed_copy(demo_template, tmp_path / "unionbook.sqlite")
    assert quick_check(path).complete and quick_check(path).ok
    cut_short = quick_check(path, budget=0)
    assert not cut_short.complete and cut_short.ok  # out of time is not damage


# --- item 3: backups hold the attachments ----------------------------------------------------------


def test_a_backup_brings_back_the_attachment_files(filled: Database, tmp_path: Path) -> None:
    scan = tmp_path / "合同扫描件.pdf"
    scan.write_bytes(b"%PDF-1.4 " + random.Random(3).randbytes(50_000))
    with filled.session_factory() as session:
        member_id = session.scalar(select(Member.id).limit(1))
    info = attachments.add_attachment(filled, "member_id", member_id, scan)
    sha = hashlib.sha256(scan.read_bytes()).hexdigest()

    archive = backups.write_backup(filled, tmp_path / "备份.zip")
    assert archive.attachments == 1
    with zipfile.ZipFile(archive.path) as zf:
        assert {"manifest.json", "unionbook.sqlite", f"attachments/{sha[:2]}/{sha}.pdf"} <= set(zf.namelist())

    shutil.rmtree(filled.files_dir("attachments"))
    result = backups.restore(filled, archive.path)
    assert result.attachments_restored == 1 and result.attachments_missing == 0
    (restored,) = attachments.list_attachments(filled, "member_id", member_id)
    assert restored.path == info.path
    assert hashlib.sha256(restored.path.read_bytes()).hexdigest() == sha


def test_an_old_style_sqlite_backup_still_restores(filled: Database, tmp_path: Path) -> None:
    plain = tmp_path / "旧备份.sqlite"
    backup_database(filled.path, plain)  # what `backup` wrote before backups held attachments
    with filled.session_factory.begin() as session:
        session.add(Member(name="周八", id_type="居民身份证"))
    result = backups.restore(filled, plain)
    assert count_members(filled) == 300 and result.attachments_restored == 0


def test_a_zip_with_a_foreign_name_or_a_changed_attachment_is_refused(filled: Database, tmp_path: Path) -> None:
    scan = tmp_path / "a.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")
    with filled.session_factory() as session:
        member_id = session.scalar(select(Member.id).limit(1))
    attachments.add_attachment(filled, "member_id", member_id, scan)
    good = backups.backup(filled, tmp_path / "good.zip")
    before = fingerprint(filled.path)
    for name, change in (("evil.zip", "../../evil.txt"), ("tampered.zip", None)):
        bad = tmp_path / name
        with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
            for item in src.infolist():
                data = src.read(item)
                if item.filename.startswith("attachments/") and change is None:
                    data = b"something else"
                dst.writestr(item, data)
            if change:
                dst.writestr(change, b"x")
        with pytest.raises(InputError):
            backups.restore(filled, bad)
        assert fingerprint(filled.path) == before
    assert not (tmp_path.parent / "evil.txt").exists()


# --- item 6: foreign files and paths that do not exist ----------------------------------------------


def test_a_foreign_sqlite_file_is_refused_and_left_byte_identical(tmp_path: Path, capsys) -> None:
    from unionbook.app import main
    from unionbook.domain.errors import ForeignDatabaseError

    other = a_file_of_another_program(tmp_path / "记账.db")
    before = other.read_bytes()
    with pytest.raises(ForeignDatabaseError, match="notes"):
        Database.open(other, source="test")
    assert main(["--db", str(other), "figures", "--year", "2024"]) == 2
    assert "不是 UnionBook 数据库" in capsys.readouterr().err
    assert other.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["记账.db"]  # no 升级前备份-None, no backups/


def test_a_foreign_file_that_also_uses_alembic_is_refused(tmp_path: Path) -> None:
    from unionbook.domain.errors import ForeignDatabaseError

    other = a_file_of_another_program(tmp_path / "other.db")
    with closing(sqlite3.connect(other)) as conn:
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        conn.execute("INSERT INTO alembic_version VALUES ('0001')")
        conn.commit()
    before = other.read_bytes()
    with pytest.raises(ForeignDatabaseError):
        Database.open(other, source="test")
    assert other.read_bytes() == before


@pytest.mark.parametrize(
    "args",
    [
        ["figures", "--year", "2024"],
        ["report", "--year", "2024", "--template", "年度工作总结", "-o", "out.docx"],
        ["export", "members", "-o", "out.xlsx"],
        ["backup", "-o", "b.zip"],
        ["restore", "b.zip"],
        ["backups"],
        ["templates"],
        ["imports"],
    ],
    ids=lambda a: a[0],
)
def test_commands_refuse_a_database_path_that_does_not_exist(tmp_path: Path, capsys, args: list[str]) -> None:
    from unionbook.app import main

    missing = tmp_path / "没有" / "unionbook.sqlite"
    args = [str(tmp_path / a) if a.startswith(("out.", "b.")) else a for a in args]
    assert main(["--db", str(missing), *args]) == 2
    err = capsys.readouterr().err
    assert "找不到数据库" in err and len(err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []  # nothing created: no file, no folder


def test_demo_creates_the_database(tmp_path: Path) -> None:
    from unionbook.app import main

    assert main(["--db", str(tmp_path / "new.sqlite"), "demo", "--members", "20"]) == 0
    assert (tmp_path / "new.sqlite").exists()


def test_the_service_refuses_a_missing_path_when_not_asked_to_create(tmp_path: Path) -> None:
    from unionbook.domain.errors import DatabaseMissingError

    with pytest.raises(DatabaseMissingError):
        Database.open(tmp_path / "x.sqlite", create=False)
    assert not (tmp_path / "x.sqlite").exists()


# --- item 8: one file under two names is one lock ---------------------------------------------------


def test_a_hard_link_does_not_bypass_the_lock(db: Database, tmp_path: Path, capsys) -> None:
    from unionbook.app import main

    link = tmp_path / "别名" / "same.sqlite"
    link.parent.mkdir()
    os.link(db.path, link)
    with pytest.raises(DatabaseLockedError):
        Database.open(link, source="test")
    assert main(["--db", str(link), "figures", "--year", "2024"]) == 2
    err = capsys.readouterr().err
    assert "正被另一个 UnionBook" in err and len(err.strip().splitlines()) == 1


def test_the_lock_survives_a_restore_swap(filled: Database, tmp_path: Path) -> None:
    copy = backups.backup(filled, tmp_path / "copy.zip")
    backups.restore(filled, copy)  # the database is now a new file (new inode)
    with pytest.raises(DatabaseLockedError):
        Database.open(filled.path, source="test")


def test_no_lock_file_is_left_beside_the_database(demo_template: Path, tmp_path: Path) -> None:
    from unionbook.app import main

    path = closed_copy(demo_template, tmp_path / "unionbook.sqlite")
    assert main(["--db", str(path), "figures", "--year", "2024"]) == 0
    assert main(["--db", str(path), "backup", "-o", str(tmp_path / "b.zip")]) == 0
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith((".lock", "-wal", "-shm", ".partial"))]
    assert leftovers == []
    from unionbook.db.lock import lock_dir

    assert list(lock_dir().glob("*.lock")) == []  # released and removed


def test_an_old_lock_file_beside_the_database_is_cleaned_up(db_path: Path) -> None:
    legacy = db_path.with_name(db_path.name + ".lock")
    legacy.touch()
    Database.open(db_path, source="test").close()
    assert not legacy.exists()


# --- item 11: automatic backups -------------------------------------------------------------------


def test_first_open_of_the_day_backs_up_once(demo_template: Path, tmp_path: Path) -> None:
    from unionbook.app import main

    path = closed_copy(demo_template, tmp_path / "unionbook.sqlite")
    assert main(["--db", str(path), "figures", "--year", "2024"]) == 0
    assert main(["--db", str(path), "figures", "--year", "2024"]) == 0
    daily = [e for e in backups.list_backups(path) if e.reason == "每日"]
    assert len(daily) == 1 and daily[0].path.parent == path.parent / "backups"
    assert daily[0].path.suffix == ".zip"


def test_an_empty_database_gets_no_daily_backup(db: Database) -> None:
    assert backups.daily_backup_if_due(db) is None


def test_an_import_and_a_batch_delete_are_backed_up_first(filled: Database, tmp_path: Path) -> None:
    from unionbook.services.aid import undo_batch
    from unionbook.services.importing.members import import_members, plan_members
    from unionbook.services.member_export import export_roster

    roster = tmp_path / "roster.xlsx"
    export_roster(filled.session_factory, roster, show_id=True)
    with filled.session_factory() as session:
        batch_id = session.scalar(select(AidBatch.id).limit(1))
        payments = session.scalar(select(func.count()).select_from(AidPayment))
    assert backups.list_backups(filled.path) == []
    import_members(filled.session_factory, plan_members(roster))
    (before_import,) = backups.list_backups(filled.path)
    assert before_import.reason == "导入前"

    removed = undo_batch(filled.session_factory, batch_id)
    assert removed > 0
    entries = backups.list_backups(filled.path)
    assert [e.reason for e in entries][:1] == ["批量删除前"]
    with zipfile.ZipFile(entries[0].path) as zf, closing(sqlite3.connect(":memory:")) as _:
        inner = tmp_path / "inner.sqlite"
        inner.write_bytes(zf.read("unionbook.sqlite"))
    with closing(sqlite3.connect(inner)) as conn:  # the copy holds the batch as it was before
        assert conn.execute("SELECT count(*) FROM aid_payments").fetchone()[0] == payments


def test_a_migration_is_backed_up_with_the_attachments(tmp_path: Path) -> None:
    from alembic import command

    from unionbook.db.engine import make_engine
    from unionbook.db.migrate import alembic_config

    path = tmp_path / "unionbook.sqlite"
    cfg = alembic_config()
    engine = make_engine(path, foreign_keys=False)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")
    engine.dispose()
    with Database.open(path, source="test") as db:
        assert db.migration.backup is not None
        assert db.migration.backup.parent == tmp_path / "backups" and db.migration.backup.suffix == ".zip"
    (entry,) = backups.list_backups(path)
    assert entry.reason == "升级前"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backups", "unionbook.sqlite"]


def _entries(folder: Path, stamps: list[datetime], reason: str = "每日", stem: str = "u") -> list:
    from unionbook.services.backup.store import BackupEntry

    return [BackupEntry(folder / f"{stem}-{s:%Y%m%d-%H%M%S}-{reason}.zip", s, reason, 1) for s in stamps]


def test_retention_keeps_7_daily_4_weekly_12_monthly_and_all_of_today(tmp_path: Path) -> None:
    from unionbook.services.backup.store import Retention, to_keep

    today = date(2026, 11, 30)
    noon = datetime(2026, 11, 30, 12)
    stamps = [noon - timedelta(days=d) for d in range(500)] + [noon - timedelta(hours=2), noon - timedelta(hours=4)]
    entries = _entries(tmp_path, stamps) + _entries(tmp_path, [noon - timedelta(days=900)], "手动")
    kept = to_keep(entries, Retention(), today)
    kept_dates = sorted({e.when.date() for e in entries if e.path in kept and e.reason != "手动"}, reverse=True)
    assert len([e for e in entries if e.path in kept and e.when.date() == today]) == 3  # all of today
    assert kept_dates[:7] == [today - timedelta(days=d) for d in range(7)]
    weeks = {d.isocalendar()[:2] for d in kept_dates}
    months = {(d.year, d.month) for d in kept_dates}
    assert len(weeks) >= 4 and len(months) == 12
    assert len(kept_dates) <= 7 + 4 + 12
    assert entries[-1].path in kept  # 手动 is never pruned


def test_retention_is_stored_in_the_database_and_prunes_old_copies(db: Database) -> None:
    from unionbook.services.backup.store import Retention

    assert backups.get_retention(db.session_factory) == Retention(7, 4, 12)
    backups.save_retention(db.session_factory, Retention(daily=2, weekly=0, monthly=0))
    assert backups.get_retention(db.session_factory) == Retention(2, 0, 0)
    folder = db.path.parent / "backups"
    folder.mkdir()
    old = [datetime(2026, 1, d, 9) for d in range(1, 6)]
    for entry in _entries(folder, old, stem=db.path.stem):
        entry.path.write_bytes(b"x")
    legacy = db.path.with_name(f"{db.path.stem}.升级前备份-0001-20250101-090000.sqlite")
    legacy.write_bytes(b"x")
    backups.auto_backup(db, "导入前")
    left = backups.list_backups(db.path)
    assert [e.when.date() for e in left if e.when.year == 2026 and e.when.month == 1] == [date(2026, 1, 5)]
    assert not legacy.exists()  # earlier versions' copies beside the database are pruned the same way
    with pytest.raises(Exception, match="保留"):
        backups.save_retention(db.session_factory, Retention(0, 0, 0))


def test_the_backups_command_lists_them(demo_template: Path, tmp_path: Path, capsys) -> None:
    from unionbook.app import main

    path = closed_copy(demo_template, tmp_path / "unionbook.sqlite")
    assert main(["--db", str(path), "backups"]) == 0
    assert "还没有备份" in capsys.readouterr().out
    assert main(["--db", str(path), "figures", "--year", "2024"]) == 0  # the day's first open
    capsys.readouterr()
    assert main(["--db", str(path), "backups"]) == 0
    out = capsys.readouterr().out
    assert "每日" in out and "MB" in out and "backups" in out and "共 1 份" in out


def test_backups_are_listed_while_the_database_is_open_or_damaged(demo_template: Path, tmp_path: Path, capsys) -> None:
    from unionbook.app import main

    path = closed_copy(demo_template, tmp_path / "unionbook.sqlite")
    with Database.open(path, source="test") as db:
        backups.auto_backup(db, "每日")
        assert main(["--db", str(path), "backups"]) == 0  # the window holds it: the list still reads
        assert "每日" in capsys.readouterr().out
    corrupt_a_table_page(path)
    assert main(["--db", str(path), "backups"]) == 0
    assert "共 1 份" in capsys.readouterr().out


def test_moving_the_data_folder_copies_verifies_and_remembers(filled: Database, tmp_path: Path) -> None:
    from unionbook import paths

    scan = tmp_path / "照片.jpg"
    scan.write_bytes(random.Random(5).randbytes(10_000))
    with filled.session_factory() as session:
        member_id = session.scalar(select(Member.id).limit(1))
    attachments.add_attachment(filled, "member_id", member_id, scan)
    before = fingerprint(filled.path)

    result = backups.move_data_folder(filled, tmp_path / "D盘" / "工会台账")
    assert result.new == tmp_path / "D盘" / "工会台账" / "unionbook.sqlite" and result.files == 1
    assert paths.default_db_path() == result.new
    assert filled.path.exists() and (filled.path.parent / "数据已移到新位置.txt").exists()  # the old is kept
    filled.close()
    with Database.open(source="test") as moved:
        assert moved.path == result.new
        assert {k: v for k, v in fingerprint(moved.path).items() if k != "audit_log"} == {
            k: v for k, v in before.items() if k != "audit_log"
        }
        (copied,) = attachments.list_attachments(moved, "member_id", member_id)
        assert copied.path.read_bytes() == scan.read_bytes()


def test_moving_into_a_folder_that_holds_data_is_refused(filled: Database, tmp_path: Path) -> None:
    other = tmp_path / "其他"
    other.mkdir()
    (other / "unionbook.sqlite").write_bytes(b"")
    with pytest.raises(InputError, match="已经有"):
        backups.move_data_folder(filled, other)
