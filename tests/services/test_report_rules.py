"""The generated documents as a chair reads them (issue 11, "The generated documents").

One rule a test, on unions built by hand so that every expected sentence is worked out here, not
computed by the code under test:
- rates compare in 百分点 (入会率同比百分点), counts and amounts keep the relative 同比;
- a decline is stated plainly (会员) or not at all (新入会, 活动参与, aid money);
- 存在的问题 and 工作计划 name unrenewed contracts, overdue hardship reviews and months without
  activities, from the registers;
- 附表1 carries the value of goods; an empty 附表 is one line; the sign-off date is the report's date.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document

from unionbook.app import main
from unionbook.db.models import (
    Activity,
    AidPayment,
    CollectiveContract,
    EmploymentEvent,
    HardshipFile,
    HardshipReview,
    Member,
    MembershipEvent,
    UnionProfile,
)
from unionbook.services import documents
from unionbook.services.database import Database
from unionbook.services.document_plan import figure_cells, other_variables, used_figures
from unionbook.services.figures import Period, points_text
from unionbook.services.report_findings import compute_findings, month_names

D = date


def text_of(path: Path) -> str:
    document = Document(path)
    parts = [p.text for p in document.paragraphs]
    parts += [" | ".join(c.text for c in row.cells) for t in document.tables for row in t.rows]
    return "\n".join(parts)


@pytest.fixture
def union(db: Database) -> Database:
    """江川测试公司 (2024 against 2023), worked out by hand:

    职工 甲 乙 丙 丁 戊 since 2020 (5 at both ends); 会员 甲 乙 丙 丁 at 2023-12-31, 丁 退会 2024-03-01:
    4 → 3 会员 (下降25.0%), 入会率 80.0% → 60.0% (降低20.0个百分点).
    集体合同 (E = 2024-12-31): 综合2022 ran to 2024-06-30, not renewed, nothing after it → named;
    工资2024 to 2024-12-31, renewed by 工资2025 signed 2024-12-20 → not named; 女职工2021 to
    2023-12-31, followed by 女职工2024 (not marked as its renewal) → not named; 安全2022 terminated
    early → not named; 其他2024 to 2024-12-31, nothing after it → named. 次年到期: 女职工2024 ends
    2025-12-31.
    困难职工 (at 2024-12-31): 甲 opened 2022-03-01, 复核 2023-03-01 only → overdue; 乙 opened 2022-03-01,
    复核 2024-02-01 → not; 丙 opened 2024-06-01, never reviewed → not yet; 丁 closed 2024-05-01 → not
    open; 戊 opened 2023-01-02 with a 走访 only (a visit is no 复核) → overdue: 2 户 of 4 in 档.
    活动 2024: 文体 1-10 (30), 安康杯 3-05 (20) and 6-12 (25), 培训 4-05 (15), 工会委员会议 5-05 (7),
    6-20 (7), 9-05 (7), 10-08 (7), 11-05 (7), 12-05 (7): no activity in 2月, 7月, 8月; 132 人次.
    2023: 文体 four times 40 人次 = 160: participation fell, so no 同比 is said for it.
    帮扶 2024: 甲 送温暖 1,234.56 元 + 300.00 元 in kind; 乙 节日慰问 goods 200.00 元 only.
    """
    with db.session_factory.begin() as s:
        s.add(UnionProfile(id=1, union_name="江川测试公司工会", unit_name="江川测试公司"))
        names = ["甲", "乙", "丙", "丁", "戊"]
        people = {n: Member(name=n, gender="女" if n in "甲丁" else "男") for n in names}
        s.add_all(people.values())
        for person in people.values():
            s.add(EmploymentEvent(member=person, status="在岗", date=D(2020, 1, 1)))
        for n in "甲乙丙丁":
            s.add(MembershipEvent(member=people[n], kind="入会", date=D(2020, 1, 1)))
        s.add(MembershipEvent(member=people["丁"], kind="退会", date=D(2024, 3, 1)))
        s.flush()

        def contract(kind: str, title: str, start: date, end: date, **extra: object) -> CollectiveContract:
            c = CollectiveContract(kind=kind, title=title, effective_from=start, effective_to=end, **extra)
            s.add(c)
            s.flush()
            return c

        contract("综合集体合同", "综合2022", D(2022, 1, 1), D(2024, 6, 30), signed_on=D(2021, 12, 1))
        wage = contract("工资专项集体合同", "工资2024", D(2024, 1, 1), D(2024, 12, 31), signed_on=D(2023, 12, 1))
        contract("工资专项集体合同", "工资2025", D(2025, 1, 1), D(2025, 12, 31), signed_on=D(2024, 12, 20),
                 renews_id=wage.id)  # fmt: skip
        contract("女职工权益保护专项集体合同", "女职工2021", D(2021, 1, 1), D(2023, 12, 31))
        contract("女职工权益保护专项集体合同", "女职工2024", D(2024, 1, 1), D(2025, 12, 31), signed_on=D(2023, 12, 5))
        contract("劳动安全卫生专项集体合同", "安全2022", D(2022, 1, 1), D(2024, 12, 31), terminated_on=D(2023, 5, 1))
        contract("其他专项", "其他2024", D(2024, 1, 1), D(2024, 12, 31), signed_on=D(2023, 12, 10))

        def hardship(n: str, opened: date, closed: date | None = None, reviews: tuple = ()) -> None:
            f = HardshipFile(member_id=people[n].id, category="相对困难", opened_on=opened, closed_on=closed,
                             close_reason="解困脱困" if closed else None)  # fmt: skip
            s.add(f)
            s.flush()
            for on, kind in reviews:
                s.add(HardshipReview(file_id=f.id, date=on, kind=kind))

        hardship("甲", D(2022, 3, 1), reviews=((D(2023, 3, 1), "复核"), (D(2025, 3, 1), "复核")))
        hardship("乙", D(2022, 3, 1), reviews=((D(2024, 2, 1), "复核"),))
        hardship("丙", D(2024, 6, 1))
        hardship("丁", D(2020, 1, 1), D(2024, 5, 1))
        hardship("戊", D(2023, 1, 2), reviews=((D(2024, 6, 1), "走访"),))

        def activity(category: str, on: date, people_count: int, name: str = "") -> None:
            s.add(Activity(name=name or f"活动{on:%m%d}", category=category, start_date=on,
                           participants=people_count))  # fmt: skip

        activity("文体活动", D(2024, 1, 10), 30)
        activity("安康杯", D(2024, 3, 5), 20)
        activity("培训", D(2024, 4, 5), 15)
        activity("安康杯", D(2024, 6, 12), 25)
        for on in (D(2024, 5, 5), D(2024, 6, 20), D(2024, 9, 5), D(2024, 10, 8), D(2024, 11, 5), D(2024, 12, 5)):
            activity("工会委员会议", on, 7)
        for month in (2, 4, 6, 8):
            activity("文体活动", D(2023, month, 1), 40)

        s.add_all([
            AidPayment(member_id=people["甲"].id, program="送温暖", date=D(2024, 1, 20), amount_fen=123456,
                       goods_value_fen=30000),
            AidPayment(member_id=people["乙"].id, program="节日慰问", date=D(2024, 9, 15), amount_fen=0,
                       goods_value_fen=20000),
        ])  # fmt: skip
    return db


def closed_copy(database: Database, folder: Path) -> Path | str:
    """The database as a file the CLI can open (the fixture holds the open one's lock); a server
    book has no lock, so the CLI opens the book itself."""
    if database.on_server:
        return database.target
    from unionbook.db.backup import backup_database

    path = folder / "copy.sqlite"
    backup_database(database.path, path)
    return path


def render(database: Database, name: str, period: Period, folder: Path, **extra: object) -> Path:
    suffix = ".xlsx" if name == "工会统计年报" else ".docx"
    return documents.render(database.session_factory, name, period, folder / f"{name}{suffix}",
                            today=D(2026, 11, 30), **extra)  # fmt: skip


# ------------------------------------------------------------------------------ 百分点


@pytest.mark.parametrize(
    ("now", "before", "expected"),
    [
        (Decimal("90.0"), Decimal("89.8"), "提高0.2个百分点"),
        (Decimal("88.5"), Decimal("90.0"), "降低1.5个百分点"),
        (Decimal("75.0"), Decimal("66.7"), "提高8.3个百分点"),
        (Decimal("90.5"), Decimal("90.5"), "持平"),
        (Decimal("90.04"), Decimal("89.96"), "持平"),  # both print as 90.0%
        (Decimal("60.0"), Decimal("0.0"), "—"),  # no rate last year (no roster): no comparison
    ],
)
def test_rates_compare_in_percentage_points(now: Decimal, before: Decimal, expected: str) -> None:
    assert points_text(now, before) == expected


def test_the_points_variant_is_a_known_variable_of_rates_only() -> None:
    names = documents.known_names()
    assert "入会率同比百分点" in names
    assert "会员总数同比百分点" not in names and "帮扶慰问总金额同比百分点" not in names
    assert used_figures({"入会率同比百分点"}) == ["入会率"]
    assert other_variables({"入会率同比百分点", "工会名称"}) == ["工会名称"]
    values = {"入会率": Decimal("60.0"), "上年入会率": Decimal("80.0"), "入会率同比": "下降25.0%",
              "入会率同比百分点": "降低20.0个百分点"}  # fmt: skip
    assert figure_cells(values, "入会率") == ("60.0%", "80.0%", "降低20.0个百分点")


def test_figures_json_prints_the_points_variant(
    union: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    assert main(["--db", str(closed_copy(union, tmp_path)), "figures", "--year", "2024", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    # 3/5 = 60.0% against 4/5 = 80.0%
    assert (document["入会率"], document["上年入会率"], document["入会率同比百分点"]) == (
        60.0,
        80.0,
        "降低20.0个百分点",
    )


# ------------------------------------------------------------------------------ wording


def test_summary_states_a_decline_plainly_or_not_at_all(union: Database, tmp_path: Path) -> None:
    text = text_of(render(union, "年度工作总结", Period.year(2024), tmp_path))
    # 会员 4 → 3 and 入会率 80.0% → 60.0%: said plainly, and the heading claims no growth.
    assert ("截至2024年12月31日，江川测试公司共有职工5人，其中女职工2人；工会会员3人，同比下降25.0%，"
            "入会率60.0%，比上年降低20.0个百分点。") in text  # fmt: skip
    assert "一、加强组织建设，夯实工会组织基础" in text and "稳步壮大" not in text
    # 活动参与 132 人次 against 160: no "同比下降" tacked onto the achievements.
    assert "全年组织开展各类活动和会议10场次，参与职工132人次。" in text
    # Aid money: no 同比 at all (it follows need); 1,534.56 + 200.00 = 1,734.56 元, under 1万.
    assert (
        "全年开展各类帮扶慰问2人次，惠及职工2人，发放帮扶慰问款物合计1,734.56元，其中慰问金1,234.56元、慰问品折合500元。"
        in text
    )
    assert "同比下降" not in text.replace("工会会员3人，同比下降25.0%", "")


def test_summary_words_as_chairs_write_them(union: Database, tmp_path: Path) -> None:
    text = text_of(render(union, "年度工作总结", Period.year(2024), tmp_path))
    assert "深入开展“安康杯”竞赛，组织安全知识竞赛等活动两场，参与职工45人次。" in text
    assert "召开工会委员会会议六次。" in text
    assert "工会委员会议" not in text  # neither in the sentence nor in 附表2's 类别 column
    assert "“两节”送温暖，为1名困难职工发放救助金1,234.56元，另发放慰问品折合300元。" in text
    assert "开展节日慰问1人次，发放慰问品折合200元。" in text
    assert "目前" not in text and "冬送温暖" not in text
    half = text_of(render(union, "上半年工作总结", Period.half_year(2024), tmp_path))
    assert "目前" not in half and "工会委员会议" not in half
    assert "截至2024年6月30日，在档困难职工4户。" in half  # 甲 乙 丙 戊 (丁 closed 05-01)
    assert "召开工会委员会会议两次。" in half  # 5-05 and 6-20
    assert "提前做好两份即将到期的集体合同续签准备；" in half  # 工资2024 and 其他2024 end 2024-12-31


def test_problems_and_plans_name_what_the_registers_show(union: Database, tmp_path: Path) -> None:
    text = text_of(render(union, "年度工作总结", Period.year(2024), tmp_path))
    assert ("集体合同续签不够及时，《综合2022》（2024年6月30日到期）、《其他2024》（2024年12月31日到期）"
            "均尚未续签。") in text  # fmt: skip
    assert "困难职工档案动态管理还不到位，有2户困难职工超过一年没有复核。" in text
    assert "工会活动开展还不够经常，2月、7月、8月没有组织活动。" in text
    assert "有一份集体合同将在2025年内到期" in text  # 女职工2024
    assert (
        "（二）深化集体协商。抓紧完成《综合2022》《其他2024》的续签工作，做好《女职工2024》到期后的续签工作，" in text
    )
    assert "及时完成2户困难职工档案的年度复核，" in text
    assert "统筹安排全年活动，做到月月有活动，" in text


def test_findings_are_worked_out_as_of_the_report(union: Database) -> None:
    found = compute_findings(union.session_factory, Period.year(2024), D(2026, 11, 30))
    assert [(c["标题"], c["终止日期"]) for c in found["到期未续签合同列表"]] == [
        ("综合2022", D(2024, 6, 30)),
        ("其他2024", D(2024, 12, 31)),
    ]
    assert [(r["姓名"], r["最近复核日期"]) for r in found["逾期未复核困难职工列表"]] == [
        ("甲", D(2023, 3, 1)),
        ("戊", ""),
    ]
    assert (found["无活动月数"], found["无活动月份"]) == (3, "2月、7月、8月")
    # A year in progress: on 2024-08-31 August is not over yet, and no review is a year late.
    running = compute_findings(union.session_factory, Period.year(2024), D(2024, 8, 31))
    assert (running["无活动月数"], running["无活动月份"]) == (2, "2月、7月")
    assert [r["姓名"] for r in running["逾期未复核困难职工列表"]] == ["甲", "戊"]  # 2023-03-01, 2023-01-02
    # 2023: 综合2022 still in force; 女职工2021 ended 2023-12-31 but 女职工2024 took over the next day.
    assert compute_findings(union.session_factory, Period.year(2023), D(2026, 11, 30))["到期未续签合同列表"] == []


def test_month_names_join_runs_and_name_each_year_once() -> None:
    months = Period.statistical_year(2025).months()  # 2024-10 … 2025-09
    assert month_names([]) == ""
    assert month_names([months[4]]) == "2月"
    assert month_names([months[2], months[3], months[4]]) == "2024年12月至2025年2月"
    assert month_names([months[0], months[1], months[5]]) == "2024年10月、11月、2025年3月"
    assert month_names(Period.half_year(2026).months()) == "1月至6月"


# ------------------------------------------------------------------------------ 附表


def test_annex_1_carries_the_value_of_goods_beside_the_cash(union: Database, tmp_path: Path) -> None:
    document = Document(render(union, "年度工作总结", Period.year(2024), tmp_path))
    table = next(t for t in document.tables if t.rows[0].cells[1].text == "项目")
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["序号", "项目", "人数", "人次", "资金（元）", "实物价值（元）", "合计（元）"]
    assert rows[1] == ["1", "送温暖", "1", "1", "1,234.56", "300.00", "1,534.56"]
    assert rows[2] == ["2", "节日慰问", "1", "1", "0.00", "200.00", "200.00"]
    assert rows[-1] == ["合计", "", "2", "2", "1,234.56", "500.00", "1,734.56"]


def test_an_empty_annex_is_one_line_not_a_page(db: Database, tmp_path: Path) -> None:
    document = Document(render(db, "年度工作总结", Period.year(2024), tmp_path))
    annex = [p for p in document.paragraphs if p.text.startswith("附表")]
    assert [p.text for p in annex] == [
        "附表1　帮扶慰问发放汇总表：本期没有帮扶慰问发放记录。",
        "附表2　工会活动一览表：本期没有活动记录。",
    ]
    assert not document.tables
    for paragraph in document.paragraphs:
        assert not paragraph.paragraph_format.page_break_before, paragraph.text


def test_annex_2_columns_hold_their_longest_words_on_one_line() -> None:
    """At 10 pt a CJK character is 10 pt wide and a digit 5 pt: the 类别, 日期 and 地点 columns hold
    "职代会/会员大会", "12月18日" and "公司三楼多功能厅" (the demo's) without breaking them."""
    document = Document(documents.find_template("年度工作总结", None))
    table = next(t for t in document.tables if t.rows[0].cells[1].text == "活动名称")
    xml = table._tbl.xml
    widths = [int(w) / 20 for w in re.findall(r'<w:gridCol w:w="(\d+)"', xml)]  # twips → pt
    padding = 2 * int(re.search(r'<w:tblCellMar>\s*<w:left w:w="(\d+)"', xml).group(1)) / 20
    needed = {2: 7 * 10 + 3, 3: 3 * 10 + 4 * 5, 4: 8 * 10}  # 类别 (the "/" is narrow), 日期, 地点
    for column, text_width in needed.items():
        assert widths[column] >= text_width + padding, (column, widths[column])
    assert widths[1] >= 16 * 10 + padding  # 活动名称: "《工会法》《劳动合同法》知识竞赛"


# ------------------------------------------------------------------------------ 报告日期


@pytest.mark.parametrize(
    ("period", "today", "expected"),
    [
        (Period.year(2024), D(2026, 11, 30), D(2025, 1, 15)),  # a past year: dated when it was due
        (Period.year(2024), D(2025, 1, 10), D(2025, 1, 10)),  # written in January: today
        (Period.year(2024), D(2025, 1, 31), D(2025, 1, 31)),  # a month after the end: still today
        (Period.year(2024), D(2025, 2, 1), D(2025, 1, 15)),
        (Period.year(2026), D(2026, 11, 30), D(2026, 11, 30)),  # the year still running: today
        (Period.half_year(2026), D(2026, 11, 30), D(2026, 7, 15)),
        (Period.statistical_year(2024), D(2026, 11, 30), D(2024, 10, 15)),
    ],
)
def test_default_report_date(period: Period, today: date, expected: date) -> None:
    assert documents.default_report_date(period, today) == expected


def test_the_signature_carries_the_report_date(union: Database, tmp_path: Path) -> None:
    default = text_of(render(union, "年度工作总结", Period.year(2024), tmp_path))
    assert "江川测试公司工会\n2025年1月15日" in default and "2026年11月30日" not in default
    chosen = text_of(render(union, "年度工作总结", Period.year(2024), tmp_path, report_date=D(2025, 1, 8)))
    assert "江川测试公司工会\n2025年1月8日" in chosen


def test_report_command_takes_the_date(union: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, path = tmp_path / "总结.docx", closed_copy(union, tmp_path)
    code = main(["--db", str(path), "report", "--year", "2024", "--template", "年度工作总结", "-o", str(out),
                 "--date", "2025-01-08"])  # fmt: skip
    assert code == 0
    assert "落款日期 2025-01-08" in capsys.readouterr().out
    assert "2025年1月8日" in text_of(out)
    with pytest.raises(SystemExit) as refused:  # a usage error: argparse's exit, code 2
        main(["--db", str(path), "report", "--year", "2024", "--template", "年度工作总结", "-o", str(out),
              "--date", "2025-13-01"])  # fmt: skip
    assert refused.value.code == 2 and "日期应写成" in capsys.readouterr().err


# ------------------------------------------------------------------------------ 工会统计年报


def test_statistical_rows_label_unit_and_leave_out_what_is_zero() -> None:
    from unionbook.services.figures import FIGURES
    from unionbook.services.statistical_report import statistical_rows

    values: dict[str, object] = {}
    for f in FIGURES:
        values.update({f.name: 0, "上年" + f.name: 0, f.name + "同比": "—"})
    values.update({
        "职工总数": 5, "上年职工总数": 5, "职工总数同比": "持平",
        "会员总数": 3, "上年会员总数": 4, "会员总数同比": "下降25.0%",
        "入会率": Decimal("60.0"), "上年入会率": Decimal("80.0"), "入会率同比": "下降25.0%",
        "入会率同比百分点": "降低20.0个百分点",
        "困难职工帮扶金额": Decimal("1234.56"), "困难职工帮扶金额万元": Decimal("0.12"),
        "送温暖金额": Decimal("1234.56"), "送温暖金额万元": Decimal("0.12"),
    })  # fmt: skip
    rows = {r["指标"]: r for r in statistical_rows(values)}
    assert rows["会员总数"] == {"分组": "会员", "序号": 2, "指标": "会员总数", "单位": "人", "本期": 3, "上年同期": 4,
                              "同比": "下降25.0%"}  # fmt: skip
    assert (rows["职工入会率"]["本期"], rows["职工入会率"]["同比"]) == ("60.0", "降低20.0个百分点")
    assert rows["其中：困难职工帮扶资金"]["单位"] == "元" and rows["其中：困难职工帮扶资金"]["分组"] == "资金"
    assert rows["送温暖资金"]["本期"] == Decimal("1234.56")
    # Zero in both years: out, unless the form needs the row.
    assert "职工互助保障人数" not in rows and "送温暖人次" not in rows
    assert rows["有效集体合同份数"]["本期"] == 0 and "帮扶慰问款物合计" in rows
    # No internal names, one money unit.
    assert not [label for label in rows if label.endswith("万元")]
    assert {r["单位"] for r in rows.values() if r["分组"] == "资金"} == {"元"}
    assert "万元" not in {r["单位"] for r in rows.values()}
    assert [r["序号"] for r in statistical_rows(values)] == list(range(1, len(rows) + 1))
    # The money section opens with its totals; each program's goods follow its cash.
    money = [r["指标"] for r in statistical_rows(values) if r["分组"] == "资金"]
    assert money[:4] == ["帮扶慰问款物合计", "帮扶慰问资金（不含实物）", "其中：困难职工帮扶资金", "送温暖资金"]


def test_statistical_report_reads_as_a_form(union: Database, tmp_path: Path) -> None:
    import openpyxl

    period = documents.default_period(documents.find_template("工会统计年报", None), 2024)
    sheet = openpyxl.load_workbook(render(union, "工会统计年报", period, tmp_path)).active
    table = [row for row in sheet.iter_rows(values_only=True) if isinstance(row[0], int)]
    rows = {row[1]: row for row in table}
    # 2024-09-30: 甲 乙 丙 of 5 (60.0%); 2023-09-30: 甲 乙 丙 丁 (80.0%).
    assert rows["职工入会率"][2:6] == ("%", "60.0", "80.0", "降低20.0个百分点")
    assert rows["新入会（转入）会员人数"][3:5] == (0, 0)  # the form asks for it even when zero
    assert "职工互助保障人数" not in rows and "生活救助人数" not in rows  # zero both years: left out
    assert not [label for label in rows if "万元" in label]
    assert {row[2] for row in table if row[2] in ("元", "万元")} == {"元"}
    assert "工会委员会会议次数" in rows
    text = "\n".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None)
    assert "UnionBook" not in text
    assert "统计年报的统计期间为上年10月1日至本年9月30日（本表为2023年10月1日至2024年9月30日），与日历年度不同" in text
    assert "填报日期：2024年10月15日" in text  # the report's date: two weeks after the period
