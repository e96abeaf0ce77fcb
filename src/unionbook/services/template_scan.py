"""What each template file was found to hold (its variables, its 期间, or why it cannot be read),
kept between runs so 文档 lists the templates without parsing them again.

Reading a template's variables parses every piece of Jinja in it, and an .xlsx template needs
openpyxl: ~0.6 s for the nine built-in templates on every first show of 文档, whatever the union's
size (issue 17). The answer only changes when the file does, so it is kept in the user's cache
folder under the file's path, modification time and size, and under the program's version (a new
version may read templates differently). The file is a cache, never the truth: anything wrong with
it (missing, unreadable, another version's, a disk that refuses the write) means scanning again.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from unionbook import __version__, paths

log = logging.getLogger(__name__)

CACHE_NAME = "template-scan.json"


@dataclass(frozen=True)
class ScannedTemplate:
    kind: str  # PeriodKind's value: 年度, 上半年, 统计年度
    variables: frozenset[str]
    error: str | None = None


def _stamp(path: Path) -> list[int]:
    stat = path.stat()
    return [stat.st_mtime_ns, stat.st_size]


class ScanCache:
    """The scans of template files, read once per listing and written back when one was added."""

    def __init__(self, file: Path | None, entries: dict[str, dict]) -> None:
        self.file = file  # None: no cache folder could be made, nothing is kept
        self.entries = entries
        self.changed = False

    @classmethod
    @contextmanager
    def opened(cls) -> Iterator[ScanCache]:
        try:
            file: Path | None = paths.cache_dir() / CACHE_NAME
        except OSError:  # the folder cannot be made (a file in its way, no rights): scan every time
            log.warning("no cache folder for the template scans", exc_info=True)
            file = None
        cache = cls(file, {} if file is None else cls._load(file))
        yield cache
        if cache.changed and file is not None:
            cache._save(file)

    @staticmethod
    def _load(file: Path) -> dict[str, dict]:
        try:
            stored = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(stored, dict) or stored.get("version") != __version__:
            return {}
        entries = stored.get("templates")
        return entries if isinstance(entries, dict) else {}

    def get(self, path: Path) -> ScannedTemplate | None:
        entry = self.entries.get(str(path.resolve()))
        try:
            if entry is None or entry["stamp"] != _stamp(path):
                return None
            error = entry.get("error")
            return ScannedTemplate(str(entry["kind"]), frozenset(map(str, entry["variables"])),
                                   None if error is None else str(error))  # fmt: skip
        except (OSError, KeyError, TypeError):
            return None

    def put(self, path: Path, scanned: ScannedTemplate) -> ScannedTemplate:
        try:
            self.entries[str(path.resolve())] = {
                "stamp": _stamp(path),
                "kind": scanned.kind,
                "variables": sorted(scanned.variables),
                "error": scanned.error,
            }
            self.changed = True
        except OSError:  # the file went away while being listed: nothing to keep
            pass
        return scanned

    def _save(self, file: Path) -> None:
        kept = {name: entry for name, entry in self.entries.items() if Path(name).exists()}
        text = json.dumps({"version": __version__, "templates": kept}, ensure_ascii=False)
        temporary = file.with_name(f".{file.name}.{os.getpid()}")
        try:
            temporary.write_text(text, encoding="utf-8")
            os.replace(temporary, file)
        except OSError:
            log.warning("the template scan cache was not written", exc_info=True)
            temporary.unlink(missing_ok=True)
