"""Add or edit one person (职工/会员), with the membership history for people already registered.

The rules live in `services.members` (validate_member, save_member); this dialog only shows their
verdict beside the field it names and keeps what the user typed. The one check done while typing is
the ID number, because a chair copying numbers from paper wants to know at once that a digit is
wrong, and because a valid number fills in 出生日期 and 性别 (the number wins, DESIGN.md).

Membership changes (转出, 保留 ...) are events with a date, saved the moment they are registered, not
fields of the form: the person's status is whatever the latest event says.

A registered person's page also lists the activities they are on the sign-in list of (参加的活动),
read-only: the list is kept on the activity (活动 page, 签到名单), which is where it is changed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from unionbook.domain.idnumber import IdNumberError, parse_resident_id
from unionbook.domain.phone import phone_warning
from unionbook.domain.vocab import (
    Education,
    EmploymentStatus,
    Gender,
    HukouType,
    IdType,
    PoliticalStatus,
    labels,
)
from unionbook.services import members
from unionbook.services.members import MemberDetail, MemberInput, SaveResult
from unionbook.ui.dialogs.form_dialog import FormDialog, form_columns
from unionbook.ui.dialogs.member_history import ActivitiesTab, AidTab, HonorsTab, MembershipHistory
from unionbook.ui.dialogs.record_form import form_layout
from unionbook.ui.i18n import translator
from unionbook.ui.widgets.optional_date import OptionalDateEdit

tr = translator("MemberDialog")

#: The 56 民族 in the order of GB 3304; the combo stays editable for anything else a roster holds.
ETHNIC_GROUPS = ["汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族", "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族", "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族", "土族", "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族", "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔族", "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族"]
TECH_LEVELS = ["初级工", "中级工", "高级工", "技师", "高级技师", "助理工程师", "工程师", "高级工程师"]
EMPLOYMENT_FORMS = ["劳动合同制", "劳务派遣", "临时工", "非全日制用工", "退休返聘"]
#: Number types that carry a birth date and a check digit (services check them the same way).
CHECKED_ID_TYPES = (IdType.RESIDENT_ID.value, IdType.HMT_RESIDENCE.value)
#: Lengths at which a typed number is checked while typing: a 15-digit legacy number or 18 and
#: beyond. In between the user is still typing, and a red "应为18位" at every digit would nag.
_CHECK_WHILE_TYPING = 15
_NOT_SET = "未填写"


def _combo(items: list[str], *, editable: bool, blank: bool = True) -> QComboBox:
    combo = QComboBox()
    combo.setEditable(editable)
    if editable:
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.lineEdit().setPlaceholderText(tr(_NOT_SET))
        if blank:
            combo.addItem("")
    elif blank:
        combo.addItem(tr(_NOT_SET), "")
    for item in items:
        combo.addItem(item, item)
    return combo


def _set_combo_value(combo: QComboBox, value: str) -> None:
    """Select `value`; a value the list lacks (an imported 户籍类型 "非农业") is added, not lost."""
    if combo.isEditable():
        combo.setCurrentText(value)
        return
    index = combo.findData(value)
    if index < 0:
        combo.addItem(value, value)
        index = combo.count() - 1
    combo.setCurrentIndex(index)


def _combo_value(combo: QComboBox) -> str:
    if combo.isEditable():
        return combo.currentText().strip()
    return str(combo.currentData() or "")


class MemberDialog(FormDialog):
    """`MemberDialog(factory)` adds a person; `MemberDialog(factory, member_id)` edits one.

    After `exec()` returned Accepted, `saved` holds the SaveResult (id and warnings to show).
    `history_changed` tells whether membership events were added or deleted (saved at once, so
    the roster must re-read even when the dialog was cancelled).
    """

    def __init__(self, factory: Any, member_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._factory = factory
        self.member_id = member_id
        self.saved: SaveResult | None = None
        self.history_changed = False
        self.track("members", member_id, self._reload_member)
        self._detail: MemberDetail | None = members.get_member(factory, member_id) if member_id is not None else None
        self.setWindowTitle(tr("新增职工") if member_id is None else tr("编辑职工：") + self._detail.data.name)
        self.setMinimumWidth(880)  # two columns of fields plus the history side by side

        # One tab a subject, so the dialog fits a 1366×768 screen with its buttons in view.
        self.tabs = QTabWidget()
        self.body.addWidget(self.tabs)
        form = QWidget()
        form_layout = QVBoxLayout(form)
        form_layout.addWidget(self._build_person_box())
        form_layout.addWidget(self._build_status_box())
        form_layout.addStretch(1)
        self.tabs.addTab(form, tr("基本信息"))
        if self._detail is not None:
            history = MembershipHistory(factory, member_id, self._detail)  # type: ignore[arg-type]
            history.changed.connect(self._history_changed)
            # The tab's fields under the names the dialog always had (tests drive them).
            self.events_table, self.employment_table = history.events_table, history.employment_table
            self.event_kind, self.event_date, self.event_reason = history.event_kind, history.event_date, history.event_reason
            self.add_event, self.delete_event = history.add_event, history.delete_event
            self.tabs.addTab(history, tr("会籍与就业记录"))
            activities = ActivitiesTab(factory, member_id)  # type: ignore[arg-type]
            self.activities_table = activities.table
            self.tabs.addTab(activities, activities.caption)
            aid = AidTab(factory, member_id, self._detail.data.name)  # type: ignore[arg-type]
            self.aid_summary, self.aid_table, self.aid_details = aid.summary, aid.table, aid.details
            self.aid_details_button = aid.details_button
            self.tabs.addTab(aid, aid.caption)
            honors = HonorsTab(factory, member_id)  # type: ignore[arg-type]
            self.honors_summary, self.honors_table = honors.summary, honors.table
            self.tabs.addTab(honors, honors.caption)
        else:
            self.tabs.tabBar().hide()
        self.finish()

        self.id_number.textChanged.connect(self._check_id_number)
        self.id_number.editingFinished.connect(lambda: self._check_id_number(final=True))
        self.id_type.currentIndexChanged.connect(lambda _i: self._check_id_number(final=True))
        # Only a warning (the number is saved as typed), shown once the user leaves the field.
        self.phone.editingFinished.connect(self._check_phone)
        self.phone.textEdited.connect(lambda _t: self.phone_hint.hide())
        self.is_member.toggled.connect(lambda _checked: self._update_join_date())
        self.join_date_unknown.toggled.connect(lambda _checked: self._update_join_date())
        self.join_date.value_changed.connect(self._join_date_changed)
        self._load(self._detail.data if self._detail else MemberInput(name=""))
        self.name.setFocus()

    # --- building -----------------------------------------------------------------------------

    def _build_person_box(self) -> QGroupBox:
        box = QGroupBox(tr("基本信息"))
        left, right = form_columns(box, all_grow=True)

        self.name = QLineEdit()
        self.name.setMaxLength(50)
        self.id_type = _combo(labels(IdType), editable=False, blank=False)
        self.id_number = QLineEdit()
        self.id_number.setMaxLength(32)
        self.id_number.setPlaceholderText(tr("18位居民身份证号码，末位可为X"))
        self.id_hint = QLabel()
        self.id_hint.setObjectName("hint")
        self.id_hint.hide()
        id_box = self.field(self.id_number, "证件号码")
        id_box.layout().addWidget(self.id_hint)
        self.gender = _combo(labels(Gender), editable=False)
        self.birth_date = OptionalDateEdit(default=date(1990, 1, 1))
        self.ethnicity = _combo(ETHNIC_GROUPS, editable=True)
        self.education = _combo(labels(Education), editable=True)
        self.political_status = _combo(labels(PoliticalStatus), editable=True)
        self.tech_level = _combo(TECH_LEVELS, editable=True)

        left.addRow(tr("姓名") + " *", self.field(self.name, "姓名"))
        left.addRow(tr("证件类型"), self.id_type)
        left.addRow(tr("证件号码"), id_box)
        left.addRow(tr("性别"), self.field(self.gender, "性别"))
        left.addRow(tr("出生日期"), self.field(self.birth_date, "出生日期"))
        left.addRow(tr("民族"), self.ethnicity)
        left.addRow(tr("学历"), self.education)
        left.addRow(tr("政治面貌"), self.political_status)
        left.addRow(tr("技术等级"), self.tech_level)

        self.phone = QLineEdit()
        self.phone.setMaxLength(30)
        self.hukou_type = _combo(labels(HukouType), editable=False)
        self.hukou_place = QLineEdit()
        self.hukou_place.setMaxLength(100)
        self.department = _combo(members.departments(self._factory), editable=True)
        self.position = QLineEdit()
        self.position.setMaxLength(100)
        self.employment_form = _combo(EMPLOYMENT_FORMS, editable=True)
        self.migrant = QCheckBox(tr("是农民工"))
        self.card_no = QLineEdit()
        self.card_no.setMaxLength(40)
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.notes.fontMetrics().lineSpacing() * 3 + 12)

        phone_box = self.field(self.phone, "手机号")
        self.phone_hint = QLabel()
        self.phone_hint.setObjectName("warning")
        self.phone_hint.setWordWrap(True)
        self.phone_hint.hide()
        phone_box.layout().addWidget(self.phone_hint)
        right.addRow(tr("手机号"), phone_box)
        right.addRow(tr("部门/工会小组"), self.field(self.department, "部门"))
        right.addRow(tr("岗位"), self.position)
        right.addRow(tr("用工形式"), self.employment_form)
        right.addRow(tr("户籍类型"), self.hukou_type)
        right.addRow(tr("户籍所在地"), self.hukou_place)
        right.addRow(tr("农民工"), self.migrant)
        right.addRow(tr("会员卡号"), self.field(self.card_no, "会员卡号"))
        right.addRow(tr("备注"), self.notes)
        return box

    def _build_status_box(self) -> QGroupBox:
        box = QGroupBox(tr("会籍与就业状况"))
        form = form_layout(box, all_grow=True)
        self.is_member = QCheckBox(tr("是工会会员"))
        self.join_date = OptionalDateEdit(default=date.today())
        # A member's 入会日期 is asked for, or its absence said on purpose: an undated 入会 counts
        # as the earliest, so a date forgotten here would hide a 新入会 of this year.
        self.join_date_unknown = QCheckBox(tr("日期不详"))
        self.join_date_unknown.setToolTip(tr("确实不知道何时入会（如老会员、旧花名册上没有记载）时勾选"))
        join_widget = QWidget()
        join_row = QHBoxLayout(join_widget)
        join_row.setContentsMargins(0, 0, 0, 0)
        join_row.addWidget(self.is_member)
        join_row.addSpacing(16)
        join_row.addWidget(QLabel(tr("入会日期")))
        join_row.addWidget(self.field(self.join_date, "入会日期", self.join_date.check))
        join_row.addWidget(self.join_date_unknown, 0, Qt.AlignmentFlag.AlignTop)
        join_row.addStretch(1)
        if self._detail is None:
            form.addRow(tr("会籍"), join_widget)
        else:
            # An existing person's membership changes only through dated events (below).
            join_widget.setParent(box)
            join_widget.hide()
            self.membership_label = QLabel(self._detail.membership)
            self.membership_label.setObjectName("membershipStatus")
            form.addRow(tr("当前会籍状态"), self.membership_label)

        self.employment = _combo(labels(EmploymentStatus), editable=False)
        self.employment_since = OptionalDateEdit(default=date.today())
        since_hint = QLabel(tr("起始日期") if self._detail is None else tr("变更日期（不填为今天）"))
        employment_row = QHBoxLayout()
        employment_row.addWidget(self.field(self.employment, "就业状况"))
        employment_row.addSpacing(16)
        employment_row.addWidget(since_hint)
        employment_row.addWidget(self.employment_since)
        employment_row.addStretch(1)
        form.addRow(tr("就业状况"), employment_row)
        return box

    # --- values in and out ----------------------------------------------------------------

    def _load(self, data: MemberInput) -> None:
        self.name.setText(data.name)
        _set_combo_value(self.id_type, data.id_type or IdType.RESIDENT_ID.value)
        self.gender.setCurrentIndex(max(self.gender.findData(data.gender or ""), 0))
        self.birth_date.set_value(data.birth_date)
        self.id_number.setText(data.id_number)
        _set_combo_value(self.ethnicity, data.ethnicity)
        _set_combo_value(self.education, data.education)
        _set_combo_value(self.political_status, data.political_status)
        _set_combo_value(self.tech_level, data.tech_level)
        self.phone.setText(data.phone)
        _set_combo_value(self.hukou_type, data.hukou_type)
        self.hukou_place.setText(data.hukou_place)
        _set_combo_value(self.department, data.department)
        self.position.setText(data.position)
        _set_combo_value(self.employment_form, data.employment_form)
        self.migrant.setChecked(data.is_migrant_worker)
        self.card_no.setText(data.member_card_no)
        self.notes.setPlainText(data.notes)
        self.is_member.setChecked(data.is_member)
        self.join_date.set_value(data.join_date)
        self.join_date_unknown.setChecked(data.join_date_unknown)
        self._update_join_date()
        _set_combo_value(self.employment, data.employment_status)
        self.employment_since.set_value(data.employment_since)
        self._check_id_number(final=True)
        self._check_phone()

    def member_input(self) -> MemberInput:
        """The form as the service's input; normalising and checking is the service's job."""
        detail = self._detail.data if self._detail else None
        if detail is None:
            is_member = self.is_member.isChecked()
            join_date = self.join_date.value() if is_member else None
            unknown = is_member and join_date is None and self.join_date_unknown.isChecked()
        else:  # not edited here: membership changes are events (save_member ignores these)
            is_member, join_date, unknown = detail.is_member, detail.join_date, detail.join_date_unknown
        return MemberInput(
            name=self.name.text(),
            gender=str(self.gender.currentData() or "") or None,
            birth_date=self.birth_date.value(),
            ethnicity=_combo_value(self.ethnicity),
            id_type=_combo_value(self.id_type),
            id_number=self.id_number.text(),
            education=_combo_value(self.education),
            tech_level=_combo_value(self.tech_level),
            phone=self.phone.text(),
            hukou_type=_combo_value(self.hukou_type),
            hukou_place=self.hukou_place.text(),
            political_status=_combo_value(self.political_status),
            department=_combo_value(self.department),
            position=self.position.text(),
            employment_form=_combo_value(self.employment_form),
            is_migrant_worker=self.migrant.isChecked(),
            member_card_no=self.card_no.text(),
            notes=self.notes.toPlainText(),
            is_member=is_member,
            join_date=join_date,
            join_date_unknown=unknown,
            employment_status=_combo_value(self.employment),
            employment_since=self.employment_since.value(),
        )

    # --- checking -------------------------------------------------------------------------

    def _check_id_number(self, _text: str = "", *, final: bool = False) -> None:
        """Check the number as it is typed; a valid one fills and locks 出生日期 and 性别."""
        number = self.id_number.text().strip()
        error = self.errors["证件号码"]
        checked = _combo_value(self.id_type) in CHECKED_ID_TYPES
        parsed = None
        message = ""
        hint = ""
        if checked and number:
            if final or len(number) == _CHECK_WHILE_TYPING or len(number) >= 18:
                try:
                    parsed = parse_resident_id(number)
                except IdNumberError as exc:
                    message = exc.reason
            else:
                hint = tr("已输入 {n} 位").format(n=len(number))
        error.show_text(message)
        if parsed is not None:
            self.birth_date.set_value(parsed.birth_date)
            self.gender.setCurrentIndex(self.gender.findData(parsed.gender))
            hint = tr("出生日期和性别已按证件号码填写")
        self.id_hint.setText(hint)
        self.id_hint.setVisible(bool(hint))
        locked = parsed is not None
        self.birth_date.setEnabled(not locked)
        self.gender.setEnabled(not locked)
        tip = tr("由证件号码带出，不能单独修改") if locked else ""
        self.birth_date.setToolTip(tip)
        self.gender.setToolTip(tip)

    def _update_join_date(self) -> None:
        """入会日期 and 日期不详 apply to a member only; 日期不详 empties and locks the date."""
        member = self.is_member.isChecked()
        self.join_date_unknown.setEnabled(member)
        self.join_date.setEnabled(member and not self.join_date_unknown.isChecked())
        if self.join_date_unknown.isChecked() and self.join_date.value() is not None:
            self.join_date.set_value(None)
        if not member or self.join_date_unknown.isChecked():
            self.errors["入会日期"].show_text("")

    def _join_date_changed(self, value: date | None) -> None:
        if value is not None:
            self.join_date_unknown.setChecked(False)
            self.errors["入会日期"].show_text("")

    def _check_phone(self) -> None:
        warning = phone_warning(self.phone.text()) or ""
        self.phone_hint.setText(warning)
        self.phone_hint.setVisible(bool(warning))

    def live_fields(self) -> tuple[str, ...]:
        return ("证件号码",)  # the live check owns this one

    def save(self) -> SaveResult:
        return members.save_member(self._factory, self.member_input(), self.member_id)

    def _reload_member(self) -> None:
        """The person as stored now (someone else saved them since the dialog opened)."""
        self._detail = members.get_member(self._factory, self.member_id)  # type: ignore[arg-type]
        self._load(self._detail.data)
        self.membership_label.setText(self._detail.membership)

    def _history_changed(self, detail: MemberDetail) -> None:
        self._detail = detail
        self.history_changed = True
        self.membership_label.setText(detail.membership)
