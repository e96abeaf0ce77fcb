"""A person registered as 会员 needs an 入会日期, or 日期不详 chosen on purpose (issue 11): an undated
入会 counts as the earliest event, so a date left out by accident hides a 新入会. Imports keep
accepting members without a date, with a warning per person whose cell is empty."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from unionbook.db.models import MembershipEvent
from unionbook.domain.errors import ValidationError
from unionbook.services import members
from unionbook.services.database import Database
from unionbook.services.importing.members import import_members, plan_members
from unionbook.services.members import MemberInput


def _join_events(db: Database, member_id: int) -> list[tuple[str, date | None]]:
    with db.session_factory() as session:
        rows = session.execute(
            select(MembershipEvent.kind, MembershipEvent.date).where(MembershipEvent.member_id == member_id)
        )
        return [tuple(r) for r in rows]


def test_a_new_member_without_a_join_date_is_refused_on_the_join_date_field(db: Database) -> None:
    with pytest.raises(ValidationError) as caught:
        members.save_member(db.session_factory, MemberInput(name="新来的"))
    assert caught.value.params["field"] == "入会日期"
    assert caught.value.message() == "入会日期：请填写入会日期；确实不知道的，请勾选“日期不详”"
    assert members.status_counts(db.session_factory).total == 0  # nothing half-saved


def test_a_join_date_or_an_explicit_unknown_is_accepted(db: Database) -> None:
    f = db.session_factory
    dated = members.save_member(f, MemberInput(name="甲", join_date=date(2024, 3, 8))).id
    unknown = members.save_member(f, MemberInput(name="乙", join_date_unknown=True)).id
    employee = members.save_member(f, MemberInput(name="丙", is_member=False)).id
    assert _join_events(db, dated) == [("入会", date(2024, 3, 8))]
    assert _join_events(db, unknown) == [("入会", None)]
    assert _join_events(db, employee) == []


def test_editing_a_member_does_not_ask_for_the_join_date_again(db: Database) -> None:
    f = db.session_factory
    person = members.save_member(f, MemberInput(name="乙", join_date_unknown=True)).id
    detail = members.get_member(f, person)
    members.save_member(f, MemberInput(name="乙", department="一车间"), person)  # no date, no choice: an edit
    assert members.get_member(f, person).data.department == "一车间" and detail.membership == "会员"


def test_import_accepts_a_member_without_a_join_date_with_a_warning(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "花名册.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "花名册"
    for row in (["姓名", "部门", "入会日期", "是否会员"], ["甲", "一车间", "2020-05-01", "是"], ["乙", "一车间", None, "是"],
                ["丙", "二车间", None, "否"]):  # fmt: skip
        sheet.append(row)
    workbook.save(path)
    plan = plan_members(path)
    assert plan.rejected == []
    assert [(w.row, w.column, w.message) for w in plan.warnings] == [(3, "入会日期", "入会日期为空，按“日期不详”登记入会")]
    assert import_members(db.session_factory, plan).new == 3
