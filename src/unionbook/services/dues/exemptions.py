"""免缴会费 by decision: a member excused from dues for some months (a long sick leave, a hardship
the committee decided on), with the reason the ledger then shows.

保留会籍 needs no exemption: it follows from the membership events (the ledger writes 保留会籍 by
itself). An exemption covers whole months, from_month to to_month (open-ended when empty).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from unionbook.db.models import DuesExemption, Member
from unionbook.domain.dues import month_label, month_start
from unionbook.domain.errors import ValidationError
from unionbook.services.dues.generate import delete_applying, save_applying
from unionbook.services.records import RecordStore, SaveResult, require, stripped


@dataclass(frozen=True)
class ExemptionInput:
    member_id: int
    from_month: date
    to_month: date | None = None
    reason: str = ""
    notes: str = ""


@dataclass(frozen=True)
class ExemptionRow:
    id: int
    data: ExemptionInput
    member_name: str
    department: str

    def period(self) -> str:
        end = month_label(self.data.to_month) if self.data.to_month else "至今"
        return f"{month_label(self.data.from_month)} 至 {end}" if self.data.to_month else f"{month_label(self.data.from_month)} 起"


def validate_exemption(session: Session, data: ExemptionInput) -> tuple[ExemptionInput, list[str]]:
    data = replace(data, **stripped(data, "reason", "notes"))
    if not data.member_id or session.get(Member, data.member_id) is None:
        raise ValidationError(field="职工", detail="请选择职工")
    if not isinstance(data.from_month, date):
        raise ValidationError(field="起始月份", detail="请填写起始月份")
    data = replace(data, from_month=month_start(data.from_month),
                   to_month=month_start(data.to_month) if data.to_month else None)  # fmt: skip
    if data.to_month is not None and data.to_month < data.from_month:
        raise ValidationError(field="截止月份", detail="早于起始月份")
    require(data.reason, "免缴原因", "请写明免缴原因（如：经工会委员会研究同意，病休期间免缴）")
    return data, []


def _unique(session: Session, data: ExemptionInput, exemption_id: int | None) -> None:
    """Two exemptions of one member may not cover the same month (which reason would the ledger show?)."""
    others = session.scalars(select(DuesExemption).where(
        DuesExemption.member_id == data.member_id, DuesExemption.id != (exemption_id or 0)))  # fmt: skip
    for other in others:
        ends_after = data.to_month is None or data.to_month >= other.from_month
        starts_before = other.to_month is None or data.from_month <= other.to_month
        if ends_after and starts_before:
            raise ValidationError(field="起始月份", detail=f"与此人已有的免缴登记（{month_label(other.from_month)} 起，{other.reason}）重叠")


STORE: RecordStore[ExemptionInput] = RecordStore(DuesExemption, ExemptionInput, "免缴登记", validate_exemption, unique=_unique)

save_exemption = STORE.save
delete_exemption = STORE.delete



def save_and_apply(factory: sessionmaker[Session], data: ExemptionInput, exemption_id: int | None = None) -> tuple[SaveResult, int]:
    """Save, then recompute the member's unpaid months already generated that it reaches."""
    return save_applying(factory, STORE, data, exemption_id, "from_month")


def delete_and_apply(factory: sessionmaker[Session], exemption_id: int) -> int:
    return delete_applying(factory, STORE, exemption_id, "from_month")


def list_exemptions(factory: sessionmaker[Session], member_id: int | None = None) -> list[ExemptionRow]:
    """Exemptions, newest first."""
    query = select(DuesExemption, Member.name, Member.department).join(Member, Member.id == DuesExemption.member_id)
    if member_id is not None:
        query = query.where(DuesExemption.member_id == member_id)
    query = query.order_by(DuesExemption.from_month.desc(), Member.name_pinyin, DuesExemption.id)
    with factory() as session:
        return [ExemptionRow(e.id, STORE.to_input(e), name, department or "") for e, name, department in session.execute(query)]
