"""Template rendering without a database: the sandbox, the filters, .docx quirks and .xlsx loops.

These are the promises of DESIGN.md's Known traps for templates: a user's file cannot run code or
hang the app, "& <" survives, a tag Word split into several runs still works, and a template's
variables can be checked before anything is rendered.
"""

from __future__ import annotations

import time
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from docx.shared import Pt
from openpyxl.styles import Border, Font, Side

from unionbook.domain.errors import InputError
from unionbook.fileio.docx_render import render_docx
from unionbook.fileio.templates import (
    approximate,
    capital_amount,
    check_plain,
    check_template,
    chinese_date,
    chinese_number,
    percent,
    render_budget,
    sandboxed_environment,
    template_keywords,
    template_variables,
    wan_yuan,
)
from unionbook.fileio.xlsx_render import render_xlsx

KNOWN = {"会员总数", "职工总数", "入会率", "活动列表", "单位名称", "金额", "帮扶慰问总人次"}


def make_docx(path: Path, *paragraphs: str | list[tuple[str, dict]]) -> Path:
    """A .docx whose paragraphs are plain text, or lists of (text, run formatting) runs."""
    document = Document()
    for paragraph in paragraphs:
        p = document.add_paragraph()
        runs = [(paragraph, {})] if isinstance(paragraph, str) else paragraph
        for text, formatting in runs:
            run = p.add_run(text)
            for key, value in formatting.items():
                setattr(run.font, key, value)
    document.save(path)
    return path


def docx_text(path: Path) -> str:
    document = Document(path)
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


# ------------------------------------------------------------------------------------ filters


@pytest.mark.parametrize(
    ("value", "expected"),
    [(372, "370余"), (1234, "1200余"), (370, "370"), (1200, "1200"), (99, "99"), (7, "7"), (0, "0"),
     (Decimal("3.5"), "3余"), (100, "100"), (101, "100余"), (Decimal("12345.67"), "12000余"), (None, "")],
)  # fmt: skip
def test_approximate_rounds_down_to_two_significant_digits(value: object, expected: str) -> None:
    assert approximate(value) == expected


def test_money_date_and_number_filters() -> None:
    assert wan_yuan(37500) == "3.75"
    assert wan_yuan(Decimal("41500.00")) == "4.15"
    assert wan_yuan(Decimal(5)) == "0.00"
    assert capital_amount(37500) == "叁万柒仟伍佰元整"
    assert capital_amount(Decimal("12.34")) == "壹拾贰元叁角肆分"
    assert capital_amount(Decimal("37500.50")) == "叁万柒仟伍佰元伍角"
    assert chinese_date(date(2024, 5, 3)) == "2024年5月3日"
    assert chinese_date("2024-05-03") == "2024年5月3日"
    assert chinese_date(None) == "" and chinese_date("") == ""
    assert percent(12.345) == "12.3%"
    assert percent(Decimal("90.0")) == "90.0%"
    assert [chinese_number(n) for n in (1, 2, 6, 10, 12, 20, 23, 100)] == [
        "一",
        "两",
        "六",
        "十",
        "十二",
        "二十",
        "二十三",
        "100",
    ]


def test_filters_are_registered_under_chinese_names() -> None:
    env = sandboxed_environment()
    text = env.from_string(
        "{{ a|万元 }}|{{ b|约数 }}|{{ a|大写 }}|{{ d|日期 }}|{{ r|百分比 }}|{{ n|中文数字 }}"
    ).render(a=37500, b=372, d=date(2024, 5, 3), r=12.345, n=6)
    assert text == "3.75|370余|叁万柒仟伍佰元整|2024年5月3日|12.3%|六"


def test_none_prints_as_nothing() -> None:
    assert sandboxed_environment().from_string("[{{ x }}][{{ r.地点 }}]").render(x=None, r={"地点": None}) == "[][]"


# ------------------------------------------------------------------------------------ sandbox


@pytest.mark.parametrize(
    "source",
    ["{{ ''.__class__ }}", "{{ cycler.__init__.__globals__ }}", "{{ x['__class__'] }}", "{% include 'other.docx' %}"],
)
def test_attribute_tricks_are_refused_before_rendering(tmp_path: Path, source: str) -> None:
    template = make_docx(tmp_path / "坏模板.docx", f"会员{{{{会员总数}}}}人 {source}")
    with pytest.raises(InputError) as excinfo:
        check_template(template, KNOWN)
    assert "不允许" in excinfo.value.message() and "坏模板.docx" in excinfo.value.message()


def test_attribute_tricks_fail_cleanly_even_when_rendered_directly(tmp_path: Path) -> None:
    """The renderer does not rely on the caller's check: the sandbox stops the access itself."""
    output = tmp_path / "out.docx"
    for source in ("{{ ''.__class__.__mro__ }}", "{{ cycler.__init__.__globals__.os }}"):
        template = make_docx(tmp_path / "t.docx", source)
        with pytest.raises(InputError) as excinfo:
            render_docx(template, {}, output)
        assert "不允许" in excinfo.value.message()
        assert not output.exists()


def test_runaway_loops_and_huge_values_are_stopped(tmp_path: Path) -> None:
    env = sandboxed_environment()
    hostile = [
        "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
        "{{ 'x' * 1000000000 }}",
        "{% set ns = namespace(s='xx') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
        "{{ '%999999999d' % 1 }}",
        "{{ '{:>999999999}'.format(1) }}",
        "{{ 'x'.ljust(1000000000) }}",
        "{{ 2 ** 100000 }}",
    ]
    for source in hostile:
        started = time.monotonic()
        with pytest.raises(Exception) as excinfo, render_budget(timeout=5):
            env.from_string(source).render()
        assert time.monotonic() - started < 5, source
        assert type(excinfo.value).__name__ in ("SecurityError", "TemplateTimeout"), source


def test_rendering_time_is_bounded(tmp_path: Path) -> None:
    template = make_docx(
        tmp_path / "慢.docx", "{% for i in range(100000) %}{% for j in range(100000) %}{{ i }}{% endfor %}{% endfor %}"
    )
    started = time.monotonic()
    with pytest.raises(InputError) as excinfo:
        render_docx(template, {}, tmp_path / "out.docx", timeout=1, max_iterations=10**9)
    assert time.monotonic() - started < 10
    assert "时间过长" in excinfo.value.message()


def test_only_plain_values_reach_a_template() -> None:
    check_plain({"a": 1, "b": [{"c": date(2024, 1, 1), "d": Decimal("1.00"), "e": None}]})
    with pytest.raises(TypeError, match="context.x"):
        check_plain({"x": object()})


# ------------------------------------------------------------------------------------ checks


def test_unknown_variables_are_listed_with_suggestions(tmp_path: Path) -> None:
    template = make_docx(tmp_path / "我的总结.docx", "会员{{会员总人数}}人，{{完全陌生}}，入会率{{入会率}}")
    with pytest.raises(InputError) as excinfo:
        check_template(template, KNOWN)
    message = excinfo.value.message()
    assert message.startswith("模板“我的总结.docx”中有未知变量：")
    assert "会员总人数（是否应为：会员总数" in message
    assert "完全陌生" in message and "入会率" not in message.split("：", 1)[1]


def test_syntax_errors_name_the_place(tmp_path: Path) -> None:
    template = make_docx(tmp_path / "漏了结束.docx", "开头", "{% if 会员总数 %}有会员")
    with pytest.raises(InputError) as excinfo:
        check_template(template, KNOWN)
    assert "漏了结束.docx" in excinfo.value.message() and "缺少结束标记" in excinfo.value.message()


def test_a_file_that_is_not_a_document_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "假的.docx"
    fake.write_bytes(b"not a zip at all")
    with pytest.raises(InputError, match="假的.docx"):
        template_variables(fake)


# ------------------------------------------------------------------------------------ .docx


def test_a_tag_split_across_differently_formatted_runs_still_renders(tmp_path: Path) -> None:
    template = make_docx(
        tmp_path / "拆分.docx",
        [("会员共", {}), ("{{会员", {"bold": True}), ("总", {"italic": True}), ("数}}", {"size": Pt(20)}), ("人", {})],
    )
    assert template_variables(template) == {"会员总数"}
    output = render_docx(template, {"会员总数": 372}, tmp_path / "out.docx")
    assert docx_text(output) == "会员共372人"


def test_fullwidth_braces_typed_with_a_chinese_ime_are_tags(tmp_path: Path) -> None:
    template = make_docx(tmp_path / "全角.docx", "会员｛｛会员总数｝｝人，约{{帮扶慰问总人次｜约数}}人次（含慰问）")
    assert template_variables(template) == {"会员总数", "帮扶慰问总人次"}
    output = render_docx(template, {"会员总数": 5, "帮扶慰问总人次": 372}, tmp_path / "out.docx")
    assert docx_text(output) == "会员5人，约370余人次（含慰问）"


def test_ampersand_and_angle_brackets_survive(tmp_path: Path) -> None:
    template = make_docx(tmp_path / "符号.docx", "R&D <部门> {{单位名称}} & {{ 金额 }}")
    output = render_docx(template, {"单位名称": "A & B <有限公司>", "金额": "1 < 2"}, tmp_path / "out.docx")
    assert docx_text(output) == "R&D <部门> A & B <有限公司> & 1 < 2"


def test_paragraph_and_row_tags(tmp_path: Path) -> None:
    document = Document()
    document.add_paragraph("{%p if 会员总数 %}")
    document.add_paragraph("会员{{会员总数}}人。")
    document.add_paragraph("{%p endif %}")
    table = document.add_table(rows=4, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "名称", "人次"
    table.rows[1].cells[0].text = "{%tr for r in 活动列表 %}"
    table.rows[2].cells[0].text, table.rows[2].cells[1].text = "{{r.名称}}", "{{r.人次}}"
    table.rows[3].cells[0].text = "{%tr endfor %}"
    template = tmp_path / "表格.docx"
    document.save(template)
    activities = [{"名称": "运动会", "人次": 120}, {"名称": "培训 & 考核", "人次": 30}]
    text = docx_text(render_docx(template, {"会员总数": 0, "活动列表": activities}, tmp_path / "a.docx"))
    assert "会员" not in text.split("名称")[0]
    assert "运动会\n120" in text and "培训 & 考核\n30" in text
    assert "{%" not in text and "{{" not in text
    text = docx_text(render_docx(template, {"会员总数": 3, "活动列表": []}, tmp_path / "b.docx"))
    assert text.startswith("会员3人。") and "运动会" not in text


def test_output_is_replaced_only_on_success(tmp_path: Path) -> None:
    output = tmp_path / "out.docx"
    output.write_bytes(b"previous document")
    bad = make_docx(tmp_path / "bad.docx", "{{ 1 / 0 }}")
    with pytest.raises(InputError, match="计算出错"):
        render_docx(bad, {}, output)
    assert output.read_bytes() == b"previous document"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out")]


# ------------------------------------------------------------------------------------ .xlsx


def make_loop_workbook(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "活动"
    sheet["A1"] = "{{单位名称}}活动台账"
    sheet.merge_cells("A1:D1")
    sheet.append(["序号", "名称", "人次", "备注"])
    thin = Side(style="thin")
    sheet.append(["{%tr for r in 活动列表 %}{{loop.index}}", "{{r.名称}}", "{{r.人次}}", "固定"])
    for cell in sheet[3]:
        cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        cell.font = Font(name="宋体", size=10.5)
    sheet.row_dimensions[3].height = 20
    sheet.append([])
    sheet.append(["合计", None, "{{帮扶慰问总人次}}", None])
    sheet.merge_cells("A5:B5")
    sheet["A7"] = "=SUM(C3:C3)"  # a formula in the template is left alone
    workbook.properties.keywords = "期间=统计年度"
    workbook.save(path)
    return path


def test_xlsx_loop_rows_expand_with_styles_and_move_what_is_below(tmp_path: Path) -> None:
    template = make_loop_workbook(tmp_path / "台账.xlsx")
    assert template_variables(template) == {"单位名称", "活动列表", "帮扶慰问总人次"}
    assert template_keywords(template) == "期间=统计年度"
    activities = [
        {"名称": "运动会", "人次": 120},
        {"名称": '=HYPERLINK("http://x")', "人次": 3},
        {"名称": "培训 & <考核>", "人次": None},
    ]
    context = {"单位名称": "江川", "活动列表": activities, "帮扶慰问总人次": 123}
    output = render_xlsx(template, context, tmp_path / "out.xlsx")
    sheet = openpyxl.load_workbook(output).active
    assert sheet["A1"].value == "江川活动台账"
    assert [[c.value for c in row] for row in sheet.iter_rows(min_row=3, max_row=5, max_col=4)] == [
        [1, "运动会", 120, "固定"],
        [2, '=HYPERLINK("http://x")', 3, "固定"],
        [3, "培训 & <考核>", None, "固定"],
    ]
    assert sheet["B4"].data_type == "s"  # the member-supplied "=…" is text, not a live formula
    assert all(sheet.cell(r, 1).border.left.style == "thin" for r in (3, 4, 5))
    assert sheet.row_dimensions[5].height == 20
    assert sheet["C7"].value == 123 and "A7:B7" in {str(m) for m in sheet.merged_cells.ranges}
    assert sheet["A9"].value == "=SUM(C3:C3)"


def test_xlsx_empty_list_leaves_a_blank_row_and_values_keep_their_type(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["{%tr for r in 活动列表 %}{{r.名称}}", "{{r.人次}}"])
    sheet.append(
        ["{{会员总数}}", "{{入会率}}", "{{入会率|百分比}}", "会员{{会员总数}}人", "{{ 金额|round(1) }}", "{{职工总数}}"]
    )
    template = tmp_path / "t.xlsx"
    workbook.save(template)
    context = {
        "活动列表": [],
        "会员总数": 235,
        "入会率": Decimal("90.0"),
        "金额": Decimal("12.34"),
        "职工总数": date(2024, 1, 2),
    }
    sheet = openpyxl.load_workbook(render_xlsx(template, context, tmp_path / "o.xlsx")).active
    assert [c.value for c in sheet[1]][:2] == [None, None]
    values = [c.value for c in sheet[2]]
    assert values[:5] == [235, 90, "90.0%", "会员235人", 12.3]
    assert values[5].date() == date(2024, 1, 2)


def test_xlsx_unknown_names_and_tricks_are_caught_by_the_check(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active["B2"] = "{{会员总人数}}"
    workbook.active["C3"] = "{%tr for r in 活动列表 %}{{ r.__class__ }}"
    template = tmp_path / "坏.xlsx"
    workbook.save(template)
    with pytest.raises(InputError, match="不允许"):
        check_template(template, KNOWN)
    workbook.active["C3"] = "{%tr for r in 活动列表 %}{{ r.名称 }}"
    workbook.save(template)
    with pytest.raises(InputError, match="会员总人数（是否应为：会员总数"):
        check_template(template, KNOWN)
