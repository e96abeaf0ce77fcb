"""The 活动 page: the table model, the year and month filters, the dialog's quorum and money
handling, sign-in lists (picked and imported), the member's own list of activities, the year's
totals from the figures registry, export and the printed ledger. Offscreen, on the demo union
(63 activities 2021–2025, a 职代会 and six committee meetings a year, four sign-in lists)."""

from __future__ import annotations

import subprocess
import unicodedata
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from unionbook.domain.vocab import ActivityCategory
from unionbook.fileio.spreadsheet import write_rows
from unionbook.services import activities as activities_service
from unionbook.services.activities import ActivityFilter, ActivityInput, ActivityRow, activities_of_member, list_activities
from unionbook.services.database import Database
from unionbook.services.figures import FIGURES, Period, compute, format_value
from unionbook.services.members import fetch_rows, query_member_ids
from unionbook.ui.application import create_application
from unionbook.ui.dialogs.attendance_dialog import AttendanceDialog
from unionbook.ui.models.activity_ledger import render_ledger
from unionbook.ui.models.activity_table_model import ActivityTableModel, Column
from unionbook.ui.pages import activities as activities_page_module
from unionbook.ui.pages.activities import ActivitiesPage
from unionbook.ui.printing import a4_landscape_printer


@pytest.fixture
def page(qtbot, demo_db: Database) -> ActivitiesPage:
    create_application()
    widget = ActivitiesPage(demo_db)
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    widget.set_year(2024)
    return widget


def _add_activity(db: Database, **values: object) -> int:
    data = ActivityInput(**{"name": "测试活动", "category": ActivityCategory.CULTURE_SPORTS.value,
                            "start_date": date(2024, 5, 20), **values})  # type: ignore[arg-type]  # fmt: skip
    return activities_service.save_activity(db.session_factory, data).id


def _unique_people(db: Database, count: int) -> list:
    """People whose name no one else in the demo roster bears (an import can match them by name)."""
    people = fetch_rows(db.session_factory, query_member_ids(db.session_factory))
    names = Counter(p.name for p in people)
    return [p for p in people if names[p.name] == 1][:count]


# --- model --------------------------------------------------------------------------------------


def test_activity_table_model_passes_qtmodeltester(qtmodeltester, demo_db: Database) -> None:
    model = ActivityTableModel()
    rows = list_activities(demo_db.session_factory)
    model.set_rows(rows)
    assert model.rowCount() == len(rows) > 60 and model.columnCount() == len(Column)
    qtmodeltester.check(model, force_py=True)
    model.set_rows([])
    qtmodeltester.check(model, force_py=True)


def test_model_marks_list_counts_and_quorum(demo_db: Database) -> None:
    model = ActivityTableModel()
    model.set_rows(list_activities(demo_db.session_factory, ActivityFilter(year=2024)))
    rows = model.rows()
    listed = rows.index(next(r for r in rows if r.attendance))
    # The number alone, marked by an icon and its tooltip, not "54 名单" (issue 11).
    assert model.index(listed, Column.PARTICIPANTS).data() == f"{rows[listed].attendance}"
    assert model.index(listed, Column.PARTICIPANTS).data(Qt.ItemDataRole.ToolTipRole).startswith("按签到名单计")
    congress = rows.index(next(r for r in rows if r.data.category == ActivityCategory.CONGRESS.value))
    assert model.index(congress, Column.ATTENDANCE).data() == "30/27 ✓"
    assert model.index(congress, Column.PROPOSALS).data() == "6/5"
    assert model.index(congress, Column.CATEGORY).data() == "职代会"  # short name; full in the tooltip
    assert model.index(congress, Column.CATEGORY).data(Qt.ItemDataRole.ToolTipRole) == "职代会/会员大会"


def test_model_sorts_itself_stably_and_keeps_the_selection(qtmodeltester) -> None:
    """The model sorts (keys once per row, not a proxy asking 120,000 times at 10,000 rows): ties
    keep the order given, descending too, and column -1 gives that order back."""
    def row(id_: int, day: int, cost: int) -> ActivityRow:
        return ActivityRow(id_, ActivityInput(f"活动{id_}", "文体活动", date(2024, 3, day), cost_fen=cost), 0)

    model = ActivityTableModel()
    model.set_rows([row(1, 9, 500), row(2, 3, 100), row(3, 5, 500), row(4, 1, 0)])
    model.sort(Column.DATE, Qt.SortOrder.AscendingOrder)
    assert [r.id for r in model.rows()] == [4, 2, 3, 1]
    held = QPersistentModelIndex(model.index(2, Column.NAME))  # 活动3, as a view's selection holds it
    model.sort(Column.COST, Qt.SortOrder.DescendingOrder)
    assert [r.id for r in model.rows()] == [1, 3, 2, 4]  # 500, 500 in the order given, then 100, 0
    assert held.row() == 1 and held.data() == "活动3"
    model.set_rows([row(5, 2, 50), row(6, 2, 70)])  # a reload keeps the order asked for
    assert [r.id for r in model.rows()] == [6, 5]
    model.sort(-1)
    assert [r.id for r in model.rows()] == [5, 6]
    qtmodeltester.check(model, force_py=True)


# --- filters ------------------------------------------------------------------------------------


def test_year_filter_shows_only_that_years_activities(page: ActivitiesPage) -> None:
    factory = page.db.session_factory
    assert page.year_combo.currentData() == 2024
    shown = page.visible_rows()
    assert shown and {r.data.start_date.year for r in shown} == {2024}
    assert {r.id for r in shown} == {r.id for r in list_activities(factory, ActivityFilter(year=2024))}
    dates = [r.data.start_date for r in shown]
    assert dates == sorted(dates)  # January first, like the paper ledger

    page.set_year(2023)  # the window's year selector moves the register along
    shown = page.visible_rows()
    assert {r.data.start_date.year for r in shown} == {2023}
    assert len(shown) == len(list_activities(factory, ActivityFilter(year=2023)))
    assert page.counts_label.text() == f"2023 年共 {len(shown)} 场"

    # The month strip narrows to a month and says how many each month has.
    busy = Counter(r.data.start_date.month for r in shown).most_common(1)[0]
    assert page.month_strip.buttons[busy[0]].text() == f"{busy[0]}月\n{busy[1]}"
    page.month_strip.buttons[busy[0]].click()
    assert page.month == busy[0] and len(page.visible_rows()) == busy[1]
    assert {r.data.start_date.month for r in page.visible_rows()} == {busy[0]}
    page.month_strip.buttons[None].click()  # 全年
    assert len(page.visible_rows()) == len(shown)

    page.category_combo.setCurrentIndex(page.category_combo.findData(ActivityCategory.COMMITTEE_MEETING.value))
    assert {r.data.category for r in page.visible_rows()} == {"工会委员会议"}
    assert not page.table.isColumnHidden(Column.ATTENDANCE)
    page.category_combo.setCurrentIndex(page.category_combo.findData(ActivityCategory.CULTURE_SPORTS.value))
    assert page.table.isColumnHidden(Column.ATTENDANCE)  # no meeting listed: no empty meeting columns
    page.reset_filters()

    page.year_combo.setCurrentIndex(page.year_combo.findData(None))  # 全部年度
    assert len(page.visible_rows()) == len(list_activities(factory))
    assert not page.month_strip.buttons[3].isEnabled()
    page.set_year(2023)  # the window refreshing with the same year keeps 全部年度
    assert page.year_combo.currentData() is None


def test_window_shows_the_page_and_passes_its_year(qtbot, demo_db: Database) -> None:
    from unionbook.ui.main_window import MainWindow

    create_application()
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("活动")
    assert isinstance(page, ActivitiesPage) and page is window.activities_page
    window.set_year(2022)
    assert page.year_combo.currentData() == 2022
    assert {r.data.start_date.year for r in page.visible_rows()} == {2022}


# --- the dialog -------------------------------------------------------------------------------


def test_meeting_below_two_thirds_shows_the_quorum_warning(page: ActivitiesPage) -> None:
    dialog = page.add()
    assert not dialog.meeting_box.isVisibleTo(dialog)  # a 文体活动 has no 应到/实到
    dialog.name_edit.setText("第七届职工代表大会第一次会议")
    dialog.category.setCurrentIndex(dialog.category.findData(ActivityCategory.CONGRESS.value))
    assert dialog.meeting_box.isVisibleTo(dialog) and "三分之二" in dialog.meeting_box.title()
    dialog.start_date.setDate(date(2024, 12, 28))
    dialog.expected.setText("30")
    dialog.actual.setText("19")
    assert "未达到三分之二（至少 20 人）" in dialog.quorum_label.text() and dialog.quorum is False
    assert dialog.participants.text() == "19"  # a meeting's 人次 follows 实到 unless typed
    dialog.actual.setText("20")
    assert dialog.quorum is True and "符合法定人数" in dialog.quorum_label.text()
    dialog.actual.setText("19")
    dialog.proposals.setText("4")
    dialog.proposals_closed.setText("5")
    dialog.accept()
    assert "不能多于提案数 4" in dialog.errors["已办结提案数"].text()
    assert dialog.isVisible() and dialog.saved is None  # kept open, nothing saved

    dialog.proposals_closed.setText("3")
    dialog.decisions.setPlainText("审议通过《2025年度工资专项集体合同（草案）》")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.saved is not None
    assert any("法定人数" in w for w in dialog.saved.warnings)
    assert "不符合法定人数" in page.message_label.text() and page.message_label.objectName() == "warning"
    row = page.selected_row()
    assert row is not None and row.id == dialog.saved.id
    assert row.quorum_held is False and row.data.actual_attendance == 19 and row.participants == 19
    source = page.model.row_of(row.id)
    assert page.model.index(source, Column.ATTENDANCE).data() == "30/19 ✗"
    assert "审议通过" in page.detail.summary.text() and "不符合法定人数" in page.detail.info.text()


def test_cost_in_yuan_is_stored_as_fen(page: ActivitiesPage) -> None:
    dialog = page.add()
    dialog.name_edit.setText("职工篮球赛")
    dialog.cost.setText("三千")
    dialog.accept()
    assert "应为金额" in dialog.errors["费用"].text() and dialog.saved is None
    dialog.cost.setText("3,500.50")
    dialog.funding.setCurrentIndex(dialog.funding.findData("本级经费"))
    dialog.accept()
    assert dialog.saved is not None
    saved = activities_service.get_activity(page.db.session_factory, dialog.saved.id)
    assert saved.data.cost_fen == 350050 and saved.data.funding_source == "本级经费"
    assert saved.data.start_date == date(2024, 12, 18)  # the year looked at: its last activity's date
    assert page.model.index(page.model.row_of(saved.id), Column.COST).data() == "3,500.50"


def test_dialog_keeps_meeting_fields_off_other_activities(page: ActivitiesPage) -> None:
    dialog = page.add()
    dialog.name_edit.setText("误选类别的活动")
    dialog.category.setCurrentIndex(dialog.category.findData(ActivityCategory.COMMITTEE_MEETING.value))
    dialog.expected.setText("9")
    dialog.actual.setText("3")
    dialog.category.setCurrentIndex(dialog.category.findData(ActivityCategory.TRAINING.value))
    dialog.accept()
    assert dialog.saved is not None and not dialog.saved.warnings
    saved = activities_service.get_activity(page.db.session_factory, dialog.saved.id).data
    assert (saved.expected_attendance, saved.actual_attendance) == (None, None)


# --- sign-in lists --------------------------------------------------------------------------------


def test_attendance_dialog_adds_two_members_and_the_row_counts_them(qtbot, page: ActivitiesPage) -> None:
    activity_id = _add_activity(page.db, participants=40)
    page.reload()
    assert page.select_id(activity_id)
    dialog = page.edit_attendance()
    assert isinstance(dialog, AttendanceDialog) and dialog.member_ids() == []
    first, second = _unique_people(page.db, 2)
    for person in (first, second):
        dialog.search_edit.setText(person.name)
        dialog.search()
        assert dialog.results.model().rowCount() >= 1
        dialog.results.selectionModel().select(
            dialog.results.model().index(0, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )
        dialog.add_selected()
    assert set(dialog.member_ids()) == {first.id, second.id}
    assert dialog.list_box.title() == "签到名单：2 人" and dialog.pending_note.text()
    dialog.accept()
    assert page.attendance_dialog is None

    row = page.selected_row()
    assert row is not None and row.id == activity_id
    assert row.attendance == 2 and row.participants == 2  # the list wins over the typed 40
    assert page.model.index(page.model.row_of(activity_id), Column.PARTICIPANTS).data() == "2"
    assert "2 人" in page.message_label.text()


def test_attendance_dialog_filters_by_department(qtbot, page: ActivitiesPage) -> None:
    activity_id = _add_activity(page.db)
    page.reload()
    page.select_id(activity_id)
    dialog = page.edit_attendance()
    assert dialog is not None
    department = dialog.department.itemData(1)
    dialog.department.setCurrentIndex(1)
    results = dialog.results.model()
    departments = {results.index(r, 1).data() for r in range(results.rowCount())}
    assert departments == {department}
    dialog.reject()


def test_attendance_import_rejects_an_unknown_name_and_adds_the_matched(
    qtbot, page: ActivitiesPage, tmp_path: Path
) -> None:
    activity_id = _add_activity(page.db)
    page.reload()
    page.select_id(activity_id)
    first, second = _unique_people(page.db, 2)
    sheet = tmp_path / "签到表.xlsx"
    write_rows(sheet, [("签到表", ["序号", "姓名", "部门"], [
        [1, first.name, first.department], [2, "查无此人", "装配车间"], [3, second.name, None],
    ])])  # fmt: skip
    dialog = page.edit_attendance()
    assert dialog is not None
    dialog.import_file(sheet)
    qtbot.waitUntil(lambda: dialog.review is not None, timeout=30_000)
    review = dialog.review
    assert review is not None and review.matched == 2
    assert review.rejected.rowCount() == 1
    assert review.rejected.item(0, 0).text() == "3"  # the sheet's own row number
    assert review.rejected.item(0, 1).text() == "查无此人"
    assert "名册中没有“查无此人”" in review.rejected.item(0, 2).text()
    assert "1 行不能加入" in review.summary.text()
    review.accept()
    assert {a.member_id for a in activities_service.attendance(page.db.session_factory, activity_id)} == {
        first.id, second.id
    }  # fmt: skip
    assert set(dialog.member_ids()) == {first.id, second.id} and "加入 2 人" in dialog.message.text()
    dialog.reject()  # imported people stay: the review said 加入名单并保存
    assert page.selected_row() is not None and page.selected_row().attendance == 2


def test_member_dialog_lists_the_members_activities(qtbot, demo_db: Database) -> None:
    from unionbook.ui.dialogs.member_dialog import MemberDialog

    create_application()
    factory = demo_db.session_factory
    listed = next(r for r in list_activities(factory) if r.attendance)
    member_id = activities_service.attendance(factory, listed.id)[0].member_id
    expected = activities_of_member(factory, member_id)
    dialog = MemberDialog(factory, member_id)
    qtbot.addWidget(dialog)
    table = dialog.activities_table
    assert table.rowCount() == len(expected) >= 1
    assert [table.item(r, 3).text() for r in range(table.rowCount())] == [a.data.name for a in expected]
    assert table.item(0, 0).text() == expected[0].data.start_date.isoformat()


# --- totals, export, print ------------------------------------------------------------------------


def test_totals_panel_shows_the_figures_of_the_year(page: ActivitiesPage) -> None:
    for year in (2024, 2023):
        page.set_year(year)
        values = compute(page.db.session_factory, Period.year(year))
        assert page.totals.title.text() == f"{year} 年分类合计"
        units = {f.name: f.unit for f in FIGURES}
        for name in ("文体活动场次", "培训期数", "职代会次数", "工会委员会议次数", "活动总场次", "活动经费金额"):
            assert page.totals.labels[name].text() == format_value(values[name], units[name]), name
        for name in ("文体活动人次", "培训人次", "活动参与总人次"):
            assert page.totals.labels[name].text() == f"{values[name]:,}", name
        assert page.totals.labels["已办结提案数"].text() == f"（{values['已办结提案数']}）"
    # Every activity figure of the registry has its place on the panel.
    assert {f.name for f in FIGURES if f.register == "活动"} == set(page.totals.labels)


def test_export_and_printed_ledger(qtbot, page: ActivitiesPage, tmp_path: Path) -> None:
    from python_calamine import CalamineWorkbook

    target = tmp_path / "活动台账.xlsx"
    assert page.export_ledger(target) is not None
    qtbot.waitUntil(lambda: page.export_task is None, timeout=30_000)
    rows = CalamineWorkbook.from_path(target).get_sheet_by_index(0).to_python()
    assert len(rows) == len(list_activities(page.db.session_factory)) + 1 and "活动名称" in rows[0]
    assert str(target) in page.message_label.text()

    ledger = page.ledger()
    assert ledger.title == "江川精密机械有限公司工会2024年活动台账"
    assert len(ledger.rows) == len(page.visible_rows()) and ledger.rows[0][0] == "1"
    page.set_month(12)
    assert "（已筛选）月份：12月" in page.ledger().subtitle
    printer = a4_landscape_printer()
    printer.setOutputFormat(printer.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "ledger.pdf"))
    pages = render_ledger(printer, ledger)  # the demo's 2024: 13 activities with their summaries, 1–2 pages
    assert 1 <= pages <= 2
    pdf = subprocess.run(["pdftotext", str(tmp_path / "ledger.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    # The PDF's CJK font maps some characters (页, 工) to look-alike radicals: compare the rest.
    text = unicodedata.normalize("NFKC", pdf).replace(" ", "")
    assert "活动台账" in text and "第1" in text and f"共{pages}" in text
    many = activities_page_module.Ledger(ledger.title, ledger.subtitle, ledger.rows * 10)
    assert render_ledger(printer, many) > pages

    preview = page.print_preview()
    qtbot.addWidget(preview)
    assert preview.isVisible() and preview.windowTitle().endswith("2024年活动台账")
    preview.close()


def test_delete_asks_first(page: ActivitiesPage, monkeypatch: pytest.MonkeyPatch) -> None:
    activity_id = _add_activity(page.db)
    page.reload()
    page.select_id(activity_id)
    asked: list[str] = []

    def answer(reply: QMessageBox.StandardButton):
        def question(_parent, _title, text, *_args):
            asked.append(text)
            return reply

        return question

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    page.delete()
    assert "测试活动" in asked[0] and page.model.row_of(activity_id) >= 0
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    page.delete()
    assert page.model.row_of(activity_id) < 0 and "已删除" in page.message_label.text()
