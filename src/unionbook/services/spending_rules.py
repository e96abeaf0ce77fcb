"""开支标准: the rule set (edited in 设置, loaded from a province's preset), the check a payment, a
batch or an imported list goes through before it is written, and the breaches a chair went ahead
with, each with the reason given.

The rules are rows (SpendingRule); what each kind means is domain/spending_rules.py. A preset is a
JSON file in resources/spending_rules/ (one file a province; the format is described in the file
and in README "开支标准与合规检查"), loaded by replacing the whole set; the loaded preset's name is
kept in app_settings so 设置 can say where the rules came from.

Checking reads, per (program, year), each person's total and count so far in ONE query (grouped by
member), so a batch of 300 — or 100,000 — is checked in one pass. The aid save paths call
`check_in_session` inside their own transaction and refuse a breach without a reason
(RuleBreachError), or record one RuleBreach row per breach with the reason (`record_breaches`):
the message as worded then, so a later change of a cap does not rewrite what the chair was told.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session, sessionmaker

from unionbook.db.backend import upsert
from unionbook.db.models import AidPayment, AppSetting, FundBudget, HardshipFile, Member, RuleBreach, SpendingRule
from unionbook.domain.errors import InputError, NotFoundError, RuleBreachError, ValidationError
from unionbook.domain.funds import NOT_UNION_MONEY, charge_of_program
from unionbook.domain.money import format_yuan, yuan_to_fen
from unionbook.domain.spending_rules import Breach, Payment, Received, Rule, applicable, check
from unionbook.domain.vocab import AidProgram, AuditAction, FundCategory, SpendingRuleKind
from unionbook.paths import resource_path
from unionbook.services import audit
from unionbook.services.fund_ledger import category_totals
from unionbook.services.persist import get_or_raise

#: app_settings key: the name of the preset the rules were loaded from ("安徽"; "安徽（已修改）").
PRESET_KEY = "spending_rules_preset"
EDITED_MARK = "（已修改）"
PRESET_FOLDER = "spending_rules"
MAX_REASON = 500
#: Members listed in one IN (…) of the totals query; more read the program's whole year instead.
_IN_LIMIT = 500


# --- presets ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Preset:
    name: str  # "安徽": what `rules load-preset` and 设置 call it
    title: str  # the document it follows
    rules: tuple[Rule, ...]
    path: Path


def preset_folder() -> Path:
    return resource_path(PRESET_FOLDER)


def read_preset(path: Path) -> Preset:
    """One preset file, checked rule by rule (InputError naming the file and the rule)."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(detail=f"开支标准预设“{path.name}”无法读取：{exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise InputError(detail=f"开支标准预设“{path.name}”缺少 rules 列表")
    rules = []
    for n, item in enumerate(data["rules"], start=1):
        try:
            if not isinstance(item, dict):
                raise ValidationError(field="规则", detail="应为 {…} 对象")
            cap = item.get("cap_yuan")
            try:
                cap_fen = yuan_to_fen(str(cap)) if cap not in (None, "") else None
            except ValueError:
                raise ValidationError(field="cap_yuan", detail=f"“{cap}”不是金额") from None
            checked = validate_rule(RuleInput(program=str(item.get("program", "")), kind=str(item.get("kind", "")),
                                              cap_fen=cap_fen, basis=str(item.get("basis", "")),
                                              notes=str(item.get("notes", ""))))  # fmt: skip
        except ValidationError as exc:
            raise InputError(detail=f"开支标准预设“{path.name}”第{n}条规则：{exc.message()}") from None
        rules.append(checked.as_rule())
    name = str(data.get("name") or path.stem).strip()
    return Preset(name, str(data.get("title", "")).strip(), tuple(rules), path)


def list_presets() -> list[Preset]:
    """Every preset shipped (resources/spending_rules/*.json), by name."""
    return sorted((read_preset(p) for p in preset_folder().glob("*.json")), key=lambda p: p.name)


def find_preset(name: str) -> Preset:
    presets = list_presets()
    for preset in presets:
        if preset.name == name.strip():
            return preset
    raise NotFoundError(what="开支标准预设", key=f"{name}（可选：{'、'.join(p.name for p in presets) or '无'}）")


def active_preset(factory: sessionmaker[Session]) -> str:
    """The preset the rules came from ("安徽", "安徽（已修改）"); "" when none was loaded."""
    with factory() as session:
        return session.scalar(select(AppSetting.value).where(AppSetting.key == PRESET_KEY)) or ""


def _set_setting(session: Session, value: str) -> None:
    table = AppSetting.__table__
    session.execute(upsert(session, table).values(key=PRESET_KEY, value=value)
                    .on_conflict_do_update(index_elements=["key"], set_={"value": value}))  # fmt: skip


def _mark_edited(session: Session) -> None:
    current = session.scalar(select(AppSetting.value).where(AppSetting.key == PRESET_KEY)) or ""
    if current and not current.endswith(EDITED_MARK):
        _set_setting(session, current + EDITED_MARK)


def load_preset(factory: sessionmaker[Session], name: str) -> int:
    """Replace the whole rule set with the preset's (the UI asks first); returns the count.
    Breaches already recorded keep their wording (their rule link is cleared)."""
    preset = find_preset(name)
    with factory.begin() as session:
        install_preset(session, preset)
    return len(preset.rules)


def install_preset(session: Session, preset: Preset, *, audited: bool = True) -> None:
    """`load_preset` inside the caller's transaction: one audit entry says what was loaded and how
    many rules it replaced (the demo union, whose one summary entry covers it, passes False)."""
    replaced = session.scalar(select(func.count()).select_from(SpendingRule)) or 0
    session.execute(delete(SpendingRule))
    session.execute(insert(SpendingRule), [
        {"program": r.program, "kind": r.kind, "cap_fen": r.cap_fen, "basis": r.basis, "enabled": True,
         "notes": r.notes or None}
        for r in preset.rules
    ])  # fmt: skip
    _set_setting(session, preset.name)
    if audited:
        audit.record(session, AuditAction.UPDATE, "spending_rules",
                     {"preset": preset.name, "count": len(preset.rules), "replaced": replaced})  # fmt: skip


# --- the rule set -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleInput:
    program: str
    kind: str
    cap_fen: int | None = None
    basis: str = ""
    enabled: bool = True
    notes: str = ""

    def as_rule(self, rule_id: int | None = None) -> Rule:
        return Rule(self.program, self.kind, self.cap_fen, self.basis, self.enabled, self.notes, rule_id)


def validate_rule(data: RuleInput) -> RuleInput:
    if data.program not in list(AidProgram):
        raise ValidationError(field="项目", detail=f"“{data.program}”不是帮扶项目（可选：{'、'.join(AidProgram)}）")
    if data.kind not in list(SpendingRuleKind):
        raise ValidationError(field="类型", detail=f"“{data.kind}”不是规则类型（可选：{'、'.join(SpendingRuleKind)}）")
    cap = data.cap_fen
    if data.kind == SpendingRuleKind.CAP:
        if not cap or cap <= 0:
            raise ValidationError(field="限额", detail="每人每年限额须填写大于 0 的金额")
    else:
        cap = None  # only a cap has an amount
    basis, notes = data.basis.strip(), data.notes.strip()
    if len(basis) > 200:
        raise ValidationError(field="依据", detail=f"最多 200 字，这里有 {len(basis)} 字")
    return replace(data, cap_fen=cap, basis=basis, notes=notes)


def _rule(record: SpendingRule) -> Rule:
    return Rule(record.program, record.kind, record.cap_fen, record.basis or "", bool(record.enabled),
                record.notes or "", record.id)  # fmt: skip


def rules_in(session: Session, *, enabled_only: bool = False) -> list[Rule]:
    query = select(SpendingRule).order_by(SpendingRule.id)
    if enabled_only:
        query = query.where(SpendingRule.enabled.is_(True))
    return [_rule(r) for r in session.scalars(query)]


def list_rules(factory: sessionmaker[Session]) -> list[Rule]:
    """Every rule, enabled or not, in the order they were added (the preset's order)."""
    with factory() as session:
        return rules_in(session)


def save_rule(factory: sessionmaker[Session], data: RuleInput, rule_id: int | None = None) -> int:
    data = validate_rule(data)
    with factory.begin() as session:
        same = select(SpendingRule.id).where(SpendingRule.program == data.program, SpendingRule.kind == data.kind)
        if rule_id is not None:
            same = same.where(SpendingRule.id != rule_id)
        if session.scalar(same) is not None:
            raise ValidationError(field="类型", detail=f"{data.program}已有“{data.kind}”规则，请编辑那一条")
        record = get_or_raise(session, SpendingRule, rule_id, "开支标准") if rule_id is not None else SpendingRule()
        record.program, record.kind, record.cap_fen = data.program, data.kind, data.cap_fen
        record.basis, record.enabled, record.notes = data.basis, data.enabled, data.notes or None
        if rule_id is None:
            session.add(record)
        _mark_edited(session)
        session.flush()
        return record.id


def delete_rule(factory: sessionmaker[Session], rule_id: int) -> None:
    """Recorded breaches of the rule keep their wording; only their link to it is cleared."""
    with factory.begin() as session:
        session.delete(get_or_raise(session, SpendingRule, rule_id, "开支标准"))
        _mark_edited(session)


# --- checking -----------------------------------------------------------------------------------


def received_in(
    session: Session, program: str, year: int, member_ids: Collection[int] | None = None,
    *, exclude_payment_id: int | None = None,
) -> dict[tuple[int, str, int], Received]:  # fmt: skip
    """What each person received under `program` in `year` (cash + goods, and how many), in one
    query grouped by member; `exclude_payment_id` leaves out the payment being edited."""
    query = (
        select(AidPayment.member_id, func.sum(AidPayment.amount_fen + AidPayment.goods_value_fen), func.count())
        .where(AidPayment.program == program, AidPayment.date >= date(year, 1, 1), AidPayment.date <= date(year, 12, 31))
        .group_by(AidPayment.member_id)
    )
    if member_ids is not None and len(member_ids) <= _IN_LIMIT:
        query = query.where(AidPayment.member_id.in_(list(member_ids)))
    if exclude_payment_id is not None:
        query = query.where(AidPayment.id != exclude_payment_id)
    wanted = None if member_ids is None else set(member_ids)
    return {
        (member, program, year): Received(int(total or 0), int(count))
        for member, total, count in session.execute(query)
        if wanted is None or member in wanted
    }


def _open_files(session: Session, member_ids: set[int] | None) -> dict[int, list[tuple[date, date | None]]]:
    """member → [(opened_on, closed_on)] of their hardship files (None: everybody's)."""
    query = select(HardshipFile.member_id, HardshipFile.opened_on, HardshipFile.closed_on)
    if member_ids is not None and len(member_ids) <= _IN_LIMIT:
        query = query.where(HardshipFile.member_id.in_(list(member_ids)))
    files: dict[int, list[tuple[date, date | None]]] = {}
    for member, opened, closed in session.execute(query):
        if member_ids is None or member in member_ids:
            files.setdefault(member, []).append((opened, closed))
    return files


def _is_open(files: dict[int, list[tuple[date, date | None]]], member_id: int, on: date) -> bool:
    return any(opened <= on and (closed is None or closed > on) for opened, closed in files.get(member_id, []))


def complete_payments(session: Session, rules: Sequence[Rule], payments: Sequence[Payment]) -> list[Payment]:
    """The payments with their names (where not given) and whether a hardship file is open on
    the day (where a rule asks)."""
    unnamed = {p.member_id for p in payments if not p.name}
    names: dict[int, str] = {}
    if unnamed:
        query = select(Member.id, Member.name)
        if len(unnamed) <= _IN_LIMIT:
            query = query.where(Member.id.in_(list(unnamed)))
        names = {m: n for m, n in session.execute(query) if m in unnamed}
    needing = {r.program for r in rules if r.enabled and r.kind == SpendingRuleKind.NEEDS_HARDSHIP_FILE}
    asked = {p.member_id for p in payments if p.program in needing}
    files = _open_files(session, asked) if asked else {}
    completed = []
    for p in payments:
        opened = not p.has_open_file and p.program in needing and _is_open(files, p.member_id, p.date)
        if p.name and not opened:
            completed.append(p)  # as it was: most lines of a batch
        else:
            completed.append(replace(p, name=p.name or names.get(p.member_id, f"（编号{p.member_id}）"),
                                     has_open_file=p.has_open_file or opened))  # fmt: skip
    return completed


@dataclass(frozen=True)
class CheckBasis:
    """What a check read from the book: the enabled rules, what each person already received, and
    the payments completed (names, open files). A list checked once can be checked again in part —
    a batch preview's ticked lines — with `check(basis.rules, some, basis.received)`, no query."""

    rules: tuple[Rule, ...]
    received: Mapping[tuple[int, str, int], Received]
    payments: tuple[Payment, ...]

    def breaches(self, payments: Sequence[Payment] | None = None) -> list[Breach]:
        """The breaches of `payments` (default: the whole list read for) given what was read."""
        return check(self.rules, self.payments if payments is None else payments, self.received)


def check_basis(
    session: Session, payments: Sequence[Payment], *, exclude_payment_id: int | None = None,
    rules: Sequence[Rule] | None = None,
) -> CheckBasis:  # fmt: skip
    """Read what checking `payments` needs: one totals query per (program, year) present."""
    rules = rules_in(session, enabled_only=True) if rules is None else rules
    programs = {r.program for r in rules if r.enabled}
    relevant = [p for p in payments if p.program in programs]
    if not relevant:  # no rule about any of them: nothing to read, nothing can break
        return CheckBasis(tuple(rules), {}, tuple(payments))
    received: dict[tuple[int, str, int], Received] = {}
    groups: dict[tuple[str, int], set[int]] = {}
    for p in relevant:
        groups.setdefault((p.program, p.date.year), set()).add(p.member_id)
    for (program, year), members in groups.items():
        received.update(received_in(session, program, year, members, exclude_payment_id=exclude_payment_id))
    return CheckBasis(tuple(rules), received, tuple(complete_payments(session, rules, payments)))


def check_in_session(
    session: Session, payments: Sequence[Payment], *, exclude_payment_id: int | None = None,
    rules: Sequence[Rule] | None = None,
) -> list[Breach]:  # fmt: skip
    """Every enabled rule the `payments` (in writing order) break, given what each person already
    received this year: one totals query per (program, year) present."""
    return check_basis(session, payments, exclude_payment_id=exclude_payment_id, rules=rules).breaches()


def check_payments(factory: sessionmaker[Session], payments: Sequence[Payment], *,
                   exclude_payment_id: int | None = None) -> list[Breach]:  # fmt: skip
    """The check a dialog runs before saving (the save runs it again in its own transaction)."""
    with factory() as session:
        return check_in_session(session, payments, exclude_payment_id=exclude_payment_id)


def checked_reason(breaches: Sequence[Breach], reason: str | None) -> str:
    """The reason to record: refuses breaches without one (RuleBreachError, nothing written)."""
    text = (reason or "").strip()
    if breaches and not text:
        raise RuleBreachError(breaches=tuple(breaches))
    if len(text) > MAX_REASON:
        raise ValidationError(field="原因", detail=f"最多 {MAX_REASON} 字，这里有 {len(text)} 字")
    return text


def record_breaches(session: Session, breaches: Iterable[Breach], payment_ids: Sequence[int], reason: str) -> int:
    """One RuleBreach row per breach (`payment_ids[b.index]` is the payment it is about); the
    message as the chair saw it. Returns the count."""
    rows = [
        {"payment_id": payment_ids[b.index], "rule_id": b.rule.id, "kind": b.rule.kind, "message": b.message[:500],
         "reason": reason[:MAX_REASON]}
        for b in breaches
    ]  # fmt: skip
    if rows:
        session.execute(insert(RuleBreach), rows)
        audit.record(session, AuditAction.CREATE, "rule_breaches",
                     {"count": len(rows), "reason": reason, "payments": len({r["payment_id"] for r in rows})})  # fmt: skip
    return len(rows)


def recorded_reasons(session: Session, payment_id: int | None) -> dict[int | None, str]:
    """rule id → the reason recorded for a payment's breach of it (a new payment: none)."""
    if payment_id is None:
        return {}
    return {rule_id: reason for rule_id, reason in session.execute(
        select(RuleBreach.rule_id, RuleBreach.reason).where(RuleBreach.payment_id == payment_id))}  # fmt: skip


def needing_reason(breaches: Iterable[Breach], reasons: dict[int | None, str]) -> list[Breach]:
    """The breaches no reason was recorded for yet: an edited payment that still breaks the same
    rule keeps the reason the chair gave (ticking 已签收 does not ask again)."""
    return [b for b in breaches if not reasons.get(b.rule.id)]


def pending_breaches(factory: sessionmaker[Session], payment: Payment, payment_id: int | None = None) -> list[Breach]:
    """What the payment dialog asks a reason for before saving: what `save_payment` would refuse."""
    with factory() as session:
        found = check_in_session(session, [payment], exclude_payment_id=payment_id)
        return needing_reason(found, recorded_reasons(session, payment_id))


def clear_breaches(session: Session, payment_id: int) -> dict[int | None, str]:
    """Delete a payment's recorded breaches (it is being saved again); returns rule id → reason,
    so a rule still broken after an edit keeps the reason the chair gave."""
    kept = recorded_reasons(session, payment_id)
    if kept:
        session.execute(delete(RuleBreach).where(RuleBreach.payment_id == payment_id))
    return kept


# --- the budget ("no spending outside the budget") ----------------------------------------------


#: (spending category, year) → (the budget set, what was spent so far): `budget_room`.
BudgetRoom = Mapping[tuple[FundCategory, int], tuple[int, int]]


def charged(payments: Iterable[Payment]) -> dict[tuple[FundCategory, int], int]:
    """What the payments add to each (spending category, year)."""
    new: dict[tuple[FundCategory, int], int] = {}
    for p in payments:
        key = (charge_of_program(p.program)[0], p.date.year)
        new[key] = new.get(key, 0) + p.value_fen
    return new


def budget_room(session: Session, keys: Iterable[tuple[FundCategory, int]]) -> BudgetRoom:
    """(budget, spent so far) of each (category, year) in `keys` that has a budget set."""
    room: dict[tuple[FundCategory, int], tuple[int, int]] = {}
    for category, year in keys:
        budget = session.scalar(select(FundBudget.amount_fen).where(FundBudget.year == year,
                                                                    FundBudget.category == category.value))  # fmt: skip
        if budget is not None:
            room[(category, year)] = (budget, category_totals(session, date(year, 1, 1), date(year, 12, 31))[category])
    return room


def budget_lines(payments: Sequence[Payment], funding_source: str | None, room: BudgetRoom) -> list[str]:
    """`budget_warnings` from a `budget_room` read before: no query (a batch's ticks changed)."""
    if funding_source in NOT_UNION_MONEY or not payments:
        return []
    lines = []
    for (category, year), adding in sorted(charged(payments).items(), key=lambda item: (item[0][1], item[0][0].value)):
        if (category, year) not in room:
            continue
        budget, spent = room[(category, year)]
        if spent + adding > budget:
            lines.append(
                f"{year}年{category.value}预算 {format_yuan(budget)} 元，已支出 {format_yuan(spent)} 元，"
                f"本次 {format_yuan(adding)} 元，将超出预算 {format_yuan(spent + adding - budget)} 元"
            )
    return lines


def budget_warnings(
    factory: sessionmaker[Session], payments: Sequence[Payment], funding_source: str | None,
    *, exclude_payment_id: int | None = None,
) -> list[str]:  # fmt: skip
    """A line per spending category the payments would take past the year's budget — only where a
    budget was set for that category and year. Money the administration or a donor paid is not
    the union's spending (domain/funds.NOT_UNION_MONEY) and never warns. A warning, not a breach:
    it is shown before saving and not recorded."""
    if funding_source in NOT_UNION_MONEY or not payments:
        return []
    with factory() as session:
        room = budget_room(session, charged(payments))
        if exclude_payment_id is not None:
            room = {key: (budget, spent - _counted_value(session, exclude_payment_id, *key))
                    for key, (budget, spent) in room.items()}  # fmt: skip
    return budget_lines(payments, funding_source, room)


def _counted_value(session: Session, payment_id: int, category: FundCategory, year: int) -> int:
    """What a stored payment adds to `category` in `year` now (it is being edited)."""
    stored = session.get(AidPayment, payment_id)
    if stored is None or stored.date.year != year or charge_of_program(stored.program)[0] != category:
        return 0
    if stored.funding_source in NOT_UNION_MONEY:
        return 0
    return stored.amount_fen + stored.goods_value_fen


class RunningCheck:
    """Payments checked one at a time as a list is written (an imported disbursement list): each
    (program, year)'s totals are read once, for everybody, then kept up to date row by row, so a
    person's two rows in one file add up and 10,000 rows cost a handful of queries."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.rules = rules_in(session, enabled_only=True)
        self._received: dict[tuple[int, str, int], Received] = {}
        self._loaded: set[tuple[str, int]] = set()
        self._files: dict[int, list[tuple[date, date | None]]] | None = None

    def __call__(self, payment: Payment) -> list[Breach]:
        """The breaches of `payment` given everything before it; it then counts for the next."""
        rules = applicable(self.rules, payment.program)
        if not rules:
            return []
        group = (payment.program, payment.date.year)
        if group not in self._loaded:
            self._received.update(received_in(self.session, *group))
            self._loaded.add(group)
        if any(r.kind == SpendingRuleKind.NEEDS_HARDSHIP_FILE for r in rules) and not payment.has_open_file:
            if self._files is None:
                self._files = _open_files(self.session, None)
            payment = replace(payment, has_open_file=_is_open(self._files, payment.member_id, payment.date))
        before = self._received.get(payment.key, Received())
        found = check(rules, [payment], {payment.key: before})
        if found and not payment.name:
            name = self.session.scalar(select(Member.name).where(Member.id == payment.member_id)) or ""
            found = check(rules, [replace(payment, name=name)], {payment.key: before})
        self._received[payment.key] = before.plus(payment)
        return found
