"""设置 → 备份与恢复: the automatic backups with dates and sizes, 恢复 from the list, 立即备份, how
many are kept, and moving the data folder.

The work itself is in services/backup; long steps (a backup, a restore, a move: seconds at 100,000
members) run through ui/tasks.py. `backup_to_file` and `confirm_and_restore` are also what the
settings page's own 备份数据库… / 从备份恢复… buttons call, so every restore asks the same way.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from unionbook import paths
from unionbook.domain.errors import UnionbookError
from unionbook.domain.registers import ALL_REGISTERS
from unionbook.services import backup as backups
from unionbook.services.backup import BackupEntry, Retention, postgres
from unionbook.services.database import Database
from unionbook.ui.changes import announce
from unionbook.ui.tasks import run_in_background

_CONTEXT = "BackupsDialog"
HEADERS = ("时间", "类型", "大小", "文件")
BACKUP_FILTER = "UnionBook 备份 (*.zip *.sqlite *.db *.bak);;所有文件 (*)"
SERVER_BACKUP_FILTER = "PostgreSQL 或 UnionBook 导出备份 (*.dump *.zip);;所有文件 (*)"


def tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(size, 1) / 1024:.0f} KB"


def backup_to_file(parent: QWidget, db: Database) -> None:
    """备份数据库…: one .zip with the database and every attachment, where the chair chooses; for
    a book on a PostgreSQL server, pg_dump's file (.dump) or UnionBook's table export (.zip)."""
    suffix = ".dump" if getattr(db, "on_server", False) and postgres.pg_tool("pg_dump") else ".zip"
    suggested = str(Path.home() / f"工会台账备份-{date.today():%Y%m%d}{suffix}")
    kind = tr("UnionBook 备份 (*.zip)") if suffix == ".zip" else tr("PostgreSQL 备份 (*.dump)")
    target, _ = QFileDialog.getSaveFileName(parent, tr("备份数据库"), suggested, kind)
    if not target:
        return
    target_path = Path(target)
    if not target_path.suffix:
        target_path = target_path.with_suffix(suffix)

    def done(written: backups.Written) -> None:
        extra = tr("，附件 {n} 个").format(n=written.attachments) if written.attachments else ""
        text = tr("已备份到 {path}（{size}{extra}）").format(
            path=written.path, size=size_text(written.size), extra=extra
        )
        if written.missing:
            text += tr("\n注意：有 {n} 个附件文件找不到，未能备份。").format(n=len(written.missing))
        QMessageBox.information(parent, tr("备份完成"), text)

    run_in_background(parent, tr("正在检查并备份数据库……"), lambda _p, _c: backups.write_backup(db, target_path),
                      cancellable=False).success(done).start()  # fmt: skip


def confirm_and_restore(parent: QWidget, db: Database, source: Path, described: str | None = None, after=None) -> None:
    """Ask, then restore in the background; every page reads again afterwards."""
    what = described or str(source)
    question = tr(
        "将用 {what} 替换当前全部数据（包括附件）。\n\n恢复前会先完整检查这个备份；当前数据也会先自动备份一份，"
        "恢复错了可以再恢复回来。确定恢复吗？"
    )
    if getattr(db, "on_server", False):  # into an empty server book only (services/backup/postgres.py)
        question = tr("将把 {what} 恢复到 PostgreSQL 数据库 {book}（只能恢复到空数据库）。\n\n恢复前会先完整检查这个备份。确定恢复吗？")
    answer = QMessageBox.question(
        parent, tr("从备份恢复"), question.format(what=what, book=getattr(db, "location", ""))
    )
    if answer != QMessageBox.StandardButton.Yes:
        return

    def done(result: backups.RestoreResult) -> None:
        announce(ALL_REGISTERS)  # a restore replaced the data: every page reads again
        QMessageBox.information(parent, tr("恢复完成"), result.message())
        if after is not None:
            after()

    run_in_background(parent, tr("正在检查备份并恢复……"), lambda _p, _c: backups.restore(db, source),
                      cancellable=False).success(done).start()  # fmt: skip


def choose_and_restore(parent: QWidget, db: Database, after=None) -> None:
    server = getattr(db, "on_server", False)
    source, _ = QFileDialog.getOpenFileName(
        parent, tr("选择备份文件"), str(Path.home() if server else backups.backup_folder(db)),
        tr(SERVER_BACKUP_FILTER if server else BACKUP_FILTER),
    )
    if source:
        confirm_and_restore(parent, db, Path(source), after=after)


class BackupsDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setObjectName("backupsDialog")
        self.setWindowTitle(tr("备份与恢复"))
        self.resize(900, 600)
        layout = QVBoxLayout(self)

        self.folder_label = QLabel()
        self.folder_label.setObjectName("hint")
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.folder_label)

        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("backupsTable")
        self.table.setHorizontalHeaderLabels([tr(h) for h in HEADERS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column, width in enumerate((160, 190, 90)):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(len(HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self.restore_selected())
        layout.addWidget(self.table, 1)

        actions = QHBoxLayout()
        self.backup_now_button = QPushButton(tr("立即备份"))
        self.backup_now_button.clicked.connect(self.backup_now)
        self.restore_button = QPushButton(tr("恢复所选备份…"))
        self.restore_button.clicked.connect(self.restore_selected)
        other = QPushButton(tr("从其他备份文件恢复…"))
        other.clicked.connect(lambda: choose_and_restore(self, self.db, after=self.refresh))
        folder = QPushButton(tr("打开备份文件夹"))
        folder.clicked.connect(self.open_folder)
        for button in (self.backup_now_button, self.restore_button, other, folder):
            actions.addWidget(button)
        actions.addStretch(1)
        layout.addLayout(actions)

        keep_box = QGroupBox(tr("自动备份保留多少份"))
        keep_row = QHBoxLayout(keep_box)
        keep_row.addWidget(QLabel(tr("当天的全部，另外保留")))
        self.keep: dict[str, QSpinBox] = {}
        for name, label in (("daily", "每日"), ("weekly", "每周"), ("monthly", "每月")):
            spin = QSpinBox()
            spin.setObjectName(f"keep_{name}")
            spin.setRange(0, 365)
            spin.setSuffix(tr(" 份"))
            self.keep[name] = spin
            keep_row.addWidget(QLabel(tr(label)))
            keep_row.addWidget(spin)
        save_keep = QPushButton(tr("保存"))
        save_keep.clicked.connect(self.save_retention)
        keep_row.addWidget(save_keep)
        keep_row.addStretch(1)
        self.keep_error = QLabel()
        self.keep_error.setObjectName("error")
        keep_row.addWidget(self.keep_error)
        layout.addWidget(keep_box)

        move_box = QGroupBox(tr("数据文件夹"))
        move_layout = QVBoxLayout(move_box)
        self.data_label = QLabel()
        self.data_label.setWordWrap(True)
        self.data_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        move_layout.addWidget(self.data_label)
        move_row = QHBoxLayout()
        move_hint = QLabel(
            tr("例如移到 D 盘。数据库和附件先复制到新文件夹并逐一检查，无误后下次启动使用新位置；原文件夹保留不动。")
        )
        move_hint.setObjectName("hint")
        move_hint.setWordWrap(True)
        move_row.addWidget(move_hint, 1)
        self.move_button = QPushButton(tr("移动到其他文件夹…"))
        self.move_button.clicked.connect(self.move_data)
        move_row.addWidget(self.move_button)
        move_layout.addLayout(move_row)
        layout.addWidget(move_box)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.refresh()

    # --- reading ------------------------------------------------------------------------------

    def refresh(self) -> None:
        folder = backups.backup_folder(self.db)
        self.folder_label.setText(
            tr(
                "每天第一次打开时，以及升级、导入、撤销整批发放和恢复之前，都会自动备份（数据库连同附件）。备份保存在：{folder}"
            ).format(folder=folder)
        )
        self.entries: list[BackupEntry] = backups.list_backups(self.db.path)
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            cells = (f"{entry.when:%Y-%m-%d %H:%M}", entry.description, size_text(entry.size), entry.path.name)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(str(entry.path))
                if column == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        if self.entries:
            self.table.selectRow(0)
        retention = backups.get_retention(self.db.session_factory)
        for name, spin in self.keep.items():
            spin.setValue(getattr(retention, name))
        self.keep_error.clear()
        self.data_label.setText(tr("当前数据文件夹：{folder}").format(folder=self.db.path.parent))
        self._selection_changed()

    def selected_entry(self) -> BackupEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.entries[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(self.selected_entry() is not None)

    # --- actions ------------------------------------------------------------------------------

    def backup_now(self) -> None:
        def done(path: Path) -> None:
            self.refresh()
            self.table.selectRow(next((i for i, e in enumerate(self.entries) if e.path == path), 0))

        run_in_background(self, tr("正在检查并备份数据库……"), lambda _p, _c: backups.auto_backup(self.db, backups.MANUAL),
                          cancellable=False).success(done).start()  # fmt: skip

    def restore_selected(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            return
        described = tr("{when} 的备份（{what}）").format(when=f"{entry.when:%Y-%m-%d %H:%M}", what=entry.description)
        confirm_and_restore(self, self.db, entry.path, described, after=self.refresh)

    def open_folder(self) -> None:
        folder = backups.backup_folder(self.db)
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def save_retention(self) -> None:
        retention = Retention(**{name: spin.value() for name, spin in self.keep.items()})
        try:
            backups.save_retention(self.db.session_factory, retention)
        except UnionbookError as exc:
            self.keep_error.setText(exc.message())
            return
        self.keep_error.setText(tr("已保存"))

    def move_data(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, tr("选择新的数据文件夹（建议新建一个空文件夹）"), str(Path.home())
        )
        if not chosen:
            return
        remember = self.db.path == Path(paths.default_db_path()).expanduser().resolve()
        answer = QMessageBox.question(
            self,
            tr("移动数据文件夹"),
            tr("将把数据库和全部附件复制到 {folder}，逐一检查无误后{then}。原来的文件夹保留不动。继续吗？").format(
                folder=chosen,
                then=tr("，下次启动 UnionBook 时使用新位置")
                if remember
                else tr("完成（本次用 --db 指定了数据库，请以后用新路径打开）"),
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return

        def done(result: backups.MoveResult) -> None:
            if result.remembered:
                QMessageBox.information(self, tr("已复制到新位置"), tr(
                    "数据已复制到 {new} 并检查无误（附件等文件 {n} 个）。\n\nUnionBook 现在关闭，下次启动时使用新位置。"
                    "原文件夹 {old} 保留不动，确认新位置一切正常后可以自行删除。").format(
                        new=result.new, n=result.files, old=result.old.parent))  # fmt: skip
                app = QApplication.instance()
                if app is not None:
                    app.closeAllWindows()  # no change may land in the old place after the copy
            else:
                QMessageBox.information(
                    self,
                    tr("已复制到新位置"),
                    tr("数据已复制到 {new} 并检查无误。以后请用 --db {new} 打开。").format(new=result.new),
                )

        run_in_background(self, tr("正在复制并检查数据……"), lambda _p, _c: backups.move_data_folder(self.db, Path(chosen), remember=remember),
                          cancellable=False).success(done).start()  # fmt: skip
