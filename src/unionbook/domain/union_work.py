"""Rules of the honors, positions and rights registers that need no database.

Chairs' ledgers rarely have a 类别 column: an honor is written as its title ("2024年度江川市五一
劳动奖章", "省级劳模创新工作室") and a position as its name ("一车间职工小家"), so the kind (and an
honor's level) is read from those words when the sheet does not say it. A 维权 case names a person who asked for help in confidence, so
lists and prints show only the surname ("王*") unless the chair chooses to show names.
"""

from __future__ import annotations

import re

from unionbook.domain.vocab import HonorKind, HonorLevel, PositionKind, Recipient

#: Words in a title → the kind, tried in this order: "劳模创新工作室" is a studio, not a 劳模, and a
#: "五一劳动奖状" is not a 奖章.
_KIND_WORDS: tuple[tuple[tuple[str, ...], HonorKind], ...] = (
    (("创新工作室",), HonorKind.STUDIO),
    (("创新班组",), HonorKind.INNOVATION_TEAM),
    (("劳动奖状",), HonorKind.MAY_DAY_AWARD),
    (("劳动奖章",), HonorKind.MAY_DAY_MEDAL),
    (("工人先锋号",), HonorKind.PIONEER),
    (("模范职工小家",), HonorKind.MODEL_SMALL_HOME),
    (("模范职工之家",), HonorKind.MODEL_HOME),
    (("劳动模范", "劳模"), HonorKind.MODEL_WORKER),
    (("先进工作者",), HonorKind.ADVANCED_WORKER),
    (("工匠",), HonorKind.CRAFTSMAN),
    (("最美职工",), HonorKind.BEST_WORKER),
    (("优秀工会工作者", "优秀工会干部"), HonorKind.UNION_WORKER),
    (("工会积极分子",), HonorKind.UNION_ACTIVIST),
    (("五小", "技术创新", "创新成果", "合理化建议", "技术革新"), HonorKind.INNOVATION),
)

#: Words in a title → the level, tried in this order ("全国" before "省" in "全国总工会").
_LEVEL_WORDS: tuple[tuple[str, HonorLevel], ...] = (
    ("全国", HonorLevel.NATIONAL),
    ("省", HonorLevel.PROVINCIAL),
    ("自治区", HonorLevel.PROVINCIAL),
    ("市", HonorLevel.CITY),
    ("州", HonorLevel.CITY),
    ("区", HonorLevel.COUNTY),
    ("县", HonorLevel.COUNTY),
    ("公司", HonorLevel.UNIT),
    ("厂", HonorLevel.UNIT),
)


def kind_from_title(title: str) -> HonorKind | None:
    """The kind a title names ("江川市五一劳动奖章" → 五一劳动奖章), or None when it names none."""
    for words, kind in _KIND_WORDS:
        if any(w in title for w in words):
            return kind
    return None


def level_from_title(title: str) -> HonorLevel | None:
    """The level a title implies ("浙江省劳动模范" → 省部级), or None when it says nothing."""
    for word, level in _LEVEL_WORDS:
        if word in title:
            return level
    return None


#: Words in a position's name → its kind ("心理驿站" before "驿站", "职工小家" before "之家").
_POSITION_WORDS: tuple[tuple[tuple[str, ...], PositionKind], ...] = (
    (("心理",), PositionKind.COUNSELLING),
    (("驿站", "服务站点"), PositionKind.OUTDOOR_STATION),
    (("妈妈小屋", "母婴", "哺乳"), PositionKind.MOTHERS_ROOM),
    (("书屋",), PositionKind.READING_ROOM),
    (("小家",), PositionKind.SMALL_HOME),
    (("之家",), PositionKind.HOME),
    (("活动室", "活动中心"), PositionKind.ACTIVITY_ROOM),
)


def kind_from_name(name: str) -> PositionKind | None:
    """The kind a position's name says ("一车间职工小家" → 职工小家), or None."""
    for words, kind in _POSITION_WORDS:
        if any(w in name for w in words):
            return kind
    return None


def recipient_of(collective: str) -> Recipient:
    """Which collective a name is: the union itself, a 部门 (车间, 科, 部), else a 班组."""
    if collective.endswith("工会") or collective in ("本工会", "工会委员会"):
        return Recipient.UNION
    if collective.endswith("工作室"):  # an innovation studio is a team of its own
        return Recipient.TEAM
    if re.search(r"(车间|部门|科室|[部科处室])$", collective):
        return Recipient.DEPARTMENT
    return Recipient.TEAM


def mask_name(name: str) -> str:
    """"王小明" → "王*": the surname only, not even the length of the given name."""
    name = name.strip()
    return f"{name[0]}*" if name else ""


_AREA = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*(平方米|平米|㎡|m2|m²|平)?\s*$", re.IGNORECASE)


def parse_area(text: str) -> int:
    """"60平方米", "85㎡", "120" → whole square metres. Raises ValueError for anything else."""
    match = _AREA.match(text)
    if match is None:
        raise ValueError(f"“{text}”不是面积，请写平方米数，例如 60")
    return round(float(match[1]))
