"""Importing a rights ledger (维权台账 / 法律咨询登记 / 职工诉求台账): 类别, 事项/诉求内容, 受理日期,
办结日期, 结果, 当事人.

A case without a 结果 is 办理中 while it has no 办结日期. The person is kept in words (a member of
the roster is linked when the name is unique there); a name masked by our own export ("王*") says
nothing and leaves the stored name as it is. A case already registered (same kind, 受理日期 and
事项) is updated or skipped. Imported cases are private, like those entered by hand.
"""

from __future__ import annotations


from sqlalchemy.orm import Session

from unionbook.domain.cells import clean_name
from unionbook.domain.vocab import CaseKind, CaseOutcome
from unionbook.services.importing.engine import ParsedRow, Problem, RowContext
from unionbook.services.importing.matching import MemberMatcher
from unionbook.services.importing.records import RecordImporter, checked
from unionbook.services.importing.spec import Column, Kind, RegisterSpec, Unknown
from unionbook.services.rights_cases import STORE, CaseInput

CASE_SPEC = RegisterSpec(
    name="维权",
    anchor_keys=frozenset({"request"}),
    columns=(
        Column("kind", "类别", ("类型", "案件类别", "事项类别", "维权类别", "服务类别"), kind=Kind.CHOICE, vocab=CaseKind,
               unknown=Unknown.REJECT),
        Column("request", "事项", ("诉求内容", "咨询内容", "内容", "争议事项", "诉求事项", "主要诉求", "事由", "来访事由")),
        Column("opened_on", "受理日期", ("受理时间", "咨询日期", "登记日期", "来访日期", "日期", "时间"), kind=Kind.DATE),
        Column("closed_on", "办结日期", ("办结时间", "结案日期", "完成日期", "答复日期"), kind=Kind.DATE),
        Column("outcome", "结果", ("办理结果", "处理结果", "调解结果", "结案情况", "办结情况"), kind=Kind.CHOICE,
               vocab=CaseOutcome, unknown=Unknown.REJECT),
        Column("person_name", "当事人", ("姓名", "职工姓名", "来访人", "咨询人", "申请人", "诉求人")),
        Column("handling", "办理情况", ("处理情况", "处理过程", "答复内容", "调解情况", "办理过程")),
    ),
)  # fmt: skip


def _rules(session: Session, matcher: MemberMatcher | None, row: ParsedRow, ctx: RowContext) -> list[Problem]:
    values = row.values
    if not values.get("request"):
        return [Problem(row.row, ctx.header_for("request"), "缺少事项（诉求内容）")]
    missing = [(key, text) for key, text in (("kind", "缺少类别（法律咨询、劳动争议调解、法律援助或职工诉求/办实事）"),
                                              ("opened_on", "缺少受理日期")) if not values.get(key)]  # fmt: skip
    if missing:
        return [Problem(row.row, ctx.header_for(key), text) for key, text in missing]
    if not values.get("outcome"):
        if values.get("closed_on"):
            return [Problem(row.row, ctx.header_for("outcome"), "已填写办结日期，缺少结果（调解成功、已解决、转交……）")]
        values["outcome"] = CaseOutcome.OPEN.value
    name = values.get("person_name")
    if name and "*" in name:
        values["person_name"] = None  # masked by an export: keeps what is stored
    elif name and matcher is not None:
        values["person_name"] = clean_name(name)
        member_id, _why = matcher.match(values["person_name"], None, None)
        values["member_id"] = member_id  # unique on the roster: linked; else the name alone
    return checked(session, STORE, row, CaseInput(**{k: v for k, v in values.items() if v is not None}))


IMPORTER = RecordImporter(CASE_SPEC, _rules, STORE, lambda d: (d.kind, d.opened_on, d.request), "rights_cases", "件",
                          people=True)  # fmt: skip
plan_cases, import_cases = IMPORTER.plan, IMPORTER.run
