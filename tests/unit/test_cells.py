"""Cell normalisation: what hand-typed Excel/WPS rosters contain, turned into clean values."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unionbook.domain.cells import (
    ID_MANGLED_MESSAGE,
    DatePrecision,
    PartialDate,
    clean_id_number,
    clean_name,
    clean_text,
    is_non_person_row,
    looks_like_float_mangled_id,
    normalize_header,
    parse_bool,
    parse_date,
    parse_partial_date,
)

# ------------------------------------------------------------------------------------ clean_text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        ("", ""),
        ("张三", "张三"),
        ("  张三  ", "张三"),
        ("\u3000张三\u3000", "张三"),  # ideographic space
        ("\u00a0张三\u00a0", "张三"),  # NBSP from a web page
        ("\u2002张三\u2003\u2009", "张三"),  # en/em/thin spaces
        ("\u200b张三\u200b", "张三"),  # zero-width space
        ("\ufeff张三", "张三"),  # BOM glued to the first cell of a CSV
        ("\t张三\r\n", "张三"),
        ("张\u200b三", "张三"),  # zero-width characters vanish instead of becoming a space
        ("广东省  广州市\u3000\u3000天河区", "广东省 广州市 天河区"),
        ("第一行\n第二行", "第一行 第二行"),
        ("１２３ＡＢｃ", "123ABc"),
        ("（备注）", "（备注）"),  # Chinese punctuation in free text is kept
        ("姓名：", "姓名："),
        ("ｘ", "x"),
        (13812345678.0, "13812345678"),
        (13812345678, "13812345678"),
        (12.5, "12.5"),
        (0.1, "0.1"),
        (1e-7, "0.0000001"),
        (-0.0, "0"),
        (True, "TRUE"),
        (False, "FALSE"),
        (date(2019, 5, 3), "2019-05-03"),
        (datetime(2019, 5, 3), "2019-05-03"),
        (datetime(2019, 5, 3, 8, 30), "2019-05-03 08:30:00"),
        (time(8, 30), "08:30:00"),
    ],
)
def test_clean_text_normalises_what_cells_hold(value: object, expected: str) -> None:
    assert clean_text(value) == expected


# ------------------------------------------------------------------------------------ ID numbers


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("44010619900101123x", "44010619900101123X"),
        (" 440106 19900101 123X ", "44010619900101123X"),
        ("440106-19900101-123x", "44010619900101123X"),
        ("４４０１０６１９９００１０１１２３Ｘ", "44010619900101123X"),
        ("\u3000440106199001011234\u200b", "440106199001011234"),
        (None, ""),
    ],
)
def test_clean_id_number_removes_separators_and_uppercases_x(value: object, expected: str) -> None:
    assert clean_id_number(value) == expected


@pytest.mark.parametrize(
    ("value", "mangled"),
    [
        (4.40106199001011e17, True),  # an 18-digit ID typed into a General cell
        (440106199001011234, True),  # as an int it has still been through a float in Excel
        (1234567890123456.0, True),  # 16 digits: beyond Excel's 15 significant digits
        ("4.40101E+17", True),  # what a CSV saved from such a sheet contains
        ("4.40101e17", True),
        ("4.40101E17", True),
        ("4E+17", True),
        ("\u30004.40101E+17 ", True),
        (440106900101123.0, False),  # a 15-digit legacy ID survives as a number
        (13812345678.0, False),
        ("440106199001011234", False),
        ("44010619900101123X", False),
        ("E+17", False),
        (True, False),
        (None, False),
        (float("nan"), False),
        (float("inf"), False),
    ],
)
def test_looks_like_float_mangled_id(value: object, mangled: bool) -> None:
    assert looks_like_float_mangled_id(value) is mangled


def test_id_mangled_message_tells_the_user_what_to_do() -> None:
    assert ID_MANGLED_MESSAGE == "Excel 已把证件号码当作数字存储，末几位已丢失，请把该列设为文本后重新填写"


# ----------------------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2019, 5, 3), date(2019, 5, 3)),
        (datetime(2019, 5, 3, 14, 30), date(2019, 5, 3)),
        ("2019-05-03", date(2019, 5, 3)),
        ("2019/5/3", date(2019, 5, 3)),
        ("2019.5.3", date(2019, 5, 3)),
        ("2019年5月3日", date(2019, 5, 3)),
        ("2019年5月3号", date(2019, 5, 3)),
        ("2019 年 5 月 3 日", date(2019, 5, 3)),
        ("２０１９年５月３日", date(2019, 5, 3)),
        ("20190503", date(2019, 5, 3)),
        ("2019-5-3 00:00:00", date(2019, 5, 3)),
        ("2019/05/03 14:30", date(2019, 5, 3)),
        ("2019-05-03T08:30:00", date(2019, 5, 3)),
        ("\u30002019-05-03\u00a0", date(2019, 5, 3)),
        # month only → the 1st of that month
        ("2019.05", date(2019, 5, 1)),
        ("2019.5", date(2019, 5, 1)),
        ("2019.10", date(2019, 10, 1)),
        ("2019年5月", date(2019, 5, 1)),
        ("2019年5", date(2019, 5, 1)),
        ("2019-05", date(2019, 5, 1)),
        ("2019/05", date(2019, 5, 1)),
        ("201905", date(2019, 5, 1)),
        # Excel serial numbers, 1900 date system with Lotus's fake 1900-02-29 (serial 60)
        (43588, date(2019, 5, 3)),
        (43588.0, date(2019, 5, 3)),
        (43588.75, date(2019, 5, 3)),  # the fraction is the time of day
        (1, date(1900, 1, 1)),
        (59, date(1900, 2, 28)),
        (61, date(1900, 3, 1)),
        (73415, date(2100, 12, 31)),
        # numbers that are dates typed into a General cell
        (20190503, date(2019, 5, 3)),
        (20190503.0, date(2019, 5, 3)),
        (201905, date(2019, 5, 1)),
        (2019.05, date(2019, 5, 1)),
        (2019.5, date(2019, 5, 1)),
        (2019.12, date(2019, 12, 1)),
        # empty
        (None, None),
        ("", None),
        ("\u3000 ", None),
    ],
)
def test_parse_date_accepts_the_ways_people_write_dates(value: object, expected: date | None) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, date(1904, 1, 1)), (42126, date(2019, 5, 3)), (42126.5, date(2019, 5, 3))],
)
def test_parse_date_1904_date_system(value: float, expected: date) -> None:
    assert parse_date(value, datemode_1904=True) == expected


@pytest.mark.parametrize(
    "value",
    [
        "2019/13/45",
        "2019-02-30",  # impossible day
        "2019-13",  # impossible month
        "2019年0月",
        "19-5-3",  # two-digit years are refused
        "19/05/03",
        "5/3/19",
        "1899-12-31",  # outside 1900..2100
        "2101-01-01",
        date(1899, 12, 31),
        datetime(2101, 1, 1),
        "2019",  # a year alone is not a date
        "2019-5/3",  # mixed separators
        "明天",
        "2019-05-03 下午",
        "٢٠١٩-٠٥-٠٣",  # Arabic-Indic digits are not accepted
        0,
        -1,
        60,  # Excel's 1900-02-29 never existed
        2958466,  # beyond Excel's last date
        2958465,  # 9999-12-31 is a valid serial but outside 1900..2100
        10**30,
        2019,  # a year alone, as a number
        2019.1,  # 2019.01 or 2019.10? Excel kept neither
        2019.123,
        float("nan"),
        float("inf"),
        float("-inf"),
        True,
    ],
)
def test_parse_date_refuses_with_value_error(value: object) -> None:
    with pytest.raises(ValueError):
        parse_date(value)


def test_parse_date_message_names_the_text() -> None:
    with pytest.raises(ValueError, match="无法识别的日期“2019/13/45”"):
        parse_date("2019/13/45")
    with pytest.raises(ValueError, match="无法识别的日期“2019-02-30”"):
        parse_date("2019-02-30")
    with pytest.raises(ValueError, match="1月还是10月"):
        parse_date(2019.1)


# -------------------------------------------------------------------------------------- yes / no


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("是", True),
        ("否", False),
        ("Y", True),
        ("n", False),
        ("yes", True),
        ("NO", False),
        ("true", True),
        ("FALSE", False),
        ("1", True),
        ("0", False),
        (1, True),
        (0, False),
        (1.0, True),
        (0.0, False),
        (True, True),
        (False, False),
        ("√", True),
        ("×", False),
        ("是（农民工）", True),
        ("否(城镇户口)", False),
        (" 是\u3000", True),
        ("ｙｅｓ", True),
        (None, None),
        ("", None),
        ("\u3000", None),
    ],
)
def test_parse_bool(value: object, expected: bool | None) -> None:
    assert parse_bool(value) is expected


@pytest.mark.parametrize("value", ["也许", "是否", "2", 2, 0.5, "maybe", "有", "x"])
def test_parse_bool_refuses_other_answers(value: object) -> None:
    with pytest.raises(ValueError, match="不是“是”或“否”"):
        parse_bool(value)


# --------------------------------------------------------------------------------------- headers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("姓名", "姓名"),
        (" 姓 名 ", "姓名"),
        ("证件号码\n(填写18位身份证)", "证件号码"),
        ("是否农民工会员\n填写“是”或“否”", "是否农民工会员"),
        ("\n证件号码\r\n(必填)", "证件号码"),
        ("出生日期（格式：yyyy/MM/dd）", "出生日期"),
        ("会籍变化日期（格式：yyyy/MM/dd）", "会籍变化日期"),
        ("金额（元）", "金额"),
        ("金额(元)", "金额"),
        ("金额【元】", "金额"),
        ("金额[元]", "金额"),
        ("金额（元（人民币））", "金额"),
        ("出生日期（格式：", "出生日期"),  # note continued on the next line
        ("*姓名", "姓名"),
        ("★证件号码", "证件号码"),
        ("* 姓名：", "姓名"),
        ("姓名:", "姓名"),
        ("手机号\u3000\u3000", "手机号"),
        ("ＩＤ号", "ID号"),
        (None, ""),
        ("", ""),
        ("(备注)", "备注"),
    ],
)
def test_normalize_header(text: object, expected: str) -> None:
    assert normalize_header(text) == expected


# ------------------------------------------------------------------------------ non-person rows


@pytest.mark.parametrize(
    "cells",
    [
        ["合计", "", "", 3000],
        ["", "合 计", 12],
        ["", "", "总计", 5],
        ["小计", 7],
        ["合计：", 7],
        ["填表人：张三", "", "审核人：李四"],
        ["填表人:", ""],
        ["填报人：王五     日期：2024年1月5日"],
        ["制表人", "王五"],  # the bare word as the first cell
        ["", "审核人（签字）："],
        ["负责人：赵六"],
        ["", "", "", "", "单位盖章", "负责人：赵六"],
    ],
)
def test_is_non_person_row_finds_totals_and_signatures(cells: list[object]) -> None:
    assert is_non_person_row(cells)


@pytest.mark.parametrize(
    "cells",
    [
        [1, "张三", "男", "440106199001011234"],
        [2, "李四", "女", "负责人"],  # somebody's 岗位, not a signature line
        [3, "王五", "审核人员"],
        ["合计发放人数"],  # a heading that merely starts with 合计
        ["", "", ""],
        [],
    ],
)
def test_is_non_person_row_keeps_people(cells: list[object]) -> None:
    assert not is_non_person_row(cells)


# --------------------------------------------------------------------------------- never crashes

_CELL_VALUES = st.one_of(
    st.none(),
    st.text(),
    st.text(alphabet="0123456789年月日号-/.：: 　\n１２３", max_size=14),
    st.integers(),
    st.integers(min_value=-10, max_value=30_000_000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=1800, max_value=2200),
    st.booleans(),
)


@given(_CELL_VALUES)
def test_parsers_return_or_raise_value_error_only(value: object) -> None:
    for parse in (parse_date, parse_bool, lambda v: parse_partial_date(v, allow_year=True)):
        try:
            parse(value)
        except ValueError as exc:
            assert str(exc)  # a message to show, never an empty one
    assert isinstance(clean_text(value), str)
    assert isinstance(clean_id_number(value), str)
    assert isinstance(looks_like_float_mangled_id(value), bool)
    assert isinstance(normalize_header(value), str)
    assert isinstance(is_non_person_row([value, value]), bool)


@given(st.text())
def test_clean_text_is_idempotent_and_trimmed(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once
    assert once == once.strip()
    assert "  " not in once


# ------------------------------------------------------------------------ dates as precise as said

_MONTH, _YEAR, _DAY = DatePrecision.MONTH, DatePrecision.YEAR, DatePrecision.DAY


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1985.03", PartialDate(date(1985, 3, 1), _MONTH)),
        ("1985年3月", PartialDate(date(1985, 3, 1), _MONTH)),
        ("198503", PartialDate(date(1985, 3, 1), _MONTH)),
        ("1985-3", PartialDate(date(1985, 3, 1), _MONTH)),
        ("1985/03", PartialDate(date(1985, 3, 1), _MONTH)),
        (1985.03, PartialDate(date(1985, 3, 1), _MONTH)),  # typed into a General cell
        (198503, PartialDate(date(1985, 3, 1), _MONTH)),
        ("1985", PartialDate(date(1985, 1, 1), _YEAR)),
        ("1985年", PartialDate(date(1985, 1, 1), _YEAR)),
        (1985, PartialDate(date(1985, 1, 1), _YEAR)),
        (1985.0, PartialDate(date(1985, 1, 1), _YEAR)),
        ("1985-03-12", PartialDate(date(1985, 3, 12), _DAY)),
        (19850312, PartialDate(date(1985, 3, 12), _DAY)),
        (datetime(1985, 3, 1), PartialDate(date(1985, 3, 1), _DAY)),  # a date cell says a day
        ("", None),
        (None, None),
    ],
)
def test_parse_partial_date_keeps_the_precision_of_the_cell(value: object, expected: PartialDate | None) -> None:
    assert parse_partial_date(value, allow_year=True) == expected
    if expected is not None and expected.precision is not _YEAR:
        assert parse_date(value) == expected.value  # parse_date is the same reading, less precise


@pytest.mark.parametrize("value", ["1985", 1985, "1985年"])
def test_a_year_alone_needs_allow_year(value: object) -> None:
    with pytest.raises(ValueError, match="1985"):
        parse_partial_date(value)


@pytest.mark.parametrize(
    ("said", "day", "agrees"),
    [
        (PartialDate(date(1985, 3, 1), _MONTH), date(1985, 3, 12), True),
        (PartialDate(date(1985, 3, 1), _MONTH), date(1985, 4, 1), False),
        (PartialDate(date(1985, 1, 1), _YEAR), date(1985, 12, 31), True),
        (PartialDate(date(1985, 1, 1), _YEAR), date(1986, 1, 1), False),
        (PartialDate(date(1985, 3, 1), _DAY), date(1985, 3, 12), False),
    ],
)
def test_partial_dates_agree_at_their_own_precision(said: PartialDate, day: date, agrees: bool) -> None:
    assert said.agrees_with(day) is agrees


def test_partial_date_last_day_and_text() -> None:
    assert PartialDate(date(2024, 2, 1), _MONTH).last_day() == date(2024, 2, 29)
    assert PartialDate(date(1985, 12, 1), _MONTH).last_day() == date(1985, 12, 31)
    assert PartialDate(date(1985, 1, 1), _YEAR).last_day() == date(1985, 12, 31)
    assert [PartialDate(date(1985, 3, 1), p).text() for p in (_YEAR, _MONTH, _DAY)] == ["1985年", "1985年3月", "1985年3月1日"]


# ------------------------------------------------------------------------------------------ names


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("萧\u3000红", "萧红"),
        ("王  芳", "王芳"),
        (" 李四 ", "李四"),
        ("\u00a0张\t三\u00a0", "张三"),
        ("欧阳 晓明", "欧阳晓明"),
        ("阿依古丽 · 买买提", "阿依古丽·买买提"),
        ("John  Smith", "John Smith"),
        ("  Mary\u3000Ann Lee ", "Mary Ann Lee"),
        (None, ""),
    ],
)
def test_clean_name_drops_alignment_padding(value: object, expected: str) -> None:
    assert clean_name(value) == expected


@given(st.text())
def test_clean_name_is_idempotent(text: str) -> None:
    once = clean_name(text)
    assert clean_name(once) == once
