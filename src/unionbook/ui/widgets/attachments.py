"""A record's attachments (scans of a signed contract, photos of an activity) as a small list.

The files live in the data folder (services/attachments.py copies them there by content hash), so
a scan the chair later moves or deletes from 桌面 still opens from here. The stored copy is named by
its hash, which is why "另存为…" exists: it hands the file back under its original name, for an
e-mail to the upper union.

Any register can use it: `AttachmentsWidget(db, "contract_id")`, then `set_owner_id(id)`. A record
not saved yet has no id to attach to; the widget then says so instead of offering buttons that fail.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QFileInfo, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent, QIcon, QImageReader, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFileIconProvider,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from unionbook.domain.errors import UnionbookError
from unionbook.services import attachments
from unionbook.services.attachments import AttachmentInfo
from unionbook.services.database import Database
from unionbook.ui import ui_settings
from unionbook.ui.errors import show_error
from unionbook.ui.i18n import translator
from unionbook.ui.tasks import run_in_background

tr = translator("AttachmentsWidget")
_FOLDER_KEY = "folders/attachments"
THUMBNAIL = 32  # px: enough to tell a signature page from a photo, small enough for three rows
_IMAGE_SUFFIXES = frozenset({"png", "jpg", "jpeg", "bmp", "gif", "webp", "tif", "tiff"})
FILE_FILTER = "扫描件和照片 (*.pdf *.jpg *.jpeg *.png *.bmp *.tif *.tiff *.webp);;Word/WPS 文档 (*.doc *.docx *.wps);;所有文件 (*)"


def format_size(size: int) -> str:
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def local_time(value: datetime) -> datetime:
    """The attachment's time on the chair's clock. Stored rows carry SQLite's CURRENT_TIMESTAMP,
    which is UTC without a zone: in China a scan added at 07:00 would otherwise show yesterday."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone()


class AttachmentsWidget(QWidget):
    #: Attachments were added or removed (the owner's page may show a count).
    changed = Signal()

    COL_NAME, COL_SIZE, COL_ADDED = range(3)

    def __init__(self, db: Database, owner: str, parent: QWidget | None = None, *, unsaved_hint: str = "") -> None:
        super().__init__(parent)
        self.db = db
        self.owner = owner
        self.owner_id: int | None = None
        self._unsaved_hint = unsaved_hint or tr("保存后可添加附件（合同文本扫描件、备案回执等）。")
        self._items: list[AttachmentInfo] = []
        self._thumbnails: dict[Path, QIcon] = {}
        self._icons = QFileIconProvider()
        self.busy = False
        self.setAcceptDrops(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.list = QTreeWidget()
        self.list.setObjectName("attachmentList")
        self.list.setHeaderLabels([tr("文件名"), tr("大小"), tr("添加日期")])
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setIconSize(QSize(THUMBNAIL, THUMBNAIL))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setAlternatingRowColors(True)
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(self.COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.COL_SIZE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.COL_ADDED, QHeaderView.ResizeMode.ResizeToContents)
        self.list.setToolTip(tr("双击打开；也可以把文件拖到这里添加"))
        layout.addWidget(self.list, 1)
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)

        buttons = QHBoxLayout()
        self.add_button = QPushButton(tr("添加…"))
        self.add_button.setToolTip(tr("选择扫描件或照片，复制一份保存到台账数据文件夹中"))
        self.open_button = QPushButton(tr("打开"))
        self.save_as_button = QPushButton(tr("另存为…"))
        self.save_as_button.setToolTip(tr("以原来的文件名另存一份，例如用于发送给上级工会"))
        self.remove_button = QPushButton(tr("删除"))
        for button in (self.add_button, self.open_button, self.save_as_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.add_button.clicked.connect(self.browse)
        self.open_button.clicked.connect(self.open_selected)
        self.save_as_button.clicked.connect(self.save_selected_as)
        self.remove_button.clicked.connect(self.remove_selected)
        self.list.itemDoubleClicked.connect(lambda *_: self.open_selected())
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.set_owner_id(None)

    # --- reading ------------------------------------------------------------------------------

    def set_owner_id(self, owner_id: int | None) -> None:
        """Show the attachments of this record (None: a record not saved yet)."""
        self.owner_id = owner_id
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        self._items = []
        if self.owner_id is None:
            self.hint.setText(self._unsaved_hint)
            self.hint.show()
        else:
            try:
                self._items = attachments.list_attachments(self.db, self.owner, self.owner_id)
            except UnionbookError as exc:
                show_error(self, exc)
            for info in self._items:
                self.list.addTopLevelItem(self._item(info))
            self.hint.setText(tr("还没有附件。点“添加…”或把文件拖到这里。"))
            self.hint.setVisible(not self._items)
        self._update_buttons()

    def infos(self) -> list[AttachmentInfo]:
        return list(self._items)

    def _item(self, info: AttachmentInfo) -> QTreeWidgetItem:
        added = local_time(info.added)
        item = QTreeWidgetItem([info.original_name, format_size(info.size), f"{added:%Y-%m-%d}"])
        item.setIcon(self.COL_NAME, self._icon(info.path))
        item.setToolTip(self.COL_NAME, tr("{0}\n添加于 {1:%Y-%m-%d %H:%M}").format(info.original_name, added))
        item.setTextAlignment(self.COL_SIZE, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if not info.path.exists():
            item.setToolTip(self.COL_NAME, tr("保存的文件已不在数据文件夹中：{0}").format(info.path))
            item.setForeground(self.COL_NAME, Qt.GlobalColor.red)
        return item

    def _icon(self, path: Path) -> QIcon:
        """A thumbnail for pictures (a photo of the signing is told apart at a glance); the file
        type's icon for the rest. Scaled while decoding, so a 20-megapixel photo stays cheap."""
        cached = self._thumbnails.get(path)
        if cached is not None:
            return cached
        icon = QIcon()
        if path.suffix.lower().lstrip(".") in _IMAGE_SUFFIXES and path.exists():
            reader = QImageReader(str(path))
            reader.setAutoTransform(True)
            size = reader.size()
            if size.isValid() and size.width() > 0 and size.height() > 0:
                reader.setScaledSize(size.scaled(THUMBNAIL, THUMBNAIL, Qt.AspectRatioMode.KeepAspectRatio))
            image = reader.read()
            if not image.isNull():
                icon = QIcon(QPixmap.fromImage(image))
        if icon.isNull():
            icon = self._icons.icon(QFileInfo(str(path)))
        self._thumbnails[path] = icon
        return icon

    def selected(self) -> list[AttachmentInfo]:
        rows = sorted(self.list.indexOfTopLevelItem(item) for item in self.list.selectedItems())
        return [self._items[r] for r in rows if 0 <= r < len(self._items)]

    def select_row(self, row: int) -> None:
        item = self.list.topLevelItem(row)
        if item is not None:
            self.list.setCurrentItem(item)

    def _update_buttons(self) -> None:
        owned = self.owner_id is not None
        chosen = bool(self.list.selectedItems())
        self.add_button.setEnabled(owned and not self.busy)
        self.open_button.setEnabled(owned and chosen)
        self.save_as_button.setEnabled(owned and len(self.list.selectedItems()) == 1)
        self.remove_button.setEnabled(owned and chosen and not self.busy)
        self.list.setEnabled(owned)

    # --- adding -------------------------------------------------------------------------------

    def browse(self) -> None:
        folder = str(ui_settings.settings().value(_FOLDER_KEY, str(Path.home())))
        names, _ = QFileDialog.getOpenFileNames(self, tr("选择要添加的附件"), folder, tr(FILE_FILTER))
        if names:
            ui_settings.settings().setValue(_FOLDER_KEY, str(Path(names[0]).parent))
            self.add_files([Path(n) for n in names])

    def add_files(self, paths: Sequence[Path]) -> None:
        """Copy the files in the background (a 100 MB scan takes a moment on an old disk);
        `changed` follows once they are listed."""
        if self.owner_id is None or self.busy or not paths:
            return
        db, owner, owner_id = self.db, self.owner, self.owner_id
        files = [Path(p) for p in paths]

        def work(progress, cancelled):  # noqa: ANN001, ANN202
            added: list[AttachmentInfo] = []
            problems: list[str] = []
            for done, path in enumerate(files):
                if cancelled():
                    break
                progress(done, len(files))
                try:
                    added.append(attachments.add_attachment(db, owner, owner_id, path))
                except UnionbookError as exc:  # one unreadable file must not lose the others
                    problems.append(exc.message())
            return added, problems

        def done(result: tuple[list[AttachmentInfo], list[str]]) -> None:
            self.busy = False
            added, problems = result
            self.reload()
            if added:
                self.select_row(len(self._items) - 1)
                self.changed.emit()
            if problems:
                QMessageBox.warning(self, tr("有附件没有添加"), "\n".join(problems))

        def failed(exc: BaseException) -> None:
            self.busy = False
            self._update_buttons()
            show_error(self, exc, tr("附件没有添加"))

        self.busy = True
        self._update_buttons()
        run_in_background(self, tr("正在复制附件……"), work).success(done).failure(failed).start()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if self.owner_id is not None and event.mimeData().hasUrls():
            if any(u.isLocalFile() for u in event.mimeData().urls()):
                event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        files = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        files = [f for f in files if f.is_file()]
        if files:
            event.acceptProposedAction()
            self.add_files(files)

    # --- opening, saving, removing ------------------------------------------------------------

    def open_selected(self) -> None:
        for info in self.selected():
            if not info.path.exists():
                QMessageBox.warning(
                    self, tr("无法打开"), tr("附件“{0}”保存的文件已不在数据文件夹中：\n{1}").format(info.original_name, info.path)
                )
                continue
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(info.path)))

    def save_selected_as(self) -> None:
        chosen = self.selected()
        if len(chosen) != 1:
            return
        info = chosen[0]
        folder = Path(str(ui_settings.settings().value(_FOLDER_KEY, str(Path.home()))))
        name, _ = QFileDialog.getSaveFileName(self, tr("附件另存为"), str(folder / info.original_name))
        if not name:
            return
        try:
            shutil.copyfile(info.path, name)
        except OSError as exc:
            QMessageBox.warning(self, tr("没有保存"), tr("无法保存到 {0}：{1}").format(name, exc.strerror or exc))

    def remove_selected(self) -> None:
        chosen = self.selected()
        if not chosen:
            return
        names = "、".join(f"“{i.original_name}”" for i in chosen)
        answer = QMessageBox.question(
            self,
            tr("删除附件"),
            tr("确定删除附件 {0} 吗？\n保存在台账数据文件夹中的副本将一并删除，您原来的文件不受影响。").format(names),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            for info in chosen:
                attachments.remove_attachment(self.db, info.id)
        except UnionbookError as exc:
            show_error(self, exc)
        self.reload()
        self.changed.emit()
