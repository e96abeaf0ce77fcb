"""文档: fill a template with a period's figures — the December 年度工作总结 in one click.

What the chair needs to trust the result before opening Word, from left to right:
- which template (built-in first, then her own; each says what it is and which period it means);
- which period (the window's year by the template's own rule — the 统计年报 runs 10月1日 to
  9月30日 — or any other), and where the file goes (documents/ beside the database);
- the numbers the document will print, this period against last year's, so a wrong figure is
  caught here rather than in the printed summary.

The numbers come from `compute_with_comparison`, the same call `render` makes, so the table and
the document cannot disagree. They are computed off the GUI thread (at 100,000 members both years
take ~0.6 s): the table keeps its rows and says "正在统计……" only when the answer takes longer than
200 ms, so on an ordinary union nothing flickers. A quiet QRunnable rather than ui/tasks.py: a
preview must not put a modal progress dialog in front of the template list. Generating does go
through `run_in_background`; rendering is one step, so 取消 is honoured only before it starts.

The list of recent documents is window state, not records: it lives in QSettings (ui_settings),
as JSON, the newest first.
"""

from __future__ import annotations

import html
import json
import logging
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QObject, QPoint, QRunnable, Qt, QThreadPool, QTimer, QUrl, Signal
from PySide6.QtGui import QBrush, QColor, QDesktopServices, QFont, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from unionbook.domain.errors import InputError, OperationCancelled, UnionbookError
from unionbook.services import documents
from unionbook.services.database import Database
from unionbook.services.documents import CHANGE_SUFFIX, PREVIOUS_PREFIX
from unionbook.services.figures import FIGURES, Period, compute_with_comparison, format_value
from unionbook.services.templates import PeriodKind, TemplateInfo
from unionbook.ui import ui_settings
from unionbook.ui.dialogs.variables_dialog import VariablesDialog
from unionbook.ui.errors import show_error
from unionbook.ui.pages.base import Page, heading
from unionbook.ui.tasks import BackgroundTask, run_in_background

log = logging.getLogger(__name__)

_CONTEXT = "DocumentsPage"
_RECENT_KEY = "documents/recent"
_TEMPLATE_FOLDER_KEY = "documents/template_folder"
RECENT_LIMIT = 15
#: The figures table says "正在统计……" only when the answer takes longer than this (ms).
SLOW_FIGURES_MS = 200
#: Date edits change on every keystroke: wait for a pause before asking for the figures.
PERIOD_SETTLE_MS = 120
FIRST_YEAR = 2000

_MISSING = QBrush(QColor("#9aa3ad"))
_WARNING = QBrush(QColor("#b9770e"))
_ERROR = QBrush(QColor("#c0392b"))
_FORMATS = {"docx": "Word 文档", "xlsx": "Excel 表格"}
_FIGURES_BY_NAME = {f.name: f for f in FIGURES}


def tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


class PeriodChoice(Enum):
    YEAR = "全年（1月1日至12月31日）"
    HALF_YEAR = "上半年（1月1日至6月30日）"
    STATISTICAL = "统计年度（上年10月1日至本年9月30日）"
    CUSTOM = "自定义期间"

    @classmethod
    def of(cls, kind: PeriodKind) -> PeriodChoice:
        return {PeriodKind.HALF_YEAR: cls.HALF_YEAR, PeriodKind.STATISTICAL: cls.STATISTICAL}.get(kind, cls.YEAR)

    def period(self, year: int) -> Period:
        if self is PeriodChoice.HALF_YEAR:
            return Period.half_year(year)
        if self is PeriodChoice.STATISTICAL:
            return Period.statistical_year(year)
        return Period.year(year)


def used_figures(variables: frozenset[str] | set[str]) -> list[str]:
    """The figures a template prints, in FIGURES.md order: F itself, 上年F or F同比 all count."""
    wanted = set()
    for name in variables:
        if name in _FIGURES_BY_NAME:
            wanted.add(name)
        elif name.startswith(PREVIOUS_PREFIX) and name[len(PREVIOUS_PREFIX) :] in _FIGURES_BY_NAME:
            wanted.add(name[len(PREVIOUS_PREFIX) :])
        elif name.endswith(CHANGE_SUFFIX) and name[: -len(CHANGE_SUFFIX)] in _FIGURES_BY_NAME:
            wanted.add(name[: -len(CHANGE_SUFFIX)])
    return [f.name for f in FIGURES if f.name in wanted]


def other_variables(variables: frozenset[str] | set[str]) -> list[str]:
    """What else a template reads: lists, ledgers, the union's profile, the period's dates."""
    figures = set(used_figures(variables))
    found = []
    for name in variables:
        bare = name.removeprefix(PREVIOUS_PREFIX).removesuffix(CHANGE_SUFFIX)
        if name not in figures and bare not in figures and name not in _FIGURES_BY_NAME:
            found.append(name)
    order = {v.name: i for i, v in enumerate(documents.variable_catalogue())}
    return sorted(found, key=lambda n: (order.get(n, len(order)), n))


# --- recent documents (QSettings) -------------------------------------------------------------


@dataclass(frozen=True)
class RecentDocument:
    path: Path
    template: str
    period: str
    created: datetime

    def to_json(self) -> dict[str, str]:
        return {
            "path": str(self.path),
            "template": self.template,
            "period": self.period,
            "created": self.created.isoformat(timespec="seconds"),
        }


def load_recent() -> list[RecentDocument]:
    """The remembered documents, newest first; an unreadable entry is skipped, never fatal."""
    raw = ui_settings.settings().value(_RECENT_KEY, "")
    try:
        entries = json.loads(str(raw)) if raw else []
    except ValueError:
        return []
    found = []
    for entry in entries if isinstance(entries, list) else []:
        try:
            found.append(
                RecentDocument(
                    Path(entry["path"]),
                    str(entry["template"]),
                    str(entry["period"]),
                    datetime.fromisoformat(entry["created"]),
                )
            )
        except (KeyError, TypeError, ValueError):
            continue
    return found[:RECENT_LIMIT]


def _save_recent(entries: list[RecentDocument]) -> None:
    payload = json.dumps([e.to_json() for e in entries[:RECENT_LIMIT]], ensure_ascii=False)
    ui_settings.settings().setValue(_RECENT_KEY, payload)


def remember_recent(document: RecentDocument) -> list[RecentDocument]:
    """Put `document` first (a regenerated file moves up instead of appearing twice)."""
    entries = [document] + [e for e in load_recent() if e.path != document.path]
    _save_recent(entries)
    return entries[:RECENT_LIMIT]


def forget_recent(path: Path) -> None:
    _save_recent([e for e in load_recent() if e.path != path])


def open_path(path: Path) -> bool:
    """Open a document in its default application (Word/WPS/Excel), or a folder in the file manager."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def free_name(path: Path) -> Path:
    """The first name not yet taken in the folder: "2024年工作总结（2）.docx" … not yet taken in the folder."""
    number = 2
    while True:
        candidate = path.with_name(f"{path.stem}（{number}）{path.suffix}")
        if not candidate.exists():
            return candidate
        number += 1


# --- figures off the GUI thread -------------------------------------------------------------


class _FigureSignals(QObject):
    done = Signal(int, object, object)  # request number, period, values dict or the exception


class _FigureJob(QRunnable):
    def __init__(self, factory: Any, period: Period, number: int, signals: _FigureSignals) -> None:
        super().__init__()
        self.factory, self.period, self.number, self.signals = factory, period, number, signals

    def run(self) -> None:
        try:
            result: object = compute_with_comparison(self.factory, self.period)
        except Exception as exc:  # noqa: BLE001 - shown in the table's status line
            result = exc
        self.signals.done.emit(self.number, self.period, result)


# --- the page ---------------------------------------------------------------------------------


class DocumentsPage(Page):
    title = "文档"

    def __init__(self, db: Database) -> None:
        super().__init__()
        self.db = db
        self.templates: list[TemplateInfo] = []
        self._loaded = False
        self._year = date.today().year
        self._output_folder: Path | None = None  # None: documents/ beside the database
        self._output_name: str | None = None  # set by 另存为 until the template or period changes
        self._figures: dict[Period, dict[str, object]] = {}  # cache, dropped on refresh()
        self._figure_request = 0
        self._figures_pending: Period | None = None
        self._figure_jobs: dict[int, _FigureJob] = {}
        self._figure_signals = _FigureSignals()
        self._figure_signals.done.connect(self._figures_arrived)
        self.generate_task: BackgroundTask | None = None
        self.last_document: Path | None = None
        self.variables_dialog: VariablesDialog | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 12)
        layout.setSpacing(8)
        layout.addWidget(heading(tr("文档")))
        intro = QLabel(tr("用台账中的数字填写工作总结、统计年报和各类台账：选模板，核对期间和数字，点“生成文档”。"))
        intro.setObjectName("hint")
        intro.setWordWrap(True)
        layout.addWidget(intro)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._build_left())
        splitter.addWidget(self._build_middle())
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([330, 700])
        layout.addWidget(splitter, 1)

        self._figures_slow_timer = QTimer(self)
        self._figures_slow_timer.setSingleShot(True)
        self._figures_slow_timer.setInterval(SLOW_FIGURES_MS)
        self._figures_slow_timer.timeout.connect(self._figures_slow)
        self._period_timer = QTimer(self)
        self._period_timer.setSingleShot(True)
        self._period_timer.setInterval(PERIOD_SETTLE_MS)
        self._period_timer.timeout.connect(self._request_figures)

        self.template_tree.currentItemChanged.connect(lambda *_: self._template_changed())
        self.add_template_button.clicked.connect(lambda: self.add_user_template())
        self.remove_template_button.clicked.connect(lambda: self.remove_user_template())
        self.variables_button.clicked.connect(lambda: self.open_variables())
        self.year_spin.valueChanged.connect(lambda _v: self._period_changed())
        self.period_combo.currentIndexChanged.connect(lambda _i: self._period_changed())
        self.start_edit.dateChanged.connect(lambda _d: self._custom_dates_changed())
        self.end_edit.dateChanged.connect(lambda _d: self._custom_dates_changed())
        self.save_as_button.clicked.connect(lambda: self.choose_output())
        self.generate_button.clicked.connect(lambda: self.generate())
        self.open_button.clicked.connect(lambda: self.last_document and self.open_document(self.last_document))
        self.open_folder_button.clicked.connect(lambda: self.last_document and self.open_folder(self.last_document))
        self.recent_list.itemDoubleClicked.connect(self._recent_activated)
        self.recent_list.customContextMenuRequested.connect(self._recent_menu)
        self._set_year_spin(self._year)
        self._update_period_widgets()
        self.reload_recent()

    # --- layout ---------------------------------------------------------------------------------

    def _build_left(self) -> QWidget:
        """Templates on top, recent documents below: both are things to pick from."""
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)

        top = QWidget()
        column = QVBoxLayout(top)
        column.setContentsMargins(0, 0, 8, 0)
        column.addWidget(_caption(tr("模板")))
        self.template_tree = QTreeWidget()
        self.template_tree.setObjectName("templateTree")
        self.template_tree.setColumnCount(2)
        self.template_tree.setHeaderLabels([tr("名称"), tr("格式")])
        self.template_tree.setRootIsDecorated(False)
        self.template_tree.setIndentation(12)
        self.template_tree.setUniformRowHeights(True)
        header = self.template_tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        column.addWidget(self.template_tree, 1)
        self.template_info = QLabel()
        self.template_info.setObjectName("templateInfo")
        self.template_info.setWordWrap(True)
        self.template_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.template_info.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.template_info.setMinimumHeight(self.fontMetrics().height() * 5)
        column.addWidget(self.template_info)
        buttons = QHBoxLayout()
        self.add_template_button = QPushButton(tr("添加自己的模板…"))
        self.add_template_button.setToolTip(
            tr("选择在 Word/WPS 或 Excel 中做好的模板（.docx/.xlsx）；检查无误后复制到数据库旁的 templates 文件夹")
        )
        self.remove_template_button = QPushButton(tr("删除自定义模板"))
        buttons.addWidget(self.add_template_button)
        buttons.addWidget(self.remove_template_button)
        column.addLayout(buttons)
        self.variables_button = QPushButton(tr("变量目录（自己做模板用）…"))
        self.variables_button.setToolTip(tr("模板中可以使用的全部变量及说明，双击即可复制"))
        column.addWidget(self.variables_button)

        bottom = QWidget()
        recent = QVBoxLayout(bottom)
        recent.setContentsMargins(0, 8, 8, 0)
        recent.addWidget(_caption(tr("最近生成的文档")))
        self.recent_list = QListWidget()
        self.recent_list.setObjectName("recentList")
        self.recent_list.setToolTip(tr("双击打开；右键可打开所在文件夹或从列表中移除"))
        self.recent_list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.recent_list.setWordWrap(True)
        self.recent_list.setAlternatingRowColors(True)
        recent.addWidget(self.recent_list, 1)

        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setMinimumWidth(300)
        return splitter

    def _build_middle(self) -> QWidget:
        panel = QWidget()
        column = QVBoxLayout(panel)
        column.setContentsMargins(8, 0, 0, 0)
        column.setSpacing(6)

        self.year_spin = QSpinBox()
        self.year_spin.setRange(FIRST_YEAR, date.today().year + 1)
        self.year_spin.setSuffix(tr(" 年"))
        self.year_spin.setToolTip(tr("随窗口上方的“统计年度”变化，也可以在这里单独改"))
        self.period_combo = QComboBox()
        for choice in PeriodChoice:
            self.period_combo.addItem(choice.value, choice)
        self.period_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.start_edit = _date_edit()
        self.end_edit = _date_edit()
        self.period_note = QLabel()
        self.period_note.setObjectName("hint")
        column.addWidget(_caption(tr("统计期间")))
        first = QHBoxLayout()
        first.addWidget(QLabel(tr("年度")))
        first.addWidget(self.year_spin)
        first.addSpacing(12)
        first.addWidget(QLabel(tr("期间")))
        first.addWidget(self.period_combo)
        first.addStretch(1)
        column.addLayout(first)
        second = QHBoxLayout()
        second.addWidget(QLabel(tr("从")))
        second.addWidget(self.start_edit)
        second.addWidget(QLabel(tr("至")))
        second.addWidget(self.end_edit)
        second.addSpacing(12)
        second.addWidget(self.period_note, 1)
        column.addLayout(second)

        figures_head = QHBoxLayout()
        figures_head.addWidget(_caption(tr("将用到的数字")))
        self.figures_status = QLabel()
        self.figures_status.setObjectName("hint")
        figures_head.addWidget(self.figures_status, 1)
        column.addSpacing(4)
        column.addLayout(figures_head)
        self.figures_table = QTableWidget(0, 5)
        self.figures_table.setObjectName("figuresTable")
        self.figures_table.setHorizontalHeaderLabels([tr("指标"), tr("本期"), tr("上年同期"), tr("同比"), tr("说明")])
        self.figures_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.figures_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.figures_table.setAlternatingRowColors(True)
        self.figures_table.setWordWrap(False)
        self.figures_table.verticalHeader().hide()
        self.figures_table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        metrics = self.fontMetrics()
        for column_index, sample in enumerate(
            ("帮扶慰问款物合计万元", "12,345.67 万元", "12,345.67 万元", "增长100.0%")
        ):
            self.figures_table.setColumnWidth(column_index, metrics.horizontalAdvance(sample) + 20)
        self.figures_table.horizontalHeader().setStretchLastSection(True)
        column.addWidget(self.figures_table, 1)
        self.others_label = QLabel()
        self.others_label.setObjectName("hint")
        self.others_label.setWordWrap(True)
        column.addWidget(self.others_label)

        output = QHBoxLayout()
        output.addWidget(QLabel(tr("保存到")))
        self.output_edit = QLineEdit()
        self.output_edit.setReadOnly(True)
        self.output_edit.setObjectName("outputPath")
        output.addWidget(self.output_edit, 1)
        self.save_as_button = QPushButton(tr("另存为…"))
        output.addWidget(self.save_as_button)
        column.addSpacing(4)
        column.addLayout(output)
        self.output_note = QLabel()
        self.output_note.setObjectName("hint")
        self.output_note.hide()
        column.addWidget(self.output_note)

        action = QHBoxLayout()
        self.generate_button = QPushButton(tr("生成文档"))
        self.generate_button.setObjectName("generateButton")
        self.generate_button.setDefault(True)
        self.generate_button.setMinimumHeight(self.fontMetrics().height() + 18)
        self.generate_button.setMinimumWidth(self.fontMetrics().horizontalAdvance("生成文档") + 60)
        font = QFont(self.generate_button.font())
        font.setBold(True)
        self.generate_button.setFont(font)
        action.addWidget(self.generate_button)
        self.result_label = QLabel()
        self.result_label.setObjectName("resultLabel")
        # Success in green, like a finished step; failures take the shared #warning style.
        self.result_label.setStyleSheet("QLabel#resultLabel { color: #1e7b34; }")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        action.addWidget(self.result_label, 1)
        self.open_button = QPushButton(tr("打开文档"))
        self.open_folder_button = QPushButton(tr("打开所在文件夹"))
        action.addWidget(self.open_button)
        action.addWidget(self.open_folder_button)
        self.open_button.hide()
        self.open_folder_button.hide()
        column.addLayout(action)
        return panel

    # --- Page -----------------------------------------------------------------------------------

    def set_year(self, year: int) -> None:
        if year == self._year:
            return
        self._year = year
        self._set_year_spin(year)

    def _set_year_spin(self, year: int) -> None:
        if year > self.year_spin.maximum():
            self.year_spin.setMaximum(year)
        self.year_spin.setValue(year)

    def refresh(self) -> None:
        """Records changed (here or elsewhere): last computed figures are stale."""
        self._figures.clear()
        if self._loaded and self.isVisible():
            self._request_figures()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Reading every template takes ~0.2 s: done when the page is first opened, not at start-up.
        if not self._loaded:
            self.reload_templates()
        else:
            self._request_figures()
        self.reload_recent()  # files may have been moved or deleted meanwhile

    # --- templates ----------------------------------------------------------------------------

    @property
    def user_folder(self) -> Path:
        return self.db.files_dir("templates")

    def reload_templates(self, select: Path | None = None) -> None:
        """Read the templates again and select `select` (else the current one, else the first)."""
        current = self.current_template()
        wanted = select or (current.path if current else None)
        self._loaded = True
        self.templates = documents.list_templates(self.user_folder)
        tree = self.template_tree
        tree.blockSignals(True)
        tree.clear()
        bold = QFont(tree.font())
        bold.setBold(True)
        chosen: QTreeWidgetItem | None = None
        first: QTreeWidgetItem | None = None
        for builtin, title in ((True, tr("内置模板")), (False, tr("我的模板"))):
            group = QTreeWidgetItem([title, ""])
            group.setFont(0, bold)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            tree.addTopLevelItem(group)
            members = [(i, t) for i, t in enumerate(self.templates) if t.builtin == builtin]
            for index, info in members:
                item = QTreeWidgetItem([info.name, info.format])
                item.setData(0, Qt.ItemDataRole.UserRole, index)
                item.setToolTip(0, self._template_tooltip(info))
                if info.error or info.unknown:
                    item.setForeground(0, _ERROR)
                    item.setText(0, f"{info.name}（{tr('无法使用')}）")
                elif info.overridden:
                    item.setForeground(0, _MISSING)
                    item.setText(0, f"{info.name}（{tr('已由我的同名模板替代')}）")
                group.addChild(item)
                first = first or item
                if wanted is not None and info.path == wanted:
                    chosen = item
            if not members and not builtin:
                empty = QTreeWidgetItem([tr("还没有。可点下方“添加自己的模板…”"), ""])
                empty.setFlags(Qt.ItemFlag.NoItemFlags)
                empty.setForeground(0, _MISSING)
                group.addChild(empty)
        tree.expandAll()
        tree.blockSignals(False)
        tree.setCurrentItem(chosen or first)
        self._template_changed()

    def _template_tooltip(self, info: TemplateInfo) -> str:
        if info.error:
            return tr("无法读取：") + info.error
        if info.unknown:
            return tr("含未知变量：") + "、".join(sorted(info.unknown))
        return f"{info.path}"

    def current_template(self) -> TemplateInfo | None:
        item = self.template_tree.currentItem()
        index = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        return self.templates[index] if isinstance(index, int) and index < len(self.templates) else None

    def select_template(self, name: str, *, builtin: bool | None = None) -> bool:
        """Select the template called `name` (the user's when both exist, unless `builtin`)."""
        if not self._loaded:
            self.reload_templates()
        candidates = [t for t in self.templates if t.name == name and (builtin is None or t.builtin == builtin)]
        if not candidates:
            return False
        target = min(candidates, key=lambda t: t.builtin)  # the user's first
        for group_index in range(self.template_tree.topLevelItemCount()):
            group = self.template_tree.topLevelItem(group_index)
            for child_index in range(group.childCount()):
                item = group.child(child_index)
                index = item.data(0, Qt.ItemDataRole.UserRole)
                if isinstance(index, int) and self.templates[index] is target:
                    self.template_tree.setCurrentItem(item)
                    return True
        return False

    def _template_changed(self) -> None:
        info = self.current_template()
        self.remove_template_button.setEnabled(info is not None and not info.builtin)
        self._output_name = None
        if info is None:
            self.template_info.setText(tr("请在上面选择一个模板。"))
        else:
            self.template_info.setText(self._describe(info))
            self.template_info.setToolTip(str(info.path))
            choice = PeriodChoice.of(info.period_kind)
            self.period_combo.blockSignals(True)
            for row in range(self.period_combo.count()):
                item_choice: PeriodChoice = self.period_combo.itemData(row)
                suffix = tr(" — 此模板默认") if item_choice is choice else ""
                self.period_combo.setItemText(row, item_choice.value + suffix)
            self.period_combo.setCurrentIndex(self.period_combo.findData(choice))
            self.period_combo.blockSignals(False)
        self._fill_figure_rows()
        self._period_changed()

    def _describe(self, info: TemplateInfo) -> str:
        kind = _FORMATS.get(info.format, info.format)
        what = documents.template_description(info.path) or (tr("自定义模板") if not info.builtin else tr("内置模板"))
        lines = [f"<b>{_html(info.name)}</b>　{kind}（.{info.format}）", _html(what)]
        if info.error:
            lines.append(f'<span style="color:#c0392b">{tr("无法读取：")}{_html(info.error)}</span>')
        elif info.unknown:
            lines.append(
                f'<span style="color:#c0392b">{tr("含未知变量：")}{_html("、".join(sorted(info.unknown)))}'
                f"{tr('。请在 Word/WPS 中改正后重新添加。')}</span>"
            )
        else:
            lines.append(
                tr("用到 {0} 个变量，默认期间：{1}").format(
                    len(info.variables), PeriodChoice.of(info.period_kind).value.split("（")[0]
                )
            )
        if info.overridden:
            lines.append(tr("生成时按名称选用的是“我的模板”中的同名模板；这里仍可选用内置的。"))
        if not info.builtin:
            lines.append(tr("文件：") + _html(str(info.path)))
        return "<br>".join(lines)

    # --- period -----------------------------------------------------------------------------------

    def period_choice(self) -> PeriodChoice:
        return self.period_combo.currentData() or PeriodChoice.YEAR

    def current_period(self) -> Period | None:
        """The period to fill the template for; None when the custom dates are the wrong way round."""
        year = self.year_spin.value()
        choice = self.period_choice()
        if choice is PeriodChoice.CUSTOM:
            start, end = self.start_edit.date().toPython(), self.end_edit.date().toPython()
            return Period(start, end) if start <= end else None
        info = self.current_template()
        if info is not None and not info.error and choice is PeriodChoice.of(info.period_kind):
            return documents.default_period(info.path, year)  # the template's own rule
        return choice.period(year)

    def _update_period_widgets(self) -> None:
        custom = self.period_choice() is PeriodChoice.CUSTOM
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
            self.period_note.setObjectName("error")
            self.period_note.setText(tr("结束日期早于开始日期"))
        else:
            self.period_note.setObjectName("hint")
            self.period_note.setText(tr("与上年同期比较：{0}").format(period.previous().label))
        self.period_note.style().unpolish(self.period_note)
        self.period_note.style().polish(self.period_note)

    def _period_changed(self) -> None:
        self._output_name = None
        self._update_period_widgets()
        self._update_output()
        self._update_generate()
        self._schedule_figures()

    def _custom_dates_changed(self) -> None:
        if self.period_choice() is PeriodChoice.CUSTOM:
            self._period_changed()

    # --- figures ----------------------------------------------------------------------------------

    def _fill_figure_rows(self) -> None:
        """Rows for the figures the template prints; values follow when computed."""
        info = self.current_template()
        names = used_figures(info.variables) if info is not None else []
        table = self.figures_table
        table.setRowCount(len(names))
        for row, name in enumerate(names):
            figure = _FIGURES_BY_NAME[name]
            caption = QTableWidgetItem(name)
            caption.setToolTip(f"{name}（{figure.unit}）：{figure.description}")
            table.setItem(row, 0, caption)
            for column in (1, 2, 3):
                cell = QTableWidgetItem("")
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(row, column, cell)
            description = QTableWidgetItem(figure.description)
            description.setToolTip(figure.description)
            table.setItem(row, 4, description)
        others = other_variables(info.variables) if info is not None and not info.error else []
        if info is None or info.error:
            self.others_label.setText("")
        elif not names:
            self.others_label.setText(tr("这个模板不用统计数字。") + self._others_text(others))
        else:
            self.others_label.setText(
                tr("共 {0} 项数字（含模板用到的上年值、同比）。").format(len(names)) + self._others_text(others)
            )

    @staticmethod
    def _others_text(others: list[str]) -> str:
        return (tr("另用到：") + "、".join(others) + "。") if others else ""

    def _schedule_figures(self) -> None:
        period = self.current_period()
        if period is not None and period in self._figures:
            self._show_figures(period)  # cached: no wait, no flicker
            return
        self._period_timer.start()

    def _request_figures(self) -> None:
        period = self.current_period()
        info = self.current_template()
        if period is None or info is None or not used_figures(info.variables):
            self.figures_status.setText("")
            return
        if period in self._figures:
            self._show_figures(period)
            return
        if self._figures_pending == period:
            return  # already on its way
        self._figure_request += 1
        self._figures_pending = period
        job = _FigureJob(self.db.session_factory, period, self._figure_request, self._figure_signals)
        job.setAutoDelete(False)  # kept in _figure_jobs until its answer arrives
        self._figure_jobs[self._figure_request] = job
        self._figures_slow_timer.start()
        QThreadPool.globalInstance().start(job)

    @property
    def figures_busy(self) -> bool:
        """True while figures are awaited: asked for, or about to be (tests wait for this)."""
        return bool(self._figure_jobs) or self._period_timer.isActive()

    def _figures_slow(self) -> None:
        if self._figures_pending is None:
            return
        self.figures_status.setText(tr("正在统计……"))
        for row in range(self.figures_table.rowCount()):
            for column in (1, 2, 3):
                item = self.figures_table.item(row, column)
                if item is not None:
                    item.setForeground(_MISSING)

    def _figures_arrived(self, number: int, period: Period, result: object) -> None:
        self._figure_jobs.pop(number, None)
        if number != self._figure_request:
            return  # an older request: the chair has moved on
        self._figures_pending = None
        self._figures_slow_timer.stop()
        if isinstance(result, BaseException):
            log.error("figures failed", exc_info=result)
            message = result.message() if isinstance(result, UnionbookError) else str(result)
            self.figures_status.setText(tr("统计出错：") + message)
            return
        self._figures[period] = result  # type: ignore[assignment]
        if period == self.current_period():
            self._show_figures(period)

    def _show_figures(self, period: Period) -> None:
        values = self._figures[period]
        table = self.figures_table
        for row in range(table.rowCount()):
            name = table.item(row, 0).text()
            unit = _FIGURES_BY_NAME[name].unit
            texts = (
                format_value(values[name], unit),  # type: ignore[arg-type]
                format_value(values[PREVIOUS_PREFIX + name], unit),  # type: ignore[arg-type]
                str(values[name + CHANGE_SUFFIX]),
            )
            for column, text in enumerate(texts, start=1):
                item = table.item(row, column)
                item.setText(text)
                item.setForeground(QBrush())
        self.figures_status.setText(tr("{0}，与{1}比较").format(period.label, period.previous().label))

    def figure_cells(self) -> dict[str, tuple[str, str, str]]:
        """name → (本期, 上年同期, 同比) as shown."""
        table = self.figures_table
        return {
            table.item(row, 0).text(): tuple(table.item(row, c).text() for c in (1, 2, 3))  # type: ignore[misc]
            for row in range(table.rowCount())
        }

    # --- output ----------------------------------------------------------------------------------

    def default_folder(self) -> Path:
        return self.db.files_dir("documents")

    def output_path(self) -> Path | None:
        info, period = self.current_template(), self.current_period()
        if info is None or period is None:
            return None
        folder = self._output_folder or self.default_folder()
        name = self._output_name or documents.document_name(info.name, period, info.path.suffix.lower())
        return folder / name

    def _update_output(self) -> None:
        path = self.output_path()
        self.output_edit.setText(str(path) if path else "")
        self.output_edit.setToolTip(str(path) if path else "")
        exists = path is not None and path.exists()
        self.output_note.setText(tr("这个文件已经存在；再次生成时会先问是替换它还是另存一份。") if exists else "")
        self.output_note.setVisible(exists)

    def choose_output(self, target: Path | None = None) -> Path | None:
        """另存为: pick another folder or name (the suffix must stay the template's)."""
        info, current = self.current_template(), self.output_path()
        if info is None or current is None:
            return None
        suffix = info.path.suffix.lower()
        if target is None:
            kind = _FORMATS.get(info.format, info.format)
            name, _ = QFileDialog.getSaveFileName(self, tr("保存生成的文档"), str(current), f"{kind} (*{suffix})")
            if not name:
                return None
            target = Path(name)
        if target.suffix.lower() != suffix:
            target = target.with_name(target.name + suffix)
        self._output_folder = target.parent
        self._output_name = target.name
        self._update_output()
        return target

    # --- generating -----------------------------------------------------------------------------

    def _update_generate(self) -> None:
        info = self.current_template()
        usable = info is not None and not info.error and not info.unknown and self.current_period() is not None
        running = self.generate_task is not None
        self.generate_button.setEnabled(usable and not running)

    def generate(self) -> BackgroundTask | None:
        """Render the selected template for the period into the output path, off the GUI thread."""
        info, period, output = self.current_template(), self.current_period(), self.output_path()
        if info is None or period is None or output is None or self.generate_task is not None:
            return None
        if output.exists():
            output = self._confirm_overwrite(output)
            if output is None:
                return None
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            show_error(
                self, InputError(detail=f"无法创建文件夹 {output.parent}：{exc.strerror or exc}"), tr("文档没有生成")
            )
            return None
        factory, template, user_folder = self.db.session_factory, info.path, self.user_folder

        def work(_progress: Any, cancelled: Any) -> Path:
            if cancelled():  # rendering is one step: 取消 can only stop it before it starts
                raise OperationCancelled()
            return documents.render(factory, template, period, output, user_folder=user_folder)

        def done(path: object) -> None:
            self._generated(Path(str(path)), info, period)

        def failed(exc: BaseException) -> None:
            self._set_result(tr("没有生成文档。"), warning=True)
            show_error(self, exc, tr("文档没有生成"))

        def finished() -> None:
            self.generate_task = None
            self._update_generate()

        self.result_label.setText(tr("正在生成……"))
        self.open_button.hide()
        self.open_folder_button.hide()
        task = run_in_background(self, tr("正在生成《{0}》……").format(output.name), work)
        task.finished.connect(finished)
        self.generate_task = task.success(done).failure(failed)
        self._update_generate()
        task.start()
        return task

    def _confirm_overwrite(self, output: Path) -> Path | None:
        """The chair may have edited last time's document in Word: never overwrite it silently."""
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
        remember_recent(RecentDocument(path, info.name, period.label, datetime.now().replace(microsecond=0)))
        self.reload_recent()
        self._set_result(tr("已生成 {0}（{1}，{2}）").format(path.name, info.name, period.label))
        self.result_label.setToolTip(str(path))
        self.open_button.show()
        self.open_folder_button.show()
        self._update_output()

    def _set_result(self, text: str, *, warning: bool = False) -> None:
        self.result_label.setObjectName("warning" if warning else "resultLabel")
        self.result_label.style().unpolish(self.result_label)
        self.result_label.style().polish(self.result_label)
        self.result_label.setText(text)
        if warning:
            self.open_button.hide()
            self.open_folder_button.hide()

    def open_document(self, path: Path) -> bool:
        if not path.exists():
            self._set_result(tr("找不到“{0}”：文件已被移动或删除。").format(path.name), warning=True)
            self.reload_recent()
            return False
        if not open_path(path):
            self._set_result(
                tr("无法打开“{0}”：请确认已安装 Word、WPS 或其他能打开它的程序。").format(path.name), warning=True
            )
            return False
        return True

    def open_folder(self, path: Path) -> bool:
        folder = path if path.is_dir() else path.parent
        if not folder.exists():
            self._set_result(tr("找不到文件夹 {0}").format(folder), warning=True)
            return False
        return open_path(folder)

    # --- recent documents -----------------------------------------------------------------------

    def reload_recent(self) -> None:
        self.recent_list.clear()
        entries = load_recent()
        for entry in entries:
            missing = not entry.path.exists()
            when = entry.created.strftime("%Y-%m-%d %H:%M")
            second = f"{entry.template} · {entry.period} · {when}"
            if missing:
                second += tr(" · 文件已不存在")
            item = QListWidgetItem(f"{entry.path.name}\n{second}")
            item.setData(Qt.ItemDataRole.UserRole, str(entry.path))
            item.setToolTip(str(entry.path) + (tr("\n（文件已被移动或删除）") if missing else ""))
            if missing:
                item.setForeground(_MISSING)
            self.recent_list.addItem(item)
        if not entries:
            item = QListWidgetItem(tr("还没有生成过文档。"))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            item.setForeground(_MISSING)
            self.recent_list.addItem(item)

    def recent_paths(self) -> list[Path]:
        found = []
        for row in range(self.recent_list.count()):
            value = self.recent_list.item(row).data(Qt.ItemDataRole.UserRole)
            if value:
                found.append(Path(value))
        return found

    def _recent_activated(self, item: QListWidgetItem) -> None:
        value = item.data(Qt.ItemDataRole.UserRole)
        if value:
            self.open_document(Path(value))

    def _recent_menu(self, position: QPoint) -> None:
        item = self.recent_list.itemAt(position)
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if not value:
            return
        path = Path(value)
        menu = QMenu(self)
        menu.addAction(tr("打开"), lambda: self.open_document(path)).setEnabled(path.exists())
        menu.addAction(tr("打开所在文件夹"), lambda: self.open_folder(path))
        menu.addSeparator()
        menu.addAction(tr("从列表中移除"), lambda: (forget_recent(path), self.reload_recent()))
        menu.exec(self.recent_list.viewport().mapToGlobal(position))

    # --- the user's templates ------------------------------------------------------------------

    def add_user_template(self, source: Path | None = None) -> Path | None:
        """Check a template file and copy it into templates/ beside the database.

        Refused files (unknown variables with the closest names, unsafe constructs, syntax) get
        the service's message in full: it names what to fix in Word.
        """
        store = ui_settings.settings()
        if source is None:
            folder = str(store.value(_TEMPLATE_FOLDER_KEY, str(Path.home())))
            name, _ = QFileDialog.getOpenFileName(
                self, tr("选择自己做的模板"), folder, tr("Word 文档或 Excel 表格 (*.docx *.xlsx)")
            )
            if not name:
                return None
            source = Path(name)
            store.setValue(_TEMPLATE_FOLDER_KEY, str(source.parent))
        try:
            documents.check_user_template(source)
        except UnionbookError as exc:
            self._set_result(tr("没有添加模板“{0}”。").format(source.name), warning=True)
            # The service's sentence names what is wrong; say what to do next, once.
            advice = tr("请在 Word/WPS 中改正后重新添加；正确的名称可在“变量目录”中查找。")
            show_error(self, InputError(detail=f"{exc.message().rstrip('。')}。{advice}"), tr("不能使用这个模板"))
            return None
        target = self.user_folder / source.name
        replace = False
        if target.exists() and target.resolve() != source.resolve():
            if not self._ask(
                tr("替换自定义模板"),
                tr("已有同名的自定义模板“{0}”。用新选的文件替换它吗？").format(target.stem),
            ):
                return None
            replace = True
        elif any(t.builtin and t.name == target.stem for t in self.templates):
            if not self._ask(
                tr("与内置模板同名"),
                tr("“{0}”与内置模板同名。添加后，按名称生成时将使用你的模板；删除它即可恢复内置模板。继续吗？").format(
                    target.stem
                ),
            ):
                return None
        elif target.exists():
            replace = True  # the file already in templates/ chosen again: nothing to ask
        try:
            added = documents.add_user_template(self.db, source, replace=replace)
        except UnionbookError as exc:
            show_error(self, exc, tr("不能使用这个模板"))
            return None
        except OSError as exc:
            show_error(
                self, InputError(detail=f"无法复制模板“{source.name}”：{exc.strerror or exc}"), tr("不能使用这个模板")
            )
            return None
        self.reload_templates(select=added)
        self._set_result(tr("已添加自定义模板“{0}”。").format(added.stem))
        return added

    def remove_user_template(self, *, confirm: bool = True) -> bool:
        info = self.current_template()
        if info is None or info.builtin:
            return False
        extra = ""
        if any(t.builtin and t.name == info.name for t in self.templates):
            extra = tr("删除后将重新使用内置的同名模板。")
        if confirm and not self._ask(
            tr("删除自定义模板"),
            tr("删除自定义模板“{0}”吗？模板文件将从 templates 文件夹中删除，已生成的文档不受影响。{1}").format(
                info.name, extra
            ),
        ):
            return False
        try:
            documents.remove_user_template(self.db, info.path)
        except UnionbookError as exc:
            show_error(self, exc, tr("不能删除"))
            return False
        self.reload_templates()
        self._set_result(tr("已删除自定义模板“{0}”。").format(info.name))
        return True

    def _ask(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(
            self, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )  # fmt: skip
        return answer == QMessageBox.StandardButton.Yes

    def open_variables(self) -> VariablesDialog:
        """The catalogue, non-modal and kept: reopening it keeps the chair's search."""
        if self.variables_dialog is None:
            self.variables_dialog = VariablesDialog(self)
        self.variables_dialog.show()
        self.variables_dialog.raise_()
        self.variables_dialog.activateWindow()
        return self.variables_dialog


def _caption(text: str) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    return label


def _date_edit() -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMinimumDate(QDate(1950, 1, 1))
    edit.setMaximumDate(QDate(2999, 12, 31))
    return edit


def _html(text: str) -> str:
    return html.escape(text)
