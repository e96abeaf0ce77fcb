"""What a person's dialog shows beside the form: their membership and employment history, the
activities they signed in to, their aid, and their honors with the years they were covered by
职工互助保障.

Each sits on a tab of the member dialog, so the dialog fits a 1366×768 screen whatever a person's
history holds. Activities, aid and honors are read-only (they are kept on their own pages).
Membership changes (转出, 保留 ...) are events with a date, registered and deleted on their tab the
moment the chair asks, not fields of the form: the person's status is whatever the latest event
says, so after each change the tab reads the person again and tells the dialog (`changed`), which
shows the new status and makes the roster re-read even if the form is cancelled.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from unionbook.domain.errors import UnionbookError, ValidationError
from unionbook.domain.money import format_yuan
from unionbook.domain.vocab import MembershipEventKind, labels
from unionbook.services import members
from unionbook.services.activities import activities_of_member
from unionbook.services.aid import goods_text, is_goods_only, person_history, value_text
from unionbook.services.honors import honors_of_member, model_worker_title
from unionbook.services.members import EventRow, MemberDetail
from unionbook.services.mutual_aid import years_covered
from unionbook.ui.dialogs.form_dialog import ErrorLabel, inline
from unionbook.ui.dialogs.record_form import choice_combo, line_edit
from unionbook.ui.errors import show_error
from unionbook.ui.i18n import translator
from unionbook.ui.models.aid_table_models import GOODS_ONLY

tr = translator("MemberDialog")


def history_table(headers: list[str]) -> QTableWidget:
    """A handful of rows per person: a QTableWidget is enough, no lazy model needed here."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.setMinimumHeight(130)
    return table


def listing(column: QVBoxLayout, headers: list[str], rows: list[tuple[tuple[str, ...], str]], empty: str) -> QTableWidget:
    """A read-only list of (cells, tooltip) rows added to `column`, or the `empty` hint instead."""
    table = history_table(headers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setRowCount(len(rows))
    for r, (cells, tip) in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(tip)
            table.setItem(r, c, item)
    column.addWidget(table)
    if not rows:
        table.hide()
        hint = QLabel(empty)
        hint.setObjectName("hint")
        column.addWidget(hint)
        column.addStretch(1)
    return table


class ActivitiesTab(QWidget):
    """The activities this person signed in to, newest first."""

    def __init__(self, factory: Any, member_id: int) -> None:
        super().__init__()
        rows = activities_of_member(factory, member_id)
        self.caption = tr("参加的活动（{0}）").format(len(rows))
        self.table = listing(
            QVBoxLayout(self), [tr("日期"), tr("类别"), tr("角色"), tr("活动名称")],
            [((r.data.start_date.isoformat(), r.data.category, r.data.role, r.data.name),
              f"{r.data.name}　{r.data.location}" if r.data.location else r.data.name) for r in rows],
            tr("还没有登记在任何活动的签到名单上。签到名单在“活动”页登记。"),
        )  # fmt: skip


class AidTab(QWidget):
    """帮扶记录: the person's hardship files and totals by year, with every payment one click away."""

    def __init__(self, factory: Any, member_id: int, name: str) -> None:
        super().__init__()
        history = person_history(factory, member_id)
        total = sum(amount for _count, amount in history.totals_by_year.values())
        self.caption = tr("帮扶记录（{0}）").format(len(history.payments))
        self.setObjectName("aidHistory")
        column = QVBoxLayout(self)
        given = value_text(total, "", history.goods_value_fen) if history.goods_by_year else f"{format_yuan(total)} 元"
        totals = QLabel(tr("帮扶记录（{0} 笔，合计 {1}）").format(len(history.payments), given))
        totals.setObjectName("aidTotals")
        totals.setStyleSheet("font-weight: bold;")
        column.addWidget(totals)
        row = QHBoxLayout()
        column.addLayout(row)
        column.addStretch(1)
        lines = []
        for f in history.files:
            state = tr("在档") if f.data.closed_on is None else tr("{0} 关闭（{1}）").format(f.data.closed_on, f.data.close_reason)
            lines.append(tr("困难职工档案：{0} 建档，{1}，{2}").format(f.data.opened_on, f.data.category, state))
        years = []
        for year, (count, amount) in sorted(history.totals_by_year.items(), reverse=True):
            kinds, value = history.goods_by_year.get(year, ((), 0))
            # One kind of goods is named (实物：月饼礼盒); several are summed as 实物（价值 …）.
            given = value_text(amount, kinds[0] if len(kinds) == 1 else "", value) if kinds or value else (
                f"{format_yuan(amount)} 元")  # fmt: skip
            years.append(tr("{0}年 {1} 笔 {2}").format(year, count, given))
        if years:
            lines.append(tr("按年合计：") + "；".join(years))
        self.summary = QLabel("\n".join(lines) or tr("没有困难职工档案，也没有帮扶慰问发放记录。"))
        self.summary.setObjectName("aidSummary" if lines else "hint")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row.addWidget(self.summary, 1)

        self.details = QDialog(self)
        self.details.setWindowTitle(tr("帮扶记录：") + name)
        self.details.resize(720, 420)
        details = QVBoxLayout(self.details)
        self.table = history_table([tr("日期"), tr("项目"), tr("金额(元)"), tr("实物"), tr("批次")])
        self.table.setRowCount(len(history.payments))
        for r, p in enumerate(history.payments):
            data = p.data
            amount = GOODS_ONLY if is_goods_only(data.amount_fen, data.goods, data.goods_value_fen) else format_yuan(
                data.amount_fen)  # fmt: skip
            gift = goods_text(data.goods, data.goods_value_fen).removeprefix("实物：")
            cells = (data.date.isoformat(), data.program, amount, gift, p.batch_title or "")
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        details.addWidget(self.table)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.details.reject)
        details.addWidget(close)
        self.details_button = QPushButton(tr("发放明细…"))
        self.details_button.setEnabled(bool(history.payments))
        self.details_button.clicked.connect(self.details.open)
        row.addWidget(self.details_button, 0, Qt.AlignmentFlag.AlignTop)


class HonorsTab(QWidget):
    """荣誉与保障: the person's honors, newest first, whether a 劳动模范 title makes them eligible for
    困难劳模帮扶, and the years the union enrolled them in 职工互助保障."""

    def __init__(self, factory: Any, member_id: int) -> None:
        super().__init__()
        rows = honors_of_member(factory, member_id)
        self.caption = tr("荣誉与保障（{0}）").format(len(rows))
        column = QVBoxLayout(self)
        years = years_covered(factory, member_id)
        lines = [tr("职工互助保障：{0}年参保").format("、".join(str(y) for y in sorted(years))) if years
                 else tr("职工互助保障：没有参保记录（参保名单在“帮扶”页的“互助保障”中导入）。")]  # fmt: skip
        title = model_worker_title(factory, member_id)
        if title is not None:
            lines.append(tr("劳动模范（{0}，{1}）：可享受困难劳模帮扶。").format(title.data.title, title.data.level))
        self.summary = QLabel("\n".join(lines))
        self.summary.setObjectName("honorsSummary")
        self.summary.setWordWrap(True)
        column.addWidget(self.summary)
        self.table = listing(
            column, [tr("授予日期"), tr("级别"), tr("类别"), tr("荣誉称号"), tr("授予单位")],
            [((d.awarded_on.isoformat(), d.level, d.kind, d.title, d.issuer), d.notes or d.title)
             for d in (r.data for r in rows)],
            tr("没有登记荣誉。荣誉在“荣誉阵地维权”页登记。"),
        )  # fmt: skip


def _date_text(value: date | None) -> str:
    return value.isoformat() if value else tr("（日期不详）")


class MembershipHistory(QWidget):
    """The events (with 登记 and 删除所选记录) beside the employment changes of one person."""

    #: The person as read again after an event was registered or deleted (a MemberDetail).
    changed = Signal(object)

    def __init__(self, factory: Any, member_id: int, detail: MemberDetail) -> None:
        super().__init__()
        self._factory = factory
        self.member_id = member_id
        row = QHBoxLayout(self)
        box = QGroupBox(tr("会籍变化记录（登记和删除立即保存）"))
        column = QVBoxLayout(box)
        self.events_table = history_table([tr("日期"), tr("类型"), tr("原因")])
        column.addWidget(self.events_table)
        self.event_kind = choice_combo(labels(MembershipEventKind))
        # Required here although the service accepts none: an undated event counts as the
        # earliest, so an undated 转出 registered today would not end the membership.
        self.event_date = QDateEdit(QDate.currentDate())
        self.event_date.setDisplayFormat("yyyy-MM-dd")
        self.event_date.setCalendarPopup(True)
        self.event_reason = line_edit(200, tr("原因（可不填），如：调往分公司"))
        self.add_event_button = QPushButton(tr("登记"))
        self.add_event_button.clicked.connect(self.add_event)
        self.delete_event_button = QPushButton(tr("删除所选记录"))
        self.delete_event_button.clicked.connect(self.delete_event)
        self.event_error = ErrorLabel()
        column.addWidget(inline(self.event_kind, self.event_date, (self.event_reason, 1), self.add_event_button,
                                stretch=False))  # fmt: skip
        below = QHBoxLayout()
        below.addWidget(self.event_error, 1)
        below.addStretch(0)  # the button stays on the right while there is no error to show
        below.addWidget(self.delete_event_button)
        column.addLayout(below)
        row.addWidget(box, 3)

        employment_box = QGroupBox(tr("就业状况变化"))
        self.employment_table = history_table([tr("日期"), tr("就业状况")])
        QVBoxLayout(employment_box).addWidget(self.employment_table)
        row.addWidget(employment_box, 2)
        self.fill(detail)

    def fill(self, detail: MemberDetail) -> None:
        def fill(table: QTableWidget, rows: list[EventRow], with_reason: bool) -> None:
            table.setRowCount(len(rows))
            for r, event in enumerate(rows):
                cells = [_date_text(event.date), event.kind] + ([event.reason or ""] if with_reason else [])
                for c, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    item.setData(Qt.ItemDataRole.UserRole, event.id)
                    table.setItem(r, c, item)

        fill(self.events_table, detail.events, True)
        fill(self.employment_table, detail.employment, False)
        # Offer the change most likely next: members leave (转出), others come back (转入).
        likely = MembershipEventKind.TRANSFER_OUT if detail.membership == "会员" else MembershipEventKind.TRANSFER_IN
        if not detail.events:
            likely = MembershipEventKind.JOIN
        self.event_kind.setCurrentIndex(max(self.event_kind.findData(likely.value), 0))

    def add_event(self) -> None:
        self.event_error.show_text("")
        try:
            members.add_membership_event(self._factory, self.member_id, str(self.event_kind.currentData() or ""),
                                         self.event_date.date().toPython(), self.event_reason.text())  # fmt: skip
        except ValidationError as exc:
            self.event_error.show_text(exc.message())
            return
        except UnionbookError as exc:
            show_error(self, exc)
            return
        self.event_reason.clear()
        self._reload()

    def delete_event(self) -> None:
        row = self.events_table.currentRow()
        if row < 0:
            self.event_error.show_text(tr("请先在上面的表格中选中要删除的记录"))
            return
        item = self.events_table.item(row, 0)
        kind = self.events_table.item(row, 1).text()
        answer = QMessageBox.question(
            self, tr("删除会籍变化记录"), tr("确定删除 {date} 的“{kind}”记录吗？").format(date=item.text(), kind=kind)
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            members.delete_membership_event(self._factory, int(item.data(Qt.ItemDataRole.UserRole)))
        except UnionbookError as exc:
            show_error(self, exc)
            return
        self.event_error.show_text("")
        self._reload()

    def _reload(self) -> None:
        detail = members.get_member(self._factory, self.member_id)
        self.fill(detail)
        self.changed.emit(detail)
