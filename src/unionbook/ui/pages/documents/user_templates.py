"""The chair's own templates: add one (checked before it is copied), delete one, and the 变量目录
that tells her the names to type.

A template is checked when it is added, not in December: a refused file gets the service's message
in full, because it names the unknown variable and the closest known one ("会员总人数 — 是否应为：
会员总数"), which is exactly what to fix in Word. Replacing a same-named template, or shadowing a
built-in one, is asked first.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPushButton, QWidget

from unionbook.domain.errors import InputError, UnionbookError
from unionbook.services import documents
from unionbook.services.database import Database
from unionbook.services.templates import TemplateInfo
from unionbook.ui import ui_settings
from unionbook.ui.dialogs.variables_dialog import VariablesDialog
from unionbook.ui.errors import show_error
from unionbook.ui.pages.documents.common import ask, panel_column, tr

_TEMPLATE_FOLDER_KEY = "documents/template_folder"


class UserTemplatesBar(QWidget):
    """添加 / 删除 buttons for the user's templates and the 变量目录 button.

    `added(path)` and `removed()` ask the page to list the templates again; `message(text, warning)`
    is a line for the page's result label.
    """

    added = Signal(Path)
    removed = Signal()
    message = Signal(str, bool)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.variables_dialog: VariablesDialog | None = None
        self._current: TemplateInfo | None = None
        self._templates: list[TemplateInfo] = []
        column = panel_column(self)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(tr("添加自己的模板…"))
        self.add_button.setToolTip(
            tr("选择在 Word/WPS 或 Excel 中做好的模板（.docx/.xlsx）；检查无误后复制到数据库旁的 templates 文件夹")
        )
        self.remove_button = QPushButton(tr("删除自定义模板"))
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        column.addLayout(buttons)
        self.variables_button = QPushButton(tr("变量目录（自己做模板用）…"))
        self.variables_button.setToolTip(tr("模板中可以使用的全部变量及说明，双击即可复制"))
        column.addWidget(self.variables_button)
        self.add_button.clicked.connect(lambda: self.add_user_template())
        self.remove_button.clicked.connect(lambda: self.remove_user_template())
        self.variables_button.clicked.connect(lambda: self.open_variables())
        self.set_current(None, [])

    @property
    def user_folder(self) -> Path:
        return self.db.files_dir("templates")

    def set_current(self, info: TemplateInfo | None, templates: list[TemplateInfo]) -> None:
        """The selected template (only the user's can be deleted) and the list it came from."""
        self._current = info
        self._templates = templates
        self.remove_button.setEnabled(info is not None and not info.builtin)

    def _builtin_named(self, name: str) -> bool:
        return any(t.builtin and t.name == name for t in self._templates)

    def add_user_template(self, source: Path | None = None) -> Path | None:
        """Check a template file and copy it into templates/ beside the database."""
        if source is None:
            source = self._choose_file()
            if source is None:
                return None
        try:
            documents.check_user_template(source)
        except UnionbookError as exc:
            self.message.emit(tr("没有添加模板“{0}”。").format(source.name), True)
            # The service's sentence names what is wrong; say what to do next, once.
            advice = tr("请在 Word/WPS 中改正后重新添加；正确的名称可在“变量目录”中查找。")
            show_error(self, InputError(detail=f"{exc.message().rstrip('。')}。{advice}"), tr("不能使用这个模板"))
            return None
        replace = self._may_replace(source, self.user_folder / source.name)
        if replace is None:
            return None
        try:
            added = documents.add_user_template(self.db, source, replace=replace)
        except UnionbookError as exc:
            show_error(self, exc, tr("不能使用这个模板"))
            return None
        except OSError as exc:
            detail = f"无法复制模板“{source.name}”：{exc.strerror or exc}"
            show_error(self, InputError(detail=detail), tr("不能使用这个模板"))
            return None
        self.added.emit(added)
        self.message.emit(tr("已添加自定义模板“{0}”。").format(added.stem), False)
        return added

    def _choose_file(self) -> Path | None:
        store = ui_settings.settings()
        folder = str(store.value(_TEMPLATE_FOLDER_KEY, str(Path.home())))
        name, _ = QFileDialog.getOpenFileName(
            self, tr("选择自己做的模板"), folder, tr("Word 文档或 Excel 表格 (*.docx *.xlsx)")
        )
        if not name:
            return None
        store.setValue(_TEMPLATE_FOLDER_KEY, str(Path(name).parent))
        return Path(name)

    def _may_replace(self, source: Path, target: Path) -> bool | None:
        """Whether copying `source` to `target` replaces a file; None when the chair says no."""
        if target.exists() and target.resolve() != source.resolve():
            text = tr("已有同名的自定义模板“{0}”。用新选的文件替换它吗？").format(target.stem)
            return True if ask(self, tr("替换自定义模板"), text) else None
        if self._builtin_named(target.stem):
            text = tr(
                "“{0}”与内置模板同名。添加后，按名称生成时将使用你的模板；删除它即可恢复内置模板。继续吗？"
            ).format(target.stem)
            return False if ask(self, tr("与内置模板同名"), text) else None
        return target.exists()  # the file already in templates/ chosen again: nothing to ask

    def remove_user_template(self, *, confirm: bool = True) -> bool:
        info = self._current
        if info is None or info.builtin:
            return False
        extra = tr("删除后将重新使用内置的同名模板。") if self._builtin_named(info.name) else ""
        text = tr("删除自定义模板“{0}”吗？模板文件将从 templates 文件夹中删除，已生成的文档不受影响。{1}")
        if confirm and not ask(self, tr("删除自定义模板"), text.format(info.name, extra)):
            return False
        try:
            documents.remove_user_template(self.db, info.path)
        except UnionbookError as exc:
            show_error(self, exc, tr("不能删除"))
            return False
        self.removed.emit()
        self.message.emit(tr("已删除自定义模板“{0}”。").format(info.name), False)
        return True

    def open_variables(self) -> VariablesDialog:
        """The catalogue, non-modal and kept: reopening it keeps the chair's search."""
        if self.variables_dialog is None:
            self.variables_dialog = VariablesDialog(self)
        self.variables_dialog.show()
        self.variables_dialog.raise_()
        self.variables_dialog.activateWindow()
        return self.variables_dialog
