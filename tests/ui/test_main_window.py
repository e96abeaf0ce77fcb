"""Smoke tests of the window a chair sees first: navigation, year selector, settings, crash dialog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from unionbook.services import aid
from unionbook.services.database import Database
from unionbook.services.overview import register_counts
from unionbook.services.union import get_profile
from unionbook.ui.application import create_application
from unionbook.ui.errors import CrashDialog
from unionbook.ui.changes import notifier
from unionbook.ui.main_window import MainWindow
from unionbook.ui.pages.aid import AidPage
from unionbook.ui.pages.contracts import ContractsPage
from unionbook.ui.pages.members import MembersPage

NAV = ["总览", "会员", "集体合同", "帮扶", "活动", "会费经费", "荣誉阵地维权", "文档", "设置"]


@pytest.fixture
def window(qtbot, demo_db: Database) -> MainWindow:  # noqa: ANN001
    create_application()
    win = MainWindow(demo_db)
    qtbot.addWidget(win)
    win.show()
    return win


def test_navigation_has_every_page_of_the_ui_map(window: MainWindow) -> None:
    assert window.page_titles() == NAV
    for title in NAV:
        page = window.show_page(title)
        assert window.stack.currentWidget() is page


def test_overview_shows_the_demo_union(qtbot, window: MainWindow, demo_db: Database) -> None:  # noqa: ANN001
    counts = register_counts(demo_db.session_factory)
    overview = window.show_page("总览")
    qtbot.waitUntil(lambda: overview.overview is not None, timeout=30_000)
    assert overview.name_label.text() == get_profile(demo_db.session_factory).display_name
    assert f"职工名册 {counts.members:,} 人" in overview.all_years.text()
    assert overview.all_years.text().startswith("全部年度累计")
    assert not overview.first_steps.isVisibleTo(window)
    assert str(demo_db.path) in window.path_label.text()


def test_every_page_opens(window: MainWindow) -> None:
    """Each entry of the navigation shows its page."""
    for title in NAV:
        page = window.show_page(title)
        assert page.title == title and window.stack.currentWidget() is page


def test_aid_entry_shows_the_register(window: MainWindow, demo_db: Database) -> None:
    page = window.show_page("帮扶")
    assert isinstance(page, AidPage)
    files = aid.list_hardship_files(demo_db.session_factory)
    assert page.hardship_tab.counts_label.text().endswith(
        f"全部档案 {len(files)} 户，其中在档 {sum(f.data.closed_on is None for f in files)} 户、"
        f"已关闭 {sum(f.data.closed_on is not None for f in files)} 户"
    )
    window.set_year(2024)  # the disbursements follow the window's year
    assert page.payments_tab.year_combo.currentData() == 2024
    page.tabs.setCurrentWidget(page.payments_tab)
    assert {r.data.date.year for r in page.payments_tab.visible_rows()} == {2024}


def test_contracts_entry_shows_the_register(window: MainWindow, demo_db: Database) -> None:
    page = window.show_page("集体合同")
    assert isinstance(page, ContractsPage)
    assert page.model.rowCount() == register_counts(demo_db.session_factory).contracts


def test_members_entry_shows_the_roster(window: MainWindow, demo_db: Database) -> None:
    page = window.show_page("会员")
    assert isinstance(page, MembersPage)
    assert page.model.rowCount() == register_counts(demo_db.session_factory).members
    assert page.counts_label.text().startswith(f"共 {page.model.rowCount()} 人")


def test_year_selector_reaches_every_page(window: MainWindow) -> None:
    seen = []
    window.year_changed.connect(seen.append)
    window.set_year(2023)
    assert seen == [2023]
    assert window.overview.year == 2023


def test_window_opens_on_the_latest_year_with_records(qtbot, demo_db: Database) -> None:  # noqa: ANN001
    """The demo union's records end in 2025: a window opened later starts there, not on a year of
    zeros — and not on the year of the last session either."""
    create_application()
    win = MainWindow(demo_db)
    qtbot.addWidget(win)
    assert win.year == 2025


def test_window_remembers_geometry_and_page(qtbot, demo_db: Database) -> None:  # noqa: ANN001
    create_application()
    first = MainWindow(demo_db)
    qtbot.addWidget(first)
    first.resize(720, 520)
    first.set_year(2022)
    first.show_page("设置")
    first.close()
    second = MainWindow(demo_db)
    qtbot.addWidget(second)
    assert second.year == 2025  # the latest year with records, whatever was shown last time
    assert second.stack.currentWidget() is second.settings_page
    assert (second.width(), second.height()) == (720, 520)


def test_settings_page_saves_profile_and_shows_errors_inline(window: MainWindow, demo_db: Database) -> None:
    page = window.show_page("设置")
    page.fields["union_name"].setText("测试工会")
    page.save_profile()
    assert get_profile(demo_db.session_factory).union_name == "测试工会"
    assert window.union_label.text() == "测试工会"  # the window refreshed after the save
    page.fields["credit_code"].setText("12345")
    page.save_profile()
    assert "统一社会信用代码" in page.profile_error.text()
    assert get_profile(demo_db.session_factory).credit_code != "12345"


def test_empty_database_offers_the_demo_and_loads_it_in_background(qtbot, db: Database) -> None:  # noqa: ANN001
    create_application()
    win = MainWindow(db)
    qtbot.addWidget(win)
    win.show()
    overview = win.show_page("总览")
    qtbot.waitUntil(lambda: overview.overview is not None, timeout=30_000)
    assert overview.first_steps.isVisible()
    with qtbot.waitSignal(notifier().changed, timeout=60_000):
        qtbot.mouseClick(overview.demo_button, Qt.MouseButton.LeftButton)
    assert register_counts(db.session_factory).members > 0
    assert win.year == 2025  # the demo's latest year
    qtbot.waitUntil(lambda: overview.overview is not None and overview.overview.period.end.year == 2025, timeout=30_000)
    assert not overview.first_steps.isVisible()
    assert overview.cards["会员总数"].value.text() != "0 人"


def test_crash_dialog_details_can_be_copied(qtbot) -> None:  # noqa: ANN001
    create_application()
    dialog = CrashDialog("Traceback: boom")
    qtbot.addWidget(dialog)
    copy_button = next(b for b in dialog.findChildren(QPushButton) if b.text() == "复制详细信息")
    copy_button.click()
    assert QApplication.clipboard().text() == "Traceback: boom"


def test_unexpected_exception_is_logged_and_shown(qtbot, monkeypatch, caplog) -> None:  # noqa: ANN001
    import sys
    import threading

    from unionbook.ui import errors

    create_application()
    shown: list[str] = []
    monkeypatch.setattr(errors, "_show_crash", shown.append)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # both restored after the test
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    errors.install_excepthook()
    try:
        raise ValueError("意外")
    except ValueError:
        sys.excepthook(*sys.exc_info())
    qtbot.waitUntil(lambda: bool(shown))
    assert "ValueError: 意外" in shown[0]
    assert any(r.levelname == "CRITICAL" and "意外" in r.getMessage() for r in caplog.records)


def test_a_hidden_register_tab_reads_a_new_year_only_when_shown(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    """A year of payments takes seconds at 100,000 people: the year selector must not read it for
    a tab nobody is looking at (it did, 15 s at 100,000, on every start and every year chosen)."""
    window.show_page("总览")
    years: list[int | None] = []
    real = aid.query_payment_ids
    def listing(factory, flt, *order):  # noqa: ANN001, ANN002, ANN202 - a spy on the service
        if flt.year is not None:  # a year's payments (not one person's or one batch's lines)
            years.append(flt.year)
        return real(factory, flt, *order)

    monkeypatch.setattr(aid, "query_payment_ids", listing)
    window.set_year(2023)
    assert years == []
    page = window.show_page("帮扶")
    assert years == []  # 困难职工档案 is on top: the payments are read when their tab is shown
    page.tabs.setCurrentWidget(page.payments_tab)
    assert years == [2023]
    assert {r.data.date.year for r in page.payments_tab.visible_rows()} == {2023}


def test_a_disabled_fields_example_text_is_lighter_than_a_disabled_value(qtbot) -> None:  # noqa: ANN001
    """While 批量发放 writes, its form is disabled: an example such as 例如：月饼一盒 must not read
    as a typed value (Qt draws placeholders black at half strength in every state)."""
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QLineEdit

    create_application()
    example, typed = QLineEdit(), QLineEdit("月饼一盒")
    example.setPlaceholderText("例如：月饼一盒")
    for field in (example, typed):
        qtbot.addWidget(field)
        field.setEnabled(False)
    group = QPalette.ColorGroup.Disabled
    placeholder = example.palette().color(group, QPalette.ColorRole.PlaceholderText)
    text = typed.palette().color(group, QPalette.ColorRole.Text)
    background = example.palette().color(group, QPalette.ColorRole.Base)

    def contrast(color) -> float:  # noqa: ANN001 - drawn over the field's background, alpha included
        a = color.alphaF()
        return abs((color.lightnessF() * a + background.lightnessF() * (1 - a)) - background.lightnessF())

    assert contrast(placeholder) < contrast(text)
