"""The 会费 ledger: who gets a row for a month and what is due, regenerating, paying and undoing,
arrears, the wage-base and exemption rules, and the rule's settings. Expected values by hand
(tests/services/dues_people.py says who is who)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from dues_people import D, build_union
from sqlalchemy import func, select

from unionbook.db.models import AuditEntry, DuesMonth
from unionbook.domain.dues import DuesRounding, DuesRule, DuesStatus
from unionbook.domain.errors import ValidationError
from unionbook.services import dues
from unionbook.services.database import Database
from unionbook.services.dues import DuesFilter, WageBaseInput


def march(db: Database) -> dict[str, dues.DuesRow]:
    return {r.member_name: r for r in dues.list_rows(db.session_factory, DuesFilter(month=D(2025, 3, 1)))}


def test_who_is_due_for_a_month(db: Database) -> None:
    build_union(db.session_factory)
    result = dues.generate_month(db.session_factory, D(2025, 3, 15))
    assert (result.month, result.added, result.rows, result.no_base) == (D(2025, 3, 1), 6, 6, 1)
    rows = march(db)
    assert sorted(rows) == ["孙八", "张三", "李四", "王五", "赵六", "钱七"]  # 周九 never joined
    got = {n: (r.wage_fen, r.due_fen, r.exempt_reason, r.status) for n, r in rows.items()}
    assert got == {
        "张三": (567890, 2835, None, DuesStatus.OWED),
        "李四": (400000, 2000, None, DuesStatus.OWED),  # joined on the 10th
        "王五": (800000, 4000, None, DuesStatus.OWED),  # left on the 20th
        "赵六": (700000, 0, "保留会籍", DuesStatus.EXEMPT),  # 保留 on the 31st
        "钱七": (None, 0, None, DuesStatus.NO_BASE),
        "孙八": (300000, 0, "病休，经工会委员会同意", DuesStatus.EXEMPT),
    }
    april = {r.member_name: r for r in dues.list_rows(db.session_factory, DuesFilter(month=D(2025, 4, 1)))}
    assert april == {}
    dues.generate_month(db.session_factory, D(2025, 4, 1))
    april = {r.member_name: (r.wage_fen, r.due_fen, r.exempt_reason) for r in
             dues.list_rows(db.session_factory, DuesFilter(month=D(2025, 4, 1)))}  # fmt: skip
    # 王五 gone; 张三's raise; 孙八's exemption over; 赵六 still 保留.
    assert april == {"张三": (600000, 3000, None), "李四": (400000, 2000, None), "赵六": (700000, 0, "保留会籍"),
                     "钱七": (None, 0, None), "孙八": (300000, 1500, None)}  # fmt: skip
    with db.session_factory() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.table_name == "dues_months")).first()
        assert entry is not None and entry.changes["生成会费"] == "2025-03"


def test_regenerating_recomputes_only_unpaid_rows(db: Database) -> None:
    f = db.session_factory
    ids = build_union(f)
    dues.generate_month(f, D(2025, 3, 1))
    rows = march(db)
    dues.record_payment(f, [rows["张三"].id], paid_on=D(2025, 3, 15))
    # A wage correction for both 张三 (paid) and 李四 (unpaid), and 钱七's base entered at last.
    dues.save_wage_base(f, WageBaseInput(ids["张三"], D(2025, 3, 1), 900000))
    dues.save_wage_base(f, WageBaseInput(ids["李四"], D(2025, 3, 20), 450000))
    dues.save_wage_base(f, WageBaseInput(ids["钱七"], D(2021, 6, 1), 512345))
    again = dues.generate_month(f, D(2025, 3, 1))
    assert (again.added, again.recomputed, again.removed, again.paid_kept, again.no_base) == (0, 2, 0, 1, 0)
    rows = march(db)
    assert (rows["张三"].wage_fen, rows["张三"].due_fen, rows["张三"].paid_fen) == (567890, 2835, 2835)  # audited month kept
    assert (rows["李四"].wage_fen, rows["李四"].due_fen) == (450000, 2250)
    assert (rows["钱七"].wage_fen, rows["钱七"].due_fen, rows["钱七"].status) == (512345, 2560, DuesStatus.OWED)
    with f() as s:
        assert s.scalar(select(func.count()).select_from(DuesMonth)) == 6


def test_payments_by_hand_and_undo(db: Database) -> None:
    f = db.session_factory
    build_union(f)
    dues.generate_month(f, D(2025, 3, 1))
    rows = march(db)
    picked = [rows[n].id for n in ("张三", "李四", "赵六", "钱七")]
    result = dues.record_payment(f, picked, paid_on=D(2025, 4, 2), method="现金")
    assert (result.paid, result.exempt, result.nothing_due, result.paid_fen) == (2, 1, 1, 4835)
    assert result.line() == "已登记缴纳 2 条，跳过 1 条免缴、1 条无应缴金额（请填写实缴金额）。"
    rows = march(db)
    assert (rows["张三"].paid_fen, rows["张三"].paid_on, rows["张三"].method, rows["张三"].status) == (
        2835, D(2025, 4, 2), "现金", DuesStatus.PAID)  # fmt: skip
    # An amount given: 钱七 pays 30 元 in cash though no base is on file; 张三 is already paid.
    second = dues.record_payment(f, [rows["钱七"].id, rows["张三"].id], paid_on=D(2025, 4, 3), method="现金", amount_fen=3000)
    assert (second.paid, second.already_paid) == (1, 1)
    totals = dues.totals(f, DuesFilter(month=D(2025, 3, 1)))
    # due: 28.35 + 20 + 40 = 88.35; paid: 28.35 + 20 + 30 = 78.35; 王五 still owes.
    assert (totals.due_fen, totals.paid_fen, totals.owing_people, totals.owed_fen, totals.exempt) == (8835, 7835, 1, 4000, 2)
    assert totals.rate == Decimal("88.7")
    assert dues.undo_payment(f, [rows["张三"].id, rows["王五"].id]) == 1
    rows = march(db)
    assert (rows["张三"].paid_fen, rows["张三"].paid_on, rows["张三"].method) == (None, None, None)
    with pytest.raises(ValidationError):
        dues.record_payment(f, [rows["张三"].id], paid_on=D(2025, 4, 2), method="支付宝")


def test_arrears_as_of_a_day(db: Database) -> None:
    f = db.session_factory
    build_union(f)
    dues.generate_months(f, [D(2025, 3, 1), D(2025, 4, 1)])
    april = {r.member_name: r.id for r in dues.list_rows(f, DuesFilter(month=D(2025, 4, 1)))}
    dues.record_payment(f, [march(db)["李四"].id], paid_on=D(2025, 5, 10))
    dues.record_payment(f, [april["张三"]], paid_on=D(2025, 4, 15))
    # On 2025-04-20 only March is over: 张三 28.35, 李四 20 (paid later), 王五 40.
    early = {a.name: (a.months_text(), a.owed_fen) for a in dues.arrears(f, D(2025, 4, 20))}
    assert early == {"张三": ("2025-03", 2835), "李四": ("2025-03", 2000), "王五": ("2025-03", 4000)}
    late = {a.name: (a.months_text(), a.owed_fen) for a in dues.arrears(f, D(2025, 5, 20))}
    assert late == {"张三": ("2025-03", 2835), "李四": ("2025-04", 2000), "王五": ("2025-03", 4000), "孙八": ("2025-04", 1500)}
    assert dues.arrears_summary(f, D(2025, 5, 20)) == (4, 10335)


def test_wage_base_and_exemption_rules(db: Database) -> None:
    f = db.session_factory
    ids = build_union(f)

    def field(call) -> str:
        with pytest.raises(ValidationError) as info:
            call()
        return str(info.value.params["field"])

    assert field(lambda: dues.save_wage_base(f, WageBaseInput(ids["张三"], D(2024, 1, 1), 100))) == "生效日期"  # same day
    assert field(lambda: dues.save_wage_base(f, WageBaseInput(ids["张三"], D(2024, 2, 1), -1))) == "工资基数"
    assert field(lambda: dues.save_wage_base(f, WageBaseInput(0, D(2024, 2, 1), 1))) == "职工"
    history = dues.member_history(f, ids["张三"])
    assert [(h.data.effective_from, h.data.wage_fen) for h in history] == [(D(2025, 4, 1), 600000), (D(2024, 1, 1), 567890)]
    current = dues.list_wage_bases(f, dues.WageBaseFilter(current_only=True, text="张"))
    assert [(c.member_name, c.data.wage_fen) for c in current] == [("张三", 600000)]
    # The lazy 工资基数 list: ids in the list's order or a column's, rows by id.
    mine = dues.WageBaseFilter(member_id=ids["张三"])
    assert dues.query_wage_base_ids(f, mine) == [h.id for h in history]  # newest first
    assert dues.query_wage_base_ids(f, mine, "wage") == [history[1].id, history[0].id]  # 5,678.90 before 6,000
    assert dues.query_wage_base_ids(f, mine, "from", descending=True) == [history[0].id, history[1].id]
    assert [r.data.wage_fen for r in dues.fetch_wage_base_rows(f, [history[1].id, 999_999])] == [567890]
    dues.delete_wage_base(f, history[0].id)
    assert len(dues.member_history(f, ids["张三"])) == 1
    overlap = dues.ExemptionInput(ids["孙八"], D(2025, 3, 1), None, "困难")
    assert field(lambda: dues.save_exemption(f, overlap)) == "起始月份"
    assert field(lambda: dues.save_exemption(f, dues.ExemptionInput(ids["张三"], D(2025, 3, 1), D(2025, 2, 1), "x"))) == "截止月份"
    assert field(lambda: dues.save_exemption(f, dues.ExemptionInput(ids["张三"], D(2025, 3, 1), None, " "))) == "免缴原因"
    saved = dues.save_exemption(f, dues.ExemptionInput(ids["张三"], D(2025, 3, 9), None, "长期病休"))
    assert dues.list_exemptions(f, ids["张三"])[0].data.from_month == D(2025, 3, 1)  # whole months
    dues.delete_exemption(f, saved.id)


def test_rule_settings_change_new_months(db: Database) -> None:
    f = db.session_factory
    build_union(f)
    assert dues.get_rule(f) == DuesRule()
    rule = dues.rule_from_options(dues.get_rule(f), rate="5", step_yuan="1", rounding="角")
    assert rule == DuesRule(Decimal(5), 100, DuesRounding.JIAO)
    dues.save_rule(f, rule)
    assert dues.get_rule(f) == rule
    dues.generate_month(f, D(2025, 3, 1))
    # 张三 5,678.90 → 5,678 counted → 28.39 → 28.4 (角)
    assert march(db)["张三"].due_fen == 2840
    with pytest.raises(ValidationError):
        dues.rule_from_options(rule, step_yuan="5")
    with pytest.raises(ValidationError):
        dues.rule_from_options(rule, rounding="厘")


def test_a_new_base_or_exemption_reaches_the_unpaid_months_generated(db: Database) -> None:
    f = db.session_factory
    ids = build_union(f)
    dues.generate_months(f, [D(2025, 3, 1), D(2025, 4, 1)])
    dues.record_payment(f, [march(db)["李四"].id], paid_on=D(2025, 3, 31))
    dues.save_wage_base(f, WageBaseInput(ids["李四"], D(2025, 4, 1), 500000))
    assert dues.regenerate_member(f, ids["李四"], D(2025, 3, 1)) == 1  # April: March is paid (and had the old base)
    april = {r.member_name: r for r in dues.list_rows(f, DuesFilter(month=D(2025, 4, 1)))}
    assert (april["李四"].wage_fen, april["李四"].due_fen) == (500000, 2500)
    assert march(db)["李四"].due_fen == 2000
    dues.save_exemption(f, dues.ExemptionInput(ids["张三"], D(2025, 4, 1), None, "工伤停工留薪期"))
    assert dues.regenerate_member(f, ids["张三"], D(2025, 4, 1)) == 1
    april = {r.member_name: r for r in dues.list_rows(f, DuesFilter(month=D(2025, 4, 1)))}
    assert (april["张三"].due_fen, april["张三"].exempt_reason) == (0, "工伤停工留薪期")
    assert march(db)["张三"].due_fen == 2835
