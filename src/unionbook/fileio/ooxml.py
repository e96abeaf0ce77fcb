"""The zip packages .xlsx/.docx/.ods files are: the one zip-bomb guard and the one core.xml reader.

Every such file we open comes from outside (a colleague's roster, a template found online), and a
zip can promise a few kilobytes and inflate to gigabytes, or hold a million empty entries whose
directory alone fills memory (DESIGN.md, Known traps). `check_zip` judges an archive from its
directory before any parser inflates a byte:
- the end-of-central-directory record is read first, so an archive declaring more than
  `MAX_ENTRIES` entries (or a directory too big to hold no more than that) is refused before
  `zipfile` builds an object per entry;
- then the declared uncompressed total against the caller's cap (imports and templates have
  different ones), and each large member's compression ratio.
It raises `UnsafeZip` saying which problem it found; the callers turn that into their own Chinese
sentence (an import and a template speak of the file differently), so this module words only the
reason. `template_refusal` is the wording both template renderers use.

`core_properties` reads the document's own description (docProps/core.xml: 关键词, 备注), which is
where the built-in templates say what they are and which period they cover. It parses with
defusedxml (no entity expansion, no DTD tricks), reads nothing declared over 1 MB, and never loads
Word's or Excel's model: listing templates stays fast.
"""

from __future__ import annotations

import enum
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree

from unionbook.domain.errors import InputError

MAX_COMPRESSION_RATIO = 200
# Members smaller than this cannot hurt whatever their ratio; checking them would only risk refusing
# an honest file whose tiny styles part happens to compress very well.
RATIO_CHECK_FLOOR = 1024 * 1024
# Honest workbooks and documents hold tens of parts, a few hundred with many sheets or pictures.
MAX_ENTRIES = 10_000
# A directory entry is 46 bytes plus its name and extra fields (~100–200 bytes in practice): a
# directory bigger than this cannot describe at most MAX_ENTRIES entries, whatever the count says.
MAX_DIRECTORY_BYTES = MAX_ENTRIES * 256
MAX_CORE_XML_BYTES = 1_000_000

_END_OF_DIRECTORY = b"PK\x05\x06"
_END_OF_DIRECTORY_SIZE = 22
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_LOCATOR_SIZE = 20
_ZIP64_END = b"PK\x06\x06"
_ZIP64_END_SIZE = 56
_MAX_COMMENT = 0xFFFF

_CORE_NAMESPACES = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
}


class ZipProblem(enum.Enum):
    DAMAGED = "damaged"
    TOO_LARGE = "too_large"
    RATIO = "ratio"
    TOO_MANY_ENTRIES = "too_many_entries"


class UnsafeZip(Exception):
    """`check_zip` refused the archive. `reason` is a Chinese clause for the caller's sentence
    ("解压后超过 500 MB，可能是恶意构造的文件"); empty for DAMAGED, which callers word themselves."""

    def __init__(self, problem: ZipProblem, reason: str = "") -> None:
        super().__init__(reason or problem.value)
        self.problem = problem
        self.reason = reason


def _too_many_entries() -> UnsafeZip:
    return UnsafeZip(ZipProblem.TOO_MANY_ENTRIES, f"包含超过 {MAX_ENTRIES} 个部件，可能是恶意构造的文件")


def _declared_directory(handle: BinaryIO) -> tuple[int, int] | None:
    """(entries, directory bytes) as the end records declare them; None when there is no end record
    (zipfile will then report the archive as damaged).

    Found the way zipfile finds it: the last end-of-directory signature in the final 64 KiB, and
    the zip64 record just before it when a zip64 locator is there, since zipfile then uses that.
    """
    handle.seek(0, 2)
    size = handle.tell()
    start = max(0, size - _END_OF_DIRECTORY_SIZE - _MAX_COMMENT)
    handle.seek(start)
    tail = handle.read()
    if tail[-_END_OF_DIRECTORY_SIZE:].startswith(_END_OF_DIRECTORY) and tail.endswith(b"\0\0"):
        at = len(tail) - _END_OF_DIRECTORY_SIZE  # no archive comment: the usual case
    else:
        at = tail.rfind(_END_OF_DIRECTORY)
    if at < 0 or len(tail) - at < _END_OF_DIRECTORY_SIZE:
        return None
    entries, directory_bytes = struct.unpack_from("<HL", tail, at + 10)
    locator = start + at - _ZIP64_LOCATOR_SIZE
    if locator >= _ZIP64_END_SIZE:
        handle.seek(locator - _ZIP64_END_SIZE)
        record = handle.read(_ZIP64_END_SIZE + _ZIP64_LOCATOR_SIZE)
        if record[_ZIP64_END_SIZE:].startswith(_ZIP64_LOCATOR) and record.startswith(_ZIP64_END):
            entries, directory_bytes = struct.unpack_from("<QQ", record, 32)
    return entries, directory_bytes


def _check_directory(path: Path) -> None:
    """Refuse an archive whose end record declares too many entries; OSError if unreadable."""
    with Path(path).open("rb") as handle:
        declared = _declared_directory(handle)
    if declared is not None:
        entries, directory_bytes = declared
        if entries > MAX_ENTRIES or directory_bytes > MAX_DIRECTORY_BYTES:
            raise _too_many_entries()


def check_zip(path: Path, *, max_uncompressed: int) -> frozenset[str]:
    """The archive's member names, once it is judged safe to parse; UnsafeZip otherwise.

    Checked in this order: entry count (from the end record, then from the parsed directory),
    declared uncompressed total over `max_uncompressed`, then any member of at least 1 MB
    compressed more than MAX_COMPRESSION_RATIO to one.
    """
    try:
        _check_directory(path)
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, struct.error):
        raise UnsafeZip(ZipProblem.DAMAGED) from None
    if len(members) > MAX_ENTRIES:
        raise _too_many_entries()
    total = sum(member.file_size for member in members)
    if total > max_uncompressed:
        megabytes = max_uncompressed // 1024 // 1024
        raise UnsafeZip(ZipProblem.TOO_LARGE, f"解压后超过 {megabytes} MB，可能是恶意构造的文件")
    for member in members:
        if member.file_size >= RATIO_CHECK_FLOOR and member.file_size > MAX_COMPRESSION_RATIO * max(
            member.compress_size, 1
        ):
            raise UnsafeZip(
                ZipProblem.RATIO,
                f"其中的“{member.filename}”压缩比异常（超过 {MAX_COMPRESSION_RATIO} 倍），可能是恶意构造的文件",
            )
    return frozenset(member.filename for member in members)


def template_refusal(path: Path, refused: UnsafeZip) -> InputError:
    """What a .docx or .xlsx template gets when `check_zip` refuses it."""
    if refused.problem is ZipProblem.DAMAGED:
        return InputError(detail=f"模板“{path.name}”已损坏，无法打开")
    if refused.problem is ZipProblem.TOO_LARGE:
        return InputError(detail=f"模板“{path.name}”解压后过大，可能是恶意构造的文件")
    return InputError(detail=f"模板“{path.name}”无法使用：{refused.reason}")


#: A template file's size on disk, and what its parts may inflate to.
MAX_TEMPLATE_BYTES = 50 * 1024 * 1024
MAX_TEMPLATE_UNCOMPRESSED = 200 * 1024 * 1024


@dataclass(frozen=True)
class TemplateFormat:
    """What a template of one format must be, in the words a chair reads when it is not."""

    suffix: str  # ".docx"
    old_suffix: str  # ".doc": the binary format of before 2007 (or an encrypted file, same header)
    programs: str  # where to save it again: "Word/WPS"
    part: str  # the part every such package has: "word/document.xml"
    not_this: str  # a package without it: "不是 Word 文档（缺少正文部分）"


DOCX = TemplateFormat(".docx", ".doc", "Word/WPS", "word/document.xml", "不是 Word 文档（缺少正文部分）")
XLSX = TemplateFormat(".xlsx", ".xls", "Excel/WPS", "xl/workbook.xml", "不是 Excel 工作簿")


def check_template_file(path: Path, kind: TemplateFormat) -> None:
    """A readable template of sane size in `kind`'s format, judged from the zip directory before
    anything is inflated (no zip bomb is ever opened)."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(4)
    except FileNotFoundError:
        raise InputError(detail=f"找不到模板文件“{path.name}”（{path.parent}）") from None
    except OSError as exc:
        raise InputError(detail=f"无法读取模板“{path.name}”：{exc.strerror or exc}") from None
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(detail=f"模板“{path.name}”是旧版 {kind.old_suffix} 格式或已加密，"
                                f"请在 {kind.programs} 中另存为 {kind.suffix}（不设密码）")  # fmt: skip
    if not head.startswith(b"PK") or size > MAX_TEMPLATE_BYTES:
        raise InputError(detail=f"模板“{path.name}”不是有效的 {kind.suffix} 文件（或超过 50 MB）")
    try:
        names = check_zip(path, max_uncompressed=MAX_TEMPLATE_UNCOMPRESSED)
    except UnsafeZip as refused:
        raise template_refusal(path, refused) from None
    if kind.part not in names:
        raise InputError(detail=f"模板“{path.name}”{kind.not_this}")


# --------------------------------------------------------------------------- document properties


@dataclass(frozen=True)
class CoreProperties:
    """What the document says about itself (File › Properties in Word, WPS and Excel)."""

    keywords: str = ""  # 关键词 (cp:keywords): the built-ins' "期间=统计年度"
    description: str = ""  # 备注/说明 (dc:description)


def _text(root: Element, tag: str) -> str:
    element = root.find(tag, _CORE_NAMESPACES)
    return (element.text or "").strip() if element is not None else ""


def core_properties(path: Path) -> CoreProperties:
    """docProps/core.xml of a .docx or .xlsx (the same part in both); empty values when the file
    has none, is not a zip, is damaged, or declares more than 1 MB for it."""
    try:
        _check_directory(path)
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("docProps/core.xml")
            if info.file_size > MAX_CORE_XML_BYTES:
                return CoreProperties()
            data = archive.read(info)
        # defusedxml refuses entity declarations (DefusedXmlException is a ValueError).
        root = defusedxml.ElementTree.fromstring(data)
    except (UnsafeZip, KeyError, OSError, zipfile.BadZipFile, ValueError, EOFError, struct.error, ParseError):
        return CoreProperties()
    return CoreProperties(keywords=_text(root, "cp:keywords"), description=_text(root, "dc:description"))
