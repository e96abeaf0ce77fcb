"""The 会员 page: the lazy table model, search and filters, the add/edit dialog's validation,
refused deletion and the printed roster. Offscreen, on the 300-member demo union."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from sqlalchemy import func, select

from unionbook.db.models import AidPayment, Member
from unionbook.domain.idnumber import check_digit, mask_id_number
from unionbook.domain.pinyin import name_keys
from unionbook.services import members
from unionbook.services.database import Database
from unionbook.services.members import MemberFilter
from unionbook.ui import printing
from unionbook.ui.application import create_application
from unionbook.ui.dialogs.member_dialog import MemberDialog
from unionbook.ui.models.member_table_model import Column, MemberTableModel
from unionbook.ui.models.rows_model import RowRole
from unionbook.ui.pages import register_page as register_page_module
from unionbook.ui.pages.members import MembersPage


@pytest.fixture
def page(qtbot, demo_db: Database) -> MembersPage:  # noqa: ANN001
    create_application()
    widget = MembersPage(demo_db)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()  # the page reads its rows when first shown
    return widget


def _rows(model: MemberTableModel) -> list[members.MemberRow]:
    return [model.index(r, 0).data(RowRole) for r in range(model.rowCount())]


def test_member_table_model_passes_qtmodeltester(qtmodeltester, demo_db: Database) -> None:  # noqa: ANN001
    model = MemberTableModel(demo_db.session_factory)
    model.reload()
    assert model.rowCount() == 300
    qtmodeltester.check(model, force_py=True)
    model.sort(Column.JOIN_DATE, Qt.SortOrder.DescendingOrder)
    joined = [r.join_date for r in _rows(model) if r.join_date]
    assert joined == sorted(joined, reverse=True)
    qtmodeltester.check(model, force_py=True)


def test_member_table_model_fetches_only_blocks_and_sorts_by_pinyin(demo_db: Database) -> None:
    model = MemberTableModel(demo_db.session_factory)
    model.reload()
    assert model.index(150, Column.NAME).data() != ""
    assert model.fetch_count == 1  # one block around row 150, not the whole roster
    names = [model.index(r, Column.NAME).data() for r in range(model.rowCount())]
    assert [name_keys(n)[0] for n in names] == sorted(name_keys(n)[0] for n in names)


def test_member_table_model_masks_id_numbers_unless_asked(demo_db: Database) -> None:
    model = MemberTableModel(demo_db.session_factory)
    model.reload()
    row = next(r for r in _rows(model) if r.id_number and r.phone and len(r.phone) == 11)
    index = model.index(model.row_of(row.id), Column.ID_NUMBER)
    phone = model.index(index.row(), Column.PHONE)
    assert index.data() == mask_id_number(row.id_number) and "*" in index.data()
    assert phone.data() == row.phone[:3] + "****" + row.phone[-4:]
    changed = []
    model.dataChanged.connect(lambda first, last, roles: changed.append((first.column(), last.column())))
    model.set_show_full(True)
    assert index.data() == row.id_number
    assert phone.data() == row.phone
    assert (Column.ID_NUMBER, Column.ID_NUMBER) in changed


def test_search_by_name_initials_narrows_rows(qtbot, page: MembersPage) -> None:  # noqa: ANN001
    assert page.model.rowCount() == 300
    target = page.model.row_at(0)
    initials = name_keys(target.name)[1]
    qtbot.keyClicks(page.search, initials)
    assert page.model.rowCount() == 300  # debounced: typing alone does not query yet
    qtbot.waitUntil(lambda: page.model.rowCount() < 300, timeout=2000)
    found = _rows(page.model)
    assert target.id in {r.id for r in found}
    for row in found:
        full, first_letters = name_keys(row.name)
        assert first_letters.startswith(initials) or full.replace(" ", "").startswith(initials)
    assert page.counts_label.text().startswith(f"筛选结果：共 {len(found)} 人")


def test_membership_filter_shows_only_retained_members(page: MembersPage, demo_db: Database) -> None:
    page.membership_combo.setCurrentIndex(page.membership_combo.findData("保留会籍"))
    rows = _rows(page.model)
    assert rows and {r.membership for r in rows} == {"保留会籍"}
    counts = members.status_counts(demo_db.session_factory, MemberFilter(membership="保留会籍"))
    assert counts.total == len(rows)
    assert f"共 {len(rows)} 人，其中会员 0 人" in page.counts_label.text()
    page.reset_filters()
    assert page.model.rowCount() == 300


def _valid_id(first17: str) -> str:
    return first17 + check_digit(first17)


def test_dialog_rejects_invalid_id_inline_then_saves_and_derives_birth_and_gender(  # noqa: ANN001
    qtbot, demo_db: Database
) -> None:
    create_application()
    factory = demo_db.session_factory
    dialog = MemberDialog(factory)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setText("测试新人")
    good = _valid_id("11010519491231002")  # born 1949-12-31, 17th digit even → 女
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    qtbot.keyClicks(dialog.id_number, bad)
    assert "校验位" in dialog.errors["证件号码"].text() and dialog.errors["证件号码"].isVisible()
    dialog.accept()
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert "校验位" in dialog.errors["证件号码"].text()
    assert not members.query_member_ids(factory, MemberFilter(text="测试新人"))

    dialog.id_number.setText(good)
    assert not dialog.errors["证件号码"].isVisible()
    assert dialog.birth_date.value() == date(1949, 12, 31) and not dialog.birth_date.isEnabled()
    assert dialog.gender.currentData() == "女" and not dialog.gender.isEnabled()
    dialog.join_date_unknown.setChecked(True)  # a member: a date, or 日期不详 said on purpose
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.saved is not None
    saved = members.get_member(factory, dialog.saved.id)
    assert (saved.data.id_number, saved.data.birth_date, saved.data.gender) == (good, date(1949, 12, 31), "女")
    assert saved.membership == "会员" and saved.data.join_date is None  # 日期不详


def test_dialog_shows_service_errors_next_to_the_field(qtbot, demo_db: Database) -> None:  # noqa: ANN001
    create_application()
    dialog = MemberDialog(demo_db.session_factory)
    qtbot.addWidget(dialog)
    dialog.accept()  # no name
    assert dialog.errors["姓名"].text() == "不能为空"
    assert dialog.result() != QDialog.DialogCode.Accepted


def test_dialog_records_and_deletes_membership_events(qtbot, monkeypatch, demo_db: Database) -> None:  # noqa: ANN001
    create_application()
    factory = demo_db.session_factory
    member_id = members.query_member_ids(factory, MemberFilter(membership="会员"))[0]
    dialog = MemberDialog(factory, member_id)
    qtbot.addWidget(dialog)
    before = dialog.events_table.rowCount()
    dialog.event_kind.setCurrentIndex(dialog.event_kind.findData("转出"))
    dialog.event_date.setDate(date.today())
    dialog.event_reason.setText("调往分公司")
    dialog.add_event()
    assert dialog.events_table.rowCount() == before + 1 and dialog.history_changed
    assert dialog.membership_label.text() == "已转出"
    dialog.events_table.selectRow(dialog.events_table.rowCount() - 1)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog.delete_event()
    assert dialog.events_table.rowCount() == before
    assert members.get_member(factory, member_id).membership == "会员"


def test_deleting_a_person_with_aid_records_is_refused(  # noqa: ANN001
    page: MembersPage, demo_db: Database, monkeypatch
) -> None:
    with demo_db.session_factory() as session:
        member_id, name = session.execute(
            select(Member.id, Member.name).join(AidPayment, AidPayment.member_id == Member.id).limit(1)
        ).one()
    assert page.select_id(member_id)
    asked: list[str] = []
    errors: list[str] = []
    def answer_yes(_parent, _title, text, *_args):  # noqa: ANN001, ANN202
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer_yes)
    monkeypatch.setattr(register_page_module, "show_error", lambda _p, exc, *_a: errors.append(exc.message()))
    page.delete()
    assert name in asked[0]
    assert errors and "不能删除" in errors[0]
    assert members.get_member(demo_db.session_factory, member_id).data.name == name
    assert page.model.rowCount() == 300 and page.selected_id() == member_id


def test_deleting_a_person_without_records_removes_the_row(  # noqa: ANN001
    page: MembersPage, demo_db: Database, monkeypatch
) -> None:
    factory = demo_db.session_factory
    new_id = members.save_member(factory, members.MemberInput(name="临时工甲", join_date_unknown=True)).id
    page.reload()
    assert page.select_id(new_id)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    page.delete()
    assert page.model.row_of(new_id) == -1 and page.model.rowCount() == 300
    with factory() as session:
        assert session.scalar(select(func.count()).where(Member.id == new_id)) == 0


def test_roster_prints_every_filtered_row_on_a4_landscape(page: MembersPage, demo_db: Database, tmp_path: Path) -> None:
    page.gender_combo.setCurrentIndex(page.gender_combo.findData("女"))
    roster = printing.collect_roster(demo_db.session_factory, page.model.ids(), members_only=False, note="（按当前筛选条件）")
    assert len(roster.rows) == page.model.rowCount() and roster.title.endswith("会员花名册")
    assert all(r[2] == "女" and "*" in r[7] for r in roster.rows if r[7])
    printer = printing.a4_landscape_printer()
    printer.setOutputFormat(printer.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "roster.pdf"))
    pages = printing.render_roster(printer, roster)
    assert pages > 1 and (tmp_path / "roster.pdf").stat().st_size > 0


def test_dropping_a_roster_on_the_window_opens_the_import_wizard(qtbot, db, tmp_path) -> None:  # noqa: ANN001
    import openpyxl
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    from unionbook.ui.application import create_application
    from unionbook.ui.dialogs.import_wizard import ImportWizard
    from unionbook.ui.main_window import MainWindow

    create_application()
    roster = tmp_path / "名单.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["姓名", "部门"])
    workbook.active.append(["张三", "一车间"])
    workbook.save(roster)
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(roster))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert window.stack.currentWidget() is window.members_page
    wizards = window.members_page.findChildren(ImportWizard)
    assert len(wizards) == 1 and wizards[0].isVisible()


def test_export_dialog_writes_the_roster(qtbot, demo_db, tmp_path) -> None:  # noqa: ANN001
    from unittest.mock import patch

    from python_calamine import CalamineWorkbook

    from unionbook.ui.application import create_application
    from unionbook.ui.dialogs.export_dialog import ExportDialog

    create_application()
    dialog = ExportDialog(demo_db)
    qtbot.addWidget(dialog)
    target = tmp_path / "花名册.xlsx"
    dialog.output.setText(str(target))
    with patch("unionbook.ui.dialogs.export_dialog.QMessageBox.exec", return_value=0):
        dialog.accept()
        qtbot.waitUntil(lambda: dialog.result is not None, timeout=30_000)
    rows = CalamineWorkbook.from_path(target).get_sheet_by_index(0).to_python()
    assert len(rows) == 301 and "*" in rows[1][rows[0].index("证件号码")]
    dialog.layout_choice.setChecked(True)
    dialog.result = None
    dialog.accept()  # no template chosen: the dialog says so and stays open
    assert "采集表模板" in dialog.error.text()
