"""Importing a collective contract ledger (集体合同台账) from a spreadsheet.

Same engine and rules as the roster: header found by names, cells normalised, bad rows rejected
with sheet/row/column, one transaction. A contract already registered (same title and signing
date) is updated or skipped. 续签自 names the contract renewed, by title: one already registered,
or one earlier in the same file.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Unpack

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from unionbook.db.models import CollectiveContract
from unionbook.domain.contracts import check_contract
from unionbook.domain.vocab import ContractType
from unionbook.services.contracts import ContractInput, to_input, save_in_session
from unionbook.services.importing.engine import ImportPlan, ParsedRow, PlanOptions, Problem, RowContext, plan_import
from unionbook.services.importing.spec import Column, Kind, RegisterSpec, Unknown
from unionbook.services.importing.writing import (
    ImportSummary,
    Outcome,
    RowWriter,
    StoredRecords,
    WriteOptions,
    filled,
    write_plan,
)

CONTRACT_SPEC = RegisterSpec(
    name="集体合同",
    anchor_keys=frozenset({"title"}),
    ignored_headers=("序号", "编号", "状态"),  # 状态 is derived from the dates, never imported
    columns=(
        Column("kind", "合同类型", ("类型", "合同种类"), kind=Kind.CHOICE, vocab=ContractType, unknown=Unknown.REJECT),
        Column("title", "合同名称", ("标题", "名称", "合同标题")),
        Column("employer", "企业名称", ("单位名称", "企业方", "用人单位")),
        Column("negotiated_on", "协商日期", ("集体协商日期",), kind=Kind.DATE),
        Column("congress_approved_on", "职代会通过日期", ("职代会审议日期", "职代会审议通过日期"), kind=Kind.DATE),
        Column("signed_on", "签订日期", ("签约日期",), kind=Kind.DATE),
        Column("filed_on", "备案日期", ("报送备案日期", "报送审查备案日期", "审查备案日期"), kind=Kind.DATE),
        Column("published_on", "公布日期", ("向职工公布日期",), kind=Kind.DATE),
        Column("effective_from", "生效日期", ("起始日期", "开始日期", "期限起"), kind=Kind.DATE),
        Column("effective_to", "终止日期", ("到期日期", "截止日期", "期限止"), kind=Kind.DATE),
        Column("terminated_on", "提前终止日期", ("解除日期", "提前解除日期"), kind=Kind.DATE),
        Column("covered_enterprises", "覆盖企业数", ("覆盖企业",), kind=Kind.INT),
        Column("covered_employees", "覆盖职工数", ("覆盖职工人数", "覆盖职工"), kind=Kind.INT),
        Column("covered_female", "覆盖女职工数", ("覆盖女职工人数", "覆盖女职工"), kind=Kind.INT),
        Column("wage_increase_pct", "工资增长幅度", ("工资增幅", "工资增长幅度%"), kind=Kind.TEXT),
        Column("renews_title", "续签自", ("原合同名称", "续签合同"),),
        Column("notes", "备注"),
    ),
)  # fmt: skip

def _percent(text: str) -> float:
    cleaned = text.replace("%", "").replace("％", "").strip()
    value = float(Decimal(cleaned))
    # A sheet formatted as percentage gives 0.055 for 5.5%.
    return value * 100 if 0 < value < 1 and "%" not in text else value


def contract_rules(row: ParsedRow, ctx: RowContext) -> list[Problem]:
    values = row.values
    problems: list[Problem] = []
    if not values.get("title"):
        return [Problem(row.row, ctx.header_for("title"), "缺少合同名称")]
    if not values.get("kind"):
        problems.append(Problem(row.row, ctx.header_for("kind"), "缺少合同类型"))
    raw_pct = values.get("wage_increase_pct")
    if raw_pct:
        try:
            values["wage_increase_pct"] = _percent(str(raw_pct))
        except (ArithmeticError, ValueError):
            problems.append(Problem(row.row, ctx.header_for("wage_increase_pct"), f"“{raw_pct}”不是百分数"))
    errors, warnings = check_contract(
        effective_from=values.get("effective_from"),
        effective_to=values.get("effective_to"),
        terminated_on=values.get("terminated_on"),
        covered_employees=values.get("covered_employees"),
        covered_female=values.get("covered_female"),
    )
    for field, reason in errors:
        problems.append(Problem(row.row, field, reason))
    row.warnings.extend(Problem(row.row, None, w) for w in warnings)
    seen: dict[str, int] = ctx.state.setdefault("titles", {})
    known: set[str] = ctx.state.get("known_titles", set())
    renews = values.get("renews_title")
    if renews and renews not in seen and renews not in known:
        problems.append(Problem(row.row, ctx.header_for("renews_title"), f"找不到被续签的合同“{renews}”（既未登记，也不在本表前面的行中）"))
    seen.setdefault(values["title"], row.row)
    return problems


def plan_contracts(
    path: Path, factory: sessionmaker[Session] | None = None, **options: Unpack[PlanOptions]
) -> ImportPlan:
    """Read and check a contract ledger; `factory` lets 续签自 find contracts already registered."""
    known: set[str] = set()
    if factory is not None:
        with factory() as session:
            known = set(session.scalars(select(CollectiveContract.title)))

    def rules(row: ParsedRow, ctx: RowContext) -> list[Problem]:
        ctx.state.setdefault("known_titles", known)
        return contract_rules(row, ctx)

    return plan_import(path, CONTRACT_SPEC, rules, **options)


def _contract_rows(session: Session, on_duplicate: str) -> RowWriter:
    stored = StoredRecords(session, on_duplicate, model=CollectiveContract, input_type=ContractInput,
                           to_input=to_input, save=save_in_session, key=lambda c: (c.title, c.signed_on))  # fmt: skip
    by_title = {title: cid for (title, _signed), cid in stored.ids.items()}

    def write(row: ParsedRow) -> Outcome:
        # Only what the sheet fills in: empty cells never erase what is stored.
        changes = filled(row.values, ContractInput)
        if row.values.get("renews_title"):
            changes["renews_id"] = by_title[row.values["renews_title"]]
        outcome, contract_id = stored.write(changes)
        if contract_id is not None:
            by_title[changes["title"]] = contract_id
        return outcome

    return write


def import_contracts(factory: sessionmaker[Session], plan: ImportPlan, **options: Unpack[WriteOptions]) -> ImportSummary:
    """Write the accepted rows in one transaction. A ledger has tens of rows, so each goes through
    the same validation and audited save as the dialog (save_in_session). A contract already
    registered (same title and signing date) is updated or skipped."""
    return write_plan(factory, plan, _contract_rows, table="collective_contracts", unit="份", locate_errors=True,
                      **options)  # fmt: skip
