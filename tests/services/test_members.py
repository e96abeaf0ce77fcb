"""The member register's service: search, filters, pinyin order, validation, histories."""

from __future__ import annotations

from datetime import date

import pytest

from unionbook.domain.errors import ValidationError
from unionbook.domain.idnumber import check_digit
from unionbook.services import members
from unionbook.services.database import Database
from unionbook.services.members import MemberFilter, MemberInput, SortKey


def rid(prefix17: str) -> str:
    return prefix17 + check_digit(prefix17)


@pytest.fixture
def three(db: Database) -> dict[str, int]:
    f = db.session_factory
    people = {
        "张三": MemberInput(name="张三", id_number=rid("44010619850312001"), phone="13812345678", department="一车间", join_date_unknown=True),
        "阿里": MemberInput(name="阿里", department="财务部", join_date=date(2020, 1, 1)),
        "赵六": MemberInput(name="赵六", department="一车间", is_member=False),
    }
    return {name: members.save_member(f, data).id for name, data in people.items()}


def names(db: Database, flt: MemberFilter = MemberFilter(), sort: SortKey = SortKey.NAME, desc: bool = False) -> list[str]:
    ids = members.query_member_ids(db.session_factory, flt, sort, desc)
    return [row.name for row in members.fetch_rows(db.session_factory, ids)]


def test_names_sort_in_pinyin_order(db: Database, three: dict[str, int]) -> None:
    assert names(db) == ["阿里", "张三", "赵六"]  # a, zhang, zhao
    assert names(db, desc=True) == ["赵六", "张三", "阿里"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("zs", ["张三"]), ("zhang", ["张三"]), ("张", ["张三"]), ("001" + rid("44010619850312001")[-1], ["张三"]),
     ("5678", ["张三"]), ("一车间", ["张三", "赵六"]), ("财务", ["阿里"]), ("nobody", [])],
)  # fmt: skip
def test_search_matches_name_pinyin_id_tail_phone_and_department(
    db: Database, three: dict[str, int], text: str, expected: list[str]
) -> None:
    assert names(db, MemberFilter(text=text)) == expected


def test_a_search_shows_its_first_rows_and_counts_the_rest(db: Database, three: dict[str, int]) -> None:
    """The sign-in dialog's search: the first rows in pinyin order and how many matched in all,
    also when a match is found by two columns at once (name and department)."""
    f = db.session_factory
    members.save_member(f, MemberInput(name="车间主任", department="一车间", join_date=date(2021, 3, 1)))
    assert [r.name for r in members.fetch_rows(f, members.query_member_ids(f, MemberFilter(text="车间"), limit=2))] == [
        "车间主任", "张三"]  # che, zhang (赵六 is third)  # fmt: skip
    assert members.count_members(f, MemberFilter(text="车间")) == 3
    assert members.count_members(f, MemberFilter(text="车间", membership="非会员")) == 1
    assert members.count_members(f) == 4


def test_filters_and_counts(db: Database, three: dict[str, int]) -> None:
    assert names(db, MemberFilter(membership="非会员")) == ["赵六"]
    assert names(db, MemberFilter(membership="会员", department="一车间")) == ["张三"]
    counts = members.status_counts(db.session_factory)
    assert (counts.total, counts.members) == (3, 2)


def test_id_number_derives_birth_date_and_gender_and_must_be_unique(db: Database, three: dict[str, int]) -> None:
    detail = members.get_member(db.session_factory, three["张三"])
    assert (detail.data.birth_date, detail.data.gender) == (date(1985, 3, 12), "男")
    with pytest.raises(ValidationError, match="与已登记的“张三”相同"):
        members.save_member(db.session_factory, MemberInput(name="李四", id_number=rid("44010619850312001"), join_date_unknown=True))
    with pytest.raises(ValidationError, match="校验位"):
        members.save_member(db.session_factory, MemberInput(name="李四", id_number=rid("44010619850312001")[:-1] + "0", join_date_unknown=True))
    assert members.status_counts(db.session_factory).total == 3


def test_membership_history_drives_the_status(db: Database, three: dict[str, int]) -> None:
    f = db.session_factory
    members.add_membership_event(f, three["张三"], "转出", date(2023, 6, 30), "调往外地")
    assert members.get_member(f, three["张三"]).membership == "已转出"
    assert names(db, MemberFilter(membership="已转出")) == ["张三"]
    with pytest.raises(ValidationError, match="已登记过"):
        members.add_membership_event(f, three["张三"], "转出", date(2023, 6, 30))
    event = members.get_member(f, three["张三"]).events[-1]
    members.delete_membership_event(f, event.id)
    assert members.get_member(f, three["张三"]).membership == "会员"


def test_people_with_aid_records_cannot_be_deleted(demo_db: Database) -> None:
    from sqlalchemy import select

    from unionbook.db.models import AidPayment

    with demo_db.session_factory() as session:
        member_id = session.scalar(select(AidPayment.member_id).limit(1))
    with pytest.raises(ValidationError, match="不能删除"):
        members.delete_member(demo_db.session_factory, member_id)
    assert members.get_member(demo_db.session_factory, member_id).id == member_id
