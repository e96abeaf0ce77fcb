"""Importing the union's cash book (现金日记账 / 经费收支明细账) kept by the 出纳 in Excel.

Columns: 日期, 收支类别 (科目), 明细科目, 金额 — or 收入 and 支出 (借方/贷方) as cash journals have
them —, 凭证号, 摘要. A 科目 cell may say the category and the sub-item together
("职工活动支出—文体活动"), the category without its 收入/支出 ("拨缴经费"), or only a sub-item that
belongs to one category ("送温暖"). A row with an amount under 收入 must have an income category,
under 支出 a spending one.

Lines that are not a sum of money are skipped with a warning: 上年结转, 本月合计, 本年累计, 过次页 …
(合计 and signature lines the engine skips itself), and the lines of our own export that come from
another register (来源 批量发放, 活动费用 …: they are recorded there and appear in the ledger anyway).

All or nothing, more than any other import: a cash book with one line left out has every balance
after it wrong, so one rejected row refuses the whole file (InputError, exit 2, nothing written),
naming sheet, row and column. The same file twice changes nothing: a line is recognised by date,
category, amount, 凭证号 and 摘要.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from unionbook.domain.errors import InputError
from unionbook.domain.funds import SUB_ITEMS
from unionbook.domain.vocab import FundCategory
from unionbook.services.fund_ledger import LineSource
from unionbook.services.funds import STORE, EntryInput
from unionbook.services.importing.engine import ImportPlan, ParsedRow, Problem, RowContext
from unionbook.services.importing.matching import MemberMatcher
from unionbook.services.importing.members import ImportSummary
from unionbook.services.importing.records import RecordImporter, checked, import_records
from unionbook.services.importing.spec import Column, Kind, RegisterSpec

FUNDS_SPEC = RegisterSpec(
    name="经费收支",
    anchor_keys=frozenset({"summary"}),
    columns=(
        Column("date", "日期", ("记账日期", "凭证日期", "发生日期", "收支日期", "日 期"), kind=Kind.DATE),
        Column("voucher_no", "凭证号", ("凭证号码", "凭证编号", "凭证字号", "记账凭证号", "凭证", "凭证字")),
        Column("summary", "摘要", ("摘 要", "事由", "收支事由", "内容", "用途")),
        Column("category", "科目", ("收支类别", "类别", "会计科目", "一级科目", "总账科目", "经费科目", "收支项目", "收支科目")),
        Column("sub_item", "明细科目", ("二级科目", "明细", "子目", "明细项目")),
        Column("amount_fen", "金额", ("金额（元）", "发生额"), kind=Kind.MONEY),
        Column("income_fen", "收入", ("收入金额", "收入（元）", "借方", "借方金额"), kind=Kind.MONEY),
        Column("spending_fen", "支出", ("支出金额", "支出（元）", "贷方", "贷方金额"), kind=Kind.MONEY),
        Column("source", "来源"),
        Column("notes", "备注"),
    ),
    ignored_headers=("序号", "编号", "No", "NO", "no", "结余", "余额", "结存", "借或贷", "方向"),
)  # fmt: skip

#: 摘要 of lines that carry a balance or a subtotal, not a sum received or paid.
_NOT_A_LINE = frozenset({"上年结转", "上年结余", "期初余额", "承前页", "过次页", "本月合计", "本年累计", "本期合计",
                         "本日合计", "本季合计", "累计", "月计", "年计", "结转下年"})  # fmt: skip
_DERIVED = frozenset(s.value for s in LineSource if s is not LineSource.ENTRY)
_SEPARATORS = re.compile(r"\s*[—–\-/／、·:：]+\s*")
#: A sub-item → its category, for the sub-items only one category has ("其他" is in two).
_SUB_ITEM_HOME: dict[str, FundCategory] = {
    item: category
    for category, items in SUB_ITEMS.items()
    for item in items
    if sum(item in others for others in SUB_ITEMS.values()) == 1
}


def category_of(text: str) -> tuple[FundCategory, str] | None:
    """The category (and sub-item, "" when none) a 科目 cell names, or None."""
    text = text.strip()
    for category in FundCategory:
        if text == category.value or text in (category.value.removesuffix("收入"), category.value.removesuffix("支出")):
            return category, ""
    parts = [p for p in _SEPARATORS.split(text) if p]
    if len(parts) == 2:
        found = category_of(parts[0])
        if found is not None:
            return found[0], parts[1]
    if text in _SUB_ITEM_HOME:
        return _SUB_ITEM_HOME[text], text
    return None


def _skip(row: ParsedRow, ctx: RowContext, why: str) -> list[Problem]:
    row.values["_skip"] = True
    row.warnings.append(Problem(row.row, None, why))
    return []


def _rules(session: Session, _matcher: MemberMatcher | None, row: ParsedRow, ctx: RowContext) -> list[Problem]:
    values = row.values
    summary = (values.get("summary") or "").replace(" ", "")
    source = (values.pop("source", None) or "").strip()
    amounts = {k: values.pop(k, None) for k in ("amount_fen", "income_fen", "spending_fen")}
    if summary in _NOT_A_LINE:
        return _skip(row, ctx, f"“{summary}”行不是一笔收支，已跳过")
    if source in _DERIVED:
        return _skip(row, ctx, f"来源为“{source}”的行由{source}台账记录，不另行导入")
    if values.get("date") is None:
        return [Problem(row.row, ctx.header_for("date"), "缺少日期")]
    category_text = values.pop("category", None)
    found = category_of(category_text) if category_text else None
    if category_text and found is None:
        return [Problem(row.row, ctx.header_for("category"),
                        f"“{category_text}”不是经费科目（可选：{'、'.join(c.value for c in FundCategory)}）")]  # fmt: skip
    if found is None and values.get("sub_item") in _SUB_ITEM_HOME:
        found = _SUB_ITEM_HOME[values["sub_item"]], ""
    if found is None:
        return [Problem(row.row, ctx.header_for("category"), "缺少科目（收支类别）")]
    category, sub_item = found
    values["category"] = category.value
    if sub_item and not values.get("sub_item"):
        values["sub_item"] = sub_item
    given = {k: v for k, v in amounts.items() if v}
    if len(given) > 1:
        return [Problem(row.row, ctx.header_for(next(iter(given))), "收入和支出只能填一个金额")]
    if not given:
        return [
            Problem(row.row, ctx.header_for("income_fen" if "income_fen" in _mapped(ctx) else "amount_fen"), "没有金额")
        ]
    ((key, amount),) = given.items()
    if key == "income_fen" and not category.is_income:
        return [Problem(row.row, ctx.header_for(key), f"金额在“收入”列，科目“{category}”却是支出")]
    if key == "spending_fen" and category.is_income:
        return [Problem(row.row, ctx.header_for(key), f"金额在“支出”列，科目“{category}”却是收入")]
    values["amount_fen"] = amount
    return checked(session, STORE, row, _input(values))


def _mapped(ctx: RowContext) -> set[str]:
    return set(ctx.plan.mapping.columns.values())


def _input(values: dict[str, Any]) -> EntryInput:
    return EntryInput(**{k: v for k, v in values.items() if k in STORE.fields and v is not None})


def _key(data: EntryInput) -> tuple[object, ...]:
    return data.date, data.category, data.amount_fen, data.voucher_no, data.summary.strip()


class FundsImporter(RecordImporter[EntryInput]):
    """The small registers' import, all or nothing."""

    def run(self, factory: sessionmaker[Session], plan: ImportPlan, **kwargs: Any) -> ImportSummary:
        if plan.rejected:
            lines = plan.rejection_lines()
            more = f"等 {len(lines)} 处" if len(lines) > 3 else ""
            raise InputError(
                detail=f"文件“{Path(plan.path).name}”中有 {len(plan.rejected)} 行不能导入，整个文件都没有导入"
                f"（现金日记账少记一行，此后的结余都会错）：{'；'.join(lines[:3])}{more}。请改正后再导入"
            )
        kept = replace(plan, accepted=[r for r in plan.accepted if not r.values.get("_skip")])
        return import_records(factory, kept, store=self.store, key=self.key, table=self.table, unit=self.unit, **kwargs)


IMPORTER = FundsImporter(FUNDS_SPEC, _rules, STORE, _key, "fund_entries", "笔")
plan_funds, import_funds = IMPORTER.plan, IMPORTER.run
