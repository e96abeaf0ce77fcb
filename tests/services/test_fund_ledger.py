"""The funds ledger on a hand-built union: what is derived from the other registers, what an entry
takes over, and what stays out (money paid by the administration or a donor, other years).

2024, by hand:
- entries: 拨缴经费收入 12,000.00 (03-31); 业务支出/会议 300.00 (05-10) linked to the 职代会, which
  therefore does not also appear from the activity; 维权支出/送温暖 1,000.00 (01-20) linked to the
  送温暖 batch, whose 1,200.00 derived line disappears; 会费收入 500.00 booking the dues of 2024-04.
- 端午节慰问 batch (06-01): 甲 200 cash + 50 goods, 乙 200 cash → 职工活动支出 450.00; a third
  line paid by 行政 (300) is not the union's money.
- single 住院慰问 to 丙 (07-07): 800.00 → 职工活动支出; single 医疗救助 (08-08) 2,000.00 by 社会捐赠: out.
- activities: 文体活动 1,500.00 (09-01) → 职工活动支出; 职代会 (linked, out); 培训 0 cost: no line;
  a 体检 paid by 行政 (5,000.00) is not the union's money;
  a 2023 文体活动 (12-31) is another year.
- dues: March paid 03-15 by two people 20.00 + 30.00 → 会费收入 50.00 (one line, 2024年3月);
  April paid 04-15 25.00 → booked by the entry, no derived line; a payment on 2025-01-15 is next year.
So 职工活动支出 = 450 + 800 + 1,500 = 2,750.00; 维权支出 = 1,000.00; 业务支出 = 300.00;
会费收入 = 500 + 50 = 550.00; 拨缴经费收入 = 12,000.00.
"""

from __future__ import annotations

from datetime import date

import pytest

from unionbook.db.models import Activity, AidBatch, AidPayment, DuesMonth, FundEntry, Member
from unionbook.domain.vocab import FundCategory as F
from unionbook.services.database import Database
from unionbook.services.fund_ledger import LineSource, category_totals, income_total, ledger_lines, spending_total

D = date


@pytest.fixture
def union(db: Database) -> Database:
    with db.session_factory.begin() as s:
        jia, yi, bing = (Member(name=n, is_migrant_worker=False) for n in ("甲", "乙", "丙"))
        s.add_all([jia, yi, bing])
        s.flush()
        duanwu = AidBatch(title="2024年端午节慰问", program="节日慰问", date=D(2024, 6, 1))
        warmth = AidBatch(title="2024年春节送温暖", program="送温暖", date=D(2024, 1, 20))
        s.add_all([duanwu, warmth])
        s.flush()

        def pay(member: Member, program: str, day: date, fen: int, *, goods: int = 0, source: str | None = None,
                batch: AidBatch | None = None) -> AidPayment:
            payment = AidPayment(member_id=member.id, program=program, date=day, amount_fen=fen, goods_value_fen=goods,
                                 funding_source=source, batch_id=batch.id if batch else None)  # fmt: skip
            s.add(payment)
            return payment

        pay(jia, "节日慰问", D(2024, 6, 1), 20000, goods=5000, batch=duanwu)
        pay(yi, "节日慰问", D(2024, 6, 1), 20000, batch=duanwu)
        pay(bing, "节日慰问", D(2024, 6, 1), 30000, source="行政", batch=duanwu)
        pay(jia, "送温暖", D(2024, 1, 20), 60000, batch=warmth)
        pay(yi, "送温暖", D(2024, 1, 20), 60000, batch=warmth)
        pay(bing, "住院慰问", D(2024, 7, 7), 80000, source="本级经费")
        pay(bing, "医疗救助", D(2024, 8, 8), 200000, source="社会捐赠")
        congress = Activity(name="第三届职代会", category="职代会/会员大会", start_date=D(2024, 5, 10), cost_fen=30000)
        s.add_all([
            Activity(name="职工运动会", category="文体活动", start_date=D(2024, 9, 1), cost_fen=150000),
            Activity(name="安全培训", category="培训", start_date=D(2024, 10, 1), cost_fen=0),
            Activity(name="跨年晚会", category="文体活动", start_date=D(2023, 12, 31), cost_fen=99900),
            Activity(name="行政出资的体检", category="职工体检/疗休养", start_date=D(2024, 4, 1), cost_fen=500000,
                     funding_source="行政"),
            congress,
        ])  # fmt: skip
        s.flush()
        s.add_all([
            DuesMonth(member_id=jia.id, month=D(2024, 3, 1), due_fen=2000, paid_fen=2000, paid_on=D(2024, 3, 15)),
            DuesMonth(member_id=yi.id, month=D(2024, 3, 1), due_fen=3000, paid_fen=3000, paid_on=D(2024, 3, 15)),
            DuesMonth(member_id=jia.id, month=D(2024, 4, 1), due_fen=2500, paid_fen=2500, paid_on=D(2024, 4, 15)),
            DuesMonth(member_id=jia.id, month=D(2024, 12, 1), due_fen=2500, paid_fen=2500, paid_on=D(2025, 1, 15)),
            FundEntry(date=D(2024, 3, 31), category="拨缴经费收入", amount_fen=1200000, summary="一季度拨缴经费",
                      voucher_no="记-003"),
            FundEntry(date=D(2024, 5, 10), category="业务支出", sub_item="会议", amount_fen=30000, summary="职代会会务",
                      activity_id=congress.id),
            FundEntry(date=D(2024, 1, 20), category="维权支出", sub_item="送温暖", amount_fen=100000,
                      summary="春节送温暖（凭证）", aid_batch_id=warmth.id),
            FundEntry(date=D(2024, 4, 30), category="会费收入", sub_item="会费", amount_fen=50000, summary="4月会费",
                      dues_month=D(2024, 4, 1)),
        ])  # fmt: skip
    return db


def test_category_totals_of_2024_count_each_sum_once(union: Database) -> None:
    with union.session_factory() as s:
        totals = category_totals(s, D(2024, 1, 1), D(2024, 12, 31))
    assert totals[F.ACTIVITIES] == 275000
    assert totals[F.RIGHTS] == 100000
    assert totals[F.BUSINESS] == 30000
    assert totals[F.DUES_INCOME] == 55000
    assert totals[F.ALLOCATED_INCOME] == 1200000
    assert totals[F.SERVICES] == totals[F.CAPITAL] == totals[F.OTHER_SPENDING] == totals[F.UPPER_SUBSIDY] == 0
    assert income_total(totals) == 1255000
    assert spending_total(totals) == 405000


def test_the_lines_say_where_each_sum_comes_from(union: Database) -> None:
    with union.session_factory() as s:
        lines = ledger_lines(s, D(2024, 1, 1), D(2024, 12, 31))
    seen = [(line.date, line.category.value, line.amount_fen, line.source, line.summary) for line in lines]
    assert seen == [
        (D(2024, 1, 20), "维权支出", 100000, LineSource.ENTRY, "春节送温暖（凭证）"),
        (D(2024, 3, 15), "会费收入", 5000, LineSource.DUES, "2024年3月收缴会费（2人）"),
        (D(2024, 3, 31), "拨缴经费收入", 1200000, LineSource.ENTRY, "一季度拨缴经费"),
        (D(2024, 4, 30), "会费收入", 50000, LineSource.ENTRY, "4月会费"),
        (D(2024, 5, 10), "业务支出", 30000, LineSource.ENTRY, "职代会会务"),
        (D(2024, 6, 1), "职工活动支出", 45000, LineSource.BATCH, "2024年端午节慰问"),
        (D(2024, 7, 7), "职工活动支出", 80000, LineSource.PAYMENT, "住院慰问（丙）"),
        (D(2024, 9, 1), "职工活动支出", 150000, LineSource.ACTIVITY, "职工运动会"),
    ]
    assert lines[2].voucher_no == "记-003"
    assert sum(line.amount_fen for line in lines if not line.is_income) == 405000


def test_a_month_range_takes_only_that_month(union: Database) -> None:
    with union.session_factory() as s:
        totals = category_totals(s, D(2024, 6, 1), D(2024, 6, 30))
        december = category_totals(s, D(2023, 12, 1), D(2023, 12, 31))
    assert totals[F.ACTIVITIES] == 45000 and spending_total(totals) == 45000 and income_total(totals) == 0
    assert december[F.ACTIVITIES] == 99900
