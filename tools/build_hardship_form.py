"""Generate the built-in 困难职工建档申请表 (resources/templates/forms/困难职工建档申请表.docx).

    python tools/build_hardship_form.py            # rewrite the form
    python tools/build_hardship_form.py --check    # fail if the committed form is out of date

Our own form, modelled on what provincial unions ask for with a new hardship file (海南省职工服务
中心's 建档申请表 was the example): the worker, the household and its income, the causes as tick
boxes, the family members one per row, the circumstances and the measures, then the approval chain
(申请人承诺 → 基层工会意见 → 上级工会审核意见) with signature, seal and date lines. It is written
in code, like tools/build_templates.py, so its layout is reviewable and reproducible.

Variables are the keys of `services.hardship_form.hardship_form_context` ({{姓名}}, {{困难类别勾选}},
a `{%tr for m in 家庭成员 %}` row loop …). The form sits in templates/forms/, out of the report
catalogue: its variables are a person's fields, not figure names.

Layout: A4 portrait, 20 mm margins, one bordered table on a 24-column grid so that the personal
rows (label/value pairs) and the family rows (six columns of different widths) line up as one
block; 宋体 五号 body, 黑体 title.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "resources" / "templates" / "forms" / "困难职工建档申请表.docx"

BODY_FONT = "宋体"
TITLE_FONT = "黑体"
BODY_SIZE = Pt(10.5)  # 五号
GRID = 24  # columns of the underlying grid
LABEL = 4  # grid columns of a label cell
VALUE_SPANS = (3, 4, 5)  # grid columns of the three values of a pair row (4 + 3 + 4 + 4 + 4 + 5 = 24)
WIDTH_MM = 170.0  # A4 minus 2 × 20 mm

#: (label, variable) pairs of the personal part, three pairs a row. Labels span LABEL grid columns
#: (wide enough for 户籍所在地 on one line); the values VALUE_SPANS, the last one widest for a
#: date such as 2021年7月12日.
PERSON_ROWS: list[list[tuple[str, str]]] = [
    [("姓名", "{{姓名}}"), ("性别", "{{性别}}"), ("出生年月", "{{出生年月}}")],
    [("民族", "{{民族}}"), ("政治面貌", "{{政治面貌}}"), ("联系电话", "{{联系电话}}")],
]
#: Rows with one label and one value across the rest of the table.
WIDE_ROWS: list[tuple[str, str]] = [
    ("身份证号", "{{身份证号}}"),
    ("工作单位", "{{工作单位}}　{{部门}}{% if 岗位 %}　{{岗位}}{% endif %}"),
    ("户籍所在地", "{{户籍所在地}}"),
    ("困难类别", "{{困难类别勾选}}"),
    ("致困原因", "{{致困原因勾选}}"),
]
#: Family columns: (heading, grid span, variable).
FAMILY_COLUMNS: list[tuple[str, int, str]] = [
    ("姓名", 4, "{{m.姓名}}"),
    ("关系", 2, "{{m.关系}}"),
    ("身份证号", 6, "{{m.身份证号}}"),
    ("月收入(元)", 3, "{{m.月收入}}"),
    ("健康状况", 5, "{{m.健康状况}}"),
    ("就学/就业", 4, "{{m.就学就业}}"),
]
APPROVALS: list[tuple[str, list[str]]] = [
    ("申请人承诺", ["本人承诺所填家庭情况和提供的证明材料真实有效，如有虚假，愿承担相应责任。", "",
                    "申请人签字（按手印）：", "", "", "年　　月　　日"]),
    ("基层工会意见", ["经入户核实，该职工家庭符合困难职工建档条件，同意建档。", "",
                      "工会主席（负责人）签名：", "", "（盖章）", "年　　月　　日"]),
    ("上级工会审核意见", ["经审核，该职工家庭符合困难职工建档认定条件。", "",
                          "审核人签名：", "", "（盖章）", "年　　月　　日"]),
]  # fmt: skip


def _fonts(run_or_style: object, east_asia: str, size: Pt | None = None, bold: bool = False) -> None:
    """Latin and East-Asian font of a run or style (python-docx sets only the Latin one)."""
    font = run_or_style.font  # type: ignore[attr-defined]
    font.name = east_asia
    if size is not None:
        font.size = size
    font.bold = bold
    rpr = run_or_style.element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.get_or_add_rFonts()
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]  # theme font references would win over the named font
    for key in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(key), "Times New Roman")
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")


def _tight(paragraph: object, align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER) -> None:
    fmt = paragraph.paragraph_format  # type: ignore[attr-defined]
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.15
    paragraph.alignment = align  # type: ignore[attr-defined]


def _write(cell: object, text: str, *, align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER,
           bold: bool = False, top: bool = False) -> None:  # fmt: skip
    """Replace the cell's text: one paragraph per line."""
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP if top else WD_CELL_VERTICAL_ALIGNMENT.CENTER  # type: ignore[attr-defined]
    lines = text.split("\n")
    first = cell.paragraphs[0]  # type: ignore[attr-defined]
    for n, line in enumerate(lines):
        paragraph = first if n == 0 else cell.add_paragraph()  # type: ignore[attr-defined]
        _tight(paragraph, align)
        run = paragraph.add_run(line)
        _fonts(run, BODY_FONT, BODY_SIZE, bold)


def _span(table: object, row: int, start: int, span: int) -> object:
    cells = table.rows[row].cells  # type: ignore[attr-defined]
    cell = cells[start]
    if span > 1:
        cell = cell.merge(cells[start + span - 1])
    return cell


def _height(table: object, row: int, mm: float, exact: bool = False) -> None:
    tr = table.rows[row]  # type: ignore[attr-defined]
    tr.height = Mm(mm)
    tr.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY if exact else WD_ROW_HEIGHT_RULE.AT_LEAST


def _no_split(table: object) -> None:
    """Rows never break across pages (a signature box cut in two is useless)."""
    for tr in table.rows:  # type: ignore[attr-defined]
        trpr = tr._tr.get_or_add_trPr()
        cant = OxmlElement("w:cantSplit")
        trpr.append(cant)


def build(path: Path) -> Path:
    doc = Document()
    props = doc.core_properties
    props.title = "困难职工建档申请表"
    props.subject = "UnionBook 工会台账内置表单"
    props.keywords = "表单=困难职工档案"
    props.comments = "由 UnionBook 从困难职工档案填写；双花括号中的名称为档案中的字段。"
    props.author = "UnionBook"
    props.last_modified_by = "UnionBook"
    props.revision = 1
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(20))
    section.top_margin, section.bottom_margin = Mm(18), Mm(15)
    normal = doc.styles["Normal"]
    _fonts(normal, BODY_FONT, BODY_SIZE)
    body = doc.element.body
    for paragraph in list(body.iterchildren(qn("w:p"))):
        body.remove(paragraph)

    title = doc.add_paragraph()
    _tight(title)
    title.paragraph_format.space_after = Pt(6)
    _fonts(title.add_run("困难职工建档申请表"), TITLE_FONT, Pt(18), bold=True)
    line = doc.add_paragraph()
    _tight(line, WD_ALIGN_PARAGRAPH.LEFT)
    line.paragraph_format.space_after = Pt(4)
    line.paragraph_format.tab_stops.add_tab_stop(Mm(170), alignment=2)  # right-aligned tab
    _fonts(line.add_run("填报单位：{{工会名称}}\t申请日期：{{申请日期}}"), BODY_FONT, BODY_SIZE)

    rows = len(PERSON_ROWS) + len(WIDE_ROWS) + 1 + 1 + 1 + 2 + 1 + 2 + 2
    table = doc.add_table(rows=rows, cols=GRID)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    column = Mm(WIDTH_MM / GRID)
    for col in table.columns:
        col.width = column
    r = 0
    for pairs in PERSON_ROWS:
        start = 0
        for (label, value), span in zip(pairs, VALUE_SPANS, strict=True):
            _write(_span(table, r, start, LABEL), label, bold=True)
            _write(_span(table, r, start + LABEL, span), value)
            start += LABEL + span
        _height(table, r, 9)
        r += 1
    for label, value in WIDE_ROWS:
        _write(_span(table, r, 0, LABEL), label, bold=True)
        _write(_span(table, r, LABEL, GRID - LABEL), value, align=WD_ALIGN_PARAGRAPH.LEFT)
        _height(table, r, 9)
        r += 1
    # 家庭人口 / 人均月收入 / 建档日期 share one row.
    start = 0
    household = (("家庭人口", "{{家庭人口}} 人"), ("人均月收入", "{{人均月收入}} 元"), ("建档日期", "{{建档日期}}"))
    for (label, value), span in zip(household, VALUE_SPANS, strict=True):
        _write(_span(table, r, start, LABEL), label, bold=True)
        _write(_span(table, r, start + LABEL, span), value)
        start += LABEL + span
    _height(table, r, 9)
    r += 1

    _write(_span(table, r, 0, GRID), "家庭成员情况（不含职工本人）", bold=True)
    _height(table, r, 8)
    r += 1
    start = 0
    for heading, span, _var in FAMILY_COLUMNS:
        _write(_span(table, r, start, span), heading, bold=True)
        start += span
    _height(table, r, 8)
    r += 1
    # docxtpl replaces the row holding {%tr …%} by the loop tag: one merged cell is enough.
    _write(_span(table, r, 0, GRID), "{%tr for m in 家庭成员 %}")
    r += 1
    start = 0
    for _heading, span, var in FAMILY_COLUMNS:
        _write(_span(table, r, start, span), var)
        start += span
    _height(table, r, 8)
    r += 1
    _write(_span(table, r, 0, GRID), "{%tr endfor %}")
    r += 1

    for label, value, mm in (("致困情况简述", "{{情况说明}}", 24), ("帮扶措施", "{{帮扶措施}}", 18)):
        _write(_span(table, r, 0, LABEL), label, bold=True)
        _write(_span(table, r, LABEL, GRID - LABEL), value, align=WD_ALIGN_PARAGRAPH.LEFT, top=True)
        _height(table, r, mm)
        r += 1

    start = 0
    for heading, _lines in APPROVALS:
        cell = _span(table, r, start, 8)
        _write(cell, heading, bold=True)
        # The headings go to the next page with the boxes they head, never alone.
        cell.paragraphs[0].paragraph_format.keep_with_next = True
        start += 8
    _height(table, r, 8)
    r += 1
    start = 0
    for _heading, lines in APPROVALS:
        cell = _span(table, r, start, 8)
        _write(cell, lines[0], align=WD_ALIGN_PARAGRAPH.LEFT, top=True)
        for text in lines[1:]:
            paragraph = cell.add_paragraph()
            align = WD_ALIGN_PARAGRAPH.RIGHT if text.startswith(("年", "（盖章）")) else WD_ALIGN_PARAGRAPH.LEFT
            _tight(paragraph, align)
            _fonts(paragraph.add_run(text), BODY_FONT, BODY_SIZE)
        start += 8
    _height(table, r, 48)
    r += 1
    assert r == rows, (r, rows)
    _no_split(table)

    note = doc.add_paragraph()
    _tight(note, WD_ALIGN_PARAGRAPH.LEFT)
    note.paragraph_format.space_before = Pt(4)
    _fonts(note.add_run("注：请附身份证、户口簿复印件及致困原因证明材料（病历、残疾证、低保证、收入证明等）。"),
           BODY_FONT, Pt(9))  # fmt: skip

    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def _parts(path: Path) -> dict[str, bytes]:
    """The package's parts without the timestamps python-docx writes, for --check."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts.pop("docProps/core.xml", None)
    return parts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the committed form differs")
    args = parser.parse_args(argv)
    if args.check:
        with tempfile.TemporaryDirectory() as folder:
            fresh = build(Path(folder) / OUT.name)
            if not OUT.exists() or _parts(fresh) != _parts(OUT):
                print(f"{OUT.relative_to(REPO)} is out of date: run python tools/build_hardship_form.py", file=sys.stderr)
                return 1
        return 0
    print(build(OUT).relative_to(REPO))
    return 0


if __name__ == "__main__":
    sys.exit(main())
