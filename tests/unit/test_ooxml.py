"""The zip-bomb guard and the core.xml reader of fileio/ooxml.py, alone and through their callers.

Every hostile archive is built here in tmp_path: an entry that inflates (or claims to inflate) past
the cap, a member compressed far beyond any honest ratio, more entries than any workbook holds, and
end records that lie. Each is refused before a parser inflates it, with an InputError naming the
file, in the caller's words: an import says 无法读取文件“…”, a template says 模板“…”.
"""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from unionbook.domain.errors import InputError
from unionbook.fileio import ooxml
from unionbook.fileio.docx_render import check_docx_file, render_docx
from unionbook.fileio.ooxml import (
    MAX_DIRECTORY_BYTES,
    MAX_ENTRIES,
    CoreProperties,
    UnsafeZip,
    ZipProblem,
    check_zip,
    core_properties,
)
from unionbook.fileio.spreadsheet import list_sheets, read_sheet
from unionbook.fileio.templates import template_keywords
from unionbook.fileio.xlsx_render import check_xlsx_file

MB = 1024 * 1024
TEMPLATE_CAP = 200 * MB
IMPORT_CAP = 500 * MB


def make_workbook(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "花名册"
    sheet.append(["姓名", "部门"])
    sheet.append(["张三", "一车间"])
    workbook.properties.keywords = "期间=统计年度"
    workbook.properties.description = "会员花名册 & <说明>"
    workbook.save(path)
    return path


def make_docx(path: Path) -> Path:
    document = Document()
    document.add_paragraph("会员{{会员总数}}人")
    document.core_properties.keywords = "期间=上半年"
    document.core_properties.comments = "年度工作总结"
    document.save(path)
    return path


def with_member(source: Path, target: Path, name: str, size: int, *, extra: int = 0) -> Path:
    """A copy of `source` whose member `name` becomes `size` bytes of zeros (streamed: a few
    hundred KB on disk), plus `extra` empty members."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in original.infolist():
            if info.filename != name:
                archive.writestr(info, original.read(info))
        with archive.open(name, "w", force_zip64=size > 2**31) as member:
            chunk = bytes(MB)
            for _ in range(size // MB):
                member.write(chunk)
            member.write(bytes(size % MB))
        for index in range(extra):
            archive.writestr(zipfile.ZipInfo(f"customXml/item{index}.xml"), b"")
    return target


def declare_size(path: Path, name: str, size: int, compressed: int | None = None) -> None:
    """Rewrite the central directory so that member `name` claims `size` uncompressed bytes (and
    `compressed` compressed bytes, if given)."""
    data = bytearray(path.read_bytes())
    position = data.find(b"PK\x01\x02")
    while position != -1:
        name_length = struct.unpack_from("<H", data, position + 28)[0]
        if data[position + 46 : position + 46 + name_length].decode() == name:
            struct.pack_into("<I", data, position + 24, size)
            if compressed is not None:
                struct.pack_into("<I", data, position + 20, compressed)
        position = data.find(b"PK\x01\x02", position + 4)
    path.write_bytes(bytes(data))


def patch_end_record(path: Path, *, entries: int | None = None, directory_bytes: int | None = None) -> None:
    """Make the end-of-central-directory record declare other figures than the directory holds."""
    data = bytearray(path.read_bytes())
    at = data.rfind(b"PK\x05\x06")
    if entries is not None:
        struct.pack_into("<HH", data, at + 8, entries, entries)
    if directory_bytes is not None:
        struct.pack_into("<I", data, at + 12, directory_bytes)
    path.write_bytes(bytes(data))


def add_zip64_end(path: Path, *, entries: int | None = None) -> None:
    """Give the archive a zip64 end record (as big archives and some writers have), saturating the
    classic record's fields the way zip64 writers do; `entries` makes the zip64 record lie."""
    data = bytearray(path.read_bytes())
    at = data.rfind(b"PK\x05\x06")
    _sig, _disk, _disk_cd, _here, total, size, offset, _comment = struct.unpack_from("<4s4H2LH", data, at)
    zip64 = struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, total, entries or total, size, offset)
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, at, 1)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    path.write_bytes(bytes(data[:at]) + zip64 + locator + end)


# ----------------------------------------------------------------------------------- honest files


def test_a_normal_workbook_passes_and_is_read(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "花名册.xlsx")
    names = check_zip(path, max_uncompressed=TEMPLATE_CAP)
    assert {"xl/workbook.xml", "docProps/core.xml"} <= names
    check_xlsx_file(path)
    assert list_sheets(path) == ["花名册"]
    assert read_sheet(path).rows == [["姓名", "部门"], ["张三", "一车间"]]


def test_a_normal_document_passes_and_renders(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "总结.docx")
    check_docx_file(path)
    output = render_docx(path, {"会员总数": 12}, tmp_path / "out.docx")
    assert "会员12人" in "".join(p.text for p in Document(str(output)).paragraphs)


def test_a_small_member_may_compress_very_well(tmp_path: Path) -> None:
    """Below 1 MB the ratio is not checked: a styles part of repeated XML can compress 300:1."""
    path = with_member(make_workbook(tmp_path / "a.xlsx"), tmp_path / "b.xlsx", "xl/styles.xml", MB - 1)
    info = zipfile.ZipFile(path).getinfo("xl/styles.xml")
    assert info.file_size > 200 * info.compress_size
    check_zip(path, max_uncompressed=TEMPLATE_CAP)


def test_an_archive_with_a_zip64_end_record_passes(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "zip64.xlsx")
    add_zip64_end(path)
    assert len(zipfile.ZipFile(path).infolist()) > 5  # still a valid archive for zipfile
    assert "xl/workbook.xml" in check_zip(path, max_uncompressed=TEMPLATE_CAP)


# ----------------------------------------------------------------------------- inflating too much


def test_an_entry_inflating_past_the_template_cap_is_refused(tmp_path: Path) -> None:
    source = make_docx(tmp_path / "source.docx")
    path = with_member(source, tmp_path / "炸弹.docx", "word/media/image1.png", TEMPLATE_CAP + 1)
    assert path.stat().st_size < 2 * MB
    with pytest.raises(UnsafeZip) as refused:
        check_zip(path, max_uncompressed=TEMPLATE_CAP)
    assert refused.value.problem is ZipProblem.TOO_LARGE
    with pytest.raises(InputError, match="^模板“炸弹.docx”解压后过大，可能是恶意构造的文件$"):
        check_docx_file(path)
    with pytest.raises(InputError, match="模板“炸弹.docx”解压后过大"):
        render_docx(path, {"会员总数": 1}, tmp_path / "out.docx")
    assert not (tmp_path / "out.docx").exists()


def test_an_entry_declaring_past_the_cap_is_refused(tmp_path: Path) -> None:
    template = make_workbook(tmp_path / "报表.xlsx")
    declare_size(template, "xl/worksheets/sheet1.xml", TEMPLATE_CAP + 1)
    with pytest.raises(InputError, match="^模板“报表.xlsx”解压后过大，可能是恶意构造的文件$"):
        check_xlsx_file(template)
    roster = make_workbook(tmp_path / "花名册.xlsx")
    declare_size(roster, "xl/worksheets/sheet1.xml", IMPORT_CAP + 1)
    with pytest.raises(InputError, match="^无法读取文件“花名册.xlsx”：解压后超过 500 MB，可能是恶意构造的文件$"):
        read_sheet(roster)


def test_imports_allow_more_than_templates(tmp_path: Path) -> None:
    """A roster near the import row cap is bigger than any template: 300 MB (compressed 20:1, as
    sheet XML does) is refused as a template and accepted as an import."""
    path = make_workbook(tmp_path / "大表.xlsx")
    declare_size(path, "xl/worksheets/sheet1.xml", 300 * MB, compressed=15 * MB)
    with pytest.raises(UnsafeZip):
        check_zip(path, max_uncompressed=TEMPLATE_CAP)
    check_zip(path, max_uncompressed=IMPORT_CAP)


# ---------------------------------------------------------------------------------- absurd ratio


def test_an_absurd_compression_ratio_is_refused(tmp_path: Path) -> None:
    source = make_workbook(tmp_path / "source.xlsx")
    path = with_member(source, tmp_path / "bomb.xlsx", "xl/worksheets/sheet1.xml", 20 * MB)
    info = zipfile.ZipFile(path).getinfo("xl/worksheets/sheet1.xml")
    assert info.file_size > 500 * info.compress_size  # zeros deflate about 1000:1
    with pytest.raises(UnsafeZip) as refused:
        check_zip(path, max_uncompressed=TEMPLATE_CAP)
    assert refused.value.problem is ZipProblem.RATIO
    expected = "其中的“xl/worksheets/sheet1.xml”压缩比异常（超过 200 倍），可能是恶意构造的文件"
    with pytest.raises(InputError, match=f"^无法读取文件“bomb.xlsx”：{expected}$"):
        read_sheet(path)
    with pytest.raises(InputError, match=f"^模板“bomb.xlsx”无法使用：{expected}$"):
        check_xlsx_file(path)


def test_an_absurd_ratio_in_a_document_is_refused(tmp_path: Path) -> None:
    path = with_member(make_docx(tmp_path / "a.docx"), tmp_path / "总结.docx", "word/document.xml", 20 * MB)
    with pytest.raises(InputError, match="^模板“总结.docx”无法使用：其中的“word/document.xml”压缩比异常"):
        check_docx_file(path)


# ------------------------------------------------------------------------------ too many entries


def test_too_many_entries_are_refused_before_zipfile_reads_the_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = with_member(
        make_workbook(tmp_path / "a.xlsx"), tmp_path / "many.xlsx", "xl/styles.xml", 10, extra=MAX_ENTRIES
    )
    assert len(zipfile.ZipFile(path).infolist()) > MAX_ENTRIES

    def no_parsing(*args: object, **kwargs: object) -> None:
        raise AssertionError("the directory was parsed")

    with monkeypatch.context() as patched:
        patched.setattr(ooxml.zipfile, "ZipFile", no_parsing)
        with pytest.raises(UnsafeZip) as refused:
            check_zip(path, max_uncompressed=IMPORT_CAP)
    assert refused.value.problem is ZipProblem.TOO_MANY_ENTRIES
    with pytest.raises(InputError, match="^无法读取文件“many.xlsx”：包含超过 10000 个部件，可能是恶意构造的文件$"):
        read_sheet(path)
    with pytest.raises(InputError, match="^模板“many.xlsx”无法使用：包含超过 10000 个部件"):
        check_xlsx_file(path)


def test_an_end_record_understating_the_entries_is_caught_after_parsing(tmp_path: Path) -> None:
    path = with_member(
        make_workbook(tmp_path / "a.xlsx"), tmp_path / "liar.xlsx", "xl/styles.xml", 10, extra=MAX_ENTRIES
    )
    patch_end_record(path, entries=3)
    assert len(zipfile.ZipFile(path).infolist()) > MAX_ENTRIES  # zipfile goes by the directory's size
    with pytest.raises(UnsafeZip) as refused:
        check_zip(path, max_uncompressed=IMPORT_CAP)
    assert refused.value.problem is ZipProblem.TOO_MANY_ENTRIES


def test_a_directory_too_big_for_the_entry_cap_is_refused(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "big-directory.xlsx")
    patch_end_record(path, directory_bytes=MAX_DIRECTORY_BYTES + 1)
    with pytest.raises(InputError, match="^无法读取文件“big-directory.xlsx”：包含超过 10000 个部件"):
        read_sheet(path)


def test_a_zip64_end_record_declaring_too_many_entries_is_refused(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "zip64.xlsx")
    add_zip64_end(path, entries=MAX_ENTRIES + 1)
    with pytest.raises(UnsafeZip) as refused:
        check_zip(path, max_uncompressed=IMPORT_CAP)
    assert refused.value.problem is ZipProblem.TOO_MANY_ENTRIES


# ------------------------------------------------------------------------------------- damaged


def test_a_damaged_archive_keeps_each_callers_message(tmp_path: Path) -> None:
    data = make_workbook(tmp_path / "good.xlsx").read_bytes()
    for name in ("坏.xlsx", "坏.docx"):
        (tmp_path / name).write_bytes(data[: len(data) // 2])  # cut in half: no central directory
    with pytest.raises(UnsafeZip) as refused:
        check_zip(tmp_path / "坏.xlsx", max_uncompressed=IMPORT_CAP)
    assert refused.value.problem is ZipProblem.DAMAGED
    with pytest.raises(InputError, match="^无法读取文件“坏.xlsx”：文件已损坏或不是 Excel 格式$"):
        read_sheet(tmp_path / "坏.xlsx")
    with pytest.raises(InputError, match="^模板“坏.docx”已损坏，无法打开$"):
        check_docx_file(tmp_path / "坏.docx")


# --------------------------------------------------------------------------- document properties


def test_core_properties_of_a_workbook_and_a_document(tmp_path: Path) -> None:
    workbook = make_workbook(tmp_path / "a.xlsx")
    assert core_properties(workbook) == CoreProperties(keywords="期间=统计年度", description="会员花名册 & <说明>")
    assert template_keywords(workbook) == "期间=统计年度"
    document = make_docx(tmp_path / "b.docx")
    assert core_properties(document) == CoreProperties(keywords="期间=上半年", description="年度工作总结")


def _package(path: Path, core_xml: bytes | None) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        if core_xml is not None:
            archive.writestr("docProps/core.xml", core_xml)
    return path


CORE = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
    ' xmlns:dc="http://purl.org/dc/elements/1.1/">{body}</cp:coreProperties>'
)


def test_core_properties_are_empty_when_missing_or_unreadable(tmp_path: Path) -> None:
    assert core_properties(_package(tmp_path / "none.docx", None)) == CoreProperties()
    assert core_properties(_package(tmp_path / "broken.docx", b"<cp:coreProperties")) == CoreProperties()
    (tmp_path / "text.docx").write_text("不是压缩包", encoding="utf-8")
    assert core_properties(tmp_path / "text.docx") == CoreProperties()
    assert core_properties(tmp_path / "missing.docx") == CoreProperties()


def test_core_properties_refuse_entities_and_oversized_parts(tmp_path: Path) -> None:
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        + CORE.format(body="<cp:keywords>&lol2;</cp:keywords>").split("?>", 1)[1]
    )
    assert core_properties(_package(tmp_path / "laughs.docx", laughs.encode())) == CoreProperties()
    padded = CORE.format(body="<cp:keywords>期间=统计年度</cp:keywords>" + " " * 1_000_000)
    assert core_properties(_package(tmp_path / "huge.docx", padded.encode())) == CoreProperties()


def test_core_properties_follow_namespaces_not_prefixes(tmp_path: Path) -> None:
    """Some writers use a default namespace instead of the cp: prefix; the parser sees the same."""
    xml = (
        '<coreProperties xmlns="http://schemas.openxmlformats.org/package/2006/metadata/core-properties">'
        '<keywords> 期间=统计年度 </keywords><description xmlns="http://purl.org/dc/elements/1.1/">说明'
        "</description></coreProperties>"
    )
    assert core_properties(_package(tmp_path / "a.xlsx", xml.encode())) == CoreProperties("期间=统计年度", "说明")
