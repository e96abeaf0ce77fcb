"""总览 on a small hand-built union: the cards, 待办 and charts for the selected year, each opening
its register; and on the demo union, the charts add up to the registry's figures.

The union (today 2025-11-15, year 2025; 上年 2024):
- 王一 女 1990-03-01 一车间, 入会 2020, 在岗 2020; a hardship file opened 2024-06-01, never
  reviewed; 送温暖 2025-01-20 1,000.00 元 cash + 200.00 元 goods
- 李二 男 1970-07-01 一车间, 入会 2025-03-01, 在岗 2025-03-01
- 张三 男 1985-01-01 二车间, 入会 2010, 转出 2025-06-01, 在岗 2010
- 赵四 女, no birth date, no ID number, 入会 undated, 在岗 2019
- 钱五 男, 在岗 2019, not a member
- contracts: 甲 (综合) ends 2025-12-15 (in 30 days); 乙 (工资专项) ended 2025-10-15 (last month)
  without renewal; 丙 (女职工) 2025-01-01..2027-12-31 signed 2024-12-20, not filed
- activities: 文体活动 2025-03-10, 职代会 2025-05-20
- dues: 李二 owes 9.50 元 for September 2025 (not paid), and paid October's

At 2025-12-31: members 王一 李二 赵四 = 3 (2024: 王一 张三 赵四 = 3); employed 5 (2024: 4, 李二 not
yet), 入会率 60.0% (75.0%); in force: 丙 only (2024: 甲, 乙).
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from PySide6.QtCore import Qt

from unionbook.db.models import (
    Activity,
    AidPayment,
    CollectiveContract,
    DuesMonth,
    EmploymentEvent,
    HardshipFile,
    Member,
    MembershipEvent,
)
from unionbook.domain.registers import Register
from unionbook.domain.vocab import ActivityCategory, AidProgram, ContractType, HardshipCategory
from unionbook.services.charts import compute_charts
from unionbook.services.database import Database
from unionbook.services.figures import Period, compute
from unionbook.ui.application import create_application
from unionbook.ui.main_window import MainWindow
from unionbook.ui.pages.overview import OverviewPage
from unionbook.ui.pages.overview_cards import CARDS

D = date
TODAY = D(2025, 11, 15)


@pytest.fixture
def union(db: Database) -> Database:
    with db.session_factory.begin() as s:

        def person(name: str, gender: str, birth: date | None, department: str, id_number: str | None) -> Member:
            m = Member(name=name, gender=gender, birth_date=birth, department=department, id_number=id_number)
            s.add(m)
            return m

        wang = person("王一", "女", D(1990, 3, 1), "一车间", "110101199003011234")
        li = person("李二", "男", D(1970, 7, 1), "一车间", "110101197007011235")
        zhang = person("张三", "男", D(1985, 1, 1), "二车间", "110101198501011236")
        zhao = person("赵四", "女", None, "二车间", None)
        qian = person("钱五", "男", D(1980, 1, 1), "二车间", "110101198001011237")
        for member, kind, day in (
            (wang, "入会", D(2020, 1, 1)),
            (li, "入会", D(2025, 3, 1)),
            (zhang, "入会", D(2010, 1, 1)),
            (zhang, "转出", D(2025, 6, 1)),
            (zhao, "入会", None),
        ):
            s.add(MembershipEvent(member=member, kind=kind, date=day))
        for member, day in ((wang, D(2020, 1, 1)), (li, D(2025, 3, 1)), (zhang, D(2010, 1, 1)),
                            (zhao, D(2019, 1, 1)), (qian, D(2019, 1, 1))):  # fmt: skip
            s.add(EmploymentEvent(member=member, status="在岗", date=day))
        s.flush()
        s.add_all([
            CollectiveContract(kind=ContractType.COMPREHENSIVE.value, title="甲合同", signed_on=D(2022, 12, 20),
                               filed_on=D(2022, 12, 25), effective_from=D(2023, 1, 1), effective_to=D(2025, 12, 15)),
            CollectiveContract(kind=ContractType.WAGE.value, title="乙合同", signed_on=D(2024, 10, 20),
                               filed_on=D(2024, 10, 25), effective_from=D(2024, 11, 1), effective_to=D(2025, 10, 15)),
            CollectiveContract(kind=ContractType.FEMALE_WORKERS.value, title="丙合同", signed_on=D(2024, 12, 20),
                               effective_from=D(2025, 1, 1), effective_to=D(2027, 12, 31)),
        ])  # fmt: skip
        hardship = HardshipFile(member_id=wang.id, category=HardshipCategory.RELATIVE.value, opened_on=D(2024, 6, 1))
        s.add(hardship)
        s.add(AidPayment(member_id=wang.id, program=AidProgram.WARMTH.value,
                         date=D(2025, 1, 20), amount_fen=100_000, goods_value_fen=20_000))  # fmt: skip
        s.add(DuesMonth(member_id=li.id, month=D(2025, 9, 1), wage_fen=190_000, due_fen=950))
        s.add(DuesMonth(member_id=li.id, month=D(2025, 10, 1), wage_fen=190_000, due_fen=950, paid_fen=950,
                        paid_on=D(2025, 10, 31)))  # fmt: skip
        s.add(Activity(name="篮球赛", category=ActivityCategory.CULTURE_SPORTS.value, start_date=D(2025, 3, 10)))
        s.add(Activity(name="职工代表大会", category=ActivityCategory.CONGRESS.value, start_date=D(2025, 5, 20)))
    return db


@pytest.fixture
def page(qtbot, union: Database) -> OverviewPage:
    create_application()
    widget = OverviewPage(union, today=TODAY)
    qtbot.addWidget(widget)
    widget.resize(1300, 900)
    widget.set_year(2025)
    with qtbot.waitSignal(widget.loaded, timeout=30_000):
        widget.show()
    return widget


def test_cards_show_the_years_figures_with_last_year(page: OverviewPage) -> None:
    shown = {spec.figure: (c.when.text(), c.value.text(), c.change.text()) for spec, c in
             ((spec, page.cards[spec.figure]) for spec in CARDS)}  # fmt: skip
    assert shown == {
        "会员总数": ("2025年末", "3 人", "比上年持平"),
        "新入会人数": ("2025年全年", "1 人", "上年 0 人"),
        "入会率": ("2025年末", "60.0%", "比上年降低15.0个百分点"),
        "有效集体合同份数": ("2025年末", "1 份", "上年 2 份"),
        "在档困难职工户数": ("2025年末", "1 户", "上年 1 户"),
        "帮扶慰问款物合计万元": ("2025年全年", "0.12 万元", "上年 0.00 万元"),
        "活动总场次": ("2025年全年", "2 场", "上年无数据"),
    }
    assert "2025年1月1日至12月31日" in page.subtitle.text()


def test_todo_names_the_contracts_the_review_the_records_and_the_quiet_months(page: OverviewPage) -> None:
    texts = [item.text for item in page.todo.items]
    assert "《乙合同》已于2025年10月15日到期，尚未续签" in texts  # expired last month
    assert "《甲合同》将于2025年12月15日到期（还有30天），请准备续签" in texts  # in 30 days
    assert "《丙合同》签订已超过10日，尚未登记报送人社部门审查备案" in texts
    assert "王一的困难职工档案超过12个月未复核（2024年6月1日建档后未复核）" in texts
    assert "1名在册会员没有登记证件号码，请补充" in texts
    assert "1名在册会员没有登记入会日期，请补充" in texts
    assert "2025年1月、2月、4月、6月至10月没有活动记录（如有活动，请补录）" in texts
    assert "1名会员欠缴会费，合计9.50元，请催缴或登记缴费" in texts
    assert not any("职代会" in t for t in texts)  # held in May
    # Lapsed and overdue first: the contract still to come is after every urgent line.
    urgent = [item.urgent for item in page.todo.items]
    assert urgent == sorted(urgent, reverse=True)
    assert len(page.todo.labels) == len(texts)


def test_charts_show_the_years_numbers(page: OverviewPage) -> None:
    charts = page.overview.charts
    assert charts["会员性别结构"].categories == ("男会员", "女会员")
    assert charts["会员性别结构"].series[0].values == (1, 2)
    age = charts["会员年龄结构"]
    assert dict(zip(age.categories, age.series[0].values, strict=True)) == {
        "35岁及以下": 1, "36—45岁": 0, "46—55岁": 1, "56岁及以上": 0, "出生日期不详": 1}  # fmt: skip
    trend = charts["会员五年趋势"]
    assert trend.categories == ("2021年", "2022年", "2023年", "2024年", "2025年")
    assert [s.values[-2:] for s in trend.series] == [(3, 3), (0, 1), (0, 1)]  # total, joined, left
    assert charts["帮扶项目分布"].categories == ("送温暖",)
    assert [str(v) for v in charts["帮扶项目分布"].series[0].values] == ["1200.00"]
    activity = charts["活动月度分类"]
    assert {s.name: s.values[2] + s.values[4] for s in activity.series} == {"职代会": 1, "文体活动": 1}
    assert page.charts["会员性别结构"].view.chart().series()[0].count() == 2


def test_a_new_year_redraws_everything(qtbot, page: OverviewPage) -> None:
    with qtbot.waitSignal(page.loaded, timeout=30_000):
        page.set_year(2024)
    assert page.cards["会员总数"].when.text() == "2024年末"
    assert page.cards["有效集体合同份数"].value.text() == "2 份"
    assert page.overview.charts["会员性别结构"].series[0].values == (1, 2)  # 张三 instead of 李二
    assert page.charts["活动月度分类"].stack.currentWidget() is page.charts["活动月度分类"].empty_label


def test_cards_and_todo_lines_open_their_register(qtbot, union: Database) -> None:
    create_application()
    window = MainWindow(union)
    qtbot.addWidget(window)
    window.overview.fixed_today = TODAY
    window.show()
    with qtbot.waitSignal(window.overview.loaded, timeout=30_000):
        window.set_year(2025)
    qtbot.mouseClick(window.overview.cards["新入会人数"], Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.members_page
    assert window.members_page.model.rowCount() == 1  # 李二
    window.show_page("总览")
    line = next(i for i, item in enumerate(window.overview.todo.items) if item.text.startswith("《乙合同》"))
    window.overview.todo.labels[line].linkActivated.emit(str(line))
    assert window.stack.currentWidget() is window.contracts_page
    assert window.contracts_page.selected_row().data.title == "乙合同"
    window.show_page("总览")
    line = next(i for i, item in enumerate(window.overview.todo.items) if "证件号码" in item.text)
    window.overview.todo.labels[line].linkActivated.emit(str(line))
    assert window.members_page.model.rowCount() == 1  # 赵四
    window.show_page("总览")
    qtbot.mouseClick(window.overview.cards["在档困难职工户数"], Qt.MouseButton.LeftButton)
    assert window.aid_page.tabs.currentWidget() is window.aid_page.hardship_tab
    assert window.aid_page.hardship_tab.model.rowCount() == 1
    window.show_page("总览")
    line = next(i for i, item in enumerate(window.overview.todo.items) if "没有活动记录" in item.text)
    assert window.overview.todo.items[line].opens == type(window.overview.todo.items[line].opens)(
        Register.ACTIVITIES, year=2025, month=10
    )


def test_empty_database_walks_a_new_chair_through_the_first_steps(qtbot, db: Database) -> None:
    create_application()
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.overview.loaded, timeout=30_000):
        window.show_page("总览")
    overview = window.overview
    assert overview.first_steps.isVisible() and not overview.body.isVisible()
    qtbot.mouseClick(overview.first_steps.buttons["profile"], Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.settings_page


def test_demo_charts_add_up_to_the_registry_figures(demo_db: Database) -> None:
    """The charts use the figures' own SQL: each adds up to its figure (2024, the demo union)."""
    period = Period.year(2024)
    figures = compute(demo_db.session_factory, period)
    charts = compute_charts(demo_db.session_factory, period)
    gender = charts["会员性别结构"].series[0].values
    assert sum(gender) == figures["会员总数"] and gender[1] == figures["女会员数"]
    assert sum(charts["会员年龄结构"].series[0].values) == figures["会员总数"]
    assert sum(charts["会员部门分布"].series[0].values) == figures["会员总数"]
    total, joined, left = charts["会员五年趋势"].series
    assert (total.values[-1], joined.values[-1], left.values[-1]) == (
        figures["会员总数"], figures["新入会人数"], figures["减少会员数"])  # fmt: skip
    assert sum(charts["帮扶项目分布"].series[0].values) == figures["帮扶慰问款物合计"]
    assert sum(charts["帮扶月度发放"].series[0].values) == figures["帮扶慰问款物合计"]
    assert sum(sum(s.values) for s in charts["活动月度分类"].series) == figures["活动总场次"]


def test_the_overview_prints_on_one_a4_page(page: OverviewPage, tmp_path) -> None:  # noqa: ANN001
    from PySide6.QtPrintSupport import QPrinter

    from unionbook.ui.pages.overview_print import render_overview
    from unionbook.ui.printing import a4_portrait_printer

    printer = a4_portrait_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "总览.pdf"))
    render_overview(printer, "测试工会", page.overview, TODAY)
    pages = re.findall(rb"/Type\s*/Page[^s]", (tmp_path / "总览.pdf").read_bytes())
    assert len(pages) == 1


def test_a_chart_exports_as_png(page: OverviewPage, tmp_path) -> None:  # noqa: ANN001
    target = page.charts["会员年龄结构"].export(tmp_path / "年龄.png")
    assert target is not None and target.read_bytes().startswith(b"\x89PNG")


def test_hovering_a_bar_tells_its_category_and_value(page: OverviewPage) -> None:
    from PySide6.QtWidgets import QToolTip

    series = page.charts["会员年龄结构"].view.chart().series()[0]
    series.hovered.emit(True, 2, series.barSets()[0])  # the third age band
    assert QToolTip.text() == "46—55岁\u3000会员：1 人"
    departments = page.charts["会员部门分布"].view.chart().series()[0]  # lying bars: the first on top
    departments.hovered.emit(True, 0, departments.barSets()[0])
    assert QToolTip.text() == "二车间\u3000会员：1 人"
