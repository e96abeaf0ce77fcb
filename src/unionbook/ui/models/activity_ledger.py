"""The printed 活动台账: the activities the table shows, as the paper ledger's rows of text.

The cells come from the table model's `cells()`, so paper and screen say the same thing; the paper
adds what the screen keeps in tooltips and the panel: a meeting's numbers in words and the summary,
which is what the paper ledger is read for, so its cells wrap instead of being cut.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtPrintSupport import QPrinter

from unionbook.services.activities import ActivityFilter, ActivityRow
from unionbook.ui.models.activity_table_model import (
    LIST_MARK,
    LIST_MARK_TIP,
    SPECS,
    Column,
    cells,
    date_text,
    participants_marked,
)
from unionbook.ui.models.rows_model import Col, print_columns
from unionbook.ui.printing import Ledger, TableStyle, render_table

#: What paper adds after the table's printed columns (SPECS' print widths): a meeting's numbers in
#: words, and the summary.
PAPER_ONLY = (Col("MEETING", "会议情况", print_width=9.5), Col("SUMMARY", "主要内容", print_width=20))
#: Cells wrap instead of being cut: an activity's summary is what the paper ledger is read for.
LEDGER_STYLE = TableStyle(print_columns((*SPECS, *PAPER_ONLY)), body_size=9, padding=0.5, wrap=True)


def ledger_cells(row: ActivityRow) -> tuple[str, ...]:
    """One activity as the paper ledger's cells (after 序号): the table's text, the meeting's
    numbers in words, and the summary, which is what the paper ledger is read for."""
    text = cells(row)
    data = row.data
    meeting = []
    if data.is_meeting:
        if data.expected_attendance is not None or data.actual_attendance is not None:
            mark = {True: " 符合法定人数", False: " 不足法定人数", None: ""}[row.quorum_held]
            meeting.append(f"应到{data.expected_attendance or '?'} 实到{data.actual_attendance or '?'}{mark}")
        if data.proposals is not None:
            meeting.append(f"提案{data.proposals} 办结{data.proposals_closed or 0}")
    return (
        date_text(row).replace("～", "\n～"),
        data.name,
        text[Column.CATEGORY],
        data.role,
        data.location,
        participants_marked(row),
        text[Column.COST],
        data.outcome,
        "\n".join(meeting),
        data.summary,
    )


def activity_ledger(
    rows: Sequence[ActivityRow], union_name: str, flt: ActivityFilter, month: int | None, today: date
) -> Ledger:
    """The rows as shown (filter, month and sort applied), titled and with the filter noted."""
    body = [(str(number), *ledger_cells(row)) for number, row in enumerate(rows, start=1)]
    notes = [f"{caption}：{value}" for caption, value in (("类别", flt.category), ("角色", flt.role)) if value]
    if month:
        notes.append(f"月份：{month}月")
    if flt.text.strip():
        notes.append(f"搜索：{flt.text.strip()}")
    year = f"{flt.year}年" if flt.year else ""
    subtitle = f"打印日期：{today.year}年{today.month}月{today.day}日　共 {len(rows)} 场"
    if notes:
        subtitle += "　（已筛选）" + "；".join(notes)
    if any(row.attendance for row in rows):
        subtitle += f"　人次后标“{LIST_MARK}”的{LIST_MARK_TIP}"
    return Ledger(f"{union_name}{year}活动台账", subtitle, body)


def render_ledger(printer: QPrinter, ledger: Ledger) -> int:
    """Paint the ledger onto `printer` (a real printer, a PDF or the preview); returns pages."""
    return render_table(printer, ledger, LEDGER_STYLE)
