"""复核/走访 and 关闭档案 of one hardship file, opened from the 帮扶 page's buttons (a 走访 records
who went, 走访人).

Both are small forms on the file the chair selected: the service (`aid.add_review`,
`aid.close_hardship_file`) checks the dates against the file's opening date, and its verdict is
shown under the field it names, as in every other form.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from unionbook.domain.vocab import HardshipCloseReason, HardshipReviewKind, labels
from unionbook.services import aid
from unionbook.services.aid import HardshipRow
from unionbook.services.database import Database
from unionbook.ui.dialogs.form_dialog import FormDialog, Saved
from unionbook.ui.dialogs.payment_dialog import date_edit
from unionbook.ui.i18n import translator

tr = translator("HardshipDialog")


def _intro(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class _FileAction(FormDialog):
    """A small form on one selected file: a line saying which file, then a date and a choice."""

    def __init__(self, db: Database, row: HardshipRow, parent: QWidget | None, today: date | None, title: str) -> None:
        buttons = QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        super().__init__(parent, buttons=buttons, db=db, today=today)
        self.row = row
        self.setWindowTitle(title + row.member_name)
        self.date_edit = date_edit(self._today)
        self.form = QFormLayout()


class ReviewDialog(_FileAction):
    """复核/走访 of one file: date, kind and what was found. Saved on 确定; `saved_id` is the file's."""

    def __init__(self, db: Database, row: HardshipRow, parent: QWidget | None = None, *, today: date | None = None) -> None:
        super().__init__(db, row, parent, today, tr("复核/走访："))
        self.setMinimumWidth(420)
        last = row.last_review.isoformat() if row.last_review else tr("从未复核")
        self.body.addWidget(_intro(tr("{0}，{1} 建档，{2}。上次复核：{3}。").format(
            row.member_name, row.data.opened_on.isoformat(), row.data.category, last)))  # fmt: skip
        self.kind = QComboBox()
        for label in labels(HardshipReviewKind):
            self.kind.addItem(label, label)
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText(tr("例如：入户核实，家庭收入无明显变化，继续帮扶"))
        self.notes.setFixedHeight(self.notes.fontMetrics().lineSpacing() * 3 + 12)
        self.visitors = QLineEdit()
        self.visitors.setMaxLength(100)
        self.visitors.setPlaceholderText(tr("例如：工会主席周立军、工会干事陈晓燕"))
        self.visitors.setEnabled(False)
        self.kind.currentIndexChanged.connect(
            lambda _i: self.visitors.setEnabled(self.kind.currentData() == HardshipReviewKind.VISIT)
        )
        self.form.addRow(tr("类型"), self.field(self.kind, "类型"))
        self.form.addRow(tr("日期"), self.field(self.date_edit, "日期"))
        self.form.addRow(tr("走访人"), self.visitors)
        self.form.addRow(tr("情况"), self.notes)
        self.body.addLayout(self.form)
        # The service counts only 复核 for the yearly reminder; a visit alone leaves it standing.
        hint = _intro(tr("每年的复核请选“复核”：只有复核会重新开始 12 个月的复核期限，走访不会。"))
        hint.setObjectName("hint")
        self.body.addWidget(hint)
        self.finish()

    def save(self) -> Saved:
        visit = self.kind.currentData() == HardshipReviewKind.VISIT
        aid.add_review(self._factory, self.row.id, self.date_edit.date().toPython(), str(self.kind.currentData()),
                       self.notes.toPlainText(), self.visitors.text() if visit else "")  # fmt: skip
        return Saved(self.row.id)


class CloseFileDialog(_FileAction):
    """关闭档案: the date and the reason (解困脱困, 不再符合条件, 调离, 其他)."""

    def __init__(self, db: Database, row: HardshipRow, parent: QWidget | None = None, *, today: date | None = None) -> None:
        super().__init__(db, row, parent, today, tr("关闭档案："))
        self.body.addWidget(_intro(tr("{0} 的困难职工档案（{1} 建档）关闭后不再计入在档户数，历史发放记录保留。").format(
            row.member_name, row.data.opened_on.isoformat())))  # fmt: skip
        self.reason = QComboBox()
        for label in labels(HardshipCloseReason):
            self.reason.addItem(label, label)
        self.form.addRow(tr("脱困日期"), self.field(self.date_edit, "脱困日期"))
        self.form.addRow(tr("原因"), self.field(self.reason, "脱困原因"))
        self.body.addLayout(self.form)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("关闭档案"))
        self.finish()

    def save(self) -> Saved:
        aid.close_hardship_file(self._factory, self.row.id, self.date_edit.date().toPython(), str(self.reason.currentData()))
        return Saved(self.row.id)
