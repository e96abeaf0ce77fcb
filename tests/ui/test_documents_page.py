"""The 文档 page: templates listed, the figures a template prints shown before generating, a
document generated in the background into documents/ and remembered, user templates checked
before they are copied, and the variables catalogue copying `{{会员总数}}`. Offscreen, demo union."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from docx import Document
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QMessageBox

from unionbook.domain.errors import UnionbookError
from unionbook.services.database import Database
from unionbook.services.figures import Period, compute_with_comparison, figure_by_name, format_value
from unionbook.services.templates import BUILTIN_ORDER
from unionbook.ui.application import create_application
from unionbook.ui.dialogs.variables_dialog import VariablesDialog
from unionbook.ui.pages import documents as documents_page_module
from unionbook.ui.pages.documents import DocumentsPage, PeriodChoice, common, generate_panel, load_recent, used_figures
from unionbook.ui.pages.documents import user_templates as user_templates_module


@pytest.fixture
def page(qtbot, demo_db: Database) -> Iterator[DocumentsPage]:
    create_application()
    widget = DocumentsPage(demo_db)
    qtbot.addWidget(widget)
    widget.set_year(2024)
    widget.resize(1100, 760)
    widget.show()
    qtbot.waitUntil(lambda: not widget.figures_busy, timeout=10_000)
    yield widget
    # The figures are read on the thread pool: let them finish before the database closes
    # (pytest-qt has already closed the widget by now).
    QThreadPool.globalInstance().waitForDone(10_000)


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What show_error would have put in a message box (which would block the test)."""
    shown: list[str] = []

    def record(_parent: object, exc: BaseException, _title: str = "") -> None:
        shown.append(exc.message() if isinstance(exc, UnionbookError) else str(exc))

    for module in (user_templates_module, generate_panel):  # the panels that report failures
        monkeypatch.setattr(module, "show_error", record)
    return shown


def _user_docx(path: Path, text: str) -> Path:
    document = Document()
    document.add_paragraph(text)
    document.save(path)
    return path


def test_documents_page_lists_the_builtin_templates_first(page: DocumentsPage) -> None:
    names = [t.name for t in page.templates if t.builtin]
    assert names == list(BUILTIN_ORDER)
    tree = page.template_tree
    builtin_group = tree.topLevelItem(0)
    assert [builtin_group.child(i).text(0) for i in range(builtin_group.childCount())] == list(BUILTIN_ORDER)
    assert builtin_group.child(2).text(1) == "xlsx"  # 工会统计年报
    assert page.current_template().name == "年度工作总结"
    assert "年度工作总结" in page.template_info.text() and "Word 文档" in page.template_info.text()
    assert not page.remove_template_button.isEnabled()  # built-ins cannot be deleted


def test_documents_page_shows_the_figures_the_template_uses(qtbot, page: DocumentsPage, demo_db: Database) -> None:
    assert page.select_template("年度工作总结")
    assert page.current_period() == Period.year(2024)
    qtbot.waitUntil(lambda: page.figure_cells().get("会员总数", ("",))[0] != "", timeout=10_000)
    values = compute_with_comparison(demo_db.session_factory, Period.year(2024))
    unit = figure_by_name("会员总数").unit
    assert page.figure_cells()["会员总数"] == (
        format_value(values["会员总数"], unit),
        format_value(values["上年会员总数"], unit),
        values["会员总数同比"],
    )
    template = page.current_template()
    assert list(page.figure_cells()) == used_figures(template.variables)
    assert "活动列表" in page.others_label.text()

    # The 统计年报 follows its own rule: 10月1日 to 9月30日 ending in the chosen year.
    assert page.select_template("工会统计年报")
    assert page.period_choice() is PeriodChoice.STATISTICAL
    assert page.current_period() == Period.statistical_year(2024)
    assert page.output_path() == demo_db.files_dir("documents") / "2024年工会统计年报.xlsx"
    page.set_year(2023)
    assert page.current_period() == Period.statistical_year(2023)


def test_documents_page_generates_into_the_documents_folder(
    qtbot,
    page: DocumentsPage,
    demo_db: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page.select_template("年度工作总结")
    expected = demo_db.files_dir("documents") / "2024年工作总结.docx"
    assert page.output_path() == expected and not expected.exists()
    task = page.generate()
    assert task is not None
    with qtbot.waitSignal(task.finished, timeout=30_000):
        pass
    qtbot.waitUntil(lambda: page.last_document is not None, timeout=5_000)
    assert expected.exists() and page.last_document == expected
    assert "已生成 2024年工作总结.docx" in page.result_label.text()
    assert page.open_button.isVisibleTo(page) and page.open_folder_button.isVisibleTo(page)
    assert page.recent_paths()[0] == expected
    recent = load_recent()[0]
    assert (recent.path, recent.template, recent.period) == (expected, "年度工作总结", "2024年")
    text = "\n".join(p.text for p in Document(str(expected)).paragraphs)
    assert "江川精密机械有限公司" in text

    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    page.recent_list.itemDoubleClicked.emit(page.recent_list.item(0))  # double-click opens it
    page.open_folder_button.click()
    assert opened == [str(expected), str(expected.parent)]


def test_documents_page_greys_a_recent_document_that_is_gone(page: DocumentsPage, tmp_path: Path) -> None:
    gone = tmp_path / "2023年工作总结.docx"
    documents_page_module.remember_recent(
        documents_page_module.RecentDocument(gone, "年度工作总结", "2023年", datetime(2024, 1, 5))
    )
    page.reload_recent()
    item = page.recent_list.item(0)
    assert "文件已不存在" in item.text()
    assert item.foreground().color() == common.MISSING.color()
    assert not page.open_document(gone)
    assert "找不到" in page.result_label.text()


def test_user_template_with_a_typo_is_refused_with_the_suggestion(
    page: DocumentsPage, demo_db: Database, tmp_path: Path, errors: list[str]
) -> None:
    source = _user_docx(tmp_path / "我的总结.docx", "今年会员{{会员总人数}}人。")
    assert page.add_user_template(source) is None
    assert len(errors) == 1
    assert "会员总人数" in errors[0] and "是否应为：会员总数" in errors[0]
    assert not (demo_db.files_dir("templates") / "我的总结.docx").exists()
    assert "我的总结" not in [t.name for t in page.templates]


def test_valid_user_template_is_added_listed_and_removed(
    page: DocumentsPage, demo_db: Database, tmp_path: Path, errors: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _user_docx(tmp_path / "简报.docx", "{{工会名称}}：会员{{会员总数}}人，较上年{{会员总数同比}}。")
    added = page.add_user_template(source)
    assert errors == []
    assert added == demo_db.files_dir("templates") / "简报.docx" and added.exists()
    current = page.current_template()
    assert current is not None and (current.name, current.builtin) == ("简报", False)
    mine = page.template_tree.topLevelItem(1)
    assert [mine.child(i).text(0) for i in range(mine.childCount())] == ["简报"]
    assert list(page.figure_cells()) == ["会员总数"]
    assert page.remove_template_button.isEnabled()

    # The same name again: replaced only when the chair says so.
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda _parent, _title, text, *_a: asked.append(text) or QMessageBox.StandardButton.No,
    )
    (tmp_path / "新版").mkdir()
    other = _user_docx(tmp_path / "新版" / "简报.docx", "{{会员总数}}")
    assert page.add_user_template(other) is None and "已有同名的自定义模板“简报”" in asked[0]

    assert page.remove_user_template(confirm=False)
    assert not added.exists() and "简报" not in [t.name for t in page.templates]


def test_variables_dialog_copies_the_variable(qtbot) -> None:
    create_application()
    dialog = VariablesDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.select_variable("会员总数")
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == "{{会员总数}}"
    dialog.copy_change_button.click()
    assert QGuiApplication.clipboard().text() == "{{会员总数同比}}"

    dialog.search.setText("活动列表")  # a list copies its loop; its columns are children
    assert dialog.copy_selected() == "{%tr for r in 活动列表 %}"
    assert dialog.select_variable("r.名称") and dialog.copy_selected() == "{{r.名称}}"
    dialog.search.setText("")
    assert dialog.select_variable("|约数")
    index = dialog.selected_index()
    assert "372 → 370余" in dialog.proxy.index(index.row(), 1, index.parent()).data(Qt.ItemDataRole.DisplayRole)
    assert dialog.copy_selected() == "|约数"


def test_custom_period_uses_the_dates_and_refuses_them_reversed(qtbot, page: DocumentsPage) -> None:
    from datetime import date

    from PySide6.QtCore import QDate

    page.select_template("年度工作总结")
    assert not page.start_edit.isEnabled()
    page.period_combo.setCurrentIndex(page.period_combo.findData(PeriodChoice.CUSTOM))
    assert page.start_edit.isEnabled() and not page.year_spin.isEnabled()
    page.start_edit.setDate(QDate(2024, 3, 1))
    page.end_edit.setDate(QDate(2024, 8, 31))
    assert page.current_period() == Period(date(2024, 3, 1), date(2024, 8, 31))
    assert page.output_path().name == "2024.03.01-2024.08.31工作总结.docx"
    qtbot.waitUntil(lambda: not page.figures_busy, timeout=10_000)
    assert page.figure_cells()["会员总数"][0].endswith(" 人")
    page.end_edit.setDate(QDate(2024, 2, 1))
    assert page.current_period() is None and not page.generate_button.isEnabled()
    assert "结束日期早于开始日期" in page.period_note.text()
