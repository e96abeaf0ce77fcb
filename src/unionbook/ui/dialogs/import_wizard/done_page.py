"""Step 5, 完成: what the import wrote, and where the rejected rows wait to be fixed.

The data is in by the time this page shows (the wizard has no 上一步 or 取消 here, which would
suggest it can be taken back out). What is left for the user is the errors file, so it comes first,
with buttons to open it or its folder; if it could not be written anywhere, the page says so.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout

from unionbook.ui.dialogs.import_history_dialog import ImportHistoryDialog
from unionbook.ui.dialogs.import_wizard.base import (
    WizardPage,
    fell_back_note,
    label,
    message_label,
    open_local,
    row_noun,
    say,
    tr,
)


class DonePage(WizardPage):
    """What was written, and where the rejected rows are to be fixed."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(tr("第 5 步（共 5 步）：导入完成"))
        self.setSubTitle(tr("数据已写入台账。"))
        self.setFinalPage(True)
        layout = QVBoxLayout(self)
        self.summary_label = label(name="countLabel")
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary_label)
        layout.addSpacing(6)
        # The rejected rows come first: they are the only thing left for the user to do.
        self.errors_label = label()
        self.errors_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.errors_label)
        buttons = QHBoxLayout()
        self.open_file_button = QPushButton(tr("打开错误行文件"))
        self.open_file_button.clicked.connect(self.open_errors_file)
        self.open_folder_button = QPushButton(tr("打开所在文件夹"))
        self.open_folder_button.clicked.connect(self.open_errors_folder)
        buttons.addWidget(self.open_file_button)
        buttons.addWidget(self.open_folder_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.problem = message_label("error")
        layout.addWidget(self.problem)
        layout.addSpacing(6)
        self.details = label()
        layout.addWidget(self.details)
        # The warnings stay in the import history after the wizard closes.
        self.history_button = QPushButton(tr("查看导入记录…"))
        self.history_button.setObjectName("importHistoryButton")
        self.history_button.setToolTip(tr("这次导入的每条警告和被拒绝的行都已保存，关闭向导后也可在“导入记录”中查看"))
        self.history_button.clicked.connect(self.open_history)
        history_row = QHBoxLayout()
        history_row.addWidget(self.history_button)
        history_row.addStretch(1)
        layout.addLayout(history_row)
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        wizard = self.wizard()
        result = wizard.result
        assert result is not None
        summary = result.summary
        noun = row_noun(wizard.importer)
        self.summary_label.setText(summary.line())
        details = []
        if summary.skipped:
            if wizard.importer.key == "members":
                details.append(tr("跳过的 {0} 人已经登记过，他们的资料保持不变。").format(summary.skipped))
            else:
                details.append(
                    tr("跳过的 {0} {1}已经登记过，保持不变。").format(summary.skipped, summary.unit + noun)
                )
        if summary.warnings:
            details.append(
                tr("有 {0} 条警告，相关的行已导入，请到“{1}”页核对；每条警告都保存在导入记录中。").format(
                    summary.warnings, wizard.spec.name
                )
            )
        if not summary.rejected:
            details.append(tr("表中所有的{0}都已处理，没有被拒绝的行。").format(noun))
        self.details.setText("\n".join(details))
        self.details.setVisible(bool(details))
        has_file = result.errors_path is not None
        if has_file:
            where = tr("有 {0} 行没有导入。这些行和原因已保存到：\n{1}\n请在 Excel 或 WPS 中改好后，再导入这个文件。").format(
                summary.rejected, result.errors_path
            )
            if result.errors_fell_back:
                where += fell_back_note()
            self.errors_label.setText(where)
        self.errors_label.setVisible(has_file)
        self.open_file_button.setVisible(has_file)
        self.open_folder_button.setVisible(has_file)
        if result.errors_problem:
            say(
                self.problem,
                tr("有 {0} 行没有导入，但错误行文件没能保存：{1}").format(summary.rejected, result.errors_problem),
            )
        else:
            say(self.problem, "")

    def _errors_path(self) -> Path | None:
        result = self.wizard().result
        return result.errors_path if result is not None else None

    def open_errors_file(self) -> None:
        path = self._errors_path()
        if path is not None:
            open_local(path)

    def open_history(self) -> None:
        wizard = self.wizard()
        result = wizard.result
        select_id = result.summary.history_id if result is not None else None
        ImportHistoryDialog(wizard.db, self, select_id).open()

    def open_errors_folder(self) -> None:
        path = self._errors_path()
        if path is not None:
            open_local(path.parent)
