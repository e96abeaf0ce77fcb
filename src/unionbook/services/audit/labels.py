"""How an entry reads to a chair (设置 → 操作记录, `unionbook audit`): Chinese labels for actions,
registers and fields, the record's name, a one-line summary, personal numbers masked.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path, PureWindowsPath
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from unionbook.db.models import AuditEntry
from unionbook.domain.idnumber import mask_id_number, mask_phone
from unionbook.domain.vocab import AuditAction

# --- reading the trail (设置 → 操作记录, `unionbook audit`) ------------------------------------

#: The kinds of operation a chair filters by, in the order the filter lists them.
ACTION_LABELS: dict[str, str] = {
    AuditAction.CREATE.value: "新增",
    AuditAction.UPDATE.value: "修改",
    AuditAction.DELETE.value: "删除",
    AuditAction.IMPORT.value: "导入",
    AuditAction.EXPORT.value: "导出",
    AuditAction.RESTORE.value: "恢复",
    AuditAction.DEMO.value: "演示数据",
}

#: What each table is called on screen ("database" and "documents" are not tables: a restore
#: replaces the whole file; a document is written from every register).
TABLE_LABELS: dict[str, str] = {
    "members": "会员",
    "membership_events": "会籍变化",
    "employment_events": "就业状况",
    "collective_contracts": "集体合同",
    "activities": "活动",
    "activity_attendance": "活动签到",
    "hardship_files": "困难职工档案",
    "hardship_family_members": "困难职工家庭成员",
    "hardship_reviews": "档案复核",
    "aid_batches": "批量发放",
    "aid_payments": "帮扶发放",
    "honors": "荣誉",
    "positions": "阵地",
    "rights_cases": "维权",
    "mutual_aid_enrollments": "互助保障",
    "attachments": "附件",
    "union_profile": "工会信息",
    "app_settings": "设置",
    "documents": "文档",
    "audit_log": "操作记录",
    "import_records": "导入记录",
    "database": "数据库",
    "spending_rules": "开支标准",
    "rule_breaches": "超标准发放",
    "wage_bases": "工资基数",
    "dues_months": "会费收缴",
    "dues_exemptions": "免缴登记",
    "fund_entries": "经费收支",
    "fund_budgets": "经费预算",
}

#: The register filter: what a chair calls a register → the tables it covers.
REGISTER_TABLES: dict[str, tuple[str, ...]] = {
    "会员": ("members", "membership_events", "employment_events"),
    "集体合同": ("collective_contracts",),
    "帮扶": ("hardship_files", "hardship_family_members", "hardship_reviews", "aid_batches", "aid_payments"),
    "活动": ("activities", "activity_attendance"),
    "荣誉": ("honors",),
    "阵地": ("positions",),
    "维权": ("rights_cases",),
    "互助保障": ("mutual_aid_enrollments",),
    "附件": ("attachments",),
    "工会信息": ("union_profile",),
    "文档": ("documents",),
    "数据库与设置": ("database", "app_settings", "audit_log", "import_records"),
    "开支标准": ("spending_rules", "rule_breaches"),
    "会费": ("dues_months", "wage_bases", "dues_exemptions"),
    "经费": ("fund_entries", "fund_budgets"),
}
_TABLE_REGISTER = {table: register for register, tables in REGISTER_TABLES.items() for table in tables}

SOURCE_LABELS = {"gui": "界面", "cli": "命令行", "demo": "演示", "app": "程序", "test": "测试"}

#: Column and summary keys → 中文. Table-specific names first (`activities.name` is a 名称).
_FIELD_LABELS: dict[str, str] = {
    "name": "姓名", "gender": "性别", "birth_date": "出生日期", "ethnicity": "民族", "id_type": "证件类型",
    "id_number": "证件号码", "education": "学历", "tech_level": "技术等级", "phone": "手机号码",
    "hukou_type": "户籍类型", "hukou_place": "户籍所在地", "political_status": "政治面貌", "department": "部门",
    "position": "岗位", "employment_form": "用工形式", "is_migrant_worker": "是否农民工", "member_card_no": "会员卡号",
    "notes": "备注", "name_pinyin": "姓名拼音", "name_initials": "姓名首字母", "member_id": "会员编号",
    "kind": "类型", "date": "日期", "reason": "原因", "status": "就业状况",
    "title": "标题", "employer": "企业方", "negotiated_on": "协商日期", "congress_approved_on": "职代会通过日期",
    "signed_on": "签订日期", "filed_on": "备案日期", "published_on": "公示日期", "effective_from": "生效日期",
    "effective_to": "到期日期", "terminated_on": "终止日期", "covered_enterprises": "覆盖企业数",
    "covered_employees": "覆盖职工数", "covered_female": "覆盖女职工数", "wage_increase_bp": "工资增长幅度",
    "renews_id": "续签自（编号）",
    "category": "类别", "start_date": "日期", "end_date": "结束日期", "location": "地点", "role": "角色",
    "participants": "人次", "cost_fen": "经费", "funding_source": "资金来源", "outcome": "成果", "summary": "摘要",
    "expected_attendance": "应到", "actual_attendance": "实到", "proposals": "提案数", "proposals_closed": "已办结提案数",
    "decisions": "决议", "activity_id": "活动编号",
    "causes": "致困原因", "household_size": "家庭人口", "income_per_capita_fen": "人均月收入", "opened_on": "建档日期",
    "measures": "帮扶措施", "closed_on": "脱困日期", "close_reason": "脱困原因", "file_id": "档案编号",
    "relation": "关系", "income_fen": "月收入", "health": "健康状况", "school_or_work": "就学就业",
    "program": "项目", "prepared_by": "经办人", "approved_by": "审批人", "hardship_file_id": "困难职工档案编号",
    "batch_id": "批次编号", "amount_fen": "金额", "goods": "实物", "goods_value_fen": "实物价值", "signed": "已签收",
    "contract_id": "合同编号", "original_name": "文件名", "stored_name": "存储名", "sha256": "校验值", "size": "大小",
    "union_name": "工会名称", "unit_name": "单位名称", "credit_code": "统一社会信用代码", "chair_name": "工会主席",
    "contact_name": "联系人", "contact_phone": "联系电话", "address": "地址", "founded_on": "工会成立日期",
    "employee_total_override": "职工总数（手工填写）",
    # summaries of imports, exports, restores, batches and the demo union
    "what": "名称", "count": "数量", "full_ids": "含完整证件号码和手机号", "file": "文件", "template": "模板",
    "period": "期间", "ledgers": "所用台账", "batch": "批次", "sheet": "工作表", "new": "新增", "updated": "更新",
    "unchanged": "未变", "rejected": "拒绝", "skipped": "跳过", "new_ids": "新增会员编号（起止）",
    "from": "备份文件", "backup_date": "备份文件时间", "data_as_of": "备份中最后一次修改", "safety_copy": "恢复前的数据另存为",
    "people": "人数", "total_fen": "合计金额", "payments": "发放笔数", "added": "加入", "removed": "移除",
    "union": "工会", "seed": "随机种子", "members": "职工", "contracts": "集体合同", "hardship_files": "困难职工档案",
    "activities": "活动", "open_password": "打开密码", "filter_action": "筛选：操作", "filter_register": "筛选：台账",
    # honors, positions, rights cases, mutual aid (issue 13)
    "level": "级别", "awarded_on": "授予日期", "issuer": "授予单位", "recipient": "授予对象", "collective": "获奖集体",
    "place": "地点", "area": "面积（平方米）", "demo_level": "示范级别", "person_name": "当事人", "request": "事项",
    "handling": "办理情况", "private": "不公开姓名", "year": "参保年度", "plan": "保障计划", "contribution_fen": "缴费金额",
    "policy_number": "保单号", "visitors": "走访人", "position_id": "阵地编号",
    # spending rules (开支标准) and the breaches recorded against them
    "cap_fen": "限额", "basis": "依据", "enabled": "启用", "message": "说明", "rule_id": "规则编号",
    "payment_id": "发放记录编号", "preset": "预设", "replaced": "替换原有规则数",
    # 会费 (dues)
    "wage_fen": "工资基数", "due_fen": "应缴", "paid_fen": "实缴", "paid_on": "缴纳日期", "exempt_reason": "免缴原因",
    "from_month": "起始月份", "to_month": "截止月份", "month": "月份", "method": "缴纳方式",
    # 经费 (funds)
    "sub_item": "明细科目", "voucher_no": "凭证号", "aid_batch_id": "关联批次编号", "aid_payment_id": "关联发放编号",
    "dues_month": "关联会费月份",
}  # fmt: skip
_TABLE_FIELD_LABELS: dict[tuple[str, str], str] = {
    ("activities", "name"): "名称",
    ("membership_events", "kind"): "会籍变化",
    ("hardship_reviews", "kind"): "复核类型",
    ("honors", "title"): "荣誉称号",
    ("positions", "name"): "阵地名称",
    ("positions", "opened_on"): "建成日期",
    ("positions", "closed_on"): "停用日期",
    ("rights_cases", "opened_on"): "受理日期",
    ("rights_cases", "closed_on"): "办结日期",
    ("rights_cases", "outcome"): "结果",
    ("database", "file"): "备份文件",
    ("activity_attendance", "added"): "签到加入（会员编号）",
    ("activity_attendance", "removed"): "签到移除（会员编号）",
    # The district's list of unions (修改工会…): the same words as the 统计信息 the unions report.
    ("district_unions", "name"): "工会名称",
    ("district_unions", "stat_code"): "统计代码",
    ("district_unions", "unit_category"): "单位性质类别",
    ("district_unions", "industry"): "单位所属行业",
    ("district_unions", "union_type"): "基层工会类型",
    ("district_unions", "covered_units"): "覆盖单位数",
    ("district_unions", "founded_on"): "建会日期",
    ("district_unions", "dissolved_on"): "撤销日期",
}
#: Keys that are bookkeeping inside an export's summary, not something to show as a line of its own.
_HIDDEN_KEYS = frozenset({"kind", "unit"})
#: Columns a chair never typed: not listed among a new or deleted record's fields.
_DERIVED_KEYS = frozenset({"id", "name_pinyin", "name_initials"})
_PERSONAL_NUMBER_KEYS = {"id_number": "id", "phone": "phone", "contact_phone": "phone"}

_ID_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
_MOBILE_IN_TEXT = re.compile(r"(?<!\d)(1[3-9]\d{9})(?!\d)")


def mask_text(text: str) -> str:
    """Anything in free text shaped like an ID number or a mobile number, masked."""
    text = _ID_IN_TEXT.sub(lambda m: mask_id_number(m.group(1)), text)
    return _MOBILE_IN_TEXT.sub(lambda m: mask_phone(m.group(1)), text)


def field_label(table_name: str, key: str) -> str:
    return _TABLE_FIELD_LABELS.get((table_name, key)) or _FIELD_LABELS.get(key, key)


def _shown(key: str, value: Any) -> str:
    """A stored value as the trail shows it: 元 for fen, 是/否, masked personal numbers."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (list, tuple)):
        return "、".join(_shown(key, v) for v in value)
    if isinstance(value, dict):
        return mask_text(json.dumps(value, ensure_ascii=False))
    if key.endswith("_fen") and isinstance(value, (int, float)):
        return f"{value / 100:,.2f}元"
    if key == "wage_increase_bp" and isinstance(value, (int, float)):
        return f"{value / 100:.2f}%"
    if key in ("file", "from", "safety_copy") and isinstance(value, str):
        value = PureWindowsPath(value).name if "\\" in value else Path(value).name  # older entries kept paths
    text = str(value)
    kind = _PERSONAL_NUMBER_KEYS.get(key)
    if kind == "id":
        return mask_id_number(text)
    if kind == "phone":
        return mask_phone(text)
    if key in ("backup_date", "data_as_of"):
        text = text.replace("T", " ")
    return mask_text(text)


@dataclass(frozen=True)
class AuditFilter:
    """What the viewer and `unionbook audit` filter by; None is "any"."""

    start: date | None = None
    end: date | None = None  # inclusive
    action: str | None = None  # an AuditAction value
    register: str | None = None  # a key of REGISTER_TABLES


@dataclass(frozen=True)
class FieldChange:
    field: str  # 中文
    old: str  # masked, as shown
    new: str


@dataclass(frozen=True)
class AuditRow:
    """One entry as the trail shows it: every personal number masked."""

    id: int
    at: datetime
    action: str
    table_name: str
    row_id: int | None
    source: str
    summary: str
    changes: tuple[FieldChange, ...]

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)

    @property
    def table_label(self) -> str:
        return TABLE_LABELS.get(self.table_name, self.table_name)

    @property
    def register(self) -> str:
        return _TABLE_REGISTER.get(self.table_name, "")

    @property
    def source_label(self) -> str:
        base, _, rest = self.source.partition(":")
        label = SOURCE_LABELS.get(base, base)
        return f"{label}：{rest}" if rest else label

    def changes_text(self) -> str:
        """Every change on one line (the .xlsx's column and the CLI): 手机号码：138****0000 → 139****1111."""
        parts = []
        for c in self.changes:
            if c.old and c.new:
                parts.append(f"{c.field}：{c.old} → {c.new}")
            else:
                parts.append(f"{c.field}：{c.old or c.new}")
        return "；".join(parts)


def _field_changes(action: str, table_name: str, changes: dict[str, Any]) -> tuple[FieldChange, ...]:
    """The entry's fields: old → new for an update; a new record's filled fields (or a deleted
    one's) on one side; a summary's items (import, export, restore) as values."""
    out = []
    record = action in (AuditAction.CREATE.value, AuditAction.DELETE.value) and table_name in TABLE_LABELS
    for key, value in changes.items():
        if action == AuditAction.EXPORT.value and key in _HIDDEN_KEYS:
            continue
        if record and (key in _DERIVED_KEYS or value in (None, "", [], 0) and key.endswith("_fen")):
            continue
        label = field_label(table_name, key)
        if (
            action == AuditAction.UPDATE.value
            and isinstance(value, list)
            and len(value) == 2
            and table_name != "activity_attendance"
        ):
            out.append(FieldChange(label, _shown(key, value[0]), _shown(key, value[1])))
            continue
        shown = _shown(key, value)
        if action == AuditAction.EXPORT.value and key == "count" and shown:
            shown = f"{shown} {changes.get('unit', '')}".rstrip()
        if record and not shown:
            continue  # an empty field of a new record says nothing
        out.append(
            FieldChange(label, shown, "") if action == AuditAction.DELETE.value else FieldChange(label, "", shown)
        )
    return tuple(out)


#: A record's name in the database (for an update, whose entry holds only what changed).
_NAME_COLUMNS = {"members": "name", "collective_contracts": "title", "activities": "name", "aid_batches": "title"}
#: Records named after the person they belong to.
_OWNED_BY_MEMBER = ("hardship_files", "aid_payments", "membership_events", "employment_events")

Names = dict[tuple[str, int], str]


def _record_name(table_name: str, row_id: int | None, changes: dict[str, Any], names: Names) -> str:
    """What the record is called: its name or title, else the person it belongs to."""
    for key in ("name", "title", "original_name", "union_name"):
        value = changes.get(key)
        if isinstance(value, list):  # an update: [old, new]
            value = value[-1]
        if value:
            return mask_text(str(value))
    if row_id is not None and (table_name, row_id) in names:
        return names[(table_name, row_id)]
    member_id = changes.get("member_id")
    return names.get(("members", member_id), "") if isinstance(member_id, int) else ""


def _summary(action: str, table_name: str, row_id: int | None, changes: dict[str, Any], names: Names) -> str:
    """One line saying what happened, for the table (personal numbers masked)."""
    what = TABLE_LABELS.get(table_name, table_name)
    if action == AuditAction.EXPORT.value:
        count = changes.get("count")
        amount = f" {count} {changes.get('unit', '')}" if count is not None else ""
        ids = "含完整证件号码和手机号" if changes.get("full_ids") else "证件号码已隐藏"
        extra = "".join(f"，{changes[k]}" for k in ("template", "batch") if changes.get(k))
        return f"{changes.get('what', what)}{amount}{extra}，{ids}，文件“{_shown('file', changes.get('file'))}”"
    if action == AuditAction.RESTORE.value:
        source = _shown("file", changes.get("file") or changes.get("from"))
        when = _shown("backup_date", changes.get("backup_date"))
        return f"从备份“{source}”恢复" + (f"（备份文件时间 {when}）" if when else "")
    if action == AuditAction.IMPORT.value:
        counts = "，".join(
            f"{_FIELD_LABELS[k]} {changes[k]}"
            for k in ("new", "updated", "unchanged", "skipped", "rejected")
            if changes.get(k)
        )
        return f"导入{what}：文件“{_shown('file', changes.get('file'))}”" + (f"（{counts}）" if counts else "")
    if action == AuditAction.DEMO.value:
        return f"生成演示工会“{changes.get('union', '')}”"
    if table_name == "app_settings":
        return "；".join(f"{field_label(table_name, k)}{v if isinstance(v, str) else ''}" for k, v in changes.items())
    name = _record_name(table_name, row_id, changes, names)
    label = f"{what}“{name}”" if name else (f"{what}（编号 {row_id}）" if row_id is not None else what)
    if action == AuditAction.UPDATE.value:
        fields = "、".join(field_label(table_name, k) for k in changes)
        return f"{label}：{fields}" if fields else label
    return label


def _changes_of(entry: AuditEntry) -> dict[str, Any]:
    return entry.changes if isinstance(entry.changes, dict) else {"value": entry.changes}


def _names(session: Session, entries: Sequence[AuditEntry]) -> Names:
    """The names the entries' summaries need and do not hold — a changed record's name, the person a
    payment or a hardship file belongs to — a few queries per block of rows, not one per row."""
    from unionbook.db.base import Base

    member_ids: set[int] = set()
    wanted: dict[str, set[int]] = {}
    for entry in entries:
        changes = _changes_of(entry)
        if isinstance(changes.get("member_id"), int):
            member_ids.add(changes["member_id"])
        if entry.action == AuditAction.UPDATE.value and entry.row_id is not None:
            wanted.setdefault(entry.table_name, set()).add(entry.row_id)
    names: Names = {}
    owners: dict[tuple[str, int], int] = {}
    for table_name, ids in wanted.items():
        table = Base.metadata.tables.get(table_name)
        if table is None:
            continue
        if table_name in _NAME_COLUMNS and table_name != "members":
            column = table.c[_NAME_COLUMNS[table_name]]
            names.update(
                {
                    (table_name, i): str(n)
                    for i, n in session.execute(select(table.c.id, column).where(table.c.id.in_(ids)))
                }
            )
        elif table_name in _OWNED_BY_MEMBER:
            for i, owner in session.execute(select(table.c.id, table.c.member_id).where(table.c.id.in_(ids))):
                owners[(table_name, i)] = owner
                member_ids.add(owner)
    member_ids |= wanted.get("members", set())
    if member_ids:
        members = Base.metadata.tables["members"]
        for i, name in session.execute(select(members.c.id, members.c.name).where(members.c.id.in_(member_ids))):
            names[("members", i)] = name
    for key, owner in owners.items():
        if ("members", owner) in names:
            names[key] = names[("members", owner)]
    return names


def rows_of(session: Session, entries: Sequence[AuditEntry]) -> list[AuditRow]:
    names = _names(session, entries)
    return [_row(e, names) for e in entries]


def _row(entry: AuditEntry, names: Names) -> AuditRow:
    changes = _changes_of(entry)
    return AuditRow(
        id=entry.id,
        at=entry.at,
        action=entry.action,
        table_name=entry.table_name,
        row_id=entry.row_id,
        source=entry.source,
        summary=_summary(entry.action, entry.table_name, entry.row_id, changes, names),
        changes=_field_changes(entry.action, entry.table_name, changes),
    )
