"""导入记录: the dialog lists past imports with the selected one's rejections and warnings, and is
reached from the 会员 page's toolbar and from the import wizard's last page. Offscreen."""

from __future__ import annotations

from pathlib import Path

import pytest
from messy_roster import EXPECTED_WARNINGS, FULL_NUMBERS, messy_roster
from PySide6.QtWidgets import QPushButton

from unionbook.services.database import Database
from unionbook.services.importing.members import import_members, plan_members
from unionbook.ui.application import create_application
from unionbook.ui.dialogs import import_wizard
from unionbook.ui.dialogs.import_history_dialog import ImportHistoryDialog
from unionbook.ui.dialogs.import_wizard import ImportWizard, PageId
from unionbook.ui.pages.members import MembersPage


def _cells(table, row: int) -> list[str]:
    return [table.item(row, c).text() for c in range(table.columnCount())]


def test_dialog_lists_imports_newest_first_with_the_selected_ones_messages(qtbot, db: Database, tmp_path: Path) -> None:
    create_application()
    path = messy_roster(tmp_path / "花名册.xlsx")
    first = import_members(db.session_factory, plan_members(path))
    second = import_members(db.session_factory, plan_members(path), on_duplicate="skip")
    dialog = ImportHistoryDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    entries = dialog.entries_table
    assert entries.rowCount() == 2
    assert _cells(entries, 0)[1:] == ["会员", "花名册.xlsx", "0", "0", "0", "11", "3", "8"]  # the newest
    assert _cells(entries, 1)[1:] == ["会员", "花名册.xlsx", "11", "0", "0", "0", "3", "8"]
    assert dialog.selected_entry().id == second.history_id

    entries.selectRow(1)
    assert dialog.selected_entry().id == first.history_id
    assert "新增 11 人" in dialog.detail_label.text() and "工作表“花名册”" in dialog.detail_label.text()
    messages = dialog.messages_table
    assert messages.rowCount() == 11
    rows = [_cells(messages, r) for r in range(11)]
    assert [r[:4] for r in rows[:3]] == [
        ["拒绝", "11", "郑一", "身份证号码"],
        ["拒绝", "12", "冯二", "身份证号码"],
        ["拒绝", "13", "陈三", "身份证号码"],
    ]
    assert ["7", "钱七", "入会时间"] in [r[1:4] for r in rows[3:]]  # who, not only which row
    warned = sorted((int(r[1]), r[3], r[4]) for r in rows[3:])
    assert [(row, column) for row, column, _ in warned] == [(row, column) for row, column, _ in EXPECTED_WARNINGS]
    assert {r[0] for r in rows[3:]} == {"警告"}
    assert not [n for n in FULL_NUMBERS if any(n in cell for r in rows for cell in r)]
    assert not dialog.more_label.isVisible()


def test_dialog_opens_on_the_import_asked_for_and_says_when_there_is_none(qtbot, db: Database, tmp_path: Path) -> None:
    create_application()
    empty = ImportHistoryDialog(db)
    qtbot.addWidget(empty)
    empty.show()
    assert empty.entries_table.rowCount() == 0 and empty.empty_label.isVisible()
    path = messy_roster(tmp_path / "花名册.xlsx")
    first = import_members(db.session_factory, plan_members(path))
    import_members(db.session_factory, plan_members(path))
    dialog = ImportHistoryDialog(db, select_id=first.history_id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.selected_entry().id == first.history_id and not dialog.empty_label.isVisible()


def test_members_page_toolbar_opens_the_history(qtbot, db: Database, tmp_path: Path) -> None:
    create_application()
    import_members(db.session_factory, plan_members(messy_roster(tmp_path / "花名册.xlsx")))
    page = MembersPage(db)
    qtbot.addWidget(page)
    page.show()
    button = page.findChild(QPushButton, "importHistoryButton")
    assert button is not None and button.isVisible() and button.text() == "导入记录…"
    # Beside 导入… in the toolbar, before 导出….
    assert button.y() == page.import_button.y()
    assert page.import_button.x() < button.x() < page.export_button.x()
    button.click()
    dialog = page.findChild(ImportHistoryDialog)
    assert dialog is not None and dialog.isVisible() and dialog.entries_table.rowCount() == 1
    dialog.close()


def test_wizard_done_page_opens_the_history_on_this_import(
    qtbot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    create_application()

    def no_modal(_parent: object, exc: BaseException, _title: str = "") -> None:
        raise AssertionError(f"show_error would block the test: {exc}")

    monkeypatch.setattr(import_wizard, "show_error", no_modal)
    monkeypatch.setattr(import_wizard.QDesktopServices, "openUrl", lambda url: True)
    import_members(db.session_factory, plan_members(messy_roster(tmp_path / "earlier.xlsx")))
    wizard = ImportWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.path_edit.setText(str(messy_roster(tmp_path / "花名册.xlsx")))
    while wizard.currentId() < PageId.DONE:
        before = wizard.currentId()
        qtbot.waitUntil(lambda: not wizard.busy)
        wizard.next()
        qtbot.waitUntil(lambda: not wizard.busy and wizard.currentId() != before, timeout=10_000)  # noqa: B023
    done = wizard.done_page
    assert done.history_button.isVisible()
    assert "每条警告都保存在导入记录中" in done.details.text()
    done.history_button.click()
    dialog = done.findChild(ImportHistoryDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.entries_table.rowCount() == 2
    assert dialog.selected_entry().id == wizard.result.summary.history_id
    assert dialog.selected_entry().file_name == "花名册.xlsx"
    dialog.close()
