"""The contract register: saving with validation, renewal, reminders, import/export round trip."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from unionbook.domain.contracts import ContractStatus
from unionbook.domain.errors import ValidationError
from unionbook.services import contracts
from unionbook.services.register_export import export_contracts
from unionbook.services.contracts import ContractFilter, ContractInput
from unionbook.services.database import Database
from unionbook.services.importing.contracts import import_contracts, plan_contracts

TODAY = date(2026, 11, 21)


def comprehensive(**changes) -> ContractInput:  # noqa: ANN003
    base = ContractInput(
        kind="综合集体合同", title="某公司集体合同（2024—2026年度）", employer="某公司",
        congress_approved_on=date(2023, 12, 20), signed_on=date(2023, 12, 25), filed_on=date(2024, 1, 2),
        published_on=date(2023, 12, 28), effective_from=date(2024, 1, 1), effective_to=date(2026, 12, 31),
        covered_employees=300, covered_female=120,
    )  # fmt: skip
    from dataclasses import replace

    return replace(base, **changes)


def test_save_validates_and_warns(db: Database) -> None:
    f = db.session_factory
    with pytest.raises(ValidationError, match="覆盖女职工数"):
        contracts.save_contract(f, comprehensive(covered_female=400))
    with pytest.raises(ValidationError, match="终止日期"):
        contracts.save_contract(f, comprehensive(effective_to=date(2023, 6, 30)))
    result = contracts.save_contract(f, comprehensive(filed_on=None))
    assert result.warnings and "2024-01-04 前报送" in result.warnings[0]
    assert [r.data.title for r in contracts.list_contracts(f)] == ["某公司集体合同（2024—2026年度）"]


def test_expiring_contract_is_first_and_reminded(db: Database) -> None:
    f = db.session_factory
    contracts.save_contract(f, comprehensive(title="工资专项2026", kind="工资专项集体合同", signed_on=date(2026, 1, 5),
                                             effective_from=date(2026, 1, 6), effective_to=date(2027, 12, 31)))  # fmt: skip
    contracts.save_contract(f, comprehensive())
    rows = contracts.list_contracts(f, today=TODAY)
    assert rows[0].status == ContractStatus.EXPIRING and rows[0].data.title.startswith("某公司集体合同")
    text = contracts.reminder_text(contracts.needing_attention(f, today=TODAY), today=TODAY)
    assert text == (
        "提醒：《某公司集体合同（2024—2026年度）》将在 40 天内（2026-12-31）到期，请及时协商续签"
        "（90 天内到期和已到期的合同排在集体合同页最前）。"
    )
    assert [r.data.kind for r in contracts.list_contracts(f, ContractFilter(kind="工资专项集体合同"))] == ["工资专项集体合同"]
    assert contracts.list_contracts(f, ContractFilter(year=2023), today=TODAY) == []


def test_a_contract_that_lapsed_unrenewed_is_reminded_too(db: Database) -> None:
    f = db.session_factory
    contracts.save_contract(f, comprehensive(title="旧合同甲", effective_from=date(2022, 1, 1), effective_to=date(2024, 12, 31)))
    contracts.save_contract(f, comprehensive(title="旧合同乙", effective_from=date(2023, 1, 1), effective_to=date(2025, 12, 31)))
    due = contracts.needing_attention(f, today=TODAY)
    assert sorted(r.data.title for r in due) == ["旧合同乙", "旧合同甲"]
    assert contracts.expiring(f, today=TODAY) == []
    assert contracts.reminder_text(due, today=TODAY) == (
        "提醒：《旧合同乙》等 2 份合同已到期未续签，请续签或登记终止（90 天内到期和已到期的合同排在集体合同页最前）。"
    )
    renewal = contracts.renewal_draft(f, next(r.id for r in due if r.data.title == "旧合同乙"))
    contracts.save_contract(f, renewal)  # renewed: no longer due; the other one still is
    assert [r.data.title for r in contracts.needing_attention(f, today=TODAY)] == ["旧合同甲"]
    assert contracts.reminder_text([], today=TODAY) is None


def test_renewal_is_prefilled_linked_and_changes_the_old_status(db: Database) -> None:
    f = db.session_factory
    old = contracts.save_contract(f, comprehensive()).id
    draft = contracts.renewal_draft(f, old)
    assert draft.renews_id == old
    assert (draft.effective_from, draft.effective_to) == (date(2027, 1, 1), date(2029, 12, 31))
    assert draft.title == "某公司集体合同（2027—2029年度）"
    assert draft.signed_on is None and draft.filed_on is None
    new = contracts.save_contract(f, draft).id
    assert contracts.get_contract(f, old).status == ContractStatus.RENEWED
    assert contracts.get_contract(f, new).renews_title == "某公司集体合同（2024—2026年度）"
    with pytest.raises(ValidationError, match="已由"):
        contracts.save_contract(f, contracts.renewal_draft(f, old))  # one renewal per contract
    wage = contracts.save_contract(f, comprehensive(kind="工资专项集体合同", title="工资专项集体合同（2024年度）",
                                                    effective_to=date(2024, 12, 31))).id  # fmt: skip
    wage_draft = contracts.renewal_draft(f, wage)
    assert (wage_draft.title, wage_draft.effective_to) == ("工资专项集体合同（2025年度）", date(2025, 12, 31))
    contracts.delete_contract(f, old)
    assert contracts.get_contract(f, new).data.renews_id is None


def test_import_ledger_with_a_renewal_chain_and_reimport_changes_nothing(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "集体合同台账.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["某公司集体合同台账"])
    sheet.append(["序号", "类型", "合同名称", "企业方", "签订日期", "起始日期", "到期日期", "覆盖职工人数", "覆盖女职工人数", "工资增长幅度", "原合同名称"])
    sheet.append([1, "综合集体合同", "集体合同2021", "某公司", "2020-12-25", "2021-01-01", "2023-12-31", 280, 100, None, None])
    sheet.append([2, "综合集体合同", "集体合同2024", "某公司", "2023-12-25", "2024-01-01", "2026-12-31", 300, 120, None, "集体合同2021"])
    sheet.append([3, "工资专项集体合同", "工资专项2024", "某公司", "2024-01-10", "2024-01-10", "2024-12-31", 300, None, "5.5%", None])
    sheet.append([4, "劳务合同", "女职工2024", "某公司", "2024-03-01", "2024-03-01", "2027-02-28", 300, 120, None, None])
    sheet.append([5, "综合集体合同", "续签不存在的", "某公司", "2024-01-01", "2024-01-01", "2024-12-31", 1, None, None, "没有这份"])
    workbook.save(path)
    plan = plan_contracts(path, db.session_factory)
    reasons = [p.message for r in plan.rejected for p in r.problems]
    assert len(plan.rejected) == 2
    assert any("劳务合同" in m for m in reasons)  # not one of the contract types
    assert any("找不到被续签的合同“没有这份”" in m for m in reasons)
    summary = import_contracts(db.session_factory, plan)
    assert (summary.new, summary.unit) == (3, "份")
    rows = {r.data.title: r for r in contracts.list_contracts(db.session_factory, today=TODAY)}
    assert rows["集体合同2024"].renews_title == "集体合同2021"
    assert rows["集体合同2021"].status == ContractStatus.RENEWED
    assert rows["工资专项2024"].data.wage_increase_pct == 5.5
    again = import_contracts(db.session_factory, plan_contracts(path, db.session_factory))
    assert (again.new, again.updated, again.unchanged) == (0, 0, 3)


def test_export_then_import_into_an_empty_database_round_trips(demo_db: Database, db: Database, tmp_path: Path) -> None:
    exported = export_contracts(demo_db.session_factory, tmp_path / "台账.xlsx")
    assert exported.rows == 10
    plan = plan_contracts(exported.path, db.session_factory)
    assert plan.rejected == [], plan.rejection_lines()
    import_contracts(db.session_factory, plan)

    def shape(database: Database) -> list[tuple]:
        return sorted((r.data.title, r.data.kind, r.data.effective_to, r.renews_title, r.status, r.data.covered_female)
                      for r in contracts.list_contracts(database.session_factory, today=TODAY))  # fmt: skip

    assert shape(db) == shape(demo_db)
