"""`unionbook figures`: the table a chair reads and the JSON scripts rely on (DESIGN.md, "Command line")."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from unionbook.app import main
from unionbook.db.models import AidPayment, EmploymentEvent, Member, MembershipEvent
from unionbook.services.database import Database
from unionbook.services.figures import FIGURES, LISTS

CHANGE = re.compile(r"(增长|下降)\d+\.\d%|持平|—")
POINTS = re.compile(r"(提高|降低)\d+\.\d个百分点|持平|—")


@pytest.fixture
def small_union(tmp_path: Path) -> Path:
    """A closed database (the CLI takes the lock itself) whose figures are worked out by hand:

    甲 employed 2020, member since 2020; 乙 employed and joined 2024-03-01; 丙 employed 2020, not a
    member. Payments: 甲 送温暖 1,000.00 元 on 2023-01-20 and 1,234.56 元 on 2024-01-20; 乙 节日慰问
    200.00 元 on 2024-11-05.
    """
    path = tmp_path / "small.sqlite"
    with Database.open(path, source="test") as database, database.session_factory.begin() as s:
        jia, yi, bing = Member(name="甲", gender="女"), Member(name="乙", gender="男"), Member(name="丙", gender="男")
        s.add_all([jia, yi, bing])
        s.add_all([EmploymentEvent(member=jia, status="在岗", date=date(2020, 1, 1)),
                   EmploymentEvent(member=yi, status="在岗", date=date(2024, 3, 1)),
                   EmploymentEvent(member=bing, status="在岗", date=date(2020, 1, 1)),
                   MembershipEvent(member=jia, kind="入会", date=date(2020, 1, 1)),
                   MembershipEvent(member=yi, kind="入会", date=date(2024, 3, 1))])  # fmt: skip
        s.flush()
        s.add_all([AidPayment(member_id=jia.id, program="送温暖", date=date(2023, 1, 20), amount_fen=100000),
                   AidPayment(member_id=jia.id, program="送温暖", date=date(2024, 1, 20), amount_fen=123456),
                   AidPayment(member_id=yi.id, program="节日慰问", date=date(2024, 11, 5), amount_fen=20000)])  # fmt: skip
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_json_has_every_figure_last_year_and_change(small_union: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--db", str(small_union), "figures", "--year", "2024", "--json")
    assert code == 0, err
    document = json.loads(out)
    assert document["期间"] == {"开始": "2024-01-01", "结束": "2024-12-31"}
    assert len(document) == 1 + 3 * len(FIGURES) + 3  # + 入会率, 会费收缴率 and 预算执行率同比百分点, the rates
    assert not set(LISTS) & set(document)  # lists are not numbers
    for figure in FIGURES:
        kind = float if figure.unit in ("元", "万元", "%") else int  # amounts and rates are JSON numbers
        for key in (figure.name, "上年" + figure.name):
            assert type(document[key]) is kind, key
        assert CHANGE.fullmatch(document[figure.name + "同比"]), figure.name
    hand_worked = {
        "职工总数": 3, "上年职工总数": 2, "职工总数同比": "增长50.0%",
        "会员总数": 2, "上年会员总数": 1, "会员总数同比": "增长100.0%",
        "入会率": 66.7, "上年入会率": 50.0, "入会率同比": "增长33.4%",  # 2/3 and 1/2; 16.7 / 50.0
        "入会率同比百分点": "提高16.7个百分点",  # 66.7 - 50.0
        "帮扶慰问总人次": 2, "上年帮扶慰问总人次": 1, "帮扶慰问总人次同比": "增长100.0%",
        "帮扶慰问总金额": 1434.56, "上年帮扶慰问总金额": 1000.0, "帮扶慰问总金额同比": "增长43.5%",  # 43.456%
        # a number, not "0.14 万元"; 0.143456 万元 shows as 0.14, and the change is taken on 0.14 against 0.10
        "帮扶慰问总金额万元": 0.14, "上年帮扶慰问总金额万元": 0.1, "帮扶慰问总金额万元同比": "增长40.0%",
        "送温暖金额": 1234.56, "上年送温暖金额": 1000.0, "送温暖金额同比": "增长23.5%",  # 23.456%
        "节日慰问人数": 1, "上年节日慰问人数": 0, "节日慰问人数同比": "—",
        "活动总场次": 0, "上年活动总场次": 0, "活动总场次同比": "—",
    }  # fmt: skip
    assert {key: document[key] for key in hand_worked} == hand_worked


def test_json_for_any_period(small_union: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "--db", str(small_union), "figures", "--from", "2023-10-01", "--to", "2024-09-30", "--json"
    )
    assert code == 0
    document = json.loads(out)
    assert document["期间"] == {"开始": "2023-10-01", "结束": "2024-09-30"}
    # 2024-01-20 only (2024-11-05 is after the period); 上年 is 2022-10-01 to 2023-09-30: 2023-01-20.
    assert (document["帮扶慰问总人次"], document["上年帮扶慰问总人次"]) == (1, 1)
    assert (document["会员总数"], document["上年会员总数"]) == (2, 1)  # at 2024-09-30 and at 2023-09-30


def test_table_has_one_aligned_line_per_figure(small_union: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", str(small_union), "figures", "--year", "2024")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "统计期间：2024-01-01 至 2024-12-31；上年同期：2023-01-01 至 2023-12-31"
    assert lines[1].split() == ["指标", "2024年", "上年（2023年）", "同比"]
    for figure in FIGURES:
        found = [line for line in lines if line.split()[0] == figure.name]
        assert len(found) == 1, figure.name
        change = POINTS if figure.unit == "%" else CHANGE  # a rate compares in percentage points
        assert change.fullmatch(found[0].split()[-1]), figure.name

    def cells(name: str) -> list[str]:
        return next(line for line in lines if line.split()[0] == name).split()

    assert cells("会员总数") == ["会员总数", "2", "人", "1", "人", "增长100.0%"]
    assert cells("入会率") == ["入会率", "66.7%", "50.0%", "提高16.7个百分点"]
    assert cells("帮扶慰问总金额") == ["帮扶慰问总金额", "1,434.56", "元", "1,000.00", "元", "增长43.5%"]
    assert cells("帮扶慰问总金额万元") == ["帮扶慰问总金额万元", "0.14", "万元", "0.10", "万元", "增长40.0%"]
    assert "【会员】" in lines and "【活动】" in lines


@pytest.mark.parametrize(
    ("args", "message"),
    [((), "请用 --year"), (("--from", "2024-13-01", "--to", "2024-12-31"), "--from 的日期“2024-13-01”无效"),
     (("--from", "2024-01-01"), "请用 --year"), (("--from", "2024-12-01", "--to", "2024-01-31"), "早于开始日期"),
     (("--year", "2024", "--to", "2024-06-30"), "只能选一种"), (("--year", "0"), "年度 0 无效")],
)  # fmt: skip
def test_unusable_periods_are_one_chinese_line_with_exit_code_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    code, out, err = run(capsys, "--db", str(tmp_path / "u.sqlite"), "figures", *args)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and message in err
