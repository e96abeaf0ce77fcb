"""A rendered .docx names a Windows font for every Chinese font it uses (fileio/docx_fonts.py), so
Word and WPS on a PC without 方正小标宋简体 or 仿宋_GB2312 never set Chinese text in a Western font."""

from __future__ import annotations

import zipfile
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from lxml import etree

from unionbook.fileio.docx_render import render_docx, render_docx_here

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _template(path: Path, fonts: list[str]) -> Path:
    """A template made by python-docx (whose defaults say eastAsia="en-US"), one run per font."""
    document = Document()
    for font in fonts:
        run = document.add_paragraph().add_run("{{单位名称}}工会工作总结 2025")
        rfonts = run._element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia"):
            rfonts.set(qn(attribute), font)
    document.save(path)
    return path


def _font_table(path: Path) -> dict[str, dict[str, str]]:
    with zipfile.ZipFile(path) as package:
        root = etree.fromstring(package.read("word/fontTable.xml"))
    table = {}
    for font in root.findall(f"{W}font"):
        table[font.get(f"{W}name")] = {
            etree.QName(child).localname: child.get(f"{W}val") for child in font if child.get(f"{W}val") is not None
        }
    return table


def _defaults(path: Path) -> tuple[str | None, str | None]:
    with zipfile.ZipFile(path) as package:
        root = etree.fromstring(package.read("word/styles.xml"))
    rpr = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    return rpr.find(f"{W}lang").get(f"{W}eastAsia"), rpr.find(f"{W}rFonts").get(f"{W}eastAsiaTheme")


def test_every_chinese_font_gets_a_windows_font_to_fall_back_to(tmp_path: Path) -> None:
    fonts = ["方正小标宋简体", "仿宋_GB2312", "楷体_GB2312", "方正黑体_GBK", "华文中宋", "微软雅黑", "Times New Roman"]
    template = _template(tmp_path / "t.docx", fonts)
    out = render_docx_here(template, {"单位名称": "某某公司"}, tmp_path / "out.docx")

    table = _font_table(out)
    assert table["方正小标宋简体"] == {"altName": "宋体", "charset": "86", "family": "roman", "pitch": "variable"}
    assert table["仿宋_GB2312"]["altName"] == "仿宋" and table["仿宋_GB2312"]["charset"] == "86"
    assert table["楷体_GB2312"]["altName"] == "楷体"
    assert table["方正黑体_GBK"]["altName"] == "黑体" and table["方正黑体_GBK"]["family"] == "modern"
    assert table["华文中宋"]["altName"] == "宋体"
    # 微软雅黑 is on every Windows: marked Chinese, no substitute.
    assert table["微软雅黑"]["charset"] == "86" and "altName" not in table["微软雅黑"]
    assert table["Times New Roman"]["charset"] == "00"  # a Western font is left alone
    # The defaults say Chinese, so the theme's East-Asian font is 宋体 (Hans), not a Japanese one.
    assert _defaults(out) == ("zh-CN", "minorEastAsia")
    assert "某某公司工会工作总结" in "".join(p.text for p in Document(out).paragraphs)


def test_the_templates_own_substitute_is_kept_and_nothing_is_duplicated(tmp_path: Path) -> None:
    template = _template(tmp_path / "t.docx", ["仿宋_GB2312"])
    first = render_docx(template, {"单位名称": "甲"}, tmp_path / "first.docx")
    # Re-render the output as a template, with the chair's own choice of substitute in its table.
    with zipfile.ZipFile(first) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    parts["word/fontTable.xml"] = parts["word/fontTable.xml"].replace(
        '<w:altName w:val="仿宋"/>'.encode(), '<w:altName w:val="FangSong"/>'.encode()
    )
    edited = tmp_path / "edited.docx"
    with zipfile.ZipFile(edited, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)
    second = render_docx(edited, {"单位名称": "乙"}, tmp_path / "second.docx")

    with zipfile.ZipFile(second) as package:
        xml = package.read("word/fontTable.xml").decode("utf-8")
    assert xml.count('w:name="仿宋_GB2312"') == 1
    assert _font_table(second)["仿宋_GB2312"]["altName"] == "FangSong"


def test_a_document_without_a_font_table_gets_one(tmp_path: Path) -> None:
    template = _template(tmp_path / "t.docx", ["仿宋_GB2312"])
    with zipfile.ZipFile(template) as package:
        parts = {n: package.read(n) for n in package.namelist() if n != "word/fontTable.xml"}
    rels = "word/_rels/document.xml.rels"
    parts[rels] = parts[rels].replace(b'Target="fontTable.xml"', b'Target="missing.xml"')
    stripped = tmp_path / "stripped.docx"
    with zipfile.ZipFile(stripped, "w") as package:
        for name, data in parts.items():
            if b"missing.xml" in data and name == rels:
                # drop the relationship to the part that is gone
                data = b"".join(
                    piece for piece in data.replace(b"<Relationship ", b"\0<Relationship ").split(b"\0")
                    if b"missing.xml" not in piece
                )  # fmt: skip
            package.writestr(name, data)
    out = render_docx_here(stripped, {"单位名称": "丙"}, tmp_path / "out.docx")
    assert _font_table(out)["仿宋_GB2312"]["altName"] == "仿宋"
