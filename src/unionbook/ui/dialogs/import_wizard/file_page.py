"""Step 1, 文件: which spreadsheet to import.

Reading waits for 下一步, so a file that cannot be read is reported here, beside its name, where
the user can pick another; and a file already read is not read again when the user comes back,
unless it changed on disk meanwhile (fixed in Excel after seeing the preview).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout

from unionbook.fileio.spreadsheet import Sheet, list_sheets, read_sheet
from unionbook.services.importing.registers import Importer
from unionbook.ui import ui_settings
from unionbook.ui.dialogs.import_wizard.base import WizardPage, failure_text, label, message_label, say, tr

FILE_FILTER = "表格文件 (*.xlsx *.xls *.ods *.csv)"
_FOLDER_KEY = "folders/import"


class FilePage(WizardPage):
    """Pick the file. Reading it (sheet names and the first non-empty sheet) happens when the user
    presses 下一步, so an unreadable file is reported here, beside the file name."""

    def __init__(self, importer: Importer) -> None:
        super().__init__()
        self._title = importer.title
        self.setTitle(tr("第 1 步（共 5 步）：选择文件"))
        self.setSubTitle(tr("选择要导入的{0}。").format(importer.title))
        layout = QVBoxLayout(self)
        layout.addWidget(
            label(tr("可以导入 Excel 或 WPS 表格保存的 .xlsx、.xls 文件，也可以是 .ods 或 .csv 文件。"))
        )
        row = QHBoxLayout()
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText(tr("点右边的“选择文件…”，或者把文件拖到程序窗口上"))
        self.path_edit.setClearButtonEnabled(True)
        self.path_edit.textChanged.connect(self._path_edited)
        row.addWidget(self.path_edit, 1)
        self.browse_button = QPushButton(tr("选择文件…"))
        self.browse_button.clicked.connect(self.browse)
        row.addWidget(self.browse_button)
        layout.addLayout(row)
        self.error = message_label("error")
        layout.addWidget(self.error)
        layout.addSpacing(12)
        layout.addWidget(
            label(
                tr(
                    "表格上方的标题、“填报单位”等行不用删除，程序会自动找到表头。\n"
                    "导入前会先列出每一行的检查结果，您确认后才会写入台账。"
                ),
                "hint",
            )
        )
        layout.addStretch(1)

    def set_path(self, path: Path) -> None:
        self.path_edit.setText(str(path))

    def chosen_path(self) -> Path | None:
        text = self.path_edit.text().strip().strip('"')  # "复制文件地址" in Windows adds quotes
        return Path(text).expanduser() if text else None

    def browse(self) -> None:
        current = self.chosen_path()
        folder = str(current.parent) if current else str(ui_settings.settings().value(_FOLDER_KEY, ""))
        name, _ = QFileDialog.getOpenFileName(self, tr("选择{0}").format(self._title), folder, tr(FILE_FILTER))
        if name:
            ui_settings.settings().setValue(_FOLDER_KEY, str(Path(name).parent))
            self.set_path(Path(name))

    def _path_edited(self) -> None:
        say(self.error, "")
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        # Unlike the later pages, a path typed before the page is in a wizard already counts.
        wizard = self.wizard()
        return self.chosen_path() is not None and not (wizard is not None and wizard.busy)

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        wizard = self.wizard()
        path = self.chosen_path()
        if path is None or wizard.busy:
            return False
        if wizard.path == path and wizard.sheets and wizard.file_signature == _signature(path):
            # Read already: the user came back to this page and kept the file. A file changed on
            # disk meanwhile (fixed in Excel after seeing the preview) is read again.
            return True
        say(self.error, "")

        def work(
            _progress: Callable[[int, int], None], _cancelled: Callable[[], bool]
        ) -> tuple[list[str], Sheet, tuple[int, int] | None]:
            signature = _signature(path)  # before reading: a change during the read is seen next time
            return list_sheets(path), read_sheet(path), signature  # read_sheet(None): first sheet with content

        def done(result: tuple[list[str], Sheet, tuple[int, int] | None]) -> None:
            names, first, signature = result
            if wizard.path != path:
                # Another file: everything decided for the previous one no longer applies.
                wizard.sheet_name, wizard.header_row, wizard.overrides = None, None, {}
            wizard.path, wizard.sheet_names, wizard.sheets = path, names, {first.name: first}
            wizard.file_signature = signature
            wizard.sheet_name = wizard.sheet_name if wizard.sheet_name in names else first.name
            wizard.next()

        wizard.run(tr("正在读取文件……"), work, done, self._failed)
        return False

    def _failed(self, exc: BaseException) -> None:
        message = failure_text(exc, tr("无法读取这个文件：{0}"), "reading", self.chosen_path())
        say(self.error, message.rstrip("。") + tr("。请选择其他文件。"))


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size
