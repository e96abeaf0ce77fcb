"""集体合同 figures: contracts in force at the period's end, and contracts signed within it.

"In force at E" (FIGURES.md): effective_from ≤ E ≤ effective_to and not terminated before E. Both
ends are inclusive, so a contract running to 12-31 is in force at E = 12-31, and one terminated on
E itself was still in force that day (terminated_on ≥ E); one terminated on E-1 is not. A contract
without an effective-from or effective-to date is incomplete and is never counted as in force
(collective contracts run one to three years by law; there is no open-ended one to assume).
A union has tens of contracts, so one pass of conditional aggregates covers them all.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, and_, func, or_, select

from unionbook.db.tables import collective_contracts
from unionbook.domain.vocab import ContractType
from unionbook.services.figures.figure import Figure, Raw
from unionbook.services.figures.period import Period, shift_years

if TYPE_CHECKING:
    from unionbook.db.readers import Reader

R = "集体合同"
#: The collective contracts' columns, short because every condition below names several.
C = collective_contracts.c

FIGURES: tuple[Figure, ...] = (
    Figure("contracts_in_force", "有效集体合同份数", "份", "期末在有效期内（已生效、未到期、未终止）的各类集体合同份数。", R, False),
    Figure("contracts_new", "新签集体合同份数", "份", "本期内签订、且不是续签的集体合同份数。", R, True),
    Figure("contracts_renewed", "续签集体合同份数", "份", "本期内签订的续签集体合同份数（登记了“续签自”的合同）。", R, True),
    Figure("comprehensive_contracts", "综合集体合同份数", "份", "期末有效的综合集体合同份数。", R, False),
    Figure("covered_enterprises", "集体合同覆盖企业数", "家", "期末有效的综合集体合同覆盖的企业数之和。", R, False),
    Figure("covered_employees", "集体合同覆盖职工人数", "人", "期末有效的综合集体合同覆盖的职工人数之和。", R, False),
    Figure("wage_contracts", "工资专项集体合同份数", "份", "期末有效的工资专项集体合同份数。", R, False),
    Figure("wage_covered_employees", "工资专项覆盖职工人数", "人", "期末有效的工资专项集体合同覆盖的职工人数之和。", R, False),
    Figure("female_contracts", "女职工专项集体合同份数", "份", "期末有效的女职工权益保护专项集体合同份数。", R, False),
    Figure("female_covered", "覆盖女职工人数", "人",
           "期末有效的女职工权益保护专项集体合同覆盖的女职工人数之和。", R, False),
    Figure("safety_contracts", "劳动安全卫生专项集体合同份数", "份", "期末有效的劳动安全卫生专项集体合同份数。", R, False),
    Figure("contracts_expiring", "次年到期集体合同份数", "份",
           "期末有效、并将在期末之后12个月内到期的集体合同份数（需要准备续签）。", R, False),
)  # fmt: skip

#: From FIGURES.md's "Added with …" section: they come after the 活动 figures in the registry.
ADDED: tuple[Figure, ...] = (
    Figure("wage_covered_enterprises", "工资专项覆盖企业数", "家", "期末有效的工资专项集体合同覆盖的企业数之和。", R, False),
)  # fmt: skip


def in_force_at(at: date) -> ColumnElement[bool]:
    return and_(
        C.effective_from <= at,
        C.effective_to >= at,
        or_(C.terminated_on.is_(None), C.terminated_on >= at),
    )


def expiring_after(at: date) -> ColumnElement[bool]:
    """In force at `at` and ending in the 12 months after it (次年到期, 到期合同列表)."""
    return and_(in_force_at(at), C.effective_to > at, C.effective_to <= shift_years(at, 1))


def _sum(column: ColumnElement[int | None], *condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(column).filter(*condition), 0)


def compute(reader: Reader, period: Period) -> dict[str, Raw]:
    force = in_force_at(period.end)
    signed = C.signed_on.between(period.start, period.end)

    def kind(contract_type: ContractType) -> ColumnElement[bool]:
        return and_(force, C.kind == contract_type.value)

    comprehensive = kind(ContractType.COMPREHENSIVE)
    wage = kind(ContractType.WAGE)
    female = kind(ContractType.FEMALE_WORKERS)
    expressions: dict[str, ColumnElement[int]] = {
        "contracts_in_force": func.count().filter(force),
        "contracts_new": func.count().filter(signed, C.renews_id.is_(None)),
        "contracts_renewed": func.count().filter(signed, C.renews_id.is_not(None)),
        "comprehensive_contracts": func.count().filter(comprehensive),
        "covered_enterprises": _sum(C.covered_enterprises, comprehensive),
        "covered_employees": _sum(C.covered_employees, comprehensive),
        "wage_contracts": func.count().filter(wage),
        "wage_covered_employees": _sum(C.covered_employees, wage),
        "female_contracts": func.count().filter(female),
        "female_covered": _sum(C.covered_female, female),
        "safety_contracts": func.count().filter(kind(ContractType.SAFETY_HEALTH)),
        "contracts_expiring": func.count().filter(expiring_after(period.end)),
        "wage_covered_enterprises": _sum(C.covered_enterprises, wage),
    }
    row = reader.execute(select(*(e.label(k) for k, e in expressions.items())).select_from(collective_contracts)).one()
    return dict(row._mapping)
