"""The district's documents: the 区总年度工作总结 and the 区总统计年报, filled from the district
figures (services/district/consolidation.py).

    render_district(db.session_factory, "区总年度工作总结", 2025, Path("总结.docx"))

The templates are built-in (resources/templates/district/, written by
tools/build_district_templates.py) and checked like any template before the data is read: every
name they use must be one `district_context` provides. A district template reads the district
figures (工会组织数, 覆盖单位数, 去重会员总数 …), every registry figure added up over the unions with
上年F, F同比 (F同比百分点 for rates), the 统计年报's rows built by the grassroots report's own
row builder from those sums, and two lists: 工会明细 (one row per reporting union) and 未报送工会.

The 年度工作总结 reads the packages' calendar-year figures; the 统计年报 roll-up (its template says
"期间=统计年度") their 统计年度 figures, 10月1日 to 9月30日 like the grassroots form, with the unions
whose packages predate that period named in 未含统计年度工会 and left out of its sums.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from unionbook import paths
from unionbook.domain.errors import InputError
from unionbook.fileio.templates import DEFAULT_TIMEOUT, check_template
from unionbook.services import audit, statistical_report
from unionbook.services.district.book import require_district
from unionbook.services.district.consolidation import DISTRICT_FIGURES, SUMMED, DistrictYear, consolidate_in
from unionbook.services.documents import default_report_date
from unionbook.services.union import read_profile

TEMPLATES = ("区总年度工作总结.docx", "区总统计年报.xlsx")
DETAIL_LIST = "工会明细"
DETAIL_COLUMNS = ("序号", "工会名称", "统计代码", "基层工会类型", "覆盖单位数", "职工总数", "会员总数", "新入会人数", "入会率")
MISSING_LIST = "未报送工会"
MISSING_COLUMNS = ("序号", "工会名称", "统计代码", "建会日期")
FIELDS = ("区总工会名称", "年度", "上一年度", "下一年度", "开始日期", "结束日期", "生成日期", "报告日期", "未含统计年度工会")


def template_folder() -> Path:
    return paths.resource_path("templates", "district")


def find_district_template(name: str) -> Path:
    for file in TEMPLATES:
        if name in (file, Path(file).stem):
            return template_folder() / file
    raise InputError(detail=f"没有区总工会模板“{name}”（可用：{'、'.join(Path(t).stem for t in TEMPLATES)}）")


def known_names() -> frozenset[str]:
    """Every name a district template may use."""
    names = set(FIELDS) | {DETAIL_LIST, MISSING_LIST, statistical_report.LIST_NAME}
    for name in [*DISTRICT_FIGURES, *(f.name for f in SUMMED)]:
        names |= {name, "上年" + name, name + "同比", name + "同比百分点"}
    return frozenset(names)


def _detail(result: DistrictYear) -> list[dict[str, Any]]:
    rows = []
    for line in result.lines:
        if line.figures is None:
            continue
        f, u = line.figures, line.union
        values = (len(rows) + 1, u.name, u.stat_code, u.union_type, u.covered_units, f.get("职工总数", 0),
                  f.get("会员总数", 0), f.get("新入会人数", 0), str(f.get("入会率", "")))  # fmt: skip
        rows.append(dict(zip(DETAIL_COLUMNS, values, strict=True)))
    return rows


def is_statistical(template: Path) -> bool:
    """Whether a district template is for the 统计年度 (its keywords say "期间=统计年度")."""
    from unionbook.fileio.templates import template_keywords
    from unionbook.services.templates import PeriodKind

    return PeriodKind.from_keywords(template_keywords(template)) is PeriodKind.STATISTICAL


def district_context(session: Session, year: int, *, today: date | None = None, report_date: date | None = None,
                     statistical: bool = False) -> dict[str, Any]:  # fmt: skip
    """Everything a district template may read for the year, or for the 统计年度 ending in it
    (plain values)."""
    require_district(session)
    today = today or date.today()
    result = consolidate_in(session, year, statistical=statistical)
    context: dict[str, Any] = result.context()
    for name in DISTRICT_FIGURES:  # the district's own figures without a 上年 (distinct people, reports)
        context.setdefault("上年" + name, "")
        context.setdefault(name + "同比", "")
    context[statistical_report.LIST_NAME] = statistical_report.statistical_rows(context)
    context[DETAIL_LIST] = _detail(result)
    context[MISSING_LIST] = [dict(zip(MISSING_COLUMNS, (n, u.name, u.stat_code, u.founded_on or ""), strict=True))
                             for n, u in enumerate(result.not_reported, start=1)]  # fmt: skip
    period = result.period
    profile = read_profile(session)
    context.update({
        "区总工会名称": profile.union_name or profile.unit_name or "【请补充：区总工会名称】",
        "年度": year, "上一年度": year - 1, "下一年度": year + 1, "开始日期": period.start, "结束日期": period.end,
        "生成日期": today, "报告日期": report_date or default_report_date(period, today),
        "未含统计年度工会": "、".join(u.name for u in result.lacking),
    })  # fmt: skip
    return context


def render_district(factory: sessionmaker[Session], template: str, year: int, output: Path, *,
                    today: date | None = None, report_date: date | None = None,
                    timeout: float = DEFAULT_TIMEOUT) -> Path:  # fmt: skip
    """Fill a district template for the year into `output` (suffix as the template's); InputError
    and nothing written for an unknown template or a wrong suffix."""
    from unionbook.fileio.docx_render import render_docx
    from unionbook.fileio.xlsx_render import render_xlsx

    path = find_district_template(template)
    output = Path(output)
    if output.suffix.lower() != path.suffix:
        raise InputError(detail=f"输出文件应为 {path.suffix}（模板“{path.stem}”）：{output.name}")
    check_template(path, known_names())
    with factory() as session:
        context = district_context(session, year, today=today, report_date=report_date, statistical=is_statistical(path))
    renderer = render_docx if path.suffix == ".docx" else render_xlsx
    written = renderer(path, context, output, display_name=path.name, timeout=timeout)
    audit.record_export(factory, audit.ExportKind.DOCUMENT, len(context[DETAIL_LIST]), False, written,
                        template=path.stem, period=f"{year}年")  # fmt: skip
    return written
