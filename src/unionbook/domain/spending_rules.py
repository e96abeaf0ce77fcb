"""开支标准 (spending rules) checked as the money goes out: pure functions, no database.

A province caps what a union may give one person in a calendar year under each program (节日慰问
2,200 元, 生日慰问 500 元 …), allows some programs once a year, pays the hardship programs only to a
member whose 困难职工档案 is open on the day, and forbids cash (and shopping cards) for others.
The numbers are rows (services/spending_rules.py loads them from resources/spending_rules/); this
module only says what each kind of rule means and how a breach is worded, so the check can be
tested on hand-built cases and run over a batch of 300 people or an imported list in one pass:

- `check(rules, payments, received)`: `payments` in the order they would be written; `received`
  what each person already got this year under the program (cash + goods value, and how many
  payments), keyed by (member, program, year). Each payment's totals include the ones before it in
  the same call, so two rows for one person in an imported list add up.

A cap compares the program's total to one person in the calendar year — cash plus the value of
goods — including the new payment: reaching the cap exactly is within it, one fen more breaks it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from unionbook.domain.money import format_yuan
from unionbook.domain.vocab import SpendingRuleKind

#: Words that make "goods" a cash equivalent under 不得发放现金 (shopping cards, vouchers, top-ups).
CASH_LIKE_WORDS = ("购物卡", "储值卡", "消费卡", "充值卡", "代金券", "现金券", "礼品卡", "超市卡")
#: A batch words the same few amounts 78,000 times (its cash, a cap, what is left): each worded once.
_yuan = lru_cache(maxsize=4096)(format_yuan)


@dataclass(frozen=True)
class Rule:
    """One rule as the check sees it (a SpendingRule row, or a preset's line)."""

    program: str
    kind: str  # a SpendingRuleKind value
    cap_fen: int | None = None  # 每人每年限额 only
    basis: str = ""  # 依据: "皖工发〔2025〕18号：…"
    enabled: bool = True
    notes: str = ""
    id: int | None = None

    def describe(self) -> str:
        """What the rule says, in a chair's words: "节日慰问每人每年不超过 2,200.00 元"."""
        match self.kind:
            case SpendingRuleKind.CAP:
                return f"{self.program}每人每年不超过 {format_yuan(self.cap_fen or 0)} 元"
            case SpendingRuleKind.ONCE_A_YEAR:
                return f"{self.program}每人每年限一次"
            case SpendingRuleKind.NEEDS_HARDSHIP_FILE:
                return f"{self.program}须有在档的困难职工档案"
            case SpendingRuleKind.NO_CASH:
                return f"{self.program}不得发放现金和购物卡（只发实物）"
        return f"{self.program}{self.kind}"

    def text(self) -> str:
        """The rule with its basis, as the 合规检查 report's 规则 column prints it."""
        basis = self.basis.strip()
        return f"{self.describe()}（{basis}）" if basis else self.describe()


@dataclass(frozen=True)
class Payment:
    """A payment being saved (or one on file, re-checked): who, what, when, how much."""

    member_id: int
    name: str
    program: str
    date: date
    amount_fen: int = 0  # cash
    goods: str = ""
    goods_value_fen: int = 0
    #: Whether the person's hardship file is open on the payment's date.
    has_open_file: bool = False

    @property
    def value_fen(self) -> int:
        """What the payment counts toward a cap: cash plus the goods' value."""
        return self.amount_fen + self.goods_value_fen

    @property
    def key(self) -> tuple[int, str, int]:
        return (self.member_id, self.program, self.date.year)


@dataclass(frozen=True)
class Received:
    """What one person already received under one program in one calendar year."""

    total_fen: int = 0  # cash + goods value
    count: int = 0

    def plus(self, payment: Payment) -> Received:
        return Received(self.total_fen + payment.value_fen, self.count + 1)


@dataclass(frozen=True)
class Breach:
    """One rule one payment breaks, worded for the chair."""

    rule: Rule
    payment: Payment
    message: str
    #: The payment's position in the list checked (a batch's line, an imported row).
    index: int = 0
    #: 每人每年限额: how far over, and how much was still allowed before this payment.
    over_fen: int = 0
    left_fen: int = 0
    #: Extra facts from the services (the budget line), not part of the rule's wording.
    details: tuple[str, ...] = field(default=())

    @property
    def kind(self) -> str:
        return self.rule.kind

    @property
    def short(self) -> str:
        """A few words for a list's 提示 column: "超标准，尚可发放 200.00 元"."""
        match self.rule.kind:
            case SpendingRuleKind.CAP:
                return f"超标准，尚可发放 {_yuan(self.left_fen)} 元" if self.left_fen else "超标准，本年额度已用完"
            case SpendingRuleKind.ONCE_A_YEAR:
                return f"本年已发过{self.payment.program}"
            case SpendingRuleKind.NEEDS_HARDSHIP_FILE:
                return "无在档困难职工档案"
            case SpendingRuleKind.NO_CASH:
                return "不得发放现金或购物卡"
        return self.rule.describe()


_KIND_ORDER = {kind.value: n for n, kind in enumerate(SpendingRuleKind)}
#: The kinds that read what a person already received (the running totals).
_COUNTING = frozenset({SpendingRuleKind.CAP.value, SpendingRuleKind.ONCE_A_YEAR.value})


def applicable(rules: Iterable[Rule], program: str) -> list[Rule]:
    """The enabled rules about `program`, in a stable order (caps first, as the vocabulary lists)."""
    return sorted((r for r in rules if r.enabled and r.program == program),
                  key=lambda r: (_KIND_ORDER.get(r.kind, 99), r.id or 0))  # fmt: skip


@lru_cache(maxsize=256)
def cash_like(goods: str) -> str | None:
    """The cash-equivalent word in a goods description ("超市购物卡" → "购物卡"), if any.
    Remembered: a batch's 78,000 lines carry the same goods."""
    return next((word for word in CASH_LIKE_WORDS if word in goods), None)


def _cap_message(p: Payment, cap: int, already: int) -> tuple[str, int, int]:
    over = already + p.value_fen - cap
    left = max(cap - already, 0)
    given = f"本年已发 {_yuan(already)} 元" if already else "本年此前未发"
    room = f"尚可发放 {_yuan(left)} 元" if left else "本年额度已用完"
    message = (
        f"{p.name} {p.program} {given}，本次 {_yuan(p.value_fen)} 元，"
        f"超出每人每年 {_yuan(cap)} 元的标准 {_yuan(over)} 元（{room}）"
    )
    return message, over, left


def breaches_of(rule: Rule, p: Payment, before: Received, index: int = 0) -> Breach | None:
    """Whether `p` breaks `rule`, given what the person had received before it (this year, this
    program); None when it does not. `index` is the payment's place in the list checked."""
    match rule.kind:
        case SpendingRuleKind.CAP:
            cap = rule.cap_fen or 0
            if before.total_fen + p.value_fen <= cap:
                return None
            message, over, left = _cap_message(p, cap, before.total_fen)
            return Breach(rule, p, message, index, over_fen=over, left_fen=left)
        case SpendingRuleKind.ONCE_A_YEAR:
            if before.count < 1:
                return None
            message = f"{p.name} {p.program} 本年已发放 {before.count} 次，每人每年限一次"
            return Breach(rule, p, message, index)
        case SpendingRuleKind.NEEDS_HARDSHIP_FILE:
            if p.has_open_file:
                return None
            message = f"{p.name} {p.program}：发放日期 {p.date.isoformat()} 没有在档的困难职工档案，须有困难职工档案才能发放"
            return Breach(rule, p, message, index)
        case SpendingRuleKind.NO_CASH:
            card = cash_like(p.goods)
            if p.amount_fen:
                what = f"本次发放现金 {_yuan(p.amount_fen)} 元"
            elif card:
                what = f"本次发放“{p.goods}”（{card}视同现金）"
            else:
                return None
            return Breach(rule, p, f"{p.name} {p.program} {what}，{p.program}不得发放现金和购物卡，只能发放实物", index)
    return None


def check(
    rules: Sequence[Rule],
    payments: Sequence[Payment],
    received: Mapping[tuple[int, str, int], Received] | None = None,
) -> list[Breach]:
    """Every rule every payment breaks, in the payments' order.

    `received[(member, program, year)]` is what the person already had (missing: nothing); each
    payment adds to it for the payments after it in the list.

    One pass: each program's rules are looked up once, and the running totals are kept only for
    programs with a rule that reads them (a cap, once a year)."""
    by_program: dict[str, tuple[list[Rule], bool]] = {}
    running: dict[tuple[int, str, int], Received] = dict(received or {})
    found: list[Breach] = []
    nothing = Received()
    for index, p in enumerate(payments):
        looked_up = by_program.get(p.program)
        if looked_up is None:
            program_rules = applicable(rules, p.program)
            counts = any(r.kind in _COUNTING for r in program_rules)
            looked_up = by_program[p.program] = (program_rules, counts)
        program_rules, counts = looked_up
        if not program_rules:
            continue
        key = p.key if counts else None
        before = running.get(key, nothing) if key is not None else nothing
        for rule in program_rules:
            breach = breaches_of(rule, p, before, index)
            if breach is not None:
                found.append(breach)
        if key is not None:
            running[key] = before.plus(p)
    return found


def summary(breaches: Sequence[Breach]) -> str:
    """One line for a warning's head: "2 人次超出开支标准：节日慰问每人每年不超过 2,200.00 元（…）"."""
    if not breaches:
        return ""
    people = len({b.index for b in breaches})
    rules = list(dict.fromkeys(b.rule.text() for b in breaches))
    return f"{people} 人次超出开支标准：" + "；".join(rules)
