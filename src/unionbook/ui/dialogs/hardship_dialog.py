"""Open or edit a hardship file (困难职工档案), register a review (复核/走访), close a file.

The rules live in `services.aid` (one open file per household, causes and categories from the
vocabularies, family ID numbers checked per GB 11643, a closing needs a date and a reason); this
dialog shows the service's verdict beside the field it names and keeps what the user typed.

Family members are checked while typing, like the member dialog's ID number: a chair copying a
household's numbers from the 户口本 wants to know at once that a digit is wrong. The row count is
also compared with 家庭人口 (which includes the worker), a mismatch the upper union's 审核 asks
about first.

Reviews are saved the moment they are registered (like membership events), not with the form:
the yearly 复核 is a fact with a date, and the page's reminder must drop the file at once.
Attachments (低保证、病历、证明材料的扫描件) belong to a saved file, so a new file offers them after
it is saved.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from unionbook.domain.errors import UnionbookError, ValidationError
from unionbook.domain.idnumber import IdNumberError, parse_resident_id
from unionbook.domain.money import yuan_to_fen
from unionbook.domain.vocab import HardshipCategory, HardshipCause, HardshipCloseReason, HardshipReviewKind, labels
from unionbook.services import aid
from unionbook.services.aid import FamilyMemberInput, HardshipInput, HardshipRow
from unionbook.services.database import Database
from unionbook.ui.dialogs.form_dialog import ErrorLabel, FormDialog, Saved, form_columns, inline
from unionbook.ui.dialogs.payment_dialog import MemberPicker, date_edit, yuan_edit, yuan_text
from unionbook.ui.dialogs.record_form import choice_combo, line_edit, select
from unionbook.ui.errors import show_error
from unionbook.ui.i18n import translator
from unionbook.ui.widgets.optional_date import OptionalDateEdit
from unionbook.ui.widgets.register_table import size_columns

tr = translator("HardshipDialog")

RELATIONS = ["配偶", "儿子", "女儿", "父亲", "母亲", "岳父", "岳母", "公公", "婆婆", "孙子女", "兄弟姐妹", "其他"]
HEALTH = ["健康", "一般", "慢性病", "大病", "残疾", "长期卧床"]
SCHOOL_OR_WORK = ["学龄前", "小学在读", "初中在读", "高中在读", "中职在读", "大学在读", "在职", "务农", "灵活就业",
                  "失业", "退休", "无业"]  # fmt: skip

FAMILY_HEADERS = ["姓名", "关系", "身份证号", "月收入(元)", "健康状况", "就学/就业"]
NAME, RELATION, ID_NUMBER, INCOME, HEALTH_COL, SCHOOL = range(6)
_BAD_CELL = QBrush(QColor("#fbe1de"))


class ChoiceDelegate(QStyledItemDelegate):
    """An editable drop-down for a free-text column: common answers offered, anything allowed."""

    def __init__(self, items: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items = items

    def createEditor(self, parent: QWidget, _option: QStyleOptionViewItem, _index: object) -> QWidget:
        combo = QComboBox(parent)
        combo.setEditable(True)
        combo.addItems(self._items)
        return combo

    def setEditorData(self, editor: QWidget, index: object) -> None:
        editor.setCurrentText(str(index.data() or ""))  # type: ignore[attr-defined]

    def setModelData(self, editor: QWidget, model: object, index: object) -> None:
        model.setData(index, editor.currentText().strip())  # type: ignore[attr-defined]


class HardshipDialog(FormDialog):
    """`HardshipDialog(db)` opens a file; `HardshipDialog(db, file_id)` edits one.

    After Accepted, `saved_id` is the file's id. `reviews_changed` and `attachments_changed` say
    whether reviews or attachments were added (saved at once, so the page must re-read even when
    the dialog was cancelled).
    """

    def __init__(self, db: Database, file_id: int | None = None, *, member_id: int | None = None,
                 parent: QWidget | None = None, today: date | None = None) -> None:  # fmt: skip
        super().__init__(parent, db=db, today=today)
        self.file_id = file_id
        self.track("hardship_files", file_id, self._reload_file)
        self.row: HardshipRow | None = aid.get_hardship_file(self._factory, file_id) if file_id is not None else None
        self.reviews_changed = False
        title = tr("新建困难职工档案") if self.row is None else tr("困难职工档案：") + self.row.member_name
        self.setWindowTitle(title)
        self.setMinimumWidth(940)

        self.body.addWidget(self._build_fields())
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_family(), tr("家庭成员"))
        self.tabs.addTab(self._build_reviews(), tr("复核与走访"))
        self.tabs.addTab(self._build_attachments(), tr("附件（证明材料）"))
        self.body.addWidget(self.tabs, 1)
        self.finish()

        if self.row is not None:
            self._load(self.row.data)
            self._fill_reviews(self.row)
        else:
            self.member.set_member(member_id)
            self.member.search.setFocus()
        self.household.valueChanged.connect(lambda _v: self._check_household())
        self._check_household()

    # --- building -----------------------------------------------------------------------------

    def _build_fields(self) -> QGroupBox:
        box = QGroupBox(tr("档案信息"))
        left, right = form_columns(box, (3, 2))

        self.member = MemberPicker(self._factory)
        if self.row is not None:
            # A file is one household's: moving it to another person would rewrite its history.
            self.member.search.setEnabled(False)
            self.member.search.setClearButtonEnabled(False)
            self.member.choices.setEnabled(False)
        self.category = QComboBox()
        for label in labels(HardshipCategory):
            self.category.addItem(label, label)
        self.causes: dict[str, QCheckBox] = {}
        causes_box = QWidget()
        causes_grid = QGridLayout(causes_box)
        causes_grid.setContentsMargins(0, 0, 0, 0)
        causes_grid.setHorizontalSpacing(14)
        for n, label in enumerate(labels(HardshipCause)):
            check = QCheckBox(label)
            self.causes[label] = check
            causes_grid.addWidget(check, n // 5, n % 5)
        self.household = QSpinBox()
        self.household.setRange(0, 30)
        self.household.setSpecialValueText(tr("未填写"))
        self.household.setSuffix(tr(" 人"))
        self.household.setMaximumWidth(100)
        self.household_hint = QLabel()
        self.household_hint.setObjectName("warning")
        self.household_hint.setWordWrap(True)
        household_box = self.field(inline(self.household, tr("（含职工本人）")), "家庭人口", self.household)
        household_box.layout().addWidget(self.household_hint)
        self.income = yuan_edit(tr("未填写"))
        self.opened = date_edit(self._today)

        left.addRow(tr("职工") + " *", self.field(self.member, "职工"))
        left.addRow(tr("困难类别") + " *", self.field(self.category, "困难类别"))
        left.addRow(tr("致困原因"), self.field(causes_box, "致困原因"))
        left.addRow(tr("家庭人口"), household_box)
        left.addRow(tr("人均月收入"), self.field(inline(self.income, tr("元/月")), "人均月收入", self.income))
        left.addRow(tr("建档日期") + " *", self.field(self.opened, "建档日期"))

        self.measures = QPlainTextEdit()
        self.measures.setTabChangesFocus(True)
        self.measures.setPlaceholderText(tr("例如：每年送温暖慰问；子女金秋助学；协助申请医疗救助"))
        self.measures.setFixedHeight(self.measures.fontMetrics().lineSpacing() * 4 + 12)
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.notes.fontMetrics().lineSpacing() * 2 + 12)
        self.closed_on = OptionalDateEdit(default=self._today)
        self.close_reason = QComboBox()
        self.close_reason.addItem(tr("（在档）"), None)
        for label in labels(HardshipCloseReason):
            self.close_reason.addItem(label, label)
        closing = inline(self.closed_on, self.close_reason, stretch=False)
        closing.layout().setStretchFactor(self.close_reason, 1)
        closing_box = self.field(closing, "脱困日期", self.closed_on)  # one line under both
        closing_box.layout().addWidget(self.error_label("脱困原因", self.close_reason))
        self.closed_on.value_changed.connect(self._closing_changed)
        right.addRow(tr("帮扶措施"), self.measures)
        right.addRow(tr("备注"), self.notes)
        right.addRow(tr("关闭档案"), closing_box)
        return box

    def _build_family(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        hint = QLabel(tr("与职工共同生活的家庭成员，不含职工本人。身份证号输入后立即核对。"))
        hint.setObjectName("hint")
        column.addWidget(hint)
        self.family = QTableWidget(0, len(FAMILY_HEADERS))
        self.family.setObjectName("familyTable")
        self.family.setHorizontalHeaderLabels([tr(h) for h in FAMILY_HEADERS])
        self.family.verticalHeader().hide()
        self.family.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.family.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        size_columns(self.family, {NAME: "欧阳某某某", RELATION: "兄弟姐妹▼", ID_NUMBER: "440106198503120012X",
                                   INCOME: "12,345.00", HEALTH_COL: "智力残疾（三级）"}, 24, stretch_last=True)  # fmt: skip
        self.family.setItemDelegateForColumn(RELATION, ChoiceDelegate(RELATIONS, self.family))
        self.family.setItemDelegateForColumn(HEALTH_COL, ChoiceDelegate(HEALTH, self.family))
        self.family.setItemDelegateForColumn(SCHOOL, ChoiceDelegate(SCHOOL_OR_WORK, self.family))
        self.family.setMinimumHeight(140)
        self.family.itemChanged.connect(self._family_item_changed)
        column.addWidget(self.family, 1)
        buttons = QHBoxLayout()
        self.add_family_button = QPushButton(tr("添加家庭成员"))
        self.remove_family_button = QPushButton(tr("删除所选"))
        self.add_family_button.clicked.connect(lambda: self.add_family_row())
        self.remove_family_button.clicked.connect(self.remove_family_rows)
        self.family_error = self.error_label("家庭成员")
        buttons.addWidget(self.add_family_button)
        buttons.addWidget(self.remove_family_button)
        buttons.addSpacing(12)
        buttons.addWidget(self.family_error, 1)
        buttons.addStretch(1)  # keeps the buttons their natural size while no error shows
        column.addLayout(buttons)
        return page

    def _build_reviews(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        self.reviews = QTableWidget(0, 3)
        self.reviews.setHorizontalHeaderLabels([tr("日期"), tr("类型"), tr("情况")])
        self.reviews.verticalHeader().hide()
        self.reviews.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.reviews.setAlternatingRowColors(True)
        self.reviews.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.reviews.horizontalHeader().setStretchLastSection(True)
        column.addWidget(self.reviews, 1)
        self.review_kind = choice_combo(labels(HardshipReviewKind))
        self.review_date = date_edit(self._today)
        self.review_notes = line_edit(500, tr("情况（可不填），如：入户核实，收入无变化，继续帮扶"))
        self.add_review_button = QPushButton(tr("登记"))
        self.add_review_button.clicked.connect(self.add_review)
        column.addWidget(inline(self.review_kind, self.review_date, (self.review_notes, 1), self.add_review_button,
                                stretch=False))  # fmt: skip
        self.review_status = ErrorLabel()
        column.addWidget(self.review_status)
        if self.row is None:
            for widget in (self.review_kind, self.review_date, self.review_notes, self.add_review_button):
                widget.setEnabled(False)
            self.review_status.setObjectName("hint")
            self.review_status.show_text(tr("保存档案后可登记每年的复核和走访。"))
        return page

    def _build_attachments(self) -> QWidget:
        hint = tr("保存档案后可添加附件（低保证、病历、收入证明等扫描件）：再次打开这份档案添加。")
        return self.attachments_widget(self.db, "hardship_file_id", self.file_id, hint)

    # --- family table ---------------------------------------------------------------------------

    def add_family_row(self, person: FamilyMemberInput | None = None) -> int:
        row = self.family.rowCount()
        self.family.blockSignals(True)
        self.family.insertRow(row)
        values = ["", "", "", "", "", ""]
        if person is not None:
            values = [person.name, person.relation, person.id_number, yuan_text(person.income_fen),
                      person.health, person.school_or_work]  # fmt: skip
        for col, text in enumerate(values):
            item = QTableWidgetItem(text)
            if col == INCOME:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.family.setItem(row, col, item)
        self.family.blockSignals(False)
        for col in (ID_NUMBER, INCOME):
            self._family_item_changed(self.family.item(row, col))
        self._check_household()
        if person is None:
            self.family.setCurrentCell(row, NAME)
            self.family.editItem(self.family.item(row, NAME))
        return row

    def remove_family_rows(self) -> None:
        rows = sorted({index.row() for index in self.family.selectedIndexes()}, reverse=True)
        for row in rows:
            self.family.removeRow(row)
        self._check_household()

    def _cell(self, row: int, col: int) -> str:
        item = self.family.item(row, col)
        return item.text().strip() if item is not None else ""

    def _family_item_changed(self, item: QTableWidgetItem | None) -> None:
        """Check an ID number or an income as soon as the cell is left."""
        if item is None or item.column() not in (ID_NUMBER, INCOME):
            return
        text = item.text().strip()
        problem = ""
        if text and item.column() == ID_NUMBER:
            try:
                parse_resident_id(text)
            except IdNumberError as exc:
                problem = exc.reason
        elif text and item.column() == INCOME:
            try:
                yuan_to_fen(text)
            except ValueError:
                problem = tr("应为金额（元），例如 1500")
        self.family.blockSignals(True)
        item.setBackground(_BAD_CELL if problem else QBrush())
        item.setToolTip(problem)
        self.family.blockSignals(False)
        self.family_error.show_text(problem and tr("第 {0} 行：{1}").format(item.row() + 1, problem))

    def _check_household(self) -> None:
        """家庭人口 counts the worker; the family table does not. Say so when they disagree."""
        size = self.household.value()
        listed = self.family.rowCount()
        text = ""
        if size and listed and listed + 1 != size:
            text = tr("家庭成员表列了 {0} 人，加上职工本人共 {1} 人，与家庭人口 {2} 人不一致").format(listed, listed + 1, size)
        self.household_hint.setText(text)
        self.household_hint.setVisible(bool(text))

    def family_inputs(self) -> tuple[FamilyMemberInput, ...]:
        """The table's rows (fully empty rows dropped). Raises ValueError naming a bad income."""
        people = []
        for row in range(self.family.rowCount()):
            cells = [self._cell(row, col) for col in range(len(FAMILY_HEADERS))]
            if not any(cells):
                continue
            try:
                income = yuan_to_fen(cells[INCOME]) if cells[INCOME] else None
            except ValueError:
                raise ValueError(tr("第 {0} 行的月收入“{1}”不是金额").format(row + 1, cells[INCOME])) from None
            people.append(FamilyMemberInput(cells[NAME], cells[RELATION], cells[ID_NUMBER], income, cells[HEALTH_COL],
                                            cells[SCHOOL]))  # fmt: skip
        return tuple(people)

    # --- reviews ----------------------------------------------------------------------------------

    def _fill_reviews(self, row: HardshipRow) -> None:
        reviews = sorted(row.reviews, key=lambda r: (r.date, r.id), reverse=True)
        self.reviews.setRowCount(len(reviews))
        for n, review in enumerate(reviews):
            for col, text in enumerate((review.date.isoformat(), review.kind, review.notes)):
                self.reviews.setItem(n, col, QTableWidgetItem(text))
        if row.review_overdue(self._today):
            self.review_status.setObjectName("warning")
            last = row.last_review.isoformat() if row.last_review else tr("从未复核")
            self.review_status.show_text(tr("已超过 12 个月未复核（上次：{0}），请登记今年的复核。").format(last))
        else:
            self.review_status.show_text("")

    def add_review(self) -> None:
        if self.file_id is None:
            return
        try:
            aid.add_review(self._factory, self.file_id, self.review_date.date().toPython(),
                           str(self.review_kind.currentData()), self.review_notes.text())  # fmt: skip
        except ValidationError as exc:
            self.review_status.setObjectName("error")
            self.review_status.style().polish(self.review_status)
            self.review_status.show_text(str(exc.params.get("detail", exc.message())))
            return
        except UnionbookError as exc:
            show_error(self, exc)
            return
        self.reviews_changed = True
        self.review_notes.clear()
        self.row = aid.get_hardship_file(self._factory, self.file_id)
        self._fill_reviews(self.row)

    # --- values in and out ------------------------------------------------------------------------

    def _reload_file(self) -> None:
        """The file as stored now (someone else saved it since the dialog opened)."""
        self.row = aid.get_hardship_file(self._factory, self.file_id)  # type: ignore[arg-type]
        self._load(self.row.data)
        self._fill_reviews(self.row)

    def _load(self, data: HardshipInput) -> None:
        self.member.set_member(data.member_id)
        select(self.category, data.category)
        for label, check in self.causes.items():
            check.setChecked(label in data.causes)
        self.household.setValue(data.household_size or 0)
        self.income.setText(yuan_text(data.income_per_capita_fen))
        self.opened.setDate(QDate(data.opened_on))
        self.measures.setPlainText(data.measures)
        self.notes.setPlainText(data.notes)
        self.closed_on.set_value(data.closed_on)
        self.close_reason.setCurrentIndex(max(self.close_reason.findData(data.close_reason), 0) if data.close_reason else 0)
        for person in data.family:
            self.add_family_row(person)

    def _closing_changed(self, value: date | None) -> None:
        # A date without a reason is the usual half-finished closing: offer the common reason.
        if value is not None and self.close_reason.currentData() is None:
            self.close_reason.setCurrentIndex(self.close_reason.findData(HardshipCloseReason.RELIEVED.value))
        elif value is None:
            self.close_reason.setCurrentIndex(0)

    def hardship_input(self) -> HardshipInput:
        """The form as the service's input. Raises ValueError for an amount that is not one."""
        income = self.income.text().strip()
        return HardshipInput(
            member_id=self.member.member_id() or 0,
            category=str(self.category.currentData() or ""),
            opened_on=self.opened.date().toPython(),
            causes=tuple(label for label, check in self.causes.items() if check.isChecked()),
            household_size=self.household.value() or None,
            income_per_capita_fen=yuan_to_fen(income) if income else None,
            measures=self.measures.toPlainText(),
            closed_on=self.closed_on.value(),
            close_reason=self.close_reason.currentData(),
            notes=self.notes.toPlainText(),
            family=self.family_inputs(),
        )

    # --- saving -------------------------------------------------------------------------------

    def show_validation(self, exc: ValidationError) -> None:
        """Family rows are not fields: their errors go under the family table, on its tab."""
        field = str(exc.params.get("field", ""))
        if not field.startswith("家庭成员"):
            super().show_validation(exc)
            return
        detail = str(exc.params.get("detail", exc.message()))
        self.tabs.setCurrentIndex(0)
        self.family_error.show_text(f"{field}：{detail}" if field != "家庭成员" else tr("家庭成员") + detail)

    def check(self) -> bool:
        """A member chosen and amounts that are amounts; the service checks the rest."""
        if self.member.member_id() is None:
            self.errors["职工"].show_text(tr("请先查找并选择职工"))
            self.member.search.setFocus()
            return False
        if self.income.text().strip():
            try:
                yuan_to_fen(self.income.text())
            except ValueError:
                self.errors["人均月收入"].show_text(tr("应为金额（元），例如 850"))
                return False
        try:
            self.family_inputs()
        except ValueError as exc:
            self.tabs.setCurrentIndex(0)
            self.family_error.show_text(str(exc))
            return False
        return True

    def save(self) -> Saved:
        self.file_id = aid.save_hardship_file(self._factory, self.hardship_input(), self.file_id)
        return Saved(self.file_id)
