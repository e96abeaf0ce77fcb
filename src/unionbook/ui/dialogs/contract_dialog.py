"""Add, edit or renew one collective contract (集体合同).

The rules live in `services.contracts` (validate_contract, save_contract) and `domain.contracts`;
this dialog shows their verdict beside the field it names and keeps what the user typed. Two things
are shown while typing, because they are what a chair checks against the paper file: the legal
process (职代会审议, 10日内报送备案, 向职工公布), recomputed from the dates as they are entered, and
the status the contract will have (有效, 即将到期 …) with a warning for terms over three years.

续签 opens this dialog on `renewal_draft`: a new contract prefilled from the old one and linked to
it, saying so at the top, so the chair only fills in the new dates.

Attachments belong to a stored contract (they point at its id), so a new contract offers them after
it is saved; the page reopens the dialog on request.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QDoubleValidator, QIntValidator
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from unionbook.domain.contracts import (
    ContractStatus,
    check_contract,
    contract_status,
    process_checklist,
)
from unionbook.domain.errors import ValidationError
from unionbook.domain.vocab import ContractType, labels
from unionbook.services import contracts
from unionbook.services.contracts import ContractInput, ContractRow, SaveResult
from unionbook.services.database import Database
from unionbook.services.union import get_profile
from unionbook.ui.dialogs.form_dialog import ErrorLabel, FormDialog, form_columns
from unionbook.ui.i18n import translator
from unionbook.ui.widgets.attachments import AttachmentsWidget
from unionbook.ui.widgets.contract_detail import checklist_html
from unionbook.ui.widgets.optional_date import OptionalDateEdit

tr = translator("ContractDialog")
_MAX_PEOPLE = 9_999_999


def _int_or_none(edit: QLineEdit) -> int | None:
    text = edit.text().strip().replace(",", "")
    return int(text) if text else None


def _float_or_none(edit: QLineEdit) -> float | None:
    text = edit.text().strip().rstrip("%").rstrip("％").strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return None


def status_sentence(status: ContractStatus, effective_to: date | None, terminated_on: date | None, today: date) -> str:
    """The status in words, with the days left when that is what matters."""
    match status:
        case ContractStatus.EXPIRING if effective_to:
            return tr("即将到期：还有 {0} 天（{1}）到期，请及时协商续签").format((effective_to - today).days, effective_to)
        case ContractStatus.IN_FORCE if effective_to:
            return tr("有效：{0} 到期，还有 {1} 天").format(effective_to, (effective_to - today).days)
        case ContractStatus.EXPIRED if effective_to:
            return tr("已到期：{0} 到期，已过 {1} 天，尚未续签").format(effective_to, (today - effective_to).days)
        case ContractStatus.TERMINATED if terminated_on:
            return tr("已终止：{0} 提前终止").format(terminated_on)
        case ContractStatus.NOT_YET:
            return tr("未生效：尚未到生效日期")
    return status.value


class ContractDialog(FormDialog):
    """`ContractDialog(db)` adds a contract, `ContractDialog(db, contract_id)` edits one,
    `ContractDialog(db, draft=renewal_draft(...))` registers a renewal.

    After `exec()` returned Accepted, `saved` holds the SaveResult (id and warnings to show).
    `attachments_changed` tells whether files were attached or removed (saved at once).
    """

    def __init__(self, db: Database, contract_id: int | None = None, *, draft: ContractInput | None = None,
                 parent: QWidget | None = None, today: date | None = None) -> None:  # fmt: skip
        super().__init__(parent, db=db, today=today)
        self.contract_id = contract_id
        self.saved: SaveResult | None = None
        self.attachments_changed = False
        #: The stored contract being edited (None for a new one or a renewal).
        self.track("collective_contracts", contract_id, self._reload_contract)
        self.row: ContractRow | None = contracts.get_contract(self._factory, contract_id) if contract_id else None
        others = [r for r in contracts.list_contracts(self._factory) if r.id != contract_id]
        self._others = sorted(
            others, key=lambda r: r.data.signed_on or r.data.effective_from or date.min, reverse=True
        )
        data = self.row.data if self.row else draft
        if data is None:
            employer = get_profile(self._factory).unit_name  # the union's own enterprise, usually
            data = ContractInput(kind=ContractType.COMPREHENSIVE.value, title="", employer=employer)
        self.is_renewal = self.row is None and draft is not None and draft.renews_id is not None

        if self.row is not None:
            self.setWindowTitle(tr("编辑集体合同：") + self.row.data.title)
        elif self.is_renewal:
            self.setWindowTitle(tr("续签集体合同"))
        else:
            self.setWindowTitle(tr("新增集体合同"))

        layout = self.body
        self.renewal_banner = QLabel()
        self.renewal_banner.setObjectName("renewalBanner")
        self.renewal_banner.setWordWrap(True)
        self.renewal_banner.setStyleSheet(
            "QLabel#renewalBanner { background: #eaf2fb; border: 1px solid #b8d0ea; border-radius: 4px; padding: 8px; }"
        )
        self.renewal_banner.hide()
        layout.addWidget(self.renewal_banner)
        layout.addWidget(self._build_fields())
        middle = QHBoxLayout()
        middle.addWidget(self._build_process_box(), 3)
        middle.addWidget(self._build_attachments_box(), 2)
        layout.addLayout(middle, 1)
        self.finish()

        self._load(data)
        for widget in self._dates.values():
            widget.value_changed.connect(lambda _v: self._update_live())
        for edit in (self.employees, self.female):
            edit.textChanged.connect(lambda _t: self._update_live())
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.renews.currentIndexChanged.connect(lambda _i: self._update_renewal_banner())
        self._kind_changed()
        self._update_renewal_banner()
        self.title_edit.setFocus()
        # Not setMinimumWidth(): a widget with its own minimum size no longer gets the layout's
        # minimum height, and Qt then squeezes the form's rows into each other on a short screen.
        self.resize(max(self.sizeHint().width(), 960), self.sizeHint().height())

    # --- building -----------------------------------------------------------------------------

    def _build_fields(self) -> QGroupBox:
        box = QGroupBox(tr("合同信息"))
        left, right = form_columns(box, (3, 2))

        self.kind = QComboBox()
        for label in labels(ContractType):
            self.kind.addItem(label, label)
        self.title_edit = QLineEdit()
        self.title_edit.setMaxLength(200)
        self.title_edit.setPlaceholderText(tr("例如：某某公司集体合同（2024—2026年度）"))
        self.employer = QLineEdit()
        self.employer.setMaxLength(200)
        self.renews = QComboBox()
        self.renews.addItem(tr("（不是续签合同）"), None)
        for other in self._others:
            signed = f"（{other.data.signed_on.isoformat()} 签订）" if other.data.signed_on else ""
            self.renews.addItem(other.data.title + signed, other.id)
        self.renews.setToolTip(tr("这份合同续签的是哪一份原合同；原合同将显示为“已续签”"))
        self.renews.setMinimumContentsLength(20)
        self.renews.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        # Titles are long: the combo takes the column's width, and its list shows them whole.
        self.renews.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.renews.view().setMinimumWidth(self.renews.fontMetrics().horizontalAdvance("字" * 40))
        self.enterprises = QSpinBox()
        self.enterprises.setRange(0, 100_000)
        self.enterprises.setToolTip(tr("区域性、行业性集体合同覆盖多家企业；本企业的合同填 1"))
        self.enterprises.setMaximumWidth(80)
        self.employees = self._people_edit()
        self.female = self._people_edit()
        # The three numbers share one line and one error line under it: a reason squeezed under
        # a box as narrow as "1,000" would wrap into unreadable pieces.
        coverage = QWidget()
        coverage_column = QVBoxLayout(coverage)
        coverage_column.setContentsMargins(0, 0, 0, 0)
        coverage_column.setSpacing(2)
        coverage_row = QHBoxLayout()
        coverage_column.addLayout(coverage_row)
        self.coverage_error = ErrorLabel()
        coverage_column.addWidget(self.coverage_error)
        for widget, key, before, after in (
            (self.enterprises, "覆盖企业数", "", tr("家企业")),
            (self.employees, "覆盖职工数", tr("职工"), tr("人")),
            (self.female, "覆盖女职工数", tr("其中女职工"), tr("人")),
        ):
            if before:
                coverage_row.addSpacing(12)
                coverage_row.addWidget(QLabel(before))
            coverage_row.addWidget(widget)
            coverage_row.addWidget(QLabel(after))
            self.errors[key] = self.coverage_error
            self._focus[key] = widget
        coverage_row.addStretch(1)
        self.wage = QLineEdit()
        self.wage.setValidator(_percent_validator(self.wage))
        self.wage.setPlaceholderText(tr("例如 5.5"))
        self.wage.setMaximumWidth(110)
        wage_row = QWidget()
        wage_layout = QHBoxLayout(wage_row)
        wage_layout.setContentsMargins(0, 0, 0, 0)
        wage_layout.addWidget(self.wage)
        wage_layout.addWidget(QLabel("%"))
        self.wage_hint = QLabel(tr("仅工资专项集体合同填写"))
        self.wage_hint.setObjectName("hint")
        wage_layout.addWidget(self.wage_hint)
        wage_layout.addStretch(1)

        left.addRow(tr("合同类型"), self.field(self.kind, "合同类型"))
        left.addRow(tr("合同名称"), self.field(self.title_edit, "合同名称"))
        left.addRow(tr("企业方"), self.employer)
        left.addRow(tr("续签自"), self.field(self.renews, "续签自"))
        left.addRow(tr("覆盖范围"), coverage)
        left.addRow(tr("工资增长幅度"), self.field(wage_row, "工资增长幅度"))

        self._dates: dict[str, OptionalDateEdit] = {}
        for key, label in (
            ("negotiated_on", "协商日期"),
            ("congress_approved_on", "职代会审议通过日期"),
            ("signed_on", "签订日期"),
            ("filed_on", "报送审查备案日期"),
            ("published_on", "向职工公布日期"),
            ("effective_from", "生效日期"),
            ("effective_to", "终止日期"),
            ("terminated_on", "提前终止日期"),
        ):
            widget = OptionalDateEdit(default=self._today)
            self._dates[key] = widget
            right.addRow(tr(label), self.field(widget, label))
        self._dates["terminated_on"].setToolTip(tr("双方协商一致提前解除合同时填写；合同将显示为“已终止”"))
        self._dates["effective_to"].setToolTip(tr("合同期满的日期（期限止）"))

        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.notes.fontMetrics().lineSpacing() * 3 + 12)
        self.notes.setPlaceholderText(tr("例如：主要条款、协商过程、备案回执编号"))
        left.addRow(tr("备注"), self.notes)
        return box

    @staticmethod
    def _people_edit() -> QLineEdit:
        # A line edit, not a spin box: "not recorded" must stay possible, and 0 is a real answer.
        edit = QLineEdit()
        edit.setValidator(QIntValidator(0, _MAX_PEOPLE, edit))
        edit.setPlaceholderText(tr("未填写"))
        edit.setMaximumWidth(90)
        return edit

    def _build_process_box(self) -> QGroupBox:
        box = QGroupBox(tr("状态与法定程序"))
        column = QVBoxLayout(box)
        self.status_label = QLabel()
        self.status_label.setObjectName("contractStatus")
        self.status_label.setWordWrap(True)
        column.addWidget(self.status_label)
        self.term_warning = QLabel()
        self.term_warning.setObjectName("warning")
        self.term_warning.setWordWrap(True)
        self.term_warning.hide()
        column.addWidget(self.term_warning)
        self.checklist_label = QLabel()
        self.checklist_label.setObjectName("checklist")
        self.checklist_label.setTextFormat(Qt.TextFormat.RichText)
        self.checklist_label.setWordWrap(True)
        self.checklist_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.checklist_label)
        law = QLabel(
            tr("依据《集体合同规定》：集体合同草案应提交职工代表大会或全体职工讨论通过；"
               "签订后10日内报送劳动保障（人社）行政部门审查；生效后向全体职工公布。")
        )  # fmt: skip
        law.setObjectName("hint")
        law.setWordWrap(True)
        column.addWidget(law)
        column.addStretch(1)
        return box

    def _build_attachments_box(self) -> QGroupBox:
        box = QGroupBox(tr("附件（合同文本扫描件、备案回执）"))
        column = QVBoxLayout(box)
        self.attachments = AttachmentsWidget(
            self.db,
            "contract_id",
            unsaved_hint=tr("保存后可添加附件：在集体合同页下方的“附件”栏添加，或再次打开这份合同添加。"),
        )
        self.attachments.list.setMinimumHeight(80)
        self.attachments.set_owner_id(self.contract_id)
        self.attachments.changed.connect(self._attachments_changed)
        column.addWidget(self.attachments)
        return box

    def _attachments_changed(self) -> None:
        self.attachments_changed = True

    # --- values in and out ----------------------------------------------------------------

    def _load(self, data: ContractInput) -> None:
        index = self.kind.findData(data.kind)
        if index < 0:  # a kind from another system: shown, and the service will say it is not allowed
            self.kind.addItem(data.kind, data.kind)
            index = self.kind.count() - 1
        self.kind.setCurrentIndex(index)
        self.title_edit.setText(data.title)
        self.employer.setText(data.employer)
        self.renews.setCurrentIndex(max(self.renews.findData(data.renews_id), 0) if data.renews_id else 0)
        self.enterprises.setValue(data.covered_enterprises if data.covered_enterprises is not None else 1)
        self.employees.setText("" if data.covered_employees is None else str(data.covered_employees))
        self.female.setText("" if data.covered_female is None else str(data.covered_female))
        self.wage.setText("" if data.wage_increase_pct is None else f"{data.wage_increase_pct:g}")
        for key, widget in self._dates.items():
            widget.set_value(getattr(data, key))
        self.notes.setPlainText(data.notes)
        self._update_live()

    def contract_input(self) -> ContractInput:
        """The form as the service's input; normalising and checking is the service's job."""
        is_wage = self.kind.currentData() == ContractType.WAGE.value
        dates = {key: widget.value() for key, widget in self._dates.items()}
        return ContractInput(
            kind=str(self.kind.currentData() or ""),
            title=self.title_edit.text(),
            employer=self.employer.text(),
            covered_enterprises=self.enterprises.value(),
            covered_employees=_int_or_none(self.employees),
            covered_female=_int_or_none(self.female),
            wage_increase_pct=_float_or_none(self.wage) if is_wage else None,
            renews_id=self.renews.currentData(),
            notes=self.notes.toPlainText(),
            **dates,
        )

    # --- live feedback ------------------------------------------------------------------------

    def _kind_changed(self) -> None:
        is_wage = self.kind.currentData() == ContractType.WAGE.value
        self.wage.setEnabled(is_wage)
        self.wage_hint.setVisible(not is_wage)

    def _update_renewal_banner(self) -> None:
        renews_id = self.renews.currentData()
        title = next((r.data.title for r in self._others if r.id == renews_id), None)
        if title is None:
            self.renewal_banner.hide()
            return
        if self.is_renewal:
            text = tr("续签自《{0}》。已按原合同预填类型、名称、企业方、覆盖人数和期限，"
                      "请核对合同名称和期限，并填写新的协商、审议、签订、备案和公布日期。").format(title)  # fmt: skip
        else:
            text = tr("续签自《{0}》。").format(title)
        self.renewal_banner.setText(text)
        self.renewal_banner.show()

    def _update_live(self) -> None:
        """Status, term warning and the legal checklist from the dates as they stand now."""
        value = {key: widget.value() for key, widget in self._dates.items()}
        renewed = self.row is not None and self.row.renewed_by_id is not None
        status = contract_status(
            value["effective_from"], value["effective_to"], value["terminated_on"], renewed, self._today
        )
        text = status_sentence(status, value["effective_to"], value["terminated_on"], self._today)
        if renewed and self.row is not None:
            renewal = contracts.get_contract(self._factory, self.row.renewed_by_id)  # type: ignore[arg-type]
            text = tr("已续签：已由《{0}》续签").format(renewal.data.title)
        elif status == ContractStatus.IN_FORCE and value["effective_to"] is None:
            # The domain calls a contract without an end date 有效; without dates that says nothing.
            text = tr("期限未填写：填写生效日期和终止日期后才能判断状态、提醒到期")
        self.status_label.setText(tr("状态：") + text)
        colour = {ContractStatus.EXPIRING: "#b9770e", ContractStatus.EXPIRED: "#c0392b"}.get(status, "#2b3a4a")
        self.status_label.setStyleSheet(f"color: {colour}; font-weight: bold;")
        _errors, warnings = check_contract(
            effective_from=value["effective_from"],
            effective_to=value["effective_to"],
            terminated_on=value["terminated_on"],
            covered_employees=_int_or_none(self.employees),
            covered_female=_int_or_none(self.female),
        )
        self.term_warning.setText("；".join(warnings))
        self.term_warning.setVisible(bool(warnings))
        items = process_checklist(
            value["signed_on"], value["congress_approved_on"], value["filed_on"], value["published_on"]
        )
        self.checklist = items
        self.checklist_label.setText(checklist_html([(i.done, i.label, i.note) for i in items]))

    # --- saving -------------------------------------------------------------------------------

    def field_message(self, key: str, exc: ValidationError) -> str:
        detail = super().field_message(key, exc)
        # The shared coverage line names its field; a line under its own box need not.
        return f"{key}{detail}" if self.errors[key] is self.coverage_error else detail

    def check(self) -> bool:
        if self.wage.isEnabled() and self.wage.text().strip() and _float_or_none(self.wage) is None:
            self.errors["工资增长幅度"].show_text(tr("应为百分数，例如 5.5 表示 5.5%"))
            return False
        return True

    def _reload_contract(self) -> None:
        """The contract as stored now (someone else saved it since the dialog opened)."""
        self.row = contracts.get_contract(self._factory, self.contract_id)  # type: ignore[arg-type]
        self._load(self.row.data)

    def save(self) -> SaveResult:
        saved = contracts.save_contract(self._factory, self.contract_input(), self.contract_id)
        self.contract_id = saved.id
        return saved


def _percent_validator(parent: QLineEdit) -> QDoubleValidator:
    validator = QDoubleValidator(-99.99, 999.99, 2, parent)
    validator.setNotation(QDoubleValidator.Notation.StandardNotation)
    # "5.5" whatever the system's locale: a German Windows would otherwise want "5,5".
    validator.setLocale(QLocale.c())
    return validator


def renewal_dialog(
    db: Database, contract_id: int, parent: QWidget | None = None, *, today: date | None = None
) -> ContractDialog:
    """续签: the dialog on a draft prefilled from `contract_id` and linked to it."""
    draft = contracts.renewal_draft(db.session_factory, contract_id)
    return ContractDialog(db, draft=draft, parent=parent, today=today)
