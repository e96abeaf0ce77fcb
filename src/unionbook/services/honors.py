"""The honors register (荣誉与创建): titles to members and to collectives, with level and date.

What it answers: who holds which title (a member's dialog lists theirs), how many honors the union
and its people won in a year (the summary's 建功立业 paragraph), and whether a member is a 劳动模范 —
that is what makes them eligible for 困难劳模帮扶 (the aid payment dialog says so).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from unionbook.db.models import Honor, Member
from unionbook.domain.errors import NotFoundError, ValidationError
from unionbook.domain.vocab import HonorKind, HonorLevel, Recipient, labels
from unionbook.services.records import RecordStore, check_choice, not_after_today, require, stripped


@dataclass(frozen=True)
class HonorInput:
    """What the dialog, the import or a script gives. A person's honor names `member_id`; a
    collective's names the collective in words (`collective`; may be empty for 本工会)."""

    kind: str
    title: str
    level: str
    awarded_on: date
    recipient: str = Recipient.PERSON.value
    member_id: int | None = None
    collective: str = ""
    issuer: str = ""
    notes: str = ""

    @property
    def personal(self) -> bool:
        return self.recipient == Recipient.PERSON


@dataclass(frozen=True)
class HonorRow:
    id: int
    data: HonorInput
    member_name: str  # "" for a collective's honor
    department: str

    @property
    def holder(self) -> str:
        """Who holds it, as a list shows it: the person, or the collective (本工会 by name)."""
        if self.data.personal:
            return self.member_name
        return self.data.collective or self.data.recipient


@dataclass(frozen=True)
class HonorFilter:
    kind: str | None = None
    level: str | None = None
    year: int | None = None
    recipient: str | None = None  # 个人, or "集体" for every collective
    member_id: int | None = None
    text: str = ""


COLLECTIVE = "集体"


def validate_honor(session: Session, data: HonorInput) -> tuple[HonorInput, list[str]]:
    """Clean and check one honor; ValidationError names the field."""
    data = replace(data, **stripped(data, "title", "collective", "issuer", "notes"))
    require(data.title, "荣誉称号")
    check_choice(data.kind, labels(HonorKind), "类别")
    check_choice(data.level, labels(HonorLevel), "级别")
    check_choice(data.recipient, labels(Recipient), "授予对象")
    require(data.awarded_on, "授予日期")
    kind = HonorKind(data.kind)
    if data.personal:
        if data.member_id is None or session.get(Member, data.member_id) is None:
            raise ValidationError(field="获奖职工", detail="请选择获奖的职工（个人荣誉须是名册中的人）")
        data = replace(data, collective="")
        if kind in HonorKind.collective():
            raise ValidationError(field="类别", detail=f"“{kind}”授予集体，请把授予对象改为班组、部门或本工会")
    else:
        data = replace(data, member_id=None)
        if kind in HonorKind.personal():
            raise ValidationError(field="类别", detail=f"“{kind}”是个人荣誉，请把授予对象改为个人并选择职工")
        if data.recipient != Recipient.UNION:
            require(data.collective, "获奖集体", f"请填写获奖的{data.recipient}名称")
    return data, not_after_today(data.awarded_on, "授予日期")


STORE: RecordStore[HonorInput] = RecordStore(Honor, HonorInput, "荣誉", validate_honor)


def list_honors(factory: sessionmaker[Session], flt: HonorFilter = HonorFilter()) -> list[HonorRow]:
    """Matching honors, newest first, with the holder's name and department."""
    query = select(Honor, Member.name, Member.department).outerjoin(Member, Member.id == Honor.member_id)
    if flt.kind:
        query = query.where(Honor.kind == flt.kind)
    if flt.level:
        query = query.where(Honor.level == flt.level)
    if flt.year:
        query = query.where(Honor.awarded_on.between(date(flt.year, 1, 1), date(flt.year, 12, 31)))
    if flt.recipient == COLLECTIVE:
        query = query.where(Honor.recipient != Recipient.PERSON.value)
    elif flt.recipient:
        query = query.where(Honor.recipient == flt.recipient)
    if flt.member_id is not None:
        query = query.where(Honor.member_id == flt.member_id)
    if flt.text.strip():
        like = f"%{flt.text.strip()}%"
        query = query.where(Honor.title.like(like) | Member.name.like(like) | Honor.collective.like(like))
    query = query.order_by(Honor.awarded_on.desc(), Honor.id.desc())
    with factory() as session:
        return [HonorRow(h.id, STORE.to_input(h), name or "", department or "") for h, name, department in session.execute(query)]


def get_honor(factory: sessionmaker[Session], honor_id: int) -> HonorRow:
    rows = [r for r in list_honors(factory) if r.id == honor_id]
    if not rows:
        raise NotFoundError(what="荣誉", key=str(honor_id))
    return rows[0]


def honors_of_member(factory: sessionmaker[Session], member_id: int) -> list[HonorRow]:
    """A member's honors, newest first (the member's dialog)."""
    return list_honors(factory, HonorFilter(member_id=member_id))


def model_worker_title(factory: sessionmaker[Session], member_id: int, on: date | None = None) -> HonorRow | None:
    """The member's 劳动模范 title held on `on` (today), the highest level first: what makes them
    eligible for 困难劳模帮扶. None when they hold none."""
    on = on or date.today()
    titles = [r for r in honors_of_member(factory, member_id)
              if r.data.kind == HonorKind.MODEL_WORKER and r.data.awarded_on <= on]  # fmt: skip
    order = labels(HonorLevel)
    return min(titles, key=lambda r: (order.index(r.data.level), -r.data.awarded_on.toordinal()), default=None)


#: Save (validated, audited; a new record when no id is given) and delete, as the dialogs and scripts call them.
save_honor = STORE.save
delete_honor = STORE.delete
