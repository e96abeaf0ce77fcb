"""The figures engine reads the book without SQLAlchemy's ORM (issue 17).

`unionbook figures` must start fast, and importing sqlalchemy.orm and declaring the models costs
~0.2 s; so the engine (services/figures, member_status, fund_ledger) selects columns of the Core
tables of db/tables/ and reads them through whatever it is given. Held in a fresh process: the
engine is imported, every figure with 上年 and the lists computed over a plain engine connection
on a small book, and sqlalchemy.orm must still not be loaded.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from unionbook.db.models import AidPayment, Member, MembershipEvent
from unionbook.services.database import Database

PROBE = """
import json, sys
import unionbook.services.figures as figures
imported = "sqlalchemy.orm" in sys.modules
from sqlalchemy import create_engine
engine = create_engine(sys.argv[1])
values = figures.compute_with_comparison(engine.connect, figures.Period.year(2024))
lists = figures.compute_lists(engine.connect, figures.Period.year(2024))
print(json.dumps({
    "orm after import": imported,
    "orm after computing": "sqlalchemy.orm" in sys.modules,
    "core loaded": "sqlalchemy" in sys.modules,
    "会员总数": values["会员总数"], "上年会员总数": values["上年会员总数"], "帮扶慰问总金额": str(values["帮扶慰问总金额"]),
    "帮扶发放汇总": [row["项目"] for row in lists["帮扶发放汇总"]],
}, ensure_ascii=False))
"""


@pytest.mark.sqlite_only("the child process opens the book file made here")
def test_the_figures_compute_over_a_plain_connection_without_importing_the_orm(tmp_path: Path) -> None:
    book = tmp_path / "book.sqlite"
    with Database.open(book, source="test") as db, db.session_factory.begin() as s:
        joined = Member(name="张三", gender="女")
        s.add(joined)
        s.add(MembershipEvent(member=joined, kind="入会", date=date(2024, 3, 1)))
        earlier = Member(name="李四", gender="男")
        s.add(earlier)
        s.add(MembershipEvent(member=earlier, kind="入会", date=date(2020, 1, 1)))
        s.flush()
        s.add(AidPayment(member_id=joined.id, program="送温暖", date=date(2024, 12, 31), amount_fen=50_050))
    done = subprocess.run(
        [sys.executable, "-c", PROBE, f"sqlite:///{book}"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "orm after import": False,
        "orm after computing": False,
        "core loaded": True,
        "会员总数": 2,
        "上年会员总数": 1,
        "帮扶慰问总金额": "500.50",
        "帮扶发放汇总": ["送温暖"],
    }
