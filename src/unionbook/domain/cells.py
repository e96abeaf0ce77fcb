"""Turning what a spreadsheet cell holds into clean text, dates and yes/no answers.

Rosters typed by hand in Excel or WPS arrive with ideographic spaces (U+3000), non-breaking and
zero-width spaces pasted from web pages, full-width digits typed with a Chinese input method
("１３８…"), phone numbers stored as numbers (13812345678.0), dates in a dozen spellings
("2019.5", "2019年5月3号", Excel serial numbers), and ID numbers Excel has already rounded to 15
significant digits. The import engine runs every cell through these functions, so the rules live in
one place. Everything here is pure Python: the functions accept the raw values the spreadsheet
reader yields (str, int, float, bool, date, datetime, time) and raise ValueError with a Chinese
message naming the offending text, never anything else.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum

#: Shown when a numeric ID cell (or its "4.40101E+17" text) has lost digits in Excel.
ID_MANGLED_MESSAGE = "Excel 已把证件号码当作数字存储，末几位已丢失，请把该列设为文本后重新填写"

# Zero-width characters are deleted outright rather than turned into a space: "张\u200b三" pasted
# from a web page is the name 张三, not 张 三. (str.isspace() does not count these as whitespace.)
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
# Full-width ASCII variants U+FF01–U+FF5E map onto U+0021–U+007E; U+3000 is the full-width space.
_FULL_TO_HALF = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
# Free text (names, 备注, departments) keeps its Chinese punctuation: only letters and digits typed
# in full width, and the ideographic space, become ASCII. Values that must be parsed (dates, yes/no,
# ID numbers, headers) use the full table, so "２０１９－０５－０３" still reads as a date.
_ALNUM = [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]
_TRANSLATION = _ZERO_WIDTH | {code: code - 0xFEE0 for code in _ALNUM} | {0x3000: 0x20}
_PARSE_TRANSLATION = _ZERO_WIDTH | _FULL_TO_HALF
# \s in a str pattern covers U+3000, U+00A0, U+2000–U+200A, U+202F, U+205F, tabs and line breaks.
_WHITESPACE = re.compile(r"\s+")


def _number_text(value: float | Decimal) -> str:
    """Plain positional text of a number: 13812345678.0 → "13812345678", 1e-07 → "0.0000001"."""
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        if value.is_integer():
            return str(int(value))
        # repr() is the shortest text that round-trips (12.5, not 12.4999…); Decimal drops the exponent.
        value = Decimal(repr(value))
    if not value.is_finite():
        return str(value)
    if value == value.to_integral_value():
        return str(int(value))
    return format(value, "f")


def _raw_text(value: object) -> str:
    """The text a cell shows, before any whitespace or width normalisation."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):  # before int: bool is an int subclass
        return "TRUE" if value else "FALSE"  # what Excel and WPS display
    if isinstance(value, float | Decimal):
        return _number_text(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def clean_text(value: object) -> str:
    """A cell as one tidy line of text.

    None → ""; integral floats lose their ".0"; full-width letters and digits become ASCII (Chinese
    punctuation such as "（" and "，" stays: it belongs to the text); zero-width characters
    disappear; every run of whitespace (ideographic space, NBSP, tabs, line breaks …) becomes one
    ASCII space; both ends are trimmed.
    """
    if type(value) is str and value.isalnum() and max(value) < "\uff10":
        return value  # no space, nothing full-width or zero-width: most names, IDs and phones
    text = _raw_text(value).translate(_TRANSLATION)
    return _WHITESPACE.sub(" ", text).strip()


def _parse_text(value: object) -> str:
    """clean_text with full-width punctuation too turned into ASCII ("－" → "-", "：" → ":"), for
    values that are parsed rather than kept."""
    return _WHITESPACE.sub(" ", _raw_text(value).translate(_PARSE_TRANSLATION)).strip()


# --------------------------------------------------------------------------------------------- names

# Chinese, Japanese and Korean script (and the middle dot of minority names: 阿依古丽·买买提).
_CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f]")


def clean_name(value: object) -> str:
    """A person's name without the spaces rosters pad it with for alignment.

    "萧　红", "王  芳" and " 李四 " are 萧红, 王芳 and 李四: a name in Chinese script has no spaces, so
    every space inside it (ideographic, NBSP, several ASCII ones) is padding. A name in Latin script
    keeps one space between its words ("John  Smith" → "John Smith").
    """
    text = clean_text(value)
    if _CJK.search(text):
        return text.replace(" ", "")
    return text


# ---------------------------------------------------------------------------------------- ID numbers

_ID_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212]+")  # spaces, hyphens, dashes, minus sign
_SCIENTIFIC = re.compile(r"^[0-9](?:\.[0-9]+)?[eE]\+?[0-9]+$")
# Excel keeps 15 significant digits: a number with more integer digits than that has been rounded.
_EXACT_DIGITS = 15


def clean_id_number(value: object) -> str:
    """An ID or card number with spaces and hyphens removed and a trailing x made upper case."""
    return _ID_SEPARATORS.sub("", _parse_text(value)).upper()


def looks_like_float_mangled_id(value: object) -> bool:
    """True when Excel has already rounded the ID number and its last digits are gone for good.

    That is a numeric cell with more than 15 integer digits (Excel stores 15 significant digits, so
    an 18-digit ID typed into a General cell becomes 440101199001011000), or text in scientific
    notation such as "4.40101E+17", which is what a CSV saved from such a sheet contains. A 15-digit
    legacy ID stored as a number survives intact and is not reported. The caller rejects the row
    with ID_MANGLED_MESSAGE.
    """
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float | Decimal):
        try:
            digits = len(str(abs(int(value))))
        except (ValueError, OverflowError):  # nan, inf
            return False
        return digits > _EXACT_DIGITS
    if isinstance(value, str):
        return bool(_SCIENTIFIC.match(_parse_text(value)))
    return False


# ---------------------------------------------------------------------------------------------- dates

MIN_YEAR = 1900
MAX_YEAR = 2100
_EXCEL_EPOCH_1900 = date(1899, 12, 30)  # serial 61 is 1900-03-01 counting from here
_EXCEL_EPOCH_1904 = date(1904, 1, 1)
_MAX_SERIAL = 2958465  # 9999-12-31, the last date Excel knows
_FAKE_LEAP_DAY = 60  # Excel (after Lotus 1-2-3) believes 1900-02-29 existed

# re.ASCII: Arabic-Indic and other Unicode digits are not dates (clean_text already folded the
# full-width ones). A trailing time of day ("2019-5-3 00:00:00", "2019-05-03T08:30") is ignored.
_TIME_SUFFIX = re.compile(r"(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)$", re.ASCII)
_DAY_PATTERNS = (
    re.compile(r"([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})", re.ASCII),  # 2019-05-03 2019/5/3 2019.5.3
    re.compile(r"([0-9]{4})年()([0-9]{1,2})月([0-9]{1,2})[日号]?", re.ASCII),  # 2019年5月3日 / 号
    re.compile(r"([0-9]{4})()([0-9]{2})([0-9]{2})", re.ASCII),  # 20190503
)
_MONTH_PATTERNS = (
    re.compile(r"([0-9]{4})[-/.]([0-9]{1,2})", re.ASCII),  # 2019.05 2019.5 2019-05 2019/05
    re.compile(r"([0-9]{4})年([0-9]{1,2})月?", re.ASCII),  # 2019年5月
    re.compile(r"([0-9]{4})([0-9]{2})", re.ASCII),  # 201905
)


def _shown(text: str, limit: int = 30) -> str:
    """The offending text for a message, shortened when somebody pasted a paragraph into the cell."""
    return text if len(text) <= limit else text[:limit] + "…"


def _unrecognised(text: str, why: str = "") -> ValueError:
    return ValueError(f"无法识别的日期“{_shown(text)}”{why}")


def _checked(year: int, month: int, day: int, text: str) -> date:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _unrecognised(text, f"：年份不在 {MIN_YEAR}—{MAX_YEAR} 之间")
    try:
        return date(year, month, day)
    except ValueError:
        raise _unrecognised(text, "：没有这一天") from None


def _date_from_number(value: float, datemode_1904: bool) -> date:
    """A number from a cell without a date format: a typed 20190503 / 201905 / 2019.05, or a serial."""
    text = _number_text(value) if isinstance(value, float) else str(value)
    if isinstance(value, int) and abs(value) > _MAX_SERIAL * 10:  # also keeps float() from overflowing
        raise _unrecognised(text)
    if not math.isfinite(value):
        raise _unrecognised(text)
    whole = int(value)
    if float(value).is_integer():
        if 19000101 <= whole <= 21001231:  # 20190503 typed into a General cell
            return _checked(whole // 10000, whole // 100 % 100, whole % 100, text)
        if 190001 <= whole <= 210012:  # 201905
            return _checked(whole // 100, whole % 100, 1, text)
    if MIN_YEAR <= whole <= MAX_YEAR:
        # As a serial this would be a day in 1905; in a roster it is "2019.05" typed into a General
        # cell, which Excel stored as the number 2019.05 (and "2019.10" as 2019.1).
        return _year_month_from_number(text)
    if not (0 if datemode_1904 else 1) <= value <= _MAX_SERIAL:
        raise _unrecognised(text)
    serial = math.floor(value)  # the fraction is the time of day
    if datemode_1904:
        day = _EXCEL_EPOCH_1904 + timedelta(days=serial)
    elif serial == _FAKE_LEAP_DAY:
        raise _unrecognised(text, "：它是 Excel 虚构的 1900年2月29日")
    elif serial < _FAKE_LEAP_DAY:
        day = _EXCEL_EPOCH_1900 + timedelta(days=serial + 1)
    else:
        day = _EXCEL_EPOCH_1900 + timedelta(days=serial)
    return _checked(day.year, day.month, day.day, text)


def _year_month_from_number(text: str) -> date:
    year, _, fraction = text.partition(".")
    if not fraction:
        raise _unrecognised(text, f"：只有年份，请写成“{text}年5月3日”或“{text}.05”")
    if fraction == "1":
        raise _unrecognised(text, f"：Excel 把它存成了数字，分不清是1月还是10月，请把该列设为文本后写成“{year}.01”或“{year}.10”")
    if len(fraction) > 2:
        raise _unrecognised(text)
    return _checked(int(year), int(fraction), 1, text)


def parse_date(value: object, *, datemode_1904: bool = False) -> date | None:
    """A cell as a date, or None when it is empty.

    Accepts date/datetime values, Excel serial numbers (1900 or 1904 date system), numbers that are
    dates typed into General cells (20190503, 201905, 2019.05) and text: "2019-05-03", "2019/5/3",
    "2019.5.3", "2019年5月3日", "2019年5月3号", "20190503", with any time of day ignored; month-only
    text ("2019.05", "2019年5月", "201905" …) is the 1st of that month. Two-digit years are refused.
    Raises ValueError naming the text when it is not a date, does not exist, or falls outside
    1900–2100.
    """
    parsed = parse_partial_date(value, datemode_1904=datemode_1904)
    return parsed.value if parsed is not None else None


class DatePrecision(Enum):
    """How much of a date the cell said: a 出生年月 column says the month, not the day."""

    DAY = 3
    MONTH = 2
    YEAR = 1


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date as precise as the cell wrote it. `value` is the first day of what was said (the 1st
    of the month, 1 January of the year), so it can still be stored as a date."""

    value: date
    precision: DatePrecision

    def agrees_with(self, day: date) -> bool:
        """Whether `day` falls within what the cell said (the same year, month, or day)."""
        if self.precision is DatePrecision.YEAR:
            return day.year == self.value.year
        if self.precision is DatePrecision.MONTH:
            return (day.year, day.month) == (self.value.year, self.value.month)
        return day == self.value

    def last_day(self) -> date:
        """The latest day the cell can mean (31 December for a year, the month's last day)."""
        if self.precision is DatePrecision.YEAR:
            return date(self.value.year, 12, 31)
        if self.precision is DatePrecision.MONTH:
            following = date(self.value.year + self.value.month // 12, self.value.month % 12 + 1, 1)
            return following - timedelta(days=1)
        return self.value

    def text(self) -> str:
        """As the sheet said it: 1985年, 1985年3月, 1985年3月12日."""
        day = self.value
        if self.precision is DatePrecision.YEAR:
            return f"{day.year}年"
        if self.precision is DatePrecision.MONTH:
            return f"{day.year}年{day.month}月"
        return f"{day.year}年{day.month}月{day.day}日"


_YEAR_ONLY = re.compile(r"([0-9]{4})年?", re.ASCII)


def parse_partial_date(value: object, *, allow_year: bool = False, datemode_1904: bool = False) -> PartialDate | None:
    """parse_date, keeping how precise the cell was: "1985.03", "1985年3月", "198503", 198503 and
    1985.03 say a month; with `allow_year`, "1985", "1985年" and 1985 say a year (which parse_date
    refuses: for most columns a year alone is not a date, but a 出生年月 column may give only that)."""
    if value is None:
        return None
    day = DatePrecision.DAY
    if isinstance(value, datetime):
        return PartialDate(_checked(value.year, value.month, value.day, value.isoformat(sep=" ")), day)
    if isinstance(value, date):
        return PartialDate(_checked(value.year, value.month, value.day, value.isoformat()), day)
    if isinstance(value, bool):
        raise _unrecognised(_raw_text(value))
    if isinstance(value, int | float | Decimal):
        number = float(value) if isinstance(value, Decimal) else value
        # Compared as numbers, never converted: float(10**400) would raise OverflowError.
        if allow_year and MIN_YEAR <= number <= MAX_YEAR and number == int(number):
            return PartialDate(date(int(number), 1, 1), DatePrecision.YEAR)
        parsed = _date_from_number(number, datemode_1904)
        return PartialDate(parsed, _number_precision(number))
    text = _parse_text(value)
    if not text:
        return None
    compact = _TIME_SUFFIX.sub("", text).replace(" ", "")
    for pattern in _DAY_PATTERNS:
        if match := pattern.fullmatch(compact):
            year, _, month, day_of_month = match.groups()
            return PartialDate(_checked(int(year), int(month), int(day_of_month), text), day)
    for pattern in _MONTH_PATTERNS:
        if match := pattern.fullmatch(compact):
            year, month = match.groups()
            return PartialDate(_checked(int(year), int(month), 1, text), DatePrecision.MONTH)
    if allow_year and (match := _YEAR_ONLY.fullmatch(compact)):
        return PartialDate(_checked(int(match.group(1)), 1, 1, text), DatePrecision.YEAR)
    raise _unrecognised(text)


def _number_precision(value: float) -> DatePrecision:
    """What a number read as a date said: 201905 and 2019.05 a month, anything else a day."""
    if float(value).is_integer() and 190001 <= int(value) <= 210012:
        return DatePrecision.MONTH
    if MIN_YEAR <= int(value) <= MAX_YEAR:
        return DatePrecision.MONTH  # 2019.05 typed into a General cell
    return DatePrecision.DAY


# ------------------------------------------------------------------------------------------ yes / no

_TRUE_WORDS = frozenset({"是", "y", "yes", "true", "1", "√", "✓", "✔", "对"})
_FALSE_WORDS = frozenset({"否", "n", "no", "false", "0", "×", "✗", "✘", "错"})


def parse_bool(value: object) -> bool | None:
    """是/否 and its spellings (Y/N, yes/no, true/false, 1/0, √/×, "是（农民工）"); None when empty.

    Raises ValueError naming the text for anything else.
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal) and value in (0, 1):
        return bool(value)
    text = _parse_text(value)
    if not text:
        return None
    word = text.lower()
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    if text.startswith("是") and not text.startswith("是否"):
        return True
    if text.startswith("否"):
        return False
    raise ValueError(f"“{_shown(text)}”不是“是”或“否”")


# ---------------------------------------------------------------------------------------- headers

_LINE_BREAK = re.compile(r"\r\n|[\r\n\u2028\u2029\x0b\x0c]")
# Innermost pairs first, repeatedly, so "(a(b))" goes away entirely. After clean_text full-width
# brackets are already ASCII; 【】 and 〔〕 have no half-width form.
_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】|〔[^〔〕]*〕")
_UNCLOSED = re.compile(r"[(\[【〔].*$")  # "出生日期（格式：" when the note continues on the next line
_REQUIRED_MARK = re.compile(r"^[*★☆※]+")


def normalize_header(text: object) -> str:
    """The name part of a header cell, for matching it against a column's known names.

    Keeps the first non-blank line ("证件号码\\n(填写18位身份证)" → "证件号码"), drops notes in
    brackets ("出生日期（格式：yyyy/MM/dd）" → "出生日期", "金额【元】" → "金额"), a leading required
    mark ("*姓名"), a trailing colon and every space.
    """
    raw = _raw_text(text)
    first_line = next((line for line in _LINE_BREAK.split(raw) if _parse_text(line)), "")
    name = _parse_text(first_line)
    stripped = name
    while True:
        shorter = _BRACKETED.sub("", stripped)
        if shorter == stripped:
            break
        stripped = shorter
    stripped = _UNCLOSED.sub("", stripped)
    stripped = _REQUIRED_MARK.sub("", stripped.strip()).rstrip(":").replace(" ", "")
    if not stripped:  # the whole header was a note, e.g. "(备注)": keep its words rather than nothing
        stripped = _REQUIRED_MARK.sub("", name.strip("()[]【】〔〕 ")).rstrip(":").replace(" ", "")
    return stripped


# ------------------------------------------------------------------------------- totals / signatures

_TOTAL_WORDS = frozenset({"合计", "总计", "小计", "合计:", "总计:", "小计:"})
_SIGNATURE_WORDS = ("填表人", "填报人", "制表人", "审核人", "负责人")
_KEY_WORDS = ("合计", "总计", "小计", *_SIGNATURE_WORDS)


_KEY_FIRST_CHARS = re.compile("[" + "".join(sorted({word[0] for word in _KEY_WORDS})) + "]")


def may_be_non_person_cell(cell: str) -> bool:
    """False when this cell alone can never make `is_non_person_row` true: it holds none of the
    words, even with its spaces taken out. Imports judge each distinct cell of a column once and
    look closely only at the rows with such a cell."""
    if cell.isascii() or not _KEY_FIRST_CHARS.search(cell):
        return False
    text = _parse_text(cell).replace(" ", "")
    return any(word[:2] in text for word in _KEY_WORDS)


def is_non_person_row(cells: Sequence[object]) -> bool:
    """True for a totals line (合计/总计/小计) or a signature line (填表人：张三 审核人：…).

    A signature word followed by a colon or a bracket ("负责人：", "填表人(签字)") counts in any
    cell. The bare word only counts as the row's first non-empty cell, because "负责人" can also be
    somebody's 岗位 in the middle of a real row.
    """
    # Fast path: nearly every row is a person, and none of the words appears anywhere in it.
    joined = "".join("".join(cell.split()) for cell in cells if isinstance(cell, str))  # "合 计" too
    if not any(word[:2] in joined for word in _KEY_WORDS):
        return False
    first = True
    for cell in cells:
        text = _parse_text(cell).replace(" ", "")
        if not text:
            continue
        if text in _TOTAL_WORDS:
            return True
        for word in _SIGNATURE_WORDS:
            if text.startswith(word):
                rest = text[len(word) :]
                if rest[:1] in (":", "(", "[", "【") or (first and not rest):
                    return True
        first = False
    return False
