"""Who the fictional union is (resources/demo/union.json) and its 工会信息 row.

The identity is fixed text, so screenshots and documents look the same on every machine. Several
registers need it: the roster holds the chair and the clerk, the batch lists carry their names, the
contracts name the employer and the audit entry names the union. So it lives in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from sqlalchemy import func, select, update

from unionbook.db.models import UnionProfile
from unionbook.domain.vocab import Gender, PoliticalStatus
from unionbook.services.demo.common import load
from unionbook.services.demo.context import Context


@dataclass(frozen=True)
class Officer:
    """The chair or the clerk as the roster shows them."""

    name: str
    gender: Gender
    birth: date
    position: str
    political: PoliticalStatus
    hired: date


@dataclass(frozen=True)
class Identity:
    union_name: str
    unit_name: str
    #: A valid 统一社会信用代码 of a 基层工会 (81 = 工会 / 基层工会, 440113 = 广州市番禺区), GB 32100
    #: check character included; not knowingly anybody's.
    credit_code: str
    contact_phone: str
    address: str
    founded_on: date
    officers: tuple[Officer, ...]  # chair first, then the clerk
    officer_region: tuple[str, str]  # (address code, 户籍所在地) of both officers

    @property
    def chair_name(self) -> str:
        return self.officers[0].name

    @property
    def contact_name(self) -> str:
        return self.officers[1].name


@lru_cache(maxsize=1)
def identity() -> Identity:
    data = load("union.json")
    officers = tuple(
        Officer(o["name"], Gender(o["gender"]), date.fromisoformat(o["birth"]), o["position"],
                PoliticalStatus(o["political"]), date.fromisoformat(o["hired"]))
        for o in data["officers"]
    )
    code, place = data["officer_region"]
    return Identity(
        union_name=data["union_name"], unit_name=data["unit_name"], credit_code=data["credit_code"],
        contact_phone=data["contact_phone"],
        address=data["address"], founded_on=date.fromisoformat(data["founded_on"]), officers=officers,
        officer_region=(code, place),
    )


def write_profile(ctx: Context) -> None:
    """The single 工会信息 row (id 1). Draws nothing from the random stream."""
    ident = identity()
    profile = {
        "union_name": ident.union_name, "unit_name": ident.unit_name, "credit_code": ident.credit_code,
        "chair_name": ident.chair_name, "contact_name": ident.contact_name, "contact_phone": ident.contact_phone,
        "address": ident.address, "founded_on": ident.founded_on, "employee_total_override": None,
    }
    table = UnionProfile.__table__
    if ctx.session.scalar(select(func.count()).select_from(table)):
        # A blank profile row (the settings page may create one): fill it rather than collide.
        ctx.session.execute(update(table).where(table.c.id == 1).values(**profile))
    else:
        ctx.insert(table, [{"id": 1, **profile}])
