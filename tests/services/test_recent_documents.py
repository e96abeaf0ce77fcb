"""The recent-documents list: newest first, one entry per file, at most 15, and whatever the
settings file holds read without ever failing."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from unionbook.services.recent_documents import (
    RECENT_LIMIT,
    RecentDocument,
    dump_recent,
    parse_recent,
    with_recent,
    without_recent,
)

WHEN = datetime(2024, 12, 20, 9, 30)


def _doc(name: str, period: str = "2024年") -> RecentDocument:
    return RecentDocument(Path("/union/documents") / name, "年度工作总结", period, WHEN)


def test_recent_documents_round_trip_as_readable_json() -> None:
    entries = [_doc("2024年工作总结.docx"), _doc("2023年工作总结.docx", "2023年")]
    text = dump_recent(entries)
    assert '"template": "年度工作总结"' in text and '"created": "2024-12-20T09:30:00"' in text
    assert parse_recent(text) == entries


def test_recent_documents_unreadable_settings_give_an_empty_or_shorter_list() -> None:
    assert parse_recent("") == []
    assert parse_recent(None) == []
    assert parse_recent("not json") == []
    assert parse_recent('{"path": "/x.docx"}') == []  # not a list
    good = _doc("2024年工作总结.docx").to_json()
    skipped = [{"path": "/a.docx"}, {**good, "created": "yesterday"}, "a string", None]
    assert parse_recent(json.dumps([*skipped, good])) == [_doc("2024年工作总结.docx")]


def test_recent_documents_regenerated_file_moves_to_the_top() -> None:
    first, second = _doc("a.docx"), _doc("b.docx")
    again = RecentDocument(first.path, "年度工作总结", "2024年", datetime(2025, 1, 2, 8, 0))
    assert with_recent([second, first], again) == [again, second]
    assert without_recent([again, second], first.path) == [second]


def test_recent_documents_keep_at_most_the_limit() -> None:
    entries: list[RecentDocument] = []
    for number in range(RECENT_LIMIT + 3):
        entries = with_recent(entries, _doc(f"{number}.docx"))
    assert RECENT_LIMIT == 15 and len(entries) == 15
    assert entries[0].path.name == "17.docx" and entries[-1].path.name == "3.docx"
    assert len(parse_recent(dump_recent(entries + [_doc("x.docx")]))) == 15


def test_recent_documents_missing_file_is_flagged(tmp_path: Path) -> None:
    here = tmp_path / "2024年工作总结.docx"
    here.touch()
    assert not RecentDocument(here, "年度工作总结", "2024年", WHEN).missing
    assert RecentDocument(tmp_path / "gone.docx", "年度工作总结", "2024年", WHEN).missing
