"""A hand-built union with a dues ledger, fund entries, budgets, aid, activities and recorded
breaches, every record on an edge of 2024 (or just outside it). The figures test and the statements
test both count on it; the expected values are counted by hand in their docstrings.

会费 (fen; month = the month the row is for):
    甲 2023-11 due 1500, paid 1500 on 2023-11-30
    甲 2024-01 due 1500, paid 1500 on 2024-01-15
    甲 2024-12 due 1500, paid 1500 on 2025-01-10   (paid for 2024, but after E: 欠缴 at 2024-12-31)
    乙 2024-12 due 2000, unpaid                      (欠缴)
    乙 2025-01 due 2000, unpaid                      (2025's)
    丙 2024-06 due 0, 保留会籍, unpaid                (exempt: not 欠缴)
    丙 2024-07 due 1000, paid 1000 on 2024-12-31   (paid on E)
    丁 2023-12 due 1200, unpaid                      (2023's 欠缴)
    丁 2024-03 due 1200, paid 1200 on 2024-03-31   (collected in March; booked by an entry on 04-02)

Fund entries (fen):
    拨缴经费收入 2024-01-01 5,000,000 · 上级补助收入 2024-12-31 300,000 · 行政补助收入 2025-01-01 1,000,000
    其他收入 2023-12-31 10,000 · 会费收入 2024-04-02 1,200 booking March's dues (dues_month 2024-03-01)
    职工活动支出 2024-06-01 200,000 · 资本性支出 2024-12-31 800,000 · 其他支出 2023-06-30 5,000
    业务支出 2024-05-12 52,000 linked to the 培训 activity (its 50,000 cost is taken over)
Activities: 培训 2024-05-10 cost 50,000 (taken over) · 文体活动 2024-01-01 cost 30,000 · 文体活动
    2025-01-01 cost 9,900.
Aid: batch 节日慰问 2024-09-15: 甲 20,000 + goods 10,000, 乙 20,000 (甲's breaks a cap) · 医疗救助 丙
    2024-12-31 100,000 (breach) · 住院慰问 丁 2025-01-01 50,000 (breach) · 生日慰问 甲 2024-01-01
    30,000 paid by 行政 (not the union's money; two breaches: one 人次).
Budgets 2024 (fen): 职工活动支出 500,000, 维权支出 200,000, 业务支出 100,000, 资本性支出 800,000, and
    拨缴经费收入 6,000,000 (income: not in the spending budget). No budget for 2023.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from unionbook.db.models import (
    Activity,
    AidBatch,
    AidPayment,
    DuesMonth,
    FundBudget,
    FundEntry,
    Member,
    RuleBreach,
)

D = date


def build(factory: sessionmaker[Session]) -> None:
    with factory.begin() as s:
        a, b, c, d = (Member(name=n, is_migrant_worker=False) for n in ("甲", "乙", "丙", "丁"))
        s.add_all([a, b, c, d])
        s.flush()

        def dues(member: Member, month: date, due: int, paid_on: date | None = None, exempt: str | None = None) -> None:
            s.add(DuesMonth(member_id=member.id, month=month, wage_fen=due * 200, due_fen=due, exempt_reason=exempt,
                            paid_fen=due if paid_on else None, paid_on=paid_on,
                            method="工资代扣" if paid_on else None))  # fmt: skip

        dues(a, D(2023, 11, 1), 1500, D(2023, 11, 30))
        dues(a, D(2024, 1, 1), 1500, D(2024, 1, 15))
        dues(a, D(2024, 12, 1), 1500, D(2025, 1, 10))
        dues(b, D(2024, 12, 1), 2000)
        dues(b, D(2025, 1, 1), 2000)
        dues(c, D(2024, 6, 1), 0, exempt="保留会籍")
        dues(c, D(2024, 7, 1), 1000, D(2024, 12, 31))
        dues(d, D(2023, 12, 1), 1200)
        dues(d, D(2024, 3, 1), 1200, D(2024, 3, 31))

        training = Activity(name="工会干部培训", category="培训", start_date=D(2024, 5, 10), cost_fen=50000)
        s.add_all([training,
                   Activity(name="新春游园", category="文体活动", start_date=D(2024, 1, 1), cost_fen=30000),
                   Activity(name="元旦长跑", category="文体活动", start_date=D(2025, 1, 1), cost_fen=9900)])  # fmt: skip
        s.flush()

        def entry(category: str, day: date, fen: int, **link: object) -> None:
            s.add(FundEntry(date=day, category=category, sub_item="", amount_fen=fen, summary=category, **link))

        entry("拨缴经费收入", D(2024, 1, 1), 5_000_000)
        entry("上级补助收入", D(2024, 12, 31), 300_000)
        entry("行政补助收入", D(2025, 1, 1), 1_000_000)
        entry("其他收入", D(2023, 12, 31), 10_000)
        entry("会费收入", D(2024, 4, 2), 1_200, dues_month=D(2024, 3, 1))
        entry("职工活动支出", D(2024, 6, 1), 200_000)
        entry("资本性支出", D(2024, 12, 31), 800_000)
        entry("其他支出", D(2023, 6, 30), 5_000)
        entry("业务支出", D(2024, 5, 12), 52_000, activity_id=training.id)

        batch = AidBatch(title="2024年中秋节日慰问", program="节日慰问", date=D(2024, 9, 15))
        s.add(batch)
        s.flush()

        def pay(member: Member, program: str, day: date, fen: int, goods: int = 0, **extra: object) -> AidPayment:
            payment = AidPayment(member_id=member.id, program=program, date=day, amount_fen=fen, goods_value_fen=goods,
                                 **extra)  # fmt: skip
            s.add(payment)
            s.flush()
            return payment

        def breach(payment: AidPayment) -> None:
            s.add(RuleBreach(payment_id=payment.id, kind="每人每年限额", message="超过限额", reason="经委员会研究"))

        breach(pay(a, "节日慰问", D(2024, 9, 15), 20000, 10000, batch_id=batch.id))
        pay(b, "节日慰问", D(2024, 9, 15), 20000, batch_id=batch.id)
        breach(pay(c, "医疗救助", D(2024, 12, 31), 100000))
        breach(pay(d, "住院慰问", D(2025, 1, 1), 50000))
        birthday = pay(a, "生日慰问", D(2024, 1, 1), 30000, funding_source="行政")
        breach(birthday)
        breach(birthday)

        for category, fen in (("职工活动支出", 500_000), ("维权支出", 200_000), ("业务支出", 100_000),
                              ("资本性支出", 800_000), ("拨缴经费收入", 6_000_000)):  # fmt: skip
            s.add(FundBudget(year=2024, category=category, amount_fen=fen))
