"""打开密码: the prompt at start-up (`unlock`) and 设置 → 打开密码… (set, change, remove).

The prompt comes before the main window is built, so no page has read any data yet; three wrong
tries close the program. The password is an access gate, not encryption (services/access.py).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from unionbook.domain.errors import UnionbookError
from unionbook.services import access
from unionbook.services.database import Database
from unionbook.ui.i18n import translator

tr = translator("PasswordDialog")

FORGOTTEN = "忘记密码时：可用设置密码之前的备份恢复，或请技术人员清除密码，数据不会丢失。"


def _password_edit(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMinimumWidth(240)
    return edit


class PasswordPrompt(QDialog):
    """Asks for the open password; accepted once `check` says yes, rejected after `tries` misses."""

    def __init__(self, check: Callable[[str], bool], db_name: str, parent: QWidget | None = None,
                 tries: int = access.TRIES) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("passwordPrompt")
        self.setWindowTitle(tr("工会台账 — 打开密码"))
        self._check = check
        self.tries_left = tries
        layout = QVBoxLayout(self)
        title = QLabel(tr("请输入打开密码"))
        title.setObjectName("unionName")
        layout.addWidget(title)
        where = QLabel(tr("数据库：{0}").format(db_name))
        where.setObjectName("hint")
        layout.addWidget(where)
        self.password = _password_edit("promptPassword")
        layout.addWidget(self.password)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox()
        buttons.addButton(tr("打开"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(tr("退出"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(380)

    def accept(self) -> None:
        if self._check(self.password.text()):
            super().accept()
            return
        self.tries_left -= 1
        self.password.clear()
        if self.tries_left <= 0:
            self.reject()
            return
        self.error.setText(tr("密码不正确，还可以再试 {0} 次。").format(self.tries_left))
        self.password.setFocus()


def unlock(db: Database, parent: QWidget | None = None) -> bool:
    """True when the database has no open password or the user typed it; False closes the app.

    Called by run_gui between opening the database and building the main window."""
    factory = db.session_factory
    if not access.has_password(factory):
        return True
    prompt = PasswordPrompt(lambda text: access.check_password(factory, text), db.path.name, parent)
    if prompt.exec() == QDialog.DialogCode.Accepted:
        return True
    if prompt.tries_left <= 0:
        QMessageBox.warning(
            parent,
            tr("工会台账"),
            tr("密码连续 {0} 次不正确，程序将关闭。").format(access.TRIES) + "\n" + tr(FORGOTTEN),
        )
    return False


class PasswordSettingsDialog(QDialog):
    """设置 → 打开密码…: set a password, change it, or remove it (the current one first)."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.factory = db.session_factory
        self.has_password = access.has_password(self.factory)
        self.setObjectName("passwordSettings")
        self.setWindowTitle(tr("打开密码"))
        layout = QVBoxLayout(self)
        state = QLabel(tr("已设置打开密码。") if self.has_password else tr("尚未设置打开密码。"))
        state.setObjectName("passwordState")
        layout.addWidget(state)
        for text in (
            tr("设置后，每次打开本软件（窗口或命令行）都要先输入此密码，防止他人随手打开查看台账。"),
            tr("注意：这只是打开时的门锁，数据库文件本身没有加密，拿到文件的人仍可用其他工具读取。"
               "防止电脑丢失泄密，请开启 Windows 的设备加密（BitLocker）。"),
            tr(FORGOTTEN),
        ):  # fmt: skip
            explain = QLabel(text)
            explain.setObjectName("hint")
            explain.setWordWrap(True)
            layout.addWidget(explain)
        form = QFormLayout()
        self.current = _password_edit("currentPassword")
        self.new = _password_edit("newPassword")
        self.confirm = _password_edit("confirmPassword")
        if self.has_password:
            form.addRow(tr("当前密码"), self.current)
        self.new.setPlaceholderText(tr("至少 {0} 个字符").format(access.MIN_LENGTH))
        form.addRow(tr("新密码"), self.new)
        form.addRow(tr("再输入一次"), self.confirm)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.remove_button: QPushButton | None = None
        if self.has_password:
            self.remove_button = buttons.addButton(tr("清除密码"), QDialogButtonBox.ButtonRole.DestructiveRole)
            self.remove_button.setObjectName("removePassword")
            self.remove_button.clicked.connect(self.remove)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setFixedWidth(520)
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetMinimumSize)  # wrapped lines get their height

    def accept(self) -> None:
        if self.new.text() != self.confirm.text():
            self.error.setText(tr("两次输入的新密码不一致。"))
            return
        try:
            access.set_password(
                self.factory, self.new.text(), current=self.current.text() if self.has_password else None
            )
        except UnionbookError as exc:
            self.error.setText(exc.message())  # inline; the dialog stays open
            return
        super().accept()

    def remove(self) -> None:
        try:
            access.remove_password(self.factory, self.current.text())
        except UnionbookError as exc:
            self.error.setText(exc.message())
            return
        super().accept()
