"""Exporting the roster: our own 花名册, and into an upstream collection sheet's layout.

The 花名册's headers are the import's canonical column labels (importing/members.py), so exporting
and importing again changes nothing. ID numbers and phones are masked unless the user asks: the
import recognises masked values and leaves the stored numbers alone.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from copy import copy
from dataclasses import dataclass
from datetime import date
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from unionbook.db.models import EmploymentEvent, Member, MembershipEvent
from unionbook.domain.cells import clean_text
from unionbook.domain.codelists import to_target_list
from unionbook.domain.errors import InputError, OperationCancelled
from unionbook.domain.idnumber import mask_id_number, mask_phone
from unionbook.domain.vocab import MembershipEventKind
from unionbook.fileio.cells import set_cell
from unionbook.fileio.spreadsheet import read_sheet, write_rows
from unionbook.services import audit
from unionbook.services.importing.engine import detect_header
from unionbook.services.importing.members import MEMBER_SPEC
from unionbook.services.importing.spec import Kind
from unionbook.services.union import get_profile

_EARLIEST = date(1, 1, 1)


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int
    #: People not written, by reason in the order a chair reads them (("非会员", 24), ("转出", 23) …):
    #: an upstream collection sheet lists members only.
    left_out: tuple[tuple[str, int], ...] = ()

    @property
    def left_out_count(self) -> int:
        return sum(n for _reason, n in self.left_out)


#: Whose membership an upstream collection sheet lists: members now, and those who keep their
#: membership (保留会籍: retirees and the like are still on the upper union's books).
ON_ROSTER = frozenset(k.value for k in (*MembershipEventKind.active(), MembershipEventKind.RETAIN))
#: Why a person is not on the sheet, by their latest 会籍变化 (None: never joined).
LEFT_OUT_REASONS: dict[str | None, str] = {
    None: "非会员",
    MembershipEventKind.TRANSFER_OUT.value: "转出",
    MembershipEventKind.QUIT.value: "退会",
    MembershipEventKind.EXPEL.value: "除名",
    MembershipEventKind.DECEASED.value: "去世",
}


def left_out_text(result: ExportResult) -> str:
    """"未导出 59 人：非会员 24 人，转出 23 人，……" (the line the CLI prints and the GUI shows), or ""."""
    if not result.left_out:
        return ""
    parts = "，".join(f"{reason} {n:,} 人" for reason, n in result.left_out)
    return f"未导出 {result.left_out_count:,} 人：{parts}（采集表只填在册会员，含保留会籍的）"


def split_current_members(records: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], tuple[tuple[str, int], ...]]:
    """The records of people on the union's books now, and how many others there were, by reason."""
    kept: list[dict[str, Any]] = []
    counts = dict.fromkeys(LEFT_OUT_REASONS.values(), 0)
    for record in records:
        kind = record["latest_kind"]
        if kind in ON_ROSTER:
            kept.append(record)
        else:
            reason = LEFT_OUT_REASONS.get(kind, str(kind))
            counts[reason] = counts.get(reason, 0) + 1
    return kept, tuple((reason, n) for reason, n in counts.items() if n)


#: Member columns the roster copies as they are stored.
_STORED = ("name", "gender", "birth_date", "ethnicity", "id_type", "education", "tech_level", "hukou_type",
           "hukou_place", "political_status", "department", "position", "employment_form", "member_card_no",
           "notes")  # fmt: skip


def roster_records(factory: sessionmaker[Session], *, show_id: bool = False) -> list[dict[str, Any]]:
    """One dict per person keyed by MEMBER_SPEC column keys, in pinyin order of names.

    Three Core queries in all (people, membership events, employment events) grouped in Python:
    100,000 people export without a query per person, and without an ORM object per row.
    """
    active = {k.value for k in MembershipEventKind.active()}
    with factory() as session:
        members = session.execute(
            select(Member.id, Member.id_number, Member.phone, Member.is_migrant_worker,
                   *(getattr(Member, name) for name in _STORED)).order_by(Member.name_pinyin, Member.id)
        ).all()  # fmt: skip
        events: dict[int, list[tuple[date, int, str, date | None, str | None]]] = {}
        for member_id, event_id, kind, on, reason in session.execute(
            select(MembershipEvent.member_id, MembershipEvent.id, MembershipEvent.kind, MembershipEvent.date,
                   MembershipEvent.reason)
        ):  # fmt: skip
            events.setdefault(member_id, []).append((on or _EARLIEST, event_id, kind, on, reason))
        employment: dict[int, tuple[date, int, str]] = {}
        for member_id, event_id, status, on in session.execute(
            select(EmploymentEvent.member_id, EmploymentEvent.id, EmploymentEvent.status, EmploymentEvent.date)
        ):
            key = (on or _EARLIEST, event_id, status)
            if member_id not in employment or key > employment[member_id]:
                employment[member_id] = key
    records = []
    for member_id, id_number, phone, migrant, *stored in members:
        history = sorted(events.get(member_id, ()))
        latest = history[-1] if history else None
        joined = next((h[3] for h in history if h[2] in active), None)
        record = dict(zip(_STORED, stored, strict=True))
        record.update(
            id_number=id_number if show_id else mask_id_number(id_number),
            phone=phone if show_id else mask_phone(phone),
            employment_status=employment[member_id][2] if member_id in employment else None,
            is_migrant_worker="是" if migrant else "否",
            is_member="是" if latest is not None and latest[2] in active else "否",
            join_date=joined,
            # The latest 会籍变化, when it has a date (an undated one cannot be re-imported as such).
            change_kind=latest[2] if latest and latest[3] else None,
            change_date=latest[3] if latest else None,
            change_reason=latest[4] if latest and latest[3] else None,
            # Not a column: the latest 会籍变化 whatever its date, to choose who an upstream sheet lists.
            latest_kind=latest[2] if latest else None,
        )
        records.append(record)
    return records


def export_roster(factory: sessionmaker[Session], target: Path, *, show_id: bool = False) -> ExportResult:
    """Write the 花名册 (.xlsx) with the import's canonical headers."""
    columns = MEMBER_SPEC.columns
    header = [c.label for c in columns]
    row_of = itemgetter(*(c.key for c in columns))
    rows = [row_of(record) for record in roster_records(factory, show_id=show_id)]
    text_columns = {c.label for c in columns if c.kind in (Kind.ID_NUMBER, Kind.PHONE)} | {"会员卡号"}
    write_rows(Path(target), [("花名册", header, rows)], text_columns=text_columns)
    audit.record_export(factory, audit.ExportKind.MEMBERS, len(rows), show_id, target)
    return ExportResult(Path(target), len(rows))


# --- upstream layouts ------------------------------------------------------------------------


@dataclass
class _LiftedRow:
    """A non-empty row under the header of a template (填表说明 ...), moved below the data."""

    offset: int  # rows below the first lifted row
    cells: list[tuple[int, Any, Any]]  # (column, value, style)
    height: float | None
    merges: list[tuple[int, int, int]]  # (min_col, max_col, rows spanned)


def _lift_rows_below(ws: Any, header_row: int) -> list[_LiftedRow]:
    """Take out every non-empty row below the header, with its merges, so data can fill the space."""
    merges_by_row: dict[int, list[tuple[int, int, int]]] = {}
    for merged in list(ws.merged_cells.ranges):
        if merged.min_row > header_row:
            merges_by_row.setdefault(merged.min_row, []).append(
                (merged.min_col, merged.max_col, merged.max_row - merged.min_row + 1)
            )
            ws.unmerge_cells(str(merged))
    lifted: list[_LiftedRow] = []
    start: int | None = None
    for row in ws.iter_rows(min_row=header_row + 1, max_row=ws.max_row):
        filled = [c for c in row if c.value not in (None, "")]
        if not filled:
            continue
        number = row[0].row
        start = number if start is None else start
        cells = [(c.column, c.value, copy(c._style)) for c in filled]
        height = ws.row_dimensions[number].height
        lifted.append(_LiftedRow(number - start, cells, height, merges_by_row.get(number, [])))
        for c in filled:
            c.value = None
        ws.row_dimensions[number].height = None
    return lifted


def _put_rows_back(ws: Any, lifted: list[_LiftedRow], at: int) -> None:
    for row in lifted:
        number = at + row.offset
        for column, value, style in row.cells:
            cell = ws.cell(number, column, value)
            cell._style = style
        if row.height:
            ws.row_dimensions[number].height = row.height
        for min_col, max_col, span in row.merges:
            ws.merge_cells(start_row=number, start_column=min_col, end_row=number + span - 1, end_column=max_col)


def _extend_validations(ws: Any, header_row: int, first: int, last: int) -> None:
    """Make each drop-down that applied to the template's data rows apply to every filled row."""
    from openpyxl.utils import get_column_letter, range_boundaries

    for validation in ws.data_validations.dataValidation:
        columns = set()
        for cell_range in str(validation.sqref).split():
            min_col, min_row, max_col, max_row = range_boundaries(cell_range)
            if (max_row or min_row) > header_row:
                columns.update(range(min_col, (max_col or min_col) + 1))
        for col in sorted(columns):
            letter = get_column_letter(col)
            validation.sqref.add(f"{letter}{first}:{letter}{last}")


_X14_VALIDATION = re.compile(
    r"<x14:dataValidation\b(?P<attrs>[^>]*)>.*?<xm:f>(?P<formula>[^<]+)</xm:f>.*?<xm:sqref>(?P<sqref>[^<]+)</xm:sqref>",
    re.S,
)


def _extension_validations(template: Path, sheet_name: str) -> list[Any]:
    """Drop-downs stored in Excel 2010's extension list (lists on another sheet, like the
    provincial sheet's 民族 column): openpyxl drops them, so they are read from the XML."""
    import zipfile
    from xml.etree import ElementTree

    from openpyxl.worksheet.datavalidation import DataValidation

    ns = {
        "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    }
    try:
        with zipfile.ZipFile(template) as archive:
            book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
            rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
            rel_id = next(
                (s.get(f"{{{ns['r']}}}id") for s in book.iterfind("m:sheets/m:sheet", ns) if s.get("name") == sheet_name),
                None,
            )
            target = next((r.get("Target") for r in rels.iterfind("rel:Relationship", ns) if r.get("Id") == rel_id), None)
            if target is None:
                return []
            xml = archive.read("xl/" + target.lstrip("/").removeprefix("xl/")).decode("utf-8")
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return []
    found = []
    for match in _X14_VALIDATION.finditer(xml):
        if 'type="list"' not in match.group("attrs"):
            continue
        found.append(DataValidation(type="list", formula1=match.group("formula"), allow_blank=True, sqref=match.group("sqref")))
    return found


_LIST_FORMULA = re.compile(r'^"(.*)"$')
_RANGE_FORMULA = re.compile(r"^'?(?P<sheet>[^'!]+)'?!\$?(?P<c1>[A-Z]+)\$?(?P<r1>\d+)(?::\$?(?P<c2>[A-Z]+)\$?(?P<r2>\d+))?$")

#: Upstream headers that are not per-person fields but the unit's own name.
_UNIT_HEADERS = ("工作单位", "单位名称", "所在单位", "工作单位名称")


def _code_lists(workbook: Any, sheet: Any) -> dict[int, list[str]]:
    """Column index (0-based) → the entries of its drop-down list (data validation)."""
    from openpyxl.utils import column_index_from_string, range_boundaries

    lists: dict[int, list[str]] = {}
    for validation in sheet.data_validations.dataValidation:
        if validation.type != "list" or not validation.formula1:
            continue
        formula = validation.formula1.strip()
        if m := _LIST_FORMULA.match(formula):
            entries = [e.strip() for e in m.group(1).split(",") if e.strip()]
        elif (m := _RANGE_FORMULA.match(formula)) and m.group("sheet") in workbook.sheetnames:
            source = workbook[m.group("sheet")]
            c1, r1 = column_index_from_string(m.group("c1")), int(m.group("r1"))
            c2 = column_index_from_string(m.group("c2") or m.group("c1"))
            r2 = int(m.group("r2") or r1)
            entries = [
                clean_text(v) for row in source.iter_rows(r1, r2, c1, c2, values_only=True) for v in row if v
            ]
        else:
            continue
        for cell_range in str(validation.sqref).split():
            min_col, _min_row, max_col, _max_row = range_boundaries(cell_range)
            for col in range(min_col, (max_col or min_col) + 1):
                lists.setdefault(col - 1, entries)
    return lists


def export_to_layout(
    factory: sessionmaker[Session],
    template: Path,
    target: Path,
    *,
    show_id: bool = True,
    sheet: str | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ExportResult:
    """Fill an upstream collection sheet (such as 海南省工会会员信息采集表) under its header row,
    keeping its title rows, styles, drop-downs and code-list sheets. Values are spelled the way
    the sheet's drop-down lists want them (本科 for 大学本科, 农业户口 for 农村).

    The sheet is the upper union's list of members: only people on the books now are written
    (会员 and 保留会籍); the result says how many others were left out and why (`left_out`).
    Upstream sheets are submitted to the upper union, which needs full ID numbers, so `show_id`
    defaults to True here; the caller decides. The export is recorded in the audit trail.
    """
    import openpyxl

    template = Path(template)
    data = read_sheet(template, sheet)
    mapping = detect_header(data, MEMBER_SPEC, template.name)
    with warnings.catch_warnings():
        # "Data Validation extension is not supported": those drop-downs are re-added below.
        warnings.filterwarnings("ignore", message="Data Validation extension", category=UserWarning)
        workbook = openpyxl.load_workbook(template)
    if data.name not in workbook.sheetnames:
        raise InputError(detail=f"模板“{template.name}”中找不到工作表“{data.name}”")
    ws = workbook[data.name]
    header_row = mapping.header_row + 1  # 1-based
    header = data.rows[mapping.header_row]
    serial_col = next((i for i, h in enumerate(header) if MEMBER_SPEC.is_ignored(h) and clean_text(h)), None)
    unit_cols = [i for i, h in enumerate(header) if clean_text(h).replace(" ", "") in _UNIT_HEADERS]
    unit_name = get_profile(factory).unit_name
    lists = _code_lists(workbook, ws)
    records, left_out = split_current_members(roster_records(factory, show_id=show_id))
    # Upstream forms record the latest 会籍变化 including 入会 (a roster is a list of joins).
    for record in records:
        if not record["change_kind"] and record["join_date"]:
            record["change_kind"], record["change_date"] = "入会", record["join_date"]
    first = header_row + 1
    last = first + max(len(records), 1) - 1
    notes = _lift_rows_below(ws, header_row)
    # Every filled row looks like the template's first data row (borders, alignment, font).
    row_style = [copy(ws.cell(first, col)._style) for col in range(1, len(header) + 1)]
    row_height = ws.row_dimensions[first].height
    for n, record in enumerate(records):
        if cancelled is not None and n % 2000 == 0 and cancelled():
            raise OperationCancelled()
        excel_row = first + n
        for col, style in enumerate(row_style, start=1):
            ws.cell(excel_row, col)._style = copy(style)
        if row_height:
            ws.row_dimensions[excel_row].height = row_height
        if serial_col is not None:
            set_cell(ws.cell(excel_row, serial_col + 1), n + 1)
        for col in unit_cols:
            set_cell(ws.cell(excel_row, col + 1), unit_name)
        for col, key in mapping.columns.items():
            column = MEMBER_SPEC.column(key)
            value = record.get(key)
            if isinstance(value, str) and col in lists:
                value = to_target_list(column.vocab, value, lists[col])
            cell = set_cell(ws.cell(excel_row, col + 1), value)  # "=HYPERLINK(…)" stays text
            if isinstance(value, date):
                cell.number_format = "yyyy/mm/dd"
            elif column.kind in (Kind.ID_NUMBER, Kind.PHONE):
                cell.number_format = "@"
    _put_rows_back(ws, notes, last + 2)
    for validation in _extension_validations(template, data.name):
        ws.add_data_validation(validation)  # openpyxl drops x14 validations on load: add them back
    _extend_validations(ws, header_row, first, last)  # x14 ones too: they skip the old notes row
    target = Path(target)
    tmp = target.with_name(target.name + ".partial")
    workbook.save(tmp)
    tmp.replace(target)
    audit.record_export(factory, audit.ExportKind.MEMBERS_LAYOUT, len(records), show_id, target,
                        template=template.name, left_out=dict(left_out))  # fmt: skip
    return ExportResult(target, len(records), left_out)

