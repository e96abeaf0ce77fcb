"""The demo union's 开支标准: the 安徽 preset (皖工发〔2025〕18号), and its few breaches recorded the
way a chair records them — with the reason the union went ahead.

The demo's disbursements stay within the caps almost everywhere (中秋 月饼 200 元, 生日蛋糕券 200 元,
住院慰问 500–800 元 …). What breaks a rule is what breaks one in a real union: the family of a member
who died is given 3,000 元 (the 丧葬慰问 cap is 2,000), a member without a hardship file gets a
医疗救助 for a major illness, somebody is helped twice in a year. Each of the latest year's
breaches since 2023 is recorded with a reason fitting its rule; 2021 and 2022 are left as they were
entered before the union kept to the rules, so their 合规检查 shows breaches with no reason recorded.

No draws from the random stream: this phase runs last and changes nothing the others made.
"""

from __future__ import annotations

from unionbook.db.models import RuleBreach
from unionbook.domain.vocab import SpendingRuleKind
from unionbook.services.compliance import findings_in
from unionbook.services.demo.common import YEARS
from unionbook.services.demo.context import Context
from unionbook.services.spending_rules import find_preset, install_preset

PRESET = "安徽"
#: The first year whose breaches the demo chair recorded with a reason.
RECORDED_FROM = 2023

#: The reason recorded for each kind of breach (what the union committee's minutes say).
_REASONS = {
    SpendingRuleKind.CAP.value: "会员本人因病去世，经工会委员会研究，按会员本人去世慰问标准发放",
    SpendingRuleKind.NEEDS_HARDSHIP_FILE.value: "职工患重大疾病，家庭临时困难，经工会委员会研究给予一次性救助，困难职工建档手续正在办理",
    SpendingRuleKind.ONCE_A_YEAR.value: "同年内患不同疾病再次住院治疗，经工会委员会研究再次救助",
    SpendingRuleKind.NO_CASH.value: "经工会委员会研究同意",
}


def insert_spending_rules(ctx: Context) -> None:
    """Load the preset and record the breaches of the years since RECORDED_FROM with reasons."""
    session = ctx.session
    session.flush()
    preset = find_preset(PRESET)
    install_preset(session, preset, audited=False)
    rows = [
        {"payment_id": f.payment_id, "rule_id": f.rule_id, "kind": f.kind, "message": f.message, "reason": _REASONS[f.kind]}
        for year in YEARS
        if year >= RECORDED_FROM
        for f in findings_in(session, year)[2]
    ]
    ctx.insert(RuleBreach.__table__, rows)
    ctx.extra_counts["spending_rules"] = len(preset.rules)
    ctx.extra_counts["rule_breaches"] = len(rows)
