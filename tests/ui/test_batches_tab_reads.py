"""批量发放's tab reads a batch's lines once per reload (issue 17): the reload selects its batch and
then says so again, and a large union's batch is 77,000 lines. Offscreen, on the demo union."""

from __future__ import annotations

from datetime import date

from unionbook.services import aid
from unionbook.services.database import Database
from unionbook.ui.application import create_application
from unionbook.ui.pages.aid import AidPage


def test_a_reload_reads_the_selected_batchs_lines_once(qtbot, demo_db: Database) -> None:
    create_application()
    page = AidPage(demo_db, today=date(2026, 12, 20))
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    tab = page.batches_tab
    page.tabs.setCurrentWidget(tab)
    page.set_year(2025)  # the demo's batches
    batches = tab.visible_rows()
    assert len(batches) >= 2
    reads: list[int] = []
    original = tab.lines_model.fetch_ids
    tab.lines_model.fetch_ids = lambda: reads.append(1) or original()  # type: ignore[method-assign]
    tab.reload()
    assert len(reads) == 1
    first = tab.selected_row()
    assert tab.lines_model.rowCount() == first.count
    # Another batch chosen: its lines are read; back to the first: read again (the chair may expect news).
    other = next(b for b in batches if b.id != first.id)
    assert tab.select_id(other.id)
    assert len(reads) == 2 and tab.lines_model.rowCount() == other.count
    assert {tab.lines_model.row_at(r).batch_id for r in range(min(5, other.count))} == {other.id}
    assert tab.select_id(first.id)
    assert len(reads) == 3 and tab.lines_model.rowCount() == first.count
    assert first.count == len(aid.list_payments(demo_db.session_factory, aid.PaymentFilter(batch_id=first.id)))
