"""The import wizard for any register: 文件 → 工作表 → 表头与列对应 → 预览 → 完成.

A chair's roster or contract ledger is rarely the tidy table the import engine would like: title
rows, a 填报单位 line, headers with notes, columns the engine has never heard of, a few bad ID
numbers. The CLI imports such a file in one go and reports afterwards; the wizard instead shows each
guess the engine makes (which sheet, which row is the header, which column is which) so the user can
correct it before anything is written, and shows every rejected row before the 导入 button is pressed.

Which register is imported is an `Importer` from `services.importing.registers` (the CLI reads the
same table), so the wizard holds no register-specific rules: the column spec, the planning, the
import, the duplicate rule and where the errors file goes all come from `services.importing`; the
wizard only shows their results. Reading, checking and importing run through
`ui.tasks.run_in_background`, so a 100,000-row file never freezes the window, and every step can be
cancelled without writing anything: the import is one transaction, cancelled or failed means rolled
back.

One module a step, so each can be read on its own: `file_page`, `sheet_page`, `mapping_page`,
`preview_page`, `done_page`; `wizard` holds the QWizard and the state the pages share, `base` the
pieces they are built from. This package is the public face: `ImportWizard`, `PageId`, and
`show_error`, the one name to replace to keep the wizard's error boxes from opening.
"""

from __future__ import annotations

from PySide6.QtGui import QDesktopServices

from unionbook.ui.dialogs.import_wizard.base import ImportResult, PageId, cell_text, name_key, row_noun
from unionbook.ui.dialogs.import_wizard.done_page import DonePage
from unionbook.ui.dialogs.import_wizard.file_page import FILE_FILTER, FilePage
from unionbook.ui.dialogs.import_wizard.mapping_page import IGNORE, MappingPage
from unionbook.ui.dialogs.import_wizard.preview_page import MAX_LISTED, PreviewPage
from unionbook.ui.dialogs.import_wizard.sheet_page import SheetPage
from unionbook.ui.dialogs.import_wizard.wizard import ImportWizard
from unionbook.ui.errors import show_error

__all__ = [
    "FILE_FILTER",
    "IGNORE",
    "MAX_LISTED",
    "DonePage",
    "FilePage",
    "ImportResult",
    "ImportWizard",
    "MappingPage",
    "PageId",
    "PreviewPage",
    "QDesktopServices",
    "SheetPage",
    "cell_text",
    "name_key",
    "row_noun",
    "show_error",
]
