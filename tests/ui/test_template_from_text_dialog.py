"""文档 → 从往年总结生成模板: the review step (issue #16) under the offscreen platform."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from summary_gold import read_gold

from unionbook.services.database import Database
from unionbook.ui.dialogs.template_from_text import DROPPED, KEEP, MAPPED, UNMATCHED, TemplateFromTextDialog
from unionbook.ui.pages.documents import DocumentsPage

SCREENSHOTS = os.environ.get("UNIONBOOK_SCREENSHOTS")  # a folder to save the dialog's pictures in


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []

    def record(_parent: object, exc: BaseException, _title: str = "") -> None:
        shown.append(exc.message() if hasattr(exc, "message") else str(exc))

    monkeypatch.setattr("unionbook.ui.dialogs.template_from_text.show_error", record)
    return shown


@pytest.fixture
def dialog(qtbot, demo_db: Database) -> Iterator[TemplateFromTextDialog]:
    widget = TemplateFromTextDialog(demo_db, year=2024)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    yield widget


def _analysed(qtbot, dialog: TemplateFromTextDialog, text: str) -> None:
    dialog.source_tabs.setCurrentIndex(1)
    dialog.analyse_pasted(text)
    qtbot.waitUntil(lambda: dialog.analysis is not None and dialog.task is None, timeout=20_000)


def _row(dialog: TemplateFromTextDialog, written: str) -> int:
    return next(r for r in range(dialog.table.rowCount()) if dialog.table.item(r, 1).text() == written)


def test_review_shows_each_slot_with_its_figure_and_this_years_value(qtbot, dialog: TemplateFromTextDialog) -> None:
    text, gold = read_gold("summary_2024.txt")
    _analysed(qtbot, dialog, text)
    assert dialog.table.rowCount() == len(gold)
    row = _row(dialog, "3.2万元")
    assert dialog._combos[row].currentText() == "送温暖金额"
    assert dialog.table.item(row, 3).text() == "1.05万元"  # the demo union's 2024, as the document will say
    assert dialog.table.item(_row(dialog, "六次"), 3).text() == "六次"
    district = _row(dialog, "X家")
    assert dialog._combos[district].currentText() == KEEP
    assert "全区" in dialog.table.item(district, 4).text()
    assert dialog.table.item(district, 1).background().color().name() == UNMATCHED
    assert dialog.table.item(row, 1).background().color().name() == MAPPED
    assert "找到 73 个数字，63 个换成指标" in dialog.status.text()
    assert dialog.name_edit.text() == "工作总结（我的）"
    html = dialog.text_view.toHtml()
    assert MAPPED in html and UNMATCHED in html
    if SCREENSHOTS:
        dialog.grab().save(str(Path(SCREENSHOTS) / "template_from_text_review.png"))


def test_changing_dropping_and_saving_then_generating(qtbot, dialog: TemplateFromTextDialog, demo_db: Database) -> None:
    _analysed(qtbot, dialog, "送温暖、金秋助学两项工作共支出X万元。\n冬送温暖，为56名困难职工发放救助金3.2万元。")
    ambiguous, dropped = _row(dialog, "X万元"), _row(dialog, "56名")
    dialog.set_choice(ambiguous + 1, "帮扶慰问总金额")  # mapped by hand
    assert dialog.table.item(ambiguous, 3).text() == "4.15万元"
    assert dialog.table.item(ambiguous, 4).text() == "手工改为“帮扶慰问总金额”"
    dialog.set_choice(dropped + 1, None)
    assert dialog.table.item(dropped, 1).background().color().name() == DROPPED
    dialog.name_edit.setText("我的总结")
    saved: list[Path] = []
    made: list = []
    dialog.saved.connect(saved.append)
    dialog.generated.connect(made.append)
    dialog.save(generate=True)
    qtbot.waitUntil(lambda: bool(made), timeout=30_000)
    assert saved == [demo_db.files_dir("templates") / "我的总结.docx"]
    document = made[0].path
    assert document.parent == demo_db.files_dir("documents") and document.name == "2024年我的总结.docx"
    assert [p.text for p in Document(str(document)).paragraphs] == [
        "送温暖、金秋助学两项工作共支出4.15万元。",
        "冬送温暖，为56名困难职工发放救助金1.05万元。",
    ]


def test_changing_the_year_recomputes_the_values(qtbot, dialog: TemplateFromTextDialog) -> None:
    _analysed(qtbot, dialog, "金秋助学，发放助学金x元。")
    assert dialog.table.item(0, 3).text() == "2,000元"  # the demo union's 2024
    dialog.set_year(2023)
    qtbot.waitUntil(lambda: dialog.table.item(0, 3).text() != "2,000元", timeout=20_000)
    assert dialog.table.item(0, 3).text() == "3,000元"  # and its 2023 (`unionbook figures --year 2024`: 上年)


def test_unreadable_file_is_refused_with_a_message(qtbot, dialog: TemplateFromTextDialog, errors: list[str],
                                                   tmp_path: Path) -> None:  # fmt: skip
    broken = tmp_path / "坏的.docx"
    broken.write_bytes(b"PK\x03\x04 nothing")
    dialog.open_file(broken)
    qtbot.waitUntil(lambda: bool(errors), timeout=20_000)
    assert "坏的.docx" in errors[0]
    assert dialog.analysis is None and not dialog.save_button.isEnabled()


def test_documents_page_opens_the_dialog_and_lists_what_it_saved(qtbot, demo_db: Database) -> None:
    page = DocumentsPage(demo_db)
    qtbot.addWidget(page)
    page.show()
    assert page.from_summary_button.text() == "从往年总结生成模板…"
    dialog = page.open_template_from_text()
    qtbot.addWidget(dialog)
    _analysed(qtbot, dialog, "全年召开工会委员会议六次。")
    dialog.name_edit.setText("会议总结")
    dialog.save()
    qtbot.waitUntil(lambda: any(t.name == "会议总结" for t in page.templates), timeout=20_000)
    assert page.current_template().name == "会议总结"
