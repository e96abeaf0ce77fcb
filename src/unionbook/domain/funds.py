"""Where the union's money is booked: the sub-items (明细科目) of each fund category, and the
category and sub-item each aid program and each kind of activity is charged to.

One place for these facts: the funds ledger (services/fund_ledger.py) charges aid disbursements and
activity costs with them, the budget check asks which category a payment falls in, and the entry
dialog offers the sub-items. The categories follow the 工会会计制度 and the 基层工会经费收支管理办法:
节日、生日、婚丧、生育和退休慰问 are 职工集体福利 under 职工活动支出; 困难职工帮扶, 送温暖, 劳动保护 (夏送清凉)
and 法律援助 are 维权支出; 培训 and 会议 are 业务支出.
"""

from __future__ import annotations

from types import MappingProxyType

from unionbook.domain.vocab import ActivityCategory, AidProgram, FundCategory, FundingSource

F = FundCategory

#: 明细科目 offered per category (an entry may name another: the list is a suggestion, not a CHECK).
SUB_ITEMS: MappingProxyType[FundCategory, tuple[str, ...]] = MappingProxyType({
    F.DUES_INCOME: ("会费",),
    F.ALLOCATED_INCOME: ("行政拨缴经费",),
    F.UPPER_SUBSIDY: ("回拨补助", "专项补助", "送温暖补助"),
    F.ADMIN_SUBSIDY: ("行政补助",),
    F.OTHER_INCOME: ("利息收入", "捐赠收入", "其他"),
    F.ACTIVITIES: ("职工教育", "文体活动", "宣传活动", "劳动和技能竞赛", "集体福利", "其他活动"),
    F.SERVICES: ("职工体检/疗休养", "互助保障", "职工之家建设", "职工书屋", "其他服务"),
    F.RIGHTS: ("困难帮扶", "送温暖", "劳动保护", "法律援助", "劳动关系协调", "其他维权"),
    F.BUSINESS: ("培训", "会议", "会员发展", "专项业务", "其他业务"),
    F.CAPITAL: ("设备购置", "房屋修缮", "其他资本性支出"),
    F.OTHER_SPENDING: ("其他",),
})  # fmt: skip

P = AidProgram
_WELFARE = (F.ACTIVITIES, "集体福利")
_HARDSHIP = (F.RIGHTS, "困难帮扶")

#: The category and sub-item an aid program's disbursements are charged to.
AID_PROGRAM_CHARGE: MappingProxyType[AidProgram, tuple[FundCategory, str]] = MappingProxyType({
    P.WARMTH: (F.RIGHTS, "送温暖"),
    P.GOLDEN_AUTUMN: _HARDSHIP,
    P.MEDICAL: _HARDSHIP,
    P.LIVING: _HARDSHIP,
    P.SUMMER_COOL: (F.RIGHTS, "劳动保护"),
    P.FESTIVAL: _WELFARE,
    P.BIRTHDAY: _WELFARE,
    P.HOSPITAL: _WELFARE,
    P.INJURY_VISIT: _WELFARE,
    P.FUNERAL: _WELFARE,
    P.MODEL_WORKER: _HARDSHIP,
    P.MUTUAL_AID: (F.SERVICES, "互助保障"),
    P.MARRIAGE: _WELFARE,
    P.CHILDBIRTH: _WELFARE,
    P.RETIREMENT: _WELFARE,
    P.OTHER: (F.OTHER_SPENDING, "其他"),
})  # fmt: skip

A = ActivityCategory
#: The category and sub-item an activity's 费用 is charged to.
ACTIVITY_CHARGE: MappingProxyType[ActivityCategory, tuple[FundCategory, str]] = MappingProxyType({
    A.IDEOLOGY: (F.ACTIVITIES, "职工教育"),
    A.CULTURE_SPORTS: (F.ACTIVITIES, "文体活动"),
    A.SKILLS_CONTEST: (F.ACTIVITIES, "劳动和技能竞赛"),
    A.ANKANG_CUP: (F.ACTIVITIES, "劳动和技能竞赛"),
    A.TRAINING: (F.BUSINESS, "培训"),
    A.CONGRESS: (F.BUSINESS, "会议"),
    A.COMMITTEE_MEETING: (F.BUSINESS, "会议"),
    A.LEGAL_EDUCATION: (F.ACTIVITIES, "宣传活动"),
    A.VOLUNTEER: (F.ACTIVITIES, "其他活动"),
    A.VISITS: _WELFARE,
    A.WOMEN: (F.ACTIVITIES, "其他活动"),
    A.HEALTH: (F.SERVICES, "职工体检/疗休养"),
    A.OTHER: (F.ACTIVITIES, "其他活动"),
})  # fmt: skip

#: Disbursements paid by someone else (the company's administration, a donor) are not the union's
#: spending: they stay in the aid register and out of the funds ledger. 上级拨款 is the upper union's
#: money the union received (上级补助收入) and then spent, so it is in.
NOT_UNION_MONEY: frozenset[str] = frozenset({FundingSource.ADMINISTRATION.value, FundingSource.DONATION.value})


def charge_of_program(program: str) -> tuple[FundCategory, str]:
    """The (category, sub-item) a disbursement of `program` (its label) is charged to."""
    return AID_PROGRAM_CHARGE[AidProgram(program)]


def charge_of_activity(category: str) -> tuple[FundCategory, str]:
    """The (category, sub-item) an activity of `category` (its label) is charged to."""
    return ACTIVITY_CHARGE[ActivityCategory(category)]
