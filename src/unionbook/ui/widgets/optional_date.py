"""A date that may stay empty (出生日期 unknown, 入会日期 not on the old roster).

QDateEdit always holds some date, and a made-up date in a register is worse than none: it would
count the person as 新入会 in the wrong year. So the date sits behind a check box; unticked, the edit
shows 未填写 and `value()` is None. (A special minimum date alone, the other common trick, opens the
calendar in the year 1900 and lets the arrow keys step into 1900-01-02.)
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QCheckBox, QDateEdit, QHBoxLayout, QWidget

_EMPTY = QDate(1900, 1, 1)


class OptionalDateEdit(QWidget):
    #: The value (a `date` or None) changed, by the user or by code.
    value_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None, *, default: date | None = None) -> None:
        super().__init__(parent)
        self._default = default
        self.check = QCheckBox()
        self.check.setToolTip("勾选后填写日期；不勾选表示未填写")
        self.edit = QDateEdit()
        self.edit.setDisplayFormat("yyyy-MM-dd")
        self.edit.setCalendarPopup(True)
        self.edit.setMinimumDate(_EMPTY)
        self.edit.setMaximumDate(QDate(2100, 12, 31))
        self.edit.setSpecialValueText("未填写")
        self.edit.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance("0000-00-00") + 48)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.check)
        layout.addWidget(self.edit, 1)
        self.check.toggled.connect(self._toggled)
        self.edit.dateChanged.connect(lambda _d: self.value_changed.emit(self.value()))
        self.set_value(None)

    def value(self) -> date | None:
        if not self.check.isChecked() or self.edit.date() == _EMPTY:
            return None
        return self.edit.date().toPython()

    def set_value(self, value: date | None) -> None:
        for widget in (self.check, self.edit):
            widget.blockSignals(True)
        self.check.setChecked(value is not None)
        self.edit.setEnabled(value is not None)
        self.edit.setDate(QDate(value) if value is not None else _EMPTY)
        for widget in (self.check, self.edit):
            widget.blockSignals(False)
        self.value_changed.emit(self.value())

    def _toggled(self, checked: bool) -> None:
        self.edit.setEnabled(checked)
        if checked:
            start = self._default or date.today()
            self.edit.setDate(QDate(start))
            self.edit.setFocus()
        else:
            self.edit.setDate(_EMPTY)
        self.value_changed.emit(self.value())
