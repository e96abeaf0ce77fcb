"""What the 文档 page shows before generating, decided without Qt: the period a choice means (the
统计年报's 10月1日 to 9月30日), the figures a template prints, how they read, and the file name."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from unionbook.services import documents
from unionbook.services.database import Database
from unionbook.services.document_plan import (
    PeriodChoice,
    can_generate,
    default_output,
    figure_cells,
    free_name,
    other_variables,
    preview_figures,
    resolve_period,
    used_figures,
    with_template_suffix,
)
from unionbook.services.figures import FIGURES, Period, compute_with_comparison
from unionbook.services.templates import PeriodKind, TemplateInfo

SUMMARY = TemplateInfo("年度工作总结", Path("/t/年度工作总结.docx"), True, frozenset({"会员总数"}))
ANNUAL = TemplateInfo(
    "工会统计年报", Path("/t/工会统计年报.xlsx"), True, frozenset(), period_kind=PeriodKind.STATISTICAL
)


def test_document_plan_period_choices_mean_these_dates() -> None:
    assert PeriodChoice.YEAR.period(2024) == Period(date(2024, 1, 1), date(2024, 12, 31))
    assert PeriodChoice.HALF_YEAR.period(2024) == Period(date(2024, 1, 1), date(2024, 6, 30))
    # The 统计年报 named 2024 runs from 1 October 2023 to 30 September 2024.
    assert PeriodChoice.STATISTICAL.period(2024) == Period(date(2023, 10, 1), date(2024, 9, 30))
    with pytest.raises(ValueError):
        PeriodChoice.CUSTOM.period(2024)


def test_document_plan_template_rule_gives_its_choice() -> None:
    assert PeriodChoice.of(PeriodKind.YEAR) is PeriodChoice.YEAR
    assert PeriodChoice.of(PeriodKind.HALF_YEAR) is PeriodChoice.HALF_YEAR
    assert PeriodChoice.of(PeriodKind.STATISTICAL) is PeriodChoice.STATISTICAL


def test_document_plan_custom_period_uses_the_dates_and_refuses_them_reversed() -> None:
    may, june = date(2024, 5, 1), date(2024, 6, 15)
    assert resolve_period(PeriodChoice.CUSTOM, 2024, may, june) == Period(may, june)
    assert resolve_period(PeriodChoice.CUSTOM, 2024, june, may) is None
    # The dates are ignored unless the choice is CUSTOM.
    assert resolve_period(PeriodChoice.STATISTICAL, 2023, june, may) == Period(date(2022, 10, 1), date(2023, 9, 30))


def test_document_plan_builtin_default_is_the_period_render_uses() -> None:
    """The page no longer re-reads a template's 关键词 for its default period: the listed kind
    gives the same period as `documents.default_period`, for every built-in."""
    listed = documents.list_templates(None)
    kinds = {t.name: t.period_kind for t in listed}
    assert kinds["工会统计年报"] is PeriodKind.STATISTICAL and kinds["上半年工作总结"] is PeriodKind.HALF_YEAR
    for info in listed:
        assert PeriodChoice.of(info.period_kind).period(2024) == documents.default_period(info.path, 2024), info.name


def test_document_plan_used_figures_counts_previous_and_change_in_registry_order() -> None:
    variables = {"入会率同比", "上年会员总数", "工会名称", "活动列表", "上年期间", "会员总数同比"}
    assert used_figures(variables) == ["会员总数", "入会率"]
    assert used_figures({"工会名称", "期间"}) == []


def test_document_plan_other_variables_follow_the_catalogue() -> None:
    variables = {"会员总数", "会员总数同比", "期间", "工会名称", "活动明细", "活动列表", "zz未知"}
    # lists, then ledgers, then the profile, then the period; a name the catalogue lacks last.
    assert other_variables(variables) == ["活动列表", "活动明细", "工会名称", "期间", "zz未知"]


def test_document_plan_figure_cells_read_as_on_screen() -> None:
    values = {
        "会员总数": 1234,
        "上年会员总数": 1200,
        "会员总数同比": "增长2.8%",
        "入会率": Decimal("90.0"),
        "上年入会率": Decimal("89.9"),
        "入会率同比": "增长0.1%",
        "帮扶慰问总金额万元": Decimal("3.75"),
        "上年帮扶慰问总金额万元": Decimal("0.00"),
        "帮扶慰问总金额万元同比": "—",
    }
    assert figure_cells(values, "会员总数") == ("1,234 人", "1,200 人", "增长2.8%")
    assert figure_cells(values, "入会率") == ("90.0%", "89.9%", "增长0.1%")
    assert figure_cells(values, "帮扶慰问总金额万元") == ("3.75 万元", "0.00 万元", "—")
    with pytest.raises(KeyError):
        figure_cells(values, "会员总人数")


def test_document_plan_preview_of_an_empty_union_is_zero(db: Database) -> None:
    preview = preview_figures(db.session_factory, Period.year(2024))
    assert preview.period == Period.year(2024)
    assert len(preview.cells) == len(FIGURES)
    assert preview.cells["会员总数"] == ("0 人", "0 人", "—")  # no percentage against nothing


def test_document_plan_preview_matches_what_render_fills_in(demo_db: Database) -> None:
    period = Period.statistical_year(2024)
    preview = preview_figures(demo_db.session_factory, period)
    values = compute_with_comparison(demo_db.session_factory, period)
    assert all(preview.cells[f.name] == figure_cells(values, f.name) for f in FIGURES)


def test_document_plan_output_names() -> None:
    folder = Path("/union/documents")
    assert default_output(folder, SUMMARY, Period.year(2024)) == folder / "2024年工作总结.docx"
    assert default_output(folder, ANNUAL, Period.statistical_year(2024)) == folder / "2024年工会统计年报.xlsx"
    custom = Period(date(2024, 3, 1), date(2024, 8, 31))
    assert default_output(folder, SUMMARY, custom) == folder / "2024.03.01-2024.08.31工作总结.docx"


def test_document_plan_save_as_keeps_the_template_format() -> None:
    assert with_template_suffix(Path("/d/总结"), SUMMARY) == Path("/d/总结.docx")
    assert with_template_suffix(Path("/d/总结.DOCX"), SUMMARY) == Path("/d/总结.DOCX")
    assert with_template_suffix(Path("/d/总结.xlsx"), SUMMARY) == Path("/d/总结.xlsx.docx")


def test_document_plan_free_name_skips_taken_numbers(tmp_path: Path) -> None:
    taken = tmp_path / "2024年工作总结.docx"
    assert free_name(taken) == tmp_path / "2024年工作总结（2）.docx"
    (tmp_path / "2024年工作总结（2）.docx").touch()
    assert free_name(taken) == tmp_path / "2024年工作总结（3）.docx"


def test_document_plan_can_generate_only_a_usable_template_for_a_period() -> None:
    period = Period.year(2024)
    assert can_generate(SUMMARY, period)
    assert not can_generate(None, period)
    assert not can_generate(SUMMARY, None)
    assert not can_generate(TemplateInfo("坏", Path("/t/坏.docx"), False, frozenset(), error="语法错误"), period)
    broken = TemplateInfo(
        "错字", Path("/t/错字.docx"), False, frozenset({"会员总人数"}), unknown=frozenset({"会员总人数"})
    )
    assert not can_generate(broken, period)
