"""The 文档 page's 落款日期: the date a document is signed with, chosen before 生成文档 (issue 11).

A 2024 summary generated long after 2024 is dated 2025-01-15 unless the chair picks another date;
the document carries the date on the screen, and a new period brings its own default.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from docx import Document
from PySide6.QtCore import QDate, QThreadPool

from unionbook.services.database import Database
from unionbook.ui.application import create_application
from unionbook.ui.pages.documents import DocumentsPage


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
    QThreadPool.globalInstance().waitForDone(10_000)


def test_report_date_defaults_by_period_and_reaches_the_document(qtbot, page: DocumentsPage) -> None:
    dates = page.generate_panel.date_edit
    assert page.select_template("年度工作总结")
    assert dates.date().toPython() == date(2025, 1, 15)  # 2024 ended long ago: when it was due
    page.set_year(2023)
    assert dates.date().toPython() == date(2024, 1, 15)  # a new period, its own default
    page.set_year(date.today().year)
    assert dates.date().toPython() == date.today()  # the year still running: today
    assert page.select_template("工会统计年报")  # 10-01 to 09-30 of the chosen year
    if date.today() > date(date.today().year, 10, 31):
        assert dates.date().toPython() == date(date.today().year, 10, 15)

    page.select_template("年度工作总结")
    page.set_year(2024)
    dates.setDate(QDate(2025, 1, 8))
    assert page.select_template("活动台账") and page.select_template("年度工作总结")  # both run over the year
    assert dates.date().toPython() == date(2025, 1, 8)  # same period: the chair's date stays
    task = page.generate()
    assert task is not None
    with qtbot.waitSignal(task.finished, timeout=30_000):
        pass
    qtbot.waitUntil(lambda: page.last_document is not None, timeout=5_000)
    text = "\n".join(p.text for p in Document(str(page.last_document)).paragraphs)
    assert "江川精密机械有限公司工会\n2025年1月8日" in text
