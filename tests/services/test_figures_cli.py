"""`unionbook figures`: the table a chair reads and the JSON scripts rely on (DESIGN.md, "Command line")."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from unionbook.app import main
from unionbook.services.database import Database
from unionbook.services.figures import FIGURES, LISTS, Period, compute_with_comparison


@pytest.fixture
def demo_path(demo_template: Path, tmp_path: Path) -> Path:
    """A closed copy of the demo union: the CLI takes the database lock itself."""
    from unionbook.db.backup import backup_database

    path = tmp_path / "demo.sqlite"
    backup_database(demo_template, path)
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def expected(path: Path, period: Period) -> dict[str, object]:
    with Database.open(path, source="test") as db:
        return compute_with_comparison(db.session_factory, period)


def test_json_has_every_figure_last_year_and_change(demo_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--db", str(demo_path), "figures", "--year", "2024", "--json")
    assert code == 0, err
    document = json.loads(out)
    assert document["期间"] == {"开始": "2024-01-01", "结束": "2024-12-31"}
    assert {"会员总数", "上年会员总数", "会员总数同比"} <= set(document)
    assert len(document) == 1 + 3 * len(FIGURES)
    assert not set(LISTS) & set(document)  # lists are not numbers
    values = expected(demo_path, Period.year(2024))
    for figure in FIGURES:
        for key in (figure.name, "上年" + figure.name):
            value = values[key]
            if isinstance(value, Decimal):
                assert type(document[key]) is float and document[key] == float(value), key
            else:
                assert type(document[key]) is int and document[key] == value, key
        assert document[figure.name + "同比"] == values[figure.name + "同比"]
    assert document["会员总数"] > 0
    assert document["帮扶慰问总金额万元"] == float(values["帮扶慰问总金额万元"])  # a number, not "4.15 万元"


def test_json_for_any_period(demo_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "--db", str(demo_path), "figures", "--from", "2023-10-01", "--to", "2024-09-30", "--json"
    )
    assert code == 0
    document = json.loads(out)
    assert document["期间"] == {"开始": "2023-10-01", "结束": "2024-09-30"}
    values = expected(demo_path, Period.statistical_year(2024))
    assert document["帮扶慰问总人次"] == values["帮扶慰问总人次"]
    assert document["上年会员总数"] == values["上年会员总数"]


def test_table_has_one_aligned_line_per_figure(demo_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", str(demo_path), "figures", "--year", "2024")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("统计期间：2024-01-01 至 2024-12-31")
    assert "上年（2023年）" in lines[1] and "同比" in lines[1]
    values = expected(demo_path, Period.year(2024))
    for figure in FIGURES:
        found = [line for line in lines if line.split()[0] == figure.name]
        assert len(found) == 1, figure.name
        assert found[0].split()[-1] == values[figure.name + "同比"]
    members_line = next(line for line in lines if line.startswith("会员总数 "))
    assert f"{values['会员总数']:,} 人" in members_line and f"{values['上年会员总数']:,} 人" in members_line
    amount_line = next(line for line in lines if line.startswith("帮扶慰问总金额万元 "))
    assert f"{values['帮扶慰问总金额万元']} 万元" in amount_line
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
