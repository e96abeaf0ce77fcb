"""统计期间: the year and which of its periods, or any two dates.

The combo box starts on the selected template's own rule and marks it "此模板默认" (the 统计年报
runs 10月1日 to 9月30日; a chair who picks it in December must see that it is not the calendar
year). The rules themselves are `services.document_plan`'s; this panel only asks which one.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QSpinBox, QWidget

from unionbook.services.document_plan import PeriodChoice, resolve_period
from unionbook.services.figures import Period
from unionbook.services.templates import TemplateInfo
from unionbook.ui.pages.documents.common import caption, panel_column, period_label, restyle, tr

FIRST_YEAR = 2000


class PeriodPanel(QWidget):
    """Year, period choice and dates; `changed` whenever the period they mean may have changed."""

    changed = Signal()

    def __init__(self, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.year_spin = QSpinBox()
        self.year_spin.setRange(FIRST_YEAR, date.today().year + 1)
        self.year_spin.setSuffix(tr(" 年"))
        self.year_spin.setToolTip(tr("随窗口上方的“统计年度”变化，也可以在这里单独改"))
        self.combo = QComboBox()
        for choice in PeriodChoice:
            self.combo.addItem(period_label(choice), choice)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.start_edit = _date_edit()
        self.end_edit = _date_edit()
        self.note = QLabel()
        self.note.setObjectName("hint")

        column = panel_column(self, spacing=6)
        column.addWidget(caption(tr("统计期间")))
        first = QHBoxLayout()
        first.addWidget(QLabel(tr("年度")))
        first.addWidget(self.year_spin)
        first.addSpacing(12)
        first.addWidget(QLabel(tr("期间")))
        first.addWidget(self.combo)
        first.addStretch(1)
        column.addLayout(first)
        second = QHBoxLayout()
        second.addWidget(QLabel(tr("从")))
        second.addWidget(self.start_edit)
        second.addWidget(QLabel(tr("至")))
        second.addWidget(self.end_edit)
        second.addSpacing(12)
        second.addWidget(self.note, 1)
        column.addLayout(second)

        self.set_year(year)
        self._update_widgets()
        self.year_spin.valueChanged.connect(lambda _v: self._period_changed())
        self.combo.currentIndexChanged.connect(lambda _i: self._period_changed())
        self.start_edit.dateChanged.connect(lambda _d: self._custom_dates_changed())
        self.end_edit.dateChanged.connect(lambda _d: self._custom_dates_changed())

    def set_year(self, year: int) -> None:
        if year > self.year_spin.maximum():
            self.year_spin.setMaximum(year)
        self.year_spin.setValue(year)

    def set_template(self, info: TemplateInfo | None) -> None:
        """Start on the template's own period rule, marked as its default in the list."""
        if info is not None:
            default = PeriodChoice.of(info.period_kind)
            self.combo.blockSignals(True)
            for row in range(self.combo.count()):
                choice: PeriodChoice = self.combo.itemData(row)
                suffix = tr(" — 此模板默认") if choice is default else ""
                self.combo.setItemText(row, period_label(choice) + suffix)
            self.combo.setCurrentIndex(self.combo.findData(default))
            self.combo.blockSignals(False)
        self._period_changed()

    def choice(self) -> PeriodChoice:
        return self.combo.currentData() or PeriodChoice.YEAR

    def current_period(self) -> Period | None:
        """The period chosen; None when the custom dates are the wrong way round."""
        start, end = self.start_edit.date().toPython(), self.end_edit.date().toPython()
        return resolve_period(self.choice(), self.year_spin.value(), start, end)  # type: ignore[arg-type]

    def _update_widgets(self) -> None:
        custom = self.choice() is PeriodChoice.CUSTOM
        self.year_spin.setEnabled(not custom)
        for edit in (self.start_edit, self.end_edit):
            edit.setEnabled(custom)
        period = self.current_period()
        if not custom and period is not None:
            for edit, day in ((self.start_edit, period.start), (self.end_edit, period.end)):
                edit.blockSignals(True)
                edit.setDate(QDate(day.year, day.month, day.day))
                edit.blockSignals(False)
        if period is None:
            self.note.setText(tr("结束日期早于开始日期"))
            restyle(self.note, "error")
        else:
            self.note.setText(tr("与上年同期比较：{0}").format(period.previous().label))
            restyle(self.note, "hint")

    def _period_changed(self) -> None:
        self._update_widgets()
        self.changed.emit()

    def _custom_dates_changed(self) -> None:
        if self.choice() is PeriodChoice.CUSTOM:
            self._period_changed()


def _date_edit() -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMinimumDate(QDate(1950, 1, 1))
    edit.setMaximumDate(QDate(2999, 12, 31))
    return edit
