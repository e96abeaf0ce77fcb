"""最近生成的文档: the last documents made here, newest first, one double-click from Word.

The list is window state, not records, so it is kept in QSettings (ui_settings) as the JSON text
`services.recent_documents` writes and reads. A file moved or deleted since stays listed, greyed,
so the chair sees what became of it instead of wondering where it went.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QMenu, QWidget

from unionbook.services.recent_documents import (
    RecentDocument,
    dump_recent,
    parse_recent,
    with_recent,
    without_recent,
)
from unionbook.ui import ui_settings
from unionbook.ui.pages.documents.common import MISSING, caption, panel_column, tr

_RECENT_KEY = "documents/recent"


def load_recent() -> list[RecentDocument]:
    """The remembered documents, newest first; an unreadable entry is skipped, never fatal."""
    return parse_recent(ui_settings.settings().value(_RECENT_KEY, ""))


def _save_recent(entries: list[RecentDocument]) -> None:
    ui_settings.settings().setValue(_RECENT_KEY, dump_recent(entries))


def remember_recent(document: RecentDocument) -> list[RecentDocument]:
    """Put `document` first (a regenerated file moves up instead of appearing twice)."""
    entries = with_recent(load_recent(), document)
    _save_recent(entries)
    return entries


def forget_recent(path: Path) -> None:
    _save_recent(without_recent(load_recent(), path))


class RecentPanel(QWidget):
    """The list; `open_requested` / `open_folder_requested` ask the page to open an entry."""

    open_requested = Signal(Path)
    open_folder_requested = Signal(Path)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = panel_column(self, margins=(0, 8, 8, 0))
        column.addWidget(caption(tr("最近生成的文档")))
        self.list = QListWidget()
        self.list.setObjectName("recentList")
        self.list.setToolTip(tr("双击打开；右键可打开所在文件夹或从列表中移除"))
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        column.addWidget(self.list, 1)
        self.list.itemDoubleClicked.connect(self._activated)
        self.list.customContextMenuRequested.connect(self._menu)
        self.reload()

    def add(self, document: RecentDocument) -> None:
        remember_recent(document)
        self.reload()

    def reload(self) -> None:
        """List the remembered documents again: files may have been moved or deleted meanwhile."""
        self.list.clear()
        entries = load_recent()
        for entry in entries:
            self.list.addItem(_recent_item(entry))
        if not entries:
            item = QListWidgetItem(tr("还没有生成过文档。"))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            item.setForeground(MISSING)
            self.list.addItem(item)

    def paths(self) -> list[Path]:
        found = []
        for row in range(self.list.count()):
            value = self.list.item(row).data(Qt.ItemDataRole.UserRole)
            if value:
                found.append(Path(value))
        return found

    def _activated(self, item: QListWidgetItem) -> None:
        value = item.data(Qt.ItemDataRole.UserRole)
        if value:
            self.open_requested.emit(Path(value))

    def _menu(self, position: QPoint) -> None:
        item = self.list.itemAt(position)
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if not value:
            return
        path = Path(value)
        menu = QMenu(self)
        menu.addAction(tr("打开"), lambda: self.open_requested.emit(path)).setEnabled(path.exists())
        menu.addAction(tr("打开所在文件夹"), lambda: self.open_folder_requested.emit(path))
        menu.addSeparator()
        menu.addAction(tr("从列表中移除"), lambda: (forget_recent(path), self.reload()))
        menu.exec(self.list.viewport().mapToGlobal(position))


def _recent_item(entry: RecentDocument) -> QListWidgetItem:
    """Two lines: the file name, then template · period · when (and that it is gone, if it is)."""
    missing = entry.missing
    second = f"{entry.template} · {entry.period} · {entry.created:%Y-%m-%d %H:%M}"
    if missing:
        second += tr(" · 文件已不存在")
    item = QListWidgetItem(f"{entry.path.name}\n{second}")
    item.setData(Qt.ItemDataRole.UserRole, str(entry.path))
    item.setToolTip(str(entry.path) + (tr("\n（文件已被移动或删除）") if missing else ""))
    if missing:
        item.setForeground(MISSING)
    return item
