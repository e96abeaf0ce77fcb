"""East-Asian font fallbacks inside a rendered .docx, so that Word and WPS never show a 公文 in a
Western font.

The 公文 standard (GB/T 9704) names 方正小标宋简体, 仿宋_GB2312 and 楷体_GB2312, which most office
PCs do not have. When a font is missing, Word picks a substitute from the document's font table
(word/fontTable.xml): the entry's `altName`, else a font of the same `charset`. A template saved
by WPS or an English Word often lacks the entry or gives charset 00 (Western), and Word then sets
Chinese text in Times New Roman's fallback — a mixed, ugly page. So after every rendering:

- every font the document names whose name is Chinese (or is a known Chinese font) gets a font
  table entry with charset 86 (GB2312) and, unless it is one every Windows has, an `altName` from
  the fonts every Windows has: 宋体, 仿宋, 楷体, 黑体 (by the name: 仿宋_GB2312 → 仿宋 …);
  an `altName` the template already gives is kept;
- the document defaults get an East-Asian language of zh-CN (python-docx's default says en-US,
  some templates ja-JP, which picks Japanese fonts for the theme) and, when they name no
  East-Asian font at all, 宋体.

The built-in templates already carry these entries (tools/build_templates.py); this makes a
chair's own template behave the same. Works on the python-docx Document, before it is saved.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W_NS}}}"
FONT_TABLE_RELTYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable"
FONT_TABLE_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"

#: Chinese fonts every Windows (7 and later, any edition) has: they need no substitute.
WINDOWS_CHINESE_FONTS = frozenset(
    {"宋体", "新宋体", "黑体", "仿宋", "楷体", "微软雅黑", "等线", "SimSun", "NSimSun", "SimHei", "FangSong",
     "KaiTi", "Microsoft YaHei", "Microsoft YaHei UI", "DengXian"}
)  # fmt: skip
#: (words in a font's name, the Windows font that stands in for it); first match wins.
_SUBSTITUTES = (
    (("仿宋", "fangsong", "fs_gb2312"), "仿宋"),
    (("楷", "kai"), "楷体"),
    (("黑", "hei"), "黑体"),
    (("宋", "song", "ming"), "宋体"),
)
_FONT_ATTRIBUTES = ("ascii", "hAnsi", "eastAsia", "cs")
_GB2312 = "86"


def substitute_for(font: str) -> str | None:
    """The Windows font to fall back to for `font`, or None when it needs none (a Western font,
    or a Chinese one every Windows has)."""
    if font in WINDOWS_CHINESE_FONTS:
        return None
    lowered = font.lower()
    for words, substitute in _SUBSTITUTES:
        if any(word in lowered for word in words):
            return substitute
    return "宋体" if _is_chinese(font) else None


def _is_chinese(font: str) -> bool:
    return any("\u3400" <= c <= "\u9fff" for c in font) or "gb2312" in font.lower() or "_gbk" in font.lower()


def _parts(document: Any):  # noqa: ANN202 - python-docx parts
    return list(document.part.package.iter_parts())


def fonts_named(document: Any) -> set[str]:
    """Every font name in a run, paragraph mark, style or default of the document's XML parts."""
    names: set[str] = set()
    for part in _parts(document):
        if not str(part.partname).endswith(".xml") or "fontTable" in str(part.partname):
            continue
        root = getattr(part, "_element", None)
        if root is None:
            try:
                root = etree.fromstring(part.blob)
            except etree.XMLSyntaxError:
                continue
        for fonts in root.iter(_W + "rFonts"):
            names.update(fonts.get(_W + attribute) for attribute in _FONT_ATTRIBUTES if fonts.get(_W + attribute))
    return names


def _font_table_part(document: Any):  # noqa: ANN202
    for rel in document.part.rels.values():
        if rel.reltype == FONT_TABLE_RELTYPE and not rel.is_external:
            return rel.target_part
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    blob = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:fonts xmlns:w="{W_NS}"/>'.encode()
    part = Part(PackURI("/word/fontTable.xml"), FONT_TABLE_CONTENT_TYPE, blob, document.part.package)
    document.part.relate_to(part, FONT_TABLE_RELTYPE)
    return part


def _child(parent: etree._Element, tag: str, first: bool = False) -> etree._Element:
    found = parent.find(_W + tag)
    if found is None:
        found = etree.Element(_W + tag)
        if first:
            parent.insert(0, found)
        else:
            parent.append(found)
    return found


# CT_Font's children come in this order (ECMA-376 17.8.3.2); a new one goes before its successors.
_FONT_CHILDREN = ("altName", "panose1", "charset", "family", "notTrueType", "pitch", "sig")


def _set_font_child(font: etree._Element, tag: str, value: str, *, replace: bool = True) -> None:
    existing = font.find(_W + tag)
    if existing is not None:
        if replace:
            existing.set(_W + "val", value)
        return
    element = etree.Element(_W + tag)
    element.set(_W + "val", value)
    later = _FONT_CHILDREN[_FONT_CHILDREN.index(tag) + 1 :]
    for index, child in enumerate(font):
        if etree.QName(child).localname in later:
            font.insert(index, element)
            return
    font.append(element)


def _fix_font_table(document: Any, names: set[str]) -> None:
    chinese = sorted(n for n in names if _is_chinese(n) or n in WINDOWS_CHINESE_FONTS)
    if not chinese:
        return
    part = _font_table_part(document)
    root = etree.fromstring(part.blob)
    entries = {font.get(_W + "name"): font for font in root.findall(_W + "font")}
    for name in chinese:
        font = entries.get(name)
        if font is None:
            font = etree.SubElement(root, _W + "font")
            font.set(_W + "name", name)
        substitute = substitute_for(name)
        if substitute is not None:
            _set_font_child(font, "altName", substitute, replace=False)  # the template's own choice stays
        _set_font_child(font, "charset", _GB2312)
        _set_font_child(font, "family", "modern" if substitute == "黑体" or "黑" in name else "roman", replace=False)
        _set_font_child(font, "pitch", "variable", replace=False)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _fix_defaults(document: Any) -> None:
    styles = document.styles.element
    defaults = _child(styles, "docDefaults", first=True)
    rpr = _child(_child(defaults, "rPrDefault", first=True), "rPr")
    fonts = rpr.find(_W + "rFonts")
    if fonts is None:
        fonts = etree.Element(_W + "rFonts")
        rpr.insert(0, fonts)
    if fonts.get(_W + "eastAsia") is None and fonts.get(_W + "eastAsiaTheme") is None:
        fonts.set(_W + "eastAsia", "宋体")
    lang = _child(rpr, "lang")
    if not (lang.get(_W + "eastAsia") or "").lower().startswith("zh"):
        lang.set(_W + "eastAsia", "zh-CN")


def apply_east_asian_fallbacks(document: Any) -> None:
    """Give `document` (a python-docx Document) the fallbacks described above, in place."""
    _fix_defaults(document)
    _fix_font_table(document, fonts_named(document) | {"宋体"})
