"""Two people editing one record (issue 19, PostgreSQL mode): neither loses the other's save.

Each test opens the same book twice, as two offices would: `db` (the fixture's, 张三 at 财务室电脑)
and `other` (a second Database on the same file, 李四 at 工会办公室; the window's file lock is
bypassed here, since on SQLite it keeps a second window off a book). A form remembers the version
it opened; a save of a record someone else saved since is refused with who, when and which fields,
and the record stays as they saved it.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

import pytest
from sqlalchemy import select

from unionbook.db.base import Base
from unionbook.domain.errors import StaleRecordError
from unionbook.services import (
    activities,
    contracts,
    funds,
    honors,
    members,
    mutual_aid,
    positions,
    rights_cases,
    spending_rules,
    union,
)
from unionbook.services.aid import hardship, payments
from unionbook.services.audit.conflicts import current_version, expecting
from unionbook.services.database import Database
from unionbook.services.dues import wage_bases

WHEN = r"\d\d:\d\d"  # today's entries say the time only


def as_person(database: Database, who: str, computer: str) -> Database:
    database.session_factory.kw["info"].update(who=who, computer=computer)
    return database


@pytest.fixture
def mine(demo_db: Database) -> Database:
    return as_person(demo_db, "张三", "财务室电脑")



@pytest.fixture
def other(demo_db: Database) -> Iterator[Database]:
    database = Database.open(demo_db.target, source="gui", lock=False, safety_backups=False)
    yield as_person(database, "李四", "工会办公室")
    database.close()


def first_id(database: Database, table: str, *where: Any) -> int:
    columns = Base.metadata.tables[table].c
    with database.session_factory() as session:
        return session.scalar(select(columns.id).where(*where).order_by(columns.id).limit(1))


# --- one kind of register after another ------------------------------------------------------------


@dataclass(frozen=True)
class Register:
    table: str
    load: Callable[[Any, int], Any]  # (factory, id) → the input dataclass a form shows
    save: Callable[[Any, Any, int], Any]  # (factory, data, id)
    theirs: dict[str, Any]  # what the other person changes and saves first
    mine: dict[str, Any]  # what I change in the form I opened before
    label: str  # how the refusal names their change


REGISTERS = {
    "会员": Register("members", lambda f, i: members.get_member(f, i).data, members.save_member,
                   {"phone": "13900001111"}, {"department": "工会办公室"}, "手机号码"),
    "集体合同": Register("collective_contracts", lambda f, i: contracts.get_contract(f, i).data, contracts.save_contract,
                     {"notes": "已报人社局审查"}, {"employer": "另一家公司"}, "备注"),
    "活动": Register("activities", lambda f, i: activities.get_activity(f, i).data, activities.save_activity,
                   {"location": "职工之家"}, {"summary": "改过的摘要"}, "地点"),
    "困难职工档案": Register("hardship_files", lambda f, i: hardship.get_hardship_file(f, i).data,
                       hardship.save_hardship_file, {"measures": "送米送油"}, {"notes": "我的备注"}, "帮扶措施"),
    "帮扶发放": Register("aid_payments", lambda f, i: payments.fetch_payment_rows(f, [i])[0].data, payments.save_payment,
                     {"notes": "本人已领"}, {"goods": "大米一袋"}, "备注"),
    "荣誉": Register("honors", lambda f, i: honors.get_honor(f, i).data, honors.save_honor,
                   {"issuer": "区总工会"}, {"notes": "我的备注"}, "授予单位"),
    "阵地": Register("positions", lambda f, i: positions.get_position(f, i).data, positions.save_position,
                   {"place": "三楼东侧"}, {"notes": "我的备注"}, "地点"),
    "维权": Register("rights_cases", lambda f, i: rights_cases.get_case(f, i).data, rights_cases.save_case,
                   {"handling": "已约谈车间主任"}, {"request": "改过的诉求"}, "办理情况"),
    "互助保障": Register("mutual_aid_enrollments", lambda f, i: mutual_aid.get_enrollment(f, i).data,
                     mutual_aid.save_enrollment, {"policy_number": "HZ-0001"}, {"notes": "我的备注"}, "保单号"),
    "经费收支": Register("fund_entries", funds.get_entry, funds.save_entry,
                     {"summary": "改过的摘要"}, {"voucher_no": "记-099"}, "摘要"),
    "工资基数": Register("wage_bases", lambda f, i: _stored(f, wage_bases.STORE, i), wage_bases.save_and_apply,
                     {"notes": "人事科核定"}, {"wage_fen": 654321}, "备注"),
    "开支标准": Register("spending_rules", lambda f, i: _stored_rule(f, i), spending_rules.save_rule,
                     {"notes": "工会委员会决定"}, {"cap_fen": 120000}, "备注"),
}  # fmt: skip


def _stored(factory: Any, store: Any, record_id: int) -> Any:
    with factory() as session:
        return store.to_input(store.get(session, record_id))


def _stored_rule(factory: Any, rule_id: int) -> spending_rules.RuleInput:
    rule = next(r for r in spending_rules.list_rules(factory) if r.id == rule_id)
    return spending_rules.RuleInput(rule.program, rule.kind, rule.cap_fen, rule.basis, rule.enabled, rule.notes or "")


def _where(table: str) -> tuple[Any, ...]:
    if table == "aid_payments":  # a payment of a batch is edited with its batch
        return (Base.metadata.tables[table].c.batch_id.is_(None),)
    return ()


@pytest.mark.parametrize("name", list(REGISTERS))
def test_a_save_of_a_record_someone_saved_since_is_refused_and_theirs_kept(
    name: str, mine: Database, other: Database
) -> None:
    reg = REGISTERS[name]
    record_id = first_id(mine, reg.table, *_where(reg.table))
    opened = current_version(mine.session_factory, reg.table, record_id)
    form = reg.load(mine.session_factory, record_id)
    original = {key: getattr(form, key) for key in reg.mine}

    reg.save(other.session_factory, replace(reg.load(other.session_factory, record_id), **reg.theirs), record_id)

    with pytest.raises(StaleRecordError) as refused, expecting(mine.session_factory, [opened]):
        reg.save(mine.session_factory, replace(form, **reg.mine), record_id)
    assert re.fullmatch(f"该记录已于 {WHEN} 被 李四（工会办公室）修改：{reg.label}。请重新打开后再改。", refused.value.message())
    assert refused.value.exit_code == 2
    stored = reg.load(mine.session_factory, record_id)
    assert {key: getattr(stored, key) for key in reg.theirs} == reg.theirs
    assert {key: getattr(stored, key) for key in reg.mine} == original


@pytest.mark.parametrize("name", list(REGISTERS))
def test_a_form_saved_without_anyone_else_saving_goes_through(name: str, mine: Database) -> None:
    reg = REGISTERS[name]
    record_id = first_id(mine, reg.table, *_where(reg.table))
    opened = current_version(mine.session_factory, reg.table, record_id)
    with expecting(mine.session_factory, [opened]):
        reg.save(mine.session_factory, replace(reg.load(mine.session_factory, record_id), **reg.mine), record_id)
    stored = reg.load(mine.session_factory, record_id)
    assert {key: getattr(stored, key) for key in reg.mine} == reg.mine
    # The record moved to a newer version (a hardship file twice: its fields, then its family list).
    assert current_version(mine.session_factory, reg.table, record_id).version == (3 if reg.table == "hardship_files" else 2)


def test_the_union_profile_is_guarded_like_a_register(mine: Database, other: Database) -> None:
    opened = current_version(mine.session_factory, "union_profile", 1)
    form = union.get_profile(mine.session_factory)
    union.save_profile(other.session_factory, replace(union.get_profile(other.session_factory), chair_name="王新主席"))
    with pytest.raises(StaleRecordError) as refused, expecting(mine.session_factory, [opened]):
        union.save_profile(mine.session_factory, replace(form, address="新地址"))
    assert re.fullmatch(f"该记录已于 {WHEN} 被 李四（工会办公室）修改：工会主席。请重新打开后再改。", refused.value.message())
    assert union.get_profile(mine.session_factory).chair_name == "王新主席"
    assert union.get_profile(mine.session_factory).address == form.address


def test_the_message_names_fields_never_the_numbers(mine: Database, other: Database) -> None:
    member_id = first_id(mine, "members")
    opened = current_version(mine.session_factory, "members", member_id)
    form = members.get_member(mine.session_factory, member_id).data
    theirs = replace(members.get_member(other.session_factory, member_id).data, phone="13987654321", department="二车间")
    members.save_member(other.session_factory, theirs, member_id)
    with pytest.raises(StaleRecordError) as refused, expecting(mine.session_factory, [opened]):
        members.save_member(mine.session_factory, replace(form, notes="我的备注"), member_id)
    text = refused.value.message()
    assert re.fullmatch(f"该记录已于 {WHEN} 被 李四（工会办公室）修改：手机号码、部门。请重新打开后再改。", text)
    assert "1398" not in text and "4321" not in text


def test_a_record_deleted_meanwhile_says_so(mine: Database, other: Database) -> None:
    honor_id = first_id(mine, "honors")
    opened = current_version(mine.session_factory, "honors", honor_id)
    form = honors.get_honor(mine.session_factory, honor_id).data
    honors.STORE.delete(other.session_factory, honor_id)
    with pytest.raises(StaleRecordError) as refused, expecting(mine.session_factory, [opened]):
        honors.save_honor(mine.session_factory, replace(form, notes="我的备注"), honor_id)
    assert re.fullmatch(f"该记录已于 {WHEN} 被 李四（工会办公室）删除，无法保存。", refused.value.message())


def test_a_delete_of_a_record_someone_changed_since_is_refused(mine: Database, other: Database) -> None:
    position_id = first_id(mine, "positions")
    opened = current_version(mine.session_factory, "positions", position_id)
    positions.save_position(other.session_factory,
                            replace(positions.get_position(other.session_factory, position_id).data, place="二楼"), position_id)  # fmt: skip
    with pytest.raises(StaleRecordError) as refused, expecting(mine.session_factory, [opened]):
        positions.STORE.delete(mine.session_factory, position_id)
    assert re.fullmatch(f"该记录已于 {WHEN} 被 李四（工会办公室）修改：地点。请重新打开后再改。", refused.value.message())
    assert positions.get_position(mine.session_factory, position_id).data.place == "二楼"


def test_an_entry_says_who_on_which_computer(mine: Database) -> None:
    member_id = first_id(mine, "members")
    members.save_member(mine.session_factory, replace(members.get_member(mine.session_factory, member_id).data, notes="x"), member_id)
    from unionbook.services.audit import history

    with mine.session_factory() as session:
        entry = history(session, "members", member_id)[-1]
    assert (entry.who, entry.computer, entry.changes) == ("张三", "财务室电脑", {"notes": [None, "x"]})


# --- two writers at the same moment ---------------------------------------------------------------


def test_two_people_saving_one_member_at_once_one_wins_the_other_is_told(mine: Database, other: Database) -> None:
    """Both open the same person, both change a different field, both press 保存 at once: exactly
    one save is written, the other is refused naming the winner's field, and the row is the winner's."""
    member_id = first_id(mine, "members")
    before = members.get_member(mine.session_factory, member_id).data
    edits = {"张三": (mine, {"phone": "13911112222"}), "李四": (other, {"department": "质检部"})}
    opened = {who: (current_version(db.session_factory, "members", member_id), members.get_member(db.session_factory, member_id).data)
              for who, (db, _change) in edits.items()}  # fmt: skip
    start = threading.Barrier(2)
    outcome: dict[str, str] = {}

    def save(who: str) -> None:
        db, change = edits[who]
        seen, form = opened[who]
        start.wait()
        try:
            with expecting(db.session_factory, [seen]):
                members.save_member(db.session_factory, replace(form, **change), member_id)
            outcome[who] = "saved"
        except StaleRecordError as exc:
            outcome[who] = exc.message()

    threads = [threading.Thread(target=save, args=(who,)) for who in edits]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(outcome.values()).count("saved") == 1, outcome
    winner = next(who for who, result in outcome.items() if result == "saved")
    loser = next(who for who in edits if who != winner)
    where, field = {"张三": ("财务室电脑", "手机号码"), "李四": ("工会办公室", "部门")}[winner]
    assert re.fullmatch(f"该记录已于 {WHEN} 被 {winner}（{where}）修改：{field}。请重新打开后再改。", outcome[loser])
    stored = members.get_member(mine.session_factory, member_id).data
    expected = {"张三": ("13911112222", before.department), "李四": (before.phone, "质检部")}[winner]
    assert (stored.phone, stored.department) == expected
    assert current_version(mine.session_factory, "members", member_id).version == 2


def test_a_hardship_file_whose_family_alone_changed_is_refused_too(mine: Database, other: Database) -> None:
    """Only the family list changes (no field of the file itself): the file still moves to a new
    version, so a second form opened before cannot put back the old family."""
    file_id = first_id(mine, "hardship_files")
    opened = current_version(mine.session_factory, "hardship_files", file_id)
    form = hardship.get_hardship_file(mine.session_factory, file_id).data
    theirs = hardship.get_hardship_file(other.session_factory, file_id).data
    added = hardship.FamilyMemberInput(name="李小妹", relation="女儿")
    hardship.save_hardship_file(other.session_factory, replace(theirs, family=(*theirs.family, added)), file_id)
    with pytest.raises(StaleRecordError), expecting(mine.session_factory, [opened]):
        hardship.save_hardship_file(mine.session_factory, replace(form, family=form.family[:-1] if form.family else ()), file_id)
    stored = hardship.get_hardship_file(mine.session_factory, file_id).data
    assert [p.name for p in stored.family][-1] == "李小妹"
    assert len(stored.family) == len(form.family) + 1


def test_a_bulk_update_moves_the_versions_of_the_rows_it_changes(mine: Database, other: Database) -> None:
    """全部标记已签收 ticks a batch's lines in one UPDATE: a payment form opened before is refused."""
    from unionbook.services import aid

    columns = Base.metadata.tables["aid_payments"].c
    payment_id = first_id(mine, "aid_payments", columns.batch_id.is_not(None), columns.signed.is_(False))
    with mine.session_factory() as session:
        batch_id = session.scalar(select(columns.batch_id).where(columns.id == payment_id))
    opened = current_version(mine.session_factory, "aid_payments", payment_id)
    form = payments.fetch_payment_rows(mine.session_factory, [payment_id])[0].data
    assert aid.sign_batch(other.session_factory, batch_id) > 0
    assert current_version(mine.session_factory, "aid_payments", payment_id).version == opened.version + 1
    with pytest.raises(StaleRecordError), expecting(mine.session_factory, [opened]):
        payments.save_payment(mine.session_factory, replace(form, notes="我的备注"), payment_id)
    assert payments.fetch_payment_rows(mine.session_factory, [payment_id])[0].data.signed is True
