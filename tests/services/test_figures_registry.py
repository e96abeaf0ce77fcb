"""The registry against its spec: FIGURES.md names every figure, and these names may not change.

docs/FIGURES.md (the project's copy of the figure definitions) is parsed here, so a figure added
to the spec without the registry, or renamed in either, fails this test.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from unionbook.services.figures import FIGURES, LISTS, REGISTERS, UNITS

SPEC = Path(__file__).resolve().parents[2] / "docs" / "FIGURES.md"
SECTIONS = {"会员": "会员 (members)", "集体合同": "集体合同 (collective contracts)",
            "帮扶": "帮扶 (hardship files and disbursements)", "活动": "活动 (activities and meetings)"}  # fmt: skip
ADDED_SECTION = "Added with the honors, positions, rights and mutual-aid registers"
DOCUMENTS_SECTION = "Added with the generated documents"
FUNDS_SECTION = "Added with the dues and funds ledgers (会费, 经费)"
#: Added for the documents (issue 11): the totals that existed only in 万元, in 元.
ADDED_FOR_DOCUMENTS = ["帮扶慰问款物合计", "困难职工帮扶金额"]


def spec_sections() -> dict[str, list[str]]:
    """Figure names per `## ` section of FIGURES.md, in order, with each program X expanded.

    Rows named with X ("X人数", "X人次" ...) stand for every program of the "For each program X in"
    list, program by program: 送温暖人数, 送温暖人次, …, 金秋助学人数, ….
    """
    if not SPEC.is_file():
        pytest.fail(f"docs/FIGURES.md is missing (looked in {SPEC})")
    sections: dict[str, list[str]] = {}
    current: list[str] = []
    programs: list[str] = []  # carried over: "X实物价值 (for each program X above)"
    pending: list[str] = []  # X rows not yet expanded
    collecting = ""

    def flush() -> None:
        current.extend(program + row[1:] for program in programs for row in pending)
        pending.clear()

    for line in SPEC.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            flush()
            current = sections.setdefault(line[3:].strip(), [])
            collecting = ""
            continue
        if line.startswith("For each program X in") or collecting:
            collecting += " " + line
            if collecting.rstrip().endswith(":"):
                listed = collecting.split(" in ", 1)[1].rstrip().rstrip(":")
                programs = [p.strip() for p in listed.split(",")]
                collecting = ""
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.startswith("|") else []
        if not cells or cells[0] in ("name", "") or set(cells[0]) <= {"-"}:
            continue
        for name in cells[0].split(","):
            name = re.sub(r"\s*\(.*\)$", "", name.strip())
            if name.startswith("X"):
                pending.append(name)
            else:
                flush()
                current.append(name)
    flush()
    return sections


def test_the_spec_parses() -> None:
    sections = spec_sections()
    assert set(SECTIONS.values()) | {ADDED_SECTION} <= set(sections)
    assert "送温暖金额万元" in sections[SECTIONS["帮扶"]] and "职工互助保障人次" in sections[SECTIONS["帮扶"]]
    assert "女职工活动人次" in sections[SECTIONS["活动"]]


def test_every_figure_of_the_four_sections_is_registered_in_spec_order() -> None:
    sections = spec_sections()
    registered = [f.name for f in FIGURES]
    for register, title in SECTIONS.items():
        names = sections[title]
        missing = [n for n in names if n not in registered]
        assert not missing, f"{title}: not in FIGURES: {missing}"
        assert [f.name for f in FIGURES if f.name in names] == names, f"{title}: order differs from FIGURES.md"
        assert {f.register for f in FIGURES if f.name in names} == {register}


def test_added_figures_are_those_of_the_spec_and_come_last() -> None:
    sections = spec_sections()
    main = {n for title in SECTIONS.values() for n in sections[title]}
    added = [f.name for f in FIGURES if f.name not in main]
    assert added == [f.name for f in FIGURES[len(main) :]], "added figures come after the 活动 section"
    # The programs of FIGURES.md's "For each program X in" list, written out rather than read from FIGURES.
    programs = ["送温暖", "金秋助学", "医疗救助", "生活救助", "夏送清凉", "节日慰问", "生日慰问", "住院慰问", "工伤探视",
                "丧葬慰问", "困难劳模帮扶", "职工互助保障"]  # fmt: skip
    assert {p + "实物价值" for p in programs} <= set(sections[ADDED_SECTION])
    # Every figure of the section is registered now that its registers exist (issue 13), and those
    # of the dues and funds ledgers (issue 14).
    assert sorted(added) == sorted(sections[ADDED_SECTION] + ADDED_FOR_DOCUMENTS + sections[FUNDS_SECTION])
    assert sections[DOCUMENTS_SECTION] == ADDED_FOR_DOCUMENTS


def test_the_dues_and_funds_figures_are_the_spec_s_in_its_order() -> None:
    """Issue 14: FIGURES.md's dues and funds section, written out here as well, so that a name
    dropped from both the spec and the registry still fails."""
    names = spec_sections()[FUNDS_SECTION]
    assert names == ["会费应缴金额", "会费实缴金额", "会费收缴率", "欠缴会费人数", "经费收入合计", "会费收入",
                     "拨缴经费收入", "上级补助收入", "行政补助收入", "其他收入", "经费支出合计", "职工活动支出",
                     "职工服务支出", "维权支出", "业务支出", "资本性支出", "其他支出", "经费结余", "预算执行率",
                     "超标准发放人次"]  # fmt: skip
    assert [f.name for f in FIGURES if f.name in names] == names
    assert {f.register for f in FIGURES if f.name in names} == {"会费", "经费"}


def test_every_wan_figure_has_a_yuan_twin() -> None:
    """A document writes money with the 金额 filter, which takes 元: every 万元 total exists in 元."""
    by_name = {f.name: f for f in FIGURES}
    for f in FIGURES:
        if f.unit == "万元":
            twin = by_name.get(f.name.removesuffix("万元"))
            assert twin is not None and twin.unit == "元" and twin.flow == f.flow, f.name


def test_figure_descriptions_are_well_formed() -> None:
    keys = [f.key for f in FIGURES]
    names = [f.name for f in FIGURES]
    assert len(set(keys)) == len(keys) and len(set(names)) == len(names)
    for f in FIGURES:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", f.key), f.key
        assert f.unit in UNITS and f.register in REGISTERS, f.name
        assert f.description.endswith("。") and f.description.count("。") == 1, f.name
        assert not any(n != f.name and ("上年" + n == f.name or n + "同比" == f.name) for n in names)
    assert not set(LISTS) & set(names)


def test_flow_marks_figures_that_add_up_over_months() -> None:
    flow = {f.name for f in FIGURES if f.flow}
    assert {"新入会人数", "帮扶慰问总人次", "帮扶慰问总金额万元", "活动总场次", "新签集体合同份数"} <= flow
    assert not {"会员总数", "入会率", "有效集体合同份数", "在档困难职工户数", "帮扶慰问总人数", "送温暖人数",
                "困难职工走访户数"} & flow  # fmt: skip
