"""Importing the honors, positions, rights and mutual-aid ledgers the way chairs and insurers write
them: their own column names, kinds read from titles, bad rows named by sheet, row and column, the
same file twice changing nothing, all or nothing, and export → import changing nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from unionbook.db.models import Honor, Member, MutualAidEnrollment, Position, RightsCase
from unionbook.domain.errors import OperationCancelled
from unionbook.services import honors, mutual_aid, positions, register_export, rights_cases
from unionbook.services.database import Database
from unionbook.services.importing.registers import IMPORTERS

ID_A = "110101199003070012"


def sheet(path: Path, title: str, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = title
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


@pytest.fixture
def roster(db: Database) -> Database:
    with db.session_factory.begin() as s:
        s.add_all([Member(name="张伟", id_number=ID_A, department="一车间", is_migrant_worker=False),
                   Member(name="李娜", department="二车间", is_migrant_worker=False)])  # fmt: skip
    return db


def run(db: Database, key: str, path: Path, **kwargs: object):  # noqa: ANN201
    importer = IMPORTERS[key]
    plan = importer.plan(path, db.session_factory, **kwargs)
    return plan, importer.run(db.session_factory, plan)


def count(db: Database, model: type) -> int:
    with db.session_factory() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_honors_ledger_without_kinds_reads_them_from_titles(roster: Database, tmp_path: Path) -> None:
    path = sheet(tmp_path / "荣誉.xlsx", "荣誉台账", [
        ["2021—2025年荣誉台账"],
        ["序号", "荣誉名称", "级别", "获得时间", "颁发单位", "获奖人", "获奖集体"],
        [1, "江川市劳动模范", "市级", "2024-04-28", "江川市人民政府", "张伟", None],
        [2, "省五一劳动奖章", None, "2023年4月", "省总工会", "李娜", None],
        [3, "工人先锋号", "县区级", 2025, "区总工会", None, "数控二班"],
        [4, "张伟劳模创新工作室", "市级", "2022-09-01", "市总工会", None, "张伟劳模创新工作室"],
        [5, "先进集体", "本单位", "2024-01-20", None, None, "质检部"],
        [6, "优秀工会工作者", "市级", "2024-03-01", None, "王五", None],
        [7, "技术能手", None, "2024-06-01", None, "张伟", None],
        [8, "年度标兵", "本单位", None, None, "李娜", None],
    ])  # fmt: skip
    plan, summary = run(roster, "honors", path)
    assert (summary.new, summary.rejected) == (5, 3)
    assert plan.rejection_lines() == [
        "工作表“荣誉台账”第8行“获奖人”列：名册中没有“王五”（请先在会员名册中登记此人）",
        "工作表“荣誉台账”第9行“级别”列：缺少授予级别（全国、省部级、市级、县区级或本单位）",
        "工作表“荣誉台账”第10行“获得时间”列：缺少授予日期",
    ]
    rows = {r.data.title: r for r in honors.list_honors(roster.session_factory)}
    assert rows["江川市劳动模范"].data.kind == "劳动模范" and rows["江川市劳动模范"].member_name == "张伟"
    medal = rows["省五一劳动奖章"].data
    assert (medal.kind, medal.level, medal.awarded_on) == ("五一劳动奖章", "省部级", date(2023, 4, 1))
    assert (rows["工人先锋号"].data.recipient, rows["工人先锋号"].data.collective) == ("班组", "数控二班")
    assert rows["张伟劳模创新工作室"].data.kind == "创新工作室"
    assert (rows["先进集体"].data.kind, rows["先进集体"].data.recipient) == ("其他", "部门")
    assert any("看不出荣誉类别" in w for w in plan.warning_lines())
    assert any("第5行“获得时间”列：只写了2025年" in w for w in plan.warning_lines())

    _plan, again = run(roster, "honors", path)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 5)
    assert count(roster, Honor) == 5


def test_positions_ledger_kinds_from_names_and_areas(db: Database, tmp_path: Path) -> None:
    path = sheet(tmp_path / "阵地.xlsx", "阵地", [
        ["阵地名称", "启用日期", "地点", "面积", "示范级别"],
        ["公司职工之家", "2019-05-01", "办公楼三楼", "320平方米", "市级"],
        ["一车间职工小家", "2022年", "一车间二楼", "60", None],
        ["爱心妈妈小屋", "2023-03-08", "办公楼二楼", "15㎡", "省级"],
        ["篮球场", "2020-01-01", None, None, None],
        ["职工书屋", "2021-04-23", "图书室", "约80", None],
    ])  # fmt: skip
    plan, summary = run(db, "positions", path)
    assert (summary.new, summary.rejected) == (3, 2)
    assert plan.rejection_lines() == [
        "工作表“阵地”第5行“类型”列：缺少类型，“篮球场”也看不出是哪类阵地",
        "工作表“阵地”第6行“面积”列：“约80”不是面积，请写平方米数，例如 60",
    ]
    rows = {r.data.name: r.data for r in positions.list_positions(db.session_factory)}
    assert (rows["公司职工之家"].kind, rows["公司职工之家"].area, rows["公司职工之家"].demo_level) == ("职工之家", 320, "市级示范")
    assert rows["一车间职工小家"].opened_on == date(2022, 1, 1) and rows["爱心妈妈小屋"].kind == "爱心妈妈小屋/母婴室"
    _plan, again = run(db, "positions", path)
    assert (again.new, again.unchanged, count(db, Position)) == (0, 3, 3)


def test_cases_ledger_outcomes_privacy_and_round_trip(roster: Database, tmp_path: Path) -> None:
    path = sheet(tmp_path / "维权.xlsx", "维权台账", [
        ["类别", "诉求内容", "受理日期", "办结日期", "结果", "当事人"],
        ["法律咨询", "加班费计算", "2024-03-05", "2024-03-05", "已答复", "张伟"],
        ["劳动争议调解", "解除劳动合同经济补偿", "2024-06-10", "2024-07-02", "调解成功", "赵六"],
        ["诉求", "食堂增加夜班餐", "2024-09-01", None, None, None],
        [None, "工伤认定", "2024-10-01", None, None, "李娜"],
        ["法律援助", "欠薪", "2024-11-01", "2024-12-01", None, "钱七"],
    ])  # fmt: skip
    plan, summary = run(roster, "cases", path)
    assert (summary.new, summary.rejected) == (3, 2)
    assert plan.rejection_lines() == [
        "工作表“维权台账”第5行“类别”列：缺少类别（法律咨询、劳动争议调解、法律援助或职工诉求/办实事）",
        "工作表“维权台账”第6行“结果”列：已填写办结日期，缺少结果（调解成功、已解决、转交……）",
    ]
    rows = {r.data.request: r for r in rights_cases.list_cases(roster.session_factory)}
    assert rows["加班费计算"].data.outcome == "已解决" and rows["加班费计算"].data.member_id is not None
    assert rows["食堂增加夜班餐"].data.outcome == "办理中" and rows["食堂增加夜班餐"].data.kind == "职工诉求/办实事"
    assert rows["解除劳动合同经济补偿"].shown_name() == "赵*" and rows["解除劳动合同经济补偿"].shown_name(True) == "赵六"

    exported = register_export.export_cases(roster.session_factory, tmp_path / "导出.xlsx")
    cells = [c.value for c in openpyxl.load_workbook(exported.path).active["F"]]
    assert cells == ["当事人", "张*", "赵*", None]  # private by default
    _plan, again = run(roster, "cases", exported.path)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 3)
    assert {r.data.person_name for r in rights_cases.list_cases(roster.session_factory)} == {"张伟", "赵六", ""}


def test_insurers_list_for_mutual_aid(roster: Database, tmp_path: Path) -> None:
    path = sheet(tmp_path / "互助保障.xlsx", "参保名单", [
        ["江川市职工互助保障参保名单"],
        ["序号", "姓名", "身份证号", "参保年度", "保障计划", "缴费金额", "保单号"],
        [1, "张伟", ID_A, "2025年度", "在职职工住院医疗互助保障", 60, "HZ2025-0001"],
        [2, "张伟", ID_A, 2025, "重大疾病互助保障", "30.00", "HZ2025-0002"],
        [3, "李娜", None, 2025, "在职职工住院医疗互助保障", 60, "HZ2025-0003"],
        [4, "王五", "110101199003071111", 2025, "在职职工住院医疗互助保障", 60, None],
        [5, "李娜", None, "二〇二五", "重大疾病互助保障", 30, None],
    ])  # fmt: skip
    plan, summary = run(roster, "mutual-aid", path)
    assert (summary.new, summary.rejected) == (3, 2)
    assert [line.split("：")[0] for line in plan.rejection_lines()] == [
        "工作表“参保名单”第6行“姓名”列", "工作表“参保名单”第7行“参保年度”列"]  # fmt: skip
    assert "110101199003071111" not in " ".join(plan.rejection_lines())
    rows = mutual_aid.list_enrollments(roster.session_factory, mutual_aid.EnrollmentFilter(year=2025))
    assert sum(r.data.contribution_fen for r in rows) == 15000
    zhang = next(r.data.member_id for r in rows if r.member_name == "张伟")
    assert mutual_aid.years_covered(roster.session_factory, zhang) == [2025]

    exported = register_export.export_mutual_aid(roster.session_factory, tmp_path / "导出.xlsx")
    _plan, again = run(roster, "mutual-aid", exported.path)  # masked IDs: matched by the unique names
    assert (again.new, again.unchanged, again.rejected) == (0, 3, 0)
    assert count(roster, MutualAidEnrollment) == 3


def test_an_import_is_all_or_nothing(roster: Database, tmp_path: Path) -> None:
    path = sheet(tmp_path / "荣誉.xlsx", "荣誉", [["荣誉称号", "级别", "授予日期", "姓名"]]
                 + [[f"第{n}届劳动模范", "市级", f"2024-01-{n:02d}", "张伟"] for n in range(1, 6)])  # fmt: skip
    importer = IMPORTERS["honors"]
    plan = importer.plan(path, roster.session_factory)
    calls: list[int] = []
    with pytest.raises(OperationCancelled):
        importer.run(roster.session_factory, plan, cancelled=lambda: len(calls.append(1) or calls) > 3)
    assert count(roster, Honor) == 0
    assert importer.run(roster.session_factory, plan).new == 5
    assert count(roster, RightsCase) == 0
