"""The grassroots union's 统计信息 (统计代码, 单位性质类别, 行业, 基层工会类型, 覆盖单位数), kept with the
records in app_settings and sent to the district in the data package (services/district/package).

They live beside the profile rather than in it: the profile is one form the chair fills once,
these are the district's statistics codes, set when the district asks. 建会日期 stays the
profile's (one place for each fact); `read_facts` adds it.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from unionbook.db.models import AppSetting, UnionProfile
from unionbook.domain.errors import ValidationError
from unionbook.domain.organisation import FactError, OrgFacts
from unionbook.domain.vocab import AuditAction
from unionbook.services import audit

_KEYS = {"stat_code": "org.stat_code", "unit_category": "org.unit_category", "industry": "org.industry",
         "union_type": "org.union_type", "covered_units": "org.covered_units"}  # fmt: skip
_LABELS = {"stat_code": "统计代码", "unit_category": "单位性质类别", "industry": "单位所属行业",
           "union_type": "基层工会类型", "covered_units": "覆盖单位数"}  # fmt: skip


def read_facts(session: Session) -> OrgFacts:
    stored = dict(session.execute(select(AppSetting.key, AppSetting.value).where(AppSetting.key.in_(_KEYS.values()))).all())
    values: dict[str, object] = {name: stored[key] for name, key in _KEYS.items() if key in stored}
    try:
        values["covered_units"] = int(values.get("covered_units", 1))  # type: ignore[arg-type]
    except ValueError:
        values["covered_units"] = 1
    founded = session.scalar(select(UnionProfile.founded_on).where(UnionProfile.id == 1))
    return OrgFacts(**values, founded_on=founded)  # type: ignore[arg-type]


def get_facts(factory: sessionmaker[Session]) -> OrgFacts:
    with factory() as session:
        return read_facts(session)


def save_facts(factory: sessionmaker[Session], facts: OrgFacts) -> OrgFacts:
    """Store the facts (checked against the code lists) and say so in the audit trail."""
    facts = replace(facts, stat_code=facts.stat_code.strip())
    try:
        facts.checked()
    except FactError as exc:
        raise ValidationError(field="统计信息", detail=str(exc)) from None
    with factory.begin() as session:
        before = read_facts(session)
        changed = {}
        for name, key in _KEYS.items():
            value = str(getattr(facts, name))
            if str(getattr(before, name)) != value:
                changed[_LABELS[name]] = [str(getattr(before, name)), value]
            row = session.get(AppSetting, key)
            if row is None:
                session.add(AppSetting(key=key, value=value))
            else:
                row.value = value
        if changed:
            audit.record(session, AuditAction.UPDATE, "app_settings", changed)
    return replace(facts, founded_on=before.founded_on)
