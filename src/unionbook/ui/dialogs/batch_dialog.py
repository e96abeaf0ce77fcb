"""批量发放: one program, one date, one amount each, to many people, recorded as one batch.

The chair chooses who (all members, one department, everyone on the roster, or every open hardship
file), what and how much, then 预览名单 shows the exact list and the total before anything is
written. The list, its flags and the spending-rule check are read in the background
(`aid.prepare_batch`: 78,000 lines take seconds at 100,000 members) with a progress bar and 取消 in
the dialog, which stays usable meanwhile. People can be unticked in the preview — the one on long
sick leave who was already visited, the retiree who moved away. 确认发放 writes the ticked lines as
one batch in one transaction (`aid.record_batch`) with the check the preview made: unticking only
re-runs the rules over what it read (`PreparedBatch.check`); the page can undo a batch as a whole.

Two things in the list are flagged because they are the usual mistakes of a batch: people who have
left (转出, 去世 …: only "everyone on the roster" includes them) are unticked from the start, and
people who already received the same program within 30 days are marked, so a 春节慰问 is not paid
twice when an earlier list was imported.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from unionbook.domain.errors import UnionbookError, ValidationError
from unionbook.domain.money import fen_to_yuan, format_yuan
from unionbook.domain.vocab import AidProgram, FundingSource, labels
from unionbook.fileio.templates import capital_amount
from unionbook.services import aid, members
from unionbook.services.aid import BatchLine, BatchPreview, BatchRecipients, PreparedBatch
from unionbook.services.database import Database
from unionbook.services.union import get_profile
from unionbook.ui.dialogs.breach_dialog import ask_to_go_ahead
from unionbook.ui.dialogs.form_dialog import FormDialog, Saved, inline
from unionbook.ui.dialogs.payment_dialog import date_edit, fen_of, yuan_edit
from unionbook.ui.dialogs.record_form import choice_combo, form_layout, line_edit
from unionbook.ui.errors import show_error
from unionbook.ui.i18n import translator
from unionbook.ui.models.batch_preview_model import BatchPreviewModel, PreviewColumn
from unionbook.ui.tasks import BackgroundTask, run_in_background
from unionbook.ui.widgets.panes import split_panes
from unionbook.ui.widgets.progress_row import ProgressRow
from unionbook.ui.widgets.recipients_chooser import RecipientsChooser
from unionbook.ui.widgets.register_table import size_columns

tr = translator("BatchDialog")
#: Days within which a second payment of the same program to the same person looks like a mistake.
DUPLICATE_WINDOW = 30

CHECK, NAME, DEPARTMENT, ID_NUMBER, AMOUNT, NOTE = PreviewColumn


class BatchDialog(FormDialog):
    """After Accepted, `batch_id` is the recorded batch and `recorded` its (count, total fen)."""

    def __init__(self, db: Database, parent: QWidget | None = None, *, today: date | None = None) -> None:
        super().__init__(parent, buttons=QDialogButtonBox.StandardButton.Cancel, db=db, today=today)
        self.preview: BatchPreview | None = None
        #: The preview with its flags and checks (aid.prepare_batch), as 确认发放 reuses them.
        self.prepared: PreparedBatch | None = None
        #: The preview being read, and the batch being written, in the background.
        self.preview_task: BackgroundTask | None = None
        self.record_task: BackgroundTask | None = None
        #: Goes up with every change of the settings: a preview read for older settings is dropped.
        self._generation = 0
        self.recorded: tuple[int, int] | None = None
        #: (program, date) → who received it within DUPLICATE_WINDOW days, and when (aid.paid_near).
        self._paid_near: dict[tuple[str, date], dict[int, date]] = {}
        self._title_edited = False
        self.setWindowTitle(tr("新建批量发放"))
        self.resize(1180, 660)  # within a 1366×768 screen, its taskbar and the title bar

        self.body.addWidget(split_panes(self._build_settings(), self._build_preview(), (2, 3), horizontal=True), 1)
        # Not an accept-role button: Enter in a field must never record a batch of 300 payments.
        self.confirm_button = QPushButton(tr("确认发放"))
        self.confirm_button.setAutoDefault(False)
        self.confirm_button.setEnabled(False)
        self.confirm_button.setToolTip(tr("把预览名单中勾选的人记录为一个批次（可整批撤销）"))
        self.buttons.addButton(self.confirm_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.confirm_button.clicked.connect(self.confirm)
        self.finish()
        self._connect_staleness()
        self._update_title()

    @property
    def batch_id(self) -> int | None:
        return self.saved_id

    # --- building -----------------------------------------------------------------------------

    def _build_settings(self) -> QWidget:
        box = self.settings_box = QGroupBox(tr("第一步：发放对象和标准"))
        form = form_layout(box)

        self.who = RecipientsChooser(members.departments(self._factory))

        self.program = QComboBox()
        for label in labels(AidProgram):
            self.program.addItem(label, label)
        self.program.setCurrentIndex(self.program.findData(AidProgram.FESTIVAL.value))
        self.title_edit = QLineEdit()
        self.title_edit.setMaxLength(200)
        self.title_edit.setPlaceholderText(tr("例如：2025年端午节慰问"))
        self.date_edit = date_edit(self._today)
        self.amount = yuan_edit()
        amount_row = inline(self.amount, tr("元/人"))
        self.goods = line_edit(200, tr("例如：月饼一盒（只发现金可不填）"))
        self.goods_value = yuan_edit()
        goods_value_row = inline(self.goods_value, tr("元/人"))
        self.funding = choice_combo(labels(FundingSource), blank=tr("未填写"))
        self.funding.setCurrentIndex(self.funding.findData(FundingSource.OWN_FUNDS.value))
        profile = get_profile(self._factory)
        self.prepared_by = QLineEdit(profile.contact_name)
        self.prepared_by.setMaxLength(50)
        self.approved_by = QLineEdit(profile.chair_name)
        self.approved_by.setMaxLength(50)
        self.approved_by.setToolTip(tr("默认为工会主席（设置页“工会基本信息”）"))

        form.addRow(tr("发放对象"), self.field(self.who, "发放对象"))
        form.addRow(tr("项目") + " *", self.field(self.program, "项目"))
        form.addRow(tr("发放日期") + " *", self.field(self.date_edit, "日期"))
        form.addRow(tr("批次名称") + " *", self.field(self.title_edit, "批次名称"))
        form.addRow(tr("每人金额"), self.field(amount_row, "金额", self.amount))
        form.addRow(tr("实物"), self.field(self.goods, "实物"))
        form.addRow(tr("实物价值"), self.field(goods_value_row, "实物价值", self.goods_value))
        form.addRow(tr("资金来源"), self.field(self.funding, "资金来源"))
        form.addRow(tr("经办人"), self.prepared_by)
        form.addRow(tr("审批人"), self.approved_by)
        self.preview_button = QPushButton(tr("预览名单 →"))
        self.preview_button.setToolTip(tr("列出将要发放的人和合计金额，此时还不会记录"))
        self.preview_button.clicked.connect(self.run_preview)
        form.addRow("", self.preview_button)
        return box

    def _build_preview(self) -> QWidget:
        box = QGroupBox(tr("第二步：核对名单"))
        column = QVBoxLayout(box)
        self.preview_hint = QLabel(tr("设置好左边的发放对象和标准后，点“预览名单”。可以取消勾选不发放的人。"))
        self.preview_hint.setObjectName("hint")
        self.preview_hint.setWordWrap(True)
        column.addWidget(self.preview_hint)
        self.progress_row = ProgressRow()  # its 取消预览 / 取消记录 is not the dialog's own 取消 below
        self.progress_row.cancel_button.clicked.connect(self.cancel_preview)
        column.addWidget(self.progress_row)
        # A model over the lines, painted as they scroll into view: 78,000 lines at 100,000 members.
        self.lines_model = BatchPreviewModel(self)
        self.table = QTableView()
        self.table.setObjectName("batchPreview")
        self.table.setModel(self.lines_model)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setWordWrap(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        size_columns(self.table, self.lines_model.samples(), 28, stretch_last=True)
        self.lines_model.dataChanged.connect(self._ticks_changed)
        column.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.tick_all_button = QPushButton(tr("全选"))
        self.untick_all_button = QPushButton(tr("全不选"))
        self.tick_all_button.clicked.connect(lambda: self._tick_all(True))
        self.untick_all_button.clicked.connect(lambda: self._tick_all(False))
        row.addWidget(self.tick_all_button)
        row.addWidget(self.untick_all_button)
        row.addStretch(1)
        column.addLayout(row)
        self.total_label = QLabel()
        self.total_label.setObjectName("batchTotal")
        self.total_label.setWordWrap(True)
        self.total_label.setStyleSheet("font-size: 14px; font-weight: bold; color: #2b3a4a;")
        self.total_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.total_label)
        for widget in (self.tick_all_button, self.untick_all_button):
            widget.setEnabled(False)
        return box

    def _connect_staleness(self) -> None:
        """Any change to the settings makes a preview out of date: it must be run again."""
        self.who.changed.connect(self._stale)
        self.program.currentIndexChanged.connect(lambda _i: (self._update_title(), self._stale()))
        self.date_edit.dateChanged.connect(lambda _d: (self._update_title(), self._stale()))
        self.title_edit.textEdited.connect(self._title_typed)
        for edit in (self.amount, self.goods, self.goods_value):
            edit.textEdited.connect(lambda _t: self._stale())
        self.funding.currentIndexChanged.connect(lambda _i: self._stale())

    def _title_typed(self, _text: str) -> None:
        self._title_edited = True
        self._stale()

    def _update_title(self) -> None:
        """"2025年节日慰问" until the chair types a name of their own (端午节慰问 …)."""
        if not self._title_edited:
            self.title_edit.setText(f"{self.date_edit.date().year()}年{self.program.currentData()}")

    def _stale(self) -> None:
        self._generation += 1
        if self.preview_task is not None:  # it reads the old settings: stop it, its list is not wanted
            self.cancel_preview()
        if self.preview is None:
            return
        self.preview = self.prepared = None
        self.lines_model.set_preview(None)
        self.confirm_button.setEnabled(False)
        for widget in (self.tick_all_button, self.untick_all_button):
            widget.setEnabled(False)
        self.total_label.setText("")
        self.preview_hint.setText(tr("设置已更改，请重新点“预览名单”。"))

    # --- preview ------------------------------------------------------------------------------

    def batch_recipients(self) -> BatchRecipients:
        return self.who.recipients()

    def run_preview(self) -> BackgroundTask | None:
        """Read the list, its flags and the spending-rule check in the background (78,000 lines at
        100,000 members take seconds); the dialog stays usable and shows the progress with 取消.
        A preview already running is returned, not started twice; None when a setting is wrong
        (said under its field at once). The previous list stays until the new one is in."""
        if self.preview_task is not None:
            return self.preview_task
        self.clear_errors()
        amounts = {}
        for edit, key in ((self.amount, "金额"), (self.goods_value, "实物价值")):
            try:
                amounts[key] = fen_of(edit) or 0
            except ValueError:
                self.errors[key].show_text(tr("应为金额，例如 500 或 1,200.50"))
                return None
        if self.who.missing_department():
            self.errors["发放对象"].show_text(tr("请选择部门"))
            return None
        settings = {"title": self.title_edit.text(), "program": str(self.program.currentData()),
                    "on": self.date_edit.date().toPython(), "amount_fen": amounts["金额"], "goods": self.goods.text(),
                    "goods_value_fen": amounts["实物价值"], "funding_source": self.funding.currentData()}  # fmt: skip
        try:
            aid.validate_batch(**settings)
        except ValidationError as exc:
            self.show_validation(exc)
            return None
        factory, recipients = self._factory, self.batch_recipients()
        recent = self._paid_near.get((settings["program"], settings["on"]))
        generation = self._generation

        def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> PreparedBatch:
            return aid.prepare_batch(factory, recipients, **settings, near_days=DUPLICATE_WINDOW, recent=recent,
                                     progress=progress, cancelled=cancelled)  # fmt: skip

        task = run_in_background(self, tr("正在生成预览名单……"), work, quiet=True)
        task.signals.progress.connect(self.progress_row.step)
        task.success(lambda prepared: self._arrived(generation, prepared))
        task.failure(self._preview_failed)
        task.finished.connect(self._preview_ended)
        self.preview_task = task
        self._show_running(tr("正在读取名单并核对开支标准……"))
        task.start()
        return task

    def cancel_preview(self) -> None:
        """取消 beside the progress: the reading stops at its next step, the list shown stays; a
        batch being written is rolled back."""
        for task in (self.preview_task, self.record_task):
            if task is not None:
                task.cancel_event.set()
                self.progress_row.label.setText(tr("正在取消……"))

    def _show_running(self, text: str | None, *, recording: bool = False) -> None:
        """The progress row saying `text` while work runs in the background (None: it ended). While
        a batch is written nothing in the dialog may change it or close it; 取消 beside it stays."""
        self.preview_button.setEnabled(text is None)
        has_lines = self.preview is not None and bool(self.preview.lines)
        for widget in (self.settings_box, self.table, self.cancel_button):
            widget.setEnabled(not recording)
        for widget in (self.tick_all_button, self.untick_all_button):
            widget.setEnabled(has_lines and not recording)
        if text is None:
            self.progress_row.finish()
            self._update_total()
            return
        self.confirm_button.setEnabled(False)
        if recording:
            self.progress_row.start(text, tr("取消记录"), tr("撤回，整批都不记录"))
        else:
            self.progress_row.start(text, tr("取消预览"), tr("停止生成预览名单，不会记录任何内容"))

    def _preview_ended(self) -> None:
        self.preview_task = None
        self._show_running(None)

    def _preview_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            self.show_validation(exc)
        else:
            show_error(self, exc)

    def _arrived(self, generation: int, prepared: PreparedBatch) -> None:
        if generation != self._generation:
            return  # a setting changed while it was read: this list is not of the settings shown
        preview = prepared.preview
        self._paid_near[(preview.program, preview.date)] = dict(prepared.recent)
        self.prepared, self.preview = prepared, preview
        self._fill(prepared)

    def done(self, result: int) -> None:
        """Closing (取消, or after recording) stops a preview still being read."""
        if self.preview_task is not None:
            self.preview_task.cancel_event.set()
        super().done(result)

    def _fill(self, prepared: PreparedBatch) -> None:
        preview, left, over = prepared.preview, prepared.left, prepared.notes
        recent = {member: day.isoformat() for member, day in prepared.recent.items()}
        self.lines_model.set_preview(preview, left, over, recent)
        if preview.lines:  # "实物：月饼礼盒（价值 120.00 元）" is wider than an amount: every line gives the same
            given = self.lines_model.display(preview.lines[0], AMOUNT)
            metrics = self.table.fontMetrics()
            widest = max(
                metrics.horizontalAdvance(given), metrics.horizontalAdvance(self.lines_model.samples()[AMOUNT])
            )
            self.table.setColumnWidth(AMOUNT, widest + 28)
        for widget in (self.tick_all_button, self.untick_all_button):
            widget.setEnabled(bool(preview.lines))
        if not preview.lines:
            self.preview_hint.setText(tr("按这些条件没有找到发放对象。"))
        else:
            flagged = []
            if left:
                flagged.append(tr("{0} 人已离开（转出、去世等），默认不发").format(len(left)))
            duplicates = sum(1 for line in preview.lines if line.member_id in recent and line.member_id not in left)
            if duplicates:
                flagged.append(
                    tr("{0} 人在 {1} 天内已发过{2}，请核对").format(duplicates, DUPLICATE_WINDOW, preview.program)
                )
            breaking = sum(1 for line in preview.lines if line.member_id in over and line.member_id not in left)
            if breaking:
                flagged.append(tr("{0} 人超出开支标准，见“提示”列").format(breaking))
            text = tr("共找到 {0} 人。取消勾选不发放的人，核对合计后点“确认发放”。").format(len(preview.lines))
            self.preview_hint.setText(text + ("" if not flagged else "（" + "；".join(flagged) + "）"))
        self._update_total()

    def _ticks_changed(self, top: QModelIndex, _bottom: QModelIndex, _roles: object = None) -> None:
        if top.column() == CHECK:
            self._update_total()

    def _tick_all(self, checked: bool) -> None:
        self.lines_model.tick_all(checked)

    def chosen_lines(self) -> list[BatchLine]:
        return self.lines_model.chosen() if self.preview is not None else []

    def set_checked(self, row: int, checked: bool) -> None:
        self.lines_model.set_ticked(row, checked)

    def chosen_total_fen(self) -> int:
        return sum(line.amount_fen for line in self.chosen_lines())

    def _update_total(self) -> None:
        if self.preview is None:
            self.total_label.setText("")
            self.confirm_button.setEnabled(False)
            return
        lines = self.chosen_lines()
        total = sum(line.amount_fen for line in lines)
        if total or not self.preview.goods:
            text = tr("发放 {0} 人，合计 {1} 元（大写：{2}）").format(
                f"{len(lines):,}", format_yuan(total), capital_amount(fen_to_yuan(total)))  # fmt: skip
            separator = tr("；")
        else:  # goods alone: no "合计 0.00 元" for a gift
            text, separator = tr("发放 {0} 人").format(f"{len(lines):,}"), tr("，")
        if self.preview.goods:
            value = self.preview.goods_value_fen * len(lines)
            text += separator + tr("实物：{0} {1} 份").format(self.preview.goods, f"{len(lines):,}")
            if value:
                text += tr("（价值合计 {0} 元）").format(format_yuan(value))
        self.total_label.setText(text)
        self.confirm_button.setEnabled(bool(lines))

    # --- recording ------------------------------------------------------------------------------

    def accept(self) -> None:
        """Whatever asks the dialog to finish records through `confirm` (the write runs in the
        background; the dialog closes as Accepted when the batch is in)."""
        self.confirm()

    def confirm(self) -> BackgroundTask | None:
        """Record the ticked lines as one batch: people over a spending rule, or a batch past the
        budget, are shown first (BreachDialog): 返回修改 records nothing, 仍然保存 records with the
        reason. The check is the one the preview made when the ticks are as it left them; after
        unticking, only the running totals and the wording are worked out again from what it read
        (read again only if the book was written to since, e.g. from another window). The write —
        one transaction, 78,000 payments in a large union — runs in the background; 取消 beside
        its progress rolls it back. None when nothing was started."""
        if self.record_task is not None:
            return self.record_task
        self.clear_errors()
        if self.preview is None or self.prepared is None or self.preview_task is not None:
            return None
        try:
            checked = aid.current_check(self._factory, self.prepared, self.chosen_lines())
        except UnionbookError as exc:
            show_error(self, exc)
            return None
        reason = ask_to_go_ahead(self, checked.breaches, checked.budget, batch=True)
        if reason is None:
            self.show_validation(ValidationError(
                field="开支标准", detail=tr("未记录：名单中有人超出开支标准或超出预算，可取消勾选后再确认发放")))  # fmt: skip
            return None
        factory, batch = self._factory, checked.batch
        people = {"prepared_by": self.prepared_by.text(), "approved_by": self.approved_by.text()}

        def work(_progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> int:
            return aid.record_batch(factory, batch, **people, reason=reason or None, checked=checked, cancelled=cancelled)

        task = run_in_background(self, tr("正在记录批次……"), work, quiet=True)
        task.success(lambda batch_id: self._recorded(batch, batch_id))
        task.finished.connect(self._record_ended)
        self.record_task = task
        self._show_running(tr("正在记录 {0} 笔发放……").format(f"{len(batch.lines):,}"), recording=True)
        task.start()
        return task

    def _recorded(self, batch: BatchPreview, batch_id: int) -> None:
        self.recorded = (len(batch.lines), batch.total_fen)
        self.saved = Saved(batch_id)
        QDialog.accept(self)  # FormDialog.accept would save again: the batch is in

    def _record_ended(self) -> None:
        """Comes before `_recorded` (which then closes the dialog): after a failure, said by
        show_error, or 取消记录, nothing was written and the list is there to change and confirm."""
        self.record_task = None
        self._show_running(None)

    def reject(self) -> None:
        """取消 and Esc do nothing while the batch is being written (it would be written unseen)."""
        if self.record_task is None:
            super().reject()
