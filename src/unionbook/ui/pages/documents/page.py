"""文档: fill a template with a period's figures — the December 年度工作总结 in one click.

What the chair needs to trust the result before opening Word, from left to right:
- which template (built-in first, then her own; each says what it is and which period it means),
  and below it the documents made recently;
- which period (the window's year by the template's own rule — the 统计年报 runs 10月1日 to
  9月30日 — or any other), the numbers the document will print against last year's, and where
  the file goes (documents/ beside the database).

Each of those is a panel of its own module; this page only lays them out and passes the
selected template and period from one to the next. Reading every template takes ~0.2 s, so it is
done when the page is first shown, not at start-up.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from unionbook.services import documents
from unionbook.services.database import Database
from unionbook.services.document_plan import PeriodChoice
from unionbook.services.figures import Period
from unionbook.services.recent_documents import RecentDocument
from unionbook.services.templates import TemplateInfo
from unionbook.ui.dialogs.template_from_text import TemplateFromTextDialog
from unionbook.ui.dialogs.variables_dialog import VariablesDialog
from unionbook.ui.pages.base import Page, heading
from unionbook.ui.pages.documents.common import tr
from unionbook.ui.pages.documents.figures_panel import FiguresPanel
from unionbook.ui.pages.documents.generate_panel import GeneratePanel
from unionbook.ui.pages.documents.output_panel import OutputPanel
from unionbook.ui.pages.documents.period_panel import PeriodPanel
from unionbook.ui.pages.documents.recent_panel import RecentPanel
from unionbook.ui.pages.documents.templates_panel import TemplatesPanel
from unionbook.ui.pages.documents.user_templates import UserTemplatesBar
from unionbook.ui.tasks import BackgroundTask
from unionbook.ui.widgets.panes import split_panes


class DocumentsPage(Page):
    title = "文档"

    def __init__(self, db: Database) -> None:
        super().__init__()
        self.db = db
        self._loaded = False
        self._year = date.today().year
        self.templates_panel = TemplatesPanel()
        self.user_templates = UserTemplatesBar(db)
        self.recent_panel = RecentPanel()
        self.period_panel = PeriodPanel(self._year)
        self.figures_panel = FiguresPanel(db)
        self.output_panel = OutputPanel(db)
        self.generate_panel = GeneratePanel(db)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 12)
        layout.setSpacing(8)
        layout.addWidget(heading(tr("文档")))
        intro = QLabel(tr("用台账中的数字填写工作总结、统计年报和各类台账：选模板，核对期间和数字，点“生成文档”。"))
        intro.setObjectName("hint")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        panes = split_panes(self._build_left(), self._build_middle(), (0, 1), horizontal=True, sizes=(330, 700))
        layout.addWidget(panes, 1)

        self.templates_panel.changed.connect(self._template_changed)
        self.period_panel.changed.connect(self._period_changed)
        self.output_panel.changed.connect(self._update_generator)
        self.user_templates.added.connect(lambda path: self.reload_templates(select=path))
        self.user_templates.removed.connect(lambda: self.reload_templates())
        self.user_templates.message.connect(lambda text, warning: self.generate_panel.set_result(text, warning=warning))
        self.recent_panel.open_requested.connect(self.generate_panel.open_document)
        self.recent_panel.open_folder_requested.connect(self.generate_panel.open_folder)
        self.generate_panel.missing.connect(lambda _path: self.recent_panel.reload())
        self.generate_panel.generated.connect(self._generated)
        self._alias_widgets()
        self._period_changed()

    def _build_left(self) -> QWidget:
        """Templates on top, recent documents below: both are things to pick from."""
        top = QWidget()
        column = QVBoxLayout(top)
        column.setContentsMargins(0, 0, 8, 0)
        column.addWidget(self.templates_panel, 1)
        column.addWidget(self.user_templates)
        self.from_summary_button = QPushButton(tr("从往年总结生成模板…"))
        self.from_summary_button.setToolTip(tr("把往年的工作总结变成模板：总结中的数字换成台账指标，明年自动填写"))
        self.from_summary_button.clicked.connect(lambda: self.open_template_from_text())
        column.addWidget(self.from_summary_button)
        splitter = split_panes(top, self.recent_panel, (3, 2))
        splitter.setMinimumWidth(300)
        return splitter

    def _build_middle(self) -> QWidget:
        """Period, the figures it gives, where the file goes, and the button: top to bottom."""
        panel = QWidget()
        column = QVBoxLayout(panel)
        column.setContentsMargins(8, 0, 0, 0)
        column.setSpacing(6)
        column.addWidget(self.period_panel)
        column.addSpacing(4)
        column.addWidget(self.figures_panel, 1)
        column.addSpacing(4)
        column.addWidget(self.output_panel)
        column.addWidget(self.generate_panel)
        return panel

    def _alias_widgets(self) -> None:
        """The widgets the page's tests and the main window reach through the page."""
        self.template_tree = self.templates_panel.tree
        self.template_info = self.templates_panel.info
        self.add_template_button = self.user_templates.add_button
        self.remove_template_button = self.user_templates.remove_button
        self.variables_button = self.user_templates.variables_button
        self.recent_list = self.recent_panel.list
        self.year_spin = self.period_panel.year_spin
        self.period_combo = self.period_panel.combo
        self.start_edit = self.period_panel.start_edit
        self.end_edit = self.period_panel.end_edit
        self.period_note = self.period_panel.note
        self.figures_table = self.figures_panel.table
        self.figures_status = self.figures_panel.status
        self.others_label = self.figures_panel.others_label
        self.output_edit = self.output_panel.path_edit
        self.output_note = self.output_panel.note
        self.generate_button = self.generate_panel.button
        self.result_label = self.generate_panel.result_label
        self.open_button = self.generate_panel.open_button
        self.open_folder_button = self.generate_panel.open_folder_button

    # --- Page -----------------------------------------------------------------------------------

    def set_year(self, year: int) -> None:
        if year == self._year:
            return
        self._year = year
        self.period_panel.set_year(year)

    def refresh(self) -> None:
        """Records changed (here or elsewhere): the figures computed so far are stale."""
        self.figures_panel.refresh()
        if self._loaded and self.isVisible():
            self.figures_panel.request()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:
            self.reload_templates()
        else:
            self.figures_panel.request()
        self.recent_panel.reload()  # files may have been moved or deleted meanwhile

    # --- passing the selection along ------------------------------------------------------------

    @property
    def templates(self) -> list[TemplateInfo]:
        return self.templates_panel.templates

    @property
    def user_folder(self) -> Path:
        return self.db.files_dir("templates")

    def reload_templates(self, select: Path | None = None) -> None:
        """Read the templates again and select `select` (else the current one, else the first)."""
        self._loaded = True
        self.templates_panel.set_templates(documents.list_templates(self.user_folder), select)

    def _template_changed(self, info: TemplateInfo | None) -> None:
        self.user_templates.set_current(info, self.templates)
        self.figures_panel.show_template(info)
        self.period_panel.set_template(info)  # → _period_changed

    def _period_changed(self) -> None:
        period = self.current_period()
        self.output_panel.set_target(self.current_template(), period)
        self._update_generator()
        self.figures_panel.show_period(period)

    def _update_generator(self) -> None:
        self.generate_panel.set_target(self.current_template(), self.current_period(), self.output_path())

    def _generated(self, document: RecentDocument) -> None:
        self.recent_panel.add(document)
        self.output_panel.update_path()

    # --- what tests and the main window ask of the page ------------------------------------------

    def current_template(self) -> TemplateInfo | None:
        return self.templates_panel.current_template()

    def select_template(self, name: str, *, builtin: bool | None = None) -> bool:
        """Select the template called `name` (the user's when both exist, unless `builtin`)."""
        if not self._loaded:
            self.reload_templates()
        return self.templates_panel.select(name, builtin=builtin)

    def period_choice(self) -> PeriodChoice:
        return self.period_panel.choice()

    def current_period(self) -> Period | None:
        return self.period_panel.current_period()

    def output_path(self) -> Path | None:
        return self.output_panel.output_path()

    def choose_output(self, target: Path | None = None) -> Path | None:
        return self.output_panel.choose_output(target)

    @property
    def figures_busy(self) -> bool:
        return self.figures_panel.busy

    def figure_cells(self) -> dict[str, tuple[str, str, str]]:
        return self.figures_panel.figure_cells()

    def generate(self) -> BackgroundTask | None:
        return self.generate_panel.generate()

    @property
    def last_document(self) -> Path | None:
        return self.generate_panel.last_document

    def open_document(self, path: Path) -> bool:
        return self.generate_panel.open_document(path)

    def reload_recent(self) -> None:
        self.recent_panel.reload()

    def recent_paths(self) -> list[Path]:
        return self.recent_panel.paths()

    def add_user_template(self, source: Path | None = None) -> Path | None:
        return self.user_templates.add_user_template(source)

    def remove_user_template(self, *, confirm: bool = True) -> bool:
        return self.user_templates.remove_user_template(confirm=confirm)

    def open_variables(self) -> VariablesDialog:
        return self.user_templates.open_variables()

    def open_template_from_text(self) -> TemplateFromTextDialog:
        """文档 → 从往年总结生成模板: the review dialog; what it saves is listed and selected here."""
        dialog = TemplateFromTextDialog(self.db, self, year=self._year)
        dialog.saved.connect(lambda path: self.reload_templates(select=path))
        dialog.generated.connect(self._generated)
        dialog.show()
        return dialog
