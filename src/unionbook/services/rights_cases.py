"""The rights register (维权): 法律咨询, 劳动争议调解, 法律援助, 职工诉求/办实事, case by case.

A case is 办理中 until it has a 办结日期 and a result. The person who asked is optional and private
by default: `CaseRow.shown_name` gives "王*" unless the case is marked 可公开 or the chair chose to
show names (the page's 显示姓名, `export … --show-id`) — a chair's ledger is seen over a shoulder.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from unionbook.db.models import Member, RightsCase
from unionbook.domain.errors import NotFoundError, ValidationError
from unionbook.domain.union_work import mask_name
from unionbook.domain.vocab import CaseKind, CaseOutcome, labels
from unionbook.services.records import RecordStore, check_choice, require, stripped

#: Results that only a mediation has (a warning on other kinds: a legal-aid case may end in one).
MEDIATION_RESULTS = (CaseOutcome.MEDIATED.value, CaseOutcome.MEDIATION_FAILED.value)


@dataclass(frozen=True)
class CaseInput:
    kind: str
    opened_on: date
    request: str
    person_name: str = ""
    member_id: int | None = None
    closed_on: date | None = None
    outcome: str = CaseOutcome.OPEN.value
    handling: str = ""
    private: bool = True

    @property
    def is_open(self) -> bool:
        return self.outcome == CaseOutcome.OPEN


@dataclass(frozen=True)
class CaseRow:
    id: int
    data: CaseInput

    def shown_name(self, show: bool = False) -> str:
        """The person as a list or print shows them: masked ("王*") while the case is private."""
        name = self.data.person_name
        return name if show or not self.data.private else mask_name(name)


@dataclass(frozen=True)
class CaseFilter:
    kind: str | None = None
    outcome: str | None = None
    year: int | None = None  # opened (受理) in that year
    text: str = ""


def validate_case(session: Session, data: CaseInput) -> tuple[CaseInput, list[str]]:
    data = replace(data, **stripped(data, "request", "person_name", "handling"))
    check_choice(data.kind, labels(CaseKind), "类别")
    require(data.request, "事项")
    require(data.opened_on, "受理日期")
    check_choice(data.outcome, labels(CaseOutcome), "结果")
    if data.member_id is not None:
        member = session.get(Member, data.member_id)
        if member is None:
            raise NotFoundError(what="职工", key=str(data.member_id))
        data = replace(data, person_name=data.person_name or member.name)
    if data.closed_on is not None and data.closed_on < data.opened_on:
        raise ValidationError(field="办结日期", detail=f"早于受理日期 {data.opened_on}")
    if data.is_open and data.closed_on is not None:
        raise ValidationError(field="结果", detail="已填写办结日期，请选择办理结果（调解成功、已解决、转交……）")
    if not data.is_open and data.closed_on is None:
        raise ValidationError(field="办结日期", detail=f"结果为“{data.outcome}”，请填写办结日期")
    warnings = []
    if data.outcome in MEDIATION_RESULTS and data.kind != CaseKind.MEDIATION:
        warnings.append(f"“{data.outcome}”通常用于劳动争议调解，这件是{data.kind}，请核对")
    return data, warnings


STORE: RecordStore[CaseInput] = RecordStore(RightsCase, CaseInput, "维权案件", validate_case)


def list_cases(factory: sessionmaker[Session], flt: CaseFilter = CaseFilter()) -> list[CaseRow]:
    """Matching cases: those still open first (oldest first: they wait longest), then the newest."""
    query = select(RightsCase)
    if flt.kind:
        query = query.where(RightsCase.kind == flt.kind)
    if flt.outcome:
        query = query.where(RightsCase.outcome == flt.outcome)
    if flt.year:
        query = query.where(RightsCase.opened_on.between(date(flt.year, 1, 1), date(flt.year, 12, 31)))
    if flt.text.strip():
        like = f"%{flt.text.strip()}%"
        query = query.where(RightsCase.request.like(like) | RightsCase.handling.like(like))
    with factory() as session:
        rows = [CaseRow(c.id, STORE.to_input(c)) for c in session.scalars(query)]
    return sorted(rows, key=lambda r: (not r.data.is_open, (1 if r.data.is_open else -1) * r.data.opened_on.toordinal(), -r.id))


def get_case(factory: sessionmaker[Session], case_id: int) -> CaseRow:
    with factory() as session:
        return CaseRow(case_id, STORE.to_input(STORE.get(session, case_id)))


#: Save (validated, audited; a new record when no id is given) and delete, as the dialogs and scripts call them.
save_case = STORE.save
delete_case = STORE.delete
