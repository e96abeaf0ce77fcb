"""The QWizard itself: the five pages in order, what they have found out so far, and the one way
they run work in the background.

The pages keep no state of their own about the file: the path, the sheets read, the header row,
the column corrections and the plan live here, so going back and forth (or re-reading a file fixed
in Excel meanwhile) has one place to update. Background work goes through `run`, which also keeps
上一步 and the window's close button from pulling the wizard away from work still running.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QWidget, QWizard

from unionbook.domain.errors import OperationCancelled
from unionbook.fileio.spreadsheet import Sheet
from unionbook.services.importing.engine import ImportPlan
from unionbook.services.importing.registers import IMPORTERS, Importer
from unionbook.services.importing.spec import RegisterSpec
from unionbook.ui.dialogs.import_wizard.base import ImportResult, PageId, tr
from unionbook.ui.dialogs.import_wizard.done_page import DonePage
from unionbook.ui.dialogs.import_wizard.file_page import FilePage
from unionbook.ui.dialogs.import_wizard.mapping_page import MappingPage
from unionbook.ui.dialogs.import_wizard.preview_page import PreviewPage
from unionbook.ui.dialogs.import_wizard.sheet_page import SheetPage
from unionbook.ui.tasks import BackgroundTask, run_in_background

if TYPE_CHECKING:
    from unionbook.services.database import Database


class _Cancelled:
    """Returned by a worker whose service raised OperationCancelled (see ImportWizard.run)."""


_CANCELLED = _Cancelled()


class ImportWizard(QWizard):
    """`ImportWizard(db, path=None, parent=None, importer=IMPORTERS["members"])`: import a register
    (a member roster by default, a contract ledger with `IMPORTERS["contracts"]`) into `db`.

    With `path` (a file dropped on the window) the file is read at once and the wizard opens on
    the 工作表 page; a file that cannot be read leaves it on the 文件 page with the reason.
    `imported(ImportSummary)` is emitted once the import's transaction has committed, so the
    register's page can refresh; nothing is emitted after a cancel or a failure.
    """

    imported = Signal(object)

    def __init__(
        self,
        db: Database,
        path: Path | None = None,
        parent: QWidget | None = None,
        importer: Importer = IMPORTERS["members"],
    ) -> None:
        super().__init__(parent)
        self.db = db
        #: Read at each use, not captured by the pages, so one attribute decides what is imported.
        self.importer = importer
        self.setWindowTitle(tr("导入{0}").format(importer.title))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        # No "取消" after the import: it would suggest the data can be taken back out.
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        for button, text in (
            (QWizard.WizardButton.BackButton, "< 上一步"),
            (QWizard.WizardButton.NextButton, "下一步 >"),
            (QWizard.WizardButton.CommitButton, "导入"),
            (QWizard.WizardButton.FinishButton, "完成"),
            (QWizard.WizardButton.CancelButton, "取消"),
        ):
            self.setButtonText(button, tr(text))
        self.resize(920, 660)
        self.setMinimumSize(760, 560)

        # What the pages have found out so far. Sheets are cached by name: the preview, the header
        # page and going back and forth must not re-read a large file each time.
        self.path: Path | None = None
        self.file_signature: tuple[int, int] | None = None  # (mtime, size) when it was read
        self.sheet_names: list[str] = []
        self.sheets: dict[str, Sheet] = {}
        self.sheet_name: str | None = None
        self.header_row: int | None = None  # 1-based, as Excel shows it
        self.overrides: dict[int, str | None] = {}
        self.plan: ImportPlan | None = None
        self.result: ImportResult | None = None
        self._task: BackgroundTask | None = None

        self.file_page = FilePage(importer)
        self.sheet_page = SheetPage(importer)
        self.mapping_page = MappingPage()
        self.preview_page = PreviewPage(importer)
        self.done_page = DonePage()
        for page_id, page in (
            (PageId.FILE, self.file_page),
            (PageId.SHEET, self.sheet_page),
            (PageId.MAPPING, self.mapping_page),
            (PageId.PREVIEW, self.preview_page),
            (PageId.DONE, self.done_page),
        ):
            self.setPage(page_id, page)

        if path is not None:
            self.file_page.set_path(Path(path))
            # Going through page 1 (rather than setStartId) keeps 上一步 working: the user can
            # still pick another file when the dropped one was not the roster.
            self.restart()
            self.next()

    # --- background work shared by the pages -----------------------------------------------

    @property
    def busy(self) -> bool:
        return self._task is not None

    def run(
        self,
        label: str,
        work: Callable[[Callable[[int, int], None], Callable[[], bool]], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None],
        cancelled: Callable[[], None] = lambda: None,
        *,
        cancellable: bool = True,
    ) -> None:
        """Run `work` off the GUI thread; exactly one of the callbacks follows on the GUI thread.

        BackgroundTask swallows OperationCancelled (it is not a failure to report), so the worker
        turns it into a value here: the page must still learn that nothing happened.
        """

        def guarded(progress: Callable[[int, int], None], is_cancelled: Callable[[], bool]) -> Any:
            try:
                return work(progress, is_cancelled)
            except OperationCancelled:
                return _CANCELLED

        def on_success(result: Any) -> None:
            self._set_busy(None)
            if result is _CANCELLED:
                cancelled()
            else:
                done(result)

        def on_failure(exc: BaseException) -> None:
            self._set_busy(None)
            failed(exc)

        task = run_in_background(self, label, guarded, cancellable).success(on_success).failure(on_failure)
        self._set_busy(task)
        task.start()

    def _set_busy(self, task: BackgroundTask | None) -> None:
        self._task = task
        page = self.currentPage()
        if page is not None:
            page.completeChanged.emit()  # 下一步/导入 follow isComplete(), which checks `busy`
        if task is not None:
            # A click on 上一步 while a read or the import runs would let its result land on the
            # wrong page; the progress dialog only covers the window after 300 ms. Work started in
            # initializePage() is followed by QWizard re-enabling the button, hence the second go.
            self._disable_back()
            QTimer.singleShot(0, self, self._disable_back)

    def _disable_back(self) -> None:
        if self._task is not None:
            self.button(QWizard.WizardButton.BackButton).setEnabled(False)

    def reject(self) -> None:
        """取消 or closing the window while work runs asks the work to stop instead of leaving it
        running behind a closed window (an import would then finish unseen)."""
        if self._task is not None:
            self._task.dialog.canceled.emit()  # what the progress dialog's own 取消 does
            return
        super().reject()

    # --- what the pages share ------------------------------------------------------------------

    @property
    def spec(self) -> RegisterSpec:
        return self.importer.spec

    def current_sheet(self) -> Sheet | None:
        return self.sheets.get(self.sheet_name or "")

    def file_name(self) -> str:
        return self.path.name if self.path else ""

    def errors_fallback_folder(self) -> Path:
        """Where the errors file goes when the source's folder refuses it: the database's folder,
        which this program can always write; the command line falls back to the same folder."""
        return self.db.path.parent
