"""A roster is read and checked a chunk of rows at a time (engine.CHUNK_ROWS): what a row says must
not depend on which chunk it fell into, and accepted rows keep their values without a dict each."""

from __future__ import annotations

import gc
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from unionbook.domain.errors import InputError
from unionbook.domain.idnumber import check_digit
from unionbook.services.database import Database
from unionbook.services.importing import engine
from unionbook.services.importing.members import import_members, plan_members


def rid(prefix17: str) -> str:
    return prefix17 + check_digit(prefix17)


ZHANG = rid("44010619850312001")  # 男, 1985-03-12
LI = rid("44010619900715002")  # 女, 1990-07-15
WANG = rid("33010619781120003")  # 男, 1978-11-20
ZHAO = rid("11010519700101004")  # 女, 1970-01-01


def _roster(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "花名册"
    sheet.append(["某某公司工会会员花名册"])
    sheet.append(["姓名", "身份证号码", "部门", "是否农民工", "入会时间", "备注"])
    rows = [
        ["张三", ZHANG, "一车间", "是", date(2010, 5, 1), None],  # row 3, first chunk
        ["李四", LI, "一车间", 1, "2015.3", None],  # row 4: 1 here, True below — not the same cell
        ["王五", WANG, "二车间", True, date(2018, 6, 1), None],  # row 5, second chunk
        ["合计", None, None, None, None, None],  # row 6: a totals line, not a person
        ["赵六", ZHANG, "二车间", "否", date(2019, 1, 1), None],  # row 7: the ID of row 3
        ["钱七", ZHAO, "三车间", "也许", "2015.3", "调入"],  # row 8: 是否农民工 unreadable, a warning
    ]
    for row in rows:
        sheet.append(row)
    sheet.cell(row=3, column=9, value=" ")  # a cell of spaces far right: not a column of the sheet
    workbook.save(path)
    return path


@pytest.mark.parametrize("chunk", [2, 3, 4096])
def test_chunks_do_not_change_what_rows_say(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    monkeypatch.setattr(engine, "CHUNK_ROWS", chunk)
    plan = plan_members(_roster(tmp_path / "花名册.xlsx"))

    assert [row.row for row in plan.accepted] == [3, 4, 5, 8]
    assert plan.rejection_lines() == ["工作表“花名册”第7行“身份证号码”列：与第3行的证件号码相同"]
    assert plan.warning_lines() == ["工作表“花名册”第8行“是否农民工”列：“也许”应为“是”或“否”，已忽略"]
    assert [row.values["is_migrant_worker"] for row in plan.accepted] == [True, True, True, None]
    assert [row.values["join_date"] for row in plan.accepted] == [
        date(2010, 5, 1), date(2015, 3, 1), date(2018, 6, 1), date(2015, 3, 1)
    ]  # fmt: skip
    # As read_sheet trims the sheet: six columns, the blank one after 备注 is not one of them.
    assert plan.header == ["姓名", "身份证号码", "部门", "是否农民工", "入会时间", "备注"]
    assert plan.rejected[0].raw == ["赵六", ZHANG, "二车间", "否", date(2019, 1, 1), ""]


def test_accepted_rows_read_like_dicts_and_cannot_change(tmp_path: Path) -> None:
    plan = plan_members(_roster(tmp_path / "花名册.xlsx"))
    first = plan.accepted[0]

    assert first.raw == []  # the roster's accepted rows drop their cells
    assert first.values["name"] == "张三" and first.values.get("department") == "一车间"
    assert first.values.get("phone") is None and first.values.get("no such field", "—") == "—"
    # Every field of the roster's layout is there, None when the row has nothing for it.
    assert "id_number" in first.values and first.values["masked_id"] is None
    assert dict(first.values)["birth_date"] == date(1985, 3, 12)  # from the ID number
    assert first.values == dict(first.values)
    with pytest.raises(TypeError):
        first.values["name"] = "张三丰"  # type: ignore[index]


def test_a_chunked_plan_imports_every_accepted_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "CHUNK_ROWS", 2)
    with Database.open(tmp_path / "u.sqlite") as db:
        summary = import_members(db.session_factory, plan_members(_roster(tmp_path / "花名册.xlsx")))
        assert summary.line() == "新增 4 人，更新 0 人，未变 0 人，拒绝 1 行，跳过 0 行，警告 1 条"


def test_an_import_leaves_the_cycle_collector_as_it_found_it(tmp_path: Path) -> None:
    # The collector is held off while rows are checked and written (cycle_collection.no_cycle_collection).
    roster = _roster(tmp_path / "花名册.xlsx")
    with Database.open(tmp_path / "u.sqlite") as db:
        import_members(db.session_factory, plan_members(roster))
    assert gc.isenabled()
    with pytest.raises(InputError):
        plan_members(roster, sheet="没有这个表")
    assert gc.isenabled()
    gc.disable()
    try:
        plan_members(roster)
        assert not gc.isenabled()  # a caller that had turned it off keeps it off
    finally:
        gc.enable()


def test_rows_kept_as_dicts_import_as_the_compacted_ones_do(tmp_path: Path) -> None:
    """The writer reads the roster's rows in MEMBER_LAYOUT's order, from their own tuple; a plan whose
    rows are dicts (made keeping the cells) is read field by field and writes the same people."""
    from sqlalchemy import select

    from unionbook.db.models import Member
    from unionbook.services.importing.member_rules import member_rules
    from unionbook.services.importing.members import MEMBER_SPEC

    roster = _roster(tmp_path / "花名册.xlsx")
    as_dicts = engine.plan_import(roster, MEMBER_SPEC, member_rules)
    assert type(as_dicts.accepted[0].values) is dict
    written = []
    for index, plan in enumerate((plan_members(roster), as_dicts)):
        with Database.open(tmp_path / f"u{index}.sqlite") as db:
            assert import_members(db.session_factory, plan).new == 4
            with db.session_factory() as session:
                written.append(session.execute(
                    select(Member.name, Member.id_number, Member.department, Member.is_migrant_worker, Member.birth_date)
                    .order_by(Member.id)
                ).all())  # fmt: skip
    assert written[0] == written[1] == [
        ("张三", ZHANG, "一车间", True, date(1985, 3, 12)),
        ("李四", LI, "一车间", True, date(1990, 7, 15)),
        ("王五", WANG, "二车间", True, date(1978, 11, 20)),
        ("钱七", ZHAO, "三车间", False, date(1970, 1, 1)),
    ]
