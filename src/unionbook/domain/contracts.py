"""Collective contract rules that need no database: status from dates, validation, and the legal
process checklist (职代会 vote, filing with 人社 within 10 days of signing, publication to staff)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

EXPIRY_WARNING_DAYS = 90
FILING_DEADLINE_DAYS = 10  # 《集体合同规定》: 报送劳动保障行政部门审查 within 10 days of signing
LONGEST_TERM_YEARS = 3


class ContractStatus(StrEnum):
    NOT_YET = "未生效"
    IN_FORCE = "有效"
    EXPIRING = "即将到期"
    EXPIRED = "已到期"
    RENEWED = "已续签"
    TERMINATED = "已终止"


def contract_status(
    effective_from: date | None,
    effective_to: date | None,
    terminated_on: date | None,
    renewed: bool,
    today: date,
) -> ContractStatus:
    """The status a chair sees today. Order matters: a terminated contract stays 已终止 even if a
    new one followed; a renewed one no longer needs attention, whatever its dates."""
    if terminated_on is not None and terminated_on <= today:
        return ContractStatus.TERMINATED
    if renewed:
        return ContractStatus.RENEWED
    if effective_from is not None and effective_from > today:
        return ContractStatus.NOT_YET
    if effective_to is not None and effective_to < today:
        return ContractStatus.EXPIRED
    if effective_to is not None and (effective_to - today).days <= EXPIRY_WARNING_DAYS:
        return ContractStatus.EXPIRING
    return ContractStatus.IN_FORCE


@dataclass(frozen=True)
class ChecklistItem:
    label: str
    done: bool
    note: str  # the date, or what is missing / late


def process_checklist(
    signed_on: date | None,
    congress_approved_on: date | None,
    filed_on: date | None,
    published_on: date | None,
) -> list[ChecklistItem]:
    """The steps the law sets for a collective contract, with what is missing or late."""
    items = [
        ChecklistItem(
            "职代会（或全体职工）审议通过",
            congress_approved_on is not None,
            congress_approved_on.isoformat() if congress_approved_on else "未记录审议通过日期",
        )
    ]
    if filed_on is None:
        note = "未记录报送日期"
        if signed_on is not None:
            note += f"，应在 {(signed_on + timedelta(days=FILING_DEADLINE_DAYS)).isoformat()} 前报送"
        items.append(ChecklistItem(f"签订后{FILING_DEADLINE_DAYS}日内报送人社部门审查备案", False, note))
    else:
        late = signed_on is not None and (filed_on - signed_on).days > FILING_DEADLINE_DAYS
        note = filed_on.isoformat()
        if late and signed_on is not None:
            note += f"（签订后第{(filed_on - signed_on).days}天报送，超过{FILING_DEADLINE_DAYS}日）"
        items.append(ChecklistItem(f"签订后{FILING_DEADLINE_DAYS}日内报送人社部门审查备案", not late, note))
    items.append(
        ChecklistItem(
            "向全体职工公布",
            published_on is not None,
            published_on.isoformat() if published_on else "未记录公布日期",
        )
    )
    return items


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def check_contract(
    *,
    effective_from: date | None,
    effective_to: date | None,
    terminated_on: date | None,
    covered_employees: int | None,
    covered_female: int | None,
    renews_signed_on: date | None = None,
) -> tuple[list[tuple[str, str]], list[str]]:
    """(errors as (field, reason), warnings) for a contract's dates and numbers."""
    errors: list[tuple[str, str]] = []
    warnings: list[str] = []
    if effective_from and effective_to:
        if effective_to <= effective_from:
            errors.append(("终止日期", f"应晚于生效日期 {effective_from.isoformat()}"))
        elif effective_to >= _add_years(effective_from, LONGEST_TERM_YEARS):  # 3 years end the day before
            warnings.append(f"合同期限超过{LONGEST_TERM_YEARS}年（集体合同期限一般为1至3年），请核对")
    if terminated_on and effective_from and terminated_on < effective_from:
        errors.append(("提前终止日期", "早于生效日期"))
    if covered_employees is not None and covered_female is not None and covered_female > covered_employees:
        errors.append(("覆盖女职工数", f"不能多于覆盖职工数 {covered_employees}"))
    if renews_signed_on is not None and effective_from is not None and effective_from <= renews_signed_on:
        errors.append(("生效日期", f"续签合同应在原合同签订（{renews_signed_on.isoformat()}）之后生效"))
    return errors, warnings
