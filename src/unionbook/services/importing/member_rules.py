"""The row rules of a roster import (花名册): what each row of a sheet must be before it is written.

ID numbers are checked the GB 11643 way (domain/idnumber.py) and win over the sheet's 性别 and
出生日期 (a disagreement is a warning, at the precision the sheet wrote the date in); numbers Excel
has already mangled and duplicates inside the file are refused; 民族 is checked against the code
list; a 入会日期 before 16, after death or in the future is a warning. importing/members.py plans
with these and writes what they accept.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from unionbook.domain.cells import (
    ID_MANGLED_MESSAGE,
    DatePrecision,
    PartialDate,
    clean_id_number,
    clean_name,
    looks_like_float_mangled_id,
    normalize_header,
)
from unionbook.domain.codelists import ETHNICITIES
from unionbook.domain.idnumber import IdNumberError, check_foreign_permanent_id, parse_resident_id, region_known
from unionbook.domain.vocab import IdType, MembershipEventKind
from unionbook.services.importing.engine import ParsedRow, Problem, RowContext

#: An ID cell that clean_id_number would return unchanged (18 ASCII characters, the last maybe X).
_PLAIN_ID = re.compile(r"[0-9]{17}[0-9X]", re.ASCII)

#: The membership changes that leave a person a member (入会, 转入 …).
ACTIVE = frozenset(k.value for k in MembershipEventKind.active())
#: The ID types numbered like a 居民身份证 (checked by parse_resident_id), and the default one.
_RESIDENT_LIKE = frozenset({IdType.RESIDENT_ID.value, IdType.HMT_RESIDENCE.value})
_RESIDENT_ID = IdType.RESIDENT_ID.value
_KNOWN_ETHNICITIES = frozenset(ETHNICITIES)


def _check_id(row: ParsedRow, ctx: RowContext, problems: list[Problem]) -> None:
    values = row.values
    raw = values.get("id_number")
    values["id_number"] = None
    if raw is None:
        return
    if type(raw) is str and _PLAIN_ID.fullmatch(raw):
        number = raw  # nearly every cell: already clean, nothing Excel could have rounded
    elif looks_like_float_mangled_id(raw):
        problems.append(Problem(row.row, ctx.header_for("id_number"), ID_MANGLED_MESSAGE))
        return
    else:
        number = clean_id_number(raw)
    if not number:
        return
    if "*" in number:
        # A masked number from our own export: it cannot identify anybody, so match by name and
        # birth date instead and leave the stored number alone.
        values["masked_id"] = number
        return
    id_type = values.get("id_type") or _RESIDENT_ID
    values["id_type"] = id_type
    try:
        if id_type in _RESIDENT_LIKE:
            parsed = parse_resident_id(number, _today(ctx))
            number = parsed.number
            if not region_known(parsed.region_code):
                row.warnings.append(Problem(
                    row.row, ctx.header_for("id_number"), f"地址码 {parsed.region_code} 不在行政区划代码表中，请核对"
                ))  # fmt: skip
            _derive(row, ctx, "gender", parsed.gender, "性别")
            _derive_birth_date(row, ctx, parsed.birth_date)
        elif id_type == IdType.FOREIGN_PERMANENT:
            number = check_foreign_permanent_id(number)
    except IdNumberError as exc:
        problems.append(Problem(row.row, ctx.header_for("id_number"), exc.reason))
        return
    seen: dict[str, int] | None = ctx.state.get("seen_ids")
    if seen is None:
        seen = ctx.state["seen_ids"] = {}
    if number in seen:
        problems.append(Problem(row.row, ctx.header_for("id_number"), f"与第{seen[number]}行的证件号码相同"))
        return
    seen[number] = row.row
    values["id_number"] = number


def _today(ctx: RowContext) -> date:
    """Today, once per import (rows are checked against the same day, even across midnight)."""
    today = ctx.state.get("today")
    if today is None:
        today = ctx.state["today"] = date.today()
    return today


def _derive(row: ParsedRow, ctx: RowContext, key: str, from_id: Any, label: str) -> None:
    """The ID number wins over what the sheet says; a disagreement is worth a warning."""
    typed = row.values.get(key)
    if typed is not None and typed != from_id:
        shown = from_id.isoformat() if isinstance(from_id, date) else from_id
        header = ctx.header_for(key) if key in ctx.plan.mapping.columns.values() else label
        row.warnings.append(Problem(row.row, header, f"与证件号码不符，已按证件号码改为 {shown}"))
    row.values[key] = from_id


#: Headers that say a column holds a month (or a year), whatever the cells' own date format.
_HEADER_PRECISION = {"出生年月": DatePrecision.MONTH, "出生年份": DatePrecision.YEAR}


def birth_date_as_said(row: ParsedRow, ctx: RowContext) -> PartialDate | None:
    """The sheet's birth date as precisely as the sheet gave it.

    Text and numbers say their own precision ("1985.03", "198503" a month, "1985" a year). A date
    cell says a day, but under a 出生年月 header it is a month typed into a date-formatted cell
    (Excel stores "1985-3" as 1985-03-01 and shows it as 1985年3月), so it counts as the month.
    """
    typed = row.values.get("birth_date")
    if typed is None:
        return None
    precision = row.precision.get("birth_date", DatePrecision.DAY)
    index, header = _birth_column(ctx)
    if header is not None and precision is DatePrecision.DAY and index < len(row.raw) and isinstance(row.raw[index], date):
        precision = header
    return PartialDate(typed, precision)


def _birth_column(ctx: RowContext) -> tuple[int, DatePrecision | None]:
    """The sheet column of the birth date and the precision its header says (None: a day, or no
    such column), worked out once per import."""
    found = ctx.state.get("_birth_column")
    if found is None:
        index = next((i for i, k in ctx.plan.mapping.columns.items() if k == "birth_date"), None)
        header = None if index is None else _HEADER_PRECISION.get(normalize_header(ctx.plan.header_text(index)))
        found = ctx.state["_birth_column"] = (index or 0, header)
    return found


def _derive_birth_date(row: ParsedRow, ctx: RowContext, from_id: date) -> None:
    """The ID's birth date wins; the sheet's disagrees only if it differs at the precision it was
    written in (a 出生年月 of 1985.03 agrees with an ID born 1985-03-12)."""
    typed = row.values.get("birth_date")
    said = None if typed is None or typed == from_id else birth_date_as_said(row, ctx)  # equal: agrees however said
    if said is not None and not said.agrees_with(from_id):
        header = ctx.header_for("birth_date")
        row.warnings.append(
            Problem(row.row, header, f"表中为{said.text()}，与证件号码不符，已按证件号码改为 {from_id.isoformat()}")
        )
    row.values["birth_date"] = from_id
    row.precision.pop("birth_date", None)


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return date(day.year + years, 3, 1)


def _join_checks(row: ParsedRow, ctx: RowContext, today: date) -> None:
    """Warnings on the date a person joined: before 16 (工会法: 以工资收入为主要生活来源的劳动者;
    the 会员 age floor is 16, the legal working age), after their death, or in the future. Each is
    compared at the precision the sheet gave, so only a real contradiction warns."""
    values = row.values
    key = "join_date"
    joined = values.get("join_date")
    if joined is None and values.get("change_kind") in ACTIVE and values.get("change_date"):
        key, joined = "change_date", values["change_date"]  # collection sheets: 会籍变化 入会 + its date
    if joined is None:
        _missing_join_date(row, ctx)
        return
    join = PartialDate(joined, row.precision.get(key, DatePrecision.DAY))
    last = joined if join.precision is DatePrecision.DAY else join.last_day()
    if joined > today:
        row.warnings.append(Problem(row.row, ctx.header_for(key), f"入会日期 {join.text()} 晚于今天，请核对"))
    birth = values.get("birth_date")
    # Earlier than birth is rejected elsewhere; 17 calendar years apart is 16 whole years at least.
    if birth is not None and birth <= last and last.year - birth.year < 17:
        sixteen = _add_years(birth, 16)
        if last < sixteen:
            row.warnings.append(Problem(
                row.row, ctx.header_for(key), f"入会时未满16周岁（出生日期 {birth.isoformat()}，入会日期 {join.text()}），请核对"
            ))  # fmt: skip
    died = values.get("change_date") if values.get("change_kind") == MembershipEventKind.DECEASED else None
    if died is not None:
        death = PartialDate(died, row.precision.get("change_date", DatePrecision.DAY))
        if death.last_day() < join.value:
            row.warnings.append(Problem(
                row.row, ctx.header_for(key), f"入会日期 {join.text()} 晚于去世日期 {death.text()}，请核对"
            ))  # fmt: skip


def _missing_join_date(row: ParsedRow, ctx: RowContext) -> None:
    """A member whose 入会日期 cell is empty is imported (old rosters often lack some) as 日期不详,
    with a warning, so the chair can fill it in later. A sheet with no 入会日期 column at all is
    a list of members whose dates were never kept: a line per person would only drown the
    warnings that matter, so none is given."""
    values = row.values
    if values.get("is_member") is False or values.get("change_kind") not in (None, *ACTIVE):
        return
    if "join_date" in ctx.plan.mapping.columns.values():
        row.warnings.append(Problem(row.row, ctx.header_for("join_date"), "入会日期为空，按“日期不详”登记入会"))


def member_rules(row: ParsedRow, ctx: RowContext) -> list[Problem]:
    problems: list[Problem] = []
    values = row.values
    name = values.get("name")
    if name and " " in name:  # the cell's text is already tidy (clean_text): only its spaces may go
        values["name"] = clean_name(name)  # "萧　红", "王  芳": padding, not part of the name
    _check_id(row, ctx, problems)
    if not values.get("name"):
        if values.get("id_number") or values.get("masked_id"):
            problems.append(Problem(row.row, ctx.header_for("name"), "有证件号码但没有姓名"))
        else:
            problems.append(Problem(row.row, ctx.header_for("name"), "缺少姓名"))
    ethnicity = values.get("ethnicity")
    if ethnicity and ethnicity not in _KNOWN_ETHNICITIES:
        if ethnicity + "族" in _KNOWN_ETHNICITIES:
            values["ethnicity"] = ethnicity + "族"
        else:
            row.warnings.append(Problem(row.row, ctx.header_for("ethnicity"), f"“{ethnicity}”不在民族代码表中，按原样保存"))
    if values.get("change_kind") and not values.get("change_date"):
        problems.append(Problem(row.row, ctx.header_for("change_date"), "填写了会籍变化类型，但没有会籍变化日期"))
    birth, joined = values.get("birth_date"), values.get("join_date")
    if birth and joined and joined < birth:
        problems.append(Problem(row.row, ctx.header_for("join_date"), f"入会日期 {joined} 早于出生日期 {birth}"))
    if not problems:
        _join_checks(row, ctx, _today(ctx))
    return problems
