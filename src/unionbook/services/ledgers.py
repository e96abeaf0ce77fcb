"""Row-level lists for the printable 台账 templates (会员花名册, 集体合同台账, 帮扶发放台账, 活动台账).

The figures engine's lists are summaries (by program, expiring contracts …); a 台账 prints every
record. These queries give each record as a dict keyed by the Chinese column names a template
uses (`{{r.姓名}}`), holding only plain values: text ("" for nothing), int, Decimal 元, date.
ID numbers and phones are always masked here — a printed ledger lies on desks; the full numbers
stay in the program (`export --show-id`).

The definitions follow the figures engine (in force at E, open at E, 人次), imported from it, so
a ledger's rows add up to the summary's figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, aliased, sessionmaker

from unionbook.db.models import Activity, AidPayment, CollectiveContract, Member
from unionbook.domain.idnumber import mask_id_number, mask_phone
from unionbook.domain.money import fen_to_yuan
from unionbook.domain.vocab import MEMBERSHIP_STATUS_LABELS, ContractType, MembershipEventKind
from unionbook.services.figures.activities import headcount
from unionbook.services.figures.period import Period
from unionbook.services.member_status import join_date_column, latest_employment_status, latest_membership_kind

Row = dict[str, Any]

#: Ledger list name → its columns (what `{{r.列名}}` may use), for the catalogue and the checks.
LEDGERS: dict[str, tuple[str, ...]] = {
    "会员明细": (
        "姓名", "性别", "出生日期", "民族", "证件号码", "学历", "政治面貌", "部门", "岗位", "就业状况",
        "会籍状态", "入会日期", "会员卡号", "手机号", "是否农民工", "备注",
    ),
    "集体合同明细": (
        "标题", "类型", "企业方", "协商日期", "职代会通过日期", "签订日期", "备案日期", "生效日期", "终止日期",
        "覆盖企业数", "覆盖职工数", "覆盖女职工数", "工资增长幅度", "状态", "续签自", "备注",
    ),
    "帮扶发放明细": (
        "日期", "姓名", "部门", "项目", "金额", "实物", "实物价值", "资金来源", "困难职工", "签收", "备注",
    ),
    "活动明细": (
        "名称", "类别", "日期", "结束日期", "地点", "角色", "人次", "经费", "资金来源", "应到", "实到",
        "提案数", "已办结提案数", "成果", "摘要",
    ),
}  # fmt: skip

LEDGER_DESCRIPTIONS: dict[str, str] = {
    "会员明细": "期末的全部会员（含保留会籍），按部门、姓名排列；证件号码和手机号部分隐藏。",
    "集体合同明细": "本期内有效过或本期内签订的集体合同，含期末状态。",
    "帮扶发放明细": "本期内的每一笔帮扶/慰问发放，按日期排列。",
    "活动明细": "本期内开始的每一场活动和会议，按日期排列。",
}

EXPIRING_DAYS = 90  # 即将到期 (DESIGN.md, CollectiveContract status)


def _text(value: object) -> str:
    return "" if value is None else str(value)


def members_rows(session: Session, period: Period) -> list[Row]:
    """Everyone whose membership at E is active or 保留, in department then pinyin order."""
    kind = latest_membership_kind(period.end).label("kind")
    status = latest_employment_status(period.end).label("status")
    joined = join_date_column().label("joined")
    kept = [k.value for k in (*MembershipEventKind.active(), MembershipEventKind.RETAIN)]
    query = (
        select(Member, kind, status, joined)
        .where(kind.in_(kept))
        .order_by(Member.department.is_(None), Member.department, Member.name_pinyin, Member.id)
    )
    rows = []
    for member, kind_value, status_value, joined_on in session.execute(query):
        rows.append({
            "姓名": member.name,
            "性别": _text(member.gender),
            "出生日期": member.birth_date or "",
            "民族": _text(member.ethnicity),
            "证件号码": mask_id_number(member.id_number),
            "学历": _text(member.education),
            "政治面貌": _text(member.political_status),
            "部门": _text(member.department),
            "岗位": _text(member.position),
            "就业状况": _text(status_value),
            "会籍状态": MEMBERSHIP_STATUS_LABELS.get(kind_value, ""),
            "入会日期": joined_on or "",
            "会员卡号": _text(member.member_card_no),
            "手机号": mask_phone(member.phone),
            "是否农民工": "是" if member.is_migrant_worker else "否",
            "备注": _text(member.notes),
        })  # fmt: skip
    return rows


def contract_status(contract: CollectiveContract, at: date, renewed: bool) -> str:
    """未生效, 有效, 即将到期 (≤ 90 days), 已到期, 已续签, 已终止 — as at a date."""
    if contract.terminated_on is not None and contract.terminated_on < at:
        return "已终止"
    if contract.effective_from is None or contract.effective_from > at:
        return "未生效"
    if contract.effective_to is not None and contract.effective_to < at:
        return "已续签" if renewed else "已到期"
    if contract.effective_to is not None and contract.effective_to <= at + timedelta(days=EXPIRING_DAYS):
        return "已续签" if renewed else "即将到期"
    return "有效"


def contracts_rows(session: Session, period: Period) -> list[Row]:
    """Contracts in force at some time within P, or signed within P; by type, then start date."""
    c = CollectiveContract
    overlapping = and_(
        c.effective_from <= period.end,
        or_(c.effective_to.is_(None), c.effective_to >= period.start),
        or_(c.terminated_on.is_(None), c.terminated_on >= period.start),
    )
    contracts = list(
        session.execute(select(c).where(or_(overlapping, c.signed_on.between(period.start, period.end)))).scalars()
    )
    renewal = aliased(CollectiveContract)
    renewed_ids = {
        r
        for (r,) in session.execute(
            select(renewal.renews_id).where(renewal.renews_id.is_not(None), renewal.signed_on <= period.end)
        )
    }
    titles: dict[int, str] = {id_: title for id_, title in session.execute(select(c.id, c.title))}
    order = {t.value: i for i, t in enumerate(ContractType)}
    contracts.sort(key=lambda x: (order.get(x.kind, 99), x.effective_from or date.max, x.id))
    rows = []
    for x in contracts:
        rows.append({
            "标题": x.title,
            "类型": x.kind,
            "企业方": _text(x.employer),
            "协商日期": x.negotiated_on or "",
            "职代会通过日期": x.congress_approved_on or "",
            "签订日期": x.signed_on or "",
            "备案日期": x.filed_on or "",
            "生效日期": x.effective_from or "",
            "终止日期": x.effective_to or "",
            "覆盖企业数": x.covered_enterprises if x.covered_enterprises is not None else "",
            "覆盖职工数": x.covered_employees if x.covered_employees is not None else "",
            "覆盖女职工数": x.covered_female if x.covered_female is not None else "",
            "工资增长幅度": f"{Decimal(x.wage_increase_bp) / 100:.2f}%" if x.wage_increase_bp is not None else "",
            "状态": contract_status(x, period.end, x.id in renewed_ids),
            "续签自": titles.get(x.renews_id, "") if x.renews_id else "",
            "备注": _text(x.notes),
        })  # fmt: skip
    return rows


def payments_rows(session: Session, period: Period) -> list[Row]:
    """Every disbursement within P, by date, program and name."""
    query = (
        select(AidPayment, Member.name, Member.department)
        .join(Member, Member.id == AidPayment.member_id)
        .where(AidPayment.date.between(period.start, period.end))
        .order_by(AidPayment.date, AidPayment.program, Member.name_pinyin, AidPayment.id)
    )
    rows = []
    for payment, name, department in session.execute(query):
        rows.append({
            "日期": payment.date,
            "姓名": name,
            "部门": _text(department),
            "项目": payment.program,
            "金额": fen_to_yuan(payment.amount_fen or 0),
            "实物": _text(payment.goods),
            "实物价值": fen_to_yuan(payment.goods_value_fen or 0),
            "资金来源": _text(payment.funding_source),
            "困难职工": "是" if payment.hardship_file_id else "",
            "签收": "已签收" if payment.signed else "未签收",
            "备注": _text(payment.notes),
        })  # fmt: skip
    return rows


def activities_rows(session: Session, period: Period) -> list[Row]:
    """Every activity starting within P, by date."""
    query = (
        select(Activity, headcount().label("headcount"))
        .where(Activity.start_date.between(period.start, period.end))
        .order_by(Activity.start_date, Activity.id)
    )
    rows = []
    for activity, people in session.execute(query):
        rows.append({
            "名称": activity.name,
            "类别": activity.category,
            "日期": activity.start_date,
            "结束日期": activity.end_date or "",
            "地点": _text(activity.location),
            "角色": _text(activity.role),
            "人次": int(people or 0),
            "经费": fen_to_yuan(activity.cost_fen or 0),
            "资金来源": _text(activity.funding_source),
            "应到": activity.expected_attendance if activity.expected_attendance is not None else "",
            "实到": activity.actual_attendance if activity.actual_attendance is not None else "",
            "提案数": activity.proposals if activity.proposals is not None else "",
            "已办结提案数": activity.proposals_closed if activity.proposals_closed is not None else "",
            "成果": _text(activity.outcome),
            "摘要": _text(activity.summary),
        })  # fmt: skip
    return rows


_QUERIES = {
    "会员明细": members_rows,
    "集体合同明细": contracts_rows,
    "帮扶发放明细": payments_rows,
    "活动明细": activities_rows,
}


def ledger_lists(factory: sessionmaker[Session], period: Period, names: Iterable[str]) -> dict[str, list[Row]]:
    """The named ledger lists (only those: a 100,000-person roster is not read for a summary)."""
    wanted = [name for name in _QUERIES if name in set(names)]
    if not wanted:
        return {}
    with factory() as session:
        return {name: _QUERIES[name](session, period) for name in wanted}
