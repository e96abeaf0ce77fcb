"""The list of recently generated documents: what it holds, newest first, and how it is stored.

The list is window state, not records (it names files on this computer, not facts about the
union), so the UI keeps the text this module writes in QSettings; the rules — newest first, one
entry per file, at most RECENT_LIMIT, an unreadable entry skipped rather than fatal — live here,
where they need no Qt to be tested.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

RECENT_LIMIT = 15


@dataclass(frozen=True)
class RecentDocument:
    path: Path
    template: str  # the template's name, "年度工作总结"
    period: str  # the period's label, "2024年"
    created: datetime

    @classmethod
    def now(cls, path: Path, template: str, period: str) -> RecentDocument:
        return cls(path, template, period, datetime.now().replace(microsecond=0))

    @property
    def missing(self) -> bool:
        """The file was moved or deleted since: the list greys it out instead of dropping it."""
        return not self.path.exists()

    def to_json(self) -> dict[str, str]:
        return {
            "path": str(self.path),
            "template": self.template,
            "period": self.period,
            "created": self.created.isoformat(timespec="seconds"),
        }


def parse_recent(raw: object) -> list[RecentDocument]:
    """The entries stored as `dump_recent` wrote them, newest first; anything unreadable (an old
    format, a hand-edited file) is skipped, never fatal."""
    try:
        entries = json.loads(str(raw)) if raw else []
    except ValueError:
        return []
    found = []
    for entry in entries if isinstance(entries, list) else []:
        try:
            found.append(
                RecentDocument(
                    Path(entry["path"]),
                    str(entry["template"]),
                    str(entry["period"]),
                    datetime.fromisoformat(entry["created"]),
                )
            )
        except (KeyError, TypeError, ValueError):
            continue
    return found[:RECENT_LIMIT]


def dump_recent(entries: list[RecentDocument]) -> str:
    """JSON text for the settings file, Chinese kept readable, at most RECENT_LIMIT entries."""
    return json.dumps([e.to_json() for e in entries[:RECENT_LIMIT]], ensure_ascii=False)


def with_recent(entries: list[RecentDocument], document: RecentDocument) -> list[RecentDocument]:
    """`document` first: a regenerated file moves up instead of appearing twice."""
    return ([document] + [e for e in entries if e.path != document.path])[:RECENT_LIMIT]


def without_recent(entries: list[RecentDocument], path: Path) -> list[RecentDocument]:
    return [e for e in entries if e.path != path]
