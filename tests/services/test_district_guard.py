"""A district book refuses grassroots writes at every entry point (services/district/guard.py):
the command line's grassroots commands, a service called directly, an ORM flush, a Core bulk insert
and hand-written SQL — with the same sentence, exit 2 on the command line, and the book as it was.
District commands still work on it, and a grassroots book refuses the district's."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
from district_unions import LI_ID, WANG_ID, fresh_db, small_union
from sqlalchemy import insert, text

from unionbook.app import main
from unionbook.db.models import Member
from unionbook.domain.errors import InputError
from unionbook.services import members
from unionbook.services.district.book import make_district_book
from unionbook.services.district.guard import is_armed, written_table
from unionbook.services.district.package_export import export_package
from unionbook.services.funds import EntryInput, save_entry
from unionbook.services.members import MemberInput

REFUSED = "这是区总工会汇总库（区总.sqlite），不能"


def dump(path: Path | str) -> list[str]:
    """Every row of every table, as SQL: what "the book unchanged" compares (a server book's rows,
    table by table in id order)."""
    if isinstance(path, str) and path.startswith("postgresql"):
        from sqlalchemy import create_engine, select

        from unionbook.db.base import Base

        engine = create_engine(path.replace("postgresql://", "postgresql+psycopg://", 1))
        with engine.connect() as conn:
            rows = [f"{t.name} {tuple(r)}" for t in Base.metadata.sorted_tables
                    for r in conn.execute(select(t).order_by(*t.primary_key.columns))]  # fmt: skip
        engine.dispose()
        return rows
    with closing(sqlite3.connect(path)) as conn:
        return list(conn.iterdump())


@pytest.fixture
def district(template_db: Path, tmp_path: Path) -> Path:
    """A district book (区总.sqlite) with one union's 2025 package imported, closed."""
    union = fresh_db(template_db, tmp_path / "u")
    small_union(union, "甲公司工会", [("王芳", WANG_ID, date(2010, 3, 1)), ("李强", LI_ID, date(2025, 5, 1))])
    export_package(union.session_factory, 2025, tmp_path / "甲.ubpkg")
    union.close()
    path = tmp_path / "区总.sqlite"
    assert main(["--db", str(path), "district", "init", "--name", "示范区总工会"]) == 0
    assert main(["--db", str(path), "district", "import", str(tmp_path / "甲.ubpkg")]) == 0
    return path


@pytest.mark.parametrize("command", [
    ["demo"],
    ["import", "members", "{roster}"],
    ["dues", "generate", "--month", "2025-03"],
    ["funds", "add", "--date", "2025-03-01", "--category", "会费收入", "--amount", "100", "--summary", "三月会费"],
    ["facts", "--stat-code", "A01"],
    ["figures", "--year", "2025"],
])  # fmt: skip
def test_grassroots_commands_refused_on_a_district_book(district: Path, tmp_path: Path, command: list[str],
                                                         capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    roster = tmp_path / "名单.csv"
    roster.write_text(f"姓名,证件号码,性别\n赵六,{LI_ID},男\n", encoding="utf-8")
    before = dump(district)
    capsys.readouterr()
    code = main(["--db", str(district), *[part.format(roster=roster) for part in command]])
    err = capsys.readouterr().err
    assert code == 2
    assert REFUSED in err and "district" in err and "Traceback" not in err
    assert dump(district) == before
    assert not list(tmp_path.glob("*错误行*"))  # refused before the roster was even read


def test_every_write_path_refused_in_the_services(district: Path) -> None:
    from unionbook.services.database import Database

    before = dump(district)
    with Database.open(district, source="test") as db:
        factory = db.session_factory
        assert is_armed(db.engine)
        with pytest.raises(InputError, match="不能录入基层工会的台账（会员）"):  # a service: an ORM flush
            members.save_member(factory, MemberInput(name="赵六", id_number=LI_ID, is_member=True, join_date=date(2025, 1, 1)))
        with pytest.raises(InputError, match="经费收支"):
            save_entry(factory, EntryInput(date=date(2025, 3, 1), category="会费收入", amount_fen=10000, summary="三月会费"))
        with pytest.raises(InputError, match=REFUSED), factory.begin() as session:  # Core, in bulk
            session.execute(insert(Member), [{"name": "甲"}, {"name": "乙"}])
        with pytest.raises(InputError, match=REFUSED), factory.begin() as session:  # hand-written SQL
            session.execute(text("UPDATE members SET name = 'x'"))
        with pytest.raises(InputError, match=REFUSED), db.engine.begin() as conn:  # the engine, no session
            conn.execute(text('DELETE FROM "aid_payments"'))
    assert dump(district) == before


def test_district_commands_still_work_and_a_union_book_refuses_them(district: Path, template_db: Path, tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    assert main(["--db", str(district), "district", "add-union", "--name", "乙厂工会", "--stat-code", "B02"]) == 0
    assert main(["--db", str(district), "district", "import", str(tmp_path / "甲.ubpkg")]) == 0  # replaces the year
    capsys.readouterr()
    assert main(["--db", str(district), "district", "figures", "--year", "2025"]) == 0
    out = capsys.readouterr().out
    assert "已报送 1 家，未报送 1 家" in out
    assert main(["--db", str(district), "backup", "-o", str(tmp_path / "区总备份.zip")]) == 0
    assert main(["--db", str(district), "audit"]) == 0

    union = fresh_db(template_db, tmp_path / "乙")
    small_union(union, "乙厂工会", [("王芳", WANG_ID, date(2010, 3, 1))])
    path = union.target
    assert not is_armed(union.engine)  # a grassroots book pays nothing per statement
    union.close()
    before = dump(path)
    capsys.readouterr()
    for command in (["district", "import", str(tmp_path / "甲.ubpkg")], ["district", "figures", "--year", "2025"],
                    ["district", "add-union", "--name", "丙店工会"]):  # fmt: skip
        assert main(["--db", str(path), *command]) == 2
        assert "这个数据库不是区总工会汇总库" in capsys.readouterr().err
    assert dump(path) == before


def test_a_book_made_a_district_one_is_guarded_at_once(db) -> None:
    """`district init` in a running window: the open database refuses from that moment."""
    assert not is_armed(db.engine)
    assert make_district_book(db.session_factory)
    with pytest.raises(InputError, match="不能录入基层工会的台账（会员）"):
        members.save_member(db.session_factory, MemberInput(name="赵六", id_number=LI_ID, is_member=False))


@pytest.mark.parametrize(("statement", "table"), [
    ("INSERT INTO members (name) VALUES (?)", "members"),
    ('INSERT OR REPLACE INTO "dues_months" (x) VALUES (1)', "dues_months"),
    ("  update  aid_payments SET amount_fen = 1", "aid_payments"),
    ("DELETE FROM main.fund_entries WHERE id = 3", "fund_entries"),
    ("REPLACE INTO honors VALUES (1)", "honors"),
    ("SELECT * FROM members", None),
    ("WITH x AS (SELECT 1) SELECT * FROM x", None),
])  # fmt: skip
def test_written_table(statement: str, table: str | None) -> None:
    assert written_table(statement) == table
