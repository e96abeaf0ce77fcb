"""The register frame: change notices reach the pages that show what changed, forms map a
service's refusal to the field it names, and the shared models behave as Qt models must."""

from __future__ import annotations

from datetime import date
from enum import IntEnum

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

from unionbook.domain.errors import UnionbookError, ValidationError
from unionbook.domain.registers import ALL_REGISTERS, Register
from unionbook.services.database import Database
from unionbook.ui.changes import OpChanges, announce, notifier
from unionbook.ui.dialogs.form_dialog import FormDialog
from unionbook.ui.models.contract_table_model import ContractTableModel
from unionbook.ui.models.member_table_model import MemberTableModel
from unionbook.ui.models.rows_model import RowsModel
from unionbook.ui.pages.base import Page
from unionbook.services.contracts import list_contracts


class CountingPage(Page):
    """A page that counts its refreshes and watches the contracts register."""

    title = "计数"
    watches = frozenset({Register.CONTRACTS})

    def __init__(self) -> None:
        super().__init__()
        self.refreshes = 0

    def refresh(self) -> None:
        self.refreshes += 1


def test_a_visible_page_refreshes_on_a_notice_for_what_it_watches(qtbot) -> None:  # noqa: ANN001
    page = CountingPage()
    qtbot.addWidget(page)
    page.show()
    announce(Register.CONTRACTS)
    assert page.refreshes == 1
    announce(Register.MEMBERS, Register.ACTIVITIES)  # nothing it shows
    assert page.refreshes == 1
    announce(ALL_REGISTERS)  # a restore: everything
    assert page.refreshes == 2


def test_a_hidden_page_reads_once_when_next_shown(qtbot) -> None:  # noqa: ANN001
    page = CountingPage()
    qtbot.addWidget(page)
    for _ in range(3):  # three saves while the chair looks at another page
        announce(Register.CONTRACTS)
    assert page.refreshes == 0 and page.changes_pending
    page.show()
    assert page.refreshes == 1 and not page.changes_pending
    page.hide()
    page.show()  # nothing changed in between: no second read
    assert page.refreshes == 1


def test_the_page_that_made_the_change_is_not_told_again(qtbot) -> None:  # noqa: ANN001
    page = CountingPage()
    qtbot.addWidget(page)
    page.show()
    seen: list[OpChanges] = []
    notifier().changed.connect(seen.append)
    try:
        sent = announce(Register.CONTRACTS, source=page)
    finally:
        notifier().changed.disconnect(seen.append)
    assert page.refreshes == 0
    assert seen == [sent] and sent.registers == frozenset({Register.CONTRACTS})


def test_an_empty_notice_is_not_sent(qtbot) -> None:  # noqa: ANN001
    seen: list[OpChanges] = []
    notifier().changed.connect(seen.append)
    try:
        announce()
    finally:
        notifier().changed.disconnect(seen.append)
    assert seen == []


class _NameDialog(FormDialog):
    """A one-field form whose service refuses what `refuse` says."""

    def __init__(self, refuse: UnionbookError | None) -> None:
        super().__init__()
        self.refuse = refuse
        self.name = QLineEdit()
        self.other = QLineEdit()
        self.body.addWidget(self.field(self.name, "姓名"))
        self.body.addWidget(self.other)
        self.name.textChanged.connect(lambda _t: self.update_ok())
        self.finish()

    def is_complete(self) -> bool:
        return bool(self.name.text().strip())

    def save(self) -> object:
        if self.refuse is not None:
            raise self.refuse
        return "saved"


def test_form_shows_the_refusal_under_the_field_it_names_and_stays_open(qtbot) -> None:  # noqa: ANN001
    dialog = _NameDialog(ValidationError(field="姓名", detail="不能为空"))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setText("王芳")
    dialog.other.setFocus()
    dialog.accept()
    assert dialog.isVisible() and dialog.saved is None
    assert dialog.errors["姓名"].text() == "不能为空" and dialog.errors["姓名"].isVisible()
    assert dialog.focusWidget() is dialog.name
    assert not dialog.general_error.isVisible()


def test_form_shows_a_refusal_without_a_field_under_the_form(qtbot) -> None:  # noqa: ANN001
    dialog = _NameDialog(ValidationError(field="不存在的字段", detail="x"))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setText("王芳")
    dialog.accept()
    assert dialog.general_error.isVisible() and dialog.general_error.text()
    assert not dialog.errors["姓名"].isVisible()


def test_form_saves_and_closes_when_the_service_accepts(qtbot) -> None:  # noqa: ANN001
    dialog = _NameDialog(None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setText("王芳")
    dialog.accept()
    assert dialog.saved == "saved" and dialog.result() == FormDialog.DialogCode.Accepted


def test_save_is_disabled_while_the_form_is_incomplete(qtbot) -> None:  # noqa: ANN001
    dialog = _NameDialog(None)
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert not save.isEnabled()
    dialog.name.setText("王芳")
    assert save.isEnabled()
    dialog.name.setText("  ")
    assert not save.isEnabled()


class _Fruit(IntEnum):
    NAME = 0
    PRICE = 1


class _FruitRow:
    def __init__(self, id: int, name: str, price: int) -> None:  # noqa: A002
        self.id, self.name, self.price = id, name, price


class _FruitModel(RowsModel[_FruitRow]):
    COLUMNS = _Fruit
    HEADERS = {_Fruit.NAME: QT_TRANSLATE_NOOP("Fruit", "名称"), _Fruit.PRICE: QT_TRANSLATE_NOOP("Fruit", "价格")}
    CONTEXT = "Fruit"
    NUMERIC = frozenset({_Fruit.PRICE})

    def display(self, row: _FruitRow, column: _Fruit) -> str:
        return row.name if column == _Fruit.NAME else f"{row.price / 100:.2f}"


def test_rows_model_replaces_one_row_in_place(qtbot) -> None:  # noqa: ANN001
    model = _FruitModel()
    model.set_rows([_FruitRow(1, "苹果", 350), _FruitRow(2, "梨", 200)])
    with qtbot.waitSignal(model.dataChanged) as blocker:
        assert model.update_row(_FruitRow(2, "梨", 250))
    top_left, bottom_right = blocker.args[0], blocker.args[1]
    assert (top_left.row(), top_left.column(), bottom_right.row(), bottom_right.column()) == (1, 0, 1, 1)
    assert model.index(1, 1).data() == "2.50" and model.index(0, 1).data() == "3.50"
    assert not model.update_row(_FruitRow(9, "桃", 100))  # not in the list: nothing happens
    assert model.row_of(2) == 1 and model.row_of(9) == -1


def test_register_models_pass_qtmodeltester(qtmodeltester, demo_db: Database) -> None:  # noqa: ANN001
    contracts = ContractTableModel(today=date(2026, 11, 30))
    contracts.set_rows(list_contracts(demo_db.session_factory, today=date(2026, 11, 30)))
    assert contracts.rowCount() == 10
    qtmodeltester.check(contracts)
    members = MemberTableModel(demo_db.session_factory)
    members.reload()
    assert members.rowCount() == 300
    qtmodeltester.check(members)


def test_a_reload_shows_the_selected_records_detail_once(qtbot, demo_db: Database) -> None:  # noqa: ANN001
    """The reload selects the kept row (the selection signal) and then shows its detail: one
    reading of the detail, not two (a hardship file's family and reviews; a batch's 77,000 lines)."""
    from unionbook.ui.pages.aid import AidPage

    page = AidPage(demo_db, today=date(2026, 12, 20))
    qtbot.addWidget(page)
    page.show()
    tab = page.hardship_tab
    page.tabs.setCurrentWidget(tab)
    second = tab.visible_rows()[1]
    assert tab.select_id(second.id)
    shown: list[object] = []
    original = tab.show_detail
    tab.show_detail = lambda row: shown.append(row) or original(row)  # type: ignore[method-assign]
    tab.reload()
    assert [row.id for row in shown] == [second.id]
    assert tab.selected_row().id == second.id
