"""The document generator (issue #7): fill a .docx/.xlsx template with a period's figures.

    render(db.session_factory, "年度工作总结", Period.year(2024), Path("总结.docx"), user_folder=...)

The steps, and why in this order:
1. find the template (a built-in name, a user template's name, or a path);
2. check it BEFORE touching the data: every name it reads must be one we provide (else the
   chair gets the unknown names and the closest known ones, not a document with holes), and it
   must not probe Python internals (fileio.templates.check_template);
3. build the context — only plain values: figures with 上年/同比 (and 同比百分点 for rates) from
   the figures engine, its lists, what the summaries' 存在的问题 name (services/report_findings.py),
   the 统计年报's rows (services/statistical_report.py), the union's profile, the period's dates
   and the report's date, and the row-level ledgers the template uses (services/ledgers.py; a
   roster of 100,000 is read only when a template asks for it);
4. render in the sandbox with a time budget, and replace the output only when all went well.

The names a template may use are the catalogue of `variable_catalogue()`; the same list is what the
app shows to someone writing their own template.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from unionbook.domain.errors import InputError
from unionbook.fileio.pictures import Picture
from unionbook.fileio.templates import DEFAULT_TIMEOUT, FILTERS, TEMPLATE_SUFFIXES, check_template
from unionbook.services import audit, charts, fund_statement, report_findings, statistical_report
from unionbook.services import templates as catalogue
from unionbook.services.figures import FIGURES, LISTS, Period, compute_lists, compute_with_comparison
from unionbook.services.figures.comparison import POINTS_SUFFIX, RATE_UNIT
from unionbook.services.ledgers import LEDGER_DESCRIPTIONS, LEDGERS, ledger_lists
from unionbook.services.templates import PeriodKind, TemplateInfo
from unionbook.services.union import get_profile

PREVIOUS_PREFIX = "上年"
CHANGE_SUFFIX = "同比"

#: Context names beyond the figures and lists: the union's profile and the period.
EXTRA_FIELDS: dict[str, str] = {
    "单位名称": "工会基本信息中的单位名称（未填写时为“【请补充：单位名称】”）",
    "工会名称": "工会名称（未填写时为“单位名称+工会”）",
    "统一社会信用代码": "单位的统一社会信用代码",
    "工会主席": "工会主席姓名",
    "联系人": "联系人姓名",
    "联系电话": "联系电话",
    "单位地址": "单位地址",
    "工会成立日期": "工会成立日期（日期，可用 |日期 显示为“2003年5月20日”）",
    "期间": "统计期间的名称，如“2024年”“2024年上半年”“2025年3月”“2023年10月1日至2024年9月30日”",
    "上年期间": "上年同期的名称",
    "年度": "期间结束的年份，如 2024",
    "上一年度": "年度减一，如 2023",
    "下一年度": "年度加一，如 2025（“下年工作计划”用）",
    "开始日期": "期间第一天（日期）",
    "结束日期": "期间最后一天（日期）",
    "生成日期": "生成文档的日期，即今天（日期）",
    "报告日期": "文档落款、填报的日期：生成时选择；默认为今天，期间结束一个多月后生成的，默认为期间结束后第15天"
    "（如2024年度为2025年1月15日）（日期，可用 |日期 显示）",
}

#: How long after a period's end a document is still written "today": later than this, the
#: default 报告日期 is REPORT_DAY days after the end (a 2024 summary printed in 2026 is dated
#: 2025年1月15日, when such a summary is due, not the day it was reprinted).
REPORT_GRACE_DAYS = 31
REPORT_DAY = 15


def default_report_date(period: Period, today: date | None = None) -> date:
    """The date a document for `period` is signed unless the chair chooses another.

    Today, while the period runs or within a month of its end; after that, the 15th day after the
    end: 2025-01-15 for 2024, 2024-07-15 for 2024年上半年, 2024-10-15 for the 统计年报 ending
    2024-09-30. A document is dated when it was due, not when it happened to be printed again.
    """
    today = today or date.today()
    if today <= period.end + timedelta(days=REPORT_GRACE_DAYS):
        return today
    return period.end + timedelta(days=REPORT_DAY)


LIST_DESCRIPTIONS: dict[str, str] = {
    "活动列表": "本期内的活动：名称、类别、日期、地点、人次",
    "帮扶发放汇总": "本期内按项目汇总的帮扶发放：项目、人数、人次、金额（元）、实物价值（元）",
    "到期合同列表": "期末有效、12个月内到期的集体合同：标题、类型、企业方、终止日期",
    "在档困难职工列表": "期末在档的困难职工：姓名、困难类别、建档日期",
}


@dataclass(frozen=True)
class Variable:
    """One entry of the variables catalogue shown to template writers."""

    name: str
    group: str  # 会员 / 集体合同 / 帮扶 / 活动 / 列表 / 台账 / 基本信息
    description: str
    unit: str = ""


def variable_catalogue() -> list[Variable]:
    """Every name a template may use, grouped, with what it means (for the 文档 page and docs)."""
    found: list[Variable] = []
    for f in FIGURES:
        found.append(Variable(f.name, f.register, f.description, f.unit))
        found.append(Variable(PREVIOUS_PREFIX + f.name, f.register, f"上年同期的{f.name}", f.unit))
        found.append(
            Variable(f.name + CHANGE_SUFFIX, f.register, f"{f.name}与上年同期相比：“增长12.5%”“下降3.0%”“持平”或“—”")
        )
        if f.unit == RATE_UNIT:
            found.append(
                Variable(f.name + POINTS_SUFFIX, f.register,
                         f"{f.name}与上年同期相比增减的百分点：“提高0.2个百分点”“降低1.5个百分点”“持平”或“—”（比率用它比较）")
            )  # fmt: skip
    for name, group, description, unit in fund_statement.year_to_date_descriptions():
        found.append(Variable(name, group, description, unit))
    for name, (group, description, unit) in fund_statement.TOTALS.items():
        found.append(Variable(name, group, description, unit))
    for name, (group, description) in report_findings.FINDING_FIELDS.items():
        found.append(Variable(name, group, description))
    for name, columns in LISTS.items():
        found.append(Variable(name, "列表", f"{LIST_DESCRIPTIONS.get(name, name)}（列：{'、'.join(columns)}）"))
    for name, columns in report_findings.FINDING_LISTS.items():
        found.append(Variable(name, "列表", f"{report_findings.LIST_DESCRIPTIONS[name]}（列：{'、'.join(columns)}）"))
    for name, columns in fund_statement.LISTS.items():
        found.append(Variable(name, "列表", f"{fund_statement.LIST_DESCRIPTIONS[name]}（列：{'、'.join(columns)}）"))
    found.append(
        Variable(statistical_report.LIST_NAME, "列表",
                 f"{statistical_report.LIST_DESCRIPTION}（列：{'、'.join(statistical_report.COLUMNS)}）")
    )  # fmt: skip
    for name, columns in LEDGERS.items():
        found.append(Variable(name, "台账", f"{LEDGER_DESCRIPTIONS[name]}（列：{'、'.join(columns)}）"))
    for name, description in charts.template_names().items():
        found.append(Variable(name, "图表", f"{description}（一张图，单独写在一段中，宽约15厘米）"))
    for name, description in EXTRA_FIELDS.items():
        found.append(Variable(name, "基本信息", description))
    return found


@lru_cache(maxsize=1)
def known_names() -> frozenset[str]:
    return frozenset(v.name for v in variable_catalogue())


def filter_names() -> list[str]:
    return list(FILTERS)


@dataclass(frozen=True)
class FilterHelp:
    """One filter as the variables catalogue explains it: `{{帮扶慰问总金额|万元}}` → "3.75"."""

    name: str
    description: str
    usage: str  # how it is written in a template
    example: str  # "37500 → 3.75", computed by the filter itself so it cannot go stale


#: name → (what it does, a variable it suits, a sample value). Every filter of FILTERS is here.
_FILTER_HELP: dict[str, tuple[str, str, Any]] = {
    "金额": ("金额（元）写进句子：不满1万元写“2,000元”，1万元以上写“10.69万元”（已带单位）", "帮扶慰问总金额", 106900),
    "千分位": ("数字加千分位分隔符，用于表格中的金额", "帮扶慰问总金额", Decimal("10500.00")),
    "万元": ("金额由元换算为万元，保留两位小数", "帮扶慰问总金额", 37500),
    "约数": ("取两位有效数字并向下取整，舍去了零头时加“余”，不会多报", "帮扶慰问总人次", 372),
    "大写": ("金额写成大写，用于签收表、收据", "帮扶慰问总金额", Decimal(37500)),
    "日期": ("日期写成“2024年5月3日”", "结束日期", date(2024, 5, 3)),
    "百分比": ("数值后加%，保留一位小数（入会率等已是百分数）", "入会率", Decimal("92.345")),
    "中文数字": ("0—99 的次数写成中文：6 → 六，2 → 两（“召开会议六次”）", "工会委员会议次数", 6),
}


def filter_help() -> list[FilterHelp]:
    """The filters a template may use, each with one worked example (for the 变量目录)."""
    found = []
    for name, function in FILTERS.items():
        description, variable, sample = _FILTER_HELP.get(name, (name, "会员总数", 1234))
        shown = f"{sample.year}-{sample.month:02d}-{sample.day:02d}" if isinstance(sample, date) else f"{sample}"
        found.append(FilterHelp(name, description, f"{{{{{variable}|{name}}}}}", f"{shown} → {function(sample)}"))
    return found


def list_columns() -> dict[str, tuple[str, ...]]:
    """Every list a template may loop over (the figures engine's, the findings, the 统计年报's rows
    and the ledgers) → its columns."""
    return {
        **LISTS,
        **report_findings.FINDING_LISTS,
        **fund_statement.LISTS,
        statistical_report.LIST_NAME: statistical_report.COLUMNS,
        **LEDGERS,
    }


# ------------------------------------------------------------------------------ context


def _profile_fields(factory: sessionmaker[Session]) -> dict[str, Any]:
    profile = get_profile(factory)
    unit = profile.unit_name or "【请补充：单位名称】"
    union = profile.union_name or (f"{profile.unit_name}工会" if profile.unit_name else "【请补充：工会名称】")
    return {
        "单位名称": unit,
        "工会名称": union,
        "统一社会信用代码": profile.credit_code,
        "工会主席": profile.chair_name,
        "联系人": profile.contact_name,
        "联系电话": profile.contact_phone,
        "单位地址": profile.address,
        "工会成立日期": profile.founded_on or "",
    }


def _period_fields(period: Period, today: date, report_date: date | None) -> dict[str, Any]:
    year = period.end.year
    return {
        "期间": period.label,
        "上年期间": period.previous().label,
        "年度": year,
        "上一年度": year - 1,
        "下一年度": year + 1,
        "开始日期": period.start,
        "结束日期": period.end,
        "生成日期": today,
        "报告日期": report_date or default_report_date(period, today),
    }


def build_context(
    factory: sessionmaker[Session],
    period: Period,
    *,
    ledgers: Iterable[str] = (),
    today: date | None = None,
    report_date: date | None = None,
) -> dict[str, Any]:
    """Everything a template may read for the period, as plain values.

    Figures come with 上年F and F同比 (counts int, amounts Decimal 元/万元, rates Decimal %; rates
    also F同比百分点); the dues and funds figures also as 本年累计F, with the category lists and
    budgets of the 财务公开 statement (services/fund_statement.py); the four lists of the figures
    engine, the summaries' findings and the 统计年报's rows always; the row-level ledgers only when named in `ledgers`. 报告日期 is
    `report_date`, or `default_report_date` when None.
    """
    today = today or date.today()
    context: dict[str, Any] = {}
    context.update(compute_with_comparison(factory, period))
    context[statistical_report.LIST_NAME] = statistical_report.statistical_rows(context)
    context.update(fund_statement.statement_fields(factory, period, context))
    context.update(compute_lists(factory, period))
    context.update(report_findings.compute_findings(factory, period, today))
    context.update(ledger_lists(factory, period, ledgers))
    for name in LEDGERS:
        context.setdefault(name, [])  # not asked for: present but empty, so a check never fails
    for name in charts.template_names():
        context.setdefault(name, "")  # a chart is drawn only for `render` (chart_pictures)
    context.update(_profile_fields(factory))
    context.update(_period_fields(period, today, report_date))
    return context


# ------------------------------------------------------------------------------ templates


def list_templates(user_folder: Path | None) -> list[TemplateInfo]:
    """Built-in and user templates, each with the variables it uses that we do not provide."""
    return catalogue.list_templates(user_folder, known=known_names())


def find_template(template: str | Path, user_folder: Path | None) -> Path:
    """A template by name (user's first, then built-in) or by path; InputError when there is none."""
    text = str(template).strip()
    as_path = Path(text).expanduser()
    if isinstance(template, Path) or os.sep in text or "/" in text:
        if as_path.is_file():
            return as_path
        raise InputError(detail=f"找不到模板文件“{as_path.name}”（{as_path.parent}）")
    found = catalogue.find_template_file(text, user_folder)
    if found is not None:
        return found
    if as_path.suffix.lower() in TEMPLATE_SUFFIXES and as_path.is_file():
        return as_path  # a file in the current folder, named without a path
    names = "、".join(catalogue.template_names(user_folder)) or "无"
    raise InputError(detail=f"找不到模板“{text}”。可用的模板：{names}")


def default_period(template: Path, year: int) -> Period:
    """What `--year` means for this template: the calendar year, its first half, or the
    statistical year ending in September (the 统计年报)."""
    from unionbook.fileio.templates import template_keywords

    kind = PeriodKind.from_keywords(template_keywords(template))
    if kind is PeriodKind.HALF_YEAR:
        return Period.half_year(year)
    if kind is PeriodKind.STATISTICAL:
        return Period.statistical_year(year)
    return Period.year(year)


def template_description(path: Path) -> str:
    """What the template is, from the document's 备注/说明 property (dc:description in
    docProps/core.xml, where the built-ins describe themselves); "" when it has none.

    Read from the zip like `template_keywords`: listing templates must not load Word's model.
    """
    from unionbook.fileio.ooxml import core_properties

    text = core_properties(path).description
    return "" if text == "generated by python-docx" else text  # python-docx's default, not a description


def document_name(template_name: str, period: Period, suffix: str) -> str:
    """The file name a generated document gets by default: "2024年工作总结.docx",
    "2024年上半年工作总结.docx", "2024年工会统计年报.xlsx", "2024.03.01-2024.08.31工作总结.docx".

    The year leads (files sort by year in the folder); a template name starting with 年度 or
    上半年 drops it, since the period prefix already says so ("2024年年度工作总结" reads badly).
    """
    start, end = period.start, period.end
    year = end.year
    # A 统计年报 is called by the year its period ends in; any other document over 10月—9月
    # would be mistaken for the calendar year's, so it gets the dates.
    statistical = period == Period.statistical_year(year) and ("年报" in template_name or "统计" in template_name)
    if period == Period.year(year) or statistical:
        prefix = f"{year}年"
    elif period == Period.half_year(year):
        prefix = f"{year}年上半年"
    else:
        prefix = f"{start:%Y.%m.%d}-{end:%Y.%m.%d}"
    name = template_name
    for lead in ("年度", "上半年"):
        if name.startswith(lead) and len(name) > len(lead):
            name = name[len(lead) :]
            break
    return f"{prefix}{name}{suffix}"


def remove_user_template(db: Any, path: Path) -> None:
    """Delete one of the user's templates (never a built-in: only files in the templates/ folder
    beside the database). A built-in it overrode is used again from then on."""
    folder: Path = db.files_dir("templates").resolve()
    target = Path(path).resolve()
    if target.parent != folder:
        raise InputError(detail=f"“{target.name}”不是自定义模板，不能删除")
    try:
        target.unlink(missing_ok=True)
    except PermissionError:
        raise InputError(detail=f"无法删除“{target.name}”：文件正被 Word/WPS 等程序打开，请关闭后重试") from None


def check_template_file(path: Path, *, display_name: str | None = None) -> set[str]:
    """Refuse a template we cannot fill (syntax, unknown names, unsafe constructs); its names."""
    return check_template(Path(path), known_names(), display_name=display_name)


def _check_output(template: Path, output: Path) -> None:
    wanted = template.suffix.lower()
    if output.suffix.lower() != wanted:
        kind = "Word 文档" if wanted == ".docx" else "Excel 表格"
        raise InputError(detail=f"输出文件应为 {wanted}（模板“{template.name}”生成{kind}）：{output.name}")
    if output.exists() and output.resolve() == template.resolve():
        raise InputError(detail=f"输出文件不能是模板本身：{output}")


def render(
    factory: sessionmaker[Session],
    template: str | Path,
    period: Period,
    output: Path,
    *,
    user_folder: Path | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    today: date | None = None,
    report_date: date | None = None,
    chart_images: charts.ChartImages | None = None,
) -> Path:
    """Fill `template` (built-in name, user template name, or path) for `period` into `output`.

    `report_date` is the 报告日期 the document is signed with (default: `default_report_date`).
    `chart_images` paints the charts a template names ({{图表_会员年龄结构}}): services do not
    draw (the window and the command line pass ui.charts.images.render_charts, see app.py).

    Raises InputError — and writes nothing — for an unknown template, a wrong output suffix, a
    template naming unknown variables or doing something not allowed, or a rendering timeout.
    """
    from unionbook.fileio.docx_render import render_docx
    from unionbook.fileio.xlsx_render import render_xlsx

    path = find_template(template, user_folder)
    output = Path(output)
    _check_output(path, output)
    used = check_template_file(path)
    ledgers = used & LEDGERS.keys()
    context = build_context(factory, period, ledgers=ledgers, today=today, report_date=report_date)
    context.update(chart_pictures(factory, period, used, chart_images))
    renderer = render_docx if path.suffix.lower() == ".docx" else render_xlsx
    written = renderer(path, context, output, display_name=path.name, timeout=timeout)
    # Counted: the rows of the 台账 lists it printed (0 for a document of figures only); those
    # lists always mask ID numbers and phones (services/ledgers.py).
    rows = sum(len(context[name]) for name in ledgers)
    audit.record_export(factory, audit.ExportKind.DOCUMENT, rows, False, written,
                        template=path.stem, period=period.label, ledgers=sorted(ledgers))  # fmt: skip
    return written


def chart_pictures(
    factory: sessionmaker[Session], period: Period, used: set[str], chart_images: charts.ChartImages | None
) -> dict[str, Picture]:
    """The charts a template uses, computed for the period (services/charts.py) and painted by
    `chart_images`. Without a painter (a caller of the services alone, such as a test of the
    text) they are left out: the window and `unionbook report` always pass one."""
    wanted = {name.removeprefix(charts.TEMPLATE_PREFIX) for name in used & charts.template_names().keys()}
    if not wanted or chart_images is None:
        return {}
    data = charts.compute_charts(factory, period, frozenset(wanted))
    images = chart_images(list(data.values()))
    return {charts.TEMPLATE_PREFIX + name: Picture(images[name], chart.title) for name, chart in data.items()}


def check_user_template(source: Path) -> set[str]:
    """What `add_user_template` checks before copying, on its own: the 文档 page asks about
    replacing a same-named template only once the file is known to be usable."""
    source = Path(source)
    if source.suffix.lower() not in TEMPLATE_SUFFIXES:
        raise InputError(detail=f"模板应为 .docx 或 .xlsx 文件：{source.name}")
    if source.name.startswith(("~$", ".")):
        raise InputError(detail=f"“{source.name}”是 Word/WPS 打开文档时的临时文件，请选择文档本身")
    return check_template_file(source)


def add_user_template(db: Any, source: Path, *, replace: bool = False) -> Path:
    """Check a template and copy it into the templates/ folder beside the database.

    `db` is a services.database.Database. A template with unknown variables is refused now, when
    the chair is at it, rather than in December. A same-named user template is replaced only
    with `replace`; a same-named built-in is overridden on purpose (see services/templates.py).
    """
    source = Path(source)
    check_user_template(source)
    folder: Path = db.files_dir("templates")
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / source.name
    if target.exists() and not replace:
        raise InputError(detail=f"已有同名的自定义模板“{target.stem}”，如要替换请选择“替换”（命令行加 --replace）")
    handle = tempfile.NamedTemporaryFile(dir=folder, prefix=".", suffix=source.suffix, delete=False)
    handle.close()
    try:
        shutil.copyfile(source, handle.name)
        os.replace(handle.name, target)
    finally:
        Path(handle.name).unlink(missing_ok=True)
    return target
