"""The collective contracts register: a 综合 contract renewed once, a chain of yearly wage contracts
and the special contracts, each approved by that year's 职代会.

The congress dates are drawn here because the contracts' approval dates are the meetings' dates;
activities.py later records the same meetings, so they are kept in `ctx.congress_dates`.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from unionbook.db.models import CollectiveContract
from unionbook.domain.vocab import ContractType
from unionbook.services.demo.common import YEARS, weekday
from unionbook.services.demo.context import Context
from unionbook.services.demo.union import identity

#: The 职代会 that approved the contracts in force when the window opens.
_PRE_WINDOW_CONGRESS = date(2020, 12, 11)


def _headcount(ctx: Context, d: date) -> tuple[int, int]:
    """(employees on duty, of whom female) at d: what a contract covers when signed."""
    total = female = 0
    for p in ctx.people:
        if p.on_duty(d):
            total += 1
            female += p.female
    return total, female


def insert_contracts(ctx: Context) -> None:
    """The congress dates and the contracts (1 progress step)."""
    rng = ctx.rng
    unit = identity().unit_name
    # One 职代会 a year, in December: it approves the next year's wage contract (and the
    # renewals due), so the contracts' approval dates are the meetings' dates.
    for year in YEARS:
        ctx.congress_dates[year] = weekday(date(year, 12, rng.randint(8, 18)))

    rows: list[dict[str, Any]] = []

    def add(kind: ContractType, title: str, approved: date, start: date, end: date, *, renews: int | None = None,
            bp: int | None = None, late_filing: bool = False, terminated: date | None = None,
            notes: str | None = None) -> int:
        cid = len(rows) + 1
        signed = approved + timedelta(days=rng.randint(2, 6))
        employees, female = _headcount(ctx, signed)
        rows.append({
            "id": cid, "kind": kind.value, "title": title, "employer": unit,
            "negotiated_on": approved - timedelta(days=rng.randint(12, 30)),
            "congress_approved_on": approved,
            "signed_on": signed,
            "filed_on": signed + timedelta(days=rng.randint(38, 45) if late_filing else rng.randint(3, 10)),
            "published_on": signed + timedelta(days=rng.randint(1, 5)),
            "effective_from": start, "effective_to": end, "terminated_on": terminated,
            "covered_enterprises": 1, "covered_employees": employees, "covered_female": female,
            "wage_increase_bp": bp, "renews_id": renews, "notes": notes,
        })
        return cid

    def wage(year: int, approved: date, renews: int | None, late: bool = False) -> int:
        bp = rng.choice(range(350, 601, 25))
        note = f"约定{year}年度职工工资平均增长{bp / 100:.2f}%，一线职工增幅不低于平均水平"
        if late:
            note += "；备案材料经补正后报送，逾期备案"
        return add(ContractType.WAGE, f"{unit}{year}年度工资专项集体合同", approved, date(year, 1, 1),
                   date(year, 12, 31), renews=renews, bp=bp, late_filing=late, notes=note)

    c = ctx.congress_dates
    comprehensive_1 = add(ContractType.COMPREHENSIVE, f"{unit}集体合同（2021—2023年度）", _PRE_WINDOW_CONGRESS,
                          date(2021, 1, 1), date(2023, 12, 31))
    wage_prev = wage(2021, _PRE_WINDOW_CONGRESS, None)
    add(ContractType.OTHER_SPECIAL, f"{unit}劳动定额专项集体合同（2022—2024年度）", c[2021], date(2022, 1, 1),
        date(2024, 12, 31), terminated=date(2024, 1, 1),
        notes="内容并入2024—2026年度集体合同，经双方协商一致提前终止")
    wage_prev = wage(2022, c[2021], wage_prev)
    add(ContractType.FEMALE_WORKERS, f"{unit}女职工权益保护专项集体合同（2023—2026年）", c[2022],
        date(2023, 3, 1), date(2026, 2, 28), notes="含女职工特殊劳动保护、孕期产期哺乳期保护、“两癌”筛查等条款")
    add(ContractType.SAFETY_HEALTH, f"{unit}劳动安全卫生专项集体合同（2023—2025年度）", c[2022],
        date(2023, 1, 1), date(2025, 12, 31), notes="含高温作业、职业病防护、劳动防护用品发放等条款")
    wage_prev = wage(2023, c[2022], wage_prev, late=True)
    add(ContractType.COMPREHENSIVE, f"{unit}集体合同（2024—2026年度）", c[2023], date(2024, 1, 1),
        date(2026, 12, 31), renews=comprehensive_1)
    wage_prev = wage(2024, c[2023], wage_prev)
    wage(2025, c[2024], wage_prev)
    ctx.insert(CollectiveContract.__table__, rows)
    ctx.counts["contracts"] = len(rows)
    ctx.progress.step()
