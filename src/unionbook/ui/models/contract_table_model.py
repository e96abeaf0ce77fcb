"""The collective contracts table: every contract in memory, coloured by its derived status.

A union has tens of contracts, so the model holds all `ContractRow`s (STYLE.md: up to a few thousand
rows, load everything and sort with a QSortFilterProxyModel on SortRole). The rows arrive in the
service's order, expiring soonest on top; the 状态 column sorts by that order, so a click on it
brings the reminder order back after the chair sorted by another column.

Colours follow what the chair must do: 即将到期 is orange (renegotiate now), 已到期 red (a contract
has lapsed without a renewal), 已续签/已终止 grey (history), 未生效 blue (signed, not yet running).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtGui import QBrush, QColor

from unionbook.domain.contracts import ChecklistItem, ContractStatus
from unionbook.domain.vocab import ContractType
from unionbook.services.contracts import ContractRow
from unionbook.ui.models.rows_model import CENTER, RIGHT, Col, RowsModel, column_enum

#: Headings much wider than their numbers go on two lines; samples size the columns to fit a
#: 1366-pixel screen (合同名称 takes what is left); print widths make the A4 ledger.
SPECS = (
    Col("STATUS", "状态", "即将到期", CENTER, print_width=7),
    Col("KIND", "类型", "安全卫生专项", CENTER, print_width=7),
    Col("TITLE", "合同名称", print_width=22),
    Col("EMPLOYER", "企业方", "某某机械有限公司", print_width=11),
    Col("SIGNED", "签订日期", "2024-05-03", CENTER, print_width=8.5),
    Col("EFFECTIVE_FROM", "生效日期", "2024-05-03", CENTER, print_width=8.5),
    Col("EFFECTIVE_TO", "终止日期", "2024-05-03", CENTER, print_width=8.5),
    Col("DAYS_LEFT", "剩余\n天数", "已到期 999 天", RIGHT, "距终止日期的天数；已到期未续签的合同显示已到期多少天", 6),
    Col("EMPLOYEES", "覆盖\n职工数", "10,000", RIGHT, print_width=5.5),
    Col("FEMALE", "覆盖\n女职工数", "10,000", RIGHT, print_width=7),
    Col("WAGE", "工资\n增长幅度", "12.5%", RIGHT, print_width=7),
    Col("PROCESS", "程序", "✗ 逾期备案、缺公布", tip="职代会审议通过、签订后10日内报送人社部门审查备案、向全体职工公布", print_width=8.5),
)
Column = column_enum("Column", SPECS)

#: Short names for the table and the printed ledger: "集体合同" in every cell of a 类型 column only
#: takes width from the contract's name.
SHORT_KINDS: dict[str, str] = {
    ContractType.COMPREHENSIVE: "综合",
    ContractType.WAGE: "工资专项",
    ContractType.FEMALE_WORKERS: "女职工专项",
    ContractType.SAFETY_HEALTH: "安全卫生专项",
    ContractType.OTHER_SPECIAL: "其他专项",
}


#: (background, foreground) per status; None keeps the view's own colour.
_STATUS_COLOURS: dict[ContractStatus, tuple[str | None, str | None]] = {
    ContractStatus.EXPIRING: ("#fbd9a5", "#7a4100"),
    ContractStatus.EXPIRED: ("#fbe1de", "#b03022"),
    ContractStatus.RENEWED: (None, "#8a949e"),
    ContractStatus.TERMINATED: (None, "#8a949e"),
    ContractStatus.NOT_YET: ("#e3eefb", "#1f4e8c"),
    ContractStatus.IN_FORCE: (None, None),
}
_BRUSHES = {
    status: (QBrush(QColor(bg)) if bg else None, QBrush(QColor(fg)) if fg else None)
    for status, (bg, fg) in _STATUS_COLOURS.items()
}
#: A process step missing or late: orange, like the warnings elsewhere in the app.
_PROCESS_WARNING = QBrush(QColor("#b9770e"))
#: Statuses for which "days left" means something: a renewed or ended contract needs nothing, and
#: an expired one shows how long it has been without a contract (negative).
_COUNTING = (ContractStatus.IN_FORCE, ContractStatus.EXPIRING, ContractStatus.NOT_YET, ContractStatus.EXPIRED)

def format_date(value: date | None) -> str:
    return value.isoformat() if value else ""


def format_percent(value: float | None) -> str:
    return "" if value is None else f"{value:g}%"


def days_left(row: ContractRow, today: date) -> int | None:
    """Days until the contract ends (negative once it has lapsed unrenewed); None for contracts
    renewed, terminated or without an end date."""
    end = row.data.effective_to
    if end is None or row.status not in _COUNTING:
        return None
    return (end - today).days


def days_left_text(left: int | None) -> str:
    """"31", or "已到期 275 天" for a contract that lapsed unrenewed: never a negative number."""
    if left is None:
        return ""
    return str(left) if left >= 0 else f"已到期 {-left} 天"


def process_summary(row: ContractRow) -> str:
    """"✓ 齐全", or in a few characters what the law's steps still lack: "✗ 缺审议、逾期备案"."""
    data, (congress, filing, published) = row.data, row.checklist
    missing = []
    if not congress.done:
        missing.append("缺审议")
    if not filing.done:
        # Filed, yet not done: filed after the 10-day deadline.
        missing.append("缺备案" if data.filed_on is None else "逾期备案")
    if not published.done:
        missing.append("缺公布")
    return "✓ 齐全" if not missing else "✗ " + "、".join(missing)


def checklist_text(checklist: list[ChecklistItem]) -> str:
    return "\n".join(f"{'✓' if i.done else '✗'} {i.label}：{i.note}" for i in checklist)


def cells(row: ContractRow, today: date) -> dict[Column, str]:
    """Every column's text for one contract: the table, its tooltips and the printed ledger."""
    data = row.data
    left = days_left(row, today)
    return {
        Column.STATUS: row.status.value,
        Column.KIND: SHORT_KINDS.get(data.kind, data.kind),
        Column.TITLE: data.title,
        Column.EMPLOYER: data.employer,
        Column.SIGNED: format_date(data.signed_on),
        Column.EFFECTIVE_FROM: format_date(data.effective_from),
        Column.EFFECTIVE_TO: format_date(data.effective_to),
        Column.DAYS_LEFT: days_left_text(left),
        Column.EMPLOYEES: "" if data.covered_employees is None else f"{data.covered_employees:,}",
        Column.FEMALE: "" if data.covered_female is None else f"{data.covered_female:,}",
        Column.WAGE: format_percent(data.wage_increase_pct),
        Column.PROCESS: process_summary(row),
    }


class ContractTableModel(RowsModel[ContractRow]):
    """All contracts as `ContractRow`s, in the order `set_rows` gives them."""

    COLUMNS = Column

    def display(self, row: ContractRow, column: Column) -> str:
        return cells(row, self.today)[column]

    def background(self, row: ContractRow, column: Column) -> Any:
        return _BRUSHES[row.status][0]

    def foreground(self, row: ContractRow, column: Column) -> Any:
        if column == Column.PROCESS and not all(i.done for i in row.checklist):
            # Grey history rows stay grey: a late filing in 2021 needs no action now.
            if row.status not in (ContractStatus.RENEWED, ContractStatus.TERMINATED):
                return _PROCESS_WARNING
        return _BRUSHES[row.status][1]

    def tooltip(self, row: ContractRow, column: Column) -> str | None:
        data = row.data
        match column:
            case Column.STATUS:
                if row.status == ContractStatus.TERMINATED and data.terminated_on:
                    return f"已于 {data.terminated_on.isoformat()} 提前终止"
                if row.status == ContractStatus.EXPIRING:
                    return "90 天内到期，请及时协商续签"
                return None
            case Column.KIND:
                return data.kind
            case Column.TITLE:
                parts = [data.title]
                if row.renews_title:
                    parts.append(f"续签自《{row.renews_title}》")
                return "\n".join(parts)
            case Column.EMPLOYER:
                return data.employer or None
            case Column.EFFECTIVE_TO:
                if data.terminated_on:
                    return f"已于 {data.terminated_on.isoformat()} 提前终止（原定 {format_date(data.effective_to)} 到期）"
                return None
            case Column.PROCESS:
                return checklist_text(row.checklist)
        return None

    def sort_value(self, row: ContractRow, column: Column, position: int) -> Any:
        """Numbers and ISO dates sort as they read; empty cells go first in ascending order."""
        data = row.data
        match column:
            case Column.STATUS:
                return position  # the service's reminder order (expiring soonest first)
            case Column.SIGNED:
                return format_date(data.signed_on)
            case Column.EFFECTIVE_FROM:
                return format_date(data.effective_from)
            case Column.EFFECTIVE_TO:
                return format_date(data.effective_to)
            case Column.DAYS_LEFT:
                left = days_left(row, self.today)
                return -(10**9) if left is None else left
            case Column.EMPLOYEES:
                return -1 if data.covered_employees is None else data.covered_employees
            case Column.FEMALE:
                return -1 if data.covered_female is None else data.covered_female
            case Column.WAGE:
                return -1000.0 if data.wage_increase_pct is None else data.wage_increase_pct
            case Column.PROCESS:
                return sum(i.done for i in row.checklist)
            case _:
                return cells(row, self.today)[column]
