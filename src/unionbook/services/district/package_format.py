"""The data package file: what a grassroots union sends its district for a year.

    manifest.json   format, version, year, union, what made it and when, each entry's SHA-256 and
                    size, and `content_sha256`: one SHA-256 over the entries' names and digests
    package.json    profile, 统计信息, period, every figure of the registry and 上年, for the calendar
                    year and (`statistical`, since version 2) for the 统计年度 ending in its September
    people.json     (version 2) the people behind the distinct-person figures, by key, not by ID
                    number (services/district/people.py)
    members.json    (with --with-registers) one row per person on the roster at the year's end

Version 1 packages (no statistical year, no people.json) are still read: the district reports the
statistical year as missing for them, never as zero.

Reading trusts nothing: only these names, sizes bounded before anything is read, every entry's
digest and the content digest checked, and the JSON's shape checked, so a damaged or edited
package is refused with one sentence naming the file. A checksum proves the file is as it was
written — against a broken download, a truncated USB copy, a number changed by hand in the JSON —
not who wrote it: anyone with this program can write a valid package (README, "区总").
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from unionbook import __version__
from unionbook.domain.errors import InputError
from unionbook.fileio.durable import fsync_file

FORMAT = "unionbook-package"
FORMAT_VERSION = 2
#: Versions this program reads: 1 lacks the statistical year and people.json.
READABLE_VERSIONS = (1, 2)
MANIFEST = "manifest.json"
CONTENT = "package.json"
MEMBERS = "members.json"
PEOPLE = "people.json"
ENTRIES = (CONTENT, MEMBERS, PEOPLE)
SUFFIX = ".ubpkg"
#: A package of 100,000 people is about 12 MB of JSON; anything far bigger is not ours.
_MAX_ENTRY = 400 << 20


@dataclass(frozen=True)
class Package:
    """A package as read and verified: the manifest and the decoded entries."""

    manifest: dict
    content: dict
    members: list[list] | None  # None: sent without registers
    people: list[list] | None = None  # [key, calendar bits, statistical bits]; None: a version 1 package

    @property
    def year(self) -> int:
        return int(self.content["year"])

    @property
    def version(self) -> int:
        return int(self.manifest["version"])

    @property
    def statistical(self) -> dict | None:
        """The 统计年度's period, figures and 上年; None when the package predates them."""
        return self.content.get("statistical")


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def content_digest(entries: dict[str, str]) -> str:
    """One SHA-256 over the entries' names and digests, in name order."""
    return _digest("".join(f"{name}\n{sha}\n" for name, sha in sorted(entries.items())).encode())


def _encode(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def write_package(target: Path, content: dict, members: list[list] | None, people: list[list] | None = None) -> int:
    """Write the package to `target` (through a temporary file, so a failure leaves no half file);
    returns its size."""
    blobs = {CONTENT: _encode(content)}
    if members is not None:
        blobs[MEMBERS] = _encode(members)
    if people is not None:
        blobs[PEOPLE] = _encode(people)
    digests = {name: _digest(data) for name, data in blobs.items()}
    manifest = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "year": content["year"],
        "union_name": content["profile"].get("union_name", ""),
        "created": datetime.now().isoformat(timespec="seconds"),
        "app_version": __version__,
        "entries": {name: {"sha256": digests[name], "size": len(blobs[name])} for name in blobs},
        "content_sha256": content_digest(digests),
    }
    target = Path(target)
    partial = target.with_name(target.name + ".part")
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
            for name, data in blobs.items():
                zf.writestr(name, data)
        fsync_file(partial)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return target.stat().st_size


def _refuse(path: Path, why: str) -> InputError:
    return InputError(detail=f"数据包 {path.name} 无法使用：{why}。请让基层工会重新导出（unionbook package）后再导入")


def read_package(path: Path) -> Package:
    """Read and verify a package; InputError (exit 2) naming the file when it is not one, is
    damaged, or was edited after it was written."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(detail=f"找不到数据包 {path}") from None
    except OSError as exc:
        raise InputError(detail=f"无法读取数据包 {path}：{exc.strerror or exc}") from None
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            infos = {info.filename: info for info in zf.infolist()}
            unknown = sorted(set(infos) - {MANIFEST, *ENTRIES})
            if MANIFEST not in infos:
                raise _refuse(path, "不是 UnionBook 数据包（缺少 manifest.json）")
            if unknown:
                raise _refuse(path, f"含有不属于数据包的文件 {'、'.join(unknown[:3])}")
            if any(info.file_size > _MAX_ENTRY for info in infos.values()):
                raise _refuse(path, "内容大小异常")
            manifest = json.loads(zf.read(MANIFEST))
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                raise _refuse(path, "不是 UnionBook 数据包")
            if type(manifest.get("version")) is not int or manifest["version"] not in READABLE_VERSIONS:
                raise _refuse(path, f"格式版本 {manifest.get('version')} 本软件不认识，请升级本软件")
            declared = manifest.get("entries")
            if not isinstance(declared, dict) or CONTENT not in declared or set(declared) - set(ENTRIES):
                raise _refuse(path, "清单不完整")
            blobs = {}
            for name, meta in declared.items():
                if name not in infos:
                    raise _refuse(path, f"缺少 {name}")
                blobs[name] = zf.read(name)
                if _digest(blobs[name]) != meta.get("sha256"):
                    raise _refuse(path, f"{name} 的校验值不符，文件已损坏或被改动过")
            if set(infos) - {MANIFEST} - set(declared):
                raise _refuse(path, "含有清单之外的内容，文件被改动过")
            if content_digest({n: m["sha256"] for n, m in declared.items()}) != manifest.get("content_sha256"):
                raise _refuse(path, "总校验值不符，清单被改动过")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, KeyError, TypeError, AttributeError):
        raise _refuse(path, "文件已损坏或不是数据包") from None
    try:
        content = json.loads(blobs[CONTENT])
        members = json.loads(blobs[MEMBERS]) if MEMBERS in blobs else None
        people = json.loads(blobs[PEOPLE]) if PEOPLE in blobs and manifest["version"] >= 2 else None
        _check_shape(content, members)
        if manifest["version"] >= 2:
            _check_v2(content, people)
    except (ValueError, KeyError, TypeError) as exc:
        raise _refuse(path, f"内容格式不对（{exc}）") from None
    if content["year"] != manifest.get("year"):
        raise _refuse(path, "清单与内容的年度不一致")
    return Package(manifest=manifest, content=content, members=members, people=people)


def _check_shape(content: object, members: object) -> None:
    if not isinstance(content, dict):
        raise TypeError("package.json 不是对象")
    for key, kind in (("year", int), ("profile", dict), ("facts", dict), ("figures", dict), ("previous", dict)):
        if not isinstance(content.get(key), kind):
            raise KeyError(key)
    for key in ("figures", "previous"):
        _check_figures(content[key])
    if members is not None and not (isinstance(members, list) and all(isinstance(r, list) for r in members)):
        raise TypeError("members.json 不是名单")


def _check_figures(figures: dict) -> None:
    for name, value in figures.items():
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise TypeError(f"{name} 的值不是数字")
        if isinstance(value, str):
            try:
                if not Decimal(value).is_finite():
                    raise InvalidOperation
            except InvalidOperation:
                raise TypeError(f"{name} 的值“{value[:20]}”不是数字") from None


def _check_v2(content: dict, people: object) -> None:
    """Version 2's additions: the statistical year and people.json are both there and well formed."""
    statistical = content.get("statistical")
    if not isinstance(statistical, dict):
        raise KeyError("statistical")
    for key in ("figures", "previous"):
        if not isinstance(statistical.get(key), dict):
            raise KeyError(f"statistical.{key}")
        _check_figures(statistical[key])
    period = statistical.get("period")
    if not (isinstance(period, list) and len(period) == 2 and all(isinstance(d, str) for d in period)):
        raise KeyError("statistical.period")
    bits = content.get("people", {}).get("bits") if isinstance(content.get("people"), dict) else None
    if not (isinstance(bits, list) and all(isinstance(name, str) for name in bits)):
        raise KeyError("people.bits")
    if people is None:
        raise KeyError(PEOPLE)
    if not isinstance(people, list) or not all(
        isinstance(r, list) and len(r) == 3 and isinstance(r[0], str) and len(r[0]) <= 64
        and all(isinstance(b, int) and not isinstance(b, bool) and b >= 0 for b in r[1:])
        for r in people
    ):  # fmt: skip
        raise TypeError("people.json 不是名单")
