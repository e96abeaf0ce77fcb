"""Which registers can be imported, in one place: the CLI and the import wizard both read this."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from unionbook.domain.registers import Register
from unionbook.services.importing.aid import AID_SPEC, HARDSHIP_SPEC, import_aid, import_hardship, plan_aid, plan_hardship
from unionbook.services.importing.activities import ACTIVITY_SPEC, import_activities, plan_activities
from unionbook.services.importing.contracts import CONTRACT_SPEC, import_contracts, plan_contracts
from unionbook.services.importing.dues import DUES_SPEC, import_dues, plan_dues
from unionbook.services.importing.engine import ImportPlan
from unionbook.services.importing.funds import FUNDS_SPEC, import_funds, plan_funds
from unionbook.services.importing.honors import HONOR_SPEC, import_honors, plan_honors
from unionbook.services.importing.members import MEMBER_SPEC, ImportSummary, import_members, plan_members
from unionbook.services.importing.mutual_aid import MUTUAL_AID_SPEC, import_mutual_aid, plan_mutual_aid
from unionbook.services.importing.positions import POSITION_SPEC, import_positions, plan_positions
from unionbook.services.importing.rights_cases import CASE_SPEC, import_cases, plan_cases
from unionbook.services.importing.spec import RegisterSpec


@dataclass(frozen=True)
class Importer:
    key: str  # the CLI's name: members, contracts …
    title: str  # 会员花名册, 集体合同台账 …
    spec: RegisterSpec
    #: plan(path, factory, sheet=, header_row=, overrides=, progress=, cancelled=) -> ImportPlan
    plan: Callable[..., ImportPlan]
    #: run(factory, plan, on_duplicate=, progress=, cancelled=) -> ImportSummary
    run: Callable[..., ImportSummary]
    #: How a row already registered is recognised, for the wizard's duplicate choice.
    duplicate_rule: str
    #: What an import of this kind changes (the pages showing these re-read afterwards).
    registers: frozenset[Register]


def _plan_members(path: Path, factory: sessionmaker[Session] | None = None, **kwargs: Any) -> ImportPlan:
    return plan_members(path, **kwargs)


IMPORTERS: dict[str, Importer] = {
    "members": Importer("members", "会员花名册", MEMBER_SPEC, _plan_members, import_members,
                        "证件号码相同，或姓名和出生日期都相同", frozenset({Register.MEMBERS})),
    "contracts": Importer("contracts", "集体合同台账", CONTRACT_SPEC, plan_contracts, import_contracts,
                          "合同名称和签订日期都相同", frozenset({Register.CONTRACTS})),
    "activities": Importer("activities", "活动台账", ACTIVITY_SPEC, plan_activities, import_activities,
                           "活动名称和开始日期都相同", frozenset({Register.ACTIVITIES})),
    "aid": Importer("aid", "帮扶发放名单", AID_SPEC, plan_aid, import_aid,
                    "同一人、同一项目、同一日期、同一金额（发放是事实，已登记的不会重复记录）",
                    frozenset({Register.PAYMENTS})),
    "hardship": Importer("hardship", "困难职工档案", HARDSHIP_SPEC, plan_hardship, import_hardship,
                         "同一人、同一建档日期", frozenset({Register.HARDSHIP})),
    "honors": Importer("honors", "荣誉台账", HONOR_SPEC, plan_honors, import_honors,
                       "荣誉称号、授予日期和获奖人（或获奖集体）都相同", frozenset({Register.HONORS})),
    "positions": Importer("positions", "阵地台账", POSITION_SPEC, plan_positions, import_positions,
                          "类型和阵地名称都相同", frozenset({Register.POSITIONS})),
    "cases": Importer("cases", "维权台账", CASE_SPEC, plan_cases, import_cases,
                      "类别、受理日期和事项都相同", frozenset({Register.CASES})),
    "mutual-aid": Importer("mutual-aid", "互助保障参保名单", MUTUAL_AID_SPEC, plan_mutual_aid, import_mutual_aid,
                           "同一人、同一参保年度、同一保障计划", frozenset({Register.MUTUAL_AID})),
    "funds": Importer("funds", "经费收支明细账", FUNDS_SPEC, plan_funds, import_funds,
                      "日期、科目、金额、凭证号和摘要都相同", frozenset({Register.FUNDS})),
    "dues": Importer("dues", "会费代扣名单", DUES_SPEC, plan_dues, import_dues,
                     "同一人、同一月份（已登记缴纳的月份不再改动）", frozenset({Register.DUES})),
}  # fmt: skip
