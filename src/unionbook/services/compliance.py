"""合规检查: a year's disbursements held against the spending rules, for the 经审 committee.

Two sources, merged payment by payment and rule by rule:
- every payment of the year re-checked against the CURRENT rules (in date order, so the payment that
  takes a person past a cap is the one listed), and
- every breach recorded when a chair went ahead (RuleBreach), with the reason given — also when the
  rule has since been changed or deleted (its message as worded then).
A finding the re-check makes that was never recorded has no reason: the payment was imported
before the rule existed, or entered before the rules were loaded. The report says which.

The .xlsx is one page-wide table (fileio/report_table.py); the GUI dialog and `unionbook
compliance` read the same `ComplianceReport`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from unionbook.db.models import AidPayment, Member, RuleBreach
from unionbook.domain.money import fen_to_yuan
from unionbook.domain.spending_rules import Payment, Rule, check
from unionbook.fileio.report_table import ReportTable, TableColumn, write_report_table
from unionbook.services import audit
from unionbook.services.audit import mask_text
from unionbook.services.spending_rules import active_preset, complete_payments, rules_in
from unionbook.services.union import get_profile

#: What a finding without a recorded reason says in the 处理原因 column.
NO_REASON = "（未记录原因）"

COLUMNS = (
    TableColumn("序号", 6),
    TableColumn("日期", 11),
    TableColumn("姓名", 9),
    TableColumn("项目", 10),
    TableColumn("金额（元）", 11, money=True),
    TableColumn("规则", 30, wrap=True),
    TableColumn("说明", 44, wrap=True),
    TableColumn("处理原因", 28, wrap=True),
)


@dataclass(frozen=True)
class Finding:
    payment_id: int
    date: date
    name: str
    program: str
    value_fen: int  # cash + goods value
    rule: str  # the rule's text, with its basis
    message: str
    reason: str  # "" when none was recorded
    recorded: bool  # a RuleBreach row exists
    current: bool  # the current rules still find it
    kind: str = ""  # SpendingRuleKind value
    rule_id: int | None = None

    @property
    def reason_text(self) -> str:
        return self.reason or NO_REASON


@dataclass(frozen=True)
class ComplianceReport:
    year: int
    union_name: str
    preset: str  # the rules' source, as 设置 names it
    rules: int  # enabled rules checked against
    payments: int  # payments of the year the rules apply to
    findings: tuple[Finding, ...]

    @property
    def without_reason(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.reason)

    @property
    def title(self) -> str:
        return f"{self.union_name}{self.year}年度开支合规检查表"

    def summary_lines(self) -> list[str]:
        """What the CLI prints and the dialog and the sheet show under the title."""
        source = f"“{self.preset}”预设" if self.preset else "自定义规则"
        if not self.rules:
            return [f"{self.year}年：尚未设置开支标准（设置 → 开支标准，或 `unionbook rules load-preset 安徽`），未做检查"]
        head = f"{self.year}年：按当前 {self.rules} 条开支标准（{source}）检查 {self.payments:,} 笔发放，"
        if not self.findings:
            return [head + "未发现超出标准的发放"]
        people = len({f.payment_id for f in self.findings})
        lines = [head + f"发现 {len(self.findings)} 条超出标准（{people} 人次）：已记录处理原因 "
                 f"{len(self.findings) - len(self.without_reason)} 条，未记录原因 {len(self.without_reason)} 条"]  # fmt: skip
        if self.without_reason:
            lines.append("未记录原因的多为导入的名单或设置开支标准之前登记的发放；核实后可在“发放记录”中打开该笔发放再保存，按提示填写原因即记入本表")
        return lines


def _rule_text(rules_by_id: dict[int, Rule], rule_id: int | None, program: str, kind: str) -> str:
    rule = rules_by_id.get(rule_id) if rule_id is not None else None
    return rule.text() if rule is not None else f"{program}{kind}（该规则已修改或删除）"


def findings_in(session: Session, year: int) -> tuple[list[Rule], int, list[Finding]]:
    """(the enabled rules, how many payments of `year` they apply to, every finding in date order)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    rules = rules_in(session, enabled_only=True)
    all_rules = {r.id: r for r in rules_in(session) if r.id is not None}
    programs = sorted({r.program for r in rules})
    rows = session.execute(
        select(AidPayment.id, AidPayment.member_id, Member.name, AidPayment.program, AidPayment.date,
               AidPayment.amount_fen, AidPayment.goods, AidPayment.goods_value_fen)
        .join(Member, Member.id == AidPayment.member_id)
        .where(AidPayment.date.between(start, end), AidPayment.program.in_(programs))
        .order_by(AidPayment.date, AidPayment.id)
    ).all()  # fmt: skip
    payments = [Payment(m, name, prog, day, amount, goods or "", value) for _id, m, name, prog, day, amount, goods, value in rows]
    found = check(rules, complete_payments(session, rules, payments), {})
    recorded = session.execute(
        select(RuleBreach.payment_id, RuleBreach.rule_id, RuleBreach.kind, RuleBreach.message, RuleBreach.reason,
               AidPayment.date, Member.name, AidPayment.program, AidPayment.amount_fen + AidPayment.goods_value_fen)
        .join(AidPayment, AidPayment.id == RuleBreach.payment_id)
        .join(Member, Member.id == AidPayment.member_id)
        .where(AidPayment.date.between(start, end))
        .order_by(AidPayment.date, RuleBreach.payment_id, RuleBreach.id)
    ).all()  # fmt: skip
    findings: dict[tuple[int, str], Finding] = {}
    for b in found:
        payment_id = rows[b.index][0]
        findings[(payment_id, b.rule.kind)] = Finding(
            payment_id, b.payment.date, b.payment.name, b.payment.program, b.payment.value_fen, b.rule.text(),
            b.message, "", recorded=False, current=True, kind=b.rule.kind, rule_id=b.rule.id)  # fmt: skip
    for payment_id, rule_id, kind, message, reason, day, name, program, value in recorded:
        key = (payment_id, kind)
        now = findings.get(key)
        findings[key] = Finding(payment_id, day, name, program, int(value or 0),
                                now.rule if now else _rule_text(all_rules, rule_id, program, kind),
                                message, mask_text(reason or ""), recorded=True, current=now is not None, kind=kind,
                                rule_id=rule_id)  # fmt: skip
    ordered = sorted(findings.values(), key=lambda f: (f.date, f.payment_id, f.rule))
    return rules, len(payments), ordered


def compliance_report(factory: sessionmaker[Session], year: int) -> ComplianceReport:
    """Every breach of `year`: re-checked against the current rules, and recorded with reasons."""
    with factory() as session:
        rules, payments, findings = findings_in(session, year)
    return ComplianceReport(year, get_profile(factory).display_name, active_preset(factory), len(rules), payments,
                            tuple(findings))  # fmt: skip


def report_table(report: ComplianceReport) -> ReportTable:
    rows = [
        (n, f.date, f.name, f.program, fen_to_yuan(f.value_fen), f.rule, mask_text(f.message), f.reason_text)
        for n, f in enumerate(report.findings, start=1)
    ]
    notes = (
        *report.summary_lines(),
        "金额为该笔发放的现金与实物价值合计（元）；限额按同一人同一项目在一个自然年度内的合计计算（含本笔）。",
        f"生成日期：{date.today().isoformat()}　　　经办人：　　　　　　　审核人：",
    )
    return ReportTable(report.title, f"检查范围：{report.year}年1月1日至{report.year}年12月31日的帮扶慰问发放",
                       COLUMNS, rows, notes, sheet_name="合规检查")  # fmt: skip


def write_compliance(factory: sessionmaker[Session], year: int, target: Path) -> tuple[ComplianceReport, Path]:
    """The year's 合规检查表 as .xlsx (recorded in the audit trail as an export)."""
    report = compliance_report(factory, year)
    written = write_report_table(Path(target), report_table(report))
    audit.record_export(factory, audit.ExportKind.COMPLIANCE, len(report.findings), False, written, year=year)
    return report, written

