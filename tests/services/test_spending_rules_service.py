"""开支标准 in the services: the preset, the rule set's validation, and the checks on the aid save
paths — a breach without a reason is refused and nothing is written, with a reason it is saved and
the breach recorded; a batch is checked in one pass; an imported list is written and its breaches
recorded with the file's name and listed as warnings."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from unionbook.db.models import AidPayment, RuleBreach, SpendingRule
from unionbook.domain.errors import InputError, RuleBreachError, ValidationError
from unionbook.domain.spending_rules import Payment
from unionbook.services import aid, members
from unionbook.services import spending_rules as rules
from unionbook.services.aid import BatchRecipients, HardshipInput, PaymentInput
from unionbook.services.database import Database
from unionbook.services.importing.aid import import_aid, plan_aid
from unionbook.services.members import MemberFilter, MemberInput
from unionbook.services.spending_rules import RuleInput

MID_AUTUMN = date(2025, 9, 30)


@pytest.fixture
def people(db: Database) -> dict[str, int]:
    f = db.session_factory
    ids = {name: members.save_member(f, MemberInput(name=name, department="一车间", join_date_unknown=True)).id
           for name in ("张三", "李四", "王五")}  # fmt: skip
    rules.load_preset(f, "安徽")
    return ids


def breaches(db: Database) -> list[tuple[int, str, str, str]]:
    with db.session_factory() as session:
        return [tuple(r) for r in session.execute(
            select(RuleBreach.payment_id, RuleBreach.kind, RuleBreach.message, RuleBreach.reason).order_by(RuleBreach.id))]  # fmt: skip


def count(db: Database, model: type) -> int:
    with db.session_factory() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def festival(member_id: int, amount: int = 0, goods: str = "月饼礼盒", value: int = 0, on: date = MID_AUTUMN) -> PaymentInput:
    return PaymentInput(member_id=member_id, program="节日慰问", date=on, amount_fen=amount, goods=goods, goods_value_fen=value)


# --- the preset and the rule set ----------------------------------------------------------------


def test_the_anhui_preset_holds_the_published_caps(db: Database) -> None:
    preset = rules.find_preset("安徽")
    caps = {r.program: r.cap_fen for r in preset.rules if r.kind == "每人每年限额"}
    assert caps == {"节日慰问": 220000, "生日慰问": 50000, "结婚慰问": 200000, "生育慰问": 200000, "住院慰问": 200000,
                    "丧葬慰问": 200000, "退休慰问": 200000}  # fmt: skip
    assert {(r.program, r.kind) for r in preset.rules if r.kind != "每人每年限额"} == {
        ("节日慰问", "不得发放现金"), ("医疗救助", "每人每年一次"), ("送温暖", "须有困难职工档案"),
        ("生活救助", "须有困难职工档案"), ("医疗救助", "须有困难职工档案"), ("金秋助学", "须有困难职工档案"),
        ("困难劳模帮扶", "须有困难职工档案"),
    }  # fmt: skip
    assert all("皖工发〔2025〕18号" in r.basis for r in preset.rules)


def test_loading_a_preset_replaces_the_set_and_names_it(db: Database) -> None:
    f = db.session_factory
    assert rules.active_preset(f) == ""
    rules.save_rule(f, RuleInput("其他", "每人每年限额", 100))
    assert rules.load_preset(f, "安徽") == 14
    assert count(db, SpendingRule) == 14
    assert rules.active_preset(f) == "安徽"
    rule_id = next(r.id for r in rules.list_rules(f) if r.program == "生日慰问")
    rules.save_rule(f, RuleInput("生日慰问", "每人每年限额", 80000, "本单位工会委员会决定"), rule_id)
    assert rules.active_preset(f) == "安徽（已修改）"
    with pytest.raises(Exception, match="找不到开支标准预设：海南（可选：安徽）"):
        rules.load_preset(f, "海南")


def test_a_preset_file_with_a_bad_rule_is_refused_naming_file_and_rule(tmp_path: Path) -> None:
    path = tmp_path / "测试.json"
    path.write_text('{"name": "测试", "rules": [{"program": "节日慰问", "kind": "每人每年限额", "cap_yuan": "abc"}]}', "utf-8")
    with pytest.raises(InputError, match="开支标准预设“测试.json”第1条规则：cap_yuan：“abc”不是金额"):
        rules.read_preset(path)


@pytest.mark.parametrize(
    ("data", "field", "detail"),
    [
        (RuleInput("红包", "每人每年限额", 100), "项目", "“红包”不是帮扶项目"),
        (RuleInput("节日慰问", "每月限额", 100), "类型", "“每月限额”不是规则类型"),
        (RuleInput("节日慰问", "每人每年限额", None), "限额", "每人每年限额须填写大于 0 的金额"),
        (RuleInput("节日慰问", "每人每年限额", 0), "限额", "每人每年限额须填写大于 0 的金额"),
    ],
)
def test_rule_validation(db: Database, data: RuleInput, field: str, detail: str) -> None:
    with pytest.raises(ValidationError) as caught:
        rules.save_rule(db.session_factory, data)
    assert caught.value.params["field"] == field
    assert str(caught.value.params["detail"]).startswith(detail)


def test_one_rule_per_program_and_kind_and_a_cap_only_on_caps(db: Database) -> None:
    f = db.session_factory
    rule_id = rules.save_rule(f, RuleInput("生日慰问", "每人每年一次", 5000))
    assert [(r.kind, r.cap_fen) for r in rules.list_rules(f)] == [("每人每年一次", None)]
    with pytest.raises(ValidationError, match="生日慰问已有“每人每年一次”规则"):
        rules.save_rule(f, RuleInput("生日慰问", "每人每年一次"))
    rules.delete_rule(f, rule_id)
    assert rules.list_rules(f) == []


# --- one payment ------------------------------------------------------------------------------------


def test_a_breaching_payment_without_reason_is_refused_and_nothing_written(db: Database, people: dict[str, int]) -> None:
    f = db.session_factory
    aid.save_payment(f, festival(people["张三"], value=200000, on=date(2025, 1, 20)))
    with pytest.raises(RuleBreachError) as caught:
        aid.save_payment(f, festival(people["张三"], value=50000))
    assert [b.message for b in caught.value.breaches] == [
        "张三 节日慰问 本年已发 2,000.00 元，本次 500.00 元，超出每人每年 2,200.00 元的标准 300.00 元（尚可发放 200.00 元）"
    ]
    assert "如确需发放，请填写原因后再保存" in caught.value.message()
    assert count(db, AidPayment) == 1
    assert breaches(db) == []


def test_exactly_the_cap_saves_without_a_reason(db: Database, people: dict[str, int]) -> None:
    f = db.session_factory
    aid.save_payment(f, festival(people["张三"], value=200000, on=date(2025, 1, 20)))
    aid.save_payment(f, festival(people["张三"], value=20000))
    assert breaches(db) == []


def test_with_a_reason_the_payment_is_saved_and_the_breach_recorded(db: Database, people: dict[str, int]) -> None:
    f = db.session_factory
    aid.save_payment(f, festival(people["张三"], value=200000, on=date(2025, 1, 20)))
    payment_id = aid.save_payment(f, festival(people["张三"], 30000, "月饼", 20000), reason="  经工会委员会研究同意  ")
    assert breaches(db) == [
        (payment_id, "每人每年限额",
         "张三 节日慰问 本年已发 2,000.00 元，本次 500.00 元，超出每人每年 2,200.00 元的标准 300.00 元（尚可发放 200.00 元）",
         "经工会委员会研究同意"),
        (payment_id, "不得发放现金", "张三 节日慰问 本次发放现金 300.00 元，节日慰问不得发放现金和购物卡，只能发放实物",
         "经工会委员会研究同意"),
    ]  # fmt: skip


def test_editing_keeps_the_reason_while_still_breaching_and_clears_it_when_fixed(db: Database, people: dict[str, int]) -> None:
    f = db.session_factory
    payment_id = aid.save_payment(f, festival(people["张三"], value=230000), reason="一次性发放全年慰问品")
    aid.save_payment(f, PaymentInput(**{**festival(people["张三"], value=230000).__dict__, "signed": True}), payment_id)
    assert [(b[1], b[3]) for b in breaches(db)] == [("每人每年限额", "一次性发放全年慰问品")]
    # Its own amount is not counted twice: 2,200 exactly is within the cap, the breach goes.
    aid.save_payment(f, festival(people["张三"], value=220000), payment_id)
    assert breaches(db) == []


def test_hardship_programs_need_a_file_open_on_the_day(db: Database, people: dict[str, int]) -> None:
    f = db.session_factory
    living = PaymentInput(member_id=people["李四"], program="生活救助", date=date(2025, 3, 3), amount_fen=100000)
    with pytest.raises(RuleBreachError, match="李四 生活救助：发放日期 2025-03-03 没有在档的困难职工档案"):
        aid.save_payment(f, living)
    aid.save_hardship_file(f, HardshipInput(member_id=people["李四"], category="深度困难", opened_on=date(2025, 3, 3)))
    aid.save_payment(f, living)  # opened that very day: open on the day
    assert breaches(db) == []


def test_medical_aid_once_a_year(db: Database, people: dict[str, int]) -> None:
    f = db.session_factory
    aid.save_hardship_file(f, HardshipInput(member_id=people["王五"], category="深度困难", opened_on=date(2024, 1, 1)))
    first = PaymentInput(member_id=people["王五"], program="医疗救助", date=date(2025, 3, 3), amount_fen=300000)
    aid.save_payment(f, first)
    with pytest.raises(RuleBreachError, match="王五 医疗救助 本年已发放 1 次，每人每年限一次"):
        aid.save_payment(f, PaymentInput(**{**first.__dict__, "date": date(2025, 10, 8)}))
    aid.save_payment(f, PaymentInput(**{**first.__dict__, "date": date(2026, 1, 8)}))  # a new year


def test_without_rules_nothing_is_checked(db: Database) -> None:
    f = db.session_factory
    member = members.save_member(f, MemberInput(name="赵六", join_date_unknown=True)).id
    aid.save_payment(f, festival(member, 900000, "", 0))
    assert breaches(db) == []


# --- batches --------------------------------------------------------------------------------------


def _preview(db: Database, value: int) -> aid.BatchPreview:
    return aid.preview_batch(db.session_factory, BatchRecipients(members=MemberFilter()), title="2025年中秋节慰问",
                             program="节日慰问", on=MID_AUTUMN, amount_fen=0, goods="月饼礼盒", goods_value_fen=value)  # fmt: skip


def test_a_batch_is_checked_line_by_line_and_refused_whole_without_a_reason(db: Database, people: dict[str, int]) -> None:
    f = db.session_factory
    aid.save_payment(f, festival(people["张三"], value=150000, on=date(2025, 1, 20)))
    aid.save_payment(f, festival(people["李四"], value=210000, on=date(2025, 1, 20)))
    preview = _preview(db, 60000)
    found = aid.check_batch(f, preview)
    # 张三: 1,500 + 600 = 2,100, within the cap; 李四: 2,100 + 600 = 2,700.
    assert [b.message for b in found] == [
        "李四 节日慰问 本年已发 2,100.00 元，本次 600.00 元，超出每人每年 2,200.00 元的标准 500.00 元（尚可发放 100.00 元）",
    ]
    with pytest.raises(RuleBreachError):
        aid.record_batch(f, preview)
    assert count(db, AidPayment) == 2
    batch_id = aid.record_batch(f, preview, reason="李四年初慰问品为单位补发")
    with db.session_factory() as session:
        li_si = session.scalar(select(AidPayment.id).where(AidPayment.batch_id == batch_id, AidPayment.member_id == people["李四"]))
    assert [(b[0], b[3]) for b in breaches(db)] == [(li_si, "李四年初慰问品为单位补发")]


def test_a_batch_within_the_caps_records_no_breach(db: Database, people: dict[str, int]) -> None:
    aid.record_batch(db.session_factory, _preview(db, 20000))
    assert (count(db, AidPayment), breaches(db)) == (3, [])


# --- imports -----------------------------------------------------------------------------------------


def test_an_import_records_its_breaches_with_the_file_named_and_warns(db: Database, people: dict[str, int], tmp_path: Path) -> None:
    f = db.session_factory
    path = tmp_path / "中秋慰问名单.xlsx"
    workbook = openpyxl.Workbook()
    for row in (["姓名", "项目", "发放日期", "金额", "实物", "实物价值"],
                ["张三", "节日慰问", "2025-09-30", 0, "月饼礼盒", 1500],
                ["张三", "节日慰问", "2025-10-01", 0, "水果", 800],
                ["李四", "节日慰问", "2025-09-30", 300, None, None]):  # fmt: skip
        workbook.active.append(row)
    workbook.save(path)
    plan = plan_aid(path, f)
    assert plan.warning_lines() == [
        ("工作表“Sheet”第3行：超出开支标准：张三 节日慰问 本年已发 1,500.00 元，本次 800.00 元，"
         "超出每人每年 2,200.00 元的标准 100.00 元（尚可发放 700.00 元）（仍会导入，并记入合规检查）"),
        ("工作表“Sheet”第4行：超出开支标准：李四 节日慰问 本次发放现金 300.00 元，节日慰问不得发放现金和购物卡，只能发放实物"
         "（仍会导入，并记入合规检查）"),
    ]
    summary = import_aid(f, plan)
    assert (summary.new, summary.warnings) == (3, 2)
    recorded = breaches(db)
    assert [(b[1], b[3]) for b in recorded] == [
        ("每人每年限额", "由导入文件“中秋慰问名单.xlsx”记录，导入时未逐笔填写原因"),
        ("不得发放现金", "由导入文件“中秋慰问名单.xlsx”记录，导入时未逐笔填写原因"),
    ]
    # The same file again changes nothing and warns about nothing.
    again = plan_aid(path, f)
    assert again.warning_lines() == []
    assert import_aid(f, again).unchanged == 3
    assert len(breaches(db)) == 2


# --- the budget -------------------------------------------------------------------------------------


def test_a_payment_past_its_categorys_budget_warns_only_where_a_budget_is_set(db: Database, people: dict[str, int]) -> None:
    from unionbook.db.models import FundBudget

    f = db.session_factory
    aid.save_payment(f, festival(people["张三"], value=60000, on=date(2025, 1, 20)))  # 600 元 of 职工活动支出 (集体福利)
    payment = Payment(people["李四"], "李四", "节日慰问", MID_AUTUMN, 0, "月饼", 50000)
    assert rules.budget_warnings(f, [payment], "本级经费") == []  # no budget: nothing to say
    with f.begin() as session:
        session.add(FundBudget(year=2025, category="职工活动支出", amount_fen=100000))
    assert rules.budget_warnings(f, [payment], "本级经费") == [
        "2025年职工活动支出预算 1,000.00 元，已支出 600.00 元，本次 500.00 元，将超出预算 100.00 元"
    ]
    assert rules.budget_warnings(f, [payment], "行政") == []  # the administration's money is not the union's
    within = Payment(people["李四"], "李四", "节日慰问", MID_AUTUMN, 0, "月饼", 40000)
    assert rules.budget_warnings(f, [within], "本级经费") == []  # 600 + 400 = the budget exactly
    # Editing the 600 元 payment itself: its old amount is not counted twice.
    (stored,) = aid.list_payments(f)
    edited = Payment(people["张三"], "张三", "节日慰问", date(2025, 1, 20), 0, "年货", 100000)
    assert rules.budget_warnings(f, [edited], "本级经费", exclude_payment_id=stored.id) == []
