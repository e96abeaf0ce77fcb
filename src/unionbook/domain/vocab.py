"""The vocabularies of the registers, in one place.

Each vocabulary is a `StrEnum` whose value is the Chinese label itself: that is what users type in
their spreadsheets, what the database stores and what documents print, so there is no second
mapping to keep in step. Order of members is the order shown in drop-down lists.
"""

from __future__ import annotations

from enum import StrEnum


class Gender(StrEnum):
    MALE = "男"
    FEMALE = "女"


class EmploymentStatus(StrEnum):
    """就业状况, as in the national member collection sheet."""

    ON_DUTY = "在岗"
    LAID_OFF = "待(下)岗"
    UNEMPLOYED = "失业"
    RETIRED = "退休"
    RESIGNED = "退职"
    EARLY_RETIRED = "退养"

    @classmethod
    def counted_as_employee(cls) -> tuple[EmploymentStatus, ...]:
        """Statuses that count in 职工总数 (see FIGURES.md)."""
        return (cls.ON_DUTY, cls.LAID_OFF)


class IdType(StrEnum):
    """证件类型 / 有效证件类别."""

    RESIDENT_ID = "居民身份证"
    HMT_RESIDENCE = "港澳台居民居住证"
    FOREIGN_PERMANENT = "外国人永久居留身份证"
    PASSPORT = "护照"
    OTHER = "其他"


class Education(StrEnum):
    POSTGRADUATE = "研究生"
    BACHELOR = "大学本科"
    COLLEGE = "大学专科"
    SECONDARY_VOCATIONAL = "中专/中技"
    HIGH_SCHOOL = "高中"
    JUNIOR_HIGH = "初中"
    PRIMARY = "小学及以下"


class HukouType(StrEnum):
    URBAN = "城镇"
    RURAL = "农村"


class PoliticalStatus(StrEnum):
    CPC_MEMBER = "中共党员"
    CPC_PROBATIONARY = "中共预备党员"
    CYL_MEMBER = "共青团员"
    DEMOCRATIC_PARTY = "民主党派"
    MASSES = "群众"


class MembershipEventKind(StrEnum):
    """会籍变化类型 (plus 去世). The latest event on or before a date gives the status then."""

    JOIN = "入会"
    TRANSFER_IN = "转入"
    RETAIN = "保留"
    TRANSFER_OUT = "转出"
    EXPEL = "除名"
    QUIT = "退会"
    DECEASED = "去世"

    @classmethod
    def active(cls) -> tuple[MembershipEventKind, ...]:
        """Events after which a person is an active member (会员总数)."""
        return (cls.JOIN, cls.TRANSFER_IN)

    @classmethod
    def leaving(cls) -> tuple[MembershipEventKind, ...]:
        """Events that reduce membership (减少会员数)."""
        return (cls.TRANSFER_OUT, cls.EXPEL, cls.QUIT, cls.DECEASED)


#: How a person's membership reads in tables, from the latest membership event (None: never joined).
MEMBERSHIP_STATUS_LABELS: dict[str | None, str] = {
    None: "非会员",
    MembershipEventKind.JOIN.value: "会员",
    MembershipEventKind.TRANSFER_IN.value: "会员",
    MembershipEventKind.RETAIN.value: "保留会籍",
    MembershipEventKind.TRANSFER_OUT.value: "已转出",
    MembershipEventKind.EXPEL.value: "已除名",
    MembershipEventKind.QUIT.value: "已退会",
    MembershipEventKind.DECEASED.value: "已去世",
}


class ContractType(StrEnum):
    COMPREHENSIVE = "综合集体合同"
    WAGE = "工资专项集体合同"
    FEMALE_WORKERS = "女职工权益保护专项集体合同"
    SAFETY_HEALTH = "劳动安全卫生专项集体合同"
    OTHER_SPECIAL = "其他专项"


class HardshipCategory(StrEnum):
    DEEP = "深度困难"
    RELATIVE = "相对困难"
    ACCIDENT = "意外致困"


class HardshipCause(StrEnum):
    ILLNESS = "因病"
    DISABILITY = "因残"
    DISASTER = "因灾"
    ACCIDENT = "因意外"
    EDUCATION = "子女教育"
    SINGLE_PARENT = "单亲"
    UNEMPLOYMENT = "失业"
    LOW_INCOME = "低收入"
    OTHER = "其他"


class HardshipCloseReason(StrEnum):
    RELIEVED = "解困脱困"
    INELIGIBLE = "不再符合条件"
    TRANSFERRED = "调离"
    OTHER = "其他"


class HardshipReviewKind(StrEnum):
    """复核 is the yearly re-check of a file; 走访 a visit to the household (困难职工走访 figures)."""

    REVIEW = "复核"
    VISIT = "走访"


class AidProgram(StrEnum):
    """帮扶/慰问 项目. The programs FIGURES.md lists have their own figures (X人数, X人次, X金额 ...);
    结婚/生育/退休慰问 came with the spending rules (provinces cap them) and, like 其他, count only in
    the totals (`with_own_figures`)."""

    WARMTH = "送温暖"
    GOLDEN_AUTUMN = "金秋助学"
    MEDICAL = "医疗救助"
    LIVING = "生活救助"
    SUMMER_COOL = "夏送清凉"
    FESTIVAL = "节日慰问"
    BIRTHDAY = "生日慰问"
    HOSPITAL = "住院慰问"
    INJURY_VISIT = "工伤探视"
    FUNERAL = "丧葬慰问"
    MODEL_WORKER = "困难劳模帮扶"
    MUTUAL_AID = "职工互助保障"
    MARRIAGE = "结婚慰问"
    CHILDBIRTH = "生育慰问"
    RETIREMENT = "退休慰问"
    OTHER = "其他"

    @classmethod
    def with_own_figures(cls) -> tuple[AidProgram, ...]:
        """The programs of FIGURES.md's "For each program X" list, in its order."""
        return tuple(p for p in cls if p not in (cls.MARRIAGE, cls.CHILDBIRTH, cls.RETIREMENT, cls.OTHER))


class FundingSource(StrEnum):
    OWN_FUNDS = "本级经费"
    UPPER_UNION = "上级拨款"
    ADMINISTRATION = "行政"
    DONATION = "社会捐赠"
    OTHER = "其他"


class ActivityCategory(StrEnum):
    IDEOLOGY = "思想教育/宣讲"
    CULTURE_SPORTS = "文体活动"
    SKILLS_CONTEST = "劳动和技能竞赛"
    ANKANG_CUP = "安康杯"
    TRAINING = "培训"
    CONGRESS = "职代会/会员大会"
    COMMITTEE_MEETING = "工会委员会议"
    LEGAL_EDUCATION = "普法宣传"
    VOLUNTEER = "志愿服务"
    VISITS = "走访慰问"
    WOMEN = "女职工活动"
    HEALTH = "职工体检/疗休养"
    OTHER = "其他"

    @classmethod
    def meetings(cls) -> tuple[ActivityCategory, ...]:
        """Categories that are meetings: they record 应到/实到, quorum and proposals."""
        return (cls.CONGRESS, cls.COMMITTEE_MEETING)


class ActivityRole(StrEnum):
    HOST = "主办"
    CO_HOST = "承办"
    PARTICIPANT = "参加"


class HonorKind(StrEnum):
    """荣誉与创建: titles to a person, and titles or namings to a collective (班组, 部门, the union)."""

    MODEL_WORKER = "劳动模范"
    ADVANCED_WORKER = "先进工作者"
    MAY_DAY_MEDAL = "五一劳动奖章"
    MAY_DAY_AWARD = "五一劳动奖状"
    PIONEER = "工人先锋号"
    CRAFTSMAN = "工匠"
    BEST_WORKER = "最美职工"
    UNION_WORKER = "优秀工会工作者"
    UNION_ACTIVIST = "工会积极分子"
    MODEL_HOME = "模范职工之家"
    MODEL_SMALL_HOME = "模范职工小家"
    STUDIO = "创新工作室"  # 劳模/职工/工匠创新工作室
    INNOVATION_TEAM = "创新班组"
    INNOVATION = "技术创新成果"  # “五小”/技术创新成果
    OTHER = "其他"

    @classmethod
    def personal(cls) -> tuple[HonorKind, ...]:
        """Titles only a person holds (a 五一劳动奖章 is a person's, a 奖状 a collective's)."""
        return (cls.MODEL_WORKER, cls.ADVANCED_WORKER, cls.MAY_DAY_MEDAL, cls.CRAFTSMAN, cls.BEST_WORKER,
                cls.UNION_WORKER, cls.UNION_ACTIVIST)  # fmt: skip

    @classmethod
    def collective(cls) -> tuple[HonorKind, ...]:
        """Titles and namings only a collective holds."""
        return (cls.MAY_DAY_AWARD, cls.PIONEER, cls.MODEL_HOME, cls.MODEL_SMALL_HOME, cls.STUDIO, cls.INNOVATION_TEAM)


class HonorLevel(StrEnum):
    """授予级别: who conferred it, from the national level down to the unit itself."""

    NATIONAL = "全国"
    PROVINCIAL = "省部级"
    CITY = "市级"
    COUNTY = "县区级"
    UNIT = "本单位"


class Recipient(StrEnum):
    """授予对象 of an honor: a person on the roster, or a collective named in words."""

    PERSON = "个人"
    TEAM = "班组"
    DEPARTMENT = "部门"
    UNION = "本工会"


class PositionKind(StrEnum):
    """阵地: the places the union runs for its members."""

    HOME = "职工之家"
    SMALL_HOME = "职工小家"
    READING_ROOM = "职工书屋"
    MOTHERS_ROOM = "爱心妈妈小屋/母婴室"
    OUTDOOR_STATION = "户外劳动者爱心驿站"
    ACTIVITY_ROOM = "职工活动室"
    COUNSELLING = "心理驿站"
    OTHER = "其他"


class DemoLevel(StrEnum):
    """示范 naming of a position (全国/省/市/区 示范职工之家, 示范职工书屋 ...)."""

    NATIONAL = "全国示范"
    PROVINCIAL = "省级示范"
    CITY = "市级示范"
    COUNTY = "区县级示范"


class CaseKind(StrEnum):
    """维权: the kinds of rights work a chair records case by case."""

    CONSULTATION = "法律咨询"
    MEDIATION = "劳动争议调解"
    LEGAL_AID = "法律援助"
    REQUEST = "职工诉求/办实事"


class CaseOutcome(StrEnum):
    """结果 of a rights case; 办理中 while it is open."""

    MEDIATED = "调解成功"
    MEDIATION_FAILED = "调解不成"
    RESOLVED = "已解决"
    REFERRED = "转交"
    OPEN = "办理中"


class DuesMethod(StrEnum):
    """How a month's 会费 was paid: mostly deducted from the payroll for the whole list."""

    PAYROLL = "工资代扣"
    CASH = "现金"
    TRANSFER = "转账"
    OTHER = "其他"


class FundCategory(StrEnum):
    """经费收支 categories of the 工会会计制度 (income first, then spending); sub-items in domain/funds.py."""

    DUES_INCOME = "会费收入"
    ALLOCATED_INCOME = "拨缴经费收入"
    UPPER_SUBSIDY = "上级补助收入"
    ADMIN_SUBSIDY = "行政补助收入"
    OTHER_INCOME = "其他收入"
    ACTIVITIES = "职工活动支出"
    SERVICES = "职工服务支出"
    RIGHTS = "维权支出"
    BUSINESS = "业务支出"
    CAPITAL = "资本性支出"
    OTHER_SPENDING = "其他支出"

    @classmethod
    def income(cls) -> tuple[FundCategory, ...]:
        return (cls.DUES_INCOME, cls.ALLOCATED_INCOME, cls.UPPER_SUBSIDY, cls.ADMIN_SUBSIDY, cls.OTHER_INCOME)

    @classmethod
    def spending(cls) -> tuple[FundCategory, ...]:
        return (cls.ACTIVITIES, cls.SERVICES, cls.RIGHTS, cls.BUSINESS, cls.CAPITAL, cls.OTHER_SPENDING)

    @property
    def is_income(self) -> bool:
        return self in FundCategory.income()


class SpendingRuleKind(StrEnum):
    """What a spending rule (开支标准) limits; the numbers are data in the rule rows, not code."""

    CAP = "每人每年限额"  # the program's total to one person in a calendar year stays within cap_fen
    ONCE_A_YEAR = "每人每年一次"  # one disbursement of the program per person per calendar year
    NEEDS_HARDSHIP_FILE = "须有困难职工档案"  # only to a member whose hardship file is open on the day
    NO_CASH = "不得发放现金"  # goods only: no cash, no shopping cards


class AuditAction(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    IMPORT = "import"
    EXPORT = "export"  # a file written out of the records (roster, ledger, sign-off sheet, document)
    RESTORE = "restore"
    DEMO = "demo"


def labels(enum_type: type[StrEnum]) -> list[str]:
    """The Chinese labels of a vocabulary in display order (for combo boxes and check constraints)."""
    return [member.value for member in enum_type]
