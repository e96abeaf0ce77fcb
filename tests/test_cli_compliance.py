"""The 合规检查 report (services/compliance.py) and `unionbook compliance` / `unionbook rules`: every
payment of a year that breaks a current rule, every recorded breach with its reason, and which had
none (entered before the rules were loaded)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from unionbook.app import main
from unionbook.domain.errors import RuleBreachError
from unionbook.services import aid, audit, compliance, members, spending_rules
from unionbook.services.aid import PaymentInput
from unionbook.services.audit import AuditFilter
from unionbook.services.database import Database
from unionbook.services.members import MemberInput
from unionbook.services.union import Profile, save_profile

CAP_TEXT = "节日慰问每人每年不超过 2,200.00 元（皖工发〔2025〕18号：节日慰问每人每年不超过2200元）"
ZHANG_MESSAGE = "张三 节日慰问 本年此前未发，本次 2,500.00 元，超出每人每年 2,200.00 元的标准 300.00 元（尚可发放 2,200.00 元）"
LI_MESSAGE = "李四 生日慰问 本年此前未发，本次 600.00 元，超出每人每年 500.00 元的标准 100.00 元（尚可发放 500.00 元）"


def run(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _year_with_breaches(db: Database) -> None:
    """张三's 2,500 元 of 月饼 entered before the rules existed (no reason); 李四's 600 元 birthday
    gift saved with a reason after; a 2024 breach that a 2025 report must leave out."""
    f = db.session_factory
    save_profile(f, Profile(union_name="测试工会"))
    zhang = members.save_member(f, MemberInput(name="张三", join_date_unknown=True)).id
    li = members.save_member(f, MemberInput(name="李四", join_date_unknown=True)).id
    aid.save_payment(f, PaymentInput(member_id=zhang, program="节日慰问", date=date(2025, 1, 20), goods="月饼",
                                     goods_value_fen=250000))  # fmt: skip
    spending_rules.load_preset(f, "安徽")
    aid.save_payment(f, PaymentInput(member_id=li, program="生日慰问", date=date(2025, 5, 4), amount_fen=60000),
                     reason="逢十生日，工会委员会决定")  # fmt: skip
    aid.save_payment(f, PaymentInput(member_id=li, program="生日慰问", date=date(2024, 5, 4), amount_fen=60000),
                     reason="上年的事")  # fmt: skip


def test_the_report_lists_rechecked_and_recorded_breaches_with_their_reasons(db: Database) -> None:
    _year_with_breaches(db)
    report = compliance.compliance_report(db.session_factory, 2025)
    assert [(f.date, f.name, f.program, f.value_fen, f.message, f.reason, f.recorded) for f in report.findings] == [
        (date(2025, 1, 20), "张三", "节日慰问", 250000, ZHANG_MESSAGE, "", False),
        (date(2025, 5, 4), "李四", "生日慰问", 60000, LI_MESSAGE, "逢十生日，工会委员会决定", True),
    ]
    assert report.findings[0].rule == CAP_TEXT
    assert report.summary_lines() == [
        "2025年：按当前 14 条开支标准（“安徽”预设）检查 2 笔发放，发现 2 条超出标准（2 人次）：已记录处理原因 1 条，未记录原因 1 条",
        "未记录原因的多为导入的名单或设置开支标准之前登记的发放；核实后可在“发放记录”中打开该笔发放再保存，按提示填写原因即记入本表",
    ]


def test_a_recorded_breach_stays_in_the_report_after_its_rule_is_deleted(db: Database) -> None:
    _year_with_breaches(db)
    f = db.session_factory
    birthday = next(r.id for r in spending_rules.list_rules(f) if r.program == "生日慰问")
    spending_rules.delete_rule(f, birthday)
    (_zhang, li) = compliance.compliance_report(f, 2025).findings
    assert (li.message, li.reason, li.current) == (LI_MESSAGE, "逢十生日，工会委员会决定", False)
    assert li.rule == "生日慰问每人每年限额（该规则已修改或删除）"


def test_without_rules_the_report_says_so(db: Database) -> None:
    report = compliance.compliance_report(db.session_factory, 2025)
    assert report.findings == ()
    assert report.summary_lines() == [
        "2025年：尚未设置开支标准（设置 → 开支标准，或 `unionbook rules load-preset 安徽`），未做检查"
    ]


def test_cli_compliance_prints_the_summary_and_writes_the_sheet(db_path: Path, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    with Database.open(db_path, source="test") as db:
        _year_with_breaches(db)
    target = tmp_path / "合规检查.xlsx"
    code, out, err = run("--db", str(db_path), "compliance", "--year", "2025", "-o", str(target), capsys=capsys)
    assert code == 0, err
    assert out.splitlines() == [
        "2025年：按当前 14 条开支标准（“安徽”预设）检查 2 笔发放，发现 2 条超出标准（2 人次）：已记录处理原因 1 条，未记录原因 1 条",
        "未记录原因的多为导入的名单或设置开支标准之前登记的发放；核实后可在“发放记录”中打开该笔发放再保存，按提示填写原因即记入本表",
        f"   1  2025-01-20  {ZHANG_MESSAGE}　处理原因：（未记录原因）",
        f"   2  2025-05-04  {LI_MESSAGE}　处理原因：逢十生日，工会委员会决定",
        f"已保存合规检查表：{target}",
    ]
    sheet = openpyxl.load_workbook(target).active
    assert sheet["A1"].value == "测试工会2025年度开支合规检查表"
    assert [c.value for c in sheet[3]] == ["序号", "日期", "姓名", "项目", "金额（元）", "规则", "说明", "处理原因"]
    first = [c.value for c in sheet[4]]
    assert first[0] == 1 and first[1].date() == date(2025, 1, 20)
    assert first[2:] == ["张三", "节日慰问", 2500, CAP_TEXT, ZHANG_MESSAGE, "（未记录原因）"]
    assert sheet["E4"].number_format == "#,##0.00"
    assert [c.value for c in sheet[5]][7] == "逢十生日，工会委员会决定"
    assert (sheet.page_setup.orientation, sheet.page_setup.fitToWidth) == ("landscape", 1)
    with Database.open(db_path, source="test") as db:
        (entry,) = audit.list_entries(db.session_factory, AuditFilter(action="export"))
    assert entry.summary == "合规检查表 2 条，证件号码已隐藏，文件“合规检查.xlsx”"


def test_cli_compliance_refuses_another_output_format(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run("--db", str(db_path), "compliance", "--year", "2025", "-o", "x.pdf", capsys=capsys)
    assert (code, out, err.strip()) == (2, "", "输出文件应为 .xlsx，这里是“x.pdf”")


def test_cli_rules_lists_presets_loads_one_after_confirmation_and_lists_the_rules(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run("--db", str(db_path), "rules", "presets", capsys=capsys)
    assert (code, out) == (0, "安徽\t14 条\t安徽省基层工会经费收支管理办法（皖工发〔2025〕18号）\n")
    code, out, _ = run("--db", str(db_path), "rules", capsys=capsys)
    assert out.startswith("尚未设置开支标准。")
    code, out, _ = run("--db", str(db_path), "rules", "load-preset", "安徽", capsys=capsys)
    assert (code, out) == (0, "已载入开支标准预设“安徽”：14 条规则\n")
    code, out, err = run("--db", str(db_path), "rules", "load-preset", "安徽", capsys=capsys)
    assert (code, err.strip()) == (2, "当前已有 14 条开支标准，载入预设“安徽”会全部替换；确认请加 --yes")
    code, out, _ = run("--db", str(db_path), "rules", "load-preset", "安徽", "--yes", capsys=capsys)
    assert (code, out) == (0, "已载入开支标准预设“安徽”：14 条规则（替换了原有 14 条）\n")
    code, out, err = run("--db", str(db_path), "rules", "load-preset", "海南", "--yes", capsys=capsys)
    assert (code, err.strip()) == (2, "找不到开支标准预设：海南（可选：安徽）")
    code, out, _ = run("--db", str(db_path), "rules", "list", capsys=capsys)
    lines = out.splitlines()
    assert lines[0] == "开支标准（来自“安徽”预设，共 14 条）："
    assert lines[1].split() == ["1", "节日慰问", "节日慰问每人每年不超过", "2,200.00", "元", "皖工发〔2025〕18号：节日慰问每人每年不超过2200元"]


def test_saving_an_unexplained_payment_again_with_a_reason_records_it(db: Database) -> None:
    _year_with_breaches(db)
    f = db.session_factory
    (zhang,) = [p for p in aid.list_payments(f) if p.member_name == "张三"]
    with pytest.raises(RuleBreachError):
        aid.save_payment(f, zhang.data, zhang.id)  # saved again, the rule applies to it now
    aid.save_payment(f, zhang.data, zhang.id, reason="年货与中秋月饼合并采购，工会委员会同意")
    first = compliance.compliance_report(f, 2025).findings[0]
    assert (first.name, first.message, first.reason) == ("张三", ZHANG_MESSAGE, "年货与中秋月饼合并采购，工会委员会同意")
    assert compliance.compliance_report(f, 2025).without_reason == ()
