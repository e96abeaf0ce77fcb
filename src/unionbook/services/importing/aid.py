"""Importing disbursement lists (the list the upper union or finance already has) and hardship files.

People are matched by ID number, else by a unique name (importing/matching.py); an unmatched person
is a rejected row, never a silently created member. `--program` and `--date` fill columns the list
does not have (a 送温暖 list often has only names and amounts). The same disbursement (person,
program, date, amount) imported twice is recorded once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, Unpack

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from unionbook.db.models import AidPayment, HardshipFile
from unionbook.domain.codelists import to_vocab
from unionbook.domain.errors import ValidationError
from unionbook.domain.vocab import AidProgram, FundingSource, HardshipCategory, HardshipCause, HardshipCloseReason
from unionbook.services.aid import (
    HARDSHIP_PROGRAMS,
    HardshipInput,
    PaymentInput,
    file_open_on,
    open_files_at,
    rule_payment,
    validate_hardship,
    validate_payment,
)
from unionbook.services.importing.engine import (
    ImportPlan,
    ParsedRow,
    PlanOptions,
    Problem,
    RowContext,
    RowRules,
    invalid_as_problem,
    plan_import,
)
from unionbook.services.importing.matching import MemberMatcher, match_person
from unionbook.services.importing.spec import Column, Kind, RegisterSpec, Unknown
from unionbook.services.importing.writing import ImportSummary, Outcome, RowWriter, WriteOptions, write_plan
from unionbook.services.spending_rules import RunningCheck, record_breaches

_PERSON = (
    Column("name", "姓名", ("职工姓名", "受助人", "领取人", "慰问对象")),
    Column("id_number", "身份证号", ("证件号码", "身份证号码", "公民身份号码", "证件号"), kind=Kind.ID_NUMBER),
    Column("department", "部门", ("所在部门", "单位", "班组")),
)

AID_SPEC = RegisterSpec(
    name="帮扶发放",
    anchor_keys=frozenset({"name"}),
    ignored_headers=("序号", "编号", "批次", "已签收", "签字", "签名"),  # our export's extras, the sheet's signature column
    columns=(
        *_PERSON,
        Column("program", "项目", ("帮扶项目", "慰问项目", "类别"), kind=Kind.CHOICE, vocab=AidProgram, unknown=Unknown.REJECT),
        Column("date", "发放日期", ("日期", "慰问日期", "时间"), kind=Kind.DATE),
        Column("amount_fen", "金额", ("金额（元）", "慰问金", "救助金", "助学金", "发放金额", "金额(元)"), kind=Kind.MONEY),
        Column("goods", "实物", ("慰问品", "物品")),
        Column("goods_value_fen", "实物价值", ("慰问品价值", "物品价值"), kind=Kind.MONEY),
        Column("funding_source", "资金来源", ("经费来源",), kind=Kind.CHOICE, vocab=FundingSource, unknown=Unknown.REJECT),
        Column("notes", "备注"),
    ),
)  # fmt: skip

HARDSHIP_SPEC = RegisterSpec(
    name="困难职工档案",
    anchor_keys=frozenset({"name"}),
    ignored_headers=("序号", "编号", "状态"),
    columns=(
        *_PERSON,
        Column("category", "困难类别", ("困难类型", "类别"), kind=Kind.CHOICE, vocab=HardshipCategory, unknown=Unknown.REJECT),
        Column("causes", "致困原因", ("困难原因",)),
        Column("opened_on", "建档日期", ("建档时间", "建档年月"), kind=Kind.DATE),
        Column("household_size", "家庭人口", ("家庭人数", "家庭人口数"), kind=Kind.INT),
        Column("income_per_capita_fen", "人均月收入", ("家庭人均月收入", "人均收入"), kind=Kind.MONEY),
        Column("closed_on", "脱困日期", ("解困日期", "销档日期"), kind=Kind.DATE),
        Column("close_reason", "脱困原因", ("销档原因",), kind=Kind.CHOICE, vocab=HardshipCloseReason, unknown=Unknown.REJECT),
    ),
)  # fmt: skip


def _person_rules(matcher: MemberMatcher, checks: RowRules, validate: Callable[[dict[str, Any]], object]) -> RowRules:
    """The rules of a list about people: the person is registered (match_person), the register's own
    `checks` pass, and so does the service's validation of the record (the dialog's)."""

    def rules(row: ParsedRow, ctx: RowContext) -> list[Problem]:
        problems = match_person(row, ctx, matcher) or checks(row, ctx)
        if not problems:
            with invalid_as_problem(row, problems):
                validate(row.values)
        return problems

    return rules


def plan_aid(
    path: Path,
    factory: sessionmaker[Session],
    *,
    default_program: str | None = None,
    default_date: date | None = None,
    **options: Unpack[PlanOptions],
) -> ImportPlan:
    """Check a disbursement list; `default_program`/`default_date` fill what the list lacks."""
    if default_program is not None and to_vocab(AidProgram, default_program) is None:
        raise ValidationError(field="--program", detail=f"“{default_program}”不是帮扶项目（可选：{'、'.join(AidProgram)}）")
    program = to_vocab(AidProgram, default_program) if default_program else None
    with factory() as session:
        matcher = MemberMatcher(session)

    def program_and_date(row: ParsedRow, ctx: RowContext) -> list[Problem]:
        values = row.values
        values["program"] = values.get("program") or program
        values["date"] = values.get("date") or default_date
        problems = []
        if not values["program"]:
            problems.append(Problem(row.row, ctx.header_for("program"), "缺少帮扶项目（表中没有“项目”列时，导入时请指定整张表的项目）"))
        if not values["date"]:
            problems.append(Problem(row.row, ctx.header_for("date"), "缺少发放日期（表中没有“日期”列时，导入时请指定整张表的日期）"))
        return problems

    rules = _person_rules(matcher, program_and_date, lambda values: validate_payment(_payment(values)))
    plan = plan_import(path, AID_SPEC, rules, **options)
    _warn_breaches(factory, plan)
    return plan


def _warn_breaches(factory: sessionmaker[Session], plan: ImportPlan) -> None:
    """A row that breaks a spending rule (开支标准) is imported all the same — the list is what was
    paid — but warned about, and recorded as a breach when written (`_payment_rows`)."""
    with factory() as session:
        seen = _recorded(session)
        checker = RunningCheck(session)
        for row in plan.accepted:
            data = _payment(row.values)
            key = (data.member_id, data.program, data.date, data.amount_fen)
            if key in seen:
                continue  # recorded already: the import leaves it alone
            seen.add(key)
            for breach in checker(rule_payment(data)):
                row.warnings.append(Problem(row.row, None, f"超出开支标准：{breach.message}（仍会导入，并记入合规检查）"))


def _recorded(session: Session) -> set[tuple]:
    """(person, program, date, amount) of every payment on file: the same one imported again is left alone."""
    return {tuple(r) for r in session.execute(select(AidPayment.member_id, AidPayment.program, AidPayment.date, AidPayment.amount_fen))}


def _payment(values: dict) -> PaymentInput:
    return PaymentInput(
        member_id=values["member_id"],
        program=values["program"],
        date=values["date"],
        amount_fen=values.get("amount_fen") or 0,
        goods=values.get("goods") or "",
        goods_value_fen=values.get("goods_value_fen") or 0,
        funding_source=values.get("funding_source"),
        notes=values.get("notes") or "",
    )


def _payment_rows(session: Session, on_duplicate: str, file_name: str) -> RowWriter:
    """A payment is a fact: one already recorded (same person, program, date and amount) is left
    alone, whatever `on_duplicate` says. One that breaks a spending rule is written and its breach
    recorded, the reason naming the file (nobody confirmed it row by row)."""
    seen = _recorded(session)
    files = open_files_at(session)
    checker = RunningCheck(session)
    reason = f"由导入文件“{file_name}”记录，导入时未逐笔填写原因"

    def write(row: ParsedRow) -> Outcome:
        data = _payment(row.values)
        key = (data.member_id, data.program, data.date, data.amount_fen)
        if key in seen:
            return "unchanged"
        seen.add(key)
        record = AidPayment(
            member_id=data.member_id, program=data.program, date=data.date, amount_fen=data.amount_fen,
            goods=data.goods or None, goods_value_fen=data.goods_value_fen, funding_source=data.funding_source,
            notes=data.notes or None, signed=False,  # ticked when the signed sheet comes back
            hardship_file_id=file_open_on(files, data.member_id, data.date) if data.program in HARDSHIP_PROGRAMS else None,
        )  # fmt: skip
        breaches = checker(rule_payment(data))  # first: its totals query must not see this row
        session.add(record)
        if breaches:
            session.flush()
            record_breaches(session, breaches, [record.id], reason)
        return "new"

    return write


def import_aid(factory: sessionmaker[Session], plan: ImportPlan, **options: Unpack[WriteOptions]) -> ImportSummary:
    """Record the accepted disbursements in one transaction; one already recorded (same person,
    program, date and amount) is left alone, whatever `on_duplicate` says: a payment is a fact."""
    def prepare(session: Session, on_duplicate: str) -> RowWriter:
        return _payment_rows(session, on_duplicate, plan.path.name)

    return write_plan(factory, plan, prepare, table="aid_payments", unit="笔", outcomes=("new", "unchanged"),
                      progress_every=500, **options)  # fmt: skip


_CAUSE_SPLIT = re.compile(r"[、,，;；/\s]+")


def plan_hardship(path: Path, factory: sessionmaker[Session], **options: Unpack[PlanOptions]) -> ImportPlan:
    with factory() as session:
        matcher = MemberMatcher(session)
        open_now = {m: opened for m, opened in session.execute(
            select(HardshipFile.member_id, HardshipFile.opened_on).where(HardshipFile.closed_on.is_(None)))}  # fmt: skip

    def file_checks(row: ParsedRow, ctx: RowContext) -> list[Problem]:
        values = row.values
        if not values.get("category"):
            return [Problem(row.row, ctx.header_for("category"), "缺少困难类别")]
        if not values.get("opened_on"):
            return [Problem(row.row, ctx.header_for("opened_on"), "缺少建档日期")]
        causes = []
        for part in _CAUSE_SPLIT.split(values.get("causes") or ""):
            if not part:
                continue
            label = part if part in list(HardshipCause) else ("因" + part if "因" + part in list(HardshipCause) else None)
            if label is None:
                row.warnings.append(Problem(row.row, ctx.header_for("causes"), f"“{part}”不在致困原因代码表中，记为“其他”"))
                label = HardshipCause.OTHER.value
            causes.append(label)
        values["causes"] = tuple(dict.fromkeys(causes))
        if not values.get("closed_on"):
            # 一户一档: one open file per household, in the database and within the sheet.
            opened = open_now.get(values["member_id"])
            if opened is not None and opened != values["opened_on"]:
                return [Problem(row.row, ctx.header_for("name"),
                                f"此人已有在档的困难职工档案（建档日期 {opened}），一户一档；如需重新建档请先关闭原档案")]  # fmt: skip
            open_now[values["member_id"]] = values["opened_on"]
        return []

    rules = _person_rules(matcher, file_checks, lambda values: validate_hardship(_hardship(values)))
    return plan_import(path, HARDSHIP_SPEC, rules, **options)


def _hardship(values: dict) -> HardshipInput:
    return HardshipInput(
        member_id=values["member_id"], category=values["category"], opened_on=values["opened_on"],
        causes=values.get("causes") or (), household_size=values.get("household_size"),
        income_per_capita_fen=values.get("income_per_capita_fen"), closed_on=values.get("closed_on"),
        close_reason=values.get("close_reason"),
    )  # fmt: skip


def _file_state(record: HardshipFile) -> tuple:
    """What an import may change on a file: compared before and after to count it updated."""
    return (record.category, record.causes, record.household_size, record.income_per_capita_fen, record.closed_on,
            record.close_reason)  # fmt: skip


def _hardship_rows(session: Session, on_duplicate: str) -> RowWriter:
    existing = {(f.member_id, f.opened_on): f for f in session.scalars(select(HardshipFile))}

    def write(row: ParsedRow) -> Outcome:
        data = validate_hardship(_hardship(row.values))
        current = existing.get((data.member_id, data.opened_on))
        if current is not None and on_duplicate == "skip":
            return "skipped"
        record = current or HardshipFile(member_id=data.member_id, opened_on=data.opened_on)
        before = None if current is None else _file_state(current)
        record.category = data.category
        if data.causes:
            record.causes = "、".join(data.causes)
        elif current is None:
            record.causes = ""
        for name in ("household_size", "income_per_capita_fen", "closed_on", "close_reason"):
            if getattr(data, name) is not None:
                setattr(record, name, getattr(data, name))
        if current is None:
            session.add(record)
            existing[(data.member_id, data.opened_on)] = record
            return "new"
        return "updated" if _file_state(record) != before else "unchanged"

    return write


def import_hardship(factory: sessionmaker[Session], plan: ImportPlan, **options: Unpack[WriteOptions]) -> ImportSummary:
    """A file already registered (same person and 建档日期) is updated or skipped."""
    return write_plan(factory, plan, _hardship_rows, table="hardship_files", unit="户", **options)
