"""The hardship list in SQL (issue 17): ids in each column's order, the rows on screen without
their family and reviews, and the counts line — on the five files of tests/hardship_files.py."""

from __future__ import annotations

from datetime import date

from hardship_files import TODAY, build_files

from unionbook.services import aid
from unionbook.services.aid import HardshipFilter


def _names(db, files: dict[str, int], flt: HardshipFilter, sort: str = "opened", descending: bool = True) -> list[str]:
    by_id = {i: n for n, i in files.items()}
    return [by_id[i] for i in aid.query_hardship_ids(db.session_factory, flt, sort, descending, today=TODAY)]


def test_each_status_filter_lists_its_files_newest_opened_first(db) -> None:
    files = build_files(db.session_factory)
    assert _names(db, files, HardshipFilter("open")) == ["赵六", "李四", "张三", "钱七"]
    assert _names(db, files, HardshipFilter("closed")) == ["王五"]
    assert _names(db, files, HardshipFilter("all")) == ["赵六", "李四", "张三", "王五", "钱七"]
    # Open at 2024-12-31: 王五 closed only in 2025, 李四 and 赵六 opened after.
    assert _names(db, files, HardshipFilter("year_end", 2024)) == ["张三", "王五", "钱七"]
    assert _names(db, files, HardshipFilter("year_end", 2022)) == ["钱七"]


def test_columns_sort_in_sql(db) -> None:
    files = build_files(db.session_factory)
    every = HardshipFilter("all")
    assert _names(db, files, every, "name", descending=False) == ["李四", "钱七", "王五", "张三", "赵六"]
    assert _names(db, files, every, "name") == ["赵六", "张三", "王五", "钱七", "李四"]
    # Overdue first, then open, then closed; ties newest opened first.
    assert _names(db, files, every, "status", descending=False) == ["张三", "钱七", "赵六", "李四", "王五"]
    # Never reviewed (a 走访 is no 复核) first, ties newest opened first.
    assert _names(db, files, every, "last_review", descending=False) == ["赵六", "张三", "王五", "钱七", "李四"]
    assert _names(db, files, every, "department", descending=False) == ["张三", "王五", "钱七", "赵六", "李四"]


def test_rows_on_screen_carry_the_last_review_but_not_the_family(db) -> None:
    files = build_files(db.session_factory)
    rows = {r.member_name: r for r in aid.fetch_hardship_rows(db.session_factory, [files["李四"], files["赵六"]])}
    assert set(rows) == {"李四", "赵六"}
    assert rows["李四"].last_review == date(2026, 5, 1) and rows["赵六"].last_review is None
    assert rows["李四"].data.family == () and rows["李四"].reviews == ()
    assert rows["李四"].department == "二车间" and rows["李四"].data.opened_on == date(2025, 6, 1)
    whole = aid.get_hardship_file(db.session_factory, files["李四"])  # what the detail panel reads
    assert [m.name for m in whole.data.family] == ["王秀英", "李小明"] and len(whole.reviews) == 1


def test_counts_and_the_overdue_names_come_from_sql(db) -> None:
    build_files(db.session_factory)
    counts = aid.hardship_counts(db.session_factory, HardshipFilter("open"), today=TODAY)
    assert (counts.shown, counts.total, counts.open, counts.closed, counts.overdue) == (4, 5, 4, 1, 2)
    assert counts.overdue_names == ("张三", "钱七")
    two = aid.hardship_counts(db.session_factory, HardshipFilter("year_end", 2024), today=TODAY, names=1)
    assert (two.shown, two.overdue, two.overdue_names) == (3, 2, ("张三",))
    # A year later 李四's 复核 of 2026-05-01 is due too.
    later = aid.hardship_counts(db.session_factory, HardshipFilter("open"), today=date(2027, 6, 1))
    assert later.overdue_names == ("李四", "张三", "钱七")
