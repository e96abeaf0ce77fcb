"""会籍与就业记录, the member dialog's tab for a registered person: membership events and employment.

Membership changes (转出, 保留 ...) are events with a date, registered and deleted here the moment
the chair asks, not fields of the form: the person's status is whatever the latest event says, so
after each change the tab reads the person again and tells the dialog (`changed`), which shows the
new status and makes the roster re-read even if the form is cancelled.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from unionbook.domain.errors import UnionbookError, ValidationError
from unionbook.domain.vocab import MembershipEventKind, labels
from unionbook.services import members
from unionbook.services.members import EventRow, MemberDetail
from unionbook.ui.dialogs.form_dialog import ErrorLabel, inline
from unionbook.ui.dialogs.member_history import history_table
from unionbook.ui.dialogs.record_form import choice_combo, line_edit
from unionbook.ui.errors import show_error
from unionbook.ui.i18n import translator

tr = translator("MemberDialog")


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
