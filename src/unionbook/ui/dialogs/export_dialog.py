"""导出花名册: our own roster, or filled into an upstream collection sheet the user picks.

ID numbers and phones stay masked in our own roster unless the chair ticks the box on purpose. An
upper union's collection sheet needs them in full and lists members only, so choosing it ticks the
box (it can still be unticked), and the done message says how many people were left out and why.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from unionbook.services.database import Database
from unionbook.services.member_export import ExportResult, export_roster, export_to_layout, left_out_text
from unionbook.ui import ui_settings
from unionbook.ui.tasks import run_in_background


class ExportDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.result: ExportResult | None = None
        self.setWindowTitle("导出花名册")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)

        self.roster_choice = QRadioButton("会员花名册（本软件格式，可再次导入）")
        self.layout_choice = QRadioButton("按上级下发的采集表格式填写（如《工会会员信息采集表》）")
        self.roster_choice.setChecked(True)
        layout.addWidget(self.roster_choice)
        layout.addWidget(self.layout_choice)

        form = QFormLayout()
        self.template = QLineEdit()
        self.template.setPlaceholderText("选择上级下发的空白采集表（.xlsx）")
        browse_template = QPushButton("选择…")
        browse_template.clicked.connect(self._pick_template)
        row = QHBoxLayout()
        row.addWidget(self.template, 1)
        row.addWidget(browse_template)
        self.template_row = QWidget()
        self.template_row.setLayout(row)
        form.addRow("采集表模板", self.template_row)

        folder = ui_settings.settings().value("export/folder", str(Path.home()))
        self.output = QLineEdit(str(Path(folder) / f"会员花名册-{date.today():%Y%m%d}.xlsx"))
        browse_output = QPushButton("另存为…")
        browse_output.clicked.connect(self._pick_output)
        out_row = QHBoxLayout()
        out_row.addWidget(self.output, 1)
        out_row.addWidget(browse_output)
        form.addRow("保存到", out_row)
        layout.addLayout(form)

        self.show_id = QCheckBox("显示完整的证件号码和手机号")
        self.show_id_hint = QLabel()
        self.show_id_hint.setObjectName("hint")
        self.show_id_hint.setWordWrap(True)
        layout.addWidget(self.show_id)
        layout.addWidget(self.show_id_hint)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("导出")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.layout_choice.toggled.connect(self._choice_changed)
        self._update()

    def _choice_changed(self, layout: bool) -> None:
        # The upper union's sheet is filled with full numbers; our own roster is masked by default.
        self.show_id.setChecked(layout)
        self._update()

    def _update(self) -> None:
        layout = self.layout_choice.isChecked()
        self.template_row.setEnabled(layout)
        if layout:
            hint = "采集表报送上级工会，按要求填写完整号码，并只填在册会员（会员和保留会籍的）；非会员和已转出、退会、除名、去世的人不填。"
        else:
            hint = "默认只显示前6位和后4位，保护职工隐私。"
        self.show_id_hint.setText(hint)

    def _pick_template(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "选择采集表模板", str(Path.home()), "Excel 表格 (*.xlsx)")
        if path:
            self.template.setText(path)
            self.layout_choice.setChecked(True)

    def _pick_output(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "导出到", self.output.text(), "Excel 表格 (*.xlsx)")
        if path:
            self.output.setText(path if path.lower().endswith(".xlsx") else path + ".xlsx")

    def accept(self) -> None:
        """Validate, then export in the background; the dialog stays open on any problem."""
        output = Path(self.output.text().strip())
        template = Path(self.template.text().strip()) if self.layout_choice.isChecked() else None
        if output.suffix.lower() != ".xlsx":
            self.error.setText("保存的文件名应以 .xlsx 结尾")
            return
        if template is not None and not template.is_file():
            self.error.setText("请先选择上级下发的采集表模板文件")
            return
        if template is not None and template.resolve() == output.resolve():
            self.error.setText("不能覆盖模板本身，请换一个保存位置")
            return
        self.error.clear()
        show_id = self.show_id.isChecked()
        factory = self.db.session_factory

        def work(_progress, cancelled):  # noqa: ANN001, ANN202
            if template is not None:
                return export_to_layout(factory, template, output, show_id=show_id, cancelled=cancelled)
            return export_roster(factory, output, show_id=show_id)

        task = run_in_background(self, "正在导出花名册……", work)
        task.failure(lambda exc: self.error.setText(getattr(exc, "message", lambda: str(exc))()))
        task.success(self._done).start()

    def done_text(self, result: ExportResult) -> str:
        """What the done message says: how many, where, and who was left out of an upstream sheet."""
        what = "在册会员" if self.layout_choice.isChecked() else ""
        text = f"已导出{what} {result.rows} 人到：\n{result.path}"
        if result.left_out:
            text += "\n\n" + left_out_text(result)
        return text

    def _done(self, result: ExportResult) -> None:
        self.result = result
        ui_settings.settings().setValue("export/folder", str(result.path.parent))
        box = QMessageBox(self)
        box.setWindowTitle("导出完成")
        box.setText(self.done_text(result))
        open_file = box.addButton("打开文件", QMessageBox.ButtonRole.ActionRole)
        open_folder = box.addButton("打开所在文件夹", QMessageBox.ButtonRole.ActionRole)
        box.addButton("关闭", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is open_file:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.path)))
        elif box.clickedButton() is open_folder:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.path.parent)))
        super().accept()
