"""Importing rosters: the rules of the member import, on files made the way chairs make them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from forms import member_collection_form
from sqlalchemy import func, inspect, select

from unionbook.db.models import AuditEntry, EmploymentEvent, Member, MembershipEvent
from unionbook.domain.errors import InputError, OperationCancelled
from unionbook.domain.idnumber import check_digit
from unionbook.services.database import Database
from unionbook.services.importing import members as member_import
from unionbook.services.importing.engine import write_errors_file
from unionbook.services.importing.members import import_members, plan_members


def rid(prefix17: str) -> str:
    """A valid 18-digit resident ID from its first 17 digits."""
    return prefix17 + check_digit(prefix17)


ZHANG = rid("44010619850312001")  # 男, 1985-03-12
LI = rid("44010619900715002")  # 女, 1990-07-15
WANG = rid("33010619781120003")  # 男, 1978-11-20

HEADER = ["序号", "姓名", "性别", "身份证号码", "出生日期", "部门", "手机号", "入会时间", "学历", "是否农民工"]


def make_xlsx(path: Path, rows: list[list[object]], *, header: list[str] = HEADER, title: bool = True) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "花名册"
    if title:
        sheet.append(["某某公司工会会员花名册"])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
        sheet.append(["填报单位：某某公司工会", None, None, None, "填报日期：2024年12月"])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for cell in sheet["D"]:
        cell.number_format = "@"
    workbook.save(path)
    return path


def count(db: Database, model: type) -> int:
    with db.session_factory() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def good_rows() -> list[list[object]]:
    return [
        [1, "张三", "男", ZHANG, date(1985, 3, 12), "生产一车间", "13812345678", "2010.5", "本科", "否"],
        [2, "李四", "女", LI, "1990/7/15", "质检部", "13912345678", "2015年3月", "大专", "是"],
        [3, "王五", "男", WANG, "", "销售部", "", "20180601", "高中", ""],
    ]


# --- planning (no database) -------------------------------------------------------------------


def test_header_row_is_found_below_title_rows(tmp_path: Path) -> None:
    plan = plan_members(make_xlsx(tmp_path / "a.xlsx", good_rows()))
    assert plan.mapping.header_row == 2
    assert [r.values["name"] for r in plan.accepted] == ["张三", "李四", "王五"]
    assert plan.accepted[1].values["join_date"] == date(2015, 3, 1)
    assert plan.accepted[1].values["education"] == "大学专科"
    assert plan.accepted[1].values["is_migrant_worker"] is True
    assert plan.accepted[2].values["birth_date"] == date(1978, 11, 20)  # derived from the ID
    assert plan.rejected == []


def test_headers_with_notes_and_line_breaks_are_understood(tmp_path: Path) -> None:
    header = ["姓名", "证件号码\n(填写18位身份证)", "出生日期（格式：yyyy/MM/dd）", "是否农民工会员\n填写“是”或“否”", "籍贯"]
    path = make_xlsx(tmp_path / "b.xlsx", [["张三", ZHANG, "1985/03/12", "是", "广东"]], header=header, title=False)
    plan = plan_members(path)
    assert set(plan.mapping.columns.values()) == {"name", "id_number", "birth_date", "is_migrant_worker"}
    assert plan.mapping.unknown == ["籍贯"]
    assert plan.accepted[0].values["is_migrant_worker"] is True


@pytest.mark.parametrize(
    ("id_cell", "fragment"),
    [
        ("44010619850312", "18位"),
        (rid("44010619850230001"), "不存在"),
        (ZHANG[:-1] + ("0" if ZHANG[-1] != "0" else "1"), "校验位"),
        (440106198503120000, "Excel 已把证件号码当作数字存储"),
        (4.40106198503e17, "Excel 已把证件号码当作数字存储"),
        ("4.40101E+17", "Excel 已把证件号码当作数字存储"),
    ],
)
def test_bad_id_numbers_reject_the_row_naming_sheet_row_and_column(tmp_path: Path, id_cell: object, fragment: str) -> None:
    rows = good_rows()
    rows[0][3] = id_cell
    plan = plan_members(make_xlsx(tmp_path / "c.xlsx", rows))
    assert [r.row for r in plan.rejected] == [4]
    line = plan.rejection_lines()[0]
    assert line.startswith("工作表“花名册”第4行“身份证号码”列：")
    assert fragment in line
    assert len(plan.accepted) == 2


def test_fifteen_digit_ids_are_converted_and_lowercase_x_fixed(tmp_path: Path) -> None:
    rows = [["张三", "440106850312001", ""], ["赵六", "11010519491231002x", ""]]
    plan = plan_members(make_xlsx(tmp_path / "d.xlsx", rows, header=["姓名", "身份证号", "部门"], title=False))
    numbers = [r.values["id_number"] for r in plan.accepted]
    assert numbers == ["440106198503120015", "11010519491231002X"]  # check digits worked in test_idnumber


def test_row_rejections_besides_id_numbers(tmp_path: Path) -> None:
    rows = good_rows() + [
        [4, "张三二", "男", ZHANG, "", "", "", "", "", ""],  # same ID as row 4
        [5, "", "", LI[:-1] + "0" if LI[-1] != "0" else LI[:-1] + "1", "", "", "", "", "", ""],
        [6, "", "女", rid("44010619920101002"), "", "", "", "", "", ""],  # ID but no name
        [7, "陈七", "女", "", "1992-13-45", "", "", "", "", ""],  # impossible date
    ]
    plan = plan_members(make_xlsx(tmp_path / "e.xlsx", rows))
    reasons = {r.row: " ".join(p.message for p in r.problems) for r in plan.rejected}
    assert "与第4行的证件号码相同" in reasons[7]
    assert "有证件号码但没有姓名" in reasons[9]
    assert "1992-13-45" in reasons[10]
    assert [r.values["name"] for r in plan.accepted] == ["张三", "李四", "王五"]


def test_warnings_keep_the_row(tmp_path: Path) -> None:
    rows = [[1, "张三", "女", ZHANG, "1985-01-01", "车间", "1381234", "", "博士后", "否"]]
    plan = plan_members(make_xlsx(tmp_path / "f.xlsx", rows))
    assert len(plan.accepted) == 1
    values = plan.accepted[0].values
    assert values["gender"] == "男" and values["birth_date"] == date(1985, 3, 12)  # the ID wins
    warnings = " ".join(plan.warning_lines())
    assert "性别" in warnings and "出生日期" in warnings
    assert "“手机号”列：电话号码既不是11位手机号，也不是带区号的固定电话（这里是7位数字）" in warnings
    assert "“博士后”不在代码表中" in warnings and values["education"] == "博士后"


def test_unknown_address_code_is_only_a_warning(tmp_path: Path) -> None:
    odd = rid("99990119850312001")
    plan = plan_members(make_xlsx(tmp_path / "g.xlsx", [["孙八", odd]], header=["姓名", "证件号码"], title=False))
    assert plan.accepted and plan.accepted[0].values["id_number"] == odd
    assert "地址码 999901" in " ".join(plan.warning_lines())


def test_totals_signatures_and_empty_rows_are_skipped_silently(tmp_path: Path) -> None:
    rows = [
        *good_rows(),
        [None] * 10,
        [4] + [None] * 9,  # a pre-numbered template row with nothing filled in
        ["合计", "3人"] + [None] * 8,
        ["填表人：王会计", None, None, "审核人：李主席"] + [None] * 6,
    ]
    plan = plan_members(make_xlsx(tmp_path / "h.xlsx", rows))
    assert len(plan.accepted) == 3 and plan.rejected == []


def test_gbk_csv_imports(tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    path.write_bytes(f"姓名,身份证号,部门\n张三,{ZHANG},一车间\n李四,{LI},二车间\n".encode("gbk"))
    plan = plan_members(path)
    assert [r.values["department"] for r in plan.accepted] == ["一车间", "二车间"]


def test_file_without_a_header_is_unusable(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "i.xlsx", [["a", "b"]], header=["甲", "乙"], title=False)
    with pytest.raises(InputError, match="找不到表头"):
        plan_members(path)


# --- writing ---------------------------------------------------------------------------------


def test_import_writes_people_events_and_one_audit_entry(db: Database, tmp_path: Path) -> None:
    plan = plan_members(make_xlsx(tmp_path / "a.xlsx", good_rows()))
    summary = import_members(db.session_factory, plan)
    assert (summary.new, summary.updated, summary.unchanged, summary.rejected) == (3, 0, 0, 0)
    with db.session_factory() as session:
        zhang = session.scalars(select(Member).where(Member.id_number == ZHANG)).one()
        assert zhang.name_initials == "zs"
        joins = session.scalars(select(MembershipEvent).where(MembershipEvent.member_id == zhang.id)).all()
        assert [(e.kind, e.date) for e in joins] == [("入会", date(2010, 5, 1))]
        statuses = session.scalars(select(EmploymentEvent.status).where(EmploymentEvent.member_id == zhang.id)).all()
        assert statuses == ["在岗"]
        entries = session.scalars(select(AuditEntry).where(AuditEntry.action == "import")).all()
        assert len(entries) == 1 and entries[0].changes["new"] == 3


def test_importing_the_same_file_twice_changes_nothing(db: Database, tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "a.xlsx", good_rows())
    import_members(db.session_factory, plan_members(path))
    before = (count(db, Member), count(db, MembershipEvent), count(db, EmploymentEvent))
    again = import_members(db.session_factory, plan_members(path))
    assert (again.new, again.updated, again.unchanged) == (0, 0, 3)
    assert (count(db, Member), count(db, MembershipEvent), count(db, EmploymentEvent)) == before


def test_duplicates_update_or_skip(db: Database, tmp_path: Path) -> None:
    import_members(db.session_factory, plan_members(make_xlsx(tmp_path / "a.xlsx", good_rows())))
    changed = good_rows()
    changed[0][5] = "装配车间"
    path = make_xlsx(tmp_path / "b.xlsx", changed)
    skipped = import_members(db.session_factory, plan_members(path), on_duplicate="skip")
    assert (skipped.skipped, skipped.updated) == (3, 0)
    updated = import_members(db.session_factory, plan_members(path))
    assert (updated.updated, updated.unchanged) == (1, 2)
    with db.session_factory() as session:
        assert session.scalar(select(Member.department).where(Member.id_number == ZHANG)) == "装配车间"
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "update")).one()
        assert entry.changes == {"department": ["生产一车间", "装配车间"]}


def test_people_without_id_match_by_name_and_birth_date(db: Database, tmp_path: Path) -> None:
    rows = [["周九", "1980-02-03", "一车间"]]
    header = ["姓名", "出生日期", "部门"]
    import_members(db.session_factory, plan_members(make_xlsx(tmp_path / "a.xlsx", rows, header=header)))
    rows[0][2] = "二车间"
    summary = import_members(db.session_factory, plan_members(make_xlsx(tmp_path / "b.xlsx", rows, header=header)))
    assert (summary.new, summary.updated) == (0, 1)
    assert count(db, Member) == 1


def test_a_person_twice_in_one_file_is_added_once_and_completed(db: Database, tmp_path: Path) -> None:
    """The writer remembers who it has just added: 周九 without an ID twice (the second row fills in
    the phone), then with his ID (he gets it); 吴十 and another 吴十 born the same day with other IDs
    are two people."""
    header = ["姓名", "出生日期", "身份证号码", "手机号", "部门"]
    wu_a, wu_b = rid("44010619800203001"), rid("44010619800203011")
    rows = [
        ["周九", "1980-02-03", None, None, "一车间"],
        ["周九", "1980-02-03", None, "13812345678", "一车间"],
        ["周九", "1980-02-03", rid("44010619800203031"), None, None],
        ["吴十", "1980-02-03", wu_a, None, "二车间"],
        ["吴十", "1980-02-03", wu_b, None, "三车间"],
    ]
    summary = import_members(db.session_factory, plan_members(make_xlsx(tmp_path / "a.xlsx", rows, header=header)))
    assert (summary.new, summary.updated, summary.unchanged) == (3, 2, 0)
    with db.session_factory() as session:
        people = session.execute(select(Member.name, Member.id_number, Member.phone, Member.department)
                                 .order_by(Member.id)).all()  # fmt: skip
        joins = session.scalar(select(func.count()).select_from(MembershipEvent))
    assert [tuple(p) for p in people] == [
        ("周九", rid("44010619800203031"), "13812345678", "一车间"),
        ("吴十", wu_a, None, "二车间"),
        ("吴十", wu_b, None, "三车间"),
    ]
    assert joins == 3


def test_a_failure_while_writing_leaves_the_database_unchanged(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = plan_members(make_xlsx(tmp_path / "a.xlsx", good_rows()))
    original = member_import._write

    def write_then_fail(session, *args):  # noqa: ANN001, ANN002, ANN202
        original(session, *args)
        raise RuntimeError("disk full")

    monkeypatch.setattr(member_import, "_write", write_then_fail)
    with pytest.raises(RuntimeError):
        import_members(db.session_factory, plan)
    assert count(db, Member) == count(db, MembershipEvent) == count(db, AuditEntry) == 0


def test_cancel_leaves_the_database_unchanged(db: Database, tmp_path: Path) -> None:
    plan = plan_members(make_xlsx(tmp_path / "a.xlsx", good_rows()))
    with pytest.raises(OperationCancelled):
        import_members(db.session_factory, plan, cancelled=lambda: True)
    assert count(db, Member) == 0


def test_errors_file_holds_original_cells_and_reasons_and_reimports_once_fixed(db: Database, tmp_path: Path) -> None:
    rows = good_rows()
    bad = ZHANG[:-1] + ("0" if ZHANG[-1] != "0" else "1")
    rows[0][3] = bad
    plan = plan_members(make_xlsx(tmp_path / "a.xlsx", rows))
    errors = write_errors_file(plan, tmp_path / "errors.xlsx", {"身份证号码"})
    sheet = openpyxl.load_workbook(errors).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][:4] == ["序号", "姓名", "性别", "身份证号码"] and values[0][-1] == "错误原因"
    assert values[1][1] == "张三" and values[1][3] == bad
    assert "校验位" in values[1][-1] and values[1][-1].startswith("第4行")
    sheet["D2"] = ZHANG  # the chair fixes the number and imports the errors file again
    sheet.parent.save(errors)
    fixed = plan_members(errors)
    assert fixed.rejected == [] and [r.values["id_number"] for r in fixed.accepted] == [ZHANG]


def test_provincial_collection_sheet_imports(db: Database, tmp_path: Path) -> None:
    """A filled 会员信息采集表 (tests/forms.py): header on row 4 under title rows, line-broken
    headers, values spelled the upstream way (大专, 农业户口, 党员) and an 入会 change per person."""
    people = [
        ["张三", "男", "1985/03/12", "汉族", "在岗", "居民身份证", ZHANG, "本科", "无", "13812345678", "非农业户口",
         "广州", "入会", "2010/05/01", "", "党员", "某公司", "广东", "否"],
        ["李四", "女", "1990/07/15", "黎族", "在岗", "居民身份证", LI, "大专", "无", "13912345678", "农业户口",
         "海口", "入会", "2015/03/01", "", "群众", "某公司", "海南", "是"],
    ]  # fmt: skip
    plan = plan_members(member_collection_form(tmp_path / "采集表.xlsx", people).path)
    assert plan.sheet == "会员信息" and plan.mapping.header_row == 3
    assert plan.rejected == [], plan.rejection_lines()
    assert len(plan.accepted) == 2  # the blank rows and the 填表说明 under them are not people
    zhang, li = (row.values for row in plan.accepted)
    assert (zhang["name"], zhang["id_number"], zhang["birth_date"], zhang["ethnicity"]) == (
        "张三", ZHANG, date(1985, 3, 12), "汉族",
    )
    assert (zhang["hukou_type"], zhang["education"], zhang["political_status"], zhang["is_migrant_worker"]) == (
        "城镇", "大学本科", "中共党员", False,
    )
    assert (li["hukou_type"], li["education"], li["political_status"], li["is_migrant_worker"]) == (
        "农村", "大学专科", "群众", True,
    )
    summary = import_members(db.session_factory, plan)
    assert summary.new == 2
    with db.session_factory() as session:
        events = session.execute(select(MembershipEvent.kind, MembershipEvent.date)).all()
        # The sheet's 入会 change is the join itself, not a second event.
        assert sorted(events) == [("入会", date(2010, 5, 1)), ("入会", date(2015, 3, 1))]


def test_xls_saved_by_libreoffice_imports(db: Database, tmp_path: Path) -> None:
    from conftest import libreoffice_convert

    xls = libreoffice_convert(make_xlsx(tmp_path / "花名册.xlsx", good_rows()), "xls", tmp_path / "xls")
    plan = plan_members(xls)
    assert plan.rejected == [], plan.rejection_lines()
    assert import_members(db.session_factory, plan).new == 3
    assert plan.accepted[0].values["id_number"] == ZHANG


def _index_names(db: Database) -> set[str]:
    with db.engine.connect() as connection:
        found = inspect(connection)
        return {ix["name"] for t in ("members", "membership_events", "employment_events") for ix in found.get_indexes(t)}


def _big_roster(path: Path, people: int) -> Path:
    rows = []
    for n in range(people):
        birth = date(1970, 1, 1).toordinal() + n * 7 % 12000
        digits = f"440106{date.fromordinal(birth):%Y%m%d}{n % 999 + 1:03d}"
        rows.append([n + 1, f"职工{n:04d}", None, rid(digits), None, f"车间{n % 7}", None, "2015-03-01", None, None])
    return make_xlsx(path, rows, title=False)


def test_a_first_roster_builds_the_indexes_after_its_rows(db: Database, tmp_path: Path) -> None:
    """1,200 people into an empty register: the indexes are dropped while the rows go in and are
    all there again afterwards, and the people are found through them."""
    indexes = _index_names(db)
    assert {"ix_members_name", "ix_members_name_pinyin", "ix_membership_events_member_date"} <= indexes
    summary = import_members(db.session_factory, plan_members(_big_roster(tmp_path / "a.xlsx", 1200)))
    assert summary.new == 1200
    assert _index_names(db) == indexes
    with db.session_factory() as session:
        assert session.scalar(select(Member.department).where(Member.name == "职工0700")) == "车间0"
        if db.on_server:
            return  # the server checks its own pages; the rest of the test is SQLite's file
        check = session.connection().exec_driver_sql("PRAGMA integrity_check").scalar()
    assert check == "ok"


def test_a_first_roster_is_written_with_a_larger_page_cache_given_back_after(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite's 2 MB of pages per connection would spill a big roster to the WAL before the commit:
    its rows go in with 32 MiB, and the connection has its 2 MB again afterwards, failed or not."""
    if db.on_server:
        pytest.skip("PostgreSQL keeps its own buffers")
    plan = plan_members(_big_roster(tmp_path / "a.xlsx", 1200))
    seen: list[int] = []
    original = member_import.insert_rows

    def insert_and_look(session, table, *args):  # noqa: ANN001, ANN002, ANN202
        seen.append(session.connection().exec_driver_sql("PRAGMA cache_size").scalar())
        original(session, table, *args)

    monkeypatch.setattr(member_import, "insert_rows", insert_and_look)
    import_members(db.session_factory, plan)
    assert seen == [-32768, -32768, -32768]
    with db.session_factory() as session:
        connection = session.connection()
        assert connection.exec_driver_sql("PRAGMA cache_size").scalar() == -2000
        with pytest.raises(RuntimeError), member_import.page_cache_of(session):
            assert connection.exec_driver_sql("PRAGMA cache_size").scalar() == -32768
            raise RuntimeError("disk full")
        assert connection.exec_driver_sql("PRAGMA cache_size").scalar() == -2000


def test_a_failure_while_the_indexes_are_dropped_keeps_them(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk fills up after the people are in and before the indexes are back: nothing changes."""
    indexes = _index_names(db)
    plan = plan_members(_big_roster(tmp_path / "a.xlsx", 1200))
    original = member_import.insert_rows

    def insert_then_fail(session, table, *args):  # noqa: ANN001, ANN002, ANN202
        if table.name == "employment_events":
            assert "ix_members_name" not in {ix["name"] for ix in inspect(session.connection()).get_indexes("members")}
            raise RuntimeError("disk full")
        original(session, table, *args)

    monkeypatch.setattr(member_import, "insert_rows", insert_then_fail)
    with pytest.raises(RuntimeError):
        import_members(db.session_factory, plan)
    assert count(db, Member) == 0 and _index_names(db) == indexes
