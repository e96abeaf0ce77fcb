"""Code-list values as rosters spell them, mapped onto our vocabularies.

Upstream collection sheets and home-made rosters use their own wording for the same thing
(本科 / 大学本科, 农业户口 / 农村, 党员 / 中共党员). Importing maps known spellings to the
vocabulary label; an unknown value is kept as typed with a warning. Exporting into an upstream
sheet maps back onto that sheet's own code list (`to_target_list`).
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache

from unionbook.domain.vocab import (
    ActivityCategory,
    ActivityRole,
    CaseKind,
    CaseOutcome,
    ContractType,
    DemoLevel,
    Education,
    EmploymentStatus,
    Gender,
    HonorKind,
    HonorLevel,
    HukouType,
    IdType,
    MembershipEventKind,
    PoliticalStatus,
    PositionKind,
    Recipient,
)

ETHNICITIES = (
    "汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 哈尼族 哈萨克族 傣族 黎族 "
    "傈僳族 佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族 柯尔克孜族 土族 达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 "
    "仡佬族 锡伯族 阿昌族 普米族 塔吉克族 怒族 乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 独龙族 "
    "鄂伦春族 赫哲族 门巴族 珞巴族 基诺族"
).split()

#: Spelling → vocabulary label, per vocabulary. Labels map to themselves implicitly.
SYNONYMS: dict[type[StrEnum], dict[str, str]] = {
    Gender: {"男性": "男", "女性": "女", "M": "男", "F": "女", "m": "男", "f": "女"},
    Education: {
        # Order matters for exports: the first spelling an upstream list offers wins (硕士 over 博士).
        "硕士": "研究生", "博士": "研究生", "硕士研究生": "研究生", "博士研究生": "研究生", "本科": "大学本科",
        "大本": "大学本科", "大专": "大学专科", "专科": "大学专科", "高职": "大学专科", "中专": "中专/中技",
        "中技": "中专/中技", "技校": "中专/中技", "职高": "中专/中技", "中等专科": "中专/中技", "高中及以下": "高中",
        "小学": "小学及以下", "文盲": "小学及以下",
    },
    PoliticalStatus: {
        "党员": "中共党员", "共产党员": "中共党员", "中国共产党党员": "中共党员", "预备党员": "中共预备党员",
        "团员": "共青团员", "共青团": "共青团员", "群众": "群众", "无党派人士": "群众", "民主党派成员": "民主党派",
    },
    HukouType: {"农业户口": "农村", "农业": "农村", "农村户口": "农村", "非农业户口": "城镇", "非农业": "城镇",
                "城镇户口": "城镇", "城市": "城镇", "居民户口": "城镇"},
    EmploymentStatus: {"待岗": "待(下)岗", "下岗": "待(下)岗", "待（下）岗": "待(下)岗", "待下岗": "待(下)岗",
                       "在职": "在岗", "离退休": "退休"},
    IdType: {"身份证": "居民身份证", "二代身份证": "居民身份证", "居民身份证号码": "居民身份证",
             "港澳居民居住证": "港澳台居民居住证", "台湾居民居住证": "港澳台居民居住证",
             "港澳台居住证": "港澳台居民居住证", "外国人永久居留证": "外国人永久居留身份证", "永久居留身份证": "外国人永久居留身份证"},
    MembershipEventKind: {"新入会": "入会", "会籍转入": "转入", "保留会籍": "保留", "会籍转出": "转出",
                          "开除会籍": "除名", "开除": "除名", "退出": "退会", "死亡": "去世", "亡故": "去世"},
    ActivityCategory: {
        "思想教育": "思想教育/宣讲", "宣讲": "思想教育/宣讲", "主题教育": "思想教育/宣讲", "文体": "文体活动",
        "文化体育活动": "文体活动", "文艺活动": "文体活动", "体育活动": "文体活动", "技能竞赛": "劳动和技能竞赛",
        "劳动竞赛": "劳动和技能竞赛", "岗位练兵": "劳动和技能竞赛", "安康杯竞赛": "安康杯", "技能培训": "培训",
        "职代会": "职代会/会员大会", "职工代表大会": "职代会/会员大会", "会员大会": "职代会/会员大会",
        "职工大会": "职代会/会员大会", "会员代表大会": "职代会/会员大会", "委员会议": "工会委员会议",
        "工会委员会会议": "工会委员会议", "普法": "普法宣传", "法律宣传": "普法宣传", "志愿": "志愿服务",
        "志愿者活动": "志愿服务", "走访": "走访慰问", "慰问": "走访慰问", "女职工": "女职工活动",
        "职工体检": "职工体检/疗休养", "体检": "职工体检/疗休养", "健康体检": "职工体检/疗休养",
        "疗休养": "职工体检/疗休养", "职工疗休养": "职工体检/疗休养",
    },
    ContractType: {
        "综合": "综合集体合同", "集体合同": "综合集体合同", "综合性集体合同": "综合集体合同",
        "工资专项": "工资专项集体合同", "工资集体协议": "工资专项集体合同", "工资专项集体协议": "工资专项集体合同",
        "女职工专项": "女职工权益保护专项集体合同", "女职工权益保护专项": "女职工权益保护专项集体合同",
        "女职工专项集体合同": "女职工权益保护专项集体合同", "劳动安全卫生专项": "劳动安全卫生专项集体合同",
        "劳动安全卫生": "劳动安全卫生专项集体合同", "其他": "其他专项", "其他专项集体合同": "其他专项",
    },
    ActivityRole: {"组织": "主办", "举办": "主办", "协办": "承办", "参与": "参加", "参赛": "参加"},
    # The honors, positions and rights registers: the words chairs' own ledgers use.
    HonorKind: {
        "劳模": "劳动模范", "省劳模": "劳动模范", "市劳模": "劳动模范", "全国劳动模范": "劳动模范",
        "五一劳动奖章获得者": "五一劳动奖章", "劳动奖章": "五一劳动奖章", "五一奖章": "五一劳动奖章",
        "劳动奖状": "五一劳动奖状", "五一奖状": "五一劳动奖状", "先进工作者（劳模）": "先进工作者",
        "工匠人才": "工匠", "大国工匠": "工匠", "优秀工会干部": "优秀工会工作者", "工会积极分子（优秀）": "工会积极分子",
        "优秀工会积极分子": "工会积极分子", "模范职工之家（示范）": "模范职工之家", "劳模创新工作室": "创新工作室",
        "职工创新工作室": "创新工作室", "工匠创新工作室": "创新工作室", "劳模工匠创新工作室": "创新工作室",
        "劳模和工匠人才创新工作室": "创新工作室", "五小": "技术创新成果", "五小成果": "技术创新成果",
        "“五小”成果": "技术创新成果", "“五小”/技术创新成果": "技术创新成果", "五小/技术创新成果": "技术创新成果",
        "技术创新": "技术创新成果", "创新成果": "技术创新成果", "合理化建议": "技术创新成果",
    },
    HonorLevel: {
        "国家级": "全国", "全国级": "全国", "省级": "省部级", "部级": "省部级", "省部": "省部级",
        "市厅级": "市级", "地市级": "市级", "市": "市级", "县级": "县区级", "区级": "县区级", "区县级": "县区级",
        "县（区）级": "县区级", "企业级": "本单位", "公司级": "本单位", "厂级": "本单位", "单位": "本单位",
    },
    Recipient: {"职工": "个人", "集体": "班组", "班组集体": "班组", "车间": "部门", "科室": "部门", "工会": "本工会"},
    PositionKind: {
        "职工小家（分会）": "职工小家", "书屋": "职工书屋", "职工书屋（示范点）": "职工书屋",
        "爱心妈妈小屋": "爱心妈妈小屋/母婴室", "母婴室": "爱心妈妈小屋/母婴室", "妈妈小屋": "爱心妈妈小屋/母婴室",
        "哺乳室": "爱心妈妈小屋/母婴室", "爱心驿站": "户外劳动者爱心驿站", "户外劳动者服务站点": "户外劳动者爱心驿站",
        "工会驿站": "户外劳动者爱心驿站", "活动室": "职工活动室", "职工活动中心": "职工活动室",
        "心理咨询室": "心理驿站", "心理健康驿站": "心理驿站",
    },
    DemoLevel: {
        "全国": "全国示范", "国家级": "全国示范", "省级": "省级示范", "省": "省级示范", "市级": "市级示范",
        "市": "市级示范", "区级": "区县级示范", "县级": "区县级示范", "区县级": "区县级示范",
    },
    CaseKind: {
        "咨询": "法律咨询", "法律咨询服务": "法律咨询", "调解": "劳动争议调解", "劳动争议": "劳动争议调解",
        "争议调解": "劳动争议调解", "援助": "法律援助", "诉求": "职工诉求/办实事", "职工诉求": "职工诉求/办实事",
        "办实事": "职工诉求/办实事", "为职工办实事": "职工诉求/办实事", "我为职工办实事": "职工诉求/办实事",
    },
    CaseOutcome: {
        "成功": "调解成功", "调解失败": "调解不成", "未调解成功": "调解不成", "解决": "已解决",
        "已办结": "已解决", "办结": "已解决", "已答复": "已解决", "已落实": "已解决", "转办": "转交", "移交": "转交",
        "处理中": "办理中", "在办": "办理中", "未办结": "办理中",
    },
}  # fmt: skip


@lru_cache(maxsize=4096)
def to_vocab(vocab: type[StrEnum], value: str) -> str | None:
    """The vocabulary label for a spelling, or None when the value is unknown."""
    if value in vocab._value2member_map_:
        return value
    return SYNONYMS.get(vocab, {}).get(value)


def to_target_list(vocab: type[StrEnum] | None, value: str, target: list[str]) -> str:
    """Our value spelled the way an upstream sheet's code list wants it (本科 for 大学本科),
    or the value itself when the list has no matching entry."""
    if value in target or vocab is None:
        return value
    for spelling, label in SYNONYMS.get(vocab, {}).items():
        if label == value and spelling in target:
            return spelling
    return value
