"""帮扶 → 困难职工档案 over SQL (issue 17): the five hand-built files of tests/hardship_files.py in the
tab offscreen — the 状态 filter, sorting by a heading, the orange of an overdue file, the counts
line and the overdue line, the detail panel reading the selected file's family and reviews, and a
double-click opening the file."""

from __future__ import annotations

import pytest
from hardship_files import TODAY, build_files
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from unionbook.services.database import Database
from unionbook.ui.application import create_application
from unionbook.ui.dialogs.hardship_dialog import HardshipDialog
from unionbook.ui.models.aid_table_models import HardshipColumn, HardshipTableModel
from unionbook.ui.pages.aid import AidPage


@pytest.fixture
def page(qtbot, db: Database) -> tuple[AidPage, dict[str, int]]:
    create_application()
    files = build_files(db.session_factory)
    widget = AidPage(db, today=TODAY)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    return widget, files


def _names(tab) -> list[str]:
    return [row.member_name for row in tab.visible_rows()]


def _choose(tab, status: str) -> None:
    tab.status_combo.setCurrentIndex(tab.status_combo.findData(status))


def test_open_files_newest_first_with_counts_and_the_overdue_line(page) -> None:
    page, _files = page
    tab = page.hardship_tab
    assert _names(tab) == ["赵六", "李四", "张三", "钱七"]
    assert tab.counts_label.text() == "显示 4 户；全部档案 5 户，其中在档 4 户、已关闭 1 户"
    assert tab.overdue_label.text() == "2 户档案超过 12 个月未复核：张三、钱七"
    assert tab.selected_row().member_name == "赵六"  # the first row is selected
    _choose(tab, "closed")
    assert _names(tab) == ["王五"]
    assert tab.counts_label.text() == "显示 1 户；全部档案 5 户，其中在档 4 户、已关闭 1 户"
    assert tab.model.index(0, HardshipColumn.STATUS).data() == "已解困脱困"
    assert tab.model.index(0, HardshipColumn.NAME).data(Qt.ItemDataRole.ForegroundRole).color() == QColor("#8a949e")
    _choose(tab, "year_end")
    page.set_year(2024)
    assert tab.status_combo.currentText() == "2024年末在档"
    assert _names(tab) == ["张三", "王五", "钱七"]
    assert tab.counts_label.text().startswith("显示 3 户；")


def test_overdue_rows_are_orange_with_the_reason(page) -> None:
    page, _files = page
    model = page.hardship_tab.model
    cells = {model.index(r, HardshipColumn.NAME).data(): r for r in range(model.rowCount())}
    zhang = model.index(cells["张三"], HardshipColumn.NAME)
    assert zhang.data(Qt.ItemDataRole.BackgroundRole).color() == QColor("#fbd9a5")
    assert "建档 2024-03-01 后从未复核" in zhang.data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(cells["钱七"], HardshipColumn.LAST_REVIEW).data() == "2025-01-05"
    li = model.index(cells["李四"], HardshipColumn.NAME)
    assert li.data(Qt.ItemDataRole.BackgroundRole) is None
    assert model.index(cells["赵六"], HardshipColumn.LAST_REVIEW).data() == "未复核"  # a 走访 is no 复核


def test_a_heading_click_sorts_in_sql_and_keeps_the_selection(page) -> None:
    page, files = page
    tab = page.hardship_tab
    _choose(tab, "all")
    assert tab.select_id(files["王五"])
    tab.table.sortByColumn(HardshipColumn.NAME, Qt.SortOrder.AscendingOrder)
    assert _names(tab) == ["李四", "钱七", "王五", "张三", "赵六"]  # pinyin
    assert tab.selected_row().member_name == "王五"
    tab.table.sortByColumn(HardshipColumn.STATUS, Qt.SortOrder.AscendingOrder)
    assert _names(tab) == ["张三", "钱七", "赵六", "李四", "王五"]  # overdue, open, closed


def test_the_detail_reads_the_selected_files_family_and_a_double_click_opens_it(page) -> None:
    page, files = page
    tab = page.hardship_tab
    assert all(row.data.family == () for row in tab.visible_rows())  # the list reads no relatives
    assert tab.select_id(files["李四"])
    family = tab.detail.family.text()
    assert "王秀英" in family and "李小明" in family and "入户核实" in family
    index = tab.proxy.index(tab.model.row_of(files["李四"]), HardshipColumn.NAME)
    tab.table.doubleClicked.emit(index)
    assert isinstance(tab.dialog, HardshipDialog) and tab.dialog.family.rowCount() == 2
    tab.dialog.reject()


def test_hardship_model_passes_qtmodeltester(qtmodeltester, db: Database) -> None:
    build_files(db.session_factory)
    model = HardshipTableModel(db.session_factory, today=TODAY)
    model.reload()
    assert model.rowCount() == 4
    qtmodeltester.check(model, force_py=True)
