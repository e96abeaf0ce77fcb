"""The three tables of the 帮扶 page: hardship files, disbursements and batches.

A union has a handful of batches: that model holds its rows in memory and the page sorts them with a
QSortFilterProxyModel on SortRole (STYLE.md). The disbursements of a year reach 150,000 at 100,000
people, so the 发放记录 list and a batch's lines are lazy (`LazyPaymentTableModel`): SQL filters and
sorts the ids and the rows on screen are read. Hardship files (3,500 at 100,000 people, with their
relatives and reviews) are lazy too, so showing the tab reads one screen of files, not all of them.
Amounts are integer fen from the service and shown as 元 with two decimals
and thousands separators; sorting uses the fen, never the text.

Colour says what the chair must do: an open file not reviewed for 12 months is orange (the yearly
复核 is due), closed files are grey (history), a batch whose sign-off sheet has not come back
complete shows its 已签收 count in orange.

Goods are help too: a disbursement of 月饼礼盒 alone reads "（实物）" in the amount column (its
goods and value beside it), and a batch's 发放合计 names its goods and their value
(services/aid/display.py), never "0.00" for a gift.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from unionbook.domain.money import format_yuan
from unionbook.domain.vocab import HardshipCloseReason
from unionbook.services import aid
from unionbook.services.aid import (
    HARDSHIP_SORTS,
    REVIEW_INTERVAL_DAYS,
    BatchRow,
    HardshipFilter,
    HardshipRow,
    PaymentFilter,
    PaymentRow,
    is_goods_only,
    value_text,
)
from unionbook.ui.i18n import translator
from unionbook.ui.models.rows_model import CENTER, RIGHT, Col, LazyRowsModel, RowRole, RowsModel, SortRole, column_enum

tr = translator("AidTableModels")

_OVERDUE_BACKGROUND = QBrush(QColor("#fbd9a5"))
_OVERDUE_FOREGROUND = QBrush(QColor("#7a4100"))
_GREY = QBrush(QColor("#8a949e"))
_WARNING = QBrush(QColor("#b9770e"))


def format_date(value: date | None) -> str:
    return value.isoformat() if value else ""


def yuan_or_blank(fen: int | None) -> str:
    """An amount that may be missing or zero (实物价值, 人均月收入): blank rather than "0.00"."""
    return format_yuan(fen) if fen else ""


def hardship_status(row: HardshipRow) -> str:
    """在档, or how the file was closed: 已解困脱困, 已调离 … ("已其他" reads wrong: 已关闭（其他）)."""
    if row.data.closed_on is None:
        return "在档"
    reason = row.data.close_reason
    if not reason or reason == HardshipCloseReason.OTHER.value:
        return "已关闭（其他）" if reason else "已关闭"
    return f"已{reason}"


def overdue_text(row: HardshipRow, today: date) -> str:
    """Why an open file is flagged: when it was last reviewed and how long ago."""
    if row.last_review is not None:
        since = tr("上次复核 {0}").format(row.last_review.isoformat())
        days = (today - row.last_review).days
    else:
        since = tr("建档 {0} 后从未复核").format(row.data.opened_on.isoformat())
        days = (today - row.data.opened_on).days
    return tr("已超过 12 个月未复核（{0}，已 {1} 天），请尽快复核").format(since, days)


# --- hardship files ------------------------------------------------------------------------------


#: Samples are typical widest values: widths come from them in the user's font (致困原因 stretches).
HARDSHIP_SPECS = (
    Col("NAME", "姓名", "欧阳某某"),
    Col("DEPARTMENT", "部门", "仓储物流部门"),
    Col("CATEGORY", "困难类别", "深度困难", CENTER),
    Col("CAUSES", "致困原因", "因病、因残、子女教育"),
    Col("HOUSEHOLD", "家庭人口", "10", RIGHT),
    Col("INCOME", "人均月收入(元)", "1,234.00", RIGHT),
    Col("OPENED", "建档日期", "2024-05-03", CENTER),
    Col("LAST_REVIEW", "最近复核", "2024-05-03", CENTER),
    Col("STATUS", "状态", "已不再符合条件", CENTER),
)
HardshipColumn = column_enum("HardshipColumn", HARDSHIP_SPECS)


def hardship_cells(row: HardshipRow) -> dict[HardshipColumn, str]:
    data = row.data
    return {
        HardshipColumn.NAME: row.member_name,
        HardshipColumn.DEPARTMENT: row.department or "",
        HardshipColumn.CATEGORY: data.category,
        HardshipColumn.CAUSES: "、".join(data.causes),
        HardshipColumn.HOUSEHOLD: "" if data.household_size is None else str(data.household_size),
        HardshipColumn.INCOME: "" if data.income_per_capita_fen is None else format_yuan(data.income_per_capita_fen),
        HardshipColumn.OPENED: format_date(data.opened_on),
        HardshipColumn.LAST_REVIEW: format_date(row.last_review) or tr("未复核"),
        HardshipColumn.STATUS: hardship_status(row),
    }


class HardshipTableModel(LazyRowsModel[HardshipRow]):
    """Hardship files over `aid.query_hardship_ids` for the 状态 filter and the sort, newest opened
    first until a heading is clicked; the rows on screen are read as the view shows them (a file's
    family and reviews are not: the detail panel reads them for the file selected). Rows overdue
    for their yearly review are orange."""

    COLUMNS = HardshipColumn
    CELLS = hardship_cells

    def __init__(self, factory: Any, parent: Any = None, *, today: date | None = None) -> None:
        super().__init__(factory, parent, flt=HardshipFilter(), sort_column=HardshipColumn.OPENED)
        self.sort_order = Qt.SortOrder.DescendingOrder
        self._today = today

    @property
    def today(self) -> date:
        """The day overdue is reckoned from; tests fix it (else read when asked: past midnight too)."""
        return self._today or date.today()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Column -1 (no heading sorted): the service's order again, newest opened first."""
        if column < 0:
            column, order = HardshipColumn.OPENED, Qt.SortOrder.DescendingOrder
        super().sort(column, order)

    def fetch_ids(self) -> list[int]:
        return aid.query_hardship_ids(self._factory, self._filter, HARDSHIP_SORTS[self.sort_column], self.descending,
                                      today=self.today)  # fmt: skip

    def fetch_rows(self, ids: Sequence[int]) -> list[HardshipRow]:
        return aid.fetch_hardship_rows(self._factory, ids)

    def background(self, row: HardshipRow, column: HardshipColumn) -> Any:
        return _OVERDUE_BACKGROUND if row.review_overdue(self.today) else None

    def foreground(self, row: HardshipRow, column: HardshipColumn) -> Any:
        if row.review_overdue(self.today):
            return _OVERDUE_FOREGROUND
        return _GREY if row.data.closed_on is not None else None

    def tooltip(self, row: HardshipRow, column: HardshipColumn) -> str | None:
        if row.review_overdue(self.today):
            return overdue_text(row, self.today)
        if column == HardshipColumn.CAUSES and row.data.causes:
            return "、".join(row.data.causes)
        if column == HardshipColumn.STATUS and row.data.closed_on is not None:
            return tr("{0} 关闭档案：{1}").format(row.data.closed_on.isoformat(), row.data.close_reason or "")
        return None


# --- disbursements ------------------------------------------------------------------------------


#: The batch tab's list of a batch's lines is this table too, and is sized by the same samples.
PAYMENT_SPECS = (
    Col("DATE", "日期", "2024-05-03", CENTER),
    Col("NAME", "姓名", "欧阳某某"),
    Col("DEPARTMENT", "部门", "仓储物流部门"),
    Col("PROGRAM", "项目", "困难劳模帮扶", CENTER),
    Col("AMOUNT", "金额(元)", "10,000.00", RIGHT),
    Col("GOODS", "实物", "月饼礼盒、米一袋"),
    Col("GOODS_VALUE", "实物价值(元)", "1,000.00", RIGHT),
    Col("FUNDING", "资金来源", "本级经费", CENTER),
    Col("BATCH", "批次", "2025年中秋节慰问"),
    Col("SIGNED", "已签收", "否", CENTER),
)
PaymentColumn = column_enum("PaymentColumn", PAYMENT_SPECS)


#: The amount cell of a disbursement of goods alone (their name and value are in the next columns).
GOODS_ONLY = "（实物）"


def payment_cells(row: PaymentRow) -> dict[PaymentColumn, str]:
    data = row.data
    return {
        PaymentColumn.DATE: format_date(data.date),
        PaymentColumn.NAME: row.member_name,
        PaymentColumn.DEPARTMENT: row.department or "",
        PaymentColumn.PROGRAM: data.program,
        PaymentColumn.AMOUNT: GOODS_ONLY if is_goods_only(data.amount_fen, data.goods, data.goods_value_fen)
        else format_yuan(data.amount_fen),
        PaymentColumn.GOODS: data.goods,
        PaymentColumn.GOODS_VALUE: yuan_or_blank(data.goods_value_fen),
        PaymentColumn.FUNDING: data.funding_source or "",
        PaymentColumn.BATCH: row.batch_title or "",
        PaymentColumn.SIGNED: "是" if data.signed else "否",
    }


class PaymentTableModel(RowsModel[PaymentRow]):
    """Disbursements as `PaymentRow`s, newest first as the service gives them."""

    COLUMNS = PaymentColumn
    CELLS = payment_cells

    def foreground(self, row: PaymentRow, column: PaymentColumn) -> Any:
        if column == PaymentColumn.SIGNED and not row.data.signed:
            return _WARNING  # money out without a signature: the sheet must come back
        if column == PaymentColumn.AMOUNT and not row.data.amount_fen:
            return _GREY  # goods only: no money, the goods are beside it
        return None

    def tooltip(self, row: PaymentRow, column: PaymentColumn) -> str | None:
        data = row.data
        if column in (PaymentColumn.AMOUNT, PaymentColumn.GOODS_VALUE) and (data.goods or data.goods_value_fen):
            return value_text(data.amount_fen, data.goods, data.goods_value_fen)
        if column == PaymentColumn.NAME and row.data.hardship_file_id is not None:
            return tr("计入困难职工档案")
        if column in (PaymentColumn.GOODS, PaymentColumn.BATCH, PaymentColumn.DEPARTMENT):
            return payment_cells(row)[column] or None
        if row.data.notes:
            return tr("备注：") + row.data.notes
        return None

    def sort_value(self, row: PaymentRow, column: PaymentColumn, position: int) -> Any:
        match column:
            case PaymentColumn.DATE:
                return f"{format_date(row.data.date)}#{row.id:09d}"
            case PaymentColumn.AMOUNT:
                return row.data.amount_fen
            case PaymentColumn.GOODS_VALUE:
                return row.data.goods_value_fen
            case _:
                return payment_cells(row)[column]


#: The service's sort key of each payments column (services/aid/payments.py PAYMENT_SORTS).
_PAYMENT_SORTS = dict(zip(PaymentColumn, ("date", "name", "department", "program", "amount", "goods", "goods_value",
                                          "funding", "batch", "signed"), strict=True))  # fmt: skip


class LazyPaymentTableModel(LazyRowsModel[PaymentRow]):
    """The same table over `aid.query_payment_ids` for its filter and sort, newest first until a
    heading is clicked; rows are read as the view shows them."""

    COLUMNS = PaymentColumn
    CELLS = payment_cells
    foreground = PaymentTableModel.foreground
    tooltip = PaymentTableModel.tooltip

    def __init__(self, factory: Any, parent: Any = None, *, sort_column: int = PaymentColumn.DATE,
                 descending: bool = True) -> None:  # fmt: skip
        super().__init__(factory, parent, flt=PaymentFilter(), sort_column=sort_column)
        if descending:
            self.sort_order = Qt.SortOrder.DescendingOrder

    def fetch_ids(self) -> list[int]:
        return aid.query_payment_ids(self._factory, self._filter, _PAYMENT_SORTS[self.sort_column], self.descending)

    def fetch_rows(self, ids: Sequence[int]) -> list[PaymentRow]:
        return aid.fetch_payment_rows(self._factory, ids)


# --- batches ---------------------------------------------------------------------------------------


BATCH_SPECS = (
    Col("DATE", "日期", "2024-05-03", CENTER),
    Col("TITLE", "批次名称", "2025年中秋节慰问（一线职工）"),
    Col("PROGRAM", "项目", "困难劳模帮扶", CENTER),
    Col("COUNT", "人数", "1,000", RIGHT),
    Col("TOTAL", "发放合计", "实物：月饼礼盒（价值 45,800.00 元）", RIGHT),
    Col("SIGNED", "已签收", "1,000/1,000", CENTER),
    Col("PREPARED", "经办", "欧阳某某"),
    Col("APPROVED", "审批"),
)
BatchColumn = column_enum("BatchColumn", BATCH_SPECS)


def batch_cells(row: BatchRow) -> dict[BatchColumn, str]:
    return {
        BatchColumn.DATE: format_date(row.date),
        BatchColumn.TITLE: row.title,
        BatchColumn.PROGRAM: row.program,
        BatchColumn.COUNT: f"{row.count:,}",
        BatchColumn.TOTAL: value_text(row.total_fen, row.goods, row.goods_value_fen),
        BatchColumn.SIGNED: f"{row.signed:,}/{row.count:,}",
        BatchColumn.PREPARED: row.prepared_by or "",
        BatchColumn.APPROVED: row.approved_by or "",
    }


class BatchTableModel(RowsModel[BatchRow]):
    """Batches as `BatchRow`s; an incomplete 已签收 count is orange."""

    COLUMNS = BatchColumn
    CELLS = batch_cells

    def foreground(self, row: BatchRow, column: BatchColumn) -> Any:
        return _WARNING if column == BatchColumn.SIGNED and row.signed < row.count else None

    def tooltip(self, row: BatchRow, column: BatchColumn) -> str | None:
        if column == BatchColumn.SIGNED and row.signed < row.count:
            return tr("还有 {0} 人未签收").format(row.count - row.signed)
        if column == BatchColumn.TOTAL:
            return batch_cells(row)[column]
        return row.title if column == BatchColumn.TITLE else None

    def sort_value(self, row: BatchRow, column: BatchColumn, position: int) -> Any:
        match column:
            case BatchColumn.DATE:
                return f"{format_date(row.date)}#{row.id:09d}"
            case BatchColumn.COUNT:
                return row.count
            case BatchColumn.TOTAL:
                return row.total_fen + row.goods_value_fen
            case BatchColumn.SIGNED:
                return row.count - row.signed
            case _:
                return batch_cells(row)[column]


__all__ = [
    "REVIEW_INTERVAL_DAYS",
    "BatchColumn",
    "BatchTableModel",
    "HardshipColumn",
    "HardshipTableModel",
    "LazyPaymentTableModel",
    "PaymentColumn",
    "PaymentTableModel",
    "RowRole",
    "SortRole",
    "hardship_status",
    "overdue_text",
]
