"""保存到: where the document goes — documents/ beside the database, named by year and template
("2024年工作总结.docx"), unless the chair picks another place with 另存为.

A name picked with 另存为 holds until the template or the period changes (it was chosen for that
document); a folder picked holds for the session. When the file already exists the panel says so
before the chair clicks 生成文档, since it may be last year's copy she edited in Word.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from unionbook.services.database import Database
from unionbook.services.document_plan import default_output, with_template_suffix
from unionbook.services.figures import Period
from unionbook.services.templates import TemplateInfo
from unionbook.ui.pages.documents.common import FORMATS, panel_column, tr


class OutputPanel(QWidget):
    """The output path for the selected template and period; `changed` after 另存为."""

    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._template: TemplateInfo | None = None
        self._period: Period | None = None
        self._folder: Path | None = None  # None: documents/ beside the database
        self._name: str | None = None  # set by 另存为 until the template or period changes

        column = panel_column(self, spacing=6)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("保存到")))
        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.path_edit.setObjectName("outputPath")
        row.addWidget(self.path_edit, 1)
        self.save_as_button = QPushButton(tr("另存为…"))
        row.addWidget(self.save_as_button)
        column.addLayout(row)
        self.note = QLabel()
        self.note.setObjectName("hint")
        self.note.hide()
        column.addWidget(self.note)
        self.save_as_button.clicked.connect(lambda: self.choose_output())

    def default_folder(self) -> Path:
        return self.db.files_dir("documents")

    def set_target(self, info: TemplateInfo | None, period: Period | None) -> None:
        """A new template or period: back to the default name (in the folder last chosen)."""
        self._template, self._period = info, period
        self._name = None
        self.update_path()

    def output_path(self) -> Path | None:
        info, period = self._template, self._period
        if info is None or period is None:
            return None
        path = default_output(self._folder or self.default_folder(), info, period)
        return path.with_name(self._name) if self._name else path

    def update_path(self) -> None:
        """Show the path, and whether generating would meet an existing file."""
        path = self.output_path()
        self.path_edit.setText(str(path) if path else "")
        self.path_edit.setToolTip(str(path) if path else "")
        exists = path is not None and path.exists()
        self.note.setText(tr("这个文件已经存在；再次生成时会先问是替换它还是另存一份。") if exists else "")
        self.note.setVisible(exists)

    def choose_output(self, target: Path | None = None) -> Path | None:
        """另存为: pick another folder or name (the suffix stays the template's)."""
        info, current = self._template, self.output_path()
        if info is None or current is None:
            return None
        if target is None:
            kind = FORMATS.get(info.format, info.format)
            suffix = info.path.suffix.lower()
            name, _ = QFileDialog.getSaveFileName(self, tr("保存生成的文档"), str(current), f"{kind} (*{suffix})")
            if not name:
                return None
            target = Path(name)
        target = with_template_suffix(target, info)
        self._folder, self._name = target.parent, target.name
        self.update_path()
        self.changed.emit()
        return target
