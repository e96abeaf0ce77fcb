"""The demo union's 会费: wage bases, five years of the ledger paid by 工资代扣 on the 15th, a few
people in arrears at the end, retirees 保留会籍, two exemptions by decision — and exactly the rows
the generator would write (regenerating changes nothing)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from unionbook.db.models import DuesExemption, DuesMonth, WageBase
from unionbook.services import dues
from unionbook.services.database import Database
from unionbook.services.demo.dues import ROW_BUDGET, _ledger_months


def test_demo_dues_ledger(demo_db: Database) -> None:
    f = demo_db.session_factory
    with f() as s:
        months = s.execute(select(func.min(DuesMonth.month), func.max(DuesMonth.month), func.count(func.distinct(DuesMonth.month)))).one()
        assert tuple(months) == (date(2021, 1, 1), date(2025, 12, 1), 60)
        wages = s.execute(select(func.min(WageBase.wage_fen), func.max(WageBase.wage_fen))).one()
        assert 300_000 <= wages[0] and wages[1] <= 1_500_000
        methods = set(s.scalars(select(DuesMonth.method).distinct()))
        assert methods == {"工资代扣", None}
        days = {paid.day for paid in s.scalars(select(DuesMonth.paid_on).where(DuesMonth.paid_on.is_not(None)).distinct())}
        assert days == {15}
        assert s.scalar(select(func.count()).select_from(DuesExemption)) == 2
        reasons = set(s.scalars(select(DuesMonth.exempt_reason).distinct()))
        assert reasons == {None, "保留会籍", "长期病休，经工会委员会研究同意免缴"}
    owing = dues.arrears(f, date(2026, 1, 10))
    assert 2 <= len(owing) <= 5
    assert all(min(a.months) >= date(2025, 10, 1) for a in owing)  # only the last three months
    december = dues.totals(f, dues.DuesFilter(month=date(2025, 12, 1)))
    assert december.no_base == 2 and december.owing_people == len(owing) and december.rate > 95
    for month in (date(2021, 1, 1), date(2023, 7, 1), date(2025, 12, 1)):
        again = dues.generate_month(f, month)
        assert (again.added, again.recomputed, again.removed) == (0, 0, 0), again


def test_ledger_months_stay_within_the_budget() -> None:
    assert len(_ledger_months(300)) == 60 and len(_ledger_months(10_000)) == 60
    assert _ledger_months(100_000) == [date(2025, m, 1) for m in range(7, 13)]  # 600,000 rows
    assert ROW_BUDGET // 100_000 == 6
