"""The pages of issue 13 on the demo union, offscreen: 荣誉阵地维权 (honors, positions, rights cases)
and 帮扶's 互助保障 tab — the models, the dialogs' inline rules, names kept private, photos, the
printed ledgers — and what the other pages gained: a member's honors and 互助保障 years, the 劳模
hint of the payment dialog, who went on a hardship visit."""

from __future__ import annotations

import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QMessageBox

from unionbook.services import honors, rights_cases
from unionbook.services.attachments import list_attachments
from unionbook.services.database import Database
from unionbook.ui.application import create_application
from unionbook.ui.dialogs.hardship_review_dialog import ReviewDialog
from unionbook.ui.dialogs.member_dialog import MemberDialog
from unionbook.ui.dialogs.payment_dialog import PaymentDialog
from unionbook.ui.main_window import MainWindow
from unionbook.ui.models.union_work_models import (
    CaseColumn,
    CaseTableModel,
    EnrollmentTableModel,
    HonorTableModel,
    PositionTableModel,
)
from unionbook.ui.pages.aid import AidPage
from unionbook.ui.pages.union_work import UnionWorkPage
from unionbook.ui.printing import a4_landscape_printer, render_table

TODAY = date(2025, 12, 20)


@pytest.fixture
def page(qtbot, demo_db: Database) -> UnionWorkPage:  # noqa: ANN001
    create_application()
    widget = UnionWorkPage(demo_db, today=TODAY)
    qtbot.addWidget(widget)
    widget.resize(1300, 760)
    widget.show()
    return widget


def test_union_work_models_pass_qtmodeltester(qtmodeltester, page: UnionWorkPage, demo_db: Database) -> None:  # noqa: ANN001
    aid = AidPage(demo_db, today=TODAY)
    aid.show()
    tabs = (page.honors_tab, page.positions_tab, page.cases_tab, aid.mutual_aid_tab)
    for tab, kind in zip(tabs, (HonorTableModel, PositionTableModel, CaseTableModel, EnrollmentTableModel), strict=True):
        (aid if tab is aid.mutual_aid_tab else page).tabs.setCurrentWidget(tab)  # a tab reads when shown
        assert isinstance(tab.model, kind) and tab.model.rowCount() > 0, kind.__name__
        qtmodeltester.check(tab.model, force_py=True)
    aid.deleteLater()


def test_the_navigation_stays_short(qtbot, demo_db: Database) -> None:  # noqa: ANN001
    create_application()
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    titles = window.page_titles()
    assert len(titles) <= 9 and titles.index("荣誉阵地维权") == titles.index("会费经费") + 1  # 会费经费 follows 活动
    assert [window.aid_page.tabs.tabText(i) for i in range(window.aid_page.tabs.count())][-1] == "互助保障"
    assert [page.tabs.tabText(i) for page in (window.union_work_page,) for i in range(3)] == ["荣誉", "阵地", "维权"]


def test_honor_dialog_reads_the_title_and_names_the_broken_rule(page: UnionWorkPage) -> None:
    tab = page.honors_tab
    before = tab.model.rowCount()
    dialog = tab.add()
    assert dialog is not None
    dialog.title_edit.setText("")
    dialog.title_edit.textEdited.emit("2025年度广州市工人先锋号")  # as typed
    dialog.title_edit.setText("2025年度广州市工人先锋号")
    assert (dialog.kind.currentData(), dialog.level.currentData(), dialog.recipient.currentData()) == ("工人先锋号", "市级", "班组")
    dialog.date_edit.setDate(QDate(2025, 11, 1))
    dialog.accept()  # no collective named
    assert dialog.errors["获奖集体"].text() == "请填写获奖的班组名称" and dialog.isVisible()
    dialog.recipient.setCurrentIndex(dialog.recipient.findData("个人"))
    dialog.member.search.setText("陈晓燕")
    dialog.member.run_search()
    dialog.accept()  # a 工人先锋号 to a person
    assert "授予集体" in dialog.errors["类别"].text() and dialog.isVisible()
    dialog.recipient.setCurrentIndex(dialog.recipient.findData("班组"))
    dialog.collective.setText("装配车间数控班")
    dialog.accept()
    assert not dialog.isVisible()
    assert tab.model.rowCount() == before + 1 and "已新增“2025年度广州市工人先锋号”" in page.message_label.text()


def test_cases_are_private_until_names_are_shown(qtbot, page: UnionWorkPage, tmp_path: Path) -> None:  # noqa: ANN001
    tab = page.cases_tab
    page.tabs.setCurrentWidget(tab)
    shown = [tab.model.index(r, CaseColumn.PERSON).data() for r in range(tab.model.rowCount())]
    assert all(len(name) == 2 and name.endswith("*") for name in shown if name)
    ledger = tab.ledger()
    assert ledger.title == "江川精密机械有限公司工会维权工作台账" and ledger.rows[0][3] in shown
    tab.show_names.setChecked(True)
    assert all("*" not in (tab.model.index(r, CaseColumn.PERSON).data() or "") for r in range(tab.model.rowCount()))
    printer = a4_landscape_printer()
    printer.setOutputFormat(printer.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "维权.pdf"))
    assert render_table(printer, tab.ledger(), tab.ledger_style) >= 1
    pdf = subprocess.run(["pdftotext", str(tmp_path / "维权.pdf"), "-"], capture_output=True, text=True).stdout
    assert "台账" in unicodedata.normalize("NFKC", pdf)


def test_case_dialog_fills_the_closing_date_with_the_result(page: UnionWorkPage) -> None:
    tab = page.cases_tab
    dialog = tab.add()
    assert dialog is not None and dialog.outcome.currentData() == "办理中" and dialog.closed.value() is None
    dialog.request.setPlainText("咨询加班费")
    dialog.outcome.setCurrentIndex(dialog.outcome.findData("已解决"))
    dialog.outcome.activated.emit(dialog.outcome.currentIndex())
    assert dialog.closed.value() == TODAY
    dialog.closed.set_value(date(2020, 1, 1))  # before it was taken in
    dialog.accept()
    assert "早于受理日期" in dialog.errors["办结日期"].text() and dialog.isVisible()
    dialog.closed.set_value(TODAY)
    dialog.person.setText("王小明")
    dialog.accept()
    assert not dialog.isVisible()
    saved = rights_cases.get_case(tab.db.session_factory, dialog.saved_id)
    assert saved.data.private and saved.shown_name() == "王*"


def test_position_photos_and_deleting_a_position(
    qtbot, page: UnionWorkPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # noqa: ANN001
) -> None:
    tab = page.positions_tab
    page.tabs.setCurrentWidget(tab)
    tab.select_proxy_row(0)
    row = tab.selected_row()
    assert row is not None and row.data.name in tab.info.text()
    photo = tmp_path / "职工之家.jpg"
    photo.write_bytes(b"\xff\xd8\xff photo")
    tab.attachments.add_files([photo])
    qtbot.waitUntil(lambda: not tab.attachments.busy, timeout=10_000)
    assert [a.original_name for a in list_attachments(tab.db, "position_id", row.id)] == ["职工之家.jpg"]
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    assert tab.delete()
    assert list_attachments(tab.db, "position_id", row.id) == [] and "已删除" in page.message_label.text()


def test_mutual_aid_tab_counts_people_and_follows_the_year(qtbot, demo_db: Database) -> None:  # noqa: ANN001
    create_application()
    aid = AidPage(demo_db, today=TODAY)
    qtbot.addWidget(aid)
    tab = aid.mutual_aid_tab
    aid.show()
    aid.tabs.setCurrentWidget(tab)
    assert tab.model.fetch_count <= 1  # lazy: the ids and one block of rows around the screen, not the year
    # The line under the list is one SQL aggregate; it agrees with the ids the list holds.
    assert tab.counts_label.text().split("，")[1] == f"{tab.model.rowCount():,} 人次"
    assert tab.counts_text(tab.visible_rows()).startswith("列表合计：") and "缴费" in tab.counts_text(tab.visible_rows())
    this_year = {r.data.year for r in tab.visible_rows()}
    aid.tabs.setCurrentWidget(aid.hardship_tab)
    aid.set_year(2023)  # a tab not shown reads the new year when it is next shown
    assert {r.data.year for r in tab.visible_rows()} == {2025}
    aid.tabs.setCurrentWidget(tab)
    assert this_year == {2025} and {r.data.year for r in tab.visible_rows()} == {2023}
    assert tab.plan_combo.count() == 3  # 全部 and the demo's two plans
    shown = tab.model.rowCount()
    tab.search.setText("没有这个人")
    assert tab.model.rowCount() == shown  # not read on the keystroke: once the typing pauses
    qtbot.waitUntil(lambda: tab.model.rowCount() == 0, timeout=3_000)
    assert tab.counts_label.text().startswith("列表合计：0 人，0 人次")


def test_member_dialog_payment_hint_and_visits(qtbot, demo_db: Database) -> None:  # noqa: ANN001
    create_application()
    factory = demo_db.session_factory
    model = next(h for h in honors.list_honors(factory) if h.data.kind == "劳动模范")
    dialog = MemberDialog(factory, model.data.member_id)
    qtbot.addWidget(dialog)
    assert dialog.tabs.tabText(dialog.tabs.count() - 1).startswith("荣誉与保障")
    assert "职工互助保障：" in dialog.honors_summary.text() and "可享受困难劳模帮扶" in dialog.honors_summary.text()
    assert dialog.honors_table.rowCount() >= 1

    payment = PaymentDialog(demo_db)
    qtbot.addWidget(payment)
    payment.member.set_member(model.data.member_id)
    assert "此人是劳动模范" in payment.model_worker_hint.text()
    chair = 1  # 周立军, the chair: an 优秀工会工作者, no 劳动模范 title
    assert honors.model_worker_title(factory, chair) is None
    payment.member.set_member(chair)
    payment.program.setCurrentIndex(payment.program.findData("困难劳模帮扶"))
    assert "没有登记劳动模范荣誉" in payment.model_worker_hint.text()
    assert payment.model_worker_hint.objectName() == "warning"

    aid = AidPage(demo_db, today=TODAY)
    qtbot.addWidget(aid)
    aid.show()  # the tab on top reads its files when shown
    hardship = aid.hardship_tab
    from unionbook.services import aid as aid_service

    # The list's rows carry no reviews (the detail reads the selected file's): find one with a 走访.
    on_file = [r for r in aid_service.list_hardship_files(factory) if r.data.closed_on is None]
    row = next(r for r in on_file if any(v.kind == "走访" for v in r.reviews))
    assert hardship.select_id(row.id)
    assert "走访（周立军、陈晓燕）" in hardship.detail.family.text()
    review = ReviewDialog(demo_db, row, today=TODAY)
    qtbot.addWidget(review)
    assert not review.visitors.isEnabled()
    review.kind.setCurrentIndex(review.kind.findData("走访"))
    review.visitors.setText("工会副主席")
    review.accept()
    latest = max(aid_service.get_hardship_file(factory, row.id).reviews, key=lambda r: (r.date, r.id))
    assert (latest.kind, latest.visitors, latest.date) == ("走访", "工会副主席", TODAY)
