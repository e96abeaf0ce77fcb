"""What a document will hold before it is generated: its period, its figures and its file name.

The 文档 page shows the chair these answers before she clicks 生成文档, so that a wrong period or a
wrong figure is caught on screen rather than in the printed summary. They are decided here, beside
`services.documents.render`, and not in the page: the page only displays them, the rules can be
tested without Qt, and the preview reads the same `compute_with_comparison` that `render` fills
the template with, so the table and the document cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from unionbook.services.documents import CHANGE_SUFFIX, PREVIOUS_PREFIX, document_name, variable_catalogue
from unionbook.services.figures import (
    FIGURES,
    POINTS_SUFFIX,
    Period,
    compute_with_comparison,
    figure_by_name,
    format_value,
)
from unionbook.services.templates import PeriodKind, TemplateInfo

_FIGURE_NAMES = frozenset(f.name for f in FIGURES)


# ------------------------------------------------------------------------------ period


class PeriodChoice(Enum):
    """The periods the chair can pick; a template names its default with PeriodKind (关键词)."""

    YEAR = "year"  # 1月1日 to 12月31日
    HALF_YEAR = "half_year"  # 1月1日 to 6月30日
    STATISTICAL = "statistical"  # the 统计年报's: 上年10月1日 to 本年9月30日
    CUSTOM = "custom"  # any two dates

    @classmethod
    def of(cls, kind: PeriodKind) -> PeriodChoice:
        """The choice a template's own rule means (the period its 关键词 property names)."""
        return {PeriodKind.HALF_YEAR: cls.HALF_YEAR, PeriodKind.STATISTICAL: cls.STATISTICAL}.get(kind, cls.YEAR)

    def period(self, year: int) -> Period:
        """The period of `year` this choice means; a custom period has no year rule."""
        if self is PeriodChoice.CUSTOM:
            raise ValueError("a custom period is given by its dates, not a year")
        if self is PeriodChoice.HALF_YEAR:
            return Period.half_year(year)
        if self is PeriodChoice.STATISTICAL:
            return Period.statistical_year(year)
        return Period.year(year)


def resolve_period(choice: PeriodChoice, year: int, start: date, end: date) -> Period | None:
    """The period to fill a template for: `year` by the choice's rule, or the dates when the choice
    is CUSTOM (None when they are the wrong way round, so nothing can be generated for them).

    A template's default choice needs no special case: PeriodChoice.of(template.period_kind) reads
    the same 关键词 that `documents.default_period` does, so both give the same period.
    """
    if choice is PeriodChoice.CUSTOM:
        return Period(start, end) if start <= end else None
    return choice.period(year)


# ------------------------------------------------------------------------------ figures


def _figure_of(name: str) -> str | None:
    """The figure a variable is about: F for F, 上年F, F同比 and F同比百分点; None for others."""
    for bare in (
        name,
        name.removeprefix(PREVIOUS_PREFIX),
        name.removesuffix(POINTS_SUFFIX),
        name.removesuffix(CHANGE_SUFFIX),
    ):
        if bare in _FIGURE_NAMES:
            return bare
    return None


def used_figures(variables: Iterable[str]) -> list[str]:
    """The figures a template prints, in FIGURES.md order: F itself, 上年F, F同比 or F同比百分点."""
    wanted = {figure for name in variables if (figure := _figure_of(name)) is not None}
    return [f.name for f in FIGURES if f.name in wanted]


def other_variables(variables: Iterable[str]) -> list[str]:
    """What else a template reads (lists, ledgers, the union's profile, the period's dates), in
    the order of the variables catalogue, so the page lists them as the 变量目录 does."""
    variables = list(variables)
    figures = set(used_figures(variables))
    found = []
    for name in variables:
        if name not in figures and _figure_of(name) is None:
            found.append(name)
    order = {v.name: i for i, v in enumerate(variable_catalogue())}
    return sorted(found, key=lambda n: (order.get(n, len(order)), n))


#: 本期, 上年同期, 同比 as a figure reads on screen: ("235 人", "231 人", "增长1.7%").
FigureCells = tuple[str, str, str]


def figure_cells(values: Mapping[str, object], name: str) -> FigureCells:
    """One figure of a `compute_with_comparison` answer as the preview shows it."""
    figure = figure_by_name(name)
    if figure is None:
        raise KeyError(name)
    return (
        format_value(values[name], figure.unit),  # type: ignore[arg-type]
        format_value(values[PREVIOUS_PREFIX + name], figure.unit),  # type: ignore[arg-type]
        # A rate compares in percentage points, the way the summary and the 统计年报 say it.
        str(values.get(name + POINTS_SUFFIX, values[name + CHANGE_SUFFIX])),
    )


@dataclass(frozen=True)
class FigurePreview:
    """Every figure of a period beside last year's, formatted: what the 文档 page shows before
    generating (and keeps per period, so going back to a period shows it at once)."""

    period: Period
    cells: Mapping[str, FigureCells]


def preview_figures(factory: sessionmaker[Session], period: Period) -> FigurePreview:
    """Compute and format every figure for `period` (≈0.6 s at 100,000 members: run it off the GUI
    thread). The values are `render`'s own, so the preview and the document agree."""
    values = compute_with_comparison(factory, period)
    return FigurePreview(period, {f.name: figure_cells(values, f.name) for f in FIGURES})


# ------------------------------------------------------------------------------ output


def can_generate(template: TemplateInfo | None, period: Period | None) -> bool:
    """A template that reads cleanly and names only known variables, and a valid period."""
    return template is not None and not template.error and not template.unknown and period is not None


def default_output(folder: Path, template: TemplateInfo, period: Period) -> Path:
    """Where a document goes unless the chair says otherwise: "documents/2024年工作总结.docx"."""
    return folder / document_name(template.name, period, template.path.suffix.lower())


def with_template_suffix(target: Path, template: TemplateInfo) -> Path:
    """A name typed in 另存为 keeps the template's format: "总结" → "总结.docx" (a .docx template
    cannot be rendered into a .xlsx, and `render` would refuse it)."""
    suffix = template.path.suffix.lower()
    return target if target.suffix.lower() == suffix else target.with_name(target.name + suffix)


def free_name(path: Path) -> Path:
    """The first "2024年工作总结（2）.docx", "（3）" … not yet taken in the folder: generating again
    beside a document the chair may have edited in Word."""
    number = 2
    while True:
        candidate = path.with_name(f"{path.stem}（{number}）{path.suffix}")
        if not candidate.exists():
            return candidate
        number += 1
