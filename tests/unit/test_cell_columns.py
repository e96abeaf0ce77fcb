"""Columns converted one pass each (services/importing/cell_columns.py): the quick ways through a
column of names, ID numbers or phones store what converting cell by cell would, and a cell that is
not blank yet stores nothing is still said of its row (so the row is not taken for an empty one)."""

from __future__ import annotations

from datetime import date

from unionbook.services.importing.cell_columns import convert_columns, new_memos
from unionbook.services.importing.spec import Column, Kind

NAME = Column("name", "姓名")
ID = Column("id_number", "证件号码", kind=Kind.ID_NUMBER)
PHONE = Column("phone", "手机号码", kind=Kind.PHONE)
JOINED = Column("join_date", "入会日期", kind=Kind.DATE)


def test_names_ids_and_phones_one_pass_each() -> None:
    names = ["张三", "", None, "  ", "\u200b\u3000\u200b", "Ａ１  李四"]  # the 5th: spaces only once tidied
    ids = ["44010619850312001X", "", None, 440106198503120000.0, " \u200b", "4401"]
    phones = ["13812345678", None, "", "138****5678", "13812345678", "  "]
    columns = convert_columns([names, ids, phones], 6, [(0, NAME), (1, ID), (2, PHONE)])

    assert columns.values[0] == ["张三", None, None, None, None, "A1 李四"]
    assert columns.values[1] == ["44010619850312001X", None, None, 440106198503120000.0, None, "4401"]
    assert columns.values[2] == ["13812345678", None, None, None, "13812345678", None]
    # Said of a row: the name of spaces alone (column 0) and the masked phone (column 2), nothing else.
    assert columns.said == {4: [(0, (None, None, None))], 3: [(2, (None, None, None))]}


def test_a_memo_answers_for_cells_seen_in_an_earlier_chunk() -> None:
    """Dates repeat down a sheet: the second chunk's cells come from the memo, blank ones too, and a
    month-only date still tells its row its precision."""
    memos = new_memos(1)
    first = convert_columns([[date(2010, 5, 1), "2015.3", "", None]], 4, [(0, JOINED)], memos)
    again = convert_columns([[None, "2015.3", date(2010, 5, 1), " "]], 4, [(0, JOINED)], memos)
    assert first.values == [[date(2010, 5, 1), date(2015, 3, 1), None, None]]
    assert again.values == [[None, date(2015, 3, 1), date(2010, 5, 1), None]]
    assert list(first.said) == [1] and list(again.said) == [1]
    assert first.said[1][0][1] == again.said[1][0][1]  # the same PartialDate (month) both times
