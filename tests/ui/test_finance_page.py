"""会费经费 offscreen, on a hand-built 2024: the 经费收支 tab (an entry added through its dialog, the
totals line under the table, lines from other registers read-only) and the 预算执行 tab (a budget
edited, last year's copied).

By hand: entry 2024-01-10 拨缴经费收入 30,000.00 (记-001); activity 三八节健步走 2024-03-08 cost 800.00
→ 职工活动支出. The dialog adds 2024-05-20 业务支出/会议 1,250.50 → income 30,000.00, spending 2,050.50,
结余 27,949.50.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate

from unionbook.db.models import Activity
from unionbook.services import fund_budgets, funds
from unionbook.services.database import Database
from unionbook.services.funds import EntryInput
from unionbook.ui.application import create_application
from unionbook.ui.main_window import MainWindow
from unionbook.ui.models.funds_models import BudgetColumn, LedgerColumn
from unionbook.ui.pages.finance import FinancePage

TODAY = date(2024, 12, 20)


@pytest.fixture
def page(qtbot, db: Database) -> FinancePage:
    with db.session_factory.begin() as s:
        s.add(Activity(name="三八节健步走", category="文体活动", start_date=date(2024, 3, 8), cost_fen=80000))
    funds.save_entry(db.session_factory, EntryInput(date(2024, 1, 10), "拨缴经费收入", 3000000, "一季度拨缴经费",
                                                    voucher_no="记-001"))  # fmt: skip
    create_application()
    widget = FinancePage(db, today=TODAY)
    qtbot.addWidget(widget)
    widget.resize(1216, 708)
    widget.show()
    qtbot.waitUntil(lambda: widget.ledger_tab.loading is None)
    return widget


def cells(tab: object, row: int, columns: list) -> list[str]:
    return [tab.proxy.index(row, c).data() for c in columns]  # type: ignore[attr-defined]


def test_an_entry_added_through_the_dialog_joins_the_ledger_and_its_totals(qtbot, page: FinancePage) -> None:
    tab = page.ledger_tab
    page.tabs.setCurrentWidget(tab)  # a tab reads when shown
    qtbot.waitUntil(lambda: tab.loading is None)
    assert (
        tab.totals_label.text() == "上年结余 0.00 元，本年收入合计 30,000.00 元，支出合计 800.00 元，结余 29,200.00 元"
    )
    assert tab.counts_label.text() == "共 2 笔：记账 1 笔，其他台账 1 笔"
    tab.select_id(tab.model.rows()[1].id)  # the activity's line: changed in 活动, not here
    assert tab.model.rows()[1].line.summary == "三八节健步走" and not tab.edit_button.isEnabled()
    assert tab.edit() is None and "请在“活动”中修改" in page.message_label.text()

    dialog = tab.add()
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.link.isEnabled())
    assert dialog.link.count() == 2 and dialog.link.itemText(1).startswith("2024-03-08　活动费用　三八节健步走")
    dialog.date.setDate(QDate(2024, 5, 20))
    dialog.category.setCurrentIndex(dialog.category.findData("业务支出"))
    assert [dialog.sub_item.itemText(i) for i in range(dialog.sub_item.count())][1:3] == ["培训", "会议"]
    dialog.sub_item.setCurrentText("会议")
    dialog.voucher.setText("记-002")
    dialog.accept()  # no amount yet
    assert dialog.errors["金额"].text() == "请填写金额，例如 1200 或 1,200.50" and dialog.isVisible()
    dialog.amount.setText("1,250.50")
    dialog.accept()  # no 摘要: the service says so under the field
    assert dialog.errors["摘要"].text() == "请写明这笔收支的摘要（事由）" and dialog.isVisible()
    dialog.summary.setText("工会委员会议资料印刷")
    dialog.accept()
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: tab.loading is None and tab.model.rowCount() == 3)
    assert (
        tab.totals_label.text()
        == "上年结余 0.00 元，本年收入合计 30,000.00 元，支出合计 2,050.50 元，结余 27,949.50 元"
    )
    columns = [LedgerColumn.DATE, LedgerColumn.VOUCHER, LedgerColumn.SUMMARY, LedgerColumn.SPENDING,
               LedgerColumn.BALANCE, LedgerColumn.SOURCE]  # fmt: skip
    assert cells(tab, 2, columns) == ["2024-05-20", "记-002", "工会委员会议资料印刷", "1,250.50", "27,949.50", "记账"]
    assert page.message_label.text() == "已新增2024-05-20“工会委员会议资料印刷”（1,250.50 元）。"
    assert tab.selected_row().line.summary == "工会委员会议资料印刷" and tab.edit_button.isEnabled()

    tab.direction_combo.setCurrentIndex(tab.direction_combo.findData("支出"))
    assert tab.model.rowCount() == 2
    assert tab.totals_label.text() == "筛选结果：收入合计 0.00 元，支出合计 2,050.50 元，收支相抵 -2,050.50 元"
    tab.reset_filters()
    tab.search.setText("记-001")
    assert [r.line.summary for r in tab.model.rows()] == ["一季度拨缴经费"]


def test_a_budget_is_edited_and_last_years_copied(qtbot, page: FinancePage, db: Database) -> None:
    tab = page.budget_tab
    page.tabs.setCurrentWidget(tab)
    activities = next(r for r in tab.model.rows() if r.line.category == "职工活动支出")
    assert tab.counts_label.text() == "2024年还没有支出预算：双击科目设置，或复制上年预算"
    dialog = tab.edit(activities)
    assert dialog is not None
    dialog.amount.setText("1000")
    dialog.accept()
    assert not dialog.isVisible()
    row = next(n for n, r in enumerate(tab.model.rows()) if r.line.category == "职工活动支出")
    columns = [BudgetColumn.BUDGET, BudgetColumn.ACTUAL, BudgetColumn.DIFFERENCE, BudgetColumn.RATE]
    assert cells(tab, row, columns) == ["1,000.00", "800.00", "200.00", "80.0%"]
    assert tab.counts_label.text() == "支出预算 1,000.00 元，实际 800.00 元，执行率 80.0%"
    assert tab.edit(next(r for r in tab.model.rows() if r.line.total)) is None

    page.set_year(2025)
    qtbot.waitUntil(lambda: page.ledger_tab.loading is None)
    tab.copy_button.click()
    assert page.message_label.text() == "已把2024年 1 个科目的预算复制到2025年（已设预算的科目保持不变）。"
    assert fund_budgets.budgets(db.session_factory, 2025) == {"职工活动支出": 100000}
    assert tab.counts_label.text() == "支出预算 1,000.00 元，实际 0.00 元，执行率 0.0%"


def test_the_page_is_in_the_navigation_after_activities(qtbot, db: Database) -> None:
    create_application()
    window = MainWindow(db)
    qtbot.addWidget(window)
    titles = window.page_titles()
    assert len(titles) <= 9 and titles.index("会费经费") == titles.index("活动") + 1
    tabs = window.finance_page.tabs
    assert [tabs.tabText(i) for i in range(tabs.count())][-2:] == ["经费收支", "预算执行"]
