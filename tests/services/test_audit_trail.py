"""The audit trail records every export and every restore (issue 12, item 10), and reads back through
filters with personal numbers masked.

The fixture is a small union written by hand — three people, one contract, two activities, one
hardship file with two family members, a batch of three payments and one single payment — so every
expected count below is counted on the fingers, not taken from the code under test.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from forms import member_collection_form
from sqlalchemy import select, update

from unionbook.db.models import AuditEntry
from unionbook.domain.idnumber import check_digit
from unionbook.services import aid, audit, documents, members
from unionbook.services.activities import ActivityInput, save_activity
from unionbook.services.aid import BatchRecipients, FamilyMemberInput, HardshipInput, PaymentInput
from unionbook.services.audit import AuditFilter
from unionbook.services.audit import exports as audit_exports
from unionbook.services.contracts import ContractInput, save_contract
from unionbook.services.database import Database
from unionbook.services.figures import Period
from unionbook.services.hardship_form import fill_hardship_form
from unionbook.services.member_export import export_roster, export_to_layout
from unionbook.services.members import MemberFilter, MemberInput
from unionbook.services.register_export import export_activities, export_aid, export_contracts, export_hardship
from unionbook.services.signoff import write_batch_signoff


def resident_id(first17: str) -> str:
    return first17 + check_digit(first17)


ZHANG_ID = resident_id("11010119850307123")
ZHANG_PHONE = "13812345678"
JOINED = date(2020, 3, 1)


class Union:
    """Ids of the small union's records."""

    def __init__(self, db: Database) -> None:
        f = db.session_factory
        self.zhang = members.save_member(f, MemberInput(name="张三", department="一车间", id_number=ZHANG_ID,
                                                        phone=ZHANG_PHONE, join_date_unknown=True)).id  # fmt: skip
        self.li = members.save_member(f, MemberInput(name="李四", department="二车间",
                                                     id_number=resident_id("11010119900512234"), join_date_unknown=True)).id  # fmt: skip
        self.wang = members.save_member(f, MemberInput(name="王五", department="二车间", join_date_unknown=True)).id
        save_contract(f, ContractInput(kind="综合集体合同", title="2025年集体合同", signed_on=date(2025, 1, 8),
                                       effective_from=date(2025, 1, 8), effective_to=date(2027, 12, 31)))  # fmt: skip
        save_activity(f, ActivityInput(name="职工运动会", category="文体活动", start_date=date(2025, 5, 1), participants=80))
        save_activity(f, ActivityInput(name="安全知识讲座", category="思想教育/宣讲", start_date=date(2025, 6, 3), participants=40))
        self.hardship = aid.save_hardship_file(f, HardshipInput(
            member_id=self.zhang, category="相对困难", opened_on=date(2025, 2, 1), causes=("因病",),
            family=(FamilyMemberInput("张小明", "子女", resident_id("11010120150101345")), FamilyMemberInput("刘芳", "配偶")),
        ))  # fmt: skip
        preview = aid.preview_batch(f, BatchRecipients(members=MemberFilter(membership="会员")), title="2025年春节慰问",
                                    program="送温暖", on=date(2025, 1, 20), amount_fen=50000)  # fmt: skip
        self.batch = aid.record_batch(f, preview, prepared_by="陈晓燕", approved_by="周立军")
        aid.save_payment(f, PaymentInput(member_id=self.li, program="金秋助学", date=date(2025, 8, 20), amount_fen=100000))


@pytest.fixture
def union(db: Database) -> Union:
    return Union(db)


def exports(db: Database) -> list[AuditEntry]:
    with db.session_factory() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == "export").order_by(AuditEntry.id)))


ExportCall = Callable[[Database, Union, Path], Any]

#: (what is done, the kind recorded, its table, people/records it holds, full IDs in it)
CASES: list[tuple[str, ExportCall, str, str, int, bool]] = [
    ("花名册", lambda db, u, out: export_roster(db.session_factory, out / "花名册.xlsx"), "members", "members", 3, False),
    ("花名册 --show-id", lambda db, u, out: export_roster(db.session_factory, out / "花名册.xlsx", show_id=True),
     "members", "members", 3, True),
    ("采集表 --layout", lambda db, u, out: export_to_layout(db.session_factory, member_collection_form(out / "采集表.xlsx").path,
                                                            out / "填好的采集表.xlsx", show_id=True),
     "members_layout", "members", 3, True),
    ("集体合同台账", lambda db, u, out: export_contracts(db.session_factory, out / "合同.xlsx"),
     "contracts", "collective_contracts", 1, False),
    ("活动台账", lambda db, u, out: export_activities(db.session_factory, out / "活动.xlsx"), "activities", "activities", 2, False),
    ("帮扶发放台账", lambda db, u, out: export_aid(db.session_factory, out / "发放.xlsx"), "aid", "aid_payments", 4, False),
    ("帮扶发放台账 --show-id", lambda db, u, out: export_aid(db.session_factory, out / "发放.xlsx", show_id=True),
     "aid", "aid_payments", 4, True),
    ("困难职工档案", lambda db, u, out: export_hardship(db.session_factory, out / "档案.xlsx"),
     "hardship", "hardship_files", 1, False),
    ("签收表", lambda db, u, out: write_batch_signoff(db.session_factory, u.batch, out / "签收表.xlsx"),
     "signoff", "aid_batches", 3, False),
    ("签收表 完整号码", lambda db, u, out: write_batch_signoff(db.session_factory, u.batch, out / "签收表.xlsx", show_id=True),
     "signoff", "aid_batches", 3, True),
    # the worker and two family members are on the form
    ("建档申请表", lambda db, u, out: fill_hardship_form(db.session_factory, u.hardship, out / "申请表.docx", show_id=True),
     "hardship_form", "hardship_files", 3, True),
    # four payments in 2025 on the printed 台账; a summary of figures prints nobody
    ("帮扶发放台账（模板）", lambda db, u, out: documents.render(db.session_factory, "帮扶发放台账", Period.year(2025), out / "台账.xlsx"),
     "document", "documents", 4, False),
    ("年度工作总结", lambda db, u, out: documents.render(db.session_factory, "年度工作总结", Period.year(2025), out / "总结.docx"),
     "document", "documents", 0, False),
]  # fmt: skip


@pytest.mark.parametrize(("label", "call", "kind", "table", "count", "full_ids"), CASES, ids=[c[0] for c in CASES])
def test_audit_every_export_records_one_entry(
    db: Database, union: Union, tmp_path: Path, label: str, call: ExportCall, kind: str, table: str, count: int, full_ids: bool
) -> None:
    out = tmp_path / "用户" / "out"
    out.mkdir(parents=True)
    before = len(exports(db))
    result = call(db, union, out)
    written = Path(getattr(result, "path", result))
    entries = exports(db)[before:]
    assert len(entries) == 1, label
    entry = entries[0]
    assert entry.table_name == table
    assert entry.source == "test"
    assert entry.changes["kind"] == kind
    assert entry.changes["count"] == count
    assert entry.changes["full_ids"] is full_ids
    assert entry.changes["file"] == written.name  # the name only: the folder can name the user
    assert "用户" not in str(entry.changes)


def test_audit_signoff_and_form_name_their_record(db: Database, union: Union, tmp_path: Path) -> None:
    write_batch_signoff(db.session_factory, union.batch, tmp_path / "签收表.xlsx")
    fill_hardship_form(db.session_factory, union.hardship, tmp_path / "申请表.docx")
    signoff, form = exports(db)
    assert (signoff.row_id, signoff.changes["batch"]) == (union.batch, "2025年春节慰问")
    assert (form.row_id, form.changes["full_ids"]) == (union.hardship, False)


def test_audit_document_entry_names_template_and_period(db: Database, union: Union, tmp_path: Path) -> None:
    documents.render(db.session_factory, "帮扶发放台账", Period.year(2025), tmp_path / "台账.xlsx")
    (entry,) = exports(db)
    assert entry.changes["template"] == "帮扶发放台账"
    assert entry.changes["period"] == "2025年"
    assert entry.changes["ledgers"] == ["帮扶发放明细"]


def test_audit_export_that_cannot_be_recorded_leaves_no_file(db: Database, union: Union, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    def broken(*_a: object, **_k: object) -> None:
        raise RuntimeError("disk I/O error")

    monkeypatch.setattr(audit_exports, "record", broken)  # where record_export looks it up
    target = tmp_path / "合同.xlsx"
    with pytest.raises(RuntimeError):
        export_contracts(db.session_factory, target)
    assert not target.exists()


def test_audit_failed_export_records_nothing(db: Database, union: Union, tmp_path: Path) -> None:
    with pytest.raises(Exception):  # noqa: B017 - whatever the writer raises for a missing folder
        export_contracts(db.session_factory, tmp_path / "没有这个文件夹" / "合同.xlsx")
    assert exports(db) == []


# --- restore ---------------------------------------------------------------------------------------


@pytest.mark.sqlite_only("restores a backup file")
def test_audit_restore_is_recorded_in_the_restored_database(db: Database, union: Union, tmp_path: Path) -> None:
    from unionbook.services import backup as backup_service

    backup_file = backup_service.backup(db, tmp_path / "备份-20250301.sqlite")
    members.save_member(db.session_factory, MemberInput(name="赵六", join_date_unknown=True))  # after the backup: gone after the restore
    backup_service.restore(db, backup_file)
    with db.session_factory() as session:
        entries = list(session.scalars(select(AuditEntry).where(AuditEntry.action == "restore")))
    assert len(entries) == 1
    changes = entries[0].changes
    assert changes["file"] == "备份-20250301.sqlite"
    assert changes["backup_date"][:10] == f"{datetime.fromtimestamp(backup_file.stat().st_mtime):%Y-%m-%d}"
    assert str(tmp_path) not in str(changes)
    (row,) = audit.list_entries(db.session_factory, AuditFilter(action="restore"))
    assert row.summary.startswith("从备份“备份-20250301.sqlite”恢复")


# --- reading it back -------------------------------------------------------------------------------


def _backdate(db: Database, days: int, *, action: str | None = None) -> None:
    """Move entries (all, or one action's) `days` into the past."""
    with db.session_factory.begin() as session:
        query = update(AuditEntry).values(at=datetime.now() - timedelta(days=days))
        session.execute(query.where(AuditEntry.action == action) if action else query)


def test_audit_list_filters_by_date_kind_and_register(db: Database, union: Union, tmp_path: Path) -> None:
    _backdate(db, 10)  # the union was written ten days ago
    export_contracts(db.session_factory, tmp_path / "合同.xlsx")
    f = db.session_factory
    today = date.today()
    recent = audit.list_entries(f, AuditFilter(start=today - timedelta(days=1), end=today))
    assert [(r.action_label, r.table_label) for r in recent] == [("导出", "集体合同")]
    old = audit.list_entries(f, AuditFilter(end=today - timedelta(days=5)))
    assert len(old) == audit.count_entries(f) - 1
    assert {r.action for r in old} == {"create"}
    assert audit.count_entries(f, AuditFilter(action="export")) == 1
    contracts = audit.list_entries(f, AuditFilter(register="集体合同"))
    assert [r.action for r in contracts] == ["export", "create"]  # newest first
    aid_rows = audit.list_entries(f, AuditFilter(register="帮扶", action="create"))
    # 1 hardship file, 2 family members, the batch (its row, and the summary naming its 3 payments,
    # which are written in bulk), 1 single payment
    assert sorted(r.table_name for r in aid_rows) == sorted(
        ["hardship_files", "hardship_family_members", "hardship_family_members", "aid_batches", "aid_batches", "aid_payments"]
    )
    assert [r.id for r in audit.list_entries(f, limit=3, offset=2)] == audit.entry_ids(f)[2:5]


def test_audit_rows_show_changes_with_personal_numbers_masked(db: Database, union: Union) -> None:
    f = db.session_factory
    person = members.get_member(f, union.zhang).data
    from dataclasses import replace

    members.save_member(f, replace(person, phone="13998765432", department="三车间"), union.zhang)
    (change,) = audit.list_entries(f, AuditFilter(action="update", register="会员"))
    fields = {c.field: (c.old, c.new) for c in change.changes}
    assert fields["手机号码"] == ("138****5678", "139****5432")
    assert fields["部门"] == ("一车间", "三车间")
    created = audit.list_entries(f, AuditFilter(action="create", register="会员"))
    zhang = next(r for r in created if r.table_name == "members" and r.row_id == union.zhang)
    assert zhang.summary == "会员“张三”"
    shown = {c.field: c.new for c in zhang.changes}
    assert shown["证件号码"] == ZHANG_ID[:6] + "********" + ZHANG_ID[-4:]
    everything = " ".join(r.summary + r.changes_text() for r in audit.list_entries(f))
    assert ZHANG_ID not in everything and ZHANG_PHONE not in everything and "13998765432" not in everything


def test_audit_mask_text_catches_numbers_anywhere() -> None:
    assert audit.mask_text(f"备注：身份证{ZHANG_ID}，电话{ZHANG_PHONE}。") == (
        f"备注：身份证{ZHANG_ID[:6]}********{ZHANG_ID[-4:]}，电话138****5678。"
    )
    assert audit.mask_text("合同编号 20250108") == "合同编号 20250108"


def test_audit_export_of_the_trail_is_itself_recorded(db: Database, union: Union, tmp_path: Path) -> None:
    import openpyxl

    f = db.session_factory
    total = audit.count_entries(f)
    result = audit.export_entries(f, AuditFilter(), tmp_path / "操作记录.xlsx")
    assert result.rows == total
    sheet = openpyxl.load_workbook(result.path).active
    assert [c.value for c in sheet[1]] == audit.EXPORT_HEADERS
    assert sheet.max_row == total + 1
    text = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    assert ZHANG_ID not in text and ZHANG_PHONE not in text
    (entry,) = exports(db)
    assert (entry.changes["kind"], entry.changes["count"], entry.changes["full_ids"]) == ("audit", total, False)


def test_audit_export_records_the_filter(db: Database, union: Union, tmp_path: Path) -> None:
    flt = AuditFilter(start=date(2025, 1, 1), end=date(2025, 12, 31), action="create", register="会员")
    audit.export_entries(db.session_factory, flt, tmp_path / "a.xlsx")
    (entry,) = exports(db)
    assert entry.changes["period"] == "2025-01-01 至 2025-12-31"
    assert (entry.changes["filter_action"], entry.changes["filter_register"]) == ("新增", "会员")
