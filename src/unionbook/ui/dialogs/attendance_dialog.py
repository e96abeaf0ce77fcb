"""The sign-in list (签到名单) of one activity: who of the roster took part.

Once a list is kept, the activity's 人次 is the list's length (FIGURES.md), so this is where a
typed estimate becomes a number backed by names. People come from the roster only, never typed in
freely: a name on a list must be someone the union can find again on their own page (参加的活动).

Two ways in, as a chair works: pick people (search by name, pinyin initials or the last digits of
the ID number, narrowed by department, several at a time), or import the sign-in sheet that was
passed round at the activity. The import matches people like the aid import does
(`importing.activities.plan_attendance`: ID number, else a unique name, else a unique name within
the department) and shows every row it could not match, with the reason, before anything is added.

Picking and removing are kept in the dialog until 保存名单 (`set_attendance` replaces the list in
one transaction). An imported sheet is different: `import_attendance` writes the matched people at
once, which the review says on its button, and they join the list shown here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from unionbook.domain.errors import UnionbookError
from unionbook.services import activities, members
from unionbook.services.activities import Attendee
from unionbook.services.database import Database
from unionbook.services.importing.activities import import_attendance, plan_attendance
from unionbook.services.importing.engine import ImportPlan
from unionbook.services.members import MemberFilter, MemberRow
from unionbook.ui import ui_settings
from unionbook.ui.errors import show_error
from unionbook.ui.i18n import translator
from unionbook.ui.models.activity_table_model import date_text
from unionbook.ui.models.attendance_models import AttendeesModel, PeopleModel
from unionbook.ui.models.rows_model import RowRole, RowsModel
from unionbook.ui.tasks import BackgroundTask, run_in_background

tr = translator("AttendanceDialog")
_FOLDER_KEY = "folders/import"
FILE_FILTER = "表格文件 (*.xlsx *.xls *.ods *.csv)"
#: Search results shown at once. A union of 100,000 people is searched, not scrolled: past this
#: many the list says how many matched and asks for a few more characters.
MAX_RESULTS = 300


def _look(table: QTableView) -> None:
    """Read-only rows, several selectable, one line each, fixed heights."""
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    table.horizontalHeader().setStretchLastSection(True)


def _view(model: RowsModel[Any]) -> QTableView:
    """A table over `model` whose columns are as wide as its samples, set once: the search
    refills it on every keystroke, and a header sized to its contents would re-measure every row
    each time (seconds at 300 people)."""
    table = QTableView()
    table.setModel(model)
    _look(table)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    metrics = table.fontMetrics()
    for column, sample in model.samples().items():
        heading = str(model.headerData(int(column), Qt.Orientation.Horizontal))
        table.setColumnWidth(int(column), max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(heading)) + 18)
    return table


def _table(headers: list[str]) -> QTableWidget:
    """A table filled once (the import review's rows that did not match); sized after filling."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    _look(table)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return table


def _note_and_button(column: QVBoxLayout, note_style: str, text: str) -> tuple[QLabel, QPushButton]:
    """Under a table: a note taking the width and the button that acts on the selection."""
    below = QHBoxLayout()
    note = QLabel()
    note.setObjectName(note_style)
    button = QPushButton(text)
    below.addWidget(note, 1)
    below.addWidget(button)
    column.addLayout(below)
    return note, button


class AttendanceDialog(QDialog):
    """`AttendanceDialog(db, activity_id)`. `changed` tells whether the stored list changed (saved
    with 保存名单, or people imported from a sheet), so the page re-reads even after 取消."""

    def __init__(self, db: Database, activity_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._factory = db.session_factory
        self.activity_id = activity_id
        self.activity = activities.get_activity(self._factory, activity_id)
        #: The list as edited here, in the order shown (stored people by pinyin, then additions).
        self._chosen: dict[int, Attendee] = {a.member_id: a for a in activities.attendance(self._factory, activity_id)}
        #: Who is on the stored list (what 有未保存的修改 compares with), kept here rather than
        #: re-read on every pick: a list can hold thousands of people.
        self._stored: set[int] = set(self._chosen)
        self._results: list[MemberRow] = []
        self.changed = False
        self.saved_count: int | None = None
        self.review: AttendanceImportReview | None = None
        self.import_task: BackgroundTask | None = None

        self.setWindowTitle(tr("签到名单：") + self.activity.data.name)
        self.setSizeGripEnabled(True)
        layout = QVBoxLayout(self)
        intro = QLabel(
            tr("{0}　{1}<br>有签到名单时，这项活动的参与人次按名单人数计。").format(
                date_text(self.activity), self.activity.data.name
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        columns = QHBoxLayout()
        columns.addWidget(self._build_search(), 5)
        columns.addWidget(self._build_list(), 4)
        layout.addLayout(columns, 1)

        bottom = QHBoxLayout()
        self.import_button = QPushButton(tr("从表格导入…"))
        self.import_button.setToolTip(tr("导入签到表（Excel/WPS）：需有“姓名”列，同名的人再靠“身份证号”或“部门”区分"))
        self.import_button.clicked.connect(lambda: self.import_file())
        self.message = QLabel()
        self.message.setObjectName("hint")
        self.message.setWordWrap(True)
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.message, 1)
        layout.addLayout(bottom)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(tr("保存名单"))
        # Enter in the search box adds the person found; it must not also save and close.
        for button in self.buttons.buttons():
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
                button.setDefault(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(200)  # search once the typing pauses
        self._search_timer.timeout.connect(self.search)
        self.search_edit.textChanged.connect(lambda _t: self._search_timer.start())
        self.search_edit.returnPressed.connect(self._enter_pressed)
        self.department.currentIndexChanged.connect(lambda _i: self.search())
        self.add_button.clicked.connect(self.add_selected)
        self.results.doubleClicked.connect(lambda _index: self.add_selected())
        self.remove_button.clicked.connect(self.remove_selected)
        self.results.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.chosen.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self._fill_chosen()
        self.search()
        self.search_edit.setFocus()
        self.resize(1000, 640)

    # --- building -----------------------------------------------------------------------------

    def _build_search(self) -> QGroupBox:
        box = QGroupBox(tr("从会员名册中选择"))
        column = QVBoxLayout(box)
        row = QHBoxLayout()
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(tr("姓名、拼音首字母或证件号后几位"))
        self.search_edit.setClearButtonEnabled(True)
        self.department = QComboBox()
        self.department.addItem(tr("全部部门"), None)
        for name in members.departments(self._factory):
            self.department.addItem(name, name)
        row.addWidget(self.search_edit, 1)
        row.addWidget(self.department)
        column.addLayout(row)
        self.results_model = PeopleModel(self)
        self.results = _view(self.results_model)
        self.results.setObjectName("attendanceResults")
        self.results.setToolTip(tr("可按住 Ctrl 或 Shift 多选；双击加入名单"))
        column.addWidget(self.results, 1)
        self.results_note, self.add_button = _note_and_button(column, "hint", tr("加入名单 →"))
        return box

    def _build_list(self) -> QGroupBox:
        self.list_box = QGroupBox()
        column = QVBoxLayout(self.list_box)
        self.chosen_model = AttendeesModel(self)
        self.chosen = _view(self.chosen_model)
        column.addWidget(self.chosen, 1)
        self.pending_note, self.remove_button = _note_and_button(column, "warning", tr("移出名单"))
        return self.list_box

    # --- searching ----------------------------------------------------------------------------

    def search(self) -> None:
        self._search_timer.stop()
        flt = MemberFilter(text=self.search_edit.text().strip(), department=self.department.currentData())
        # The first rows and, only when there are more, how many: not 100,000 ids for 300 lines.
        ids = members.query_member_ids(self._factory, flt, limit=MAX_RESULTS + 1)
        found = len(ids) if len(ids) <= MAX_RESULTS else members.count_members(self._factory, flt)
        self._results = members.fetch_rows(self._factory, ids[:MAX_RESULTS])
        self.results_model.set_people(self._results, self._chosen)
        if found > MAX_RESULTS:
            note = tr("找到 {0} 人，只列出前 {1} 人；请输入姓名缩小范围").format(f"{found:,}", MAX_RESULTS)
        elif ids:
            note = tr("找到 {0} 人").format(found)
        else:
            note = tr("没有找到。名单只能从会员名册中选择，请先在“会员”页登记此人。")
        self.results_note.setText(note)
        if len(self._results) == 1:
            self.results.selectRow(0)
        self._update_buttons()

    def _mark_listed(self) -> None:
        """The same results again, those now on the list greyed: a pick needs no new search."""
        self.results_model.set_people(self._results, self._chosen)
        if len(self._results) == 1:
            self.results.selectRow(0)
        self._update_buttons()

    def _enter_pressed(self) -> None:
        """Enter adds the person found, so a list is typed in name by name without the mouse."""
        self.search()
        if self.results.selectionModel().selectedRows():
            self.add_selected()
            self.search_edit.selectAll()

    def _selected_ids(self, table: QTableView) -> list[int]:
        rows = sorted(table.selectionModel().selectedRows(), key=lambda index: index.row())
        people = [index.data(RowRole) for index in rows]
        return [p.id if isinstance(p, MemberRow) else p.member_id for p in people]

    # --- the list -----------------------------------------------------------------------------

    def member_ids(self) -> list[int]:
        return list(self._chosen)

    def add_members(self, member_ids: list[int]) -> int:
        """Put people on the list (not saved yet); returns how many were new to it."""
        new = [m for m in dict.fromkeys(member_ids) if m not in self._chosen]
        for person in members.fetch_rows(self._factory, new):
            self._chosen[person.id] = Attendee(person.id, person.name, person.department)
        self._fill_chosen(scroll_to=new[-1] if new else None)
        self._mark_listed()
        return len(new)

    def add_selected(self) -> None:
        ids = self._selected_ids(self.results)
        if not ids:
            return
        added = self.add_members(ids)
        already = len(ids) - added
        text = tr("已加入 {0} 人").format(added)
        if already:
            text += tr("（{0} 人已在名单中）").format(already)
        self.message.setText(text + tr("，保存后生效。"))

    def remove_selected(self) -> None:
        ids = self._selected_ids(self.chosen)
        for member_id in ids:
            self._chosen.pop(member_id, None)
        self._fill_chosen()
        self._mark_listed()
        if ids:
            self.message.setText(tr("已移出 {0} 人，保存后生效。").format(len(ids)))

    def _fill_chosen(self, scroll_to: int | None = None) -> None:
        people = list(self._chosen.values())
        self.chosen_model.set_rows(people)
        if scroll_to is not None and (row := self.chosen_model.row_of(scroll_to)) >= 0:
            self.chosen.scrollTo(self.chosen_model.index(row, 0))
        self.list_box.setTitle(tr("签到名单：{0} 人").format(len(people)))
        pending = set(self._chosen) != self._stored
        self.pending_note.setText(tr("有未保存的修改") if pending else "")
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.add_button.setEnabled(bool(self.results.selectionModel().selectedRows()))
        self.remove_button.setEnabled(bool(self.chosen.selectionModel().selectedRows()))

    # --- importing a sign-in sheet ----------------------------------------------------------

    def import_file(self, path: Path | None = None) -> BackgroundTask | None:
        """Read and match the sheet in the background, then show what matched and what did not."""
        if path is None:
            folder = str(ui_settings.settings().value(_FOLDER_KEY, str(Path.home())))
            name, _ = QFileDialog.getOpenFileName(self, tr("选择签到表"), folder, tr(FILE_FILTER))
            if not name:
                return None
            path = Path(name)
            ui_settings.settings().setValue(_FOLDER_KEY, str(path.parent))
        factory = self._factory

        def done(plan: ImportPlan) -> None:
            self.import_task = None
            self._review(plan)

        def failed(exc: BaseException) -> None:
            self.import_task = None
            show_error(self, exc, tr("签到表没有读取"))

        task = run_in_background(
            self,
            tr("正在读取签到表……"),
            lambda progress, cancelled: plan_attendance(Path(path), factory, progress=progress, cancelled=cancelled),
        )
        self.import_task = task.success(done).failure(failed)
        task.start()
        return task

    def _review(self, plan: ImportPlan) -> None:
        review = AttendanceImportReview(plan, set(self._chosen), parent=self)
        self.review = review

        def finished(result: int) -> None:
            self.review = None
            review.deleteLater()
            if result == QDialog.DialogCode.Accepted:
                self._apply_import(plan)

        review.finished.connect(finished)
        review.open()

    def _apply_import(self, plan: ImportPlan) -> None:
        try:
            import_attendance(self._factory, plan, self.activity_id)
        except UnionbookError as exc:  # the activity was deleted meanwhile, the file is locked …
            show_error(self, exc, tr("签到表没有导入"))
            return
        self.changed = True
        matched = [row.values["member_id"] for row in plan.accepted]
        self._stored.update(matched)  # written at once by the import
        added = self.add_members(matched)
        text = tr("已从签到表加入 {0} 人并保存").format(added)
        if plan.rejected:
            text += tr("；{0} 行没有匹配到会员名册，未加入").format(len(plan.rejected))
        self.message.setText(text + "。")

    # --- saving -------------------------------------------------------------------------------

    def accept(self) -> None:
        try:
            self.saved_count = activities.set_attendance(self._factory, self.activity_id, self.member_ids())
        except UnionbookError as exc:  # a deleted activity or a locked file: say so, stay open
            show_error(self, exc, tr("签到名单没有保存"))
            return
        self.changed = True
        super().accept()


def open_attendance(
    parent: QWidget, db: Database, activity_id: int, closed: Callable[[AttendanceDialog], None]
) -> AttendanceDialog:
    """The sign-in list, opened non-blocking (window-modal); `closed(dialog)` runs once it closed,
    where `dialog.changed` tells whether the stored list changed."""
    dialog = AttendanceDialog(db, activity_id, parent=parent)

    def finished(_result: int) -> None:
        closed(dialog)
        dialog.deleteLater()

    dialog.finished.connect(finished)
    dialog.open()
    return dialog


class AttendanceImportReview(QDialog):
    """What a sign-in sheet holds before it is added: how many people matched, and every row that
    did not, with the reason (a name not on the roster, two people of that name ...)."""

    def __init__(self, plan: ImportPlan, on_list: set[int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle(tr("导入签到表"))
        self.setSizeGripEnabled(True)
        layout = QVBoxLayout(self)
        matched = list(dict.fromkeys(row.values["member_id"] for row in plan.accepted))
        self.matched = len(matched)
        self.already = sum(1 for m in matched if m in on_list)
        lines = [tr("文件：{0}　工作表：{1}").format(plan.path.name, plan.sheet)]
        summary = tr("名册中找到 {0} 人").format(self.matched)
        if self.already:
            summary += tr("（其中 {0} 人已在名单中）").format(self.already)
        if plan.rejected:
            summary += tr("；<b>{0} 行不能加入</b>，原因见下表").format(len(plan.rejected))
        lines.append(summary + "。")
        self.summary = QLabel("<br>".join(lines))
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        name_column = next((i for i, key in plan.mapping.columns.items() if key == "name"), None)
        self.rejected = _table([tr("行号"), tr("姓名"), tr("原因")])
        self.rejected.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.rejected.setWordWrap(True)
        self.rejected.setRowCount(len(plan.rejected))
        for r, row in enumerate(plan.rejected):
            name = row.raw[name_column] if name_column is not None and name_column < len(row.raw) else ""
            texts = [str(row.row), "" if name is None else str(name), "；".join(p.message for p in row.problems)]
            for c, text in enumerate(texts):
                self.rejected.setItem(r, c, QTableWidgetItem(text))
        self.rejected.resizeColumnsToContents()  # filled once: measured once
        self.rejected.horizontalHeader().setStretchLastSection(True)
        self.rejected.resizeRowsToContents()
        self.rejected.setVisible(bool(plan.rejected))
        layout.addWidget(self.rejected, 1)
        warnings = plan.warning_lines()
        self.warnings = QLabel("<br>".join(tr("提示：") + w for w in warnings))
        self.warnings.setObjectName("warning")
        self.warnings.setWordWrap(True)
        self.warnings.setVisible(bool(warnings))
        layout.addWidget(self.warnings)
        if plan.rejected:
            hint = QLabel(tr("不能加入的人请先在“会员”页登记，或在签到表中补上身份证号或部门后重新导入。"))
            hint.setObjectName("hint")
            hint.setWordWrap(True)
            layout.addWidget(hint)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        new = self.matched - self.already
        ok.setText(tr("加入名单并保存（{0} 人）").format(new))
        ok.setEnabled(new > 0)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(720, 460 if plan.rejected else 220)
