"""The spending-rule check on hand-built cases (domain/spending_rules.py): no database."""

from __future__ import annotations

from datetime import date

from unionbook.domain.spending_rules import Payment, Received, Rule, check, summary

FESTIVAL_CAP = Rule("节日慰问", "每人每年限额", 220000, "皖工发〔2025〕18号", id=1)
NO_CASH = Rule("节日慰问", "不得发放现金", None, "皖工发〔2025〕18号", id=2)
ONCE = Rule("医疗救助", "每人每年一次", None, "皖工发〔2025〕18号", id=3)
FILE = Rule("生活救助", "须有困难职工档案", None, "皖工发〔2025〕18号", id=4)
BIRTHDAY_CAP = Rule("生日慰问", "每人每年限额", 50000, "", id=5)


def festival(amount: int = 0, goods: str = "月饼礼盒", value: int = 0, *, member: int = 1, name: str = "张三",
             on: date = date(2025, 9, 30)) -> Payment:  # fmt: skip
    return Payment(member, name, "节日慰问", on, amount, goods, value)


def test_cap_exactly_reached_is_within_the_rule() -> None:
    # 2,000 元 already, 200 元 of goods now: 2,200.00 元 exactly.
    assert check([FESTIVAL_CAP], [festival(value=20000)], {(1, "节日慰问", 2025): Received(200000, 3)}) == []


def test_one_fen_over_the_cap_is_a_breach_naming_person_cap_and_what_is_left() -> None:
    found = check([FESTIVAL_CAP], [festival(value=20001)], {(1, "节日慰问", 2025): Received(200000, 3)})
    assert [b.message for b in found] == [
        "张三 节日慰问 本年已发 2,000.00 元，本次 200.01 元，超出每人每年 2,200.00 元的标准 0.01 元（尚可发放 200.00 元）"
    ]
    assert (found[0].over_fen, found[0].left_fen, found[0].rule.id) == (1, 20000, 1)


def test_cap_counts_cash_and_goods_value_together() -> None:
    # The brief's example: 2,000 already, 500 now (300 cash + 200 goods) → 300 over, 200 left.
    found = check([FESTIVAL_CAP], [festival(30000, "月饼", 20000)], {(1, "节日慰问", 2025): Received(200000, 2)})
    assert found[0].message == (
        "张三 节日慰问 本年已发 2,000.00 元，本次 500.00 元，超出每人每年 2,200.00 元的标准 300.00 元（尚可发放 200.00 元）"
    )


def test_cap_with_nothing_given_before_and_with_the_year_used_up() -> None:
    first = check([BIRTHDAY_CAP], [Payment(7, "李四", "生日慰问", date(2025, 3, 1), 60000)])
    assert first[0].message == "李四 生日慰问 本年此前未发，本次 600.00 元，超出每人每年 500.00 元的标准 100.00 元（尚可发放 500.00 元）"
    used = check([BIRTHDAY_CAP], [Payment(7, "李四", "生日慰问", date(2025, 3, 1), 100)], {(7, "生日慰问", 2025): Received(50000, 1)})
    assert used[0].message == "李四 生日慰问 本年已发 500.00 元，本次 1.00 元，超出每人每年 500.00 元的标准 1.00 元（本年额度已用完）"


def test_last_years_payments_do_not_count_toward_this_year() -> None:
    received = {(1, "节日慰问", 2024): Received(220000, 4)}
    assert check([FESTIVAL_CAP], [festival(value=20000)], received) == []


def test_payments_in_one_check_add_up_in_order() -> None:
    # Two lines for 张三 in one imported list: 1,500 + 800 = 2,300 → the second breaks the cap.
    found = check([FESTIVAL_CAP], [festival(value=150000), festival(value=80000), festival(value=80000, member=2, name="王五")])
    assert [(b.index, b.over_fen, b.left_fen) for b in found] == [(1, 10000, 70000)]


def test_once_a_year() -> None:
    medical = Payment(3, "赵六", "医疗救助", date(2025, 6, 1), 300000, has_open_file=True)
    assert check([ONCE], [medical]) == []
    found = check([ONCE], [medical], {(3, "医疗救助", 2025): Received(500000, 1)})
    assert [b.message for b in found] == ["赵六 医疗救助 本年已发放 1 次，每人每年限一次"]
    # Twice in one list: the second is the breach.
    assert [b.index for b in check([ONCE], [medical, medical])] == [1]


def test_needs_a_hardship_file_open_on_the_day() -> None:
    with_file = Payment(4, "孙七", "生活救助", date(2025, 2, 3), 100000, has_open_file=True)
    without = Payment(4, "孙七", "生活救助", date(2025, 2, 3), 100000, has_open_file=False)
    assert check([FILE], [with_file]) == []
    assert [b.message for b in check([FILE], [without])] == [
        "孙七 生活救助：发放日期 2025-02-03 没有在档的困难职工档案，须有困难职工档案才能发放"
    ]


def test_no_cash_goods_only_is_fine_cash_and_shopping_cards_are_not() -> None:
    assert check([NO_CASH], [festival(0, "月饼礼盒", 20000)]) == []
    cash = check([NO_CASH], [festival(50000, "", 0)])
    assert [b.message for b in cash] == ["张三 节日慰问 本次发放现金 500.00 元，节日慰问不得发放现金和购物卡，只能发放实物"]
    card = check([NO_CASH], [festival(0, "超市购物卡", 30000)])
    assert [b.message for b in card] == ["张三 节日慰问 本次发放“超市购物卡”（购物卡视同现金），节日慰问不得发放现金和购物卡，只能发放实物"]


def test_disabled_rules_and_other_programs_are_not_checked() -> None:
    off = Rule("节日慰问", "每人每年限额", 100, "", enabled=False)
    assert check([off, ONCE, FILE], [festival(value=999999)]) == []


def test_one_payment_can_break_two_rules_and_the_summary_names_both() -> None:
    found = check([FESTIVAL_CAP, NO_CASH], [festival(250000, "", 0)])
    assert [b.kind for b in found] == ["每人每年限额", "不得发放现金"]
    assert summary(found) == (
        "1 人次超出开支标准：节日慰问每人每年不超过 2,200.00 元（皖工发〔2025〕18号）；"
        "节日慰问不得发放现金和购物卡（只发实物）（皖工发〔2025〕18号）"
    )
