"""Step 4, 预览: every row checked before anything is written, and the 导入 button.

The importer's plan runs here in the background: how many rows go in, each rejected row with its
reason, each warning, and what to do with rows already registered. This is the wizard's commit
page: 导入 starts the import (one transaction; cancelled or failed means rolled back) and the page
stays until it has committed. The rejected rows go to the errors file by the rule in
`services.importing.errors_file`, the one the command line follows too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
)

from unionbook.services.importing import engine
from unionbook.services.importing.engine import ImportPlan
from unionbook.services.importing.errors_file import ErrorsFile, write_rejected_rows
from unionbook.services.importing.registers import Importer
from unionbook.ui.dialogs.import_wizard.base import (
    ImportResult,
    WizardPage,
    cell_text,
    failure_text,
    fell_back_note,
    item,
    label,
    message_label,
    name_key,
    open_local,
    read_only_table,
    report_error,
    row_noun,
    say,
    say_as,
    tr,
)

#: Problem lists longer than this are cut in the preview tables (a QTableWidget with 100,000 rows
#: takes seconds to fill); the errors file still gets every rejected row.
MAX_LISTED = 1000


class PreviewPage(WizardPage):
    """The plan: how many rows go in, every rejected row with its reason, every warning, and what
    to do with people already registered. The 导入 button (this is the commit page) writes it."""

    def __init__(self, importer: Importer) -> None:
        super().__init__()
        self.setTitle(tr("第 4 步（共 5 步）：检查结果"))
        self.setSubTitle(tr("下面是逐行检查的结果。确认无误后点“导入”。"))
        self.setCommitPage(True)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.counts = label(name="countLabel")
        top.addWidget(self.counts, 1)
        self.retry_button = QPushButton(tr("重新检查"))
        self.retry_button.clicked.connect(self.start_planning)
        self.retry_button.hide()
        top.addWidget(self.retry_button)
        layout.addLayout(top)
        self.explain = label(name="hint")
        layout.addWidget(self.explain)
        # Near the counts, not under the tables: "nothing can be imported" is the first thing to read.
        self.status = message_label("error")
        layout.addWidget(self.status)
        errors_row = QHBoxLayout()
        self.save_errors_button = QPushButton(tr("保存并打开错误行文件"))
        self.save_errors_button.setToolTip(tr("把不能导入的行连同原因另存为一个表格，改好后可以再导入"))
        self.save_errors_button.clicked.connect(self.save_errors_file)
        self.save_errors_button.hide()
        errors_row.addWidget(self.save_errors_button)
        errors_row.addStretch(1)
        layout.addLayout(errors_row)

        self.tabs = QTabWidget()
        name_label = importer.spec.column(name_key(importer.spec)).label
        self.rejected_table = read_only_table([tr("行号"), name_label, tr("列"), tr("原因")])
        self.warning_table = read_only_table([tr("行号"), name_label, tr("列"), tr("说明")])
        for table in (self.rejected_table, self.warning_table):
            header = table.horizontalHeader()
            for col in range(3):
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
            header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.tabs.addTab(self.rejected_table, tr("不能导入的行"))
        self.tabs.addTab(self.warning_table, tr("警告"))
        layout.addWidget(self.tabs, 1)

        noun = row_noun(importer)
        box = QGroupBox(tr("表中的{0}如果已经登记过（{1}）：").format(noun, importer.duplicate_rule))
        box_layout = QVBoxLayout(box)
        self.update_radio = QRadioButton(
            tr("更新已登记的{0}（用表中填写的内容补充、更新，空格不会清除原有内容）").format(noun)
        )
        self.skip_radio = QRadioButton(tr("跳过已登记的{0}（保持原样，只导入新的{0}）").format(noun))
        self.update_radio.setChecked(True)
        self.duplicates = QButtonGroup(self)
        self.duplicates.addButton(self.update_radio)
        self.duplicates.addButton(self.skip_radio)
        box_layout.addWidget(self.update_radio)
        box_layout.addWidget(self.skip_radio)
        layout.addWidget(box)
        self.duplicates_box = box

    def on_duplicate(self) -> str:
        return "skip" if self.skip_radio.isChecked() else "update"

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        self.start_planning()

    def cleanupPage(self) -> None:  # noqa: N802 - Qt override
        super().cleanupPage()
        self.wizard().plan = None  # back to the mapping: this plan no longer matches what is chosen

    def start_planning(self) -> None:
        wizard = self.wizard()
        if wizard.busy:
            return
        wizard.plan = None
        self._clear()
        self.counts.setText(tr("正在检查……"))
        self.retry_button.hide()
        path, sheet, header_row, overrides = wizard.path, wizard.sheet_name, wizard.header_row, dict(wizard.overrides)
        plan, factory = wizard.importer.plan, wizard.db.session_factory
        assert path is not None

        def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> ImportPlan:
            # The factory lets a register look up what is already stored (续签自 names a contract).
            return plan(
                path, factory, sheet=sheet, header_row=header_row, overrides=overrides, progress=progress,
                cancelled=cancelled,
            )  # fmt: skip

        def stopped() -> None:
            self.counts.setText(tr("检查已取消。"))
            say(self.explain, tr("点“重新检查”再试一次，或点“上一步”修改。"))
            self.retry_button.show()

        def failed(exc: BaseException) -> None:
            self.counts.setText(tr("无法检查这个文件。"))
            say_as(self.status, failure_text(exc, tr("发生意外错误：{0}"), "planning", path), "error")
            self.retry_button.show()

        wizard.run(tr("正在逐行检查……"), work, self._show_plan, failed, stopped)

    def _clear(self) -> None:
        say(self.explain, "")
        say(self.status, "")
        self.save_errors_button.hide()
        self.duplicates_box.setEnabled(True)
        for table in (self.rejected_table, self.warning_table):
            table.setRowCount(0)
        self.tabs.setTabText(0, tr("不能导入的行"))
        self.tabs.setTabText(1, tr("警告"))

    def _show_plan(self, plan: ImportPlan) -> None:
        wizard = self.wizard()
        wizard.plan = plan
        warnings = plan.warnings
        self.counts.setText(
            tr("可导入 {0} 行，拒绝 {1} 行，警告 {2} 条").format(len(plan.accepted), len(plan.rejected), len(warnings))
        )
        key = name_key(plan.spec)
        name_column = next((i for i, k in plan.mapping.columns.items() if k == key), None)

        def raw_name(raw: list[Any]) -> str:
            return cell_text(raw[name_column]).strip() if name_column is not None and name_column < len(raw) else ""

        lines = [(p, raw_name(r.raw)) for r in plan.rejected for p in r.problems]
        self._fill(self.rejected_table, lines)
        names = {r.row: r.values.get(key) or "" for r in plan.accepted}
        self._fill(self.warning_table, [(p, names.get(p.row, "")) for p in warnings])
        self.tabs.setTabText(0, tr("不能导入的行（{0}）").format(len(plan.rejected)))
        self.tabs.setTabText(1, tr("警告（{0}）").format(len(warnings)))
        self.tabs.setCurrentIndex(0 if plan.rejected or not warnings else 1)

        self.duplicates_box.setEnabled(bool(plan.accepted))
        explain = []
        if not plan.accepted and not plan.rejected:
            what = tr("人员") if wizard.importer.key == "members" else tr("记录")
            say_as(
                self.status,
                tr("表头下面没有找到任何{0}。请点“上一步”检查表头所在的行，或换一个工作表。").format(what),
                "error",
            )
        elif not plan.accepted:
            say_as(
                self.status,
                tr("没有可以导入的行：每一行都有问题（原因见下表）。请改好文件后重新选择它，或点“上一步”检查列的对应。"),
                "error",
            )
            self.save_errors_button.show()
        elif plan.rejected:
            explain.append(tr("被拒绝的行不会导入；导入后会把它们连同原因另存为一个“错误行”文件，改好后可以再导入。"))
        if warnings:
            explain.append(tr("有警告的行会照常导入，请事后核对。"))
        if len(lines) > MAX_LISTED or len(warnings) > MAX_LISTED:
            explain.append(tr("列表只显示前 {0} 条。").format(MAX_LISTED))
        say(self.explain, "".join(explain))
        self.completeChanged.emit()

    def _fill(self, table: QTableWidget, lines: list[tuple[engine.Problem, str]]) -> None:
        shown = lines[:MAX_LISTED]
        table.setUpdatesEnabled(False)
        table.setRowCount(len(shown))
        for row, (problem, name) in enumerate(shown):
            table.setItem(row, 0, item(problem.row))
            table.setItem(row, 1, item(name))
            table.setItem(row, 2, item(problem.column or ""))
            table.setItem(row, 3, item(problem.message, problem.message))
        table.setUpdatesEnabled(True)

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        wizard = self.idle_wizard()
        return wizard is not None and wizard.plan is not None and bool(wizard.plan.accepted)

    def save_errors_file(self) -> None:
        """Nothing can be imported, so no import will write the errors file: write it on request,
        and open it, because fixing it in Excel/WPS is the next step."""
        wizard = self.wizard()
        plan = wizard.plan
        if plan is None or wizard.busy:
            return
        fallback_folder = wizard.errors_fallback_folder()

        def done(written: ErrorsFile) -> None:
            if written.path is None:
                say_as(self.status, tr("错误行文件没能保存：{0}").format(written.problem), "error")
                return
            text = tr("不能导入的行已保存到：{0}\n在 Excel 或 WPS 中改好并保存后，回到第 1 步选择这个文件再导入。").format(
                written.path
            )
            if written.fell_back:
                text += fell_back_note()
            say_as(self.status, text, "warning")
            open_local(written.path)

        wizard.run(
            tr("正在保存错误行文件……"),
            lambda _p, _c: write_rejected_rows(plan, fallback_folder),
            done,
            lambda exc: report_error(self, exc),
            cancellable=False,
        )

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        """导入: start the import and stay here; its success moves the wizard on."""
        wizard = self.wizard()
        if wizard.result is not None:
            return True
        if wizard.busy or wizard.plan is None or not wizard.plan.accepted:
            return False
        say(self.status, "")
        plan, on_duplicate, factory = wizard.plan, self.on_duplicate(), wizard.db.session_factory
        run_import = wizard.importer.run
        fallback_folder = wizard.errors_fallback_folder()

        def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> ImportResult:
            summary = run_import(factory, plan, on_duplicate=on_duplicate, progress=progress, cancelled=cancelled)
            # The data is in from here on: a problem with the errors file must not look like a
            # failed import, so it is reported on the summary page instead of raised.
            if not plan.rejected:
                return ImportResult(summary)
            written = write_rejected_rows(plan, fallback_folder)
            return ImportResult(summary, written.path, written.fell_back, written.problem)

        def done(result: ImportResult) -> None:
            wizard.result = result
            wizard.imported.emit(result.summary)
            wizard.next()

        def stopped() -> None:
            say_as(self.status, tr("已取消，数据库未作任何修改。可以再点“导入”，或点“上一步”修改。"), "warning")

        def failed(exc: BaseException) -> None:
            say_as(self.status, tr("导入没有完成，数据库未作任何修改。"), "error")
            report_error(self, exc, tr("导入没有完成"))

        wizard.run(tr("正在导入，请稍候……"), work, done, failed, stopped)
        return False
