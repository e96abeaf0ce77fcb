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
    ContractType,
    Education,
    EmploymentStatus,
    Gender,
    HukouType,
    IdType,
    MembershipEventKind,
    PoliticalStatus,
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
    },
    ContractType: {
        "综合": "综合集体合同", "集体合同": "综合集体合同", "综合性集体合同": "综合集体合同",
        "工资专项": "工资专项集体合同", "工资集体协议": "工资专项集体合同", "工资专项集体协议": "工资专项集体合同",
        "女职工专项": "女职工权益保护专项集体合同", "女职工权益保护专项": "女职工权益保护专项集体合同",
        "女职工专项集体合同": "女职工权益保护专项集体合同", "劳动安全卫生专项": "劳动安全卫生专项集体合同",
        "劳动安全卫生": "劳动安全卫生专项集体合同", "其他": "其他专项", "其他专项集体合同": "其他专项",
    },
    ActivityRole: {"组织": "主办", "举办": "主办", "协办": "承办", "参与": "参加", "参赛": "参加"},
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
