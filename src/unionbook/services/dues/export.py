"""The 会费收缴台账 as .xlsx: one month (a row per member) or one year (a row per member, a column a month).

Money cells are numbers in 元 shown as '#,##0.00"元"' (the 经审 committee sums them), a totals row
closes each sheet, ID numbers are masked unless asked (the export is recorded in the audit trail
either way), and every text cell goes through the writer's formula neutralising (fileio/
xlsx_writer.py), as in every other export.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from unionbook.domain.dues import DuesStatus, months_of_year
from unionbook.domain.idnumber import mask_id_number
from unionbook.domain.money import fen_to_yuan
from unionbook.fileio.xlsx_writer import MONEY_FORMAT, write_rows
from unionbook.services import audit
from unionbook.services.dues.ledger import DuesFilter, DuesRow, list_rows
from unionbook.services.union import get_profile

MONTH_HEADER = ["序号", "姓名", "身份证号", "部门", "工资基数", "应缴", "实缴", "缴纳日期", "方式", "备注"]
TOTAL = "合计"


@dataclass(frozen=True)
class DuesExport:
    path: Path
    rows: int  # members listed


def _yuan(fen: int | None) -> object:
    return fen_to_yuan(fen) if fen is not None else None


def _note(row: DuesRow) -> str:
    parts = [row.exempt_reason or ("未登记工资基数" if row.status is DuesStatus.NO_BASE else "")]
    if row.status is DuesStatus.OWED:
        parts.append("欠缴")
    parts.append(row.notes)
    return "；".join(p for p in parts if p)


def month_sheet(rows: list[DuesRow], show_id: bool) -> tuple[list[str], list[list[object]]]:
    body: list[list[object]] = []
    for n, r in enumerate(rows, start=1):
        body.append([n, r.member_name, r.id_number if show_id else mask_id_number(r.id_number), r.department,
                     _yuan(r.wage_fen), _yuan(r.due_fen), _yuan(r.paid_fen), r.paid_on, r.method or "", _note(r)])  # fmt: skip
    body.append([TOTAL, f"{len(rows)} 人", None, None, None, _yuan(sum(r.due_fen for r in rows)),
                 _yuan(sum(r.paid_fen or 0 for r in rows)), None, None, None])  # fmt: skip
    return MONTH_HEADER, body


def year_sheet(rows: list[DuesRow], year: int, show_id: bool) -> tuple[list[str], list[list[object]]]:
    """One row per member: each month's 实缴 as a number (欠缴/免缴/未登记 as words), then the sums."""
    months = months_of_year(year)
    header = ["序号", "姓名", "身份证号", "部门", *(f"{m.month}月" for m in months), "应缴合计", "实缴合计", "欠缴"]
    people: dict[int, list[DuesRow]] = {}
    for r in rows:
        people.setdefault(r.member_id, []).append(r)
    body: list[list[object]] = []
    column_sums = [0] * 12
    for n, member_rows in enumerate(people.values(), start=1):
        first = member_rows[0]
        cells: list[object] = [None] * 12
        for r in member_rows:
            i = r.month.month - 1
            if r.status is DuesStatus.PAID:
                cells[i] = _yuan(r.paid_fen)
                column_sums[i] += r.paid_fen or 0
            else:
                cells[i] = {DuesStatus.OWED: "欠缴", DuesStatus.EXEMPT: "免缴", DuesStatus.NO_BASE: "未登记",
                            DuesStatus.NOTHING_DUE: ""}[r.status]  # fmt: skip
        due = sum(r.due_fen for r in member_rows)
        paid = sum(r.paid_fen or 0 for r in member_rows)
        owed = sum(r.due_fen for r in member_rows if r.status is DuesStatus.OWED)
        body.append([n, first.member_name, first.id_number if show_id else mask_id_number(first.id_number),
                     first.department, *cells, _yuan(due), _yuan(paid), _yuan(owed)])  # fmt: skip
    body.append([TOTAL, f"{len(people)} 人", None, None, *(_yuan(s) for s in column_sums),
                 _yuan(sum(r.due_fen for r in rows)), _yuan(sum(r.paid_fen or 0 for r in rows)),
                 _yuan(sum(r.due_fen for r in rows if r.status is DuesStatus.OWED))])  # fmt: skip
    return header, body


def export_dues(factory, target: Path, *, year: int | None = None, month: date | None = None,
                show_id: bool = False) -> DuesExport:  # fmt: skip
    """The month's 台账 when `month` is given, else the year's (one row per member)."""
    if month is not None:
        rows = list_rows(factory, DuesFilter(month=month))
        header, body = month_sheet(rows, show_id)
        title = f"{month.year}年{month.month}月会费收缴台账"
        money = ["工资基数", "应缴", "实缴"]
        people = len(rows)
    else:
        assert year is not None
        rows = list_rows(factory, DuesFilter(year=year))
        header, body = year_sheet(rows, year, show_id)
        title = f"{year}年会费收缴台账"
        money = [*header[4:16], "应缴合计", "实缴合计", "欠缴"]
        people = len(body) - 1
    write_rows(Path(target), [(title, header, body)], text_columns={"身份证号"},
               number_formats=dict.fromkeys(money, MONEY_FORMAT), printed=f"{get_profile(factory).union_name}{title}")  # fmt: skip
    audit.record_export(factory, audit.ExportKind.DUES, people, show_id, target)
    return DuesExport(Path(target), people)


