"""设置: the union's profile (stored in the database) and the database file itself (backup, restore)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from unionbook import __version__
from unionbook.domain.errors import StaleRecordError, UnionbookError
from unionbook.domain.registers import Register
from unionbook.log import log_file
from unionbook.services.audit import conflicts
from unionbook.services.database import Database
from unionbook.services.union import Profile, get_profile, save_profile
from unionbook.ui.changes import announce
from unionbook.ui.dialogs.form_dialog import inline
from unionbook.ui.pages.base import Page, heading
from unionbook.ui.pages.settings_district import DistrictReportingBox
from unionbook.ui.pages.settings_rules import SpendingRulesBox


class SettingsPage(Page):
    title = "设置"
    watches = frozenset({Register.PROFILE})

    def __init__(self, db: Database) -> None:
        super().__init__()
        self.db = db
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(heading("设置"))

        box = QGroupBox("工会基本信息（用于报表和文档抬头）")
        form = QFormLayout(box)
        self.fields: dict[str, QLineEdit] = {}
        for key, label in (
            ("union_name", "工会名称"),
            ("unit_name", "单位名称"),
            ("credit_code", "单位统一社会信用代码"),
            ("chair_name", "工会主席"),
            ("contact_name", "联系人"),
            ("contact_phone", "联系电话"),
            ("address", "地址"),
        ):
            edit = QLineEdit()
            self.fields[key] = edit
            form.addRow(label, edit)
        self.fields["credit_code"].setMaxLength(18)
        # Whose code: the enterprise's (营业执照), which the 统计年报 and the documents ask for.
        self.fields["credit_code"].setPlaceholderText("本单位（企业）营业执照上的18位代码")
        self.fields["credit_code"].setToolTip("填写本单位的统一社会信用代码（营业执照上的18位代码），不是工会法人资格证书上的代码")
        self.founded = QDateEdit()
        self.founded.setCalendarPopup(True)
        self.founded.setDisplayFormat("yyyy-MM-dd")
        self.founded_set = QCheckBox("已填写")
        form.addRow("工会成立日期", inline(self.founded, self.founded_set))
        self.override = QSpinBox()
        self.override.setRange(0, 10_000_000)
        self.override_set = QCheckBox("手工填写职工总数（名册只登记会员时使用）")
        form.addRow("职工总数", inline(self.override, self.override_set))
        self.profile_error = QLabel()
        self.profile_error.setObjectName("error")
        form.addRow(self.profile_error)
        save = QPushButton("保存")
        save.clicked.connect(self.save_profile)
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        save_row.addWidget(save)
        form.addRow(save_row)
        # A value that is not in use cannot be edited, so nobody wonders whether "0" counts.
        self.founded_set.toggled.connect(self.founded.setEnabled)
        self.override_set.toggled.connect(self.override.setEnabled)
        layout.addWidget(box)
        layout.addWidget(DistrictReportingBox(db))  # 统计信息, 报送区总工会… (settings_district.py)
        layout.addWidget(SpendingRulesBox(db))  # 开支标准 (settings_rules.py)

        db_box = QGroupBox("数据库")
        db_form = QFormLayout(db_box)
        self.path_label = QLabel()
        self.path_label.setWordWrap(True)
        self.size_label = QLabel()
        self.revision_label = QLabel()
        self.place_caption = QLabel("文件")  # 服务器 for a PostgreSQL book (refresh)
        db_form.addRow(self.place_caption, self.path_label)
        db_form.addRow("大小", self.size_label)
        self.revision_label.setToolTip("数据库文件的格式。程序升级时会自动升级（升级前先备份），不需要自己处理。")
        db_form.addRow("数据库版本", self.revision_label)
        db_form.addRow("程序版本", QLabel(__version__))
        buttons = QHBoxLayout()
        backups_button = QPushButton("备份与恢复…")  # the automatic backups (ui/dialogs/backups_dialog.py)
        backups_button.clicked.connect(self.show_backups)
        backup_button = QPushButton("备份数据库…")
        backup_button.clicked.connect(self.backup)
        restore_button = QPushButton("从备份恢复…")
        restore_button.clicked.connect(self.restore)
        folder_button = QPushButton("打开所在文件夹")
        folder_button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.db.files_root))))
        for b in (backups_button, backup_button, restore_button, folder_button):
            buttons.addWidget(b)
        if self.db.on_server:  # no backups/ folder beside a server book (README, "PostgreSQL (多人共用)")
            backups_button.setEnabled(False)
            backups_button.setToolTip("台账在 PostgreSQL 服务器上：没有自动备份文件夹，请用“备份数据库…”或由管理员在服务器上定时 pg_dump")
        buttons.addStretch(1)
        db_form.addRow(buttons)
        db_form.addRow("日志文件", QLabel(str(log_file())))
        trail_row = QHBoxLayout()  # 操作记录 and 打开密码 (ui/dialogs/audit_dialog.py, password_dialog.py)
        for text, slot in (("操作记录…", self.show_audit), ("打开密码…", self.edit_password)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            trail_row.addWidget(button)
        trail_row.addStretch(1)
        db_form.addRow("记录与安全", trail_row)
        layout.addWidget(db_box)
        layout.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        # The version first: the form never shows newer data than the version its save checks.
        self._profile_version = conflicts.current_version(self.db.session_factory, "union_profile", 1)
        profile = get_profile(self.db.session_factory)
        for key, edit in self.fields.items():
            edit.setText(getattr(profile, key))
        self.founded_set.setChecked(profile.founded_on is not None)
        self.founded.setDate(QDate(profile.founded_on or date.today()))
        self.founded.setEnabled(profile.founded_on is not None)
        self.override_set.setChecked(profile.employee_total_override is not None)
        self.override.setValue(profile.employee_total_override or 0)
        self.override.setEnabled(profile.employee_total_override is not None)
        self.profile_error.clear()
        self.path_label.setText(self.db.location)
        self.place_caption.setText("服务器" if self.db.on_server else "文件")
        if self.db.on_server:
            self.size_label.setText("（在服务器上）")
        else:
            size = self.db.path.stat().st_size if self.db.path.exists() else 0
            self.size_label.setText(f"{size / 1024 / 1024:.1f} MB")
        revision = self.db.schema_revision() or ""
        self.revision_label.setText(f"第 {int(revision)} 版" if revision.isdigit() else revision)

    def profile_from_form(self) -> Profile:
        return Profile(
            **{key: edit.text() for key, edit in self.fields.items()},
            founded_on=self.founded.date().toPython() if self.founded_set.isChecked() else None,
            employee_total_override=self.override.value() if self.override_set.isChecked() else None,
        )

    def save_profile(self) -> None:
        try:
            with conflicts.expecting(self.db.session_factory, [self._profile_version]):
                save_profile(self.db.session_factory, self.profile_from_form())
        except StaleRecordError as exc:  # someone else saved the profile since it was shown
            self.refresh()
            self.profile_error.setText(str(exc.params["detail"]) + "表单已换成最新内容，请在此基础上再改。")
            return
        except UnionbookError as exc:
            self.profile_error.setText(exc.message())  # inline, the form stays as typed
            return
        self._profile_version = conflicts.current_version(self.db.session_factory, "union_profile", 1)
        self.profile_error.clear()
        announce(Register.PROFILE, source=self)

    def show_backups(self) -> None:
        from unionbook.ui.dialogs.backups_dialog import BackupsDialog

        BackupsDialog(self.db, self).exec()
        self.refresh()

    def backup(self) -> None:
        from unionbook.ui.dialogs.backups_dialog import backup_to_file

        backup_to_file(self, self.db)  # one .zip: the database and every attachment

    def restore(self) -> None:
        from unionbook.ui.dialogs.backups_dialog import choose_and_restore

        choose_and_restore(self, self.db, after=self.refresh)  # the backup is checked before anything changes

    def show_audit(self) -> None:
        from unionbook.ui import register_io
        from unionbook.ui.dialogs.audit_dialog import AuditDialog

        AuditDialog(self.db, self, export_flow=register_io).exec()

    def edit_password(self) -> None:
        from unionbook.ui.dialogs.password_dialog import PasswordSettingsDialog

        PasswordSettingsDialog(self.db, self).exec()
