"""Generate the district's built-in templates in resources/templates/district/.

    python tools/build_district_templates.py            # rewrite them
    python tools/build_district_templates.py --check    # fail if a committed one is out of date

The same GB/T 9704 layout and conventions as tools/build_templates.py (whose OfficialDocument,
helpers and 统计年报 sheet this reuses), filled with the district figures of
services/district/consolidation.py and summary.py. The structure follows the district summaries
we were given: 组织建设, 维权服务, 建功立业, 帮扶, 自身建设 ("全区共有工会组织x个，涵盖单位x家，工会
会员x人", "新成立工会组织X家，发展会员X人").
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_templates import (
    REPO,
    OfficialDocument,
    _save,
    any_of,
    compared,
    compared_in_points,
    joined,
    statistical_report,
)
from docx.shared import Mm, Pt

OUT = REPO / "resources" / "templates" / "district"


def district_summary() -> OfficialDocument:
    d = OfficialDocument(
        "区总年度工作总结",
        "期间=年度;区总",
        "区总工会年度工作总结：数字由各基层工会报送的数据包汇总，数字为零的句子自动省略；【请补充】处由区总工会填写。",
    )
    d.title("{{区总工会名称}}", "{{年度}}年工作总结")
    d.paragraph(
        "{{年度}}年，{{区总工会名称}}在区委和上级工会的坚强领导下，团结带领全区各级工会组织和广大职工，"
        "围绕中心、服务大局，认真履行维护职工合法权益、竭诚服务职工群众的基本职责，各项工作取得新成效。"
        "本总结的数字由{{报送工会数}}家基层工会报送的{{年度}}年度数据汇总"
        "{% if 未报送工会数 %}（另有{{未报送工会数}}家基层工会尚未报送，见附表2）{% endif %}。"
    )

    d.heading("一、加强组织建设，扩大工会覆盖面")
    d.paragraph(
        "截至{{结束日期|日期}}，全区共有工会组织{{工会组织数}}个"
        "{% if 联合基层工会数 %}（其中联合基层工会{{联合基层工会数}}个）{% endif %}，涵盖单位{{覆盖单位数}}家，"
        # 上年 has no distinct count (rosters are the year's end): compared only when none is doubled.
        "工会会员{{去重会员总数}}人{% if not 重复会员人数 %}" + compared("会员总数") + "{% endif %}"
        + "{% if 职工总数 %}，职工{{职工总数}}人，入会率{{入会率|百分比}}" + compared_in_points("入会率") + "{% endif %}。"
        "{% if 重复会员人数 %}（在两家以上工会登记的{{重复会员人数}}名会员只计一次。）{% endif %}"
    )
    d.when(
        any_of("新建工会组织数", "新入会人数"),
        lambda: d.paragraph(
            "{% if 新建工会组织数 %}全年新成立工会组织{{新建工会组织数}}家"
            "{% if 新建工会会员数 %}，新建工会会员{{新建工会会员数}}人{% endif %}，{% endif %}"
            "{% if 去重新入会人数 %}发展会员{{去重新入会人数}}人{% endif %}。"
            "{% if 撤销工会组织数 %}因单位注销等原因撤销工会组织{{撤销工会组织数}}个。{% endif %}"
            "{% if 女会员数 or 农民工会员数 %}全区会员中有"
            + joined([("去重女会员数", "'女会员' ~ 去重女会员数 ~ '人'"),
                      ("去重农民工会员数", "'农民工会员' ~ 去重农民工会员数 ~ '人'")])
            + "。{% endif %}"
        ),
    )
    d.paragraph("【请补充：新就业形态劳动者入会、“小三级”工会建设等情况。】")

    d.heading("二、深化维权服务，构建和谐劳动关系")
    d.when(
        "有效集体合同份数",
        lambda: d.paragraph(
            "全区有效集体合同{{有效集体合同份数}}份，覆盖企业{{集体合同覆盖企业数}}家、职工{{集体合同覆盖职工人数}}人"
            "{% if 工资专项集体合同份数 %}；工资专项集体合同{{工资专项集体合同份数}}份，覆盖职工{{工资专项覆盖职工人数}}人{% endif %}"
            "{% if 女职工专项集体合同份数 %}；女职工权益保护专项集体合同{{女职工专项集体合同份数}}份{% endif %}。"
            "{% if 新签集体合同份数 or 续签集体合同份数 %}全年新签集体合同{{新签集体合同份数}}份、续签{{续签集体合同份数}}份。{% endif %}"
        ),
    )
    d.when(
        any_of("法律咨询次数", "劳动争议调解件数", "办实事件数", "职代会次数"),
        lambda: d.paragraph(
            "全区各级工会"
            + joined([
                ("职代会次数", "'召开职代会（会员大会）' ~ 职代会次数 ~ '次'"),
                ("法律咨询次数", "'提供法律咨询' ~ 法律咨询次数 ~ '次'"),
                ("劳动争议调解件数", "'调解劳动争议' ~ 劳动争议调解件数 ~ '件'"),
                ("办实事件数", "'为职工办实事' ~ 办实事件数 ~ '件'"),
            ], "，")
            + "。"
        ),
    )

    d.heading("三、开展建功立业，激发职工创新活力")
    d.when(
        any_of("劳动和技能竞赛场次", "安康杯场次", "培训期数", "创新工作室数", "劳模人数"),
        lambda: d.paragraph(
            "全区"
            + joined([
                ("劳动和技能竞赛场次", "'开展劳动和技能竞赛' ~ 劳动和技能竞赛场次 ~ '场、参与' ~ 劳动和技能竞赛人次 ~ '人次'"),
                ("安康杯场次", "'组织“安康杯”竞赛活动' ~ 安康杯场次 ~ '场'"),
                ("培训期数", "'举办职工培训' ~ 培训期数 ~ '期、' ~ 培训人次 ~ '人次'"),
                ("创新工作室数", "'建有劳模（职工）创新工作室' ~ 创新工作室数 ~ '个'"),
                ("劳模人数", "'有劳动模范' ~ 去重劳模人数 ~ '人'"),
            ], "，")
            + "。"
        ),
    )
    d.when(
        "活动总场次",
        lambda: d.paragraph("全年各基层工会共组织各类活动{{活动总场次}}场，参与职工{{活动参与总人次}}人次。"),
    )

    d.heading("四、做实帮扶工作，温暖职工群众")
    d.when(
        any_of("帮扶慰问总人次", "在档困难职工户数"),
        lambda: d.paragraph(
            "{% if 去重在档困难职工户数 %}全区在档困难职工{{去重在档困难职工户数}}户{% if 解困脱困户数 %}，全年解困脱困{{解困脱困户数}}户{% endif %}。{% endif %}"
            "{% if 帮扶慰问总人次 %}全年帮扶慰问职工{{去重帮扶慰问总人数}}人、{{帮扶慰问总人次}}人次，发放帮扶慰问金{{帮扶慰问总金额万元}}万元"
            "{% if 送温暖人次 %}，其中“送温暖”{{送温暖人次}}人次、{{送温暖金额万元}}万元{% endif %}"
            "{% if 金秋助学人次 %}，“金秋助学”{{金秋助学人次}}人次、{{金秋助学金额万元}}万元{% endif %}"
            "{% if 医疗救助人次 %}，医疗救助{{医疗救助人次}}人次、{{医疗救助金额万元}}万元{% endif %}。{% endif %}"
            "{% if 重复帮扶慰问人数 %}（在两家以上工会得到帮扶慰问的{{重复帮扶慰问人数}}名职工只计一人。）{% endif %}"
        ),
    )
    d.when("互助保障参保人数", lambda: d.paragraph("职工互助保障参保{{去重互助保障参保人数}}人。"))

    d.heading("五、加强自身建设，提升服务能力")
    d.paragraph(
        "{% if 会费应缴金额 %}全区基层工会会费应缴{{会费应缴金额|千分位}}元，实缴{{会费实缴金额|千分位}}元，"
        "收缴率{{会费收缴率|百分比}}。{% endif %}"
        "【请补充：工会干部培训、经费审查、作风建设等情况。】"
    )
    d.heading("六、{{下一年度}}年工作打算")
    d.paragraph("【请补充：下一年度工作思路和重点任务。】")
    d.paragraph("")
    d.paragraph("{{区总工会名称}}", "落款")
    d.paragraph("{{报告日期|日期}}", "落款")

    d.paragraph("附表1", "附件标识", page_break_before=True)
    d.paragraph("{{年度}}年各基层工会主要数据", "表题")
    d.table(
        [9, 52, 14, 19, 17, 17, 14, 14],
        ["序号", "工会名称", "类型", "覆盖单位", "职工", "会员", "新入会", "入会率"],
        ["{{r.序号}}", "{{r.工会名称}}", "{{r.基层工会类型|replace('基层工会', '')}}", "{{r.覆盖单位数}}", "{{r.职工总数}}",
         "{{r.会员总数}}", "{{r.新入会人数}}", "{{r.入会率}}"],
        "工会明细",
        ["合计", "{{报送工会数}}家", "", "{{覆盖单位数}}", "{{职工总数}}", "{{会员总数}}", "{{新入会人数}}", "{{入会率}}"],
        size=Pt(10),
        margin=Mm(0.6),
    )
    d.paragraph("注：入会率为百分比；会员合计为各工会相加，在两家以上工会登记的会员正文按证件号码只计一次。", "表注")
    d.when(
        "未报送工会",
        lambda: (
            d.paragraph("附表2", "附件标识"),
            d.paragraph("{{年度}}年度尚未报送数据的基层工会", "表题"),
            d.table([12, 84, 32, 28], ["序号", "工会名称", "统计代码", "建会日期"],
                    ["{{r.序号}}", "{{r.工会名称}}", "{{r.统计代码}}", "{{r.建会日期}}"], "未报送工会",
                    size=Pt(10), margin=Mm(0.6)),
        ),
    )
    return d


#: The grassroots 统计年报's text cells → the district roll-up's (each must be found once).
_SHEET_TEXT = {
    "{{年度}}年度工会统计年报": "{{年度}}年度{{区总工会名称}}统计年报（汇总）",
    "统计期间：{{开始日期|日期}}至{{结束日期|日期}}":
        "统计期间：{{开始日期|日期}}至{{结束日期|日期}}（{{报送工会数}}家基层工会数据包汇总，未报送{{未报送工会数}}家"
        "{% if 未含统计年度工会数 %}；{{未含统计年度工会数}}家的数据包为旧版本、不含统计年度，未计入：{{未含统计年度工会}}{% endif %}）",
    "单位名称：{{单位名称}}": "工会组织数：{{工会组织数}}个（联合基层工会{{联合基层工会数}}个）",
    "统一社会信用代码：{{统一社会信用代码}}": "覆盖单位数：{{覆盖单位数}}家",
    "工会名称：{{工会名称}}": "新建工会组织：{{新建工会组织数}}个　撤销：{{撤销工会组织数}}个",
    "工会主席：{{工会主席}}": "会员（同一人只计一次）：{{去重会员总数}}人",
    "联系人：{{联系人}}": "报送工会：{{报送工会数}}家",
    "联系电话：{{联系电话}}": "未报送工会：{{未报送工会数}}家",
    "单位地址：{{单位地址}}": "填报单位：{{区总工会名称}}",
    "填报人：{{联系人}}　　联系电话：{{联系电话}}　　填报日期：{{报告日期|日期}}": "填报单位：{{区总工会名称}}　　填报日期：{{报告日期|日期}}",
    "工会主席（签字）：　　　　　　　　　　　　　　　　　（工会盖章）": "负责人（签字）：　　　　　　　　　　　　　　　　　（盖章）",
}
_NOTE = "说明：1. 统计年报的统计期间为上年10月1日至本年9月30日"


def district_statistical_report() -> object:
    """The grassroots 统计年报 sheet with the district's block and notes: its rows come from the
    same row builder, fed with the district's sums."""
    wb = statistical_report()
    wb.properties.title = "区总统计年报"
    wb.properties.keywords = "期间=统计年度;区总"
    wb.properties.description = "区总工会统计年报汇总：各基层工会数据包的统计年度数字相加（上年10月1日至本年9月30日）。"
    ws = wb.active
    found = set()
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value in _SHEET_TEXT:
                found.add(cell.value)
                cell.value = _SHEET_TEXT[cell.value]
            elif isinstance(cell.value, str) and cell.value.startswith(_NOTE):
                found.add(_NOTE)
                cell.value = ("说明：1. 本表由各基层工会报送的数据包汇总，统计期间与基层工会统计年报相同，为上年10月1日至"
                              "本年9月30日（{{开始日期|日期}}至{{结束日期|日期}}）；表中各项为各工会数字之和，在两家以上工会登记的会员在表头只计一次。")  # fmt: skip
    missing = (set(_SHEET_TEXT) | {_NOTE}) - found
    if missing:  # the grassroots sheet changed its wording: update _SHEET_TEXT
        raise RuntimeError(f"统计年报 cells not found: {sorted(missing)}")
    return wb


BUILDERS = {"区总年度工作总结.docx": district_summary, "区总统计年报.xlsx": district_statistical_report}


def build(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, builder in BUILDERS.items():
        _save(builder(), folder / name)
        written.append(folder / name)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the committed templates are up to date")
    args = parser.parse_args(argv)
    if args.check:
        with tempfile.TemporaryDirectory() as folder:
            stale = [p.name for p in build(Path(folder)) if not (OUT / p.name).exists()
                     or (OUT / p.name).read_bytes() != p.read_bytes()]  # fmt: skip
        if stale:
            print(f"out of date: {', '.join(stale)} — run python tools/build_district_templates.py", file=sys.stderr)
            return 1
        print("district templates up to date")
        return 0
    from unionbook.fileio.templates import check_template
    from unionbook.services.district.summary import known_names

    for path in build(OUT):
        check_template(path, known_names())
        print(path.relative_to(REPO))
    return 0


if __name__ == "__main__":
    sys.exit(main())
