"""The demo union's 经费 for each demo year: income entries, a few spending entries no other
register holds, two vouchers that take a batch and an activity over, and budgets sized to what the
year actually spent (most categories under budget, 维权支出 a little over: the audit finding).

Income follows what a grassroots union receives: 拨缴经费 each quarter — 2 % of the payroll, of
which the union keeps 40 % (headcount on the books × a typical 6,000 元 monthly wage) —, the upper
union's 送温暖 subsidy in January, the company's 行政补助 once a year, and bank interest each quarter.
Spending entries are the ones only a voucher records: printing for the 工会委员会议, 职工之家
newspapers, a 职工书屋 bookshelf. Vouchers are numbered 记-001 … per year in date order.

No draws from the random stream: everything follows from the registers already generated, so the
older registers' rows stay as they were and the phase runs at any point after them. The amounts are
read with fund_ledger.category_totals (SQL), so the phase costs a few aggregate queries per year.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select

from unionbook.db.models import Activity, AidBatch, AidPayment, FundBudget, FundEntry
from unionbook.domain.funds import charge_of_activity, charge_of_program
from unionbook.domain.vocab import FundCategory as F
from unionbook.services.demo.common import YEARS
from unionbook.services.demo.context import Context
from unionbook.services.fund_ledger import LineSource, category_totals
from unionbook.services.funds import Link, linked_record, year_range

MONTHLY_WAGE_FEN = 600_000  # a typical 6,000 元
#: 拨缴: 2 % of the payroll, 40 % of it kept by the grassroots union.
RETAINED_RATE = (2, 100, 40, 100)
#: Budget = actual × factor, to whole thousands of 元 (up; the 维权支出 factor below 1 rounds down).
BUDGET_FACTORS = {F.ACTIVITIES: 1.08, F.SERVICES: 1.15, F.RIGHTS: 0.97, F.BUSINESS: 1.25, F.CAPITAL: 1.0,
                  F.OTHER_SPENDING: 1.0}  # fmt: skip
_THOUSAND_YUAN = 100_000


def _headcount(ctx: Context, on: date) -> int:
    return sum(1 for p in ctx.people if p.active(on) and p.on_duty(on))


def _entry(day: date, category: F, sub_item: str, fen: int, summary: str, **link: Any) -> dict[str, Any]:
    return {"date": day, "category": category.value, "sub_item": sub_item, "amount_fen": fen, "summary": summary,
            "aid_batch_id": None, "aid_payment_id": None, "activity_id": None, "dues_month": None, "notes": None,
            "voucher_no": None, **link}  # fmt: skip


def _year_entries(ctx: Context, year: int) -> list[dict[str, Any]]:
    session = ctx.session
    start, end = year_range(year)
    rows: list[dict[str, Any]] = []
    a, b, c, d = RETAINED_RATE
    interest = 0
    for quarter in range(4):
        month = quarter * 3 + 3
        on = date(year, month, 28)
        payroll = _headcount(ctx, date(year, month, 1)) * MONTHLY_WAGE_FEN * 3
        allocated = payroll * a * c // (b * d)
        rows.append(
            _entry(on, F.ALLOCATED_INCOME, "行政拨缴经费", allocated, f"{year}年第{quarter + 1}季度拨缴经费（留成40%）")
        )
        interest += allocated // 400  # about 1 % a year on what the quarters leave in the bank
        rows.append(
            _entry(
                date(year, month, 21),
                F.OTHER_INCOME,
                "利息收入",
                max(interest, 100),
                f"{year}年第{quarter + 1}季度存款利息",
            )
        )
    spent = category_totals(session, start, end)
    warmth = max(spent[F.RIGHTS] // 5 // 10_000 * 10_000, 200_000)
    rows.append(_entry(date(year, 1, 8), F.UPPER_SUBSIDY, "送温暖补助", warmth, f"上级工会{year}年春节送温暖补助"))
    rows.append(_entry(date(year, 6, 15), F.ADMIN_SUBSIDY, "行政补助", _headcount(ctx, date(year, 6, 1)) * 10_000,
                       f"{year}年行政补助（职工之家及文体活动）"))  # fmt: skip
    for month, fen in ((3, 38_000), (9, 26_000)):
        rows.append(_entry(date(year, month, 12), F.BUSINESS, "会议", fen, "工会委员会议资料印刷"))
    rows.append(_entry(date(year, 12, 10), F.SERVICES, "职工之家建设", 180_000, f"职工之家{year + 1}年报刊订阅"))
    if year == YEARS[2]:
        rows.append(_entry(date(year, 4, 20), F.CAPITAL, "设备购置", 480_000, "职工书屋书架及阅览桌椅"))
    rows.extend(_taken_over(ctx, start, end))
    rows.sort(key=lambda r: (r["date"], r["summary"]))
    for number, row in enumerate(rows, start=1):
        row["voucher_no"] = f"记-{number:03d}"
    return rows


def _taken_over(ctx: Context, start: date, end: date) -> list[dict[str, Any]]:
    """Vouchers for the year's largest batch and costliest activity (they then give way in the ledger)."""
    session = ctx.session
    rows = []
    batch = session.execute(
        select(AidBatch.id, AidBatch.title, AidBatch.program).join(AidPayment, AidPayment.batch_id == AidBatch.id)
        .where(AidBatch.date.between(start, end)).group_by(AidBatch.id).order_by(func.count().desc(), AidBatch.id).limit(1)
    ).first()  # fmt: skip
    if batch is not None:
        record = linked_record(session, Link(LineSource.BATCH, batch.id))
        if record is not None and record.amount_fen > 0:
            rows.append(_entry(record.date, record.category, charge_of_program(batch.program)[1], record.amount_fen, f"{batch.title}（凭发放签收表）",
                               aid_batch_id=batch.id))  # fmt: skip
    activity = session.execute(
        select(Activity.id, Activity.name, Activity.category).where(Activity.start_date.between(start, end), Activity.cost_fen > 0)
        .order_by(Activity.cost_fen.desc(), Activity.id).limit(1)
    ).first()  # fmt: skip
    if activity is not None:
        record = linked_record(session, Link(LineSource.ACTIVITY, activity.id))
        if record is not None:
            rows.append(_entry(record.date, record.category, charge_of_activity(activity.category)[1], record.amount_fen, f"{activity.name}费用（凭发票）",
                               activity_id=activity.id))  # fmt: skip
    return rows


def _budgets(ctx: Context, year: int) -> list[dict[str, Any]]:
    spent = category_totals(ctx.session, *year_range(year))
    rows = []
    for category, factor in BUDGET_FACTORS.items():
        planned = int(spent[category] * factor)
        thousands = planned // _THOUSAND_YUAN if factor < 1 else -(-planned // _THOUSAND_YUAN)
        amount = max(thousands, 2) * _THOUSAND_YUAN  # a small line even where nothing was spent
        rows.append({"year": year, "category": category.value, "amount_fen": amount, "notes": None})
    return rows


def insert_funds(ctx: Context) -> None:
    """Entries and budgets for every demo year (1 step)."""
    table = FundEntry.__table__
    for year in YEARS:
        ctx.insert(table, _year_entries(ctx, year))  # type: ignore[arg-type]
        ctx.session.flush()
        ctx.insert(FundBudget.__table__, _budgets(ctx, year))  # type: ignore[arg-type]
    ctx.extra_counts["fund_entries"] = ctx.session.scalar(select(func.count()).select_from(FundEntry)) or 0
    ctx.progress.step()
