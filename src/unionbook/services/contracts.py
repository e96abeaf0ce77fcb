"""The collective contract register (集体合同): listing with derived status, editing, renewal.

A contract register is small (tens of rows), so listing loads every contract and derives status in
Python from domain/contracts.py; figures about contracts live only in the figures registry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from unionbook.db.models import CollectiveContract
from unionbook.domain.contracts import (
    EXPIRY_WARNING_DAYS,
    ChecklistItem,
    ContractStatus,
    check_contract,
    contract_status,
    process_checklist,
)
from unionbook.domain.errors import NotFoundError, ValidationError
from unionbook.domain.vocab import ContractType
from unionbook.services.persist import SaveResult, copy_fields, get_or_raise, load_or_add


@dataclass(frozen=True)
class ContractInput:
    """What the dialog, the import or a script gives. 工资增长幅度 is a percentage (5.5 = 5.5%)."""

    kind: str
    title: str
    employer: str = ""
    negotiated_on: date | None = None
    congress_approved_on: date | None = None
    signed_on: date | None = None
    filed_on: date | None = None
    published_on: date | None = None
    effective_from: date | None = None
    effective_to: date | None = None
    terminated_on: date | None = None
    covered_enterprises: int = 1
    covered_employees: int | None = None
    covered_female: int | None = None
    wage_increase_pct: float | None = None
    renews_id: int | None = None
    notes: str = ""


@dataclass(frozen=True)
class ContractRow:
    id: int
    data: ContractInput
    status: ContractStatus
    renews_title: str | None
    renewed_by_id: int | None
    checklist: list[ChecklistItem]
    today: date  # the day the status was worked out for

    @property
    def days_to_expiry(self) -> int | None:
        end = self.data.effective_to
        return None if end is None else (end - self.today).days

    @property
    def needs_attention(self) -> bool:
        return self.status in (ContractStatus.EXPIRING, ContractStatus.EXPIRED)


@dataclass(frozen=True)
class ContractFilter:
    kind: str | None = None
    status: str | None = None
    year: int | None = None  # contracts in force at some time during that year


_COLUMNS = [f.name for f in fields(ContractInput) if f.name != "wage_increase_pct"]


def to_input(c: CollectiveContract) -> ContractInput:
    values = {name: getattr(c, name) for name in _COLUMNS}
    values["employer"] = values["employer"] or ""
    values["notes"] = values["notes"] or ""
    pct = None if c.wage_increase_bp is None else c.wage_increase_bp / 100
    return ContractInput(**values, wage_increase_pct=pct)


def _overlaps_year(data: ContractInput, year: int) -> bool:
    start = data.effective_from or data.signed_on
    end = data.terminated_on or data.effective_to
    return (start is None or start <= date(year, 12, 31)) and (end is None or end >= date(year, 1, 1))


def _display_order(row: ContractRow) -> tuple[int, int]:
    """Expiring soon first (soonest end first), then expired without renewal (latest first), then
    the rest, newest signed first."""
    end = (row.data.effective_to or date.max).toordinal()
    if row.status == ContractStatus.EXPIRING:
        return (0, end)
    if row.status == ContractStatus.EXPIRED:
        return (1, -end)
    return (2, -(row.data.signed_on or row.data.effective_from or date.min).toordinal())


def list_contracts(
    factory: sessionmaker[Session], flt: ContractFilter = ContractFilter(), today: date | None = None
) -> list[ContractRow]:
    """Every contract matching the filter; those that expire within 90 days (or have expired
    without renewal) first, then the newest signed."""
    today = today or date.today()
    with factory() as session:
        contracts = list(session.scalars(select(CollectiveContract)))
    by_id = {c.id: c for c in contracts}
    renewed_by = {c.renews_id: c.id for c in contracts if c.renews_id is not None}
    rows = []
    for c in contracts:
        data = to_input(c)
        status = contract_status(c.effective_from, c.effective_to, c.terminated_on, c.id in renewed_by, today)
        rows.append(
            ContractRow(
                id=c.id,
                data=data,
                status=status,
                renews_title=by_id[c.renews_id].title if c.renews_id in by_id else None,
                renewed_by_id=renewed_by.get(c.id),
                checklist=process_checklist(c.signed_on, c.congress_approved_on, c.filed_on, c.published_on),
                today=today,
            )
        )
    rows = [
        r
        for r in rows
        if (flt.kind is None or r.data.kind == flt.kind)
        and (flt.status is None or r.status == flt.status)
        and (flt.year is None or _overlaps_year(r.data, flt.year))
    ]
    rows.sort(key=_display_order)
    return rows


def expiring(factory: sessionmaker[Session], today: date | None = None) -> list[ContractRow]:
    """Contracts in force that end within 90 days and have not been renewed."""
    return [r for r in list_contracts(factory, today=today) if r.status == ContractStatus.EXPIRING]


def needing_attention(factory: sessionmaker[Session], today: date | None = None) -> list[ContractRow]:
    """The reminder list: contracts about to expire, and those that expired without a renewal
    (a lapsed contract needs the chair as much as one about to lapse)."""
    due = (ContractStatus.EXPIRING, ContractStatus.EXPIRED)
    return [r for r in list_contracts(factory, today=today) if r.status in due]


def reminder_text(rows: list[ContractRow], today: date | None = None) -> str | None:
    """One sentence for the status bar and the start-up reminder, or None when nothing is due."""
    today = today or date.today()
    soon = sorted((r for r in rows if r.status == ContractStatus.EXPIRING), key=lambda r: r.data.effective_to or date.max)
    lapsed = sorted((r for r in rows if r.status == ContractStatus.EXPIRED), key=lambda r: r.data.effective_to or date.min)
    parts = []
    if soon:
        first = soon[0]
        days = (first.data.effective_to - today).days if first.data.effective_to else 0
        more = f"等 {len(soon)} 份合同" if len(soon) > 1 else ""
        parts.append(f"《{first.data.title}》{more}将在 {days} 天内（{first.data.effective_to}）到期，请及时协商续签")
    if lapsed:
        latest = lapsed[-1]
        more = f"等 {len(lapsed)} 份合同" if len(lapsed) > 1 else ""
        parts.append(f"《{latest.data.title}》{more}已到期未续签，请续签或登记终止")
    if not parts:
        return None
    return "提醒：" + "；".join(parts) + f"（{EXPIRY_WARNING_DAYS} 天内到期和已到期的合同排在集体合同页最前）。"


def get_contract(factory: sessionmaker[Session], contract_id: int) -> ContractRow:
    for row in list_contracts(factory):
        if row.id == contract_id:
            return row
    raise NotFoundError(what="集体合同", key=str(contract_id))


def validate_contract(session: Session, data: ContractInput, contract_id: int | None) -> tuple[ContractInput, list[str]]:
    """Clean and check one contract; ValidationError names the field."""
    data = replace(data, title=data.title.strip(), employer=data.employer.strip(), notes=data.notes.strip())
    if not data.title:
        raise ValidationError(field="合同名称", detail="不能为空")
    if data.kind not in list(ContractType):
        raise ValidationError(field="合同类型", detail=f"“{data.kind}”不是可选的类型")
    for name, label in (("covered_enterprises", "覆盖企业数"), ("covered_employees", "覆盖职工数"), ("covered_female", "覆盖女职工数")):
        value = getattr(data, name)
        if value is not None and value < 0:
            raise ValidationError(field=label, detail="不能为负数")
    if data.wage_increase_pct is not None and not -100 < data.wage_increase_pct < 1000:
        raise ValidationError(field="工资增长幅度", detail="应为百分数，例如 5.5 表示 5.5%")
    renews_signed = None
    if data.renews_id is not None:
        if data.renews_id == contract_id:
            raise ValidationError(field="续签自", detail="合同不能续签自己")
        renewed = session.get(CollectiveContract, data.renews_id)
        if renewed is None:
            raise ValidationError(field="续签自", detail="找不到被续签的合同")
        other = session.scalar(
            select(CollectiveContract.title).where(
                CollectiveContract.renews_id == data.renews_id, CollectiveContract.id != (contract_id or -1)
            )
        )
        if other is not None:
            raise ValidationError(field="续签自", detail=f"《{renewed.title}》已由《{other}》续签")
        renews_signed = renewed.signed_on
    errors, warnings = check_contract(
        effective_from=data.effective_from,
        effective_to=data.effective_to,
        terminated_on=data.terminated_on,
        covered_employees=data.covered_employees,
        covered_female=data.covered_female,
        renews_signed_on=renews_signed,
    )
    if errors:
        field, detail = errors[0]
        raise ValidationError(field=field, detail=detail)
    filing = process_checklist(data.signed_on, data.congress_approved_on, data.filed_on, data.published_on)[1]
    if data.signed_on is not None and not filing.done:
        warnings.append(f"报送审查备案：{filing.note}")
    return data, warnings


def save_contract(factory: sessionmaker[Session], data: ContractInput, contract_id: int | None = None) -> SaveResult:
    """Create (contract_id None) or update a contract in its own audited transaction."""
    with factory.begin() as session:
        return save_in_session(session, data, contract_id)


def save_in_session(session: Session, data: ContractInput, contract_id: int | None = None) -> SaveResult:
    """The same inside a caller's transaction (an import writes many contracts in one)."""
    data, warnings = validate_contract(session, data, contract_id)
    contract = load_or_add(session, CollectiveContract, contract_id, "集体合同")
    copy_fields(contract, data, _COLUMNS)
    contract.covered_enterprises = data.covered_enterprises if data.covered_enterprises is not None else 1
    contract.wage_increase_bp = None if data.wage_increase_pct is None else round(data.wage_increase_pct * 100)
    session.flush()
    return SaveResult(contract.id, warnings)


def delete_contract(factory: sessionmaker[Session], contract_id: int) -> None:
    """Delete a contract; a renewal that pointed at it keeps existing (its link is cleared)."""
    with factory.begin() as session:
        contract = get_or_raise(session, CollectiveContract, contract_id, "集体合同")
        for renewal in session.scalars(select(CollectiveContract).where(CollectiveContract.renews_id == contract_id)):
            renewal.renews_id = None
        session.delete(contract)


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def renewal_draft(factory: sessionmaker[Session], contract_id: int) -> ContractInput:
    """续签: a new contract prefilled from the old one, starting the day after it ends, for the
    same number of whole years, linked as its renewal. Process dates are left empty: they happen
    anew. Years in the title move with the dates ("（2024—2026年度）" → "（2027—2029年度）")."""
    old = get_contract(factory, contract_id).data
    start = (old.effective_to + timedelta(days=1)) if old.effective_to else None
    end = None
    years = 0
    if start and old.effective_from and old.effective_to:
        years = max(1, round((old.effective_to - old.effective_from).days / 365.25))
        end = _add_years(start, years) - timedelta(days=1)
    title = old.title
    if years:
        # Every year in the title moves by the same amount, in one pass (never twice).
        title = re.sub(r"(19|20)\d{2}", lambda m: str(int(m.group()) + years), title)
    if title == old.title:
        title = f"{old.title}（续签）"
    return replace(
        old,
        title=title,
        negotiated_on=None,
        congress_approved_on=None,
        signed_on=None,
        filed_on=None,
        published_on=None,
        effective_from=start,
        effective_to=end,
        terminated_on=None,
        renews_id=contract_id,
        notes="",
    )
