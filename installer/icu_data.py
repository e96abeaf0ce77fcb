"""A smaller ICU data library for the Linux bundle (issue 18): Qt's libicudata without the parts Qt
never reads.

PySide6's Linux wheel ships ICU 73 for Qt Core; its data library (libicudata.so.73, 31 MB) holds
data for every language ICU knows. Qt reads little of it: conversion tables (QStringConverter),
collation (QCollator, QString::localeAwareCompare), case mapping, and the time-zone tables; QLocale
formats from Qt's own CLDR tables, and text boundaries come from Qt's own Unicode tables. What is
left out here: the display names of languages, regions, currencies, units and time zones and the
spelled-out numbers of every locale but root, Chinese and English; the collation of every other
language (those fall back to root's order); the transliterators; and the word dictionaries of the
break iterators (Chinese/Japanese, Thai, Lao, Khmer, Burmese). Every conversion table, the
root/Chinese/English locales and all the top-level tables stay, so a lookup ICU makes for Chinese or
English finds what it found before, and one for another locale falls back as ICU always does.

The library is rebuilt, not patched: the data blob is read from the original's `icudt<N>_dat`
symbol, its table of contents rewritten without the dropped items, and the result linked by gcc
into a library with the same soname and the same one symbol (libicuuc links nothing else from it).
"""

from __future__ import annotations

import re
import struct
import subprocess
from pathlib import Path

#: Per-locale trees whose entries for other languages are left out.
PER_LOCALE = ("lang", "region", "curr", "unit", "zone", "rbnf", "coll")
#: Locales kept in those trees (and what every tree needs: its index and shared string pool).
KEEP_LOCALES = re.compile(r"^(root|res_index|pool|zh|en|ucadata)([_.]|$)")
#: Trees and files Qt never reads.
DROPPED = ("translit/",)
DROPPED_SUFFIX = (".dict",)  # brkitr/*dict.dict: the word lists of the dictionary break iterators


def keep(item: str) -> bool:
    """`item` as in ICU's table of contents without the package prefix, e.g. "coll/zh.res"."""
    if item.startswith(DROPPED) or item.endswith(DROPPED_SUFFIX):
        return False
    tree, _, name = item.rpartition("/")
    if tree in PER_LOCALE:
        return bool(KEEP_LOCALES.match(name))
    return True


def _symbol(elf: bytes, pattern: re.Pattern[bytes]) -> tuple[str, int, int]:
    """(name, file offset, size) of the one dynamic symbol matching `pattern` in an ELF64 library."""
    (shoff,) = struct.unpack_from("<Q", elf, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", elf, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", elf, shoff + i * shentsize) for i in range(shnum)]
    for _name, kind, _flags, _addr, offset, size, link, _info, _align, entsize in sections:
        if kind != 11:  # SHT_DYNSYM
            continue
        strtab = sections[link][4]
        for at in range(offset, offset + size, entsize):
            st_name, _st_info, _st_other, st_shndx, st_value, st_size = struct.unpack_from("<IBBHQQ", elf, at)
            name = elf[strtab + st_name : elf.index(b"\0", strtab + st_name)]
            if pattern.fullmatch(name):
                _n, _k, _f, addr, sec_offset, *_rest = sections[st_shndx]
                return name.decode(), st_value - addr + sec_offset, st_size
    raise ValueError("no ICU data symbol in the library")


def trimmed_blob(blob: bytes) -> bytes:
    """ICU common data (a header, then a table of contents of name and data offsets) without the
    items `keep` refuses; items stay 16-byte aligned, as icupkg writes them."""
    (header_size,) = struct.unpack_from("<H", blob, 0)
    (count,) = struct.unpack_from("<I", blob, header_size)
    entries = [struct.unpack_from("<II", blob, header_size + 4 + 8 * i) for i in range(count)]
    ends = [data for _name, data in entries[1:]] + [len(blob) - header_size]
    items = []
    for (name_at, data_at), end in zip(entries, ends):
        start = header_size + name_at
        name = blob[start : blob.index(b"\0", start)]
        if keep(name.decode("ascii").split("/", 1)[1]):
            items.append((name, blob[header_size + data_at : header_size + end]))
    names_at = 4 + 8 * len(items)
    names = b"".join(name + b"\0" for name, _data in items)
    data_at = names_at + len(names)
    data_at += -(header_size + data_at) % 16
    toc, body, name_offset = [struct.pack("<I", len(items))], b"", names_at
    for name, data in items:
        body += b"\0" * (-(header_size + data_at + len(body)) % 16)
        toc.append(struct.pack("<II", name_offset, data_at + len(body)))
        name_offset += len(name) + 1
        body += data
    out = blob[:header_size] + b"".join(toc) + names
    return out + b"\0" * (header_size + data_at - len(out)) + body


def write_trimmed_library(original: Path, folder: Path) -> Path:
    """Build `folder/<original's name>` from `original` with `trimmed_blob`; return its path."""
    elf = original.read_bytes()
    symbol, offset, size = _symbol(elf, re.compile(rb"icudt\d+_dat"))
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "icudata.bin").write_bytes(trimmed_blob(elf[offset : offset + size]))
    (folder / "icudata.S").write_text(
        f".section .rodata\n.globl {symbol}\n.type {symbol}, @object\n.balign 16\n"
        f'{symbol}:\n.incbin "{folder / "icudata.bin"}"\n.size {symbol}, . - {symbol}\n'
        '.section .note.GNU-stack,"",@progbits\n'
    )
    target = folder / original.name
    subprocess.run(["gcc", "-shared", "-nostdlib", "-s", f"-Wl,-soname,{original.name}", "-o", str(target),
                    str(folder / "icudata.S")], check=True)  # fmt: skip
    return target
