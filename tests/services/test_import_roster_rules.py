"""Issue 11, "Importing a roster": a chair's first import gives no false alarms and loses nothing.

The messy roster (tests/messy_roster.py) imports with exactly the warnings written out there by
hand; each rule has its own test besides: year-month birth dates, the import history, the errors
workbook's 警告 sheet, padded names, phone and join-date checks, IDs Excel already damaged.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from messy_roster import (
    EXPECTED_ID_CELLS,
    EXPECTED_NAMES,
    EXPECTED_REJECTIONS,
    EXPECTED_WARNINGS,
    FULL_NUMBERS,
    messy_roster,
    rid,
)
from sqlalchemy import func, select, text

from unionbook.db.models import ImportProblem, ImportRecord, Member
from unionbook.services import activities, members
from unionbook.services.activities import ActivityInput
from unionbook.services.database import Database
from unionbook.services.importing import history as import_history
from unionbook.services.importing import members as member_import
from unionbook.services.importing.activities import import_attendance, plan_attendance
from unionbook.services.importing.aid import import_aid, plan_aid, plan_hardship
from unionbook.services.importing.engine import ID_DAMAGED_MARK, ImportPlan, id_cell_as_read, write_errors_file
from unionbook.services.importing.members import import_members, plan_members
from unionbook.services.members import MemberFilter, MemberInput

ZHANG = rid("44010619850312001")  # 男 1985-03-12


def roster(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    workbook = openpyxl.Workbook()
    workbook.active.title = "花名册"
    workbook.active.append(header)
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def warnings_of(plan: ImportPlan) -> list[tuple[int, str | None, str]]:
    return sorted((w.row, w.column, w.message) for w in plan.warnings)


def assert_matches(found: list[tuple[int, str | None, str]], expected: list[tuple[int, str, str]]) -> None:
    """Exactly the expected (row, column) pairs, each message containing its expected part."""
    assert [(row, column) for row, column, _ in found] == [(row, column) for row, column, _ in expected], found
    for (row, _, message), (_, _, part) in zip(found, expected, strict=True):
        assert part in message, (row, message)


# --- the messy roster: exactly the warnings it should give ------------------------------------


def test_messy_roster_imports_with_exactly_the_expected_warnings(
    db: Database, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    plan = plan_members(messy_roster(tmp_path / "花名册.xlsx"))
    assert_matches(warnings_of(plan), EXPECTED_WARNINGS)
    rejections = sorted((p.row, p.column, p.message) for r in plan.rejected for p in r.problems)
    assert_matches(rejections, EXPECTED_REJECTIONS)
    summary = import_members(db.session_factory, plan)
    assert (summary.new, summary.rejected, summary.warnings) == (11, 3, 8)
    with db.session_factory() as session:
        assert sorted(session.scalars(select(Member.name))) == sorted(EXPECTED_NAMES)
        births = dict(session.execute(select(Member.name, Member.birth_date)).all())
    assert births["萧红"] == date(1985, 3, 12)  # the ID's day, not the sheet's month
    assert births["John Smith"] == date(1980, 5, 1)  # no ID: the month, on its first day
    # The history holds every message, and no full ID or phone number is anywhere.
    messages = import_history.import_messages(db.session_factory, summary.history_id)
    assert len(messages) == 11
    shown = " ".join(m.text() for m in messages) + " ".join(plan.warning_lines() + plan.rejection_lines())
    shown += caplog.text
    assert not [n for n in FULL_NUMBERS if n in shown]


# --- rule 1: a year-month (or year) that agrees with the ID is no warning ---------------------


@pytest.mark.parametrize(
    "cell", ["1985.03", "1985年3月", "198503", "1985-3", "1985/03", "1985.3", 1985.03, 198503, "1985", "1985年", 1985]
)
def test_birth_year_month_agreeing_with_the_id_is_no_warning(tmp_path: Path, cell: object) -> None:
    plan = plan_members(roster(tmp_path / "a.xlsx", ["姓名", "出生年月", "身份证号码"], [["张三", cell, ZHANG]]))
    assert plan.rejected == [] and plan.warnings == []
    assert plan.accepted[0].values["birth_date"] == date(1985, 3, 12)


@pytest.mark.parametrize(
    ("cell", "said"),
    [("1985.04", "1985年4月"), ("1985年2月", "1985年2月"), ("198603", "1986年3月"), ("1984", "1984年"),
     ("1985-03-13", "1985年3月13日"), (date(1985, 3, 1), "1985年3月1日")],
)  # fmt: skip
def test_birth_date_disagreeing_with_the_id_warns(tmp_path: Path, cell: object, said: str) -> None:
    """A real disagreement warns, saying what the sheet said at its own precision (a date cell
    under 出生日期 says a day)."""
    plan = plan_members(roster(tmp_path / "a.xlsx", ["姓名", "出生日期", "身份证号码"], [["张三", cell, ZHANG]]))
    assert [(w.row, w.column) for w in plan.warnings] == [(2, "出生日期")]
    assert plan.warnings[0].message == f"表中为{said}，与证件号码不符，已按证件号码改为 1985-03-12"


def test_a_date_cell_under_a_year_month_header_is_a_month(tmp_path: Path) -> None:
    """Excel keeps "1985-3" typed into a date cell as 1985-03-01; under 出生年月 that is March."""
    rows = [["张三", datetime(1985, 3, 1), ZHANG], ["李四", datetime(1990, 8, 1), rid("44010619900715001")]]
    plan = plan_members(roster(tmp_path / "a.xlsx", ["姓名", "出生年月", "身份证号码"], rows))
    assert [w.row for w in plan.warnings] == [3] and plan.warnings[0].message.startswith("表中为1990年8月，")


def test_a_year_alone_is_still_refused_for_other_dates(tmp_path: Path) -> None:
    plan = plan_members(roster(tmp_path / "a.xlsx", ["姓名", "身份证号码", "入会时间"], [["张三", ZHANG, "2010"]]))
    assert "只有年份" in plan.rejection_lines()[0] or "无法识别" in plan.rejection_lines()[0]


# --- rule 2: the import history ----------------------------------------------------------------


def test_import_history_keeps_file_counts_warnings_and_rejections(db: Database, tmp_path: Path) -> None:
    plan = plan_members(messy_roster(tmp_path / "花名册.xlsx"))
    first = import_members(db.session_factory, plan)
    second = import_members(db.session_factory, plan_members(plan.path), on_duplicate="skip")
    entries = import_history.list_imports(db.session_factory)
    assert [e.id for e in entries] == [second.history_id, first.history_id]  # newest first
    newest, oldest = entries
    assert (oldest.register, oldest.file_name, oldest.sheet, oldest.source) == ("会员", "花名册.xlsx", "花名册", "test")
    assert (oldest.added, oldest.updated, oldest.unchanged, oldest.skipped, oldest.rejected, oldest.warnings) == (
        11, 0, 0, 0, 3, 8,
    )  # fmt: skip
    assert (newest.added, newest.skipped, newest.rejected) == (0, 11, 3)
    assert abs((datetime.now() - oldest.at).total_seconds()) < 60
    messages = import_history.import_messages(db.session_factory, oldest.id)
    # Rejections first, then warnings, each in row order, with sheet, row and column.
    assert [(m.kind_label, m.row, m.column) for m in messages[:3]] == [
        ("拒绝", 11, "身份证号码"), ("拒绝", 12, "身份证号码"), ("拒绝", 13, "身份证号码"),
    ]  # fmt: skip
    assert {m.kind_label for m in messages[3:]} == {"警告"}
    assert [m.row for m in messages[3:]] == sorted(m.row for m in messages[3:])
    assert_matches(sorted((m.row, m.column, m.message) for m in messages[3:]), EXPECTED_WARNINGS)
    assert messages[3].text().startswith("工作表“花名册”第5行（李四）“出生年月”列：表中为1985年3月")
    assert [m.label for m in messages[:3]] == ["郑一", "冯二", "陈三"]
    assert import_history.message_count(db.session_factory, oldest.id) == 11


def test_history_messages_mask_id_and_phone_numbers(db: Database, tmp_path: Path) -> None:
    """An aid list naming an unregistered ID says so with the ID masked, in the plan and the history."""
    f = db.session_factory
    members.save_member(f, MemberInput(name="张三", id_number=ZHANG, join_date_unknown=True))
    stranger = rid("44010619900715002")
    path = roster(
        tmp_path / "送温暖.xlsx", ["姓名", "身份证号码", "金额"], [["张三", ZHANG, 500], ["李四", stranger, 500]]
    )
    plan = plan_aid(path, f, default_program="送温暖", default_date=date(2025, 1, 20))
    masked = "440106********" + stranger[-4:]
    assert plan.rejection_lines() == [
        f"工作表“花名册”第3行“姓名”列：证件号码 {masked} 没有登记（请先在会员名册中登记此人）"
    ]
    summary = import_aid(f, plan)
    stored = import_history.import_messages(f, summary.history_id)
    assert [m.message for m in stored] == [f"证件号码 {masked} 没有登记（请先在会员名册中登记此人）"]
    assert stranger not in stored[0].message


def test_a_failed_import_records_no_history(db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """All or nothing: the entry is written in the import's transaction, so it rolls back with it."""
    plan = plan_members(messy_roster(tmp_path / "花名册.xlsx"))

    def fail(session: object, *args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(member_import, "_write", fail)
    with pytest.raises(RuntimeError):
        import_members(db.session_factory, plan)
    with db.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(ImportRecord)) == 0
        assert session.scalar(select(func.count()).select_from(ImportProblem)) == 0


def test_a_failure_writing_the_history_rolls_the_import_back(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = plan_members(messy_roster(tmp_path / "花名册.xlsx"))

    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("history table missing")

    monkeypatch.setattr(import_history, "record", fail)
    with pytest.raises(RuntimeError):
        import_members(db.session_factory, plan)
    with db.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Member)) == 0


def test_every_register_import_is_recorded(db: Database, tmp_path: Path) -> None:
    f = db.session_factory
    members.save_member(f, MemberInput(name="张三", id_number=ZHANG, department="一车间", join_date_unknown=True))
    act = activities.save_activity(f, ActivityInput(name="培训", category="培训", start_date=date(2024, 6, 1))).id
    sign_in = roster(tmp_path / "签到表.xlsx", ["姓名", "部门"], [["张 三", None], ["赵六", None]])
    assert import_attendance(f, plan_attendance(sign_in, f), act) == 1
    aid_list = roster(tmp_path / "送温暖.xlsx", ["姓名", "金额"], [["张三", 500]])
    import_aid(f, plan_aid(aid_list, f, default_program="送温暖", default_date=date(2025, 1, 20)))
    entries = import_history.list_imports(f)
    assert sorted((e.register, e.file_name, e.added, e.rejected) for e in entries) == [
        ("帮扶发放", "送温暖.xlsx", 1, 0), ("签到名单", "签到表.xlsx", 1, 1),
    ]  # fmt: skip


# --- rule 3: the warnings as a second sheet of the errors workbook -----------------------------


def test_errors_workbook_has_a_warnings_sheet(tmp_path: Path) -> None:
    plan = plan_members(messy_roster(tmp_path / "花名册.xlsx"))
    workbook = openpyxl.load_workbook(write_errors_file(plan, tmp_path / "errors.xlsx"))
    assert workbook.sheetnames == ["花名册-错误行", "警告"]
    rows = [list(r) for r in workbook["警告"].iter_rows(values_only=True)]
    assert rows[0] == ["工作表", "行", "列", "警告"]
    assert_matches(sorted((r[1], r[2], r[3]) for r in rows[1:]), EXPECTED_WARNINGS)
    assert {r[0] for r in rows[1:]} == {"花名册"}
    # The first sheet is still the one a re-import reads.
    again = plan_members(tmp_path / "errors.xlsx")
    assert again.sheet == "花名册-错误行" and len(again.rejected) == 3


def test_errors_workbook_without_warnings_has_no_warnings_sheet(tmp_path: Path) -> None:
    plan = plan_members(roster(tmp_path / "a.xlsx", ["姓名", "身份证号码"], [["张三", ZHANG], ["李四", "4.40101E+17"]]))
    assert openpyxl.load_workbook(write_errors_file(plan, tmp_path / "e.xlsx")).sheetnames == ["花名册-错误行"]


# --- rule 4: names padded for alignment ---------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("萧　红", "萧红"), ("王  芳", "王芳"), (" 李四 ", "李四"), ("\u00a0欧阳 晓明\t", "欧阳晓明"),
     ("John  Smith", "John Smith"), (" Mary Ann  Lee ", "Mary Ann Lee"), ("阿依古丽 · 买买提", "阿依古丽·买买提")],
)  # fmt: skip
def test_padded_names_are_stored_without_padding(tmp_path: Path, typed: str, stored: str) -> None:
    plan = plan_members(roster(tmp_path / "a.xlsx", ["姓名", "部门"], [[typed, "一车间"]]))
    assert plan.accepted[0].values["name"] == stored


def test_padded_names_match_a_registered_person_without_an_id(db: Database, tmp_path: Path) -> None:
    """A roster imported before names were cleaned holds "王 芳"; the same person comes back as "王  芳"."""
    with db.session_factory.begin() as session:
        session.execute(text("INSERT INTO members (name, birth_date, id_type, is_migrant_worker) "
                             "VALUES ('王 芳', '1990-07-01', '居民身份证', FALSE)"))  # fmt: skip
    path = roster(tmp_path / "a.xlsx", ["姓名", "出生年月"], [["王  芳", "1990.07"]])
    summary = import_members(db.session_factory, plan_members(path))
    assert (summary.new, summary.updated) == (0, 1)
    with db.session_factory() as session:
        assert list(session.scalars(select(Member.name))) == ["王芳"]


@pytest.mark.parametrize("query", ["萧红", "萧 红", "萧　红", "王芳", "王  芳", "芳"])
def test_search_finds_names_typed_with_or_without_padding(db: Database, query: str) -> None:
    with db.session_factory.begin() as session:
        # One stored clean, one stored padded (imported before the rule, or typed so in the dialog).
        session.execute(text("INSERT INTO members (name, id_type, is_migrant_worker) VALUES "
                             "('萧红', '居民身份证', FALSE), ('王 芳', '居民身份证', FALSE), ('李四', '居民身份证', FALSE)"))  # fmt: skip
    ids = members.query_member_ids(db.session_factory, MemberFilter(text=query))
    names = {r.name for r in members.fetch_rows(db.session_factory, ids)}
    assert names == ({"萧红"} if "萧" in query else {"王 芳"})


def test_lists_match_padded_names_either_way(db: Database, tmp_path: Path) -> None:
    """Aid lists, sign-in lists and hardship files find 萧红 written "萧　红", and a register entry
    stored padded ("王 芳") written plainly."""
    f = db.session_factory
    members.save_member(f, MemberInput(name="萧红", department="一车间", join_date_unknown=True))
    with f.begin() as session:
        session.execute(
            text("INSERT INTO members (name, id_type, is_migrant_worker) VALUES ('王 芳', '居民身份证', FALSE)")
        )
    names = [["萧　红", 500], ["王芳", 500], ["王  芳", 300]]
    aid_list = roster(tmp_path / "aid.xlsx", ["姓名", "金额"], names)
    aid_plan = plan_aid(aid_list, f, default_program="送温暖", default_date=date(2025, 1, 20))
    assert aid_plan.rejected == [] and len(aid_plan.accepted) == 3
    act = activities.save_activity(f, ActivityInput(name="培训", category="培训", start_date=date(2024, 6, 1))).id
    sign_in = plan_attendance(roster(tmp_path / "sign.xlsx", ["姓名", "部门"], [[n, None] for n, _ in names]), f)
    assert sign_in.rejected == [] and import_attendance(f, sign_in, act) == 2
    hardship = roster(tmp_path / "h.xlsx", ["姓名", "困难类别", "建档日期"],
                      [["萧　红", "相对困难", "2024-01-05"], ["王芳", "相对困难", "2024-01-05"]])  # fmt: skip
    plan = plan_hardship(hardship, f)
    assert plan.rejected == [], plan.rejection_lines()


# --- rule 5: phones and join dates the README promised to check --------------------------------


@pytest.mark.parametrize(
    ("join", "extra", "part"),
    [
        ("2001-03-11", {}, "入会时未满16周岁"),  # the day before the 16th birthday (1985-03-12)
        ("2001.02", {}, "入会时未满16周岁"),  # a month wholly before it
        ("2099-01-01", {}, "晚于今天"),
        ("2020-01-01", {"会籍变化类型": "去世", "会籍变化日期": "2019-12-31"}, "晚于去世日期 2019年12月31日"),
    ],
)
def test_join_date_checks_warn(tmp_path: Path, join: str, extra: dict[str, str], part: str) -> None:
    header = ["姓名", "身份证号码", "入会日期", *extra]
    plan = plan_members(roster(tmp_path / "a.xlsx", header, [["张三", ZHANG, join, *extra.values()]]))
    assert len(plan.accepted) == 1
    assert [(w.row, w.column) for w in plan.warnings] == [(2, "入会日期")]
    assert part in plan.warnings[0].message


@pytest.mark.parametrize(
    ("join", "extra"),
    [
        ("2001-03-12", {}),  # the 16th birthday itself
        ("2001.03", {}),  # the month of the 16th birthday: it may be on or after the day
        ("2010.05", {"会籍变化类型": "去世", "会籍变化日期": "2010.05"}),  # died the month they joined
        ("2010-05-01", {"会籍变化类型": "退会", "会籍变化日期": "2009-01-01"}),  # not a death
    ],
)
def test_join_date_checks_stay_quiet_without_a_real_contradiction(
    tmp_path: Path, join: str, extra: dict[str, str]
) -> None:
    header = ["姓名", "身份证号码", "入会日期", *extra]
    plan = plan_members(roster(tmp_path / "a.xlsx", header, [["张三", ZHANG, join, *extra.values()]]))
    assert plan.warnings == [] and len(plan.accepted) == 1


def test_join_recorded_as_a_membership_change_is_checked_too(tmp_path: Path) -> None:
    """Collection sheets give the join as 会籍变化类型 = 入会 with its date."""
    header = ["姓名", "身份证号码", "会籍变化类型", "会籍变化日期"]
    plan = plan_members(roster(tmp_path / "a.xlsx", header, [["张三", ZHANG, "入会", "1999-05-01"]]))
    assert [w.column for w in plan.warnings] == ["会籍变化日期"]
    assert plan.warnings[0].message.startswith("入会时未满16周岁")


@pytest.mark.parametrize(
    ("phone", "warns"),
    [("13812345678", False), ("0898-66668888", False), ("55556666", True), ("1381234567", True),
     ("138123456789", True), ("12812345678", True)],
)  # fmt: skip
def test_phone_checks_in_an_import(tmp_path: Path, phone: str, warns: bool) -> None:
    plan = plan_members(roster(tmp_path / "a.xlsx", ["姓名", "手机号"], [["张三", phone]]))
    assert [w.column for w in plan.warnings] == (["手机号"] if warns else [])
    assert all(phone not in w.message for w in plan.warnings)


# --- rule 6: an ID Excel already turned into a number, shown as it was read ---------------------


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        (4.40106198503e17, "440106198503000" + ID_DAMAGED_MARK),
        (440106198503121000, "440106198503121" + ID_DAMAGED_MARK),
        (4.40106198503121e17, "440106198503121" + ID_DAMAGED_MARK),  # not 440106198503120992
        ("4.40101E+17", "4.40101E+17"),
        ("4.40101e17", "4.40101e17"),
        (440106850312001, 440106850312001),  # a 15-digit legacy number survives Excel intact
    ],
)
def test_id_cell_as_read(cell: object, shown: object) -> None:
    assert id_cell_as_read(cell) == shown


def test_errors_file_never_shows_a_plausible_18_digit_id(tmp_path: Path) -> None:
    plan = plan_members(messy_roster(tmp_path / "花名册.xlsx"))
    sheet = openpyxl.load_workbook(write_errors_file(plan, tmp_path / "errors.xlsx")).worksheets[0]
    column = [c.value for c in sheet[1]].index("身份证号码")
    cells = [row[column] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert cells == EXPECTED_ID_CELLS
    assert all(isinstance(c, str) and not (len(c) == 18 and c.isdigit()) for c in cells)
    # Re-imported without fixing, the damaged cells are rejected again, never taken for an ID.
    again = plan_members(tmp_path / "errors.xlsx")
    assert again.accepted == [] and len(again.rejected) == 3
