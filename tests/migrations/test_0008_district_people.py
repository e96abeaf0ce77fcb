"""Migration 0008 (the 统计年度 and the people by key) on a district book made before it: a book
imported from a full-ID roster gets its people keyed as a format 2 package would key them, so its
members still count once; the book has no 统计年度; and down again."""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from pathlib import Path

from alembic import command

from unionbook.db.engine import make_engine
from unionbook.db.migrate import alembic_config, migrate
from unionbook.services.district.people import person_key

WANG_ID = "11010519491231002X"
LI_ID = "440106199001010013"
ZHAO_ID = "110101198001010053"


def _at(path: Path, revision: str, action: str = "upgrade") -> None:
    cfg = alembic_config()
    engine = make_engine(path, foreign_keys=False)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        getattr(command, action)(cfg, revision)
    engine.dispose()


def test_0008_keys_the_full_rosters_already_imported(tmp_path: Path) -> None:
    path = tmp_path / "区总.sqlite"
    _at(path, "0007")
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("INSERT INTO district_unions (name, unit_name, credit_code, stat_code, unit_category, industry, "
                     "union_type, covered_units, chair_name, contact_phone) "
                     "VALUES ('甲公司工会', '', '', 'A01', '', '', '独立基层工会', 1, '', '')")  # fmt: skip
        conn.execute("INSERT INTO district_books (union_id, year, imported_at, source_file, content_sha256, packaged_at, "
                     "app_version, figures, previous, roster_ids, roster_rows) "
                     "VALUES (1, 2025, '2026-01-05 10:00:00', 'a.ubpkg', 'x', '', '', '{}', '{}', 'full', 3)")  # fmt: skip
        conn.executemany("INSERT INTO district_people (book_id, name, id_number, gender, is_member, is_employee, joined, migrant) "
                         "VALUES (1, ?, ?, ?, ?, ?, ?, ?)", [("王芳", WANG_ID, "女", 1, 1, 0, 1), ("李明", LI_ID, "男", 1, 1, 1, 0),
                                                           ("赵强", ZHAO_ID, "男", 0, 1, 0, 0)])  # fmt: skip
        conn.commit()
    result = migrate(path, target="0008")
    assert (result.from_revision, result.to_revision) == ("0007", "0008")
    with closing(sqlite3.connect(path)) as conn:
        rows = conn.execute("SELECT book_id, person_key, year_bits, statistical_bits FROM district_counted ORDER BY year_bits").fetchall()
        assert conn.execute("SELECT statistical FROM district_books").fetchall() == [(None,)]  # no 统计年度 in it
    wang = hashlib.sha256(f"unionbook-package/2025/{WANG_ID}".encode()).hexdigest()[:32]
    li = hashlib.sha256(f"unionbook-package/2025/{LI_ID}".encode()).hexdigest()[:32]
    # 李明: 会员总数 + 新入会人数 (bits 1, 2); 王芳: 会员总数 + 女会员数 + 农民工会员数 (1, 4, 8); 赵强 counts in none.
    assert rows == [(1, li, 3, 0), (1, wang, 13, 0)]
    assert (person_key(2025, WANG_ID), person_key(2025, LI_ID)) == (wang, li)  # as a format 2 package keys them
    _at(path, "0007", "downgrade")
    with closing(sqlite3.connect(path)) as conn:
        assert "district_counted" not in {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert conn.execute("SELECT count(*) FROM district_people").fetchone() == (3,)
