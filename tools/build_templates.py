"""Generate the built-in document templates in resources/templates/.

    python tools/build_templates.py            # rewrite all templates
    python tools/build_templates.py --check    # fail if a committed template is out of date

The built-in templates are written by us, in code, so that their layout is reviewable and
reproducible (no binary edited by hand in Word), and regenerated whenever the figures change.
The .docx and .xlsx files it writes are committed too: the app reads them, not this script.

Layout follows GB/T 9704-2012 (党政机关公文格式) as grassroots unions use it for summaries:
A4, margins 37/35/28/26 mm, title 方正小标宋简体 二号, body 仿宋_GB2312 三号 at a fixed 28.9 pt
line pitch (22 lines a page), level-1 headings 黑体, level-2 楷体_GB2312, page numbers "— 1 —" in
宋体 四号 centred in the footer. Fonts that a PC may lack get an alternative in the font table
(仿宋_GB2312 → 仿宋, 楷体_GB2312 → 楷体, 方正小标宋简体 → 宋体), which is what Word substitutes.

Template conventions (what a chair sees when opening a template in Word):
- `{{会员总数}}` etc. are FIGURES.md names; `{%p if 金秋助学人次 %}` … `{%p endif %}` paragraphs
  (small grey text) make the paragraphs between them appear only when the figure is not zero;
  `{% if X %}…{% endif %}` does the same for one sentence;
- 【请补充：…】 in yellow marks what no register holds and the chair writes in.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from lxml import etree

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "resources" / "templates"

LATIN = "Times New Roman"
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEI_FONT = "黑体"
KAI_FONT = "楷体_GB2312"
PAGE_FONT = "宋体"
#: What Word substitutes when a font is missing (fontTable altName).
ALTERNATIVES = {TITLE_FONT: "宋体", BODY_FONT: "仿宋", KAI_FONT: "楷体", HEI_FONT: "SimHei"}

BODY_SIZE = Pt(16)  # 三号
LINE = Pt(28.9)  # 22 lines in the 225 mm type area
INDENT = Pt(32)  # two characters of 三号


# ===================================================================================== .docx


def _fonts(rpr_owner: object, east_asia: str, latin: str | None = None) -> None:
    """Set the Latin and East-Asian fonts of a style's or run's rPr (python-docx sets only Latin)."""
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()  # python-docx keeps the schema's child order (Word insists)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]  # drop theme font references: they win over named fonts
    latin = latin or east_asia
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:hint"), "eastAsia")


def _indent_chars(ppr_owner: object, first_line_chars: int, first_line: Pt | int = 0) -> None:
    """First-line indent in characters (Word's 首行缩进 2 字符) with the length as a fallback."""
    ppr = ppr_owner.get_or_add_pPr()
    ind = ppr.get_or_add_ind()  # in schema order: Word refuses a w:ind after w:jc
    ind.set(qn("w:firstLineChars"), str(first_line_chars * 100))
    ind.set(qn("w:firstLine"), str(int(first_line.pt * 20) if first_line else 0))


class OfficialDocument:
    """A python-docx Document set up as a GB/T 9704 document, with small helpers for our content."""

    def __init__(self, title: str, keywords: str, description: str) -> None:
        self.doc = Document()
        self._setup_package(title, keywords, description)
        self._setup_page()
        self._setup_styles()
        self._setup_footer()
        body = self.doc.element.body
        for paragraph in list(body.iterchildren(qn("w:p"))):
            body.remove(paragraph)  # the default document starts with an empty paragraph

    # --- setup ----------------------------------------------------------------------------

    def _setup_package(self, title: str, keywords: str, description: str) -> None:
        props = self.doc.core_properties
        props.title = title
        props.subject = "UnionBook 工会台账内置模板"
        props.keywords = keywords
        props.comments = description
        props.author = "UnionBook"
        props.last_modified_by = "UnionBook"
        props.revision = 1
        package = self.doc.part.package
        for rel_id, rel in list(package.rels.items()):
            if rel.reltype.endswith("/thumbnail"):
                del package.rels[rel_id]  # python-docx's default thumbnail shows an unrelated page
        for rel in self.doc.part.rels.values():
            if rel.reltype.endswith("/fontTable"):
                rel.target_part._blob = _font_table(rel.target_part.blob)

    def _setup_page(self) -> None:
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        section.header_distance, section.footer_distance = Mm(15), Mm(22)

    def _setup_styles(self) -> None:
        styles = self.doc.styles
        defaults = styles.element.find(qn("w:docDefaults"))
        rpr_default = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        for child in list(rpr_default):
            if child.tag in (qn("w:rFonts"), qn("w:lang")):
                rpr_default.remove(child)
        fonts = OxmlElement("w:rFonts")
        for attr, value in (("ascii", LATIN), ("hAnsi", LATIN), ("eastAsia", BODY_FONT), ("cs", LATIN)):
            fonts.set(qn(f"w:{attr}"), value)
        rpr_default.insert(0, fonts)
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "zh-CN")
        rpr_default.append(lang)

        normal = styles["Normal"]
        normal.font.size = BODY_SIZE
        _fonts(normal.element, BODY_FONT, LATIN)
        pf = normal.paragraph_format
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = LINE
        pf.space_before = pf.space_after = Pt(0)
        pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        pf.widow_control = False  # a fixed grid: Chinese documents do not move lines for widows
        _indent_chars(normal.element, 2, INDENT)

        def paragraph_style(name: str, font: str, size: Pt, *, indent: int = 0, align=None, line: Pt = LINE,
                            bold: bool = False, keep_next: bool = False) -> None:  # fmt: skip
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = normal
            style.quick_style = True
            style.font.size = size
            style.font.bold = bold
            _fonts(style.element, font, LATIN if font == BODY_FONT else font)
            spf = style.paragraph_format
            spf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            spf.line_spacing = line
            spf.keep_with_next = keep_next
            if align is not None:
                spf.alignment = align
            _indent_chars(style.element, indent, Pt(size.pt * indent) if indent else 0)

        paragraph_style("公文标题", TITLE_FONT, Pt(22), align=WD_ALIGN_PARAGRAPH.CENTER, line=Pt(35), keep_next=True)
        paragraph_style("一级标题", HEI_FONT, BODY_SIZE, indent=2, keep_next=True)
        paragraph_style("二级标题", KAI_FONT, BODY_SIZE, indent=2, keep_next=True)
        paragraph_style("附件标识", HEI_FONT, BODY_SIZE, align=WD_ALIGN_PARAGRAPH.LEFT, keep_next=True)
        paragraph_style("表题", TITLE_FONT, Pt(18), align=WD_ALIGN_PARAGRAPH.CENTER, line=Pt(32), keep_next=True)
        paragraph_style("表格文字", BODY_FONT, Pt(10.5), align=WD_ALIGN_PARAGRAPH.CENTER, line=Pt(16))
        paragraph_style("表格标题", HEI_FONT, Pt(10.5), align=WD_ALIGN_PARAGRAPH.CENTER, line=Pt(16))
        paragraph_style("表注", BODY_FONT, Pt(12), line=Pt(20))
        # An empty 附表: one line under the signature instead of a page of its own.
        paragraph_style("空附表", BODY_FONT, Pt(12), align=WD_ALIGN_PARAGRAPH.LEFT, line=Pt(20))
        styles["空附表"].paragraph_format.space_before = Pt(6)
        paragraph_style("落款", BODY_FONT, BODY_SIZE, align=WD_ALIGN_PARAGRAPH.RIGHT)
        # A chart ({{图表_…}}): centred, no indent, and single line spacing — an exact 28 pt line
        # would crop the picture to one line's height.
        paragraph_style("图表", BODY_FONT, BODY_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER)
        chart = styles["图表"].paragraph_format
        chart.line_spacing_rule = WD_LINE_SPACING.SINGLE
        chart.space_before = chart.space_after = Pt(6)
        chart.keep_together = True
        paragraph_style("模板标记", BODY_FONT, Pt(9), line=Pt(12))
        marker = styles["模板标记"]
        marker.font.color.rgb = RGBColor(0x99, 0x99, 0x99)
        marker.font.size = Pt(9)
        marker.paragraph_format.keep_with_next = True
        marker.element.get_or_add_pPr()
        signature = styles["落款"].paragraph_format
        signature.right_indent = INDENT * 2  # 成文日期右空四字 (GB/T 9704 7.3.5)

        character = styles.add_style("待补充", WD_STYLE_TYPE.CHARACTER)
        _fonts(character.element, KAI_FONT, KAI_FONT)
        character.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)

    def _setup_footer(self) -> None:
        footer = self.doc.sections[0].footer
        paragraph = footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.first_line_indent = Pt(0)
        _indent_chars(paragraph._p, 0)

        def run(text: str = "", field: str | None = None, char: str | None = None) -> None:
            r = paragraph.add_run(text)
            r.font.size = Pt(14)  # 四号
            _fonts(r._r, PAGE_FONT, PAGE_FONT)
            if char:
                fld = OxmlElement("w:fldChar")
                fld.set(qn("w:fldCharType"), char)
                r._r.append(fld)
            if field:
                instr = OxmlElement("w:instrText")
                instr.set(qn("xml:space"), "preserve")
                instr.text = field
                r._r.append(instr)

        run("— ")
        run(char="begin")
        run(field=" PAGE ")
        run(char="separate")
        run("1")
        run(char="end")
        run(" —")

    # --- content --------------------------------------------------------------------------

    def paragraph(self, text: str = "", style: str = "Normal", **kwargs: object) -> object:
        """A paragraph; 【…】 parts are set in the 待补充 style with a yellow highlight."""
        p = self.doc.add_paragraph(style=style)
        for part, placeholder in _split_placeholders(text):
            run = p.add_run(part)
            if placeholder:
                run.style = self.doc.styles["待补充"]
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        for key, value in kwargs.items():
            setattr(p.paragraph_format, key, value)
        return p

    def title(self, *lines: str) -> None:
        for line in lines:
            self.paragraph(line, "公文标题")
        self.paragraph("", "公文标题")  # GB/T 9704: one blank line between title and body

    def heading(self, text: str) -> None:
        self.paragraph(text, "一级标题")

    def subheading(self, text: str) -> None:
        self.paragraph(text, "二级标题")

    def lead(self, head: str, text: str) -> None:
        """A paragraph that starts with a 楷体 lead-in ("（一）加强组织建设。") and continues in 仿宋."""
        p = self.doc.add_paragraph(style="Normal")
        lead = p.add_run(head)
        _fonts(lead._r, KAI_FONT, KAI_FONT)
        for part, placeholder in _split_placeholders(text):
            run = p.add_run(part)
            if placeholder:
                run.style = self.doc.styles["待补充"]
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW

    def tag(self, text: str) -> None:
        """A paragraph-level Jinja tag ({%p if … %}): the whole paragraph disappears on rendering."""
        self.paragraph(text, "模板标记")

    def when(self, condition: str, body: Callable[[], None], otherwise: Callable[[], None] | None = None) -> None:
        self.tag(f"{{%p if {condition} %}}")
        body()
        if otherwise is not None:
            self.tag("{%p else %}")
            otherwise()
        self.tag("{%p endif %}")

    def chart(self, name: str, condition: str) -> None:
        """A chart of services/charts.py ({{图表_name}}) in a paragraph of its own, only when
        `condition` holds: a summary shows no empty axes."""
        self.when(condition, lambda: self.paragraph(f"{{{{图表_{name}}}}}", "图表"))

    def sentences(self, *parts: str) -> str:
        return "".join(parts)

    def signature(self) -> None:
        self.paragraph("")
        self.paragraph("{{工会名称}}", "落款")
        self.paragraph("{{报告日期|日期}}", "落款")  # chosen when generating (documents.default_report_date)

    def table(self, widths_mm: list[float], header: list[str], row: list[str], loop: str,
              total: list[str] | None = None, size: Pt | None = None, margin: Mm | None = None) -> None:  # fmt: skip
        """A bordered table: header (repeated on each page), one looping row, an optional total.

        `size` sets the text size of every cell (default: the 表格文字 style's 五号); `margin` the
        cells' left and right padding (default: Word's 1.9 mm), for tables whose columns need it.
        """
        rows = 3 + (1 if total else 0) + 1
        table = self.doc.add_table(rows=rows, cols=len(widths_mm))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        _table_layout_fixed(table, sum(widths_mm))
        if margin is not None:
            _cell_margins(table, margin)
        for index, width in enumerate(widths_mm):
            table.columns[index].width = Mm(width)  # the grid: what Word and LibreOffice lay out by
        contents = [header, [f"{{%tr for r in {loop} %}}"], row, ["{%tr endfor %}"]]
        if total:
            contents.append(total)
        for r_index, cells in enumerate(contents):
            tr = table.rows[r_index]
            if r_index == 0:
                _repeat_header(tr)
            for c_index, width in enumerate(widths_mm):
                cell = tr.cells[c_index]
                cell.width = Mm(width)
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                text = cells[c_index] if c_index < len(cells) else ""
                style = "表格标题" if r_index == 0 or (total and r_index == 4 and c_index == 0) else "表格文字"
                paragraph = cell.paragraphs[0]
                paragraph.style = self.doc.styles[style]
                if text:
                    run = paragraph.add_run(text)
                    if size is not None:
                        run.font.size = size
        for tr in table.rows:
            _row_height(tr, Mm(8))
            _cant_split(tr)

    def save(self, path: Path) -> None:
        self.doc.save(str(path))


def _split_placeholders(text: str) -> Iterable[tuple[str, bool]]:
    """ "abc【请补充：x】def" → ("abc", False), ("【请补充：x】", True), ("def", False)."""
    rest = text
    while rest:
        start = rest.find("【")
        if start < 0:
            yield rest, False
            return
        end = rest.find("】", start)
        if start:
            yield rest[:start], False
        yield rest[start : end + 1], True
        rest = rest[end + 1 :]


def _table_layout_fixed(table: object, width_mm: float) -> None:
    tbl_pr = table._tbl.tblPr
    for old in tbl_pr.findall(qn("w:tblW")):
        tbl_pr.remove(old)
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(int(Mm(width_mm).pt * 20)))
    width.set(qn("w:type"), "dxa")
    # CT_TblPr's sequence: tblW comes before jc, tblLayout and tblLook.
    later = [c for c in tbl_pr if c.tag in {qn("w:jc"), qn("w:tblCellSpacing"), qn("w:tblInd"), qn("w:tblBorders"),
                                            qn("w:shd"), qn("w:tblLayout"), qn("w:tblCellMar"), qn("w:tblLook")}]  # fmt: skip
    if later:
        later[0].addprevious(width)
    else:
        tbl_pr.append(width)
    tbl_pr.get_or_add_tblLayout().set(qn("w:type"), "fixed")


def _cell_margins(table: object, margin: Mm) -> None:
    """Left and right cell padding for the whole table (w:tblCellMar, in CT_TblPr's order)."""
    tbl_pr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(int(margin.pt * 20)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    look = tbl_pr.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)
    else:
        tbl_pr.append(margins)


def _cant_split(row: object) -> None:
    """A row never breaks across pages (a half row at the page foot reads as two records)."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.insert(0, OxmlElement("w:cantSplit"))


def _repeat_header(row: object) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    tr_pr.append(header)


def _row_height(row: object, height: Mm) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    h = OxmlElement("w:trHeight")
    h.set(qn("w:val"), str(int(height.pt * 20)))
    h.set(qn("w:hRule"), "atLeast")
    tr_pr.append(h)


def _font_table(blob: bytes) -> bytes:
    """Add our Chinese fonts with charset GB2312 and the alternative Word uses when one is missing."""
    root = etree.fromstring(blob)
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    for font in root.findall(f"{{{w}}}font"):
        if font.get(f"{{{w}}}name") in ALTERNATIVES or font.get(f"{{{w}}}name", "").startswith("ＭＳ"):
            root.remove(font)
    for name in (*ALTERNATIVES, PAGE_FONT):
        font = etree.SubElement(root, f"{{{w}}}font")
        font.set(f"{{{w}}}name", name)
        if name in ALTERNATIVES:
            alt = etree.SubElement(font, f"{{{w}}}altName")
            alt.set(f"{{{w}}}val", ALTERNATIVES[name])
        for tag, value in (
            ("charset", "86"),
            ("family", "modern" if name == HEI_FONT else "roman"),
            ("pitch", "variable"),
        ):
            element = etree.SubElement(font, f"{{{w}}}{tag}")
            element.set(f"{{{w}}}val", value)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --------------------------------------------------------------------------- text helpers


def money(amount: str, goods: str, cash_word: str = "慰问金") -> str:
    """ "发放慰问金1.05万元，另发放慰问品折合1,400元" — each part only when its 元 figure is not
    zero, written by the 金额 filter (元 under 1万, 万元 from 1万 up); "送去慰问" when a program
    recorded neither (so the sentence still has a verb)."""
    return (
        f"{{% if {amount} %}}发放{cash_word}{{{{{amount}|金额}}}}{{% endif %}}"
        f"{{% if {amount} and {goods} %}}，另{{% endif %}}"
        f"{{% if {goods} %}}发放慰问品折合{{{{{goods}|金额}}}}{{% endif %}}"
        f"{{% if not {amount} and not {goods} %}}送去慰问{{% endif %}}"
    )


def joined(parts: list[tuple[str, str]], separator: str = "、") -> str:
    """Optional clauses joined by a separator: [(figure, clause)] → a Jinja expression that prints
    the clauses whose figure is not zero, e.g. "住院慰问9人次、工伤探视2人次"."""
    items = ", ".join(f"{figure} and ({clause})" for figure, clause in parts)
    return f"{{{{ [{items}]|select|join('{separator}') }}}}"


def any_of(*figures: str) -> str:
    return " or ".join(figures)


def titles(items: str, suffix: str = "") -> str:
    """《A》《B》 for a list of contracts (GB/T 15834: no 顿号 between titles in 书名号), or
    《A》（…）、《B》（…） when `suffix` (Jinja allowed) follows each title."""
    separator = "{% if not loop.last %}、{% endif %}" if suffix else ""
    return f"{{% for c in {items} %}}《{{{{c.标题}}}}》{suffix}{separator}{{% endfor %}}"


# How a summary compares a figure with last year — chosen per figure (issue 11): a sentence that
# states a decline states it plainly, or the figure gets no comparison at all.


def compared(figure: str, than: str = "上年") -> str:
    """Both ways, plainly (会员总数): "，同比增长1.7%" / "，同比下降2.6%" / "，与上年持平"; nothing
    when last year had none."""
    return (
        f"{{% if 上年{figure} %}}，{{% if {figure}同比 == '持平' %}}与{than}持平"
        f"{{% else %}}同比{{{{{figure}同比}}}}{{% endif %}}{{% endif %}}"
    )


def compared_if_grown(figure: str, prefix: str = "同比") -> str:
    """Only a growth (新入会人数, 活动参与总人次: fewer new hires or a quieter year is no failure to
    report, and "同比下降" tacked onto a sentence of achievements reads as if hidden there)."""
    return f"{{% if '增长' in {figure}同比 %}}，{prefix}{{{{{figure}同比}}}}{{% endif %}}"


def compared_in_points(rate: str, than: str = "上年") -> str:
    """A rate in percentage points, both ways: "，比上年提高0.2个百分点" / "，比上年降低1.5个百分点";
    nothing when unchanged (or last year had no rate): "入会率90.5%，与上年持平" after "会员229人，
    与上年持平" says the same thing twice."""
    points = f"{rate}同比百分点"
    return f"{{% if {points} not in ('持平', '—') %}}，比{than}{{{{{points}}}}}{{% endif %}}"


#: The findings a summary's 存在的问题 names from the registers (services/report_findings.py).
#: 无活动月份 only when the registers hold activities at all: a union that records none would
#: otherwise be told "1月至12月没有组织活动" about months the chair simply has not entered yet.
PROBLEMS = (
    "{% if 到期未续签合同列表 %}集体合同续签不够及时，"
    + titles("到期未续签合同列表", "（{{c.终止日期|日期}}到期）")
    + "{% if 到期未续签合同列表|length > 1 %}均{% endif %}尚未续签。{% endif %}"
    "{% if 逾期未复核困难职工户数 %}困难职工档案动态管理还不到位，有{{逾期未复核困难职工户数}}户困难职工"
    "超过一年没有复核。{% endif %}"
    "{% if 无活动月数 and 活动总场次 %}工会活动开展还不够经常，{{无活动月份}}没有组织活动。{% endif %}"
)
PROBLEMS_CONDITION = "到期未续签合同列表 or 逾期未复核困难职工户数 or (无活动月数 and 活动总场次)"


#: The positions a summary names one by one (figure → how the sentence calls them).
POSITIONS = {"职工之家数": "职工之家", "职工书屋数": "职工书屋", "母婴室数": "爱心妈妈小屋（母婴室）",
             "爱心驿站数": "户外劳动者爱心驿站"}  # fmt: skip
#: The figures of the honors register a summary's 建功立业 paragraph is written from.
HONORS = ("个人荣誉人次", "集体荣誉数", "劳模人数", "创新工作室数", "创新成果获奖数")


# ----------------------------------------------------------------------------- 年度工作总结


def annual_summary() -> OfficialDocument:
    d = OfficialDocument(
        "年度工作总结",
        "期间=年度",
        "基层工会年度工作总结及下年工作计划。数字来自台账，数字为零的句子自动省略；【请补充】处由工会主席填写。",
    )
    d.title("{{工会名称}}", "{{年度}}年工作总结和{{下一年度}}年工作计划")
    d.paragraph(
        "{{年度}}年，{{工会名称}}在上级工会和{{单位名称}}党组织的领导下，在单位行政的支持下，坚持以职工为中心的"
        "工作导向，紧紧围绕单位中心工作，认真履行维护、建设、参与、教育职能，团结动员广大职工建功立业，"
        "较好地完成了全年各项工作任务。现将{{年度}}年工作总结如下，并提出{{下一年度}}年工作计划。"
    )

    # 一、组织建设 — the heading claims growth only when there was growth.
    d.heading("一、加强组织建设，{% if 会员总数 > 上年会员总数 %}会员队伍稳步壮大{% else %}夯实工会组织基础{% endif %}")
    d.when(
        any_of("职工总数", "会员总数"),
        lambda: d.paragraph(
            "截至{{结束日期|日期}}，{{单位名称}}共有职工{{职工总数}}人{% if 女职工人数 %}，其中女职工{{女职工人数}}人{% endif %}；"
            "工会会员{{会员总数}}人"
            + compared("会员总数")
            + "{% if 职工总数 %}，入会率{{入会率|百分比}}"
            + compared_in_points("入会率")
            + "{% endif %}。"
            "{% if 女会员数 or 农民工会员数 %}会员中有"
            + joined(
                [("女会员数", "'女会员' ~ 女会员数 ~ '人'"), ("农民工会员数", "'农民工会员' ~ 农民工会员数 ~ '人'")]
            )
            + "。{% endif %}"
        ),
    )
    d.when(
        any_of("新入会人数", "减少会员数", "保留会籍人数", "会员卡发放数"),
        lambda: d.paragraph(
            "{% if 新入会人数 %}持续推进职工入会工作，全年新发展（转入）会员{{新入会人数}}人"
            + compared_if_grown("新入会人数")
            + "{% if 减少会员数 %}；因工作调动、退会等原因减少会员{{减少会员数}}人{% endif %}。"
            "{% elif 减少会员数 %}全年因工作调动、退会等原因减少会员{{减少会员数}}人。{% endif %}"
            "{% if 保留会籍人数 %}为退休等人员保留会籍{{保留会籍人数}}人。{% endif %}"
            "{% if 会员卡发放数 %}累计为{{会员卡发放数}}名会员办理工会会员卡。{% endif %}"
        ),
    )
    d.when(
        any_of(*POSITIONS, "新建阵地数"),
        lambda: d.paragraph(
            "加强职工服务阵地建设"
            "{% if " + any_of(*POSITIONS) + " %}，截至{{结束日期|日期}}，建有"
            + joined([(figure, f"'{label}' ~ {figure} ~ '个'") for figure, label in POSITIONS.items()])
            + "{% endif %}{% if 新建阵地数 %}，全年新建职工服务阵地{{新建阵地数}}个{% endif %}。"
        ),
    )
    d.chart("会员五年趋势", "会员总数")
    d.paragraph(
        "【请补充：工会委员会换届或增补、工会干部培训"
        "{% if not (" + any_of(*POSITIONS, "新建阵地数") + ") %}、“职工之家”建设{% endif %}等情况。】"
    )

    # 二、维权与集体合同
    d.heading("二、深化集体协商，依法维护职工权益")
    d.when(
        "有效集体合同份数",
        lambda: d.paragraph(
            "坚持以集体协商为抓手维护职工合法权益。截至{{结束日期|日期}}，共有有效集体合同{{有效集体合同份数|中文数字}}份，其中"
            + joined(
                [
                    (
                        "综合集体合同份数",
                        "'综合集体合同' ~ (综合集体合同份数|中文数字) ~ '份，覆盖职工' ~ 集体合同覆盖职工人数 ~ '人'",
                    ),
                    (
                        "工资专项集体合同份数",
                        "'工资专项集体合同' ~ (工资专项集体合同份数|中文数字) ~ '份，覆盖' ~ (('企业' ~ 工资专项覆盖企业数"
                        " ~ '家、') if 工资专项覆盖企业数 > 1 else '') ~ '职工' ~ 工资专项覆盖职工人数 ~ '人'",
                    ),
                    (
                        "女职工专项集体合同份数",
                        "'女职工权益保护专项集体合同' ~ (女职工专项集体合同份数|中文数字) ~ '份，覆盖女职工' ~ 覆盖女职工人数 ~ '人'",
                    ),
                    (
                        "劳动安全卫生专项集体合同份数",
                        "'劳动安全卫生专项集体合同' ~ (劳动安全卫生专项集体合同份数|中文数字) ~ '份'",
                    ),
                ],
                "；",
            )
            + "。"
        ),
    )
    # The contracts signed in the year are not the 综合 contracts in force: their coverage is not
    # 集体合同覆盖职工人数, so the sentence states the counts only.
    d.when(
        any_of("续签集体合同份数", "新签集体合同份数"),
        lambda: d.paragraph(
            "全年{% if 续签集体合同份数 %}督促企业续签集体合同{{续签集体合同份数|中文数字}}份"
            "{% if 新签集体合同份数 %}，新签集体合同{{新签集体合同份数|中文数字}}份{% endif %}"
            "{% else %}新签集体合同{{新签集体合同份数|中文数字}}份{% endif %}。"
        ),
    )
    d.when(
        any_of("法律咨询次数", "劳动争议调解件数", "办实事件数"),
        lambda: d.paragraph(
            "坚持依法维权、服务职工，全年"
            + joined(
                [
                    ("法律咨询次数", "'为职工提供法律咨询' ~ 法律咨询次数 ~ '次'"),
                    ("劳动争议调解件数", "'受理劳动争议调解' ~ 劳动争议调解件数 ~ '件' ~ (('，调解成功' ~ 调解成功件数 ~ '件')"
                                       " if 调解成功件数 else '')"),
                    ("办实事件数", "'解决职工诉求、为职工办实事' ~ 办实事件数 ~ '件'"),
                ],
                "；",
            )
            + "。"
        ),
    )
    d.paragraph(
        "【请补充：工资集体协商、劳动法律监督{% if not 劳动争议调解件数 %}、劳动争议调解{% endif %}"
        "{% if not 办实事件数 %}、职工诉求办理{% endif %}等情况。】"
    )

    # 三、帮扶服务 — no 同比 for the money: what is paid follows who fell ill or into hardship.
    d.heading("三、精准开展帮扶，用心用情服务职工")
    d.when(
        "帮扶慰问总人次",
        lambda: d.paragraph(
            "全年开展各类帮扶慰问{{帮扶慰问总人次}}人次，惠及职工{{帮扶慰问总人数}}人，"
            "发放帮扶慰问款物合计{{帮扶慰问款物合计|金额}}"
            "{% if 帮扶慰问总金额 and 帮扶慰问总金额 != 帮扶慰问款物合计 %}，其中慰问金{{帮扶慰问总金额|金额}}、"
            "慰问品折合{{(帮扶慰问款物合计 - 帮扶慰问总金额)|金额}}{% endif %}。"
            "{% if 帮扶发放汇总 %}各项目发放情况见附表1。{% endif %}"
        ),
    )
    d.chart("帮扶项目分布", "帮扶慰问款物合计")
    d.when(
        any_of("在档困难职工户数", "新建档户数", "解困脱困户数"),
        lambda: d.paragraph(
            "扎实做好困难职工帮扶工作。截至{{结束日期|日期}}，在档困难职工{{在档困难职工户数}}户"
            "{% if 在档困难职工户数 %}（"
            + joined(
                [
                    ("深度困难户数", "'深度困难' ~ 深度困难户数 ~ '户'"),
                    ("相对困难户数", "'相对困难' ~ 相对困难户数 ~ '户'"),
                    ("意外致困户数", "'意外致困' ~ 意外致困户数 ~ '户'"),
                ]
            )
            + "）{% endif %}"
            "{% if 新建档户数 %}，全年新建档{{新建档户数}}户{% endif %}"
            "{% if 解困脱困户数 %}，实现解困脱困{{解困脱困户数}}户{% endif %}。"
            "{% if 困难职工走访户数 %}全年走访困难职工家庭{{困难职工走访户数}}户。{% endif %}"
            "{% if 困难职工帮扶金额 %}向困难职工发放帮扶资金{{困难职工帮扶金额|金额}}。{% endif %}"
        ),
    )
    d.when(
        any_of("送温暖人次", "金秋助学人次", "医疗救助人次", "生活救助人次", "困难劳模帮扶人次"),
        lambda: d.paragraph(
            "{% if 送温暖人次 %}“两节”送温暖，为{{送温暖人数}}名困难职工"
            + money("送温暖金额", "送温暖实物价值", "救助金")
            + "。{% endif %}"
            "{% if 金秋助学人次 %}金秋助学，为{{金秋助学人数}}名困难职工子女"
            + money("金秋助学金额", "金秋助学实物价值", "助学金")
            + "。{% endif %}"
            "{% if 医疗救助人次 %}医疗救助，为{{医疗救助人数}}名患病职工"
            + money("医疗救助金额", "医疗救助实物价值", "救助金")
            + "。{% endif %}"
            "{% if 生活救助人次 %}生活救助，为{{生活救助人数}}名生活困难职工"
            + money("生活救助金额", "生活救助实物价值", "救助金")
            + "。{% endif %}"
            "{% if 困难劳模帮扶人次 %}走访慰问困难劳模{{困难劳模帮扶人数}}人，"
            + money("困难劳模帮扶金额", "困难劳模帮扶实物价值", "帮扶资金")
            + "。{% endif %}"
        ),
    )
    d.when(
        any_of("住院慰问人次", "工伤探视人次", "丧葬慰问人次"),
        lambda: d.paragraph(
            "坚持职工住院必访、工伤必探、丧事必慰，关爱帮扶职工"
            "{{住院慰问人次 + 工伤探视人次 + 丧葬慰问人次}}人次（"
            + joined(
                [
                    ("住院慰问人次", "'住院慰问' ~ 住院慰问人次 ~ '人次'"),
                    ("工伤探视人次", "'工伤探视' ~ 工伤探视人次 ~ '人次'"),
                    ("丧葬慰问人次", "'丧葬慰问' ~ 丧葬慰问人次 ~ '人次'"),
                ]
            )
            + "）{% if 住院慰问金额 or 工伤探视金额 or 丧葬慰问金额 %}，发放慰问金"
            "{{(住院慰问金额 + 工伤探视金额 + 丧葬慰问金额)|金额}}{% endif %}。"
        ),
    )
    d.when(
        any_of("节日慰问人次", "生日慰问人次", "夏送清凉人次", "职工互助保障人次"),
        lambda: d.paragraph(
            "{% if 节日慰问人次 %}开展节日慰问{{节日慰问人次}}人次，"
            + money("节日慰问金额", "节日慰问实物价值")
            + "。{% endif %}"
            "{% if 夏送清凉人次 %}夏送清凉，为一线职工送去防暑降温慰问{{夏送清凉人次}}人次"
            "{% if 夏送清凉金额 or 夏送清凉实物价值 %}，"
            + money("夏送清凉金额", "夏送清凉实物价值")
            + "{% endif %}。{% endif %}"
            "{% if 生日慰问人次 %}为{{生日慰问人数}}名职工送上生日慰问。{% endif %}"
            "{% if 职工互助保障人次 %}为{{职工互助保障人数}}名职工落实职工互助保障待遇，"
            + money("职工互助保障金额", "职工互助保障实物价值", "保障金")
            + "。{% endif %}"
        ),
    )
    d.when(
        any_of("互助保障参保人数", "职工体检人数"),
        lambda: d.paragraph(
            "{% if 互助保障参保人数 %}组织{{互助保障参保人数}}名职工参加职工互助保障"
            "{% if 互助保障缴费金额 %}，缴纳互助保障费{{互助保障缴费金额|金额}}{% endif %}，筑牢职工医疗保障防线。{% endif %}"
            "{% if 职工体检人数 %}关心职工身心健康，组织职工健康体检和疗休养{{职工体检人数}}人次。{% endif %}"
        ),
    )
    d.paragraph("【请补充：帮扶工作中的典型事例、资金来源、“会员有困难找工会”服务机制等情况。】")

    # 四、职工文化与建功立业
    d.heading("四、丰富职工文化生活，广泛开展建功立业活动")
    d.when(
        "活动总场次",
        lambda: d.paragraph(
            "全年组织开展各类活动和会议{{活动总场次}}场次，参与职工{{活动参与总人次}}人次"
            + compared_if_grown("活动参与总人次", "参与人次同比")
            + "{% if 活动经费金额 %}，使用活动经费{{活动经费金额|金额}}{% endif %}。"
            "{% if 活动列表 %}全年活动情况见附表2。{% endif %}"
        ),
    )
    d.chart("活动月度分类", "活动总场次")
    d.when(
        any_of("劳动和技能竞赛场次", "安康杯场次", "培训期数"),
        lambda: d.paragraph(
            "{% if 劳动和技能竞赛场次 %}围绕生产经营中心任务，开展劳动和技能竞赛{{劳动和技能竞赛场次|中文数字}}场，"
            "参赛职工{{劳动和技能竞赛人次}}人次。{% endif %}"
            # "安康杯" is a campaign that runs all year; what is counted are the events within it.
            "{% if 安康杯场次 %}深入开展“安康杯”竞赛，组织安全知识竞赛等活动{{安康杯场次|中文数字}}场，"
            "参与职工{{安康杯人次}}人次。{% endif %}"
            "{% if 培训期数 %}举办职工培训{{培训期数|中文数字}}期，培训职工{{培训人次}}人次。{% endif %}"
        ),
    )
    d.when(
        any_of("思想教育场次", "文体活动场次", "女职工活动场次", "普法宣传场次", "志愿服务场次"),
        lambda: d.paragraph(
            "{% if 思想教育场次 %}开展思想政治引领和宣讲活动{{思想教育场次|中文数字}}场，参与职工{{思想教育人次}}人次。{% endif %}"
            "{% if 文体活动场次 %}举办文体活动{{文体活动场次|中文数字}}场，参与职工{{文体活动人次}}人次。{% endif %}"
            "{% if 女职工活动场次 %}组织女职工活动{{女职工活动场次|中文数字}}场，参与女职工{{女职工活动人次}}人次。{% endif %}"
            "{% if 普法宣传场次 %}开展普法宣传{{普法宣传场次|中文数字}}场，受教育职工{{普法宣传人次}}人次。{% endif %}"
            "{% if 志愿服务场次 %}组织志愿服务{{志愿服务场次|中文数字}}场，参与职工{{志愿服务人次}}人次。{% endif %}"
        ),
    )
    d.when(
        any_of(*HONORS),
        lambda: d.paragraph(
            "大力弘扬劳模精神、劳动精神、工匠精神。"
            "{% if 个人荣誉人次 or 集体荣誉数 %}全年"
            + joined([("个人荣誉人次", "'职工获得各级荣誉' ~ 个人荣誉人次 ~ '人次'"),
                      ("集体荣誉数", "'班组、部门和工会获得集体荣誉' ~ 集体荣誉数 ~ '项'")], "，")
            + "。{% endif %}"
            "{% if 劳模人数 or 创新工作室数 %}截至{{结束日期|日期}}，"
            + joined([("劳模人数", "'共有劳动模范' ~ 劳模人数 ~ '人'"),
                      ("创新工作室数", "'建有劳模（职工、工匠）创新工作室' ~ 创新工作室数 ~ '个' ~ (('，其中本年新命名' ~ "
                                     "新增创新工作室数 ~ '个') if 新增创新工作室数 else '')")], "，")
            + "。{% endif %}"
            "{% if 创新成果获奖数 %}职工“五小”和技术创新成果获奖{{创新成果获奖数}}项。{% endif %}"
        ),
    )  # fmt: skip
    d.paragraph(
        "【请补充：竞赛获奖{% if not (个人荣誉人次 or 集体荣誉数 or 劳模人数) %}、劳模和先进典型{% endif %}"
        "{% if not 创新成果获奖数 %}、职工技术创新成果{% endif %}等情况。】"
    )

    # 五、民主管理
    d.heading("五、推进民主管理，保障职工民主权利")
    d.when(
        any_of("职代会次数", "工会委员会议次数"),
        lambda: d.paragraph(
            "{% if 职代会次数 %}召开职工（代表）大会{{职代会次数|中文数字}}次{% endif %}"
            "{% if 职代会次数 and 工会委员会议次数 %}，{% endif %}"
            "{% if 工会委员会议次数 %}召开工会委员会会议{{工会委员会议次数|中文数字}}次{% endif %}"
            "{% if 提案数 %}，提出有效提案{{提案数|中文数字}}件"
            "{% if 已办结提案数 %}，已办结{{已办结提案数|中文数字}}件{% else %}，正在办理中{% endif %}{% endif %}。"
        ),
    )
    # 经费: only what the ledgers hold — the funds sentence only when income was booked (a union that
    # keeps no funds ledger still has aid and activity spending, and "收入合计0元" would be false).
    d.when(
        any_of("会费应缴金额", "经费收入合计"),
        lambda: d.paragraph(
            "加强工会经费管理。{% if 会费应缴金额 %}全年收缴会费{{会费实缴金额|金额}}，会费收缴率{{会费收缴率|百分比}}。{% endif %}"
            "{% if 经费收入合计 %}全年经费收入合计{{经费收入合计|金额}}、支出合计{{经费支出合计|金额}}"
            "{% if 预算执行率 %}，预算执行率{{预算执行率|百分比}}{% endif %}。{% endif %}"
        ),
    )
    d.paragraph("【请补充：厂务公开、职工代表巡视检查、民主评议等情况。】")

    # 六、存在的问题 — what the registers show, then the chair's own words.
    d.heading("六、存在的问题和不足")
    d.when(
        "(职工总数 and 入会率 < 95) or 次年到期集体合同份数 or " + PROBLEMS_CONDITION,
        lambda: d.paragraph(
            "{% if 职工总数 and 入会率 < 95 %}职工入会工作仍有差距，入会率为{{入会率|百分比}}，"
            "部分新入职职工尚未入会。{% endif %}"
            + PROBLEMS
            + "{% if 次年到期集体合同份数 %}有{{次年到期集体合同份数|中文数字}}份集体合同将在{{下一年度}}年内到期，"
            "续签准备工作需要提前谋划。{% endif %}"
        ),
    )
    d.paragraph("【请补充：工作中存在的问题和不足。】")

    # 七、下年工作计划
    d.heading("七、{{下一年度}}年工作计划")
    d.lead(
        "（一）加强工会组织建设。",
        "持续做好新入职职工入会工作{% if 职工总数 %}，力争入会率"
        "{% if 入会率 < 95 %}提高到95%以上{% else %}保持在95%以上{% endif %}{% endif %}，加强工会干部队伍建设。",
    )
    d.lead(
        "（二）深化集体协商。",
        "{% if 到期未续签合同列表 %}抓紧完成" + titles("到期未续签合同列表") + "的续签工作，{% endif %}"
        "{% if 到期合同列表 %}做好" + titles("到期合同列表") + "到期后的续签工作，{% endif %}"
        "推动工资集体协商常态化、规范化。",
    )
    d.lead(
        "（三）持续做好帮扶服务。",
        "坚持常态化帮扶与节日集中帮扶相结合，"
        "{% if 逾期未复核困难职工户数 %}及时完成{{逾期未复核困难职工户数}}户困难职工档案的年度复核，{% endif %}"
        "{% if 在档困难职工户数 %}对{{在档困难职工户数}}户在档困难职工实行动态管理、"
        "精准帮扶，{% endif %}继续开展“两节”送温暖、金秋助学、医疗救助等工作。",
    )
    d.lead(
        "（四）丰富职工文化生活。",
        "{% if 无活动月数 and 活动总场次 %}统筹安排全年活动，做到月月有活动，{% endif %}"
        "组织开展劳动和技能竞赛、“安康杯”竞赛和职工喜闻乐见的文体活动。",
    )
    d.lead("（五）", "【请补充：{{下一年度}}年其他重点工作。】")
    d.signature()

    # 附表: each on its own page; an empty one is a single line under the signature, not a page.
    d.when(
        "帮扶发放汇总",
        lambda: (
            d.paragraph("附表1", "附件标识", page_break_before=True),
            d.paragraph("{{期间}}帮扶慰问发放汇总表", "表题"),
            d.table(
                [12, 30, 14, 14, 28, 30, 28],
                ["序号", "项目", "人数", "人次", "资金（元）", "实物价值（元）", "合计（元）"],
                [
                    "{{loop.index}}",
                    "{{r.项目}}",
                    "{{r.人数}}",
                    "{{r.人次}}",
                    "{{r.金额|千分位}}",
                    "{{r.实物价值|千分位}}",
                    "{{(r.金额 + r.实物价值)|千分位}}",
                ],
                "帮扶发放汇总",
                [
                    "合计",
                    "",
                    "{{帮扶慰问总人数}}",
                    "{{帮扶慰问总人次}}",
                    "{{帮扶慰问总金额|千分位}}",
                    "{{(帮扶慰问款物合计 - 帮扶慰问总金额)|千分位}}",
                    "{{帮扶慰问款物合计|千分位}}",
                ],
                margin=Mm(1),
            ),
            d.paragraph(
                "注：人数为享受帮扶慰问的职工人数，同一职工享受多个项目时合计栏只计一人；资金为发放的现金，"
                "实物价值为发放的慰问品折合的金额。",
                "表注",
            ),
        ),
        lambda: d.paragraph("附表1　帮扶慰问发放汇总表：本期没有帮扶慰问发放记录。", "空附表"),
    )
    d.when(
        "活动列表",
        lambda: (
            d.paragraph("附表2", "附件标识", page_break_before=True),
            d.paragraph("{{期间}}工会活动一览表", "表题"),
            # Widths for the longest words a union writes there ("职代会/会员大会",
            # "公司三楼多功能厅", "12月18日") at 10 pt with narrow padding, so that a place or a
            # category never breaks in the middle; the name takes the rest (17 characters a line).
            d.table(
                [9, 61, 27, 19, 30, 10],
                ["序号", "活动名称", "类别", "日期", "地点", "人次"],
                [
                    "{{loop.index}}",
                    "{{r.名称}}",
                    "{{r.类别|replace('工会委员会议', '工会委员会会议')}}",
                    "{{r.日期.month}}月{{r.日期.day}}日",
                    "{{r.地点}}",
                    "{{r.人次}}",
                ],
                "活动列表",
                ["合计", "{{活动总场次}}场次", "", "", "", "{{活动参与总人次}}"],
                size=Pt(10),
                margin=Mm(0.6),
            ),
        ),
        lambda: d.paragraph("附表2　工会活动一览表：本期没有活动记录。", "空附表"),
    )
    return d


# --------------------------------------------------------------------------- 上半年工作总结


def half_year_summary() -> OfficialDocument:
    d = OfficialDocument(
        "上半年工作总结",
        "期间=上半年",
        "基层工会上半年工作总结及下半年工作打算（1月1日至6月30日）。数字为零的句子自动省略；【请补充】处由工会主席填写。",
    )
    d.title("{{工会名称}}", "{{年度}}年上半年工作总结")
    d.paragraph(
        "{{年度}}年上半年，{{工会名称}}在上级工会和{{单位名称}}党组织的领导下，围绕单位中心工作，"
        "扎实开展各项工会工作。现将上半年工作情况总结如下。"
    )
    d.heading("一、上半年主要工作")
    d.lead(
        "（一）组织建设。",
        "{% if 职工总数 or 会员总数 %}截至{{结束日期|日期}}，共有职工{{职工总数}}人、工会会员{{会员总数}}人"
        "{% if 职工总数 %}，入会率{{入会率|百分比}}"
        + compared_in_points("入会率", "上年同期")
        + "{% endif %}。{% endif %}"
        "{% if 新入会人数 %}上半年新发展（转入）会员{{新入会人数}}人"
        + compared_if_grown("新入会人数")
        + "。{% endif %}"
        "{% if not 职工总数 and not 会员总数 %}【请补充本部分工作情况】{% endif %}",
    )
    d.lead(
        "（二）维权与集体合同。",
        "{% if 有效集体合同份数 %}截至{{结束日期|日期}}，共有有效集体合同{{有效集体合同份数|中文数字}}份"
        "{% if 集体合同覆盖职工人数 %}，综合集体合同覆盖职工{{集体合同覆盖职工人数}}人{% endif %}。{% endif %}"
        "{% if 续签集体合同份数 %}督促企业续签集体合同{{续签集体合同份数|中文数字}}份。{% endif %}"
        "{% if 新签集体合同份数 %}新签集体合同{{新签集体合同份数|中文数字}}份。{% endif %}"
        "【请补充：集体协商、劳动争议调解等情况。】",
    )
    d.lead(
        "（三）帮扶服务。",
        "{% if 帮扶慰问总人次 %}开展帮扶慰问{{帮扶慰问总人次}}人次，惠及职工{{帮扶慰问总人数}}人，"
        "发放款物合计{{帮扶慰问款物合计|金额}}。{% endif %}"
        "{% if 送温暖人次 %}“两节”送温暖，为{{送温暖人数}}名困难职工"
        + money("送温暖金额", "送温暖实物价值", "救助金")
        + "。{% endif %}"
        "{% if 医疗救助人次 %}医疗救助，为{{医疗救助人数}}名患病职工"
        + money("医疗救助金额", "医疗救助实物价值", "救助金")
        + "。{% endif %}"
        "{% if 在档困难职工户数 %}截至{{结束日期|日期}}，在档困难职工{{在档困难职工户数}}户。{% endif %}"
        "{% if not 帮扶慰问总人次 and not 在档困难职工户数 %}【请补充本部分工作情况】{% endif %}",
    )
    d.lead(
        "（四）职工文化与民主管理。",
        "{% if 活动总场次 %}组织开展各类活动和会议{{活动总场次}}场次，参与职工{{活动参与总人次}}人次。{% endif %}"
        "{% if 职代会次数 %}召开职工（代表）大会{{职代会次数|中文数字}}次。{% endif %}"
        "{% if 工会委员会议次数 %}召开工会委员会会议{{工会委员会议次数|中文数字}}次。{% endif %}"
        "{% if 提案数 %}征集提案{{提案数|中文数字}}件{% if 已办结提案数 %}，已办结{{已办结提案数|中文数字}}件{% endif %}。{% endif %}"
        "【请补充：竞赛、文体活动和民主管理的具体情况。】",
    )
    d.heading("二、存在的问题")
    d.when(PROBLEMS_CONDITION, lambda: d.paragraph(PROBLEMS))
    d.paragraph("【请补充：上半年工作中存在的问题和不足。】")
    d.heading("三、下半年工作打算")
    d.paragraph(
        "{% if 到期未续签合同列表 %}抓紧完成" + titles("到期未续签合同列表") + "的续签；{% endif %}"
        "{% if 到期合同列表 %}提前做好{{到期合同列表|length|中文数字}}份即将到期的集体合同续签准备；{% endif %}"
        "{% if 逾期未复核困难职工户数 %}完成{{逾期未复核困难职工户数}}户困难职工档案的年度复核；{% endif %}"
        "精心组织金秋助学、“两节”送温暖等帮扶工作；开展劳动和技能竞赛和职工文体活动。"
        "【请补充：下半年其他重点工作。】"
    )
    d.signature()
    return d


# ===================================================================================== .xlsx


def _xlsx_styles() -> dict[str, object]:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="000000")
    return {
        "title": Font(name="黑体", size=18),
        "subtitle": Font(name="宋体", size=11),
        "head": Font(name="黑体", size=10.5),
        "body": Font(name="宋体", size=10.5),
        "bold": Font(name="宋体", size=10.5, bold=True),
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "fill": PatternFill("solid", fgColor="E7E6E6"),
        "group": PatternFill("solid", fgColor="F2F2F2"),
        "center": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "left": Alignment(horizontal="left", vertical="center", wrap_text=True),
        "right": Alignment(horizontal="right", vertical="center"),
    }


def _print_setup(ws: object, *, landscape: bool, title_rows: str, keywords: str | None = None) -> None:
    from openpyxl.worksheet.page import PageMargins

    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.print_title_rows = title_rows
    ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.7, header=0.3, footer=0.35)
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.center.size = 9
    ws.sheet_view.showGridLines = False  # the borders are the grid; screen and paper agree


def _workbook(title: str, keywords: str, description: str) -> object:
    from openpyxl import Workbook

    wb = Workbook()
    wb.properties.title = title
    wb.properties.subject = "UnionBook 工会台账内置模板"
    wb.properties.keywords = keywords
    wb.properties.description = description
    wb.properties.creator = "UnionBook"
    wb.properties.lastModifiedBy = "UnionBook"
    return wb


def statistical_report() -> object:
    """工会统计年报: profile block, then the figures by section: 本期 / 上年同期 / 同比."""
    from openpyxl.utils import get_column_letter

    from unionbook.services.statistical_report import LIST_NAME, MONEY_SECTION, SECTIONS

    s = _xlsx_styles()
    wb = _workbook(
        "工会统计年报",
        "期间=统计年度",
        "基层工会统计年报：统计期间为上年10月1日至本年9月30日，与日历年度不同。各项指标由台账自动统计。",
    )
    ws = wb.active
    ws.title = "统计年报"
    widths = [6, 36, 7, 14, 14, 18]
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width

    def cell(row: int, col: int, value: object, font: str = "body", align: str = "center", border: bool = True,
             fill: str | None = None, fmt: str | None = None) -> None:  # fmt: skip
        c = ws.cell(row, col, value)
        c.font = s[font]
        c.alignment = s[align]
        if border:
            c.border = s["border"]
        if fill:
            c.fill = s[fill]
        if fmt:
            c.number_format = fmt

    ws.merge_cells("A1:F1")
    cell(1, 1, "{{年度}}年度工会统计年报", "title", border=False)
    ws.row_dimensions[1].height = 36
    ws.merge_cells("A2:F2")
    cell(2, 1, "统计期间：{{开始日期|日期}}至{{结束日期|日期}}", "subtitle", border=False)
    # 填报单位 block: "label：value" in boxed cells, the way upstream statistics forms print it.
    profile = [
        ("单位名称：{{单位名称}}", "统一社会信用代码：{{统一社会信用代码}}"),
        ("工会名称：{{工会名称}}", "工会主席：{{工会主席}}"),
        ("联系人：{{联系人}}", "联系电话：{{联系电话}}"),
        ("单位地址：{{单位地址}}", None),
    ]
    row = 4
    for left, right in profile:
        if right is None:
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
            cell(row, 1, left, align="left")
            for col in range(2, 7):
                cell(row, col, None)
        else:
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
            cell(row, 1, left, align="left")
            cell(row, 2, None)
            ws.merge_cells(start_row=row, start_column=3, end_row=row, end_column=6)
            cell(row, 3, right, align="left")
            for col in range(4, 7):
                cell(row, col, None)
        ws.row_dimensions[row].height = 22
        row += 1
    row += 1

    header_row = row
    for col, text in enumerate(["序号", "指标名称", "单位", "本期", "上年同期", "同比"], start=1):
        cell(row, col, text, "head", fill="fill")
    ws.row_dimensions[row].height = 24
    row += 1

    # One loop row per section over 统计年报指标 (services/statistical_report.py decides the rows:
    # Chinese labels, money in 元 only, rows zero in both years left out unless the form needs
    # them). Each section has one kind of row, so one number format per loop row.
    numerals = "一二三四五六七八九十"
    headings = {"会员": "会员", "集体合同": "集体合同", "帮扶": "困难职工帮扶和慰问", "活动": "活动和民主管理",
                "建家维权": "职工之家建设、荣誉和维权服务", "资金": "资金（元）"}  # fmt: skip
    for index, section in enumerate(SECTIONS):
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
        cell(row, 1, f"{numerals[index]}、{headings[section]}", "bold", align="left", fill="group")
        for col in range(2, 7):
            cell(row, col, None, fill="group")
        row += 1
        fmt = "#,##0.00" if section == MONEY_SECTION else "#,##0"
        loop = f"{{%tr for r in {LIST_NAME}|selectattr('分组', 'equalto', '{section}')|list %}}"
        cell(row, 1, loop + "{{r.序号}}")
        cell(row, 2, "{{r.指标}}", align="left")
        cell(row, 3, "{{r.单位}}")
        cell(row, 4, "{{r.本期}}", align="right", fmt=fmt)
        cell(row, 5, "{{r.上年同期}}", align="right", fmt=fmt)
        cell(row, 6, "{{r.同比}}")
        row += 1

    row += 1
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
    cell(
        row,
        1,
        "填报人：{{联系人}}　　联系电话：{{联系电话}}　　填报日期：{{报告日期|日期}}",
        align="left",
        border=False,
    )
    row += 1
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
    cell(row, 1, "工会主席（签字）：　　　　　　　　　　　　　　　　　（工会盖章）", align="left", border=False)
    ws.row_dimensions[row].height = 30
    row += 1
    notes = [
        (
            "说明：1. 统计年报的统计期间为上年10月1日至本年9月30日（本表为{{开始日期|日期}}至{{结束日期|日期}}），"
            "与日历年度不同，数字与按年度编写的工作总结可能不一致。"
        ),
        "2. “同比”为本期与上年同期相比的增减幅度，上年同期为零时显示“—”；入会率的同比为增减的百分点。",
        "3. 本期和上年同期都为零的指标不列出（必填指标除外）；金额单位为元。",
    ]
    for note in notes:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
        cell(row, 1, note, "subtitle", align="left", border=False)
        ws.row_dimensions[row].height = 30
        row += 1

    _print_setup(ws, landscape=False, title_rows=f"{header_row}:{header_row}")
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    return wb


def ledger(
    title: str,
    keywords: str,
    description: str,
    heading: str,
    subheading: str,
    columns: list[tuple[str, str, float, str]],
    loop: str,
    total: list[str] | None = None,
    footer: str = "填表人：　　　　　　　　　　审核人（工会主席）：　　　　　　　　　　",
) -> object:
    """A printable landscape 台账: title, subtitle, header, one loop row, optional total, signatures.

    `columns` are (header, cell template, width, kind) with kind one of text, wide, center,
    number, money, date.
    """
    from openpyxl.utils import get_column_letter

    s = _xlsx_styles()
    wb = _workbook(title, keywords, description)
    ws = wb.active
    ws.title = title
    count = len(columns)
    last = get_column_letter(count)
    ws.merge_cells(f"A1:{last}1")
    ws["A1"] = heading
    ws["A1"].font = s["title"]
    ws["A1"].alignment = s["center"]
    ws.row_dimensions[1].height = 34
    ws.merge_cells(f"A2:{last}2")
    ws["A2"] = subheading
    ws["A2"].font = s["subtitle"]
    ws["A2"].alignment = s["left"]
    ws.row_dimensions[2].height = 20
    formats = {"money": "#,##0.00", "date": "yyyy-mm-dd", "number": "0"}
    aligns = {
        "text": "center",
        "wide": "left",
        "center": "center",
        "number": "right",
        "money": "right",
        "date": "center",
    }
    for index, (header, template, width, kind) in enumerate(columns, start=1):
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = width
        h = ws.cell(3, index, header)
        h.font, h.alignment, h.border, h.fill = s["head"], s["center"], s["border"], s["fill"]
        c = ws.cell(4, index, (f"{{%tr for r in {loop} %}}" if index == 1 else "") + template)
        c.font, c.alignment, c.border = s["body"], s[aligns[kind]], s["border"]
        if kind in formats:
            c.number_format = formats[kind]
    ws.row_dimensions[3].height = 30
    row = 5
    if total:
        for index, value in enumerate(total, start=1):
            kind = columns[index - 1][3]
            c = ws.cell(row, index, value or None)
            c.font, c.border = s["bold"], s["border"]
            c.alignment = s["center"] if index == 1 else s[aligns[kind]]
            if kind in formats and value:
                c.number_format = formats[kind]
        row += 1
    row += 1
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=count)
    ws.cell(row, 1, footer).font = s["body"]
    ws.cell(row, 1).alignment = s["left"]
    ws.row_dimensions[row].height = 26
    _print_setup(ws, landscape=True, title_rows="3:3")
    ws.freeze_panes = "C4"
    return wb


def members_roster() -> object:
    return ledger(
        "会员花名册",
        "期间=年度",
        "期末全部会员（含保留会籍）名册，证件号码和手机号部分隐藏。",
        "{{工会名称}}会员花名册",
        "截至{{结束日期|日期}}，共有会员{{会员明细|length}}人（含保留会籍{{保留会籍人数}}人）　　　　制表日期：{{报告日期|日期}}",
        [
            ("序号", "{{loop.index}}", 5, "center"),
            ("姓名", "{{r.姓名}}", 8, "center"),
            ("性别", "{{r.性别}}", 4.5, "center"),
            ("出生日期", "{{r.出生日期}}", 10.5, "date"),
            ("民族", "{{r.民族}}", 6, "center"),
            ("证件号码", "{{r.证件号码}}", 19, "center"),
            ("学历", "{{r.学历}}", 9, "center"),
            ("政治面貌", "{{r.政治面貌}}", 9, "center"),
            ("部门", "{{r.部门}}", 12, "wide"),
            ("岗位", "{{r.岗位}}", 12, "wide"),
            ("就业状况", "{{r.就业状况}}", 8, "center"),
            ("会籍状态", "{{r.会籍状态}}", 8, "center"),
            ("入会日期", "{{r.入会日期}}", 10.5, "date"),
            ("会员卡号", "{{r.会员卡号}}", 15, "center"),
            ("手机号", "{{r.手机号}}", 12, "center"),
            ("农民工", "{{r.是否农民工}}", 6, "center"),
            ("备注", "{{r.备注}}", 12, "wide"),
        ],
        "会员明细",
    )


def contracts_ledger() -> object:
    return ledger(
        "集体合同台账",
        "期间=年度",
        "本期内有效或签订的集体合同台账，含期末状态。",
        "{{工会名称}}集体合同台账",
        "统计期间：{{期间}}　　期末有效集体合同{{有效集体合同份数}}份　　制表日期：{{报告日期|日期}}",
        [
            ("序号", "{{loop.index}}", 5, "center"),
            ("合同名称", "{{r.标题}}", 30, "wide"),
            ("类型", "{{r.类型}}", 14, "center"),
            ("企业方", "{{r.企业方}}", 14, "wide"),
            ("签订日期", "{{r.签订日期}}", 10.5, "date"),
            ("职代会通过日期", "{{r.职代会通过日期}}", 10.5, "date"),
            ("报送备案日期", "{{r.备案日期}}", 10.5, "date"),
            ("生效日期", "{{r.生效日期}}", 10.5, "date"),
            ("终止日期", "{{r.终止日期}}", 10.5, "date"),
            ("覆盖职工数", "{{r.覆盖职工数}}", 7, "number"),
            ("覆盖女职工数", "{{r.覆盖女职工数}}", 7, "number"),
            ("工资增长幅度", "{{r.工资增长幅度}}", 7, "center"),
            ("状态", "{{r.状态}}", 8, "center"),
            ("备注", "{{r.备注}}", 22, "wide"),
        ],
        "集体合同明细",
    )


def payments_ledger() -> object:
    return ledger(
        "帮扶发放台账",
        "期间=年度",
        "本期内每一笔帮扶/慰问发放的台账。",
        "{{工会名称}}帮扶慰问发放台账",
        "统计期间：{{期间}}　　共{{帮扶慰问总人次}}人次、{{帮扶慰问总人数}}人，款物合计{{帮扶慰问款物合计|金额}}　　制表日期：{{报告日期|日期}}",
        [
            ("序号", "{{loop.index}}", 6, "center"),
            ("日期", "{{r.日期}}", 11, "date"),
            ("姓名", "{{r.姓名}}", 9, "center"),
            ("部门", "{{r.部门}}", 13, "wide"),
            ("项目", "{{r.项目}}", 11, "center"),
            ("金额（元）", "{{r.金额}}", 11, "money"),
            ("实物", "{{r.实物}}", 16, "wide"),
            ("实物价值（元）", "{{r.实物价值}}", 11, "money"),
            ("资金来源", "{{r.资金来源}}", 10, "center"),
            ("困难职工", "{{r.困难职工}}", 7, "center"),
            ("签收", "{{r.签收}}", 8, "center"),
            ("备注", "{{r.备注}}", 24, "wide"),
        ],
        "帮扶发放明细",
        total=["合计", "", "", "", "{{帮扶慰问总人次}}人次", "{{帮扶慰问总金额}}", "", "", "", "", "", ""],
        footer="经办人：　　　　　　　　　　审核人（工会主席）：　　　　　　　　　　",
    )


def activities_ledger() -> object:
    return ledger(
        "活动台账",
        "期间=年度",
        "本期内开展的每一场活动和会议的台账。",
        "{{工会名称}}活动台账",
        "统计期间：{{期间}}　　共{{活动总场次}}场次、{{活动参与总人次}}人次　　制表日期：{{报告日期|日期}}",
        [
            ("序号", "{{loop.index}}", 5, "center"),
            ("活动名称", "{{r.名称}}", 28, "wide"),
            ("类别", "{{r.类别|replace('工会委员会议', '工会委员会会议')}}", 16, "center"),
            ("日期", "{{r.日期}}", 10.5, "date"),
            ("地点", "{{r.地点}}", 16, "wide"),
            ("角色", "{{r.角色}}", 6, "center"),
            ("参与人次", "{{r.人次}}", 7, "number"),
            ("经费（元）", "{{r.经费}}", 11, "money"),
            ("成果/获奖", "{{r.成果}}", 20, "wide"),
            ("摘要", "{{r.摘要}}", 32, "wide"),
        ],
        "活动明细",
        total=["合计", "{{活动总场次}}场次", "", "", "", "", "{{活动参与总人次}}", "{{活动经费金额}}", "", ""],
    )


# ===================================================================================== main

# ------------------------------------------------------------------ 财务公开 and 经费收支情况表


#: How the money cells of the funds statements are formatted: numbers, shown with 元.
YUAN_FORMAT = '#,##0.00"元"'
RATE_FORMAT = '0.0"%"'
PERSONS_FORMAT = '#,##0"人"'
#: What a chair writes on the notice-board copy: the signatures and the date it went up.
SIGNATURES = "工会主席（签字）：　　　　　　　经审委员会主任（签字）：　　　　　　　经办人：　　　　　　　"


class _Sheet:
    """The one-page statements' cell writer: fonts, borders, formats and merges in one call."""

    def __init__(self, ws: object, columns: int) -> None:
        self.ws, self.columns, self.s = ws, columns, _xlsx_styles()

    def cell(self, row: int, col: int, value: object, font: str = "body", align: str = "center",
             border: bool = True, fill: str | None = None, fmt: str | None = None) -> None:  # fmt: skip
        c = self.ws.cell(row, col, value)
        c.font, c.alignment = self.s[font], self.s[align]
        if border:
            c.border = self.s["border"]
        if fill:
            c.fill = self.s[fill]
        if fmt:
            c.number_format = fmt

    def line(self, row: int, value: object, font: str = "body", align: str = "left", border: bool = False,
             fill: str | None = None, height: float = 22, first: int = 1, last: int | None = None) -> None:  # fmt: skip
        """One text across columns first…last (all by default), merged."""
        last = last or self.columns
        self.ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
        for col in range(first, last + 1):
            self.cell(row, col, value if col == first else None, font, align, border, fill)
        self.ws.row_dimensions[row].height = height

    def values(self, row: int, label: str, cells: list[tuple[object, str]], font: str = "body",
               indent: bool = False, height: float = 24) -> None:  # fmt: skip
        """A row of the table: its label, then (value, number format) per column."""
        from openpyxl.styles import Alignment

        self.cell(row, 1, label, font, "left")
        if indent:
            self.ws.cell(row, 1).alignment = Alignment(horizontal="left", vertical="center", indent=1)
        for col, (value, fmt) in enumerate(cells, start=2):
            self.cell(row, col, value, font, "center" if fmt == "text" else "right", fmt=None if fmt == "text" else fmt)
        self.ws.row_dimensions[row].height = height


def _one_page(ws: object, header_row: int) -> None:
    """A4 portrait on exactly one page: a statement goes on the notice board as one sheet."""
    _print_setup(ws, landscape=False, title_rows=f"{header_row}:{header_row}")
    ws.page_setup.fitToHeight = 1
    ws.oddFooter.center.text = ""  # "第 1 页，共 1 页" says nothing on a single sheet
    ws.print_title_rows = None
    ws.print_area = f"A1:{ws.cell(ws.max_row, ws.max_column).coordinate}"


def funds_statement() -> object:
    """财务公开: the monthly or yearly statement a union posts on its notice board (one A4 page).

    一、经费收入 and 二、经费支出 by category with 本期, 本年累计, 年度预算 and 执行率; 本期结余;
    三、会费收缴; the totals in 大写 above the signatures of the 工会主席, the 经审委员会主任 and the
    经办人, and the 公开日期.
    """
    from openpyxl.utils import get_column_letter

    wb = _workbook(
        "财务公开",
        "期间=年度",
        "工会经费收支公开表（财务公开），在公示栏张贴：经费收入和支出按科目列本期、本年累计、年度预算和执行率，"
        "会费收缴情况，合计金额大写，主席、经审委员会主任和经办人签字。按月公开时选择该月为统计期间。",
    )
    ws = wb.active
    ws.title = "财务公开"
    for index, width in enumerate([30, 17, 17, 17, 11], start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    t = _Sheet(ws, 5)
    # "XX工会2025年3月经费收支公开" for a month, "XX工会2024年度经费收支公开" for a year.
    t.line(1, "{{工会名称}}{% if 期间 == 年度 ~ '年' %}{{年度}}年度{% else %}{{期间}}{% endif %}经费收支公开",
           "title", "center", height=40)  # fmt: skip
    t.line(2, "公开期间：{{开始日期|日期}}至{{结束日期|日期}}", "subtitle", "center", height=20)
    header = 4
    for col, text in enumerate(["项　　目", "本期", "本年累计", "年度预算", "执行率"], start=1):
        t.cell(header, col, text, "head", fill="fill")
    ws.row_dimensions[header].height = 24

    def section(row: int, title: str) -> None:
        t.line(row, title, "bold", border=True, fill="group", height=24)

    def table(row: int, title: str, loop: str) -> None:
        section(row, title)
        t.values(row + 1, f"{{%tr for r in {loop} %}}{{{{r.项目}}}}",
                 [("{{r.本期}}", YUAN_FORMAT), ("{{r.本年累计}}", YUAN_FORMAT), ("{{r.年度预算}}", YUAN_FORMAT),
                  ("{{r.执行率}}", RATE_FORMAT)], indent=True)  # fmt: skip

    table(5, "一、经费收入", "经费收入表")
    t.values(7, "收入合计", [("{{经费收入合计}}", YUAN_FORMAT), ("{{本年累计经费收入合计}}", YUAN_FORMAT),
                           ("{{经费收入预算}}", YUAN_FORMAT), ("{{经费收入执行率}}", RATE_FORMAT)], "bold")  # fmt: skip
    table(8, "二、经费支出", "经费支出表")
    t.values(10, "支出合计", [("{{经费支出合计}}", YUAN_FORMAT), ("{{本年累计经费支出合计}}", YUAN_FORMAT),
                            ("{{经费支出预算}}", YUAN_FORMAT), ("{{经费支出执行率}}", RATE_FORMAT)], "bold")  # fmt: skip
    t.values(11, "本期结余（收入合计－支出合计）", [("{{经费结余}}", YUAN_FORMAT), ("{{本年累计经费结余}}", YUAN_FORMAT),
                                               (None, "text"), (None, "text")], "bold")  # fmt: skip
    section(12, "三、会费收缴")
    dues = [("应缴会费", "会费应缴金额", YUAN_FORMAT), ("实缴会费", "会费实缴金额", YUAN_FORMAT),
            ("会费收缴率", "会费收缴率", RATE_FORMAT), ("欠缴会费人数（期末）", "欠缴会费人数", PERSONS_FORMAT)]  # fmt: skip
    for row, (label, figure, fmt) in enumerate(dues, start=13):
        t.values(row, label, [(f"{{{{{figure}}}}}", fmt), (f"{{{{本年累计{figure}}}}}", fmt), (None, "text"),
                              (None, "text")], indent=True)  # fmt: skip
    # The totals in 大写 where the signatures go, as on a receipt.
    row = 18
    for label, figure in (("本期收入合计", "经费收入合计"), ("本期支出合计", "经费支出合计"), ("本期结余", "经费结余")):
        t.line(row, f"{label}（大写）：{{{{{figure}|大写}}}}", height=20)
        row += 1
    row += 1
    t.line(row, SIGNATURES, height=34)
    t.line(row + 1, "（工会盖章）　　　　　　　　　　　　公开日期：{{报告日期|日期}}", align="right", height=24)
    t.line(row + 2, "说明：支出含记入工会经费的帮扶慰问发放和活动费用（行政或社会捐赠出资的不计）；执行率为本年累计占年度预算的"
           "百分比，没有预算的科目不列；会费按所属月份统计，欠缴会费人数为期末仍未缴纳的会员人数。欢迎广大会员监督，"
           "如有疑问请向工会经费审查委员会反映。", "subtitle", height=48)  # fmt: skip
    _one_page(ws, header)
    return wb


def funds_overview() -> object:
    """经费收支情况表: the year's income and spending by category against the budget and last year."""
    from openpyxl.utils import get_column_letter

    wb = _workbook(
        "经费收支情况表",
        "期间=年度",
        "年度经费收支情况表：收入和支出按科目列预算、实际、上年、同比和执行率，供工会委员会、经审委员会和上级工会审阅。",
    )
    ws = wb.active
    ws.title = "经费收支情况表"
    for index, width in enumerate([26, 16, 16, 16, 13, 10], start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    t = _Sheet(ws, 6)
    t.line(1, "{{工会名称}}{{年度}}年度经费收支情况表", "title", "center", height=40)
    t.line(2, "统计期间：{{开始日期|日期}}至{{结束日期|日期}}", "subtitle", "center", height=20)
    header = 4
    for col, text in enumerate(["项　　目", "预算", "实际", "上年", "同比", "执行率"], start=1):
        t.cell(header, col, text, "head", fill="fill")
    ws.row_dimensions[header].height = 24

    def table(row: int, title: str, loop: str) -> None:
        t.line(row, title, "bold", border=True, fill="group", height=24)
        t.values(row + 1, f"{{%tr for r in {loop} %}}{{{{r.项目}}}}",
                 [("{{r.年度预算}}", YUAN_FORMAT), ("{{r.本期}}", YUAN_FORMAT), ("{{r.上年同期}}", YUAN_FORMAT),
                  ("{{r.同比}}", "text"), ("{{r.执行率}}", RATE_FORMAT)], indent=True)  # fmt: skip

    def total(row: int, label: str, figure: str, budget: str | None, execution: str | None) -> None:
        t.values(row, label, [(f"{{{{{budget}}}}}" if budget else None, YUAN_FORMAT), (f"{{{{{figure}}}}}", YUAN_FORMAT),
                              (f"{{{{上年{figure}}}}}", YUAN_FORMAT), (f"{{{{{figure}同比}}}}", "text"),
                              (f"{{{{{execution}}}}}" if execution else None, RATE_FORMAT)], "bold")  # fmt: skip

    table(5, "一、经费收入", "经费收入表")
    total(7, "收入合计", "经费收入合计", "经费收入预算", "经费收入执行率")
    table(8, "二、经费支出", "经费支出表")
    total(10, "支出合计", "经费支出合计", "经费支出预算", "经费支出执行率")
    total(11, "收支结余", "经费结余", None, None)
    t.line(13, "制表人：　　　　　　　　审核人：　　　　　　　　工会主席：　　　　　　　　制表日期：{{报告日期|日期}}", height=30)
    t.line(14, "说明：实际数来自经费收支账，含记入工会经费的帮扶慰问发放和活动费用；执行率为实际占预算的百分比，没有预算的"
           "科目不列；同比为与上年相比的增减幅度，上年为零时显示“—”。", "subtitle", height=36)  # fmt: skip
    _one_page(ws, header)
    return wb


BUILDERS: dict[str, Callable[[], object]] = {
    "年度工作总结.docx": annual_summary,
    "上半年工作总结.docx": half_year_summary,
    "工会统计年报.xlsx": statistical_report,
    "财务公开.xlsx": funds_statement,
    "经费收支情况表.xlsx": funds_overview,
    "会员花名册.xlsx": members_roster,
    "集体合同台账.xlsx": contracts_ledger,
    "帮扶发放台账.xlsx": payments_ledger,
    "活动台账.xlsx": activities_ledger,
}


def _save(document: object, path: Path) -> None:
    """Save with fixed zip timestamps, so that regenerating unchanged templates changes no byte."""
    with tempfile.TemporaryDirectory() as folder:
        raw = Path(folder) / path.name
        document.save(str(raw))
        with zipfile.ZipFile(raw) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                data = source.read(item.filename)
                if item.filename == "docProps/core.xml":
                    data = _fixed_times(data)
                info = zipfile.ZipInfo(item.filename, date_time=(2024, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                target.writestr(info, data)


def _fixed_times(core: bytes) -> bytes:
    import re

    return re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)", rb"\g<1>2024-01-01T00:00:00Z\g<2>", core)


def build(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, builder in BUILDERS.items():
        path = folder / name
        _save(builder(), path)
        written.append(path)
    return written


def verify(paths: Iterable[Path]) -> None:
    """Every built-in template must pass the same check a user's template does."""
    from unionbook.services.documents import check_template_file

    for path in paths:
        check_template_file(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the committed templates are up to date")
    parser.add_argument("--out", type=Path, default=OUT, help=f"output folder (default {OUT})")
    args = parser.parse_args(argv)
    if args.check:
        with tempfile.TemporaryDirectory() as folder:
            fresh = build(Path(folder))
            stale = [p.name for p in fresh if not (args.out / p.name).exists()
                     or (args.out / p.name).read_bytes() != p.read_bytes()]  # fmt: skip
        if stale:
            print(f"out of date: {', '.join(stale)} — run python tools/build_templates.py", file=sys.stderr)
            return 1
        print("templates up to date")
        return 0
    written = build(args.out)
    verify(written)
    for path in written:
        print(path.relative_to(REPO) if path.is_relative_to(REPO) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
