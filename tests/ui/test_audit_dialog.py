"""设置 → 操作记录 and 打开密码, offscreen: the trail filtered by date, kind and register, the selected
entry's fields masked, the export (itself recorded); the password prompt refuses the wrong password
and accepts the right one; set/change/remove from the settings dialog."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QPushButton
from sqlalchemy import update

from unionbook.db.models import AuditEntry
from unionbook.services import access, audit, members
from unionbook.services.audit import AuditFilter
from unionbook.services.database import Database
from unionbook.services.members import MemberInput
from unionbook.services.register_export import export_contracts
from unionbook.ui import register_io
from unionbook.ui.application import create_application
from unionbook.ui.dialogs import password_dialog
from unionbook.ui.dialogs.audit_dialog import AuditDialog
from unionbook.ui.dialogs.password_dialog import PasswordPrompt, PasswordSettingsDialog, unlock
from unionbook.ui.models.audit_table_model import AuditTableModel
from unionbook.ui.pages.settings import SettingsPage

PHONE = "13812345678"
JOINED = date(2020, 3, 1)


def _trail(db: Database, tmp_path: Path) -> None:
    """Two people added ten days ago; today one of them changed phone and contracts were exported."""
    f = db.session_factory
    zhang = members.save_member(f, MemberInput(name="张三", phone=PHONE, join_date=JOINED)).id
    members.save_member(f, MemberInput(name="李四", join_date=JOINED))
    with f.begin() as session:
        session.execute(update(AuditEntry).values(at=datetime.now() - timedelta(days=10)))
    person = members.get_member(f, zhang).data
    members.save_member(f, replace(person, phone="13998765432"), zhang)
    export_contracts(f, tmp_path / "合同.xlsx")


def test_audit_table_model_passes_qtmodeltester(qtmodeltester, db: Database, tmp_path: Path) -> None:
    _trail(db, tmp_path)
    model = AuditTableModel(db.session_factory)
    model.reload()
    assert model.rowCount() == 8  # 2 × (person, 入会, 就业状况), the change, the export
    qtmodeltester.check(model)


def test_audit_dialog_filters_and_shows_the_masked_change(qtbot, db: Database, tmp_path: Path) -> None:
    create_application()
    _trail(db, tmp_path)
    dialog = AuditDialog(db, export_flow=register_io)
    qtbot.addWidget(dialog)
    dialog.show()
    model = dialog.model
    assert model.rowCount() == 8 and dialog.count_label.text() == "共 8 条"
    assert model.row_at(0).action == "export"  # newest first

    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("update"))
    assert model.rowCount() == 1
    row = dialog.selected_row()
    assert row.summary == "会员“张三”：手机号码"
    changes = dialog.changes_table
    assert [changes.item(0, c).text() for c in range(3)] == ["手机号码", "138****5678", "139****5432"]
    assert PHONE not in dialog.detail_label.text()

    dialog.kind_combo.setCurrentIndex(0)
    dialog.register_combo.setCurrentIndex(dialog.register_combo.findData("集体合同"))
    assert model.rowCount() == 1 and model.row_at(0).action_label == "导出"
    assert "集体合同台账 0 份" in dialog.detail_label.text()

    dialog.register_combo.setCurrentIndex(0)
    today = date.today()
    dialog.from_edit.setDate(today - timedelta(days=12))
    dialog.to_edit.setDate(today - timedelta(days=8))
    assert model.rowCount() == 8  # the date range is off until 日期 is ticked
    dialog.date_check.setChecked(True)
    assert model.rowCount() == 6 and {model.row_at(r).action for r in range(6)} == {"create"}
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("delete"))
    assert model.rowCount() == 0
    assert dialog.detail_label.text() == "没有符合条件的操作记录。" and not dialog.export_button.isEnabled()
    dialog.clear_filters()
    assert model.rowCount() == 8 and not dialog.date_check.isChecked()


def test_audit_dialog_exports_what_it_shows_and_records_it(
    qtbot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    create_application()
    _trail(db, tmp_path)
    dialog = AuditDialog(db, export_flow=register_io)
    qtbot.addWidget(dialog)
    dialog.register_combo.setCurrentIndex(dialog.register_combo.findData("会员"))
    target = tmp_path / "操作记录.xlsx"
    monkeypatch.setattr(register_io, "ask_xlsx_path", lambda *a, **k: target)
    dialog.export()
    qtbot.waitUntil(lambda: dialog.export_task is None, timeout=10_000)
    assert target.exists()
    assert "已导出 7 条操作记录" in dialog.message_label.text()  # register_io's done message, with links
    assert "打开所在文件夹" in dialog.message_label.text()
    (entry,) = audit.list_entries(db.session_factory, AuditFilter(action="export", register="数据库与设置"))
    assert entry.summary == "操作记录 7 条，证件号码已隐藏，文件“操作记录.xlsx”"


def test_audit_dialog_at_100k_entries_opens_quickly(qtbot, db: Database) -> None:
    import time

    create_application()
    now = datetime.now()
    rows = [{"at": now - timedelta(minutes=i), "action": "update", "table_name": "members", "row_id": i % 500,
             "changes": {"department": ["一车间", "二车间"]}, "source": "gui"} for i in range(100_000)]  # fmt: skip
    from sqlalchemy import insert

    with db.session_factory.begin() as session:
        session.execute(insert(AuditEntry), rows)
    start = time.perf_counter()
    dialog = AuditDialog(db, export_flow=register_io)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert time.perf_counter() - start < 3.0
    assert dialog.model.rowCount() == 100_000
    assert dialog.model.fetch_count <= 2  # only the rows on screen were read
    start = time.perf_counter()
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("update"))
    dialog.table.scrollToBottom()
    assert time.perf_counter() - start < 2.0


# --- 打开密码 --------------------------------------------------------------------------------------


def test_password_prompt_refuses_wrong_and_accepts_right(qtbot, db: Database) -> None:
    create_application()
    access.set_password(db.session_factory, "工会2025")
    prompt = PasswordPrompt(lambda text: access.check_password(db.session_factory, text), db.path.name)
    qtbot.addWidget(prompt)
    prompt.show()
    prompt.password.setText("工会2024")
    prompt.accept()
    assert prompt.isVisible() and prompt.result() != QDialog.DialogCode.Accepted
    assert prompt.error.text() == "密码不正确，还可以再试 2 次。" and prompt.password.text() == ""
    prompt.password.setText("工会2025")
    prompt.accept()
    assert prompt.result() == QDialog.DialogCode.Accepted


def _answering(monkeypatch: pytest.MonkeyPatch, answers: list[str]) -> None:
    """PasswordPrompt.exec types each answer in turn until the prompt closes."""

    def exec_(self: PasswordPrompt) -> int:
        for answer in answers:
            self.password.setText(answer)
            self.accept()
            if self.result() == QDialog.DialogCode.Accepted or self.tries_left <= 0:
                break
        return self.result()

    monkeypatch.setattr(PasswordPrompt, "exec", exec_)


def test_unlock_gates_the_app(qtbot, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    create_application()
    warnings: list[str] = []
    monkeypatch.setattr(password_dialog.QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    _answering(monkeypatch, [])
    assert unlock(db)  # no password: no prompt
    access.set_password(db.session_factory, "工会2025")
    _answering(monkeypatch, ["1", "工会2025"])
    assert unlock(db)
    _answering(monkeypatch, ["1", "2", "3", "工会2025"])
    assert not unlock(db)
    assert warnings and warnings[0].startswith("密码连续 3 次不正确，程序将关闭。")


def test_run_gui_asks_before_building_the_window(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The window's empty shell shows before the open, but no page and no record reaches it until
    the password is right."""
    from unionbook.ui import application, main_window

    with Database.open(db_path, source="test") as db:
        access.set_password(db.session_factory, "工会2025")

    built: list[object] = []
    monkeypatch.setattr(main_window.MainWindow, "attach", lambda self, db: built.append(db))
    monkeypatch.setattr(main_window, "_build_page", lambda index, db: built.append(index))
    monkeypatch.setattr(password_dialog.QMessageBox, "warning", lambda *a: None)
    _answering(monkeypatch, ["a", "b", "c"])
    assert application.run_gui(db_path) == 2
    assert built == []


def test_password_settings_set_change_remove(qtbot, db: Database) -> None:
    create_application()
    f = db.session_factory
    dialog = PasswordSettingsDialog(db)
    qtbot.addWidget(dialog)
    assert dialog.remove_button is None
    dialog.new.setText("abcd")
    dialog.confirm.setText("abce")
    dialog.accept()
    assert dialog.error.text() == "两次输入的新密码不一致。" and not access.has_password(f)
    dialog.confirm.setText("abcd")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted and access.check_password(f, "abcd")

    change = PasswordSettingsDialog(db)
    qtbot.addWidget(change)
    change.current.setText("wrong")
    change.new.setText("efgh")
    change.confirm.setText("efgh")
    change.accept()
    assert change.error.text() == "当前密码：不正确"
    change.current.setText("abcd")
    change.accept()
    assert access.check_password(f, "efgh") and not access.check_password(f, "abcd")

    remove = PasswordSettingsDialog(db)
    qtbot.addWidget(remove)
    remove.current.setText("efgh")
    remove.remove_button.click()
    assert not access.has_password(f)


def test_settings_page_opens_both_dialogs(qtbot, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    create_application()
    opened: list[str] = []
    monkeypatch.setattr(AuditDialog, "exec", lambda self: opened.append(self.windowTitle()))
    monkeypatch.setattr(PasswordSettingsDialog, "exec", lambda self: opened.append(self.windowTitle()))
    page = SettingsPage(db)
    qtbot.addWidget(page)
    for text in ("操作记录…", "打开密码…"):
        next(b for b in page.findChildren(QPushButton) if b.text() == text).click()
    assert opened == ["操作记录", "打开密码"]
