"""The 会费 tab of 会费经费, offscreen, on the hand-built union of tests/dues_people.py: generating the
month off the GUI thread, marking selected rows paid and undoing it, the totals line, the filters,
and a wage base entered on the 工资基数 tab reaching the ledger."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from dues_people import D, build_union
from PySide6.QtCore import QDate, QItemSelectionModel, Qt
from PySide6.QtWidgets import QMessageBox
from test_import_wizard import go_to

from unionbook.domain.registers import Register
from unionbook.services.database import Database
from unionbook.services.todo import Opening
from unionbook.ui.application import create_application
from unionbook.ui.dialogs.dues_dialogs import PayDialog, WageBaseDialog
from unionbook.ui.dialogs.import_wizard import ImportWizard, PageId
from unionbook.ui.models.dues_models import DuesColumn, WageColumn
from unionbook.ui.pages.finance import FinancePage
from unionbook.ui.pages.finance.dues_tab import DuesTab

TODAY = date(2025, 3, 20)


@pytest.fixture
def page(qtbot, db: Database) -> FinancePage:
    create_application()
    ids = build_union(db.session_factory)
    widget = FinancePage(db, today=TODAY)
    widget.people = ids  # type: ignore[attr-defined]
    qtbot.addWidget(widget)
    widget.resize(1186, 708)
    widget.show()
    return widget


def cells(tab: DuesTab) -> dict[str, list[str]]:
    rows = {}
    for r in range(tab.proxy.rowCount()):
        values = [tab.proxy.index(r, c).data() for c in range(len(DuesColumn))]
        rows[values[0]] = values[1:]
    return rows


def select(tab: DuesTab, *names: str) -> None:
    tab.table.clearSelection()
    for r in range(tab.proxy.rowCount()):
        if tab.proxy.index(r, 0).data() in names:
            flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
            tab.table.selectionModel().select(tab.proxy.index(r, 0), flags)


def test_generate_pay_undo_and_totals(qtbot, page: FinancePage, monkeypatch: pytest.MonkeyPatch) -> None:
    tab = page.dues_tab
    assert page.tabs.tabText(0) == "会费" and page.tabs.tabText(1) == "工资基数"
    assert tab.month_combo.currentText() == "3月（未生成）" and tab.generate_button.text() == "生成3月应缴"
    assert tab.counts_label.text() == "3月还没有生成应缴名单" and tab.proxy.rowCount() == 0

    tab.generate()
    qtbot.waitUntil(lambda: tab.generate_task is None, timeout=20_000)
    assert tab.month_combo.currentText() == "3月"
    rows = cells(tab)
    assert rows["张三"] == ["一车间", "2025-03", "5,678.90", "28.35", "", "", "", "欠缴"]
    assert rows["赵六"][-1] == "免缴（保留会籍）" and rows["钱七"][2:4] == ["", "0.00"]
    assert rows["钱七"][-1] == "未登记工资基数" and rows["孙八"][-1] == "免缴（病休，经工会委员会同意）"
    assert tab.counts_label.text() == ("应缴 88.35 元　实缴 0.00 元　收缴率 0.0%　欠缴 3 人 88.35 元　"
                                       "免缴 2 人　未登记工资基数 1 人（共 6 条）")  # fmt: skip
    assert "1 人未登记工资基数" in page.message_label.text()

    select(tab, "张三", "李四")
    dialog = tab.mark_paid()
    assert isinstance(dialog, PayDialog) and len(dialog.row_ids) == 2
    dialog.paid_on.setDate(QDate(2025, 3, 15))
    dialog.method.setCurrentIndex(dialog.method.findData("转账"))
    dialog.accept()
    assert page.message_label.text() == "已登记缴纳 2 条。"
    rows = cells(tab)
    assert rows["张三"][4:7] == ["28.35", "2025-03-15", "转账"] and rows["张三"][-1] == "已缴"
    assert tab.counts_label.text().startswith("应缴 88.35 元　实缴 48.35 元　收缴率 54.7%　欠缴 1 人 40.00 元")

    tab.status_combo.setCurrentIndex(tab.status_combo.findData("欠缴"))
    assert list(cells(tab)) == ["王五"]
    assert tab.counts_label.text() == "应缴 40.00 元　实缴 0.00 元　收缴率 0.0%　欠缴 1 人 40.00 元（共 1 条）"
    tab.reset_filters()
    assert tab.proxy.rowCount() == 6 and tab.month_combo.currentText() == "3月"  # the month stays

    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    select(tab, "李四", "王五")
    assert tab.undo_paid()
    assert page.message_label.text() == "已撤销 1 条缴纳记录。"
    assert tab.counts_label.text().startswith("应缴 88.35 元　实缴 28.35 元　收缴率 32.1%　欠缴 2 人 60.00 元")


def test_a_wage_base_entered_reaches_the_month(qtbot, page: FinancePage) -> None:
    tab = page.dues_tab
    tab.generate()
    qtbot.waitUntil(lambda: tab.generate_task is None, timeout=20_000)
    wages = page.wage_bases_tab
    page.tabs.setCurrentWidget(wages)
    header = wages.table.horizontalHeader()  # by name A to Z (SQL sorts), not the heading's default Z to A
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (WageColumn.NAME, Qt.SortOrder.AscendingOrder)
    assert wages.model.sort_order == Qt.SortOrder.AscendingOrder and wages.model.rowCount() == 5
    dialog = wages.add()
    assert isinstance(dialog, WageBaseDialog)
    dialog.member.set_member(page.people["钱七"])  # type: ignore[attr-defined]
    dialog.effective.setDate(QDate(2025, 1, 1))
    dialog.wage.setText("4,321.00")
    dialog.accept()
    assert page.message_label.text() == "已新增工资基数：自 2025-01-01 起每月 4,321.00 元，已生成而未缴的 1 个月份已重算。"
    page.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: cells(tab)["钱七"][-1] == "欠缴", timeout=5_000)
    assert cells(tab)["钱七"][2:4] == ["4,321.00", "21.60"]  # 4,320 × 5‰
    assert D(2025, 3, 1) == tab.month_combo.currentData()


def test_opening_from_the_overview_shows_who_owes(qtbot, page: FinancePage) -> None:
    tab = page.dues_tab
    tab.generate()
    qtbot.waitUntil(lambda: tab.generate_task is None, timeout=20_000)
    page.open_at(Opening(Register.DUES, year=2025))
    assert page.tabs.currentWidget() is tab
    assert (tab.month_combo.currentText(), tab.status_combo.currentText()) == ("全年", "欠缴")
    assert sorted(cells(tab)) == ["张三", "李四", "王五"]


def test_the_payroll_list_through_the_import_wizard(qtbot, page: FinancePage, tmp_path: Path) -> None:
    tab = page.dues_tab
    book = openpyxl.Workbook()
    for row in (["姓名", "身份证号", "月份", "代扣金额", "扣款日期"],
                ["张三", "110101198001010014", "2025-03", 28.35, "2025-03-15"], ["李四", None, "2025年3月", 20, "2025-03-15"]):
        book.active.append(row)
    book.save(tmp_path / "三月代扣.xlsx")
    wizard = tab.open_import(tmp_path / "三月代扣.xlsx")
    assert isinstance(wizard, ImportWizard)
    with qtbot.waitSignal(wizard.imported, timeout=20_000):
        go_to(qtbot, wizard, PageId.DONE)
    assert wizard.done_page.summary_label.text().startswith("新增 2 人次")
    rows = cells(tab)
    assert sorted(rows) == ["张三", "李四"]  # the month generated for those on the list
    assert rows["张三"][4:8] == ["28.35", "2025-03-15", "工资代扣", "已缴"]
    wizard.close()
