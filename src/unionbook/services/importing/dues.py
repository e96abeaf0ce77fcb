"""Importing the payroll's 会费代扣名单: 姓名, 身份证号, 月份, 代扣金额 (and 扣款日期 when it says).

Finance deducts the month's dues from everybody's pay and hands the chair the list; importing it
marks those months paid by 工资代扣. People are matched on the roster as every list matches them
(ID number, else a unique name; never created). A month not generated yet is generated first for
the people on the list (services/dues/generate.py, the same rule as 生成本月应缴).

All or nothing: a payment list with a wrong row is a list finance must correct (a name not on the
roster, an amount that is not money, a month that is not a month, a person who was no member that
month), so one rejected row refuses the whole file, naming file, sheet, row and column (exit 2,
nothing written). The same list twice changes nothing: a month already paid with the same amount is
left as it is; paid with another amount, it is a rejected row (撤销缴纳 first, then import again).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from unionbook.db.models import DuesMonth
from unionbook.db.models._types import bumped_version
from unionbook.domain.dues import month_end, month_label, parse_month
from unionbook.domain.errors import InputError, OperationCancelled
from unionbook.domain.money import format_yuan
from unionbook.domain.vocab import AuditAction, DuesMethod
from unionbook.services import audit
from unionbook.services.dues.generate import Due, generate_in_session, month_facts
from unionbook.services.dues.settings import read_rule
from unionbook.services.importing import history as import_history
from unionbook.services.importing.engine import ImportPlan, ParsedRow, Problem, RowContext, plan_import
from unionbook.services.importing.matching import MemberMatcher, match_person
from unionbook.services.importing.members import ImportSummary
from unionbook.services.importing.spec import Column, Kind, RegisterSpec

DUES_SPEC = RegisterSpec(
    name="会费",
    anchor_keys=frozenset({"name", "id_number"}),
    columns=(
        Column("name", "姓名", ("职工姓名", "会员姓名", "员工姓名")),
        Column("id_number", "身份证号", ("证件号码", "身份证号码", "公民身份号码", "证件号"), kind=Kind.ID_NUMBER),
        Column("department", "部门", ("所在部门", "车间", "部门名称")),
        Column("month", "月份", ("所属月份", "扣款月份", "缴费月份", "会费月份", "年月", "工资月份", "代扣月份")),
        Column("amount_fen", "代扣金额", ("扣款金额", "代扣会费", "工会会费", "会费", "会费金额", "实缴金额", "缴纳金额",
                                          "金额", "代扣金额（元）", "实扣金额"), kind=Kind.MONEY),
        Column("paid_on", "扣款日期", ("代扣日期", "缴纳日期", "发薪日期", "缴费日期"), kind=Kind.DATE),
        Column("notes", "备注"),
    ),
)  # fmt: skip


class _Months:
    """Per plan: each month's rows already in the ledger and who is due that month (one query a month)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.rule = read_rule(session)
        self._stored: dict[date, dict[int, tuple[int | None, date | None]]] = {}
        self._due: dict[date, dict[int, Due]] = {}

    def stored(self, month: date) -> dict[int, tuple[int | None, date | None]]:
        if month not in self._stored:
            rows = self.session.execute(select(DuesMonth.member_id, DuesMonth.paid_fen, DuesMonth.paid_on)
                                        .where(DuesMonth.month == month))  # fmt: skip
            self._stored[month] = {member: (paid, on) for member, paid, on in rows}
        return self._stored[month]

    def due(self, month: date) -> dict[int, Due]:
        if month not in self._due:
            self._due[month] = {d.member_id: d for d in month_facts(self.session, month, self.rule)}
        return self._due[month]


def _rules(session: Session, matcher: MemberMatcher, months: _Months, row: ParsedRow, ctx: RowContext) -> list[Problem]:
    problems = match_person(row, ctx, matcher)
    if problems:
        return problems
    values = row.values
    if values.get("month") is None:
        return [Problem(row.row, ctx.header_for("month"), "缺少月份（请写成 2025-03、2025年3月 或 202503）")]
    try:
        month = values["month"] = parse_month(values["month"])
    except ValueError as exc:
        return [Problem(row.row, ctx.header_for("month"), str(exc))]
    amount = values.get("amount_fen")
    if amount is None:
        return [Problem(row.row, ctx.header_for("amount_fen"), "缺少代扣金额")]
    member_id = values["member_id"]
    seen: dict[tuple[int, date], int] = ctx.state.setdefault("seen", {})
    if (member_id, month) in seen:
        return [Problem(row.row, ctx.header_for("name"), f"与第{seen[member_id, month]}行是同一人同一月份（{month_label(month)}）")]
    seen[member_id, month] = row.row
    stored = months.stored(month).get(member_id)
    if stored is not None and stored[1] is not None and stored[0] != amount:
        return [Problem(row.row, ctx.header_for("amount_fen"),
                        f"{month_label(month)}已登记缴纳 {format_yuan(stored[0] or 0)} 元（{stored[1]}），与代扣 "
                        f"{format_yuan(amount)} 元不同；如需更正，请先在会费台账中撤销缴纳")]  # fmt: skip
    due = months.due(month).get(member_id)
    if stored is None and due is None:
        return [Problem(row.row, ctx.header_for("month"), f"此人{month.year}年{month.month}月不是在册会员，不应扣缴会费")]
    if due is not None and due.exempt_reason:
        row.warnings.append(Problem(row.row, None, f"此人{month_label(month)}免缴（{due.exempt_reason}），仍按代扣记为已缴"))
    elif due is not None and due.wage_fen is not None and due.due_fen != amount:
        row.warnings.append(Problem(row.row, ctx.header_for("amount_fen"),
                                    f"代扣 {format_yuan(amount)} 元，与按工资基数应缴的 {format_yuan(due.due_fen)} 元不同"))  # fmt: skip
    return []


def plan_dues(path: Path, factory: sessionmaker[Session], **kwargs: Any) -> ImportPlan:
    """Read and check the list; nothing is written."""
    with factory() as session:
        matcher, months = MemberMatcher(session), _Months(session)
        return plan_import(path, DUES_SPEC, lambda row, ctx: _rules(session, matcher, months, row, ctx), **kwargs)


def refuse_if_rejected(plan: ImportPlan, why: str) -> None:
    """The all-or-nothing rule: InputError naming the first rejected rows (file, sheet, row, column)."""
    if not plan.rejected:
        return
    lines = plan.rejection_lines()
    more = f"等 {len(lines)} 处" if len(lines) > 3 else ""
    raise InputError(detail=f"文件“{Path(plan.path).name}”中有 {len(plan.rejected)} 行不能导入，整个文件都没有导入"
                            f"（{why}）：{'；'.join(lines[:3])}{more}。请改正后再导入")  # fmt: skip


def import_dues(
    factory: sessionmaker[Session],
    plan: ImportPlan,
    *,
    on_duplicate: str = "update",
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportSummary:
    """Mark every listed month paid by 工资代扣, in one transaction (after generating missing rows)."""
    refuse_if_rejected(plan, "代扣名单须与工资表一致")
    today = date.today()
    counts = {"new": 0, "unchanged": 0}
    with factory.begin() as session:
        rule = read_rule(session)
        by_month: dict[date, list[ParsedRow]] = {}
        for row in plan.accepted:
            by_month.setdefault(row.values["month"], []).append(row)
        for done, (month, rows) in enumerate(sorted(by_month.items())):
            if cancelled is not None and cancelled():
                raise OperationCancelled()
            if progress is not None:
                progress(done, len(by_month))
            listed = [r.values["member_id"] for r in rows]
            have = set(session.scalars(select(DuesMonth.member_id).where(DuesMonth.month == month, DuesMonth.member_id.in_(listed))))
            missing = [m for m in listed if m not in have]
            if missing:
                generate_in_session(session, month, rule, missing, remove=False)
            stored = {m: (i, on) for i, m, on in session.execute(
                select(DuesMonth.id, DuesMonth.member_id, DuesMonth.paid_on).where(
                    DuesMonth.month == month, DuesMonth.member_id.in_(listed)))}  # fmt: skip
            changes = []
            for row in rows:
                row_id, paid_on = stored[row.values["member_id"]]
                if paid_on is not None:
                    counts["unchanged"] += 1
                    continue
                day = row.values.get("paid_on") or min(month_end(month), today)
                changes.append({"b_id": row_id, "paid_fen": row.values["amount_fen"], "paid_on": day,
                                "notes": row.values.get("notes")})  # fmt: skip
            if changes:
                session.execute(update(DuesMonth.__table__).where(DuesMonth.__table__.c.id == bindparam("b_id")).values(
                    paid_fen=bindparam("paid_fen"), paid_on=bindparam("paid_on"), method=DuesMethod.PAYROLL.value,
                    notes=func.coalesce(bindparam("notes"), DuesMonth.__table__.c.notes), **bumped_version(DuesMonth.__table__)),
                    changes)  # fmt: skip
                counts["new"] += len(changes)
        summary = ImportSummary(counts["new"], 0, counts["unchanged"], 0, 0, len(plan.warnings), unit="人次")
        audit.record(session, AuditAction.IMPORT, "dues_months", {"file": str(plan.path), "sheet": plan.sheet,
                     "new": counts["new"], "unchanged": counts["unchanged"], "rejected": 0})  # fmt: skip
        return replace(summary, history_id=import_history.record(session, plan, summary))
