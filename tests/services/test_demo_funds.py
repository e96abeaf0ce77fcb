"""The demo union's 经费: every year has its income, vouchers numbered 记-001 … in date order, a batch
and an activity booked by a voucher, and budgets that the year keeps except 维权支出 (a little over)."""

from __future__ import annotations

from sqlalchemy import select

from unionbook.db.models import FundEntry
from unionbook.services import fund_budgets, funds
from unionbook.services.database import Database
from unionbook.services.fund_ledger import LineSource


def test_each_demo_year_has_income_vouchers_and_a_budget_kept_but_for_rights(demo_db: Database) -> None:
    f = demo_db.session_factory
    for year in range(2021, 2026):
        report = fund_budgets.budget_execution(f, year)
        over = [line.category for line in report.spending if line.over]
        assert over == ["维权支出"], year
        rights = next(line for line in report.spending if line.category == "维权支出")
        assert 100 < rights.rate < 110
        ledger = funds.year_ledger(f, year)
        entries = [r.line for r in ledger.rows if r.line.source is LineSource.ENTRY]
        assert [e.voucher_no for e in entries] == [f"记-{n:03d}" for n in range(1, len(entries) + 1)]
        assert {"拨缴经费收入", "上级补助收入", "行政补助收入", "其他收入"} <= {
            e.category.value for e in entries if e.is_income
        }
        with f() as s:
            linked = s.execute(select(FundEntry.aid_batch_id, FundEntry.activity_id).where(
                FundEntry.date.between(*funds.year_range(year)),
                (FundEntry.aid_batch_id.is_not(None)) | (FundEntry.activity_id.is_not(None)))).all()  # fmt: skip
        assert len(linked) == 2, year
        shown = {(r.line.source, r.line.source_id) for r in ledger.rows}
        for batch_id, activity_id in linked:
            assert (LineSource.BATCH, batch_id) not in shown and (LineSource.ACTIVITY, activity_id) not in shown
