"""What every page of the import wizard is built from.

The five pages show the same kinds of things (a sheet's cells as Excel shows them, a red or orange
line that takes no room while there is nothing to say, a read-only table of rows and problems) and
talk to the wizard the same way. Those pieces live here, once, so each page module holds only what
its step does.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import IntEnum
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableWidget, QTableWidgetItem, QWidget, QWizardPage

from unionbook.domain.errors import UnionbookError
from unionbook.services.importing.members import ImportSummary
from unionbook.services.importing.registers import Importer
from unionbook.services.importing.spec import RegisterSpec
from unionbook.ui.i18n import translator

log = logging.getLogger(__name__)

tr = translator("ImportWizard")
#: Rows of the sheet shown on the 工作表 page, and searched for a sample on the 表头 page: enough
#: to see the title, the header and a few people.
PREVIEW_ROWS = 15


class PageId(IntEnum):
    FILE = 0
    SHEET = 1
    MAPPING = 2
    PREVIEW = 3
    DONE = 4


@dataclass(frozen=True)
class ImportResult:
    """What the import worker hands back: the summary and where the rejected rows went."""

    summary: ImportSummary
    errors_path: Path | None = None
    #: True when the file's own folder could not be written and the database's folder was used.
    errors_fell_back: bool = False
    #: Why no errors file could be written at all (the rejected rows were shown in the preview).
    errors_problem: str | None = None


def cell_text(value: object) -> str:
    """A cell as the user sees it in Excel: no ".0" on whole numbers, dates without midnight."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.15G}"  # a rounded ID number shows as 4.40106198503E+17, which is the point
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value).replace("\r\n", " ").replace("\n", " ")


def name_key(spec: RegisterSpec) -> str:
    """The field that names a row (姓名, 合同名称): the first anchor column in the spec's order.
    A row without it cannot be imported, and the preview lists problems under it."""
    return next(c.key for c in spec.columns if c.key in spec.anchor_keys)


#: What one row of a register is, for sentences like "表中的人如果已经登记过"; registers not listed
#: read "记录", which is correct if plain.
_ROW_NOUNS = {"members": "人", "contracts": "合同", "activities": "活动"}


def row_noun(importer: Importer) -> str:
    return _ROW_NOUNS.get(importer.key, "记录")


def fell_back_note() -> str:
    """Said after the errors file's path when it went beside the database instead."""
    return tr("\n（原文件所在的文件夹无法写入，所以保存在台账数据所在的文件夹。）")


# --- widgets ------------------------------------------------------------------------------------


def label(text: str = "", name: str | None = None, *, wrap: bool = True) -> QLabel:
    widget = QLabel(text)
    widget.setWordWrap(wrap)
    if name:
        widget.setObjectName(name)
    return widget


def message_label(name: str) -> QLabel:
    """A red (or orange) line that takes no room while there is nothing to say."""
    widget = label(name=name)
    widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    widget.hide()
    return widget


def say(widget: QLabel, text: str) -> None:
    widget.setText(text)
    widget.setVisible(bool(text))


def say_as(widget: QLabel, text: str, name: str) -> None:
    """Like say, switching the label between the style sheet's "error" red and "warning" orange."""
    if widget.objectName() != name:
        widget.setObjectName(name)
        widget.style().unpolish(widget)
        widget.style().polish(widget)
    say(widget, text)


def read_only_table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    table.setWordWrap(False)
    return table


def item(text: object, tooltip: str | None = None) -> QTableWidgetItem:
    cell = QTableWidgetItem("" if text is None else str(text))
    if tooltip:
        cell.setToolTip(tooltip)
    return cell


def open_local(path: Path) -> None:
    """Open a file or folder the way the desktop would (Excel/WPS, the file manager)."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


# --- failures -----------------------------------------------------------------------------------


def failure_text(exc: BaseException, unexpected: str, doing: str, path: Path | None) -> str:
    """A failure of background work as one sentence for the page: our own errors say what to do;
    anything else is logged with its traceback and shown through `unexpected` ("…：{0}")."""
    if isinstance(exc, UnionbookError):
        return exc.message()
    log.error("%s %s failed", doing, path, exc_info=exc)
    return unexpected.format(exc)


def report_error(parent: QWidget, exc: BaseException, *title: str) -> None:
    """`show_error`, looked up on the package at each call: `import_wizard.show_error` is the one
    name to replace for the whole wizard (the tests replace it so no modal box blocks them)."""
    sys.modules[__package__].show_error(parent, exc, *title)


class WizardPage(QWizardPage):
    """A page of the ImportWizard, and the idle check every page's isComplete() starts from (no
    下一步 while a read, a check or the import runs). `wizard()` is the ImportWizard (wizard.py);
    it is not named here, since wizard.py imports this module."""

    def idle_wizard(self) -> Any:
        """The wizard when the page is in one and no background work runs, else None."""
        wizard = self.wizard()
        return wizard if wizard is not None and not wizard.busy else None
