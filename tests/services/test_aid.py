"""The aid register: hardship files, disbursements, batches, sign-off sheets and list imports."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from unionbook.db.models import AuditEntry
from unionbook.domain.errors import ValidationError
from unionbook.domain.idnumber import check_digit
from unionbook.domain.vocab import AuditAction
from unionbook.services import aid, members
from unionbook.services.aid import BatchRecipients, HardshipInput, PaymentFilter, PaymentInput
from unionbook.services.database import Database
from unionbook.services.importing.aid import import_aid, import_hardship, plan_aid, plan_hardship
from unionbook.services.members import MemberFilter, MemberInput
from unionbook.services.signoff import write_batch_signoff

ZHANG = "44010619850312001" + check_digit("44010619850312001")


@pytest.fixture
def people(db: Database) -> dict[str, int]:
    f = db.session_factory
    return {
        "张三": members.save_member(f, MemberInput(name="张三", id_number=ZHANG, department="一车间", join_date_unknown=True)).id,
        "李四": members.save_member(f, MemberInput(name="李四", department="二车间", join_date_unknown=True)).id,
        "王五": members.save_member(f, MemberInput(name="王五", department="二车间", is_member=False)).id,
    }


def test_one_open_file_per_household_and_closing(db: Database, people: dict[str, int]) -> None:
    f = db.session_factory
    data = HardshipInput(member_id=people["张三"], category="深度困难", opened_on=date(2023, 3, 1), causes=("因病", "子女教育"),
                         household_size=4, income_per_capita_fen=80000)  # fmt: skip
    file_id = aid.save_hardship_file(f, data)
    with pytest.raises(ValidationError, match="一户一档"):
        aid.save_hardship_file(f, data)
    with pytest.raises(ValidationError, match="脱困原因"):
        aid.close_hardship_file(f, file_id, date(2024, 12, 31), "")
    aid.close_hardship_file(f, file_id, date(2024, 12, 31), "解困脱困")
    row = aid.get_hardship_file(f, file_id)
    assert row.is_open(date(2024, 12, 30)) and not row.is_open(date(2024, 12, 31))  # closed on 12-31
    assert row.data.causes == ("因病", "子女教育")


def test_reviews_flag_files_not_reviewed_for_a_year(db: Database, people: dict[str, int]) -> None:
    f = db.session_factory
    file_id = aid.save_hardship_file(f, HardshipInput(member_id=people["李四"], category="相对困难", opened_on=date(2024, 1, 10)))
    assert [r.member_name for r in aid.overdue_reviews(f, today=date(2025, 1, 11))] == ["李四"]
    assert aid.overdue_reviews(f, today=date(2025, 1, 9)) == []  # 365 days (2024 is a leap year): not yet
    aid.add_review(f, file_id, date(2024, 12, 1), "走访", visitors="周立军")  # a visit is not a 复核
    assert [r.member_name for r in aid.overdue_reviews(f, today=date(2025, 1, 11))] == ["李四"]
    aid.add_review(f, file_id, date(2024, 12, 20), "复核")
    assert aid.overdue_reviews(f, today=date(2025, 1, 11)) == []
    assert [r.last_review for r in aid.overdue_reviews(f, today=date(2025, 12, 21))] == [date(2024, 12, 20)]
    aid.close_hardship_file(f, file_id, date(2025, 6, 30), "解困脱困")
    assert aid.overdue_reviews(f, today=date(2025, 12, 21)) == []  # closed: nothing to review
    with pytest.raises(ValidationError, match="早于建档日期"):
        aid.add_review(f, file_id, date(2023, 1, 1))


def test_payment_validation(db: Database, people: dict[str, int]) -> None:
    f = db.session_factory
    with pytest.raises(ValidationError, match="实物"):
        aid.save_payment(f, PaymentInput(member_id=people["张三"], program="节日慰问", date=date(2024, 9, 10)))
    with pytest.raises(ValidationError, match="项目"):
        aid.save_payment(f, PaymentInput(member_id=people["张三"], program="红包", date=date(2024, 9, 10), amount_fen=100))
    aid.save_payment(f, PaymentInput(member_id=people["张三"], program="节日慰问", date=date(2024, 9, 10), goods="月饼",
                                     goods_value_fen=15000))  # fmt: skip
    history = aid.person_history(f, people["张三"])
    assert history.totals_by_year == {2024: (1, 0)}


def test_batch_preview_record_signoff_and_undo(db: Database, people: dict[str, int], tmp_path: Path) -> None:
    f = db.session_factory
    preview = aid.preview_batch(f, BatchRecipients(members=MemberFilter(membership="会员")), title="2025年端午节慰问",
                                program="节日慰问", on=date(2025, 5, 28), amount_fen=1875025)  # fmt: skip
    assert [line.name for line in preview.lines] == ["李四", "张三"]  # members only, pinyin order
    assert preview.total_fen == 3750050
    batch_id = aid.record_batch(f, preview, prepared_by="陈晓燕", approved_by="周立军")
    assert len(aid.list_payments(f, PaymentFilter(batch_id=batch_id))) == 2
    sheet_path = write_batch_signoff(f, batch_id, tmp_path / "签收表.xlsx")
    cells = [c for row in openpyxl.load_workbook(sheet_path).active.iter_rows(values_only=True) for c in row if c]
    text = " ".join(str(c) for c in cells)
    assert "2025年端午节慰问发放签收表" in text
    assert "叁万柒仟伍佰元伍角" in text  # 37,500.50 元
    assert "440106********" in text and ZHANG not in text  # masked
    assert "经办人：陈晓燕" in text and "审批人：周立军" in text
    assert Decimal("37500.50") in cells
    # The signed sheet came back: both lines ticked in one go, one audit entry naming the batch.
    assert aid.sign_batch(f, batch_id) == 2
    assert aid.sign_batch(f, batch_id) == 0  # nothing left to tick
    assert [p.data.signed for p in aid.list_payments(f, PaymentFilter(batch_id=batch_id))] == [True, True]
    assert aid.list_batches(f)[0].signed == 2
    with f() as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.table_name == "aid_batches",
                                                           AuditEntry.action == AuditAction.UPDATE.value)).all()  # fmt: skip
        assert [(e.row_id, e.changes) for e in entries] == [(batch_id, {"signed": [False, True], "payments": 2})]
        assert session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.table_name == "aid_payments",
                                                                                 AuditEntry.action == AuditAction.UPDATE.value)) == 0  # fmt: skip
    assert aid.undo_batch(f, batch_id) == 2
    assert aid.list_payments(f) == [] and aid.list_batches(f) == []


def test_batch_to_open_hardship_files_links_them(db: Database, people: dict[str, int]) -> None:
    f = db.session_factory
    file_id = aid.save_hardship_file(f, HardshipInput(member_id=people["王五"], category="意外致困", opened_on=date(2024, 5, 1)))
    preview = aid.preview_batch(f, BatchRecipients(open_hardship_files=True), title="送温暖", program="送温暖",
                                on=date(2025, 1, 20), amount_fen=100000)  # fmt: skip
    assert [(line.name, line.hardship_file_id) for line in preview.lines] == [("王五", file_id)]


def _sheet(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    workbook = openpyxl.Workbook()
    workbook.active.append(header)
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def test_aid_list_import_matches_people_and_fills_program_and_date(db: Database, people: dict[str, int], tmp_path: Path) -> None:
    f = db.session_factory
    path = _sheet(tmp_path / "送温暖名单.xlsx", ["序号", "姓名", "身份证号", "慰问金"],
                  [[1, "张三", ZHANG, 2000], [2, "李四", None, "1,500.5"], [3, "赵六", None, 800]])  # fmt: skip
    plan = plan_aid(path, f, default_program="送温暖", default_date=date(2025, 1, 20))
    assert [p.message for r in plan.rejected for p in r.problems] == ["名册中没有“赵六”（请先在会员名册中登记此人）"]
    summary = import_aid(f, plan)
    assert (summary.new, summary.unit) == (2, "笔")
    amounts = sorted(p.data.amount_fen for p in aid.list_payments(f))
    assert amounts == [150050, 200000]
    again = import_aid(f, plan_aid(path, f, default_program="送温暖", default_date=date(2025, 1, 20)))
    assert (again.new, again.unchanged) == (0, 2)
    missing = plan_aid(path, f)  # no program, no date: every row says what is missing
    assert missing.accepted == []
    assert sum("缺少帮扶项目" in r.problems[0].message for r in missing.rejected) == 2


def test_hardship_import_parses_causes(db: Database, people: dict[str, int], tmp_path: Path) -> None:
    f = db.session_factory
    path = _sheet(tmp_path / "困难档案.xlsx", ["姓名", "困难类别", "致困原因", "建档日期", "家庭人口", "人均月收入"],
                  [["李四", "相对困难", "病、子女教育,欠债", "2024-03-01", 3, 900]])  # fmt: skip
    plan = plan_hardship(path, f)
    assert plan.rejected == []
    assert "“欠债”不在致困原因代码表中" in plan.warning_lines()[0]
    assert import_hardship(f, plan).new == 1
    row = aid.list_hardship_files(f)[0]
    assert row.data.causes == ("因病", "子女教育", "其他") and row.data.income_per_capita_fen == 90000
    assert import_hardship(f, plan_hardship(path, f)).unchanged == 1


def test_imports_respect_one_open_file_and_link_payments_by_date(db: Database, people: dict[str, int], tmp_path: Path) -> None:
    f = db.session_factory
    aid.save_hardship_file(f, HardshipInput(member_id=people["李四"], category="相对困难", opened_on=date(2025, 9, 30)))
    second = _sheet(tmp_path / "再建档.xlsx", ["姓名", "困难类别", "建档日期"], [["李四", "深度困难", "2026-01-05"]])
    plan = plan_hardship(second, f)
    assert "一户一档" in plan.rejection_lines()[0]
    payments = _sheet(tmp_path / "送温暖.xlsx", ["姓名", "项目", "日期", "金额"],
                      [["李四", "送温暖", "2020-01-15", 500], ["李四", "送温暖", "2026-01-15", 800]])  # fmt: skip
    import_aid(f, plan_aid(payments, f))
    linked = {p.data.date.year: p.data.hardship_file_id for p in aid.list_payments(f)}
    assert linked[2020] is None and linked[2026] is not None  # the file opened in 2025 covers 2026 only
    assert all(not p.data.signed for p in aid.list_payments(f))  # signed when the sheet comes back


def test_batch_preview_flags_people_who_left_and_recent_payments(db: Database, people: dict[str, int]) -> None:
    """What the batch preview marks, each read in one query: who has left the union (unticked by
    default) and who received the program within days of the date (with the latest such day)."""
    f = db.session_factory
    members.add_membership_event(f, people["李四"], "转出", date(2025, 3, 1))
    ids = list(people.values())
    assert aid.left_members(f, ids) == {people["李四"]: "已转出"}
    assert aid.left_members(f, [people["张三"]]) == {}
    for day in (date(2025, 8, 20), date(2025, 9, 1)):
        aid.save_payment(f, PaymentInput(member_id=people["张三"], program="节日慰问", date=day, amount_fen=20000))
    aid.save_payment(f, PaymentInput(member_id=people["王五"], program="生日慰问", date=date(2025, 9, 5), amount_fen=20000))
    aid.save_payment(f, PaymentInput(member_id=people["王五"], program="节日慰问", date=date(2025, 6, 1), amount_fen=20000))
    assert aid.paid_near(f, "节日慰问", date(2025, 9, 10), 30) == {people["张三"]: date(2025, 9, 1)}
    assert aid.paid_near(f, "节日慰问", date(2025, 10, 1), 30) == {people["张三"]: date(2025, 9, 1)}  # 30 days before
    assert aid.paid_near(f, "节日慰问", date(2025, 10, 2), 30) == {}
