"""The union's profile (工会基本信息): read and update the single row."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from stdnum.cn import uscc

from unionbook.db.models import UnionProfile
from unionbook.domain.errors import ValidationError


@dataclass(frozen=True)
class Profile:
    union_name: str = ""
    unit_name: str = ""
    credit_code: str = ""
    chair_name: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    address: str = ""
    founded_on: date | None = None
    employee_total_override: int | None = None

    @property
    def display_name(self) -> str:
        return self.union_name or self.unit_name or "（未填写工会名称）"


_FIELDS = [f.name for f in fields(Profile)]


def read_profile(session: Session) -> Profile:
    """The profile inside the caller's session (the data package reads everything in one)."""
    row = session.get(UnionProfile, 1)
    if row is None:
        return Profile()
    return Profile(**{name: getattr(row, name) for name in _FIELDS})


def get_profile(factory: sessionmaker[Session]) -> Profile:
    with factory() as session:
        return read_profile(session)


def save_profile(factory: sessionmaker[Session], profile: Profile) -> Profile:
    """Validate and store the profile; the audit hook records what changed."""
    profile = replace(profile, **{n: getattr(profile, n).strip() for n in _FIELDS if isinstance(getattr(profile, n), str)})
    if profile.credit_code:
        profile = replace(profile, credit_code=profile.credit_code.upper())
        if len(profile.credit_code) != 18:
            raise ValidationError(field="统一社会信用代码", detail=f"应为18位，这里是{len(profile.credit_code)}位")
        if not uscc.is_valid(profile.credit_code):
            raise ValidationError(field="统一社会信用代码", detail="校验位不对，请核对营业执照上的代码")
    if profile.employee_total_override is not None and profile.employee_total_override < 0:
        raise ValidationError(field="职工总数", detail="不能为负数")
    with factory.begin() as session:
        row = session.get(UnionProfile, 1) or UnionProfile(id=1)
        for name in _FIELDS:
            setattr(row, name, getattr(profile, name))
        session.add(row)
    return profile
