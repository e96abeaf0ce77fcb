"""Importing the insurer's list of 职工互助保障 enrollments: 姓名, 身份证号, 参保年度, 保障计划,
缴费金额, 保单号 ….

People are matched on the roster by ID number, else by a unique name (never created). The year is
参保年度 ("2025", "2025年度"), or the year the cover starts (保障起始日期) when the list gives that
instead. One enrollment per member, year and plan: the same list twice changes nothing.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy.orm import Session

from unionbook.services.importing.engine import ParsedRow, Problem, RowContext
from unionbook.services.importing.matching import MemberMatcher, match_person
from unionbook.services.importing.records import RecordImporter, checked
from unionbook.services.importing.spec import Column, Kind, RegisterSpec
from unionbook.services.mutual_aid import STORE, EnrollmentInput

MUTUAL_AID_SPEC = RegisterSpec(
    name="互助保障",
    anchor_keys=frozenset({"name"}),
    columns=(
        Column("name", "姓名", ("被保险人", "参保人", "参保人姓名", "职工姓名", "会员姓名", "被保障人")),
        Column("id_number", "身份证号", ("证件号码", "身份证号码", "公民身份号码", "证件号", "被保险人身份证号"),
               kind=Kind.ID_NUMBER),
        Column("department", "部门", ("所在部门", "车间")),
        Column("year", "参保年度", ("年度", "保障年度", "参保年份", "投保年度", "保障年份")),
        Column("start_date", "保障起始日期", ("生效日期", "保障期间起", "参保日期", "起保日期", "保障开始日期"), kind=Kind.DATE),
        Column("plan", "保障计划", ("保障项目", "参保险种", "险种", "计划名称", "保障类别", "保障类型", "参保项目")),
        Column("contribution_fen", "缴费金额", ("金额", "缴费", "保费", "互助金", "缴费金额（元）", "参保金额", "应缴金额"),
               kind=Kind.MONEY),
        Column("policy_number", "保单号", ("保单号码", "凭证号", "保障凭证号", "互助保障凭证号", "参保凭证号", "保障卡号")),
        Column("notes", "备注"),
    ),
)  # fmt: skip

_YEAR = re.compile(r"^\s*((?:19|20)[0-9]{2})\s*(年度|年)?\s*$")


def _rules(session: Session, matcher: MemberMatcher | None, row: ParsedRow, ctx: RowContext) -> list[Problem]:
    assert matcher is not None
    problems = match_person(row, ctx, matcher)
    if problems:
        return problems
    values = row.values
    text = values.pop("year", None)
    start = values.pop("start_date", None)
    if text is not None:
        found = _YEAR.match(str(text).removesuffix(".0"))
        if found is None:
            return [Problem(row.row, ctx.header_for("year"), f"“{text}”不是年度，请写成 2025 或 2025年度")]
        values["year"] = int(found[1])
    elif start is not None:
        values["year"] = start.year
    else:
        return [Problem(row.row, ctx.header_for("year"), "缺少参保年度（或保障起始日期）")]
    seen: dict[tuple[object, ...], int] = ctx.state.setdefault("seen", {})
    key = (values["member_id"], values["year"], values.get("plan") or "")
    if key in seen:
        row.warnings.append(Problem(row.row, None, f"与第{seen[key]}行是同一人同一年度同一计划，只记一次"))
    seen.setdefault(key, row.row)
    return checked(session, STORE, row, _input(values))


def _input(values: dict[str, Any]) -> EnrollmentInput:
    return EnrollmentInput(**{k: v for k, v in values.items() if k in STORE.fields and v is not None})


IMPORTER = RecordImporter(MUTUAL_AID_SPEC, _rules, STORE, lambda d: (d.member_id, d.year, d.plan),
                          "mutual_aid_enrollments", "人次", people=True)  # fmt: skip
plan_mutual_aid, import_mutual_aid = IMPORTER.plan, IMPORTER.run
