"""The rows of the 工会统计年报: which figures, under which Chinese label, in which unit.

The built-in 工会统计年报.xlsx loops over the list `统计年报指标` (one loop row per section, picked
by 分组), so what it shows is decided here, at rendering time:
- every figure of the registry is a row, except a 万元 figure whose 元 twin is a row already — money
  is one kind of row and has one unit, 元, in its own section (资金);
- a row that is zero this year and last year is left out, unless the form needs it (`REQUIRED`:
  the head counts, 入会率, contracts in force, the aid and activity totals an upper union asks for);
- the label is the figure's name unless a chair would word it otherwise (`LABELS`);
- 同比 is the relative change, but for a rate the change in percentage points.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from unionbook.services.figures import FIGURES, POINTS_SUFFIX, Figure

#: The list's name in the template context, and its columns.
LIST_NAME = "统计年报指标"
COLUMNS = ("分组", "序号", "指标", "单位", "本期", "上年同期", "同比")
LIST_DESCRIPTION = (
    "工会统计年报的各行：分组（会员、集体合同、帮扶、活动、建家维权、资金）、序号、指标、单位、本期、上年同期、同比；"
    "本期和上年同期都为零的指标不列（必填指标除外），金额一律以元计"
)

#: The sections, in order; 资金 holds every 元 row whatever its register.
SECTIONS = ("会员", "集体合同", "帮扶", "活动", "建家维权", "资金")
MONEY_SECTION = "资金"
#: Registers that share a section: the honors, positions and rights registers are one part of the
#: form (职工之家建设、荣誉和维权服务), so a union that keeps none of them has one empty heading, not three.
SECTION_OF_REGISTER = {"荣誉": "建家维权", "阵地": "建家维权", "维权": "建家维权"}
#: Registers the form leaves out: the dues and funds figures are reported in their own statements
#: (财务公开, 经费收支情况表), not among the organisation's statistics.
NOT_ON_THE_FORM = frozenset({"会费", "经费"})

#: Rows shown even when zero in both years: what an upper union's form asks of every union.
REQUIRED = frozenset({
    "职工总数", "女职工人数", "会员总数", "女会员数", "农民工会员数", "入会率", "新入会人数",
    "有效集体合同份数", "综合集体合同份数", "集体合同覆盖职工人数",
    "在档困难职工户数", "帮扶慰问总人次", "帮扶慰问总人数", "帮扶慰问总金额", "帮扶慰问款物合计",
    "活动总场次", "活动参与总人次", "职代会次数", "工会委员会议次数", "职工之家数",
})  # fmt: skip

#: Labels that differ from the figure's name: words as chairs write them.
LABELS = {
    "入会率": "职工入会率",
    "新入会人数": "新入会（转入）会员人数",
    "减少会员数": "减少会员人数（转出、退会等）",
    "会员卡发放数": "已办理会员卡的会员人数",
    "在档困难职工户数": "期末在档困难职工户数",
    "新建档户数": "新建档困难职工户数",
    "帮扶慰问总人次": "帮扶慰问人次",
    "帮扶慰问总人数": "帮扶慰问职工人数",
    "帮扶慰问总金额": "帮扶慰问资金（不含实物）",
    "帮扶慰问款物合计": "帮扶慰问款物合计",
    "困难职工帮扶金额": "其中：困难职工帮扶资金",
    "活动总场次": "各类活动和会议场次",
    "活动参与总人次": "活动参与职工人次",
    "职代会次数": "职工（代表）大会次数",
    "工会委员会议次数": "工会委员会会议次数",
    "提案数": "职工（代表）大会提案件数",
    "已办结提案数": "其中：已办结提案件数",
    "活动经费金额": "活动经费",
    "职工体检人数": "职工体检和疗休养人次",
    "互助保障参保人数": "参加职工互助保障人数",
    "互助保障缴费金额": "职工互助保障缴费",
    "个人荣誉人次": "职工个人获各级荣誉人次",
    "集体荣誉数": "获集体荣誉项数",
    "劳模人数": "劳动模范人数",
    "创新工作室数": "劳模（职工、工匠）创新工作室个数",
    "新增创新工作室数": "其中：本期新命名",
    "创新成果获奖数": "职工技术创新成果获奖项数",
    "职工之家数": "职工之家个数",
    "职工书屋数": "职工书屋个数",
    "爱心驿站数": "户外劳动者爱心驿站个数",
    "母婴室数": "爱心妈妈小屋（母婴室）个数",
    "新建阵地数": "本期新建职工服务阵地个数",
    "法律咨询次数": "提供法律咨询次数",
    "劳动争议调解件数": "受理劳动争议调解件数",
    "调解成功件数": "其中：调解成功件数",
    "办实事件数": "解决职工诉求（办实事）件数",
}


#: Rows placed right after another row (in this order) rather than where the registry has them.
FOLLOWS = {
    "困难职工走访户数": "意外致困户数",
    "困难职工走访次数": "意外致困户数",
    "困难职工帮扶金额": "帮扶慰问总金额",
}
#: Rows that open their section: the money section starts with the totals.
LEADS = {"帮扶慰问款物合计": -2, "帮扶慰问总金额": -1}


def _label(figure: Figure) -> str:
    if figure.name in LABELS:
        return LABELS[figure.name]
    if figure.name.endswith("金额"):
        return figure.name[: -len("金额")] + "资金"  # 送温暖金额 → 送温暖资金
    return figure.name


def row_figures() -> list[Figure]:
    """The figures that may become rows, in section and registry order (万元 twins left out)."""
    yuan = {f.name for f in FIGURES if f.unit == "元"}
    candidates = [f for f in FIGURES if not (f.unit == "万元" and f.name.removesuffix("万元") in yuan)
                  and f.register not in NOT_ON_THE_FORM]  # fmt: skip
    missing = [f.name for f in candidates if f.unit == "万元"]
    if missing:  # a 万元 figure without a 元 twin would bring a second money unit back
        raise RuntimeError(f"万元 figures without a 元 twin: {missing}")
    position = {f.name: i for i, f in enumerate(candidates)}

    def order(f: Figure) -> tuple[int, int]:
        """(where, after what): later-added figures sit at the end of the registry; on the form
        they go beside their kin — the 走访 counts after the hardship files, each program's
        实物价值 right after its 资金 — and the money section opens with its totals."""
        if f.name in FOLLOWS:
            return (position[FOLLOWS[f.name]], 1 + list(FOLLOWS).index(f.name))
        cash = f.name.removesuffix("实物价值") + "金额"
        if f.name.endswith("实物价值") and cash in position:
            return (position[cash], 1)
        return (LEADS.get(f.name, position[f.name]), 0)

    return [f for section in SECTIONS for f in sorted((f for f in candidates if section_of(f) == section), key=order)]


def section_of(figure: Figure) -> str:
    return MONEY_SECTION if figure.unit == "元" else SECTION_OF_REGISTER.get(figure.register, figure.register)


def _shown(value: Any, figure: Figure) -> Any:
    """A rate as text with its one decimal ("90.0": the count rows' format would print "90");
    counts and amounts as numbers, which the sheet formats by section."""
    return f"{value}" if figure.unit == "%" else value


def statistical_rows(values: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The rows for a `compute_with_comparison` answer, numbered from 1 across the sections."""
    rows: list[dict[str, Any]] = []
    for figure in row_figures():
        now, before = values[figure.name], values["上年" + figure.name]
        if not now and not before and figure.name not in REQUIRED:
            continue
        change = values.get(figure.name + POINTS_SUFFIX) or values[figure.name + "同比"]
        rows.append(
            dict(zip(COLUMNS, (section_of(figure), len(rows) + 1, _label(figure), figure.unit,
                               _shown(now, figure), _shown(before, figure), change), strict=True))
        )  # fmt: skip
    return rows
