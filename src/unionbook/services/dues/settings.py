"""The union's 会费 rule (rate, the remainder not counted, rounding), kept with the records.

It belongs to the data, not the computer (STYLE.md): the rule travels with the database file and its
backups, in app_settings (one key each, as the backup retention is kept). A rule nobody has set
is the common one: 5‰, the remainder under 10 元 not counted, rounded to the 分.
Changing the rule changes only months generated (or regenerated, unpaid rows) afterwards: the
ledger keeps what was due when its month was made.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from unionbook.db.backend import upsert
from unionbook.db.models import AppSetting
from unionbook.domain.dues import STEP_CHOICES_FEN, DuesRounding, DuesRule, parse_permille
from unionbook.domain.errors import ValidationError
from unionbook.domain.vocab import AuditAction
from unionbook.services import audit

_KEYS = {"rate_permille": "dues.rate_permille", "step_fen": "dues.step_fen", "rounding": "dues.rounding"}


def read_rule(session: Session) -> DuesRule:
    """The stored rule; a value that cannot be read falls back to the default for that part."""
    stored = dict(session.execute(select(AppSetting.key, AppSetting.value).where(AppSetting.key.in_(_KEYS.values()))).all())
    default = DuesRule()
    try:
        rate = parse_permille(stored[_KEYS["rate_permille"]])
    except (KeyError, ValueError):
        rate = default.rate_permille
    try:
        step = int(stored[_KEYS["step_fen"]])
        step = step if step in STEP_CHOICES_FEN else default.step_fen
    except (KeyError, ValueError):
        step = default.step_fen
    try:
        rounding = DuesRounding(stored[_KEYS["rounding"]])
    except (KeyError, ValueError):
        rounding = default.rounding
    return DuesRule(rate, step, rounding)


def get_rule(factory: sessionmaker[Session]) -> DuesRule:
    with factory() as session:
        return read_rule(session)


def save_rule(factory: sessionmaker[Session], rule: DuesRule) -> DuesRule:
    """Store the rule (checked), and say so in the audit trail."""
    try:
        rate = parse_permille(rule.rate_permille)
    except ValueError as exc:
        raise ValidationError(field="会费费率", detail=str(exc)) from None
    if rule.step_fen not in STEP_CHOICES_FEN:
        raise ValidationError(field="不计部分", detail="应为不足 10 元、不足 1 元或全额计算")
    rule = DuesRule(rate, rule.step_fen, DuesRounding(rule.rounding))
    values = {"rate_permille": format(rate.normalize(), "f"), "step_fen": str(rule.step_fen), "rounding": rule.rounding.value}
    with factory.begin() as session:
        before = read_rule(session)
        for name, key in _KEYS.items():
            stmt = upsert(session, AppSetting).values(key=key, value=values[name])
            session.execute(stmt.on_conflict_do_update(index_elements=[AppSetting.key], set_={"value": values[name]}))
        if before != rule:
            audit.record(session, AuditAction.UPDATE, "app_settings", {"会费规则": [before.describe(), rule.describe()]})
    return rule


def rule_from_options(rule: DuesRule, *, rate: str | Decimal | None = None, step_yuan: str | None = None,
                      rounding: str | None = None) -> DuesRule:
    """The rule with the parts a command line or a form changed (text as typed), checked."""
    rate_value = rule.rate_permille
    if rate is not None:
        try:
            rate_value = parse_permille(rate)
        except ValueError as exc:
            raise ValidationError(field="会费费率", detail=str(exc)) from None
    step = rule.step_fen
    if step_yuan is not None:
        steps = {"10": 1000, "1": 100, "0": 0, "无": 0, "none": 0}
        text = str(step_yuan).strip().removesuffix("元")
        if text not in steps:
            raise ValidationError(field="不计部分", detail=f"“{step_yuan}”应为 10（不足10元不计）、1（不足1元不计）或 0（全额计算）")
        step = steps[text]
    unit = rule.rounding
    if rounding is not None:
        try:
            unit = DuesRounding(str(rounding).strip())
        except ValueError:
            raise ValidationError(field="舍入到", detail=f"“{rounding}”应为 分、角 或 元") from None
    return DuesRule(rate_value, step, unit)
