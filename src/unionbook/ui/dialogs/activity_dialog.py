"""Add or edit one activity or meeting (活动).

The rules live in `services.activities` (validate_activity, save_activity); this dialog shows their
verdict beside the field it names and keeps what the user typed. The one thing worked out while
typing is the quorum of a meeting, because it is what a chair checks against the sign-in sheet in
front of them: 职代会/会员大会 need two thirds of the delegates present, a 工会委员会议 half.

The meeting fields (应到/实到, 提案, 决议) are shown only for the two meeting categories, and are
saved empty for any other: a 文体活动 with "应到 45 人" left over from a category changed by
mistake would otherwise carry a quorum warning nobody can see.

费用 is typed in 元 ("3,500.50") and stored in fen through `activities.cost_from_yuan`, the one
conversion the service offers, so the dialog and an imported ledger round the same way.

Attachments (photos of the activity, the notice, the sign-in sheet) belong to a stored activity, so
a new one offers them after it is saved, as the contract dialog does.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QRegularExpression, Qt
from PySide6.QtGui import QIntValidator, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from unionbook.domain.errors import ValidationError
from unionbook.domain.money import format_yuan
from unionbook.domain.vocab import ActivityCategory, ActivityRole, FundingSource, labels
from unionbook.services import activities
from unionbook.services.activities import ActivityInput, ActivityRow, SaveResult
from unionbook.services.database import Database
from unionbook.ui.dialogs.attendance_dialog import AttendanceDialog, open_attendance
from unionbook.ui.dialogs.form_dialog import FormDialog, form_columns, inline, stacked
from unionbook.ui.dialogs.record_form import form_layout
from unionbook.ui.i18n import translator
from unionbook.ui.models.activity_table_model import quorum_rule_text, quorum_sentence
from unionbook.ui.widgets.optional_date import OptionalDateEdit

tr = translator("ActivityDialog")
_MAX_PEOPLE = 9_999_999
_NOT_SET = "未填写"
#: 元 with thousands separators and at most two decimals, as a chair copies it from a receipt.
_YUAN = QRegularExpression(r"[0-9,，]*(\.[0-9]{0,2})?")


def _int_or_none(edit: QLineEdit) -> int | None:
    text = edit.text().strip().replace(",", "").replace("，", "")
    return int(text) if text.isdigit() else None


def _people_edit(width: int = 70) -> QLineEdit:
    # A line edit, not a spin box: "not recorded" must stay possible, and 0 is a real answer.
    edit = QLineEdit()
    edit.setValidator(QIntValidator(0, _MAX_PEOPLE, edit))
    edit.setPlaceholderText(tr(_NOT_SET))
    edit.setMaximumWidth(width)
    return edit


class ActivityDialog(FormDialog):
    """`ActivityDialog(db)` adds an activity, `ActivityDialog(db, activity_id)` edits one.

    After it closed with Accepted, `saved` holds the SaveResult (id and warnings to show).
    `attachments_changed` / `attendance_changed` tell whether files or the sign-in list changed
    (both saved at once, so the page must re-read even after 取消).
    """

    def __init__(self, db: Database, activity_id: int | None = None, *, parent: QWidget | None = None,
                 default_date: date | None = None) -> None:  # fmt: skip
        super().__init__(parent, db=db)
        self.activity_id = activity_id
        self.saved: SaveResult | None = None
        self.attendance_changed = False
        self.attendance_dialog: QDialog | None = None
        #: The stored activity being edited (None for a new one).
        self.track("activities", activity_id, self._reload_activity)
        self.row: ActivityRow | None = activities.get_activity(self._factory, activity_id) if activity_id else None
        data = self.row.data if self.row else ActivityInput(
            name="", category=ActivityCategory.CULTURE_SPORTS.value, start_date=default_date or date.today()
        )

        self.setWindowTitle(tr("编辑活动：") + data.name if self.row else tr("新增活动"))
        self.body.addWidget(self._build_fields())
        # A meeting's numbers beside its photos rather than above them: stacked, a 职代会 made the
        # dialog taller than a 1366×768 screen.
        lower = QHBoxLayout()
        lower.addWidget(self._build_meeting_box(), 3)
        lower.addWidget(self._build_attachments_box(), 2)
        self.body.addLayout(lower, 1)
        self.finish()

        self._load(data)
        self.category.currentIndexChanged.connect(lambda _i: self._category_changed())
        for edit in (self.expected, self.actual):
            edit.textChanged.connect(lambda _t: self._update_quorum())
        self._last_actual = self.actual.text().strip()
        self.actual.textChanged.connect(self._actual_changed)
        self.cost.editingFinished.connect(self._tidy_cost)
        self._category_changed()
        self.name_edit.setFocus()
        self.resize(max(self.sizeHint().width(), 900), self.sizeHint().height())

    # --- building -----------------------------------------------------------------------------

    def _build_fields(self) -> QGroupBox:
        box = QGroupBox(tr("活动信息"))
        left, right = form_columns(box)

        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(200)
        self.name_edit.setPlaceholderText(tr("例如：2024年“迎新春”职工趣味运动会"))
        self.category = QComboBox()
        for label in labels(ActivityCategory):
            self.category.addItem(label, label)
        self.role = QComboBox()
        for label in labels(ActivityRole):
            self.role.addItem(label, label)
        self.role.setToolTip(tr("主办：本工会组织；承办：受上级委托组织；参加：组织职工参加上级或外单位的活动"))
        self.start_date = QDateEdit()
        self.start_date.setDisplayFormat("yyyy-MM-dd")
        self.start_date.setCalendarPopup(True)
        self.start_date.setMinimumDate(QDate(1950, 1, 1))
        self.start_date.setMaximumDate(QDate(2100, 12, 31))
        self.end_date = OptionalDateEdit()
        self.end_date.setToolTip(tr("活动持续多日时填写；当天结束的不填"))
        self.location = QLineEdit()
        self.location.setMaxLength(200)
        self.participants = _people_edit(90)
        self.attendance_note = QLabel()
        self.attendance_note.setObjectName("hint")
        self.attendance_note.setWordWrap(True)
        self.attendance_button = QPushButton(tr("签到名单…"))
        self.attendance_button.setToolTip(tr("从会员名册中选择参加的职工，或从签到表导入；有名单时人次按名单人数计"))
        self.attendance_button.clicked.connect(self.open_attendance)
        participants_row = stacked(
            inline(self.participants, tr("人次"), self.attendance_button),
            self.attendance_note,
            self.error_label("参与人次", self.participants),
        )
        kind_row = stacked(
            inline(self.category, tr("角色"), self.role),
            self.shared_error_label({"类别": self.category, "角色": self.role}),
        )

        left.addRow(tr("活动名称") + " *", self.field(self.name_edit, "活动名称"))
        left.addRow(tr("类别"), kind_row)
        left.addRow(tr("开始日期"), self.start_date)
        left.addRow(tr("结束日期"), self.field(self.end_date, "结束日期"))
        left.addRow(tr("地点"), self.location)
        left.addRow(tr("参与人次"), participants_row)

        self.cost = QLineEdit()
        self.cost.setValidator(QRegularExpressionValidator(_YUAN, self.cost))
        self.cost.setPlaceholderText(tr("例如 3,500.50"))
        self.cost.setMaximumWidth(130)
        self.cost.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.funding = QComboBox()
        self.funding.addItem(tr(_NOT_SET), None)
        for label in labels(FundingSource):
            self.funding.addItem(label, label)
        cost_row = stacked(
            inline(self.cost, tr("元"), tr("　经费来源"), self.funding),
            self.shared_error_label({"费用": self.cost, "经费来源": self.funding}),
        )
        self.outcome = QLineEdit()
        self.outcome.setMaxLength(500)
        self.outcome.setPlaceholderText(tr("例如：获团体三等奖、优秀组织奖"))
        self.summary = QPlainTextEdit()
        self.summary.setTabChangesFocus(True)
        self.summary.setFixedHeight(self.summary.fontMetrics().lineSpacing() * 5 + 12)
        self.summary.setPlaceholderText(tr("活动内容、组织情况、职工反响等，写进年度工作总结时可直接引用"))

        right.addRow(tr("费用"), cost_row)
        right.addRow(tr("成果/获奖"), self.outcome)
        right.addRow(tr("摘要"), self.summary)
        return box

    def _build_meeting_box(self) -> QGroupBox:
        self.meeting_box = QGroupBox(tr("会议情况"))
        column = QVBoxLayout(self.meeting_box)
        form = form_layout(all_grow=True)
        column.addLayout(form)
        column.addStretch(1)  # beside the taller attachments box: rows stay together at the top
        self.expected = _people_edit()
        self.actual = _people_edit()
        self.proposals = _people_edit()
        self.proposals_closed = _people_edit()
        self.quorum_label = QLabel()
        self.quorum_label.setObjectName("quorum")
        self.quorum_label.setWordWrap(True)
        # One error line per row: a reason squeezed under a box as narrow as "45" would wrap
        # into unreadable pieces.
        people = stacked(
            inline(tr("应到"), self.expected, tr("人　实到"), self.actual, tr("人")),
            self.quorum_label,
            self.shared_error_label({"应到人数": self.expected, "实到人数": self.actual}),
        )
        proposals = stacked(
            inline(tr("收到提案"), self.proposals, tr("件　已办结"), self.proposals_closed, tr("件")),
            self.shared_error_label({"提案数": self.proposals, "已办结提案数": self.proposals_closed}),
        )
        self.decisions = QPlainTextEdit()
        self.decisions.setTabChangesFocus(True)
        self.decisions.setFixedHeight(self.decisions.fontMetrics().lineSpacing() * 4 + 12)
        self.decisions.setPlaceholderText(tr("会议审议通过的事项和作出的决定，一项一行"))
        form.addRow(tr("出席人数"), people)
        form.addRow(tr("提案"), proposals)
        form.addRow(tr("决议事项"), self.decisions)
        return self.meeting_box

    def _build_attachments_box(self) -> QGroupBox:
        box = QGroupBox(tr("照片和附件（活动照片、通知、签到表、获奖证书）"))
        column = QVBoxLayout(box)
        hint = tr("保存后可添加照片和附件：在活动页下方的“照片和附件”栏添加，或再次打开这项活动添加。")
        column.addWidget(self.attachments_widget(self.db, "activity_id", self.activity_id, hint))
        self.attachments.list.setMinimumHeight(90)
        return box

    # --- values in and out ----------------------------------------------------------------

    def _load(self, data: ActivityInput) -> None:
        for combo, value in ((self.category, data.category), (self.role, data.role)):
            index = combo.findData(value)
            if index < 0:  # a value from another system: shown, and the service will refuse it
                combo.addItem(value, value)
                index = combo.count() - 1
            combo.setCurrentIndex(index)
        self.name_edit.setText(data.name)
        self.start_date.setDate(QDate(data.start_date))
        self.end_date.set_value(data.end_date)
        self.location.setText(data.location)
        self.participants.setText("" if data.participants is None else str(data.participants))
        self.cost.setText(format_yuan(data.cost_fen) if data.cost_fen else "")
        self.funding.setCurrentIndex(max(self.funding.findData(data.funding_source), 0) if data.funding_source else 0)
        self.outcome.setText(data.outcome)
        self.summary.setPlainText(data.summary)
        for edit, value in (
            (self.expected, data.expected_attendance),
            (self.actual, data.actual_attendance),
            (self.proposals, data.proposals),
            (self.proposals_closed, data.proposals_closed),
        ):
            edit.setText("" if value is None else str(value))
        self.decisions.setPlainText(data.decisions)
        self._show_attendance(self.row.attendance if self.row else 0)

    def is_meeting(self) -> bool:
        return self.category.currentData() in ActivityCategory.meetings()

    def activity_input(self, cost_fen: int = 0) -> ActivityInput:
        """The form as the service's input; normalising and checking is the service's job."""
        meeting = self.is_meeting()
        return ActivityInput(
            name=self.name_edit.text(),
            category=str(self.category.currentData() or ""),
            start_date=self.start_date.date().toPython(),
            end_date=self.end_date.value(),
            location=self.location.text(),
            role=str(self.role.currentData() or ""),
            participants=_int_or_none(self.participants),
            cost_fen=cost_fen,
            funding_source=self.funding.currentData(),
            outcome=self.outcome.text(),
            summary=self.summary.toPlainText(),
            expected_attendance=_int_or_none(self.expected) if meeting else None,
            actual_attendance=_int_or_none(self.actual) if meeting else None,
            proposals=_int_or_none(self.proposals) if meeting else None,
            proposals_closed=_int_or_none(self.proposals_closed) if meeting else None,
            decisions=self.decisions.toPlainText() if meeting else "",
        )

    # --- live feedback ------------------------------------------------------------------------

    def _category_changed(self) -> None:
        self.meeting_box.setVisible(self.is_meeting())
        if self.is_meeting():
            rule = quorum_rule_text(str(self.category.currentData()))
            self.meeting_box.setTitle(tr("会议情况（实到须达应到的{0}）").format(rule))
        self._update_quorum()

    def _update_quorum(self) -> None:
        text, held = quorum_sentence(str(self.category.currentData()), _int_or_none(self.expected),
                                     _int_or_none(self.actual))  # fmt: skip
        self.quorum = held
        colour = {True: "#1e8449", False: "#c0392b"}.get(held, "#6b7785")  # type: ignore[arg-type]
        self.quorum_label.setStyleSheet(f"color: {colour};" + (" font-weight: bold;" if held is not None else ""))
        self.quorum_label.setText(text)

    def _actual_changed(self, text: str) -> None:
        """A meeting's 人次 is usually its 实到: fill it in while the chair has not typed another
        number, so a meeting does not count 0 人次 in the year's figures by oversight."""
        actual = text.strip()
        if self.participants.isEnabled() and self.participants.text().strip() in ("", self._last_actual):
            self.participants.setText(actual)
        self._last_actual = actual

    def _show_attendance(self, count: int) -> None:
        """With a sign-in list the typed 人次 no longer counts: say so, and lock the box."""
        self.attendance_count = count
        self.participants.setEnabled(count == 0)
        if self.activity_id is None:
            self.attendance_button.setEnabled(False)
            self.attendance_note.setText(tr("保存后可登记签到名单，人次将按名单人数计。"))
        elif count:
            self.attendance_note.setText(tr("已有签到名单 {0} 人：人次按名单计。").format(count))
        else:
            self.attendance_note.setText(tr("没有签到名单时按这里填写的人次计。"))

    def _tidy_cost(self) -> None:
        """"3500.5" → "3,500.50" once the user leaves the box: what will be saved, as it reads."""
        try:
            fen = activities.cost_from_yuan(self.cost.text())
        except ValidationError:
            return  # accept() says what is wrong
        self.cost.setText(format_yuan(fen) if fen or self.cost.text().strip() else "")

    def open_attendance(self) -> QDialog | None:
        """The sign-in list of this (stored) activity; its 人次 follows the list once saved."""
        if self.activity_id is None:
            return None
        self.attendance_dialog = open_attendance(self, self.db, self.activity_id, self._attendance_closed)
        return self.attendance_dialog

    def _attendance_closed(self, dialog: AttendanceDialog) -> None:
        self.attendance_dialog = None
        if dialog.changed:
            self.attendance_changed = True
            self._show_attendance(activities.get_activity(self._factory, dialog.activity_id).attendance)

    # --- saving -------------------------------------------------------------------------------

    def check(self) -> bool:
        try:
            activities.cost_from_yuan(self.cost.text())
        except ValidationError:
            self.errors["费用"].show_text(tr("费用应为金额（元），例如 3,500.50"))
            self.cost.setFocus()
            return False
        return True

    def _reload_activity(self) -> None:
        """The activity as stored now (someone else saved it since the dialog opened)."""
        self.row = activities.get_activity(self._factory, self.activity_id)  # type: ignore[arg-type]
        self._load(self.row.data)

    def save(self) -> SaveResult:
        cost_fen = activities.cost_from_yuan(self.cost.text())
        saved = activities.save_activity(self._factory, self.activity_input(cost_fen), self.activity_id)
        self.activity_id = saved.id
        return saved
