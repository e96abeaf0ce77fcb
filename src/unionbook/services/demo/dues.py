"""会费 for the demo union: wage bases for everyone on the payroll, and the stored 会费收缴台账.

Wages are what a machinery plant of this size pays (3,000–15,000 元 a month by the kind of work),
with a raise each January for about a third of the people. Dues are deducted from the payroll
(工资代扣) on the 15th of each month for almost everyone; a handful of people stop paying in the last
three months (they are the 欠缴 the 总览 reminds of), retirees keep their membership (保留会籍) and
owe nothing, two people are excused by a committee decision for some months, and the two newest
members have no wage base on file yet (未登记工资基数: whom the chair still has to fix).

The rows are exactly what services/dues/generate.py would write for each month (the test
regenerates a month and finds nothing to change), but built here from the people in memory: the
ledger is the largest table after the aid payments. It covers every month of the demo's five years
while that stays under `ROW_BUDGET` rows; for a bigger union (the 100,000-person benchmark) it covers
the last months that fit, so the demo's run time stays within a third of what it was without dues.

Runs last and draws from the random stream only after every other register, so their rows stay as
they were for every seed.
"""

from __future__ import annotations

from datetime import date

from unionbook.db.models import DuesExemption, DuesMonth, WageBase
from unionbook.domain.dues import RETAINED_REASON, DuesRule, dues_fen, month_end
from unionbook.domain.vocab import DuesMethod, MembershipEventKind
from unionbook.services.demo.common import WINDOW_END, YEARS
from unionbook.services.demo.context import Context
from unionbook.services.demo.records import Person

#: Ledger rows the demo writes at most (months × members): 60 months up to 10,000 people.
ROW_BUDGET = 600_000
#: Monthly wage range (元) by the kind of work a department does (people.json's `kind`).
_WAGES = {"worker": (3800, 8500), "service": (3000, 5500), "office": (4500, 10000), "tech": (5500, 11000),
          "engineer": (7500, 15000)}  # fmt: skip
_FIRST_BASE = date(2020, 1, 1)  # bases of people hired earlier: the payroll system's first record
_EXEMPTION = "长期病休，经工会委员会研究同意免缴"
_RETAINED = MembershipEventKind.RETAIN.value
_ACTIVE = frozenset(k.value for k in MembershipEventKind.active())


def _ledger_months(size: int) -> list[date]:
    months = [date(y, m, 1) for y in YEARS for m in range(1, 13)]
    return months[-max(1, min(len(months), ROW_BUDGET // size)) :]


def _kind_at(p: Person, d: date) -> str | None:
    """The membership kind the events give on day d (the latest event on or before it)."""
    if p.join is None or d < p.join:
        return None
    return p.join_kind if p.mem_end is None or d < p.mem_end else p.mem_end_kind


def _bases(ctx: Context) -> dict[int, list[tuple[date, int, str | None]]]:
    """Each person's wage bases, oldest first: one from hire, a January raise for about a third."""
    rng = ctx.rng
    members = [p for p in ctx.people if p.join is not None and p.mem_end is None]
    newest = sorted(members, key=lambda p: (p.join, p.id))[-2:]  # their bases are not on file yet
    skip = {p.id for p in newest}
    bases: dict[int, list[tuple[date, int]]] = {}
    for p in ctx.people:
        if p.id in skip:
            continue
        lo, hi = _WAGES.get(p.dept.kind, (3500, 8000))
        wage = rng.randint(lo * 100, hi * 100)
        history: list[tuple[date, int, str | None]] = [(max(p.hire, _FIRST_BASE), wage, None)]
        for year in YEARS:
            raise_on = date(year, 1, 1)
            if raise_on > history[0][0] and (p.emp_end is None or raise_on < p.emp_end) and rng.random() < 0.35:
                wage = min(wage * rng.randint(103, 110) // 100, 1_500_000)
                history.append((raise_on, wage, f"{year}年度调薪"))
        bases[p.id] = history
    return bases


def insert_dues(ctx: Context) -> None:
    rng = ctx.rng
    months = _ledger_months(ctx.size)
    bases = _bases(ctx)
    ctx.insert_raw(WageBase.__table__, ("member_id", "effective_from", "wage_fen", "notes"),
                   ((pid, d.isoformat(), w, n) for pid, history in bases.items() for d, w, n in history))  # fmt: skip
    ctx.extra_counts["wage_bases"] = sum(len(h) for h in bases.values())

    exempt_from, exempt_to = date(2025, 3, 1), date(2025, 8, 1)
    excused = {p.id for p in (ctx.pick_active(exempt_from) for _ in range(2)) if p is not None}
    ctx.insert(DuesExemption.__table__, [{"member_id": pid, "from_month": exempt_from, "to_month": exempt_to,
                                          "reason": _EXEMPTION} for pid in sorted(excused)])  # fmt: skip
    last_three = months[-3:]
    owing: dict[int, date] = {}
    for _ in range(max(2, ctx.scaled(0.006))):
        p = ctx.pick_active(WINDOW_END)
        if p is not None and p.id not in excused:
            owing.setdefault(p.id, rng.choice(last_three))

    rule, computed = DuesRule(), {}
    iso = {m: m.isoformat() for m in months}
    paid_on = {m: m.replace(day=15).isoformat() for m in months}
    method = DuesMethod.PAYROLL.value

    def rows():
        for p in ctx.people:
            if p.join is None or p.join > WINDOW_END:
                continue
            history = bases.get(p.id, [])
            for month in months:
                last = month_end(month)
                first_kind, last_kind = _kind_at(p, month), _kind_at(p, last)
                if first_kind not in _ACTIVE and last_kind not in _ACTIVE and last_kind != _RETAINED:
                    continue
                wage = next((w for d, w, _n in reversed(history) if d <= last), None)
                reason = RETAINED_REASON if last_kind == _RETAINED else (
                    _EXEMPTION if p.id in excused and exempt_from <= month <= exempt_to else None)  # fmt: skip
                if reason or wage is None:
                    yield (p.id, iso[month], wage, 0, reason, None, None, None)
                    continue
                due = computed.get(wage)
                if due is None:
                    due = computed[wage] = dues_fen(wage, rule)
                if p.id in owing and month >= owing[p.id]:
                    yield (p.id, iso[month], wage, due, None, None, None, None)
                else:
                    yield (p.id, iso[month], wage, due, None, due, paid_on[month], method)

    ctx.extra_counts["dues_months"] = ctx.insert_raw(
        DuesMonth.__table__,
        ("member_id", "month", "wage_fen", "due_fen", "exempt_reason", "paid_fen", "paid_on", "method"),
        rows(),
    )
    ctx.progress.step()

