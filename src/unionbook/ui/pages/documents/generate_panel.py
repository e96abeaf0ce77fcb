"""生成文档: render the template for the period in the background, then offer to open the result.

Beside the button, the 落款日期 the document is signed with: `documents.default_report_date` for
the period (today, or for a period that ended over a month ago the 15th day after it), set again
whenever the period changes; the chair may pick another.

Rendering goes through ui/tasks.py like every long job; it is one step, so 取消 is honoured only
before it starts. An existing file is never overwritten silently (the chair may have edited last
time's document in Word): she chooses between replacing it and keeping both. The result line says
what was made, or why not, and stays until the next action.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from unionbook.domain.errors import InputError, OperationCancelled
from unionbook.services import documents
from unionbook.services.database import Database
from unionbook.services.document_plan import can_generate, free_name
from unionbook.services.figures import Period
from unionbook.services.recent_documents import RecentDocument
from unionbook.services.templates import TemplateInfo
from unionbook.ui.charts.images import render_charts
from unionbook.ui.errors import show_error
from unionbook.ui.pages.documents.common import open_path, restyle, tr
from unionbook.ui.tasks import BackgroundTask, run_in_background


class GeneratePanel(QWidget):
    """The 生成文档 button, the result line, and 打开文档 / 打开所在文件夹 for what was made.

    `generated(RecentDocument)` when a document was written; `missing(path)` when a document the
    chair tried to open is gone (the recent list greys it).
    """

    generated = Signal(object)
    missing = Signal(Path)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.task: BackgroundTask | None = None
        self.last_document: Path | None = None
        self._template: TemplateInfo | None = None
        self._period: Period | None = None
        self._output: Path | None = None

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setMinimumDate(QDate(1950, 1, 1))
        self.date_edit.setMaximumDate(QDate(2999, 12, 31))
        self.date_edit.setToolTip(tr("文档落款（填报）的日期；默认今天，期间结束一个多月后生成的为期间结束后第15天"))
        date_label = QLabel(tr("落款日期"))
        date_label.setBuddy(self.date_edit)
        row.addWidget(date_label)
        row.addWidget(self.date_edit)
        row.addSpacing(8)
        self.button = QPushButton(tr("生成文档"))
        self.button.setObjectName("generateButton")
        self.button.setDefault(True)
        self.button.setMinimumHeight(self.fontMetrics().height() + 18)
        self.button.setMinimumWidth(self.fontMetrics().horizontalAdvance("生成文档") + 60)
        font = QFont(self.button.font())
        font.setBold(True)
        self.button.setFont(font)
        row.addWidget(self.button)
        self.result_label = QLabel()
        self.result_label.setObjectName("resultLabel")
        # Success in green, like a finished step; failures take the shared #warning style.
        self.result_label.setStyleSheet("QLabel#resultLabel { color: #1e7b34; }")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row.addWidget(self.result_label, 1)
        self.open_button = QPushButton(tr("打开文档"))
        self.open_folder_button = QPushButton(tr("打开所在文件夹"))
        row.addWidget(self.open_button)
        row.addWidget(self.open_folder_button)
        self._show_open_buttons(False)
        self.button.clicked.connect(lambda: self.generate())
        self.open_button.clicked.connect(lambda: self.last_document and self.open_document(self.last_document))
        self.open_folder_button.clicked.connect(lambda: self.last_document and self.open_folder(self.last_document))

    def set_target(self, info: TemplateInfo | None, period: Period | None, output: Path | None) -> None:
        """What 生成文档 would make; the button is enabled only when it can be made. A new period
        brings its own default 落款日期 (a date picked for 2024 does not fit 2025)."""
        if period is not None and period != self._period:
            day = documents.default_report_date(period)
            self.date_edit.setDate(QDate(day.year, day.month, day.day))
        self._template, self._period, self._output = info, period, output
        self._update_button()

    def report_date(self) -> date:
        return self.date_edit.date().toPython()  # type: ignore[return-value]

    def _update_button(self) -> None:
        self.button.setEnabled(can_generate(self._template, self._period) and self.task is None)

    def generate(self) -> BackgroundTask | None:
        """Render the selected template for the period into the output path, off the GUI thread."""
        info, period, output = self._template, self._period, self._output
        if info is None or period is None or output is None or self.task is not None:
            return None
        if output.exists():
            output = self._confirm_overwrite(output)
            if output is None:
                return None
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            detail = f"无法创建文件夹 {output.parent}：{exc.strerror or exc}"
            show_error(self, InputError(detail=detail), tr("文档没有生成"))
            return None
        factory, template, user_folder = self.db.session_factory, info.path, self.db.files_dir("templates")
        report_date = self.report_date()

        def work(_progress: Any, cancelled: Any) -> Path:
            if cancelled():  # rendering is one step: 取消 can only stop it before it starts
                raise OperationCancelled()
            return documents.render(factory, template, period, output, user_folder=user_folder,
                                    report_date=report_date, chart_images=render_charts)  # fmt: skip

        def failed(exc: BaseException) -> None:
            self.set_result(tr("没有生成文档。"), warning=True)
            show_error(self, exc, tr("文档没有生成"))

        self.result_label.setText(tr("正在生成……"))
        self._show_open_buttons(False)
        task = run_in_background(self, tr("正在生成《{0}》……").format(output.name), work)
        task.finished.connect(self._finished)
        self.task = task.success(lambda path: self._generated(Path(str(path)), info, period)).failure(failed)
        self._update_button()
        task.start()
        return task

    def _finished(self) -> None:
        self.task = None
        if shiboken6.isValid(self):  # the page may be gone before the worker is
            self._update_button()

    def _confirm_overwrite(self, output: Path) -> Path | None:
        """Replace the existing file, keep both (the new one as "…（2）"), or cancel."""
        alternative = free_name(output)
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(tr("文件已存在"))
        box.setText(tr("“{0}”已经存在，可能是上次生成后又修改过的。").format(output.name))
        box.setInformativeText(tr("替换它，还是另存为“{0}”？").format(alternative.name))
        replace = box.addButton(tr("替换"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(tr("另存一份"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(tr("取消"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.exec()
        if box.clickedButton() is replace:
            return output
        if box.clickedButton() is keep:
            return alternative
        return None

    def _generated(self, path: Path, info: TemplateInfo, period: Period) -> None:
        self.last_document = path
        self.set_result(tr("已生成 {0}（{1}，{2}）").format(path.name, info.name, period.label))
        self.result_label.setToolTip(str(path))
        self._show_open_buttons(True)
        self.generated.emit(RecentDocument.now(path, info.name, period.label))

    def set_result(self, text: str, *, warning: bool = False) -> None:
        """The result line: green for what was done, the #warning style for what was not."""
        restyle(self.result_label, "warning" if warning else "resultLabel")
        self.result_label.setText(text)
        if warning:
            self._show_open_buttons(False)

    def _show_open_buttons(self, visible: bool) -> None:
        self.open_button.setVisible(visible)
        self.open_folder_button.setVisible(visible)

    def open_document(self, path: Path) -> bool:
        if not path.exists():
            self.set_result(tr("找不到“{0}”：文件已被移动或删除。").format(path.name), warning=True)
            self.missing.emit(path)
            return False
        if not open_path(path):
            self.set_result(
                tr("无法打开“{0}”：请确认已安装 Word、WPS 或其他能打开它的程序。").format(path.name), warning=True
            )
            return False
        return True

    def open_folder(self, path: Path) -> bool:
        folder = path if path.is_dir() else path.parent
        if not folder.exists():
            self.set_result(tr("找不到文件夹 {0}").format(folder), warning=True)
            return False
        return open_path(folder)
