"""Finding registered people for the names on a list (attendance, disbursements).

A list never creates members: a person who cannot be matched is a rejected row with the reason.
Names are compared without the spaces rosters pad them with ("王  芳", "萧　红"), on both sides: the
list's and the register's (a roster imported before names were cleaned may still hold "王 芳").
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from unionbook.db.models import Member
from unionbook.domain.cells import clean_id_number, clean_name
from unionbook.domain.idnumber import mask_id_number
from unionbook.services.importing.engine import ParsedRow, Problem, RowContext


class MemberMatcher:
    """Finds registered people for names on a list: ID number first, else a name that is unique
    (or unique within the department given, or among those whose ID matches a masked number such
    as 440106********001X from our own exports). Shared by every list that names members."""

    def __init__(self, session: Session) -> None:
        self.by_id: dict[str, int] = {}
        self.by_name: dict[str, list[tuple[int, str | None, str]]] = {}
        for member_id, name, number, department in session.execute(
            select(Member.id, Member.name, Member.id_number, Member.department)
        ):
            if number:
                self.by_id[number] = member_id
            self.by_name.setdefault(clean_name(name), []).append((member_id, department, number or ""))

    def match(self, name: str | None, id_number: str | None, department: str | None) -> tuple[int | None, str]:
        """(member id, "") or (None, why not)."""
        masked = id_number if id_number and "*" in id_number else None
        if id_number and not masked:
            found = self.by_id.get(id_number)
            if found:
                return found, ""
            return None, f"证件号码 {mask_id_number(id_number)} 没有登记（请先在会员名册中登记此人）"
        name = clean_name(name)
        candidates = self.by_name.get(name, [])
        if department and candidates:
            in_department = [c for c in candidates if c[1] == department]
            if not in_department:
                # Never guess across departments: the list may mean somebody not yet registered.
                where = "、".join(sorted({c[1] or "未填部门" for c in candidates}))
                return None, f"名册中的“{name}”在{where}，不在{department}；请核对部门或填写身份证号码"
            candidates = in_department
        if masked and len(candidates) > 1:
            head, tail = masked.split("*", 1)[0], masked.rsplit("*", 1)[-1]
            candidates = [c for c in candidates if c[2].startswith(head) and c[2].endswith(tail)] or candidates
        if len(candidates) == 1:
            return candidates[0][0], ""
        if not candidates:
            return None, f"名册中没有“{name}”（请先在会员名册中登记此人）"
        return None, f"名册中有 {len(candidates)} 个“{name}”，请填写身份证号码或部门以区分"


def match_person(row: ParsedRow, ctx: RowContext, matcher: MemberMatcher) -> list[Problem]:
    """The registered person a list's row names (its name, id_number and department values), put
    in `values["member_id"]`; or the rejection saying why nobody could be matched."""
    values = row.values
    if not values.get("name") and not values.get("id_number"):
        return [Problem(row.row, ctx.header_for("name"), "缺少姓名")]
    number = clean_id_number(values["id_number"]) if values.get("id_number") is not None else None
    member_id, why = matcher.match(values.get("name"), number or None, values.get("department"))
    if member_id is None:
        return [Problem(row.row, ctx.header_for("name"), why)]
    values["member_id"] = member_id
    return []
