"""从往年总结生成模板: the review step of issue #16.

The chair opens last year's summary (or pastes it); the analysis runs off the GUI thread and comes
back as the text with each number highlighted — green where a figure was found, yellow where none
was — beside a table of every number: what it says, the figure it becomes (a searchable list; the
first entry keeps the number as written), the value it would take for the chosen year, and why.
She accepts, changes or drops each one, then saves the template among her own, or saves it and
generates this year's document at once. Nothing is written before she presses a button.
"""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from unionbook.domain.errors import OperationCancelled
from unionbook.services.database import Database
from unionbook.services.figures import FIGURES, REGISTERS
from unionbook.services.recent_documents import RecentDocument
from unionbook.services.template_from_text import Analysis, analyse_file, analyse_text, preview, template_name_for
from unionbook.services.template_from_text.saving import (
    generate_now,
    save_user_template,
    user_template_path,
    year_values,
)
from unionbook.ui import ui_settings
from unionbook.ui.errors import show_error
from unionbook.ui.i18n import translator
from unionbook.ui.tasks import BackgroundTask, run_in_background
from unionbook.ui.widgets.panes import split_panes

tr = translator("TemplateFromTextDialog")

KEEP = "（保持原样）"
_FOLDER_KEY = "documents/summary_folder"
MAPPED, UNMATCHED, DROPPED = "#c8efc8", "#ffe98a", "#e3e3e3"
#: Columns of the slots table.
COL_NO, COL_WRITTEN, COL_FIGURE, COL_VALUE, COL_REASON = range(5)


def _figure_names() -> list[str]:
    """The registry's figures, grouped by register as the 变量目录 lists them."""
    return [f.name for register in REGISTERS for f in FIGURES if f.register == register]


class TemplateFromTextDialog(QDialog):
    """`saved(Path)`: a user template was added; `generated(RecentDocument)`: a document was made
    from it."""

    saved = Signal(Path)
    generated = Signal(object)

    def __init__(self, db: Database, parent: QWidget | None = None, year: int | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.analysis: Analysis | None = None
        self.values: dict[str, Any] = {}
        self.task: BackgroundTask | None = None
        self._combos: list[QComboBox] = []
        self.setWindowTitle(tr("从往年总结生成模板"))
        self.resize(1280, 720)

        layout = QVBoxLayout(self)
        intro = QLabel(tr("选择往年的工作总结（.docx、.doc、.wps、.txt）或粘贴全文：数字会换成台账中的指标，"
                          "明年生成时自动填写。请逐个核对：可以改选指标，或选“保持原样”。"))  # fmt: skip
        intro.setObjectName("hint")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self._build_source())
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.text_view = QTextBrowser()
        self.text_view.setOpenLinks(False)
        self.text_view.anchorClicked.connect(lambda url: self._select_slot(int(url.toString().lstrip("#s"))))
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([tr("序号"), tr("原文"), tr("对应指标"), tr("本年数值"), tr("理由")])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        for column, width in ((COL_NO, 44), (COL_WRITTEN, 80), (COL_FIGURE, 210), (COL_VALUE, 90)):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(COL_REASON, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(split_panes(self.text_view, self.table, (2, 3), horizontal=True, sizes=(500, 760)), 1)
        layout.addLayout(self._build_bottom())
        if year is not None:
            self.year_spin.setValue(year)
        self._update_buttons()

    # --- building -------------------------------------------------------------------------------

    def _build_source(self) -> QWidget:
        self.source_tabs = QTabWidget()
        file_page = QWidget()
        row = QHBoxLayout(file_page)
        self.open_button = QPushButton(tr("选择文件…"))
        self.file_label = QLabel(tr("尚未选择文件"))
        row.addWidget(self.open_button)
        row.addWidget(self.file_label, 1)
        self.source_tabs.addTab(file_page, tr("打开往年总结"))
        paste_page = QWidget()
        column = QHBoxLayout(paste_page)
        self.paste_edit = QPlainTextEdit()
        self.paste_edit.setPlaceholderText(
            tr("把往年总结的全文粘贴到这里，如：冬送温暖，为56名困难职工发放救助金3.2万元")
        )
        self.paste_edit.setMaximumHeight(90)
        self.analyse_button = QPushButton(tr("分析粘贴的文字"))
        column.addWidget(self.paste_edit, 1)
        column.addWidget(self.analyse_button)
        self.source_tabs.addTab(paste_page, tr("粘贴文字"))
        self.source_tabs.setMaximumHeight(140)
        self.open_button.clicked.connect(lambda: self.open_file())
        self.analyse_button.clicked.connect(lambda: self.analyse_pasted())
        return self.source_tabs

    def _build_bottom(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("数值按年度")))
        self.year_spin = QSpinBox()
        self.year_spin.setRange(1990, 2999)
        self.year_spin.setValue(date.today().year)
        self.year_spin.valueChanged.connect(lambda _year: self.load_values())
        row.addWidget(self.year_spin)
        row.addSpacing(16)
        row.addWidget(QLabel(tr("模板名称")))
        self.name_edit = QLineEdit()
        self.name_edit.setMinimumWidth(220)
        row.addWidget(self.name_edit)
        row.addStretch(1)
        self.save_button = QPushButton(tr("保存为自定义模板"))
        self.generate_button = QPushButton(tr("保存并生成本年文档"))
        self.close_button = QPushButton(tr("关闭"))
        for button in (self.save_button, self.generate_button, self.close_button):
            row.addWidget(button)
        self.save_button.clicked.connect(lambda: self.save())
        self.generate_button.clicked.connect(lambda: self.save(generate=True))
        self.close_button.clicked.connect(self.reject)
        return row

    def set_year(self, year: int) -> None:
        self.year_spin.setValue(year)

    # --- analysing ------------------------------------------------------------------------------

    def open_file(self, path: Path | None = None) -> BackgroundTask | None:
        if path is None:
            store = ui_settings.settings()
            folder = str(store.value(_FOLDER_KEY, str(Path.home())))
            name, _ = QFileDialog.getOpenFileName(
                self, tr("选择往年的工作总结"), folder, tr("工作总结 (*.docx *.doc *.wps *.txt);;所有文件 (*)")
            )
            if not name:
                return None
            path = Path(name)
            store.setValue(_FOLDER_KEY, str(path.parent))
        self.file_label.setText(str(path))
        return self._run(tr("正在分析《{0}》……").format(path.name), lambda: analyse_file(path))

    def analyse_pasted(self, text: str | None = None) -> BackgroundTask | None:
        if text is not None:
            self.paste_edit.setPlainText(text)
        content = self.paste_edit.toPlainText()
        if not content.strip():
            self.status.setText(tr("请先粘贴往年总结的文字。"))
            return None
        return self._run(tr("正在分析粘贴的文字……"), lambda: analyse_text(content))

    def _run(self, label: str, analyse: Any) -> BackgroundTask | None:
        if self.task is not None:
            return None
        factory, year = self.db.session_factory, self.year_spin.value()

        def work(_progress: Any, cancelled: Any) -> tuple[Analysis, dict[str, Any]]:
            analysis = analyse()
            if cancelled():
                raise OperationCancelled()
            return analysis, year_values(factory, year)

        self.status.setText(tr("正在分析……"))
        task = run_in_background(self, label, work)
        task.finished.connect(self._finished)
        self.task = task.success(lambda result: self.show_analysis(*result)).failure(self._failed)
        self._update_buttons()
        task.start()
        return task

    def _finished(self) -> None:
        self.task = None
        self._update_buttons()

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(tr("没有分析成功。"))
        show_error(self, exc, tr("无法读取往年总结"))

    def load_values(self) -> BackgroundTask | None:
        """The figures of the chosen year again (the 本年数值 column)."""
        if self.analysis is None or self.task is not None:
            return None
        factory, year = self.db.session_factory, self.year_spin.value()
        task = run_in_background(
            self, tr("正在计算{0}年的数字……").format(year), lambda _p, _c: year_values(factory, year)
        )
        task.finished.connect(self._finished)
        self.task = task.success(self._values_loaded)
        task.start()
        return task

    def _values_loaded(self, values: dict[str, Any]) -> None:
        self.values = values
        for row in range(self.table.rowCount()):
            self._refresh_row(row)

    # --- reviewing ------------------------------------------------------------------------------

    def show_analysis(self, analysis: Analysis, values: dict[str, Any]) -> None:
        self.analysis, self.values = analysis, values
        if not self.name_edit.text().strip():
            self.name_edit.setText(template_name_for(analysis.name))
        names = _figure_names()
        self.table.setRowCount(0)
        self._combos = []
        for row, proposal in enumerate(analysis.proposals):
            self.table.insertRow(row)
            self.table.setItem(row, COL_NO, QTableWidgetItem(str(proposal.number)))
            written = QTableWidgetItem(proposal.written)
            written.setToolTip(f"{proposal.where}：{proposal.decision.context}")
            self.table.setItem(row, COL_WRITTEN, written)
            combo = QComboBox()
            combo.setEditable(True)
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            combo.addItems([KEEP, *names])
            completer = QCompleter(combo.model(), combo)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
            combo.setCompleter(completer)
            combo.setCurrentText(proposal.figure or KEEP)
            combo.setToolTip(tr("输入几个字可以查找指标，如“温暖”“会议”"))
            combo.currentIndexChanged.connect(lambda _i, r=row: self._refresh_row(r))
            self.table.setCellWidget(row, COL_FIGURE, combo)
            self._combos.append(combo)
            self.table.setItem(row, COL_VALUE, QTableWidgetItem())
            self.table.setItem(row, COL_REASON, QTableWidgetItem(proposal.decision.reason))
            self._refresh_row(row, render=False)
        self._render_text()
        self._update_buttons()

    def choices(self) -> dict[int, str | None]:
        """The figure the chair chose for each slot (None: keep as written)."""
        if self.analysis is None:
            return {}
        return {p.number: self._chosen(row) for row, p in enumerate(self.analysis.proposals)}

    def _chosen(self, row: int) -> str | None:
        text = self._combos[row].currentText().strip()
        return text if text in set(_figure_names()) else None

    def set_choice(self, number: int, figure: str | None) -> None:
        """Choose `figure` (None: keep as written) for slot `number`, as picking it in the list does."""
        self._combos[number - 1].setCurrentText(figure or KEEP)
        self._refresh_row(number - 1)

    def _refresh_row(self, row: int, *, render: bool = True) -> None:
        if self.analysis is None:
            return
        proposal = self.analysis.proposals[row]
        figure = self._chosen(row)
        value = self.table.item(row, COL_VALUE)
        value.setText(preview(proposal, figure, self.values) if figure else "")
        reason = self.table.item(row, COL_REASON)
        if figure != proposal.figure:
            reason.setText(tr("手工改为“{0}”").format(figure) if figure else tr("手工取消：保持原样"))
        else:
            reason.setText(proposal.decision.reason)
        colour = MAPPED if figure else (DROPPED if proposal.figure else UNMATCHED)
        self.table.item(row, COL_WRITTEN).setBackground(QBrush(QColor(colour)))
        if render:
            self._render_text()
            self._update_buttons()

    def _render_text(self) -> None:
        """The summary with every slot highlighted: green mapped, yellow unmatched, grey dropped."""
        analysis = self.analysis
        if analysis is None:
            return
        choices = self.choices()
        by_paragraph: dict[int, list[Any]] = {}
        for p in analysis.proposals:
            by_paragraph.setdefault(p.paragraph, []).append(p)
        parts = []
        for index, text in enumerate(analysis.paragraphs):
            out, position = [], 0
            for p in by_paragraph.get(index, []):
                end = p.slot.span_end
                figure = choices.get(p.number)
                colour = MAPPED if figure else (DROPPED if p.figure else UNMATCHED)
                tip = html.escape(figure or tr("保持原样"))
                out.append(html.escape(text[position : p.slot.start]))
                out.append(f'<a href="#s{p.number}" style="background:{colour};color:#000;text-decoration:none" '
                           f'title="{tip}">{html.escape(text[p.slot.start:end])}<sub>{p.number}</sub></a>')  # fmt: skip
                position = end
            out.append(html.escape(text[position:]))
            parts.append(f"<p style='margin:2px 0'>{''.join(out) or '&nbsp;'}</p>")
        self.text_view.setHtml("".join(parts))
        mapped = sum(1 for v in choices.values() if v)
        self.status.setText(
            tr(
                "“{0}”：找到 {1} 个数字，{2} 个换成指标（绿色），{3} 个保持原样（黄色为未找到指标，灰色为已取消）。"
            ).format(analysis.name, len(choices), mapped, len(choices) - mapped)
        )

    def _select_slot(self, number: int) -> None:
        self.table.selectRow(number - 1)
        self.table.scrollToItem(self.table.item(number - 1, COL_NO))

    def _update_buttons(self) -> None:
        ready = self.analysis is not None and self.task is None and any(self.choices().values())
        self.save_button.setEnabled(ready)
        self.generate_button.setEnabled(ready)
        self.open_button.setEnabled(self.task is None)
        self.analyse_button.setEnabled(self.task is None)

    # --- saving ---------------------------------------------------------------------------------

    def save(self, *, generate: bool = False, confirm: bool = True) -> BackgroundTask | None:
        analysis = self.analysis
        if analysis is None or self.task is not None:
            return None
        name, choices, year, db = self.name_edit.text().strip(), self.choices(), self.year_spin.value(), self.db
        try:
            target = user_template_path(db, name)
        except Exception as exc:  # noqa: BLE001 - an InputError naming what is wrong with the name
            show_error(self, exc, tr("模板没有保存"))
            return None
        replace = target.exists()
        if replace and confirm:
            answer = QMessageBox.question(
                self, tr("替换自定义模板"), tr("已有名为“{0}”的自定义模板。替换它吗？").format(name),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
            )  # fmt: skip
            if answer != QMessageBox.StandardButton.Yes:
                return None

        def work(_progress: Any, _cancelled: Any) -> tuple[Path, Path | None]:
            saved = save_user_template(db, analysis, name, choices, replace=replace)
            return saved, generate_now(db, saved, year) if generate else None

        label = tr("正在保存模板并生成{0}年的文档……").format(year) if generate else tr("正在保存模板……")
        task = run_in_background(self, label, work, cancellable=False)
        task.finished.connect(self._finished)
        self.task = task.success(self._saved).failure(lambda exc: show_error(self, exc, tr("模板没有保存")))
        self._update_buttons()
        task.start()
        return task

    def _saved(self, result: tuple[Path, Path | None]) -> None:
        template, document = result
        self.saved.emit(template)
        if document is None:
            self.status.setText(tr("已保存为自定义模板“{0}”，可在“文档”页选用。").format(template.stem))
        else:
            self.status.setText(tr("已保存模板“{0}”，并生成了 {1}").format(template.stem, document))
            self.generated.emit(RecentDocument.now(document, template.stem, f"{self.year_spin.value()}年"))
