"""The 集体合同 page: the table model, the reminder order and colours, filters, the dialog's
validation, 续签, attachments, deletion, export and the printed ledger. Offscreen, on the demo union.

The demo's dates are fixed (its 综合集体合同 runs 2024-01-01 to 2026-12-31), so "today" is frozen at
2026-11-21 wherever the code asks for it: the tests must not start failing next year.
"""

from __future__ import annotations

import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QDialog, QMessageBox

from unionbook.domain.contracts import ContractStatus
from unionbook.domain.vocab import ContractType
from unionbook.services import contracts as contracts_service
from unionbook.services.attachments import list_attachments
from unionbook.services.contracts import ContractFilter, list_contracts
from unionbook.services.database import Database
from unionbook.ui.application import create_application
from unionbook.ui.dialogs import contract_dialog as contract_dialog_module
from unionbook.ui.dialogs.contract_dialog import ContractDialog
from unionbook.ui.models import contract_table_model
from unionbook.ui.models.contract_table_model import Column, ContractTableModel
from unionbook.ui.models.rows_model import SortRole
from unionbook.ui.pages import contracts as contracts_page_module
from unionbook.ui.pages.contracts import ContractsPage, render_ledger
from unionbook.ui.printing import a4_landscape_printer
from unionbook.ui.widgets import attachments as attachments_widget_module

TODAY = date(2026, 11, 21)
COMPREHENSIVE = "江川精密机械有限公司集体合同（2024—2026年度）"


class _FrozenDate(date):
    @classmethod
    def today(cls) -> date:  # type: ignore[override]
        return TODAY


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> None:
    for module in (contracts_service, contract_table_model, contracts_page_module, contract_dialog_module):
        monkeypatch.setattr(module, "date", _FrozenDate)


@pytest.fixture
def page(qtbot, demo_db: Database) -> ContractsPage:  # noqa: ANN001
    create_application()
    widget = ContractsPage(demo_db)
    qtbot.addWidget(widget)
    widget.resize(1300, 760)
    widget.show()
    return widget


def _statuses(page: ContractsPage) -> list[str]:
    return [r.status.value for r in page.visible_rows()]


# --- model --------------------------------------------------------------------------------------


def test_contract_table_model_passes_qtmodeltester(qtmodeltester, demo_db: Database) -> None:  # noqa: ANN001
    model = ContractTableModel(today=TODAY)
    model.set_rows(list_contracts(demo_db.session_factory, today=TODAY))
    assert model.rowCount() == 10 and model.columnCount() == len(Column)
    qtmodeltester.check(model, force_py=True)
    model.set_rows([])
    qtmodeltester.check(model, force_py=True)


def test_contract_table_model_colours_and_sorts_by_status_order(demo_db: Database) -> None:
    from PySide6.QtCore import QSortFilterProxyModel

    model = ContractTableModel(today=TODAY)
    model.set_rows(list_contracts(demo_db.session_factory, today=TODAY))
    first = model.index(0, Column.STATUS)
    assert first.data() == "即将到期"
    assert model.index(0, Column.DAYS_LEFT).data() == "40"
    assert first.data(Qt.ItemDataRole.BackgroundRole).color() == QColor("#fbd9a5")  # orange
    expired = next(r for r in range(10) if model.index(r, Column.STATUS).data() == "已到期")
    assert model.index(expired, Column.TITLE).data(Qt.ItemDataRole.ForegroundRole).color() == QColor("#b03022")
    # Days without a contract, never a negative count: the 女职工专项 ended 2026-02-28.
    assert model.index(expired, Column.DAYS_LEFT).data() == "已到期 266 天"
    late = next(r for r in range(10) if "2023年度工资" in model.index(r, Column.TITLE).data())
    assert model.index(late, Column.PROCESS).data() == "✗ 逾期备案"
    assert "超过10日" in model.index(late, Column.PROCESS).data(Qt.ItemDataRole.ToolTipRole)

    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SortRole)
    proxy.sort(Column.EMPLOYEES, Qt.SortOrder.DescendingOrder)
    counts = [int(proxy.index(r, Column.EMPLOYEES).data()) for r in range(10)]
    assert counts == sorted(counts, reverse=True)
    proxy.sort(Column.STATUS, Qt.SortOrder.AscendingOrder)  # back to the reminder order
    assert proxy.index(0, Column.TITLE).data() == COMPREHENSIVE


# --- the page in the window -------------------------------------------------------------------------


def test_expiring_contract_is_on_top_and_the_window_reminds(qtbot, demo_db: Database) -> None:  # noqa: ANN001
    from unionbook.ui.main_window import MainWindow

    create_application()
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("集体合同")
    assert isinstance(page, ContractsPage) and page is window.contracts_page
    first = page.visible_rows()[0]
    assert (first.data.title, first.data.kind, first.status) == (
        COMPREHENSIVE, ContractType.COMPREHENSIVE.value, ContractStatus.EXPIRING
    )  # fmt: skip
    assert page.selected_row() == first  # its checklist shows at once
    assert "✓" in page.detail.checklist.text() and "报送人社部门审查备案" in page.detail.checklist.text()
    assert page.year_combo.currentData() is None  # 全部, although the window set its year

    assert window.reminder_label.isVisible()
    assert COMPREHENSIVE in window.reminder_label.text() and "40 天" in window.reminder_label.text()
    # The lapsed ones are in the same sentence: the demo has three, the latest the 女职工专项.
    assert window.reminder == (
        f"提醒：《{COMPREHENSIVE}》将在 40 天内（2026-12-31）到期，请及时协商续签；"
        "《江川精密机械有限公司女职工权益保护专项集体合同（2023—2026年）》等 3 份合同已到期未续签，"
        "请续签或登记终止（90 天内到期和已到期的合同排在集体合同页最前）。"
    )
    assert window.reminder_banner.isVisible() and COMPREHENSIVE in window.banner_text.text()
    window.banner_close_button.click()
    assert not window.reminder_banner.isVisible()


def test_filters_narrow_rows_and_year_follows_the_window_once_chosen(page: ContractsPage) -> None:
    assert page.proxy.rowCount() == 10 and page.counts_label.text().startswith("共 10 份")
    page.kind_combo.setCurrentIndex(page.kind_combo.findData(ContractType.WAGE.value))
    rows = page.visible_rows()
    assert len(rows) == 5 and {r.data.kind for r in rows} == {ContractType.WAGE.value}
    assert page.counts_label.text().startswith("筛选结果：共 5 份")
    page.status_combo.setCurrentIndex(page.status_combo.findData("已续签"))
    assert set(_statuses(page)) == {"已续签"} and len(_statuses(page)) == 4
    page.reset_filters()
    assert page.proxy.rowCount() == 10

    page.set_year(2022)  # the window's selector alone does not filter the register …
    assert page.year_combo.currentData() is None and page.proxy.rowCount() == 10
    page.year_combo.setCurrentIndex(page.year_combo.findData(2021))
    titles = {r.data.title for r in page.visible_rows()}
    assert "江川精密机械有限公司2021年度工资专项集体合同" in titles and COMPREHENSIVE not in titles
    page.set_year(2025)  # … but once the chair filters by year, it follows the window
    assert page.year_combo.currentData() == 2025
    assert page.visible_rows() == list_contracts(page.db.session_factory, ContractFilter(year=2025), today=TODAY)
    page.year_combo.setCurrentIndex(0)  # 全部 stays selectable
    assert page.proxy.rowCount() == 10


# --- the dialog -------------------------------------------------------------------------------


def test_dialog_rejects_more_women_than_employees_then_saves(qtbot, demo_db: Database) -> None:  # noqa: ANN001
    create_application()
    factory = demo_db.session_factory
    before = len(list_contracts(factory))
    dialog = ContractDialog(demo_db, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.employer.text() == "江川精密机械有限公司"  # the union's own enterprise by default
    assert not dialog.wage.isEnabled()
    dialog.kind.setCurrentIndex(dialog.kind.findData(ContractType.WAGE.value))
    assert dialog.wage.isEnabled()
    dialog.title_edit.setText("2027年度工资专项集体合同")
    dialog.employees.setText("50")
    dialog.female.setText("60")
    dialog.wage.setText("5.5")
    dialog._dates["signed_on"].set_value(date(2026, 12, 20))
    dialog._dates["effective_from"].set_value(date(2027, 1, 1))
    dialog._dates["effective_to"].set_value(date(2027, 12, 31))
    # The checklist follows the dates as they are typed: filed 15 days after signing is late.
    assert "未记录报送日期" in dialog.checklist_label.text()
    dialog._dates["filed_on"].set_value(date(2027, 1, 4))
    assert "超过10日" in dialog.checklist_label.text() and not dialog.checklist[1].done

    dialog.accept()
    error = dialog.errors["覆盖女职工数"]
    assert error.isVisible() and "不能多于覆盖职工数 50" in error.text()
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert len(list_contracts(factory)) == before  # nothing saved

    dialog.female.setText("30")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.saved is not None
    assert not error.isVisible()
    assert any("报送审查备案" in w for w in dialog.saved.warnings)  # late filing: a warning, saved anyway
    saved = contracts_service.get_contract(factory, dialog.saved.id)
    assert (saved.data.covered_employees, saved.data.covered_female, saved.data.wage_increase_pct) == (50, 30, 5.5)


def test_dialog_names_the_field_of_other_rule_breaks(qtbot, demo_db: Database) -> None:  # noqa: ANN001
    create_application()
    dialog = ContractDialog(demo_db, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.accept()
    assert dialog.errors["合同名称"].text() == "不能为空"
    dialog.title_edit.setText("测试合同")
    dialog._dates["effective_from"].set_value(date(2027, 1, 1))
    dialog._dates["effective_to"].set_value(date(2026, 1, 1))
    dialog.accept()
    assert "应晚于生效日期" in dialog.errors["终止日期"].text()
    dialog._dates["effective_to"].set_value(date(2031, 1, 1))
    assert "超过3年" in dialog.term_warning.text() and dialog.term_warning.isVisibleTo(dialog)
    assert "保存后可添加附件" in dialog.attachments.hint.text() and not dialog.attachments.add_button.isEnabled()


# --- actions on the page ---------------------------------------------------------------------------


def test_renewal_creates_a_linked_contract_and_the_old_one_shows_renewed(page: ContractsPage) -> None:
    old = page.visible_rows()[0]
    assert old.data.title == COMPREHENSIVE and page.renew_button.isEnabled()
    dialog = page.renew()
    assert dialog is not None and dialog.is_renewal
    assert dialog.renewal_banner.isVisible() and f"续签自《{COMPREHENSIVE}》" in dialog.renewal_banner.text()
    assert dialog.renews.currentData() == old.id
    assert dialog.contract_input().effective_from == date(2027, 1, 1)
    assert dialog.contract_input().signed_on is None  # the process happens anew
    dialog._dates["signed_on"].set_value(date(2026, 12, 18))
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted and page.dialog is None

    rows = {r.id: r for r in page.visible_rows()}
    assert rows[old.id].status == ContractStatus.RENEWED
    new = rows[rows[old.id].renewed_by_id]
    assert new.data.renews_id == old.id and new.renews_title == COMPREHENSIVE
    assert new.status == ContractStatus.NOT_YET
    assert page.selected_id() == new.id and "已登记续签合同" in page.message_label.text()
    page.select_id(old.id)
    assert not page.renew_button.isEnabled()  # renewed already
    assert not contracts_service.expiring(page.db.session_factory)  # no reminder left


def test_adding_an_attachment_copies_it_into_the_data_folder(
    qtbot, page: ContractsPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # noqa: ANN001
) -> None:
    scan = tmp_path / "合同签字页.png"
    image = QImage(300, 200, QImage.Format.Format_RGB32)
    image.fill(QColor("#c0392b"))
    assert image.save(str(scan))
    contract = page.selected_row()
    assert contract is not None
    widget = page.detail.attachments
    with qtbot.waitSignal(widget.changed, timeout=10_000):
        widget.add_files([scan])
    infos = list_attachments(page.db, "contract_id", contract.id)
    assert [i.original_name for i in infos] == ["合同签字页.png"]
    stored = infos[0].path
    assert stored.is_file() and stored.parent.parent == page.db.files_dir("attachments")
    assert stored.read_bytes() == scan.read_bytes()
    assert widget.list.topLevelItem(0).text(0) == "合同签字页.png"
    assert not widget.list.topLevelItem(0).icon(0).isNull()  # a thumbnail
    scan.unlink()  # the chair tidies the desktop: the copy is what the register keeps
    opened = []
    monkeypatch.setattr(attachments_widget_module.QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    widget.select_row(0)
    widget.open_selected()
    assert [Path(u.toLocalFile()) for u in opened] == [stored]

    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    widget.remove_selected()
    assert widget.list.topLevelItemCount() == 0 and not stored.exists()


def test_delete_asks_first(page: ContractsPage, monkeypatch: pytest.MonkeyPatch) -> None:
    target = next(r for r in page.visible_rows() if r.status == ContractStatus.TERMINATED)
    page.select_id(target.id)
    asked: list[str] = []

    def answer(reply: QMessageBox.StandardButton):  # noqa: ANN202
        def question(_parent, _title, text, *_args):  # noqa: ANN001, ANN202
            asked.append(text)
            return reply

        return question

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    page.delete()
    assert target.data.title in asked[0]
    assert page.model.row_of(target.id) >= 0  # 否: nothing happened
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    page.delete()
    assert len(asked) == 2 and page.model.row_of(target.id) < 0
    assert len(list_contracts(page.db.session_factory)) == 9
    assert "已删除" in page.message_label.text()


def test_export_and_printed_ledger(qtbot, page: ContractsPage, tmp_path: Path) -> None:  # noqa: ANN001
    from python_calamine import CalamineWorkbook

    target = tmp_path / "集体合同台账.xlsx"
    task = page.export_ledger(target)
    assert task is not None
    qtbot.waitUntil(lambda: page.export_task is None, timeout=30_000)
    rows = CalamineWorkbook.from_path(target).get_sheet_by_index(0).to_python()
    assert len(rows) == 11 and "合同名称" in rows[0] and str(target) in page.message_label.text()

    page.status_combo.setCurrentIndex(page.status_combo.findData("已到期"))
    ledger = page.ledger()
    assert ledger.title == "江川精密机械有限公司工会集体合同台账"
    assert len(ledger.rows) == 3 and all(r[1] == "已到期" for r in ledger.rows)
    assert "（已筛选）状态：已到期" in ledger.subtitle
    printer = a4_landscape_printer()
    printer.setOutputFormat(printer.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "ledger.pdf"))
    assert render_ledger(printer, ledger) == 1
    pdf = subprocess.run(["pdftotext", str(tmp_path / "ledger.pdf"), "-"], capture_output=True, text=True).stdout
    # The PDF's CJK font maps some characters (页, 工) to look-alike radicals: compare the rest.
    text = unicodedata.normalize("NFKC", pdf).replace(" ", "")
    assert "集体合同台账" in text and "第1" in text and "共1" in text
    many = contracts_page_module.Ledger(ledger.title, ledger.subtitle, ledger.rows * 30)
    assert render_ledger(printer, many) > 1  # the header repeats; footers count the pages

    preview = page.print_preview()
    qtbot.addWidget(preview)
    assert preview.isVisible() and ledger.title in preview.windowTitle()
    preview.close()
