"""The import and export flows the register pages share.

Exporting: ask where to save (starting in the folder remembered from the last export), write the
file in the background, then remember the folder and say where the file went, with links to open
the file or its folder. Importing: the import wizard on one register's importer, and what a page
does once rows came in.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QFileDialog, QWidget

from unionbook.domain.registers import Register
from unionbook.services.database import Database
from unionbook.ui import ui_settings
from unionbook.ui.changes import announce
from unionbook.ui.errors import show_error
from unionbook.ui.i18n import translator
from unionbook.ui.tasks import BackgroundTask, run_in_background

if TYPE_CHECKING:  # the wizard and the importers load when first opened, not with every register page (~0.1 s)
    from unionbook.ui.dialogs.import_wizard import ImportWizard

tr = translator("RegisterIO")
#: Where the last export went; every register starts its save dialog there.
EXPORT_FOLDER = "export/folder"


# --- export ----------------------------------------------------------------------------------------


def ask_save_path(
    parent: QWidget, caption: str, default_name: str, file_filter: str, suffix: str, settings_key: str = EXPORT_FOLDER
) -> Path | None:
    """The file the user chose (with `suffix` added if missing), or None when cancelled."""
    folder = Path(str(ui_settings.settings().value(settings_key, str(Path.home()))))
    name, _ = QFileDialog.getSaveFileName(parent, caption, str(folder / default_name), file_filter)
    if not name:
        return None
    return Path(name if name.lower().endswith(suffix) else name + suffix)


def ask_xlsx_path(parent: QWidget, caption: str, default_name: str, settings_key: str = EXPORT_FOLDER) -> Path | None:
    return ask_save_path(parent, caption, default_name, tr("Excel 表格 (*.xlsx)"), ".xlsx", settings_key)


def file_links(path: Path) -> str:
    link = QUrl.fromLocalFile(str(path)).toString()
    folder_link = QUrl.fromLocalFile(str(path.parent)).toString()
    return tr('<a href="{0}">打开文件</a>　<a href="{1}">打开所在文件夹</a>').format(link, folder_link)


def export_in_background(
    page: Any,
    label: str,
    work: Callable[[], object],
    done_text: str,
    failure_title: str | None = None,
    settings_key: str = EXPORT_FOLDER,
) -> BackgroundTask:
    """Run `work` (an export) on `page`, kept in `page.export_task` while it runs.

    `work` returns the written path, or a result with `.path` and `.rows`; `done_text` may use
    `{rows}` and `{path}`. On success the folder is remembered and `page.show_message` says where
    the file went; on failure the error is shown under `failure_title`.
    """
    title = tr("导出没有完成") if failure_title is None else failure_title

    def done(result: object) -> None:
        page.export_task = None
        path = getattr(result, "path", result)
        rows = getattr(result, "rows", None)
        ui_settings.settings().setValue(settings_key, str(Path(path).parent))  # type: ignore[arg-type]
        page.show_message(done_text.format(rows=rows, path=path) + "　" + file_links(Path(path)))  # type: ignore[arg-type]

    def failed(exc: BaseException) -> None:
        page.export_task = None
        show_error(page, exc, title)

    task = run_in_background(page, label, lambda _p, _c: work())
    page.export_task = task.success(done).failure(failed)
    task.start()
    return task


# --- import ----------------------------------------------------------------------------------------


def open_import_wizard(
    parent: QWidget, db: Database, importer_key: str, path: Path | None, on_imported: Callable[[object], None]
) -> ImportWizard:
    """The import wizard for one register (IMPORTERS[importer_key]), on `path` if a file was dropped."""
    from unionbook.services.importing.registers import IMPORTERS
    from unionbook.ui.dialogs.import_wizard import ImportWizard

    wizard = ImportWizard(db, path, parent, importer=IMPORTERS[importer_key])
    wizard.imported.connect(on_imported)
    wizard.open()
    return wizard


def import_done_text(summary: object) -> str:
    return tr("导入完成：") + summary.line()  # type: ignore[attr-defined]


def reload_after_import(page: Any, summary: object, *registers: Register) -> None:
    """What a single-table register does after an import: re-read, say what came in, tell the others."""
    page.reload()
    page.show_message(import_done_text(summary))
    announce(*registers, source=page)


def dated_name(stem: str, suffix: str = ".xlsx") -> str:
    """"集体合同台账-20261130.xlsx": the default name of an export made today."""
    return f"{stem}-{date.today():%Y%m%d}{suffix}"
