"""Payments of the aid register: every rule of validate_payment, deleting a payment, and the links
between payments and hardship files (a file with payments is not deleted; a payment is never
linked to somebody else's file).

Expected values are written out by hand: field names are the keys the payment dialog puts its
error labels under (职工, 项目, 日期, 金额, 实物, 实物价值, 资金来源, 困难档案).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select

from unionbook.db.models import AidPayment, AuditEntry, HardshipFile
from unionbook.domain.errors import NotFoundError, ValidationError
from unionbook.services import aid, audit, members
from unionbook.services.aid import BatchRecipients, HardshipInput, PaymentFilter, PaymentInput
from unionbook.services.database import Database
from unionbook.services.members import MemberFilter, MemberInput

DAY = date(2024, 9, 10)


@pytest.fixture
def people(db: Database) -> dict[str, int]:
    f = db.session_factory
    return {
        "张三": members.save_member(f, MemberInput(name="张三", department="一车间", join_date_unknown=True)).id,
        "李四": members.save_member(f, MemberInput(name="李四", department="二车间", join_date_unknown=True)).id,
    }


def payment_count(db: Database) -> int:
    with db.session_factory() as session:
        return session.scalar(select(func.count()).select_from(AidPayment)) or 0


# --- validate_payment: one case per rule -----------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "detail"),
    [
        pytest.param({"program": "红包", "amount_fen": 100}, "项目", "“红包”不是可选的帮扶项目", id="unknown-program"),
        pytest.param({"program": "", "amount_fen": 100}, "项目", "“”不是可选的帮扶项目", id="empty-program"),
        pytest.param(
            {"amount_fen": 100, "funding_source": "工资"}, "资金来源", "“工资”不是可选的来源", id="unknown-funding"
        ),
        pytest.param({"amount_fen": -1}, "金额", "不能为负数", id="negative-amount"),
        # A negative goods value is reported under 金额 too (the rule checks both amounts at once).
        pytest.param({"amount_fen": 100, "goods": "米", "goods_value_fen": -1}, "金额", "不能为负数",
                     id="negative-goods-value"),  # fmt: skip
        pytest.param({"amount_fen": 0}, "金额", "金额为 0 时请填写发放的实物", id="nothing-given"),
        pytest.param({"amount_fen": 0, "goods": " \u3000 "}, "金额", "金额为 0 时请填写发放的实物",
                     id="goods-only-spaces"),  # fmt: skip
        pytest.param({"amount_fen": 5000, "goods_value_fen": 3000}, "实物", "填写了实物价值，请同时写明实物",
                     id="goods-value-without-goods"),  # fmt: skip
    ],
)
def test_each_rule_of_validate_payment(changes: dict, field: str, detail: str) -> None:
    data = replace(PaymentInput(member_id=1, program="节日慰问", date=DAY), **changes)
    with pytest.raises(ValidationError) as excinfo:
        aid.validate_payment(data)
    assert excinfo.value.params == {"field": field, "detail": detail}
    assert excinfo.value.message() == f"{field}：{detail}"


def test_rules_are_checked_in_order_program_first() -> None:
    """A payment breaking every rule is refused for its program, the first field of the form."""
    data = PaymentInput(member_id=1, program="红包", date=DAY, amount_fen=-5, funding_source="工资", goods_value_fen=-1)
    with pytest.raises(ValidationError) as excinfo:
        aid.validate_payment(data)
    assert excinfo.value.params["field"] == "项目"


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"amount_fen": 1}, id="one-fen"),
        pytest.param({"amount_fen": 0, "goods": "月饼"}, id="goods-only"),
        pytest.param({"amount_fen": 0, "goods": "月饼", "goods_value_fen": 15000}, id="goods-with-value"),
        pytest.param({"amount_fen": 20000, "funding_source": None}, id="no-funding"),
        pytest.param({"amount_fen": 20000, "funding_source": ""}, id="empty-funding"),
        pytest.param({"amount_fen": 20000, "funding_source": "上级拨款"}, id="listed-funding"),
    ],
)
def test_payments_within_the_rules_pass(changes: dict) -> None:
    data = PaymentInput(member_id=1, program="节日慰问", date=DAY, **changes)
    assert aid.validate_payment(data) == data


def test_validation_trims_goods_and_notes() -> None:
    data = PaymentInput(member_id=1, program="送温暖", date=DAY, goods="\u3000大米 ", notes=" 本人签收\n")
    cleaned = aid.validate_payment(data)
    assert (cleaned.goods, cleaned.notes) == ("大米", "本人签收")


def test_save_payment_validates_before_writing(db: Database, people: dict[str, int]) -> None:
    with pytest.raises(ValidationError) as excinfo:
        aid.save_payment(db.session_factory, PaymentInput(member_id=people["张三"], program="送温暖", date=DAY,
                                                          amount_fen=10000, funding_source="工资"))  # fmt: skip
    assert excinfo.value.params["field"] == "资金来源"
    assert payment_count(db) == 0


def test_save_payment_for_a_missing_member(db: Database) -> None:
    with pytest.raises(NotFoundError) as excinfo:
        aid.save_payment(db.session_factory, PaymentInput(member_id=999, program="送温暖", date=DAY, amount_fen=100))
    assert excinfo.value.params == {"what": "职工", "key": "999"}
    assert payment_count(db) == 0


# --- save_payment and hardship files ---------------------------------------------------------


def test_save_payment_refuses_a_file_of_another_member(db: Database, people: dict[str, int]) -> None:
    f = db.session_factory
    lis_file = aid.save_hardship_file(f, HardshipInput(member_id=people["李四"], category="相对困难",
                                                       opened_on=date(2024, 1, 1)))  # fmt: skip
    data = PaymentInput(member_id=people["张三"], program="送温暖", date=date(2025, 1, 20), amount_fen=50000,
                        hardship_file_id=lis_file)  # fmt: skip
    with pytest.raises(ValidationError) as excinfo:
        aid.save_payment(f, data)
    assert excinfo.value.params == {"field": "困难档案", "detail": "关联的档案不属于这位职工"}
    assert payment_count(db) == 0


def test_save_payment_refuses_a_file_that_does_not_exist(db: Database, people: dict[str, int]) -> None:
    data = PaymentInput(member_id=people["张三"], program="送温暖", date=date(2025, 1, 20), amount_fen=50000,
                        hardship_file_id=4242)  # fmt: skip
    with pytest.raises(ValidationError) as excinfo:
        aid.save_payment(db.session_factory, data)
    assert excinfo.value.params["field"] == "困难档案"
    assert payment_count(db) == 0


def test_editing_a_payment_onto_another_members_file_leaves_it_unchanged(db: Database, people: dict[str, int]) -> None:
    f = db.session_factory
    zhangs_file = aid.save_hardship_file(f, HardshipInput(member_id=people["张三"], category="深度困难",
                                                          opened_on=date(2024, 1, 1)))  # fmt: skip
    lis_file = aid.save_hardship_file(f, HardshipInput(member_id=people["李四"], category="相对困难",
                                                       opened_on=date(2024, 1, 1)))  # fmt: skip
    original = PaymentInput(member_id=people["张三"], program="送温暖", date=date(2025, 1, 20), amount_fen=50000,
                            hardship_file_id=zhangs_file)  # fmt: skip
    payment_id = aid.save_payment(f, original)
    with pytest.raises(ValidationError, match="关联的档案不属于这位职工"):
        aid.save_payment(f, replace(original, hardship_file_id=lis_file), payment_id)
    [row] = aid.list_payments(f)
    assert (row.id, row.data.hardship_file_id, row.data.amount_fen) == (payment_id, zhangs_file, 50000)


def test_save_payment_links_the_members_own_file(db: Database, people: dict[str, int]) -> None:
    f = db.session_factory
    file_id = aid.save_hardship_file(f, HardshipInput(member_id=people["张三"], category="深度困难",
                                                      opened_on=date(2024, 1, 1)))  # fmt: skip
    aid.save_payment(f, PaymentInput(member_id=people["张三"], program="送温暖", date=date(2025, 1, 20),
                                     amount_fen=50000, hardship_file_id=file_id))  # fmt: skip
    assert [p.data.hardship_file_id for p in aid.list_payments(f)] == [file_id]


# --- delete_payment --------------------------------------------------------------------------


def test_delete_payment_removes_the_row_and_audits_it(db: Database, people: dict[str, int]) -> None:
    f = db.session_factory
    kept = aid.save_payment(f, PaymentInput(member_id=people["李四"], program="生日慰问", date=DAY, amount_fen=20000))
    gone = aid.save_payment(f, PaymentInput(member_id=people["张三"], program="节日慰问", date=DAY, amount_fen=0,
                                            goods="月饼", goods_value_fen=15000, notes="中秋"))  # fmt: skip
    aid.delete_payment(f, gone)
    assert [p.id for p in aid.list_payments(f)] == [kept]
    with f() as session:
        trail = audit.history(session, "aid_payments", gone)
        assert [e.action for e in trail] == ["create", "delete"]
        deleted = trail[1].changes
        assert (deleted["member_id"], deleted["program"], deleted["date"]) == (people["张三"], "节日慰问", "2024-09-10")
        assert (deleted["goods"], deleted["goods_value_fen"], deleted["notes"]) == ("月饼", 15000, "中秋")
        assert trail[1].source == "test"
    assert aid.person_history(f, people["张三"]).totals_by_year == {}


def test_delete_payment_of_a_batch_changes_the_batch_totals(db: Database, people: dict[str, int]) -> None:
    f = db.session_factory
    preview = aid.preview_batch(f, BatchRecipients(members=MemberFilter()), title="2024年中秋慰问", program="节日慰问",
                                on=DAY, amount_fen=30000)  # fmt: skip
    batch_id = aid.record_batch(f, preview)
    [batch] = aid.list_batches(f)
    assert (batch.count, batch.total_fen) == (2, 60000)
    zhangs = next(p for p in aid.list_payments(f, PaymentFilter(batch_id=batch_id)) if p.member_name == "张三")
    aid.delete_payment(f, zhangs.id)
    [batch] = aid.list_batches(f)
    assert (batch.id, batch.count, batch.total_fen) == (batch_id, 1, 30000)
    assert [p.member_name for p in aid.list_payments(f, PaymentFilter(batch_id=batch_id))] == ["李四"]


def test_delete_a_missing_payment_raises_not_found(db: Database, people: dict[str, int]) -> None:
    f = db.session_factory
    payment_id = aid.save_payment(f, PaymentInput(member_id=people["张三"], program="生日慰问", date=DAY, amount_fen=100))
    aid.delete_payment(f, payment_id)
    with pytest.raises(NotFoundError) as excinfo:
        aid.delete_payment(f, payment_id)  # already gone
    assert excinfo.value.params == {"what": "发放记录", "key": str(payment_id)}
    assert excinfo.value.message() == f"找不到发放记录：{payment_id}"
    with f() as session:
        assert session.scalar(select(func.count()).where(AuditEntry.action == "delete")) == 1


# --- deleting hardship files -----------------------------------------------------------------


def test_a_file_with_linked_payments_is_not_deleted(db: Database, people: dict[str, int]) -> None:
    f = db.session_factory
    file_id = aid.save_hardship_file(f, HardshipInput(member_id=people["张三"], category="深度困难",
                                                      opened_on=date(2024, 1, 1)))  # fmt: skip
    for on, amount in ((date(2024, 1, 20), 50000), (date(2025, 1, 20), 60000)):
        aid.save_payment(f, PaymentInput(member_id=people["张三"], program="送温暖", date=on, amount_fen=amount,
                                         hardship_file_id=file_id))  # fmt: skip
    with pytest.raises(ValidationError) as excinfo:
        aid.delete_hardship_file(f, file_id)
    assert excinfo.value.params == {
        "field": "删除档案",
        "detail": "有 2 笔发放关联此档案，不能删除；如已脱困，请关闭档案",
    }
    assert aid.get_hardship_file(f, file_id).member_name == "张三"
    assert sorted((p.data.amount_fen, p.data.hardship_file_id) for p in aid.list_payments(f)) == [
        (50000, file_id),
        (60000, file_id),
    ]


def test_a_closed_file_with_payments_is_not_deleted_either(db: Database, people: dict[str, int]) -> None:
    f = db.session_factory
    file_id = aid.save_hardship_file(f, HardshipInput(member_id=people["李四"], category="相对困难",
                                                      opened_on=date(2023, 1, 1)))  # fmt: skip
    aid.save_payment(f, PaymentInput(member_id=people["李四"], program="金秋助学", date=date(2023, 8, 15),
                                     amount_fen=200000, hardship_file_id=file_id))  # fmt: skip
    aid.close_hardship_file(f, file_id, date(2024, 12, 31), "解困脱困")
    with pytest.raises(ValidationError, match="有 1 笔发放关联此档案"):
        aid.delete_hardship_file(f, file_id)
    assert [p.data.hardship_file_id for p in aid.list_payments(f)] == [file_id]


def test_a_file_without_payments_is_deleted_with_its_family_and_reviews(db: Database, people: dict[str, int]) -> None:
    f = db.session_factory
    file_id = aid.save_hardship_file(f, HardshipInput(
        member_id=people["张三"], category="意外致困", opened_on=date(2024, 3, 1),
        family=(aid.FamilyMemberInput(name="张小明", relation="子女"),),
    ))  # fmt: skip
    aid.add_review(f, file_id, date(2024, 9, 1), "走访")
    unlinked = aid.save_payment(f, PaymentInput(member_id=people["张三"], program="住院慰问", date=date(2024, 4, 1),
                                                amount_fen=30000))  # fmt: skip
    aid.delete_hardship_file(f, file_id)
    assert aid.list_hardship_files(f) == []
    assert [p.id for p in aid.list_payments(f)] == [unlinked]  # the person's other payments stay
    with f() as session:
        assert session.get(HardshipFile, file_id) is None
        deleted = {e.table_name for e in session.scalars(select(AuditEntry).where(AuditEntry.action == "delete"))}
    assert deleted == {"hardship_files", "hardship_family_members", "hardship_reviews"}


def test_deleting_a_missing_file_raises_not_found(db: Database) -> None:
    with pytest.raises(NotFoundError) as excinfo:
        aid.delete_hardship_file(db.session_factory, 77)
    assert excinfo.value.params == {"what": "困难职工档案", "key": "77"}
