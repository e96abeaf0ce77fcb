"""The Linux bundle's smaller ICU data library (installer/icu_data.py, issue 18): what it keeps, that
its table of contents still finds every kept item, and that Qt still sorts Chinese names in pinyin
order and knows GB18030 with it."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "installer"))
from icu_data import keep, trimmed_blob, write_trimmed_library


@pytest.mark.parametrize(
    ("item", "kept"),
    [
        ("coll/zh.res", True), ("coll/zh_Hans_CN.res", True), ("coll/root.res", True), ("coll/ucadata.icu", True),
        ("coll/ja.res", False), ("coll/ko.res", False),
        ("lang/pool.res", True), ("lang/en_GB.res", True), ("lang/fr.res", False), ("zone/de.res", False),
        ("gb18030.cnv", True), ("ibm-1386_P100-2001.cnv", True), ("fr.res", True), ("zoneinfo64.res", True),
        ("brkitr/word.brk", True), ("brkitr/cjdict.dict", False), ("translit/root.res", False),
    ],
)  # fmt: skip
def test_what_is_kept(item: str, kept: bool) -> None:
    assert keep(item) is kept


def _common_data(items: list[tuple[bytes, bytes]]) -> bytes:
    """ICU common data as icupkg lays it out: a 16-byte header, the table of contents, names, data."""
    header = struct.pack("<H", 16) + b"\xda\x27" + b"\0" * 12
    names = b"".join(name + b"\0" for name, _ in items)
    data_at = 4 + 8 * len(items) + len(names)
    data_at += -(16 + data_at) % 16
    toc, body, name_at = [struct.pack("<I", len(items))], b"", 4 + 8 * len(items)
    for name, data in items:
        body += b"\0" * (-(16 + data_at + len(body)) % 16)
        toc.append(struct.pack("<II", name_at, data_at + len(body)))
        name_at += len(name) + 1
        body += data
    head = header + b"".join(toc) + names
    return head + b"\0" * (16 + data_at - len(head)) + body


def _items(blob: bytes) -> dict[str, bytes]:
    count = struct.unpack_from("<I", blob, 16)[0]
    entries = [struct.unpack_from("<II", blob, 20 + 8 * i) for i in range(count)]
    ends = [data for _, data in entries[1:]] + [len(blob) - 16]
    found = {}
    for (name_at, data_at), end in zip(entries, ends):
        assert (16 + data_at) % 16 == 0
        name = blob[16 + name_at : blob.index(b"\0", 16 + name_at)].decode()
        found[name] = blob[16 + data_at : 16 + end].rstrip(b"\0")
    return found


def test_dropped_items_leave_the_table_and_kept_ones_keep_their_bytes() -> None:
    blob = _common_data([(b"icudt73l/brkitr/cjdict.dict", b"dictionary"), (b"icudt73l/coll/ja.res", b"JA"),
                         (b"icudt73l/coll/zh.res", b"pinyin order"), (b"icudt73l/gb18030.cnv", b"GB")])  # fmt: skip
    assert _items(trimmed_blob(blob)) == {"icudt73l/coll/zh.res": b"pinyin order", "icudt73l/gb18030.cnv": b"GB"}


QT_ICU = Path(__import__("PySide6").__file__).parent / "Qt" / "lib" / "libicudata.so.73"
CHECK = """
from PySide6.QtCore import QCollator, QLocale, QStringDecoder
names = ["张三", "李四", "阿强", "欧阳修", "曾国藩", "吕布", "Zoe", "anna"]
print(" ".join(sorted(names, key=QCollator(QLocale("zh_CN")).sortKey)), QStringDecoder("GB18030").isValid())
"""


@pytest.mark.skipif(not QT_ICU.exists() or shutil.which("gcc") is None, reason="Linux PySide6 and gcc")
def test_qt_sorts_chinese_names_and_knows_gb18030_with_the_smaller_library(tmp_path: Path) -> None:
    library = write_trimmed_library(QT_ICU, tmp_path)
    assert library.stat().st_size < QT_ICU.stat().st_size // 2
    env = dict(os.environ, LD_PRELOAD=str(library))
    out = subprocess.run(
        [sys.executable, "-c", CHECK], check=False, env=env, capture_output=True, text=True, timeout=60
    )
    assert out.stdout.split() == ["阿强", "曾国藩", "李四", "吕布", "欧阳修", "张三", "anna", "Zoe", "True"]
