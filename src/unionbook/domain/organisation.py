"""The organisational facts a district counts unions by, with the code lists of the
工会组织信息采集表 (单位性质类别, 单位所属行业, 基层工会类型) as provincial systems spell them.

A grassroots union keeps its own facts (services/union_facts.py) and sends them in its data
package; the district keeps them in its union list (services/district/unions.py), where it may
correct them. A 联合基层工会 covers several units (覆盖单位数); an 独立基层工会 covers its own one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

UNIT_CATEGORIES = (
    "国有企业", "集体企业", "股份合作企业", "联营企业", "国有独资公司", "其他有限责任公司", "国有控股公司",
    "其他股份有限公司", "私营企业", "其他内资企业", "港澳台商投资企业", "外商投资企业", "财政拨款的事业单位",
    "其他事业单位", "机关", "个体经济组织", "社会团体", "民办非企业单位", "基金会", "其他组织",
)  # fmt: skip

INDUSTRIES = (
    "农、林、牧、渔业", "采矿业", "制造业", "电力、热力、燃气及水的生产和供应业", "环境和公共设施管理业", "建筑业",
    "交通运输、仓储业和邮政业", "信息传输、计算机服务和软件业", "批发和零售业", "住宿、餐饮业", "金融、保险业",
    "房地产业", "租赁和商务服务业", "科学研究、技术服务和地质勘查业", "水利、环境和公共设施管理业",
    "居民服务和其他服务业", "教育", "卫生、社会保障和社会服务业", "文化、体育、娱乐业", "综合（含投资类、主业不明显）", "其它",
)  # fmt: skip

INDEPENDENT = "独立基层工会"
JOINT = "联合基层工会"
UNION_TYPES = (INDEPENDENT, JOINT)


class FactError(ValueError):
    """A fact that cannot be used: the message names the field (Chinese, for the user)."""


@dataclass(frozen=True)
class OrgFacts:
    """统计信息: what the district's union list and 工会组织 figures need of one union."""

    stat_code: str = ""  # 统计代码: the union's code in the district's statistics
    unit_category: str = ""  # 单位性质类别 (UNIT_CATEGORIES)
    industry: str = ""  # 单位所属行业 (INDUSTRIES)
    union_type: str = INDEPENDENT  # 基层工会类型 (UNION_TYPES)
    covered_units: int = 1  # 覆盖单位数: 1 for an 独立基层工会
    founded_on: date | None = None  # 建会日期

    def checked(self) -> OrgFacts:
        """The facts if every value is on its list, else FactError naming the field."""
        if self.unit_category and self.unit_category not in UNIT_CATEGORIES:
            raise FactError(f"单位性质类别“{self.unit_category}”不在代码表中（可选：{'、'.join(UNIT_CATEGORIES[:6])}……）")
        if self.industry and self.industry not in INDUSTRIES:
            raise FactError(f"单位所属行业“{self.industry}”不在代码表中（可选：{'、'.join(INDUSTRIES[:5])}……）")
        if self.union_type not in UNION_TYPES:
            raise FactError(f"基层工会类型应为 {' 或 '.join(UNION_TYPES)}，这里是“{self.union_type}”")
        if self.covered_units < 1:
            raise FactError(f"覆盖单位数至少为 1，这里是 {self.covered_units}")
        if self.union_type == INDEPENDENT and self.covered_units != 1:
            raise FactError(f"独立基层工会只覆盖本单位（覆盖单位数 1），这里是 {self.covered_units}；覆盖多家单位的请选联合基层工会")
        return self
