"""Fund entries, the year's ledger with its running 结余, and budget vs actual, on a hand-built union.

By hand (fen):
- 2023: 拨缴经费收入 entry 2023-12-01 10,000,000; 文体活动 activity 2023-06-01 cost 200,000
  → 上年结余 of 2024 = 9,800,000 (98,000.00 元).
- 2024: 01-10 entry 拨缴经费收入 3,000,000 (记-001); 02-05 送温暖 batch 甲 50,000 + 乙 50,000 → 维权支出
  100,000; 03-08 文体活动 activity 80,000 → 职工活动支出; 04-01 entry 资本性支出/设备购置 150,000 (记-002).
  Balances: 12,800,000 → 12,700,000 → 12,620,000 → 12,470,000. Income 3,000,000, spending 330,000.
"""

from __future__ import annotations

from datetime import date

import pytest

from unionbook.db.models import Activity, AidBatch, AidPayment, FundEntry, Member
from unionbook.domain.errors import InputError, ValidationError
from unionbook.services import fund_budgets, funds
from unionbook.services.database import Database
from unionbook.services.fund_ledger import LineSource
from unionbook.services.funds import EntryInput, LedgerFilter, Link

D = date


@pytest.fixture
def union(db: Database) -> Database:
    with db.session_factory.begin() as s:
        jia, yi = Member(name="甲", is_migrant_worker=False), Member(name="乙", is_migrant_worker=False)
        s.add_all([jia, yi])
        batch = AidBatch(title="2024年春节送温暖", program="送温暖", date=D(2024, 2, 5))
        s.add(batch)
        s.flush()
        s.add_all([
            AidPayment(member_id=jia.id, program="送温暖", date=D(2024, 2, 5), amount_fen=50000, batch_id=batch.id),
            AidPayment(member_id=yi.id, program="送温暖", date=D(2024, 2, 5), amount_fen=50000, batch_id=batch.id),
            Activity(name="2023年职工运动会", category="文体活动", start_date=D(2023, 6, 1), cost_fen=200000),
            Activity(name="三八节健步走", category="文体活动", start_date=D(2024, 3, 8), cost_fen=80000),
            FundEntry(date=D(2023, 12, 1), category="拨缴经费收入", amount_fen=10000000, summary="2023年拨缴经费"),
        ])  # fmt: skip
    f = db.session_factory
    funds.save_entry(f, EntryInput(D(2024, 1, 10), "拨缴经费收入", 3000000, "一季度拨缴经费", voucher_no="记-001"))
    funds.save_entry(f, EntryInput(D(2024, 4, 1), "资本性支出", 150000, "职工书屋书架", "设备购置", "记-002"))
    return db


def _ids(db: Database) -> dict[str, int]:
    with db.session_factory() as s:
        return {"batch": s.query(AidBatch.id).scalar(),
                "activity": s.query(Activity.id).filter(Activity.name == "三八节健步走").scalar()}  # fmt: skip


def test_the_running_balance_starts_from_last_years_and_counts_every_line(union: Database) -> None:
    ledger = funds.year_ledger(union.session_factory, 2024)
    assert ledger.opening_fen == 9800000
    seen = [(r.line.date, r.line.source, r.income_fen, r.spending_fen, r.balance_fen) for r in ledger.rows]
    assert seen == [
        (D(2024, 1, 10), LineSource.ENTRY, 3000000, 0, 12800000),
        (D(2024, 2, 5), LineSource.BATCH, 0, 100000, 12700000),
        (D(2024, 3, 8), LineSource.ACTIVITY, 0, 80000, 12620000),
        (D(2024, 4, 1), LineSource.ENTRY, 0, 150000, 12470000),
    ]
    assert (ledger.income_fen, ledger.spending_fen, ledger.closing_fen) == (3000000, 330000, 12470000)
    assert ledger.totals_text() == ("上年结余 98,000.00 元，本年收入合计 30,000.00 元，支出合计 3,300.00 元，"
                                    "结余 124,700.00 元")  # fmt: skip
    assert [r.editable for r in ledger.rows] == [True, False, False, True]


def test_a_filter_chooses_lines_but_keeps_the_years_balance(union: Database) -> None:
    f = union.session_factory
    spending = funds.year_ledger(f, 2024, LedgerFilter(direction="支出"))
    assert [r.balance_fen for r in spending.rows] == [12700000, 12620000, 12470000]
    assert (spending.income_fen, spending.spending_fen, spending.closing_fen) == (0, 330000, 12470000)
    assert spending.totals_text() == "筛选结果：收入合计 0.00 元，支出合计 3,300.00 元，收支相抵 -3,300.00 元"
    assert [r.line.summary for r in funds.year_ledger(f, 2024, LedgerFilter(text="书架")).rows] == ["职工书屋书架"]
    assert [r.line.summary for r in funds.year_ledger(f, 2024, LedgerFilter(text="记-001")).rows] == ["一季度拨缴经费"]
    by_source = funds.year_ledger(f, 2024, LedgerFilter(source="活动费用")).rows
    assert [r.line.summary for r in by_source] == ["三八节健步走"]
    rights = funds.year_ledger(f, 2024, LedgerFilter(category="维权支出")).rows
    assert [(r.line.summary, r.line.sub_item) for r in rights] == [("2024年春节送温暖", "送温暖")]


def test_entries_are_added_edited_and_deleted(union: Database) -> None:
    f = union.session_factory
    saved = funds.save_entry(
        f, EntryInput(D(2024, 5, 20), "业务支出", 12050, " 工会委员会议资料印刷 ", "会议", "记-003")
    )
    assert saved.warnings == ()
    assert funds.get_entry(f, saved.id).summary == "工会委员会议资料印刷"
    funds.save_entry(
        f, EntryInput(D(2024, 5, 20), "业务支出", 13050, "工会委员会议资料印刷", "会议", "记-003"), saved.id
    )
    assert funds.get_entry(f, saved.id).amount_fen == 13050
    assert funds.year_ledger(f, 2024).closing_fen == 12470000 - 13050
    funds.delete_entry(f, saved.id)
    assert funds.year_ledger(f, 2024).closing_fen == 12470000


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"amount_fen": 0}, "金额"),
        ({"summary": "  "}, "摘要"),
        ({"category": "办公费"}, "科目"),
        ({"aid_batch_id": 1, "activity_id": 1}, "关联"),
        ({"activity_id": 999}, "关联"),
        ({"category": "其他收入", "activity_id": "ACTIVITY"}, "关联"),  # an activity's cost is spending
    ],
)
def test_an_entry_that_breaks_a_rule_is_refused_naming_the_field(union: Database, change: dict, field: str) -> None:
    if change.get("activity_id") == "ACTIVITY":
        change = {**change, "activity_id": _ids(union)["activity"]}
    data = EntryInput(D(2024, 6, 1), "职工活动支出", 10000, "端午节活动")
    with pytest.raises(ValidationError) as raised:
        funds.save_entry(union.session_factory, EntryInput(**{**vars(data), **change}))
    assert raised.value.params["field"] == field
    assert len(funds.year_ledger(union.session_factory, 2024).rows) == 4


def test_a_voucher_number_used_twice_in_a_year_warns_but_saves(union: Database) -> None:
    f = union.session_factory
    again = funds.save_entry(f, EntryInput(D(2024, 6, 1), "职工活动支出", 10000, "端午节活动", "文体活动", "记-001"))
    assert again.warnings == ("凭证号“记-001”在2024年已用于 2024-01-10“一季度拨缴经费”，请核对是否重号",)
    next_year = funds.save_entry(f, EntryInput(D(2025, 1, 3), "职工活动支出", 10000, "元旦活动", "文体活动", "记-001"))
    assert next_year.warnings == ()


def test_linking_an_entry_takes_the_derived_line_over_and_warns_on_a_different_amount(union: Database) -> None:
    f = union.session_factory
    ids = _ids(union)
    candidates = funds.link_candidates(f, 2024)
    assert [(c.source, c.source_id, c.amount_fen) for c in candidates] == [
        (LineSource.BATCH, ids["batch"], 100000), (LineSource.ACTIVITY, ids["activity"], 80000)]  # fmt: skip
    link = Link(LineSource.BATCH, ids["batch"])
    saved = funds.save_entry(f, EntryInput(D(2024, 2, 6), "维权支出", 120000, "春节送温暖慰问金", "送温暖", "记-005",
                                           **link.fields()))  # fmt: skip
    assert saved.warnings == ("金额 1,200.00 元与所关联的批量发放“2024年春节送温暖”（1,000.00 元）不一致",)
    ledger = funds.year_ledger(f, 2024)
    assert [(r.line.source, r.line.amount_fen) for r in ledger.rows if not r.line.is_income] == [
        (LineSource.ENTRY, 120000), (LineSource.ACTIVITY, 80000), (LineSource.ENTRY, 150000)]  # fmt: skip
    assert [c.source for c in funds.link_candidates(f, 2024)] == [LineSource.ACTIVITY]
    with pytest.raises(ValidationError) as raised:  # the same money twice
        funds.save_entry(f, EntryInput(D(2024, 2, 7), "维权支出", 100000, "重复入账", **link.fields()))
    assert raised.value.message() == "关联：这项记录已由凭证 记-005（2024-02-06“春节送温暖慰问金”）入账"
    same = funds.save_entry(f, EntryInput(D(2024, 3, 8), "职工活动支出", 80000, "健步走费用",
                                          **Link(LineSource.ACTIVITY, ids["activity"]).fields()))  # fmt: skip
    assert same.warnings == ()
    assert funds.link_of(funds.get_entry(f, same.id)) == Link(LineSource.ACTIVITY, ids["activity"])


def test_budget_vs_actual_per_spending_category_and_in_total(union: Database) -> None:
    f = union.session_factory
    fund_budgets.set_budget(f, 2024, "职工活动支出", 100000)
    fund_budgets.set_budget(f, 2024, "维权支出", 90000)
    fund_budgets.set_budget(f, 2024, "资本性支出", 150000)
    fund_budgets.set_budget(f, 2024, "拨缴经费收入", 12000000)
    report = fund_budgets.budget_execution(f, 2024)
    rows = {line.category: (line.budget_fen, line.actual_fen, line.difference_fen, line.rate_text, line.over)
            for line in report.lines}  # fmt: skip
    assert rows["职工活动支出"] == (100000, 80000, 20000, "80.0%", False)
    assert rows["维权支出"] == (90000, 100000, -10000, "111.1%", True)
    assert rows["资本性支出"] == (150000, 150000, 0, "100.0%", False)
    assert rows["业务支出"] == (None, 0, None, "—", False)
    assert rows["支出合计"] == (340000, 330000, 10000, "97.1%", False)
    assert rows["拨缴经费收入"] == (12000000, 3000000, 9000000, "25.0%", False)
    assert rows["收入合计"] == (12000000, 3000000, 9000000, "25.0%", False)
    fund_budgets.set_budget(f, 2024, "维权支出", None)
    assert fund_budgets.budgets(f, 2024) == {"职工活动支出": 100000, "资本性支出": 150000, "拨缴经费收入": 12000000}
    with pytest.raises(ValidationError):
        fund_budgets.set_budget(f, 2024, "维权支出", -1)


def test_copying_last_years_budget_keeps_what_this_year_has(union: Database) -> None:
    f = union.session_factory
    with pytest.raises(InputError, match="2024年没有预算"):
        fund_budgets.copy_budgets(f, 2025)
    fund_budgets.set_budget(f, 2024, "职工活动支出", 100000)
    fund_budgets.set_budget(f, 2024, "资本性支出", 150000)
    fund_budgets.set_budget(f, 2025, "职工活动支出", 200000)
    assert fund_budgets.copy_budgets(f, 2025) == 1
    assert fund_budgets.budgets(f, 2025) == {"职工活动支出": 200000, "资本性支出": 150000}
    assert fund_budgets.copy_budgets(f, 2025, replace_existing=True) == 2
    assert fund_budgets.budgets(f, 2025) == {"职工活动支出": 100000, "资本性支出": 150000}
