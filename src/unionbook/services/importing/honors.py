"""Importing an honors ledger (荣誉台账) as chairs keep it: 荣誉称号, 授予级别, 授予日期, 授予单位, and
the person (姓名, matched on the roster) or the collective (获奖集体) it went to.

Most ledgers have no 类别 column: the kind is read from the title ("江川市五一劳动奖章" →
五一劳动奖章, "劳模创新工作室" → 创新工作室), and the level too when 级别 is missing ("省劳动模范" →
省部级). A title that names no kind is kept as 其他, with a warning. An honor already registered
(same title, date and holder) is updated or skipped.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from unionbook.domain.union_work import kind_from_title, level_from_title, recipient_of
from unionbook.domain.vocab import HonorKind, HonorLevel, Recipient
from unionbook.services.honors import STORE, HonorInput
from unionbook.services.importing.engine import ParsedRow, Problem, RowContext
from unionbook.services.importing.matching import MemberMatcher, match_person
from unionbook.services.importing.records import RecordImporter, checked, year_only_warning
from unionbook.services.importing.spec import Column, Kind, RegisterSpec, Unknown

HONOR_SPEC = RegisterSpec(
    name="荣誉",
    anchor_keys=frozenset({"title"}),
    columns=(
        Column("title", "荣誉称号", ("荣誉名称", "称号", "荣誉", "奖项名称", "表彰名称", "获奖名称", "荣誉称号名称")),
        Column("kind", "类别", ("荣誉类别", "荣誉类型", "类型"), kind=Kind.CHOICE, vocab=HonorKind, unknown=Unknown.DROP),
        Column("level", "授予级别", ("级别", "荣誉级别", "表彰级别", "获奖级别"), kind=Kind.CHOICE, vocab=HonorLevel,
               unknown=Unknown.DROP),
        Column("awarded_on", "授予日期", ("获得时间", "表彰时间", "获奖时间", "授予时间", "获得日期", "表彰日期", "时间", "日期"),
               kind=Kind.DATE, allow_year=True),
        Column("issuer", "授予单位", ("颁发单位", "表彰单位", "授予机关", "发文单位", "表彰机关")),
        Column("recipient", "授予对象", ("获奖对象", "对象"), kind=Kind.CHOICE, vocab=Recipient, unknown=Unknown.DROP),
        Column("name", "姓名", ("获奖人", "获奖职工", "职工姓名", "获得者", "获奖者")),
        Column("id_number", "身份证号", ("证件号码", "身份证号码", "公民身份号码"), kind=Kind.ID_NUMBER),
        Column("department", "部门", ("所在部门", "车间")),
        Column("collective", "获奖集体", ("集体名称", "获奖单位", "获奖班组", "班组名称", "授予集体")),
        Column("notes", "备注", ("说明",)),
    ),
)  # fmt: skip


def _holder(row: ParsedRow, ctx: RowContext, matcher: MemberMatcher) -> list[Problem]:
    """A person named (姓名/身份证号) is matched on the roster; else the collective names the holder."""
    values = row.values
    if values.get("name") or values.get("id_number"):
        values["recipient"] = Recipient.PERSON.value
        return match_person(row, ctx, matcher)
    if values.get("collective"):
        if values.get("recipient") in (None, Recipient.PERSON.value):
            values["recipient"] = recipient_of(values["collective"]).value
        return []
    if values.get("recipient") == Recipient.UNION.value:
        return []
    return [Problem(row.row, ctx.header_for("name"), "缺少获奖人姓名或获奖集体")]


def _rules(session: Session, matcher: MemberMatcher | None, row: ParsedRow, ctx: RowContext) -> list[Problem]:
    values = row.values
    title = values.get("title")
    if not title:
        return [Problem(row.row, ctx.header_for("title"), "缺少荣誉称号")]
    if not values.get("awarded_on"):
        return [Problem(row.row, ctx.header_for("awarded_on"), "缺少授予日期")]
    assert matcher is not None
    problems = _holder(row, ctx, matcher)
    if problems:
        return problems
    if not values.get("kind"):
        kind = kind_from_title(title)
        if kind is None:
            row.warnings.append(Problem(row.row, ctx.header_for("title"), f"“{title}”看不出荣誉类别，记为“其他”"))
        values["kind"] = (kind or HonorKind.OTHER).value
    if not values.get("level"):
        level = level_from_title(title) or level_from_title(values.get("issuer") or "")
        if level is None:
            return [Problem(row.row, ctx.header_for("level"), "缺少授予级别（全国、省部级、市级、县区级或本单位）")]
        values["level"] = level.value
    year_only_warning(row, ctx, "awarded_on")
    return checked(session, STORE, row, _input(values))


def _input(values: dict[str, Any]) -> HonorInput:
    return HonorInput(**{k: v for k, v in values.items() if k in STORE.fields and v is not None})


IMPORTER = RecordImporter(HONOR_SPEC, _rules, STORE, lambda d: (d.title, d.awarded_on, d.member_id, d.collective),
                          "honors", "项", people=True)  # fmt: skip
plan_honors, import_honors = IMPORTER.plan, IMPORTER.run
