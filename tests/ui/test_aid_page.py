"""The 帮扶 page: its three models, the batch dialog (preview, record, undo), the sign-off sheet
(.xlsx and print), the payment and hardship dialogs' validation, the review reminder, the member's
aid history and the 建档申请表. Offscreen, on the demo union.

The demo's last reviews are dated 2025-12-10, so "today" is fixed at 2026-12-20 (375 days later:
every open file is due for its yearly review) wherever the page asks for it.
"""

from __future__ import annotations

import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from batch_helpers import confirmed, previewed
from conftest import libreoffice_convert
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox

from unionbook.domain.idnumber import check_digit, mask_id_number
from unionbook.domain.money import fen_to_yuan, format_yuan
from unionbook.domain.registers import Register
from unionbook.fileio.templates import capital_amount
from unionbook.services import aid, members
from unionbook.services.aid import FamilyMemberInput, PaymentFilter
from unionbook.services.database import Database
from unionbook.services.members import MemberFilter
from unionbook.ui.application import create_application
from unionbook.ui.changes import notifier
from unionbook.ui.dialogs.batch_dialog import BatchDialog
from unionbook.ui.dialogs.hardship_dialog import HardshipDialog
from unionbook.ui.dialogs.member_dialog import MemberDialog
from unionbook.ui.models.aid_table_models import (
    BatchColumn,
    BatchTableModel,
    HardshipColumn,
    PaymentColumn,
    PaymentTableModel,
)
from unionbook.ui.pages.aid import AidPage, a4_portrait_printer, collect_signoff, render_signoff

TODAY = date(2026, 12, 20)
DEPARTMENT = "质检部"


@pytest.fixture
def page(qtbot, demo_db: Database) -> AidPage:
    create_application()
    widget = AidPage(demo_db, today=TODAY)
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    return widget


def _yes(monkeypatch: pytest.MonkeyPatch, asked: list[str]) -> None:
    def question(_parent, _title, text, *_args):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)


def _pdf_text(path: Path) -> str:
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    # The PDF's CJK font maps some characters to look-alike radicals: NFKC folds them back.
    return unicodedata.normalize("NFKC", text).replace(" ", "")


# --- models --------------------------------------------------------------------------------------


def test_aid_table_models_pass_qtmodeltester(qtmodeltester, demo_db: Database) -> None:
    factory = demo_db.session_factory
    for model, rows in (
        (PaymentTableModel(), aid.list_payments(factory, PaymentFilter(year=2025))),
        (BatchTableModel(), aid.list_batches(factory)),
    ):
        model.set_rows(rows)
        assert model.rowCount() == len(rows) > 0
        qtmodeltester.check(model, force_py=True)
        model.set_rows([])
        qtmodeltester.check(model, force_py=True)


def test_models_show_yuan_and_signed_counts(demo_db: Database) -> None:
    factory = demo_db.session_factory
    payments = PaymentTableModel()
    payments.set_rows(aid.list_payments(factory, PaymentFilter(program="医疗救助")))
    first = payments.row_at(0)
    assert payments.index(0, PaymentColumn.AMOUNT).data() == format_yuan(first.data.amount_fen)
    assert "," in format_yuan(500000) and format_yuan(500000) == "5,000.00"
    batches = BatchTableModel()
    batches.set_rows(aid.list_batches(factory))
    row = batches.row_at(0)
    assert batches.index(0, BatchColumn.SIGNED).data() == f"{row.signed}/{row.count}"
    colour = batches.index(0, BatchColumn.SIGNED).data(Qt.ItemDataRole.ForegroundRole)
    assert (colour is not None) == (row.signed < row.count)


# --- hardship files ------------------------------------------------------------------------------


def test_review_overdue_files_are_highlighted_with_the_reason(page: AidPage) -> None:
    tab = page.hardship_tab
    factory = page.db.session_factory
    rows = tab.visible_rows()
    assert rows and all(r.data.closed_on is None for r in rows)  # 在档 by default
    reviewed = rows[0]
    aid.add_review(factory, reviewed.id, date(2026, 12, 1), "复核", "入户核实")
    tab.reload()
    model = tab.model
    for source_row in range(model.rowCount()):
        row = model.row_at(source_row)
        background = model.index(source_row, HardshipColumn.NAME).data(Qt.ItemDataRole.BackgroundRole)
        tooltip = model.index(source_row, HardshipColumn.STATUS).data(Qt.ItemDataRole.ToolTipRole)
        if row.id == reviewed.id:
            assert background is None and model.index(source_row, HardshipColumn.LAST_REVIEW).data() == "2026-12-01"
        else:
            assert background.color() == QColor("#fbd9a5")
            assert "已超过 12 个月未复核" in tooltip and "上次复核 2025-12-10" in tooltip
    overdue = len(rows) - 1
    assert tab.overdue_label.text().startswith(f"{overdue} 户档案超过 12 个月未复核")
    tab.status_combo.setCurrentIndex(tab.status_combo.findData("closed"))
    closed = tab.visible_rows()
    assert closed and all(r.data.closed_on for r in closed)
    assert tab.model.index(0, HardshipColumn.STATUS).data().startswith("已")
    assert tab.model.index(0, HardshipColumn.NAME).data(Qt.ItemDataRole.BackgroundRole) is None  # history


def test_hardship_file_with_two_family_members_saves_and_reloads(qtbot, page: AidPage) -> None:
    factory = page.db.session_factory
    on_file = {r.data.member_id for r in aid.list_hardship_files(factory)}
    member_id = next(i for i in members.query_member_ids(factory, MemberFilter(department=DEPARTMENT)) if i not in on_file)
    name = members.get_member(factory, member_id).data.name
    dialog = page.hardship_tab.add()
    assert isinstance(dialog, HardshipDialog)
    dialog.member.search.setText(name)
    dialog.member.run_search()
    dialog.member.choices.setCurrentIndex(dialog.member.choices.findData(member_id))
    dialog.category.setCurrentIndex(dialog.category.findData("相对困难"))
    dialog.causes["因病"].setChecked(True)
    dialog.causes["子女教育"].setChecked(True)
    dialog.household.setValue(4)
    dialog.income.setText("850")
    spouse = "44010619860702002" + check_digit("44010619860702002")
    dialog.add_family_row(FamilyMemberInput("王秀英", "配偶", spouse, 150000, "慢性病", "灵活就业"))
    assert "不一致" in dialog.household_hint.text()  # 1 listed + the worker ≠ 4
    row = dialog.add_family_row()
    dialog.family.item(row, 0).setText("王小明")
    dialog.family.item(row, 1).setText("儿子")
    dialog.family.item(row, 2).setText("440106201003150011")  # wrong check digit
    assert "校验位" in dialog.family_error.text()
    dialog.accept()
    assert dialog.isVisible() and "校验位" in dialog.family_error.text()  # refused by the service too
    dialog.family.item(row, 2).setText("")
    dialog.family.item(row, 5).setText("初中在读")
    dialog.household.setValue(3)
    assert not dialog.household_hint.isVisibleTo(dialog)
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.saved_id is not None
    assert page.hardship_tab.selected_id() == dialog.saved_id and "已建档" in page.message_label.text()

    saved = aid.get_hardship_file(factory, dialog.saved_id)
    assert (saved.data.category, saved.data.causes, saved.data.household_size, saved.data.income_per_capita_fen) == (
        "相对困难", ("因病", "子女教育"), 3, 85000
    )  # fmt: skip
    assert [(m.name, m.relation, m.id_number, m.income_fen) for m in saved.data.family] == [
        ("王秀英", "配偶", spouse, 150000), ("王小明", "儿子", "", None)
    ]  # fmt: skip
    again = HardshipDialog(page.db, saved.id, today=TODAY)
    qtbot.addWidget(again)
    assert again.family.rowCount() == 2
    assert [again.family.item(0, c).text() for c in range(6)] == ["王秀英", "配偶", spouse, "1500", "慢性病", "灵活就业"]
    assert again.family.item(1, 5).text() == "初中在读"
    assert not again.member.search.isEnabled()  # a file stays with its household
    assert again.income.text() == "850"


def test_closing_a_file_from_the_page(page: AidPage, monkeypatch: pytest.MonkeyPatch) -> None:
    tab = page.hardship_tab
    target = tab.selected_row()
    assert target is not None and tab.close_button.isEnabled()
    dialog = tab.close_file()
    dialog.reason.setCurrentIndex(dialog.reason.findData("调离"))
    dialog.accept()
    assert aid.get_hardship_file(page.db.session_factory, target.id).status == "已调离"
    assert target.id not in {r.id for r in tab.visible_rows()}  # 在档 only
    assert "已关闭" in page.message_label.text()


# --- disbursements ---------------------------------------------------------------------------------


def test_payment_with_nothing_paid_is_refused_with_the_reason(qtbot, page: AidPage) -> None:
    tab = page.payments_tab
    factory = page.db.session_factory
    before = len(aid.list_payments(factory))
    dialog = tab.add()
    dialog.accept()
    assert "请先查找并选择领取人" in dialog.errors["职工"].text()
    dialog.member.search.setText("马兰珍")
    dialog.member.run_search()
    assert dialog.member.member_id() is not None
    dialog.program.setCurrentIndex(dialog.program.findData("住院慰问"))
    dialog.amount.setText("0")
    dialog.accept()
    error = dialog.errors["金额"]
    assert error.isVisible() and error.text() == "金额为 0 时请填写发放的实物"
    assert dialog.isVisible() and len(aid.list_payments(factory)) == before

    dialog.goods.setText("水果篮")
    dialog.goods_value.setText("200")
    dialog.program.setCurrentIndex(dialog.program.findData("医疗救助"))
    assert dialog.link_file.isEnabled() and dialog.link_file.isChecked()  # 马兰珍 is on file
    dialog.amount.setText("1,500.5")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = next(p for p in aid.list_payments(factory) if p.id == dialog.saved_id)
    assert (saved.data.amount_fen, saved.data.goods_value_fen, saved.data.hardship_file_id is not None) == (
        150050, 20000, True
    )  # fmt: skip


def test_payments_follow_the_year_and_total_the_listed_rows(page: AidPage) -> None:
    tab = page.payments_tab
    page.tabs.setCurrentWidget(tab)
    page.set_year(2024)
    rows = tab.visible_rows()
    assert rows and {r.data.date.year for r in rows} == {2024}
    total = sum(r.data.amount_fen for r in rows)
    assert tab.totals_label.text().startswith(f"列表合计：{len(rows):,} 笔，金额 {format_yuan(total)} 元")
    tab.program_combo.setCurrentIndex(tab.program_combo.findData("医疗救助"))
    assert {r.data.program for r in tab.visible_rows()} == {"医疗救助"}
    tab.search.setText("马兰珍")
    tab.reload()
    assert {r.member_name for r in tab.visible_rows()} <= {"马兰珍"}


# --- batches -------------------------------------------------------------------------------------


def test_batch_to_one_department_is_previewed_recorded_signed_off_and_undone(
    qtbot, page: AidPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    factory = page.db.session_factory
    tab = page.batches_tab
    people = members.query_member_ids(factory, MemberFilter(department=DEPARTMENT, membership="会员"))
    assert len(people) > 3
    batches_before = len(aid.list_batches(factory))

    dialog = tab.add()
    assert isinstance(dialog, BatchDialog)
    assert dialog.approved_by.text() == "周立军"  # the union's chair, from the profile
    dialog.who.one_department.setChecked(True)
    dialog.who.department.setCurrentIndex(dialog.who.department.findText(DEPARTMENT))
    dialog.program.setCurrentIndex(dialog.program.findData("节日慰问"))
    dialog.title_edit.setText("2026年端午节慰问")
    dialog.title_edit.textEdited.emit("2026年端午节慰问")
    dialog.date_edit.setDate(date(2026, 6, 18))
    assert dialog.title_edit.text() == "2026年端午节慰问"  # typed names are kept
    dialog.amount.setText("300")
    assert not dialog.confirm_button.isEnabled()
    preview = previewed(dialog)
    assert preview is not None and [line.member_id for line in preview.lines] == people
    assert dialog.chosen_total_fen() == len(people) * 30000 == preview.total_fen
    total_text = dialog.total_label.text()
    assert f"发放 {len(people)} 人，合计 {format_yuan(len(people) * 30000)} 元" in total_text
    assert capital_amount(fen_to_yuan(len(people) * 30000)) in total_text
    dialog.set_checked(0, False)  # one person is left out
    assert dialog.chosen_total_fen() == (len(people) - 1) * 30000
    dialog.amount.setText("350")
    dialog.amount.textEdited.emit("350")
    assert dialog.preview is None and not dialog.confirm_button.isEnabled()  # settings changed
    dialog.amount.setText("300")
    previewed(dialog)
    dialog.set_checked(0, False)
    # Cash for a 节日慰问 breaks the demo union's 安徽 rules (goods only): the chair goes ahead with a reason.
    warned: list[int] = []
    monkeypatch.setattr("unionbook.ui.dialogs.batch_dialog.ask_to_go_ahead",
                        lambda _parent, breaches, _budget, **_k: warned.append(len(breaches)) or "单位决定端午发放慰问金")  # fmt: skip
    confirmed(dialog)
    assert warned == [len(people) - 1]
    assert dialog.result() == QDialog.DialogCode.Accepted
    batch_id = dialog.batch_id

    batches = aid.list_batches(factory)
    assert len(batches) == batches_before + 1
    batch = next(b for b in batches if b.id == batch_id)
    assert (batch.title, batch.count, batch.total_fen, batch.signed) == (
        "2026年端午节慰问", len(people) - 1, (len(people) - 1) * 30000, 0
    )  # fmt: skip
    assert tab.selected_id() == batch_id and "已记录批次" in page.message_label.text()
    assert tab.lines_model.rowCount() == len(people) - 1

    # The sign-off sheet: .xlsx in the background, with the total in 大写.
    target = tmp_path / "签收表.xlsx"
    assert tab.save_signoff(target) is not None
    qtbot.waitUntil(lambda: page.export_task is None, timeout=30_000)
    values = [str(c) for r in openpyxl.load_workbook(target).active.iter_rows(values_only=True) for c in r if c]
    capital = capital_amount(fen_to_yuan(batch.total_fen))
    assert any(f"合计金额（大写）：{capital}" in v for v in values)
    assert any("2026年端午节慰问发放签收表" in v for v in values)
    assert str(target) in page.message_label.text() and "打开文件" in page.message_label.text()

    # The same sheet printed: all lines, the total and the 大写 on the last page.
    sheet = collect_signoff(factory, batch)
    assert len(sheet.lines) == batch.count and sheet.total == fen_to_yuan(batch.total_fen)
    assert all("*" in line.id_number for line in sheet.lines if line.id_number)  # masked
    printer = a4_portrait_printer()
    printer.setOutputFormat(printer.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "signoff.pdf"))
    assert render_signoff(printer, sheet) == 1
    text = _pdf_text(tmp_path / "signoff.pdf")
    assert "签收表" in text and "大写" in text and sheet.lines[0].name in text
    many = type(sheet)(sheet.title, sheet.subtitle, sheet.lines * 20, sheet.prepared_by, sheet.approved_by)
    assert render_signoff(printer, many) > 2
    preview_dialog = tab.print_signoff()
    qtbot.addWidget(preview_dialog)
    assert preview_dialog.isVisible() and sheet.title in preview_dialog.windowTitle()
    preview_dialog.close()

    # Signed sheet back: tick them all.
    asked: list[str] = []
    _yes(monkeypatch, asked)
    tab.mark_signed()
    assert next(b for b in aid.list_batches(factory) if b.id == batch_id).signed == batch.count

    # Recorded by mistake: undo the whole batch, after saying how many payments go.
    assert tab.undo_batch() == batch.count
    assert f"将删除其中的 {batch.count} 笔发放记录" in asked[-1]
    assert batch_id not in {b.id for b in aid.list_batches(factory)}
    assert aid.list_payments(factory, PaymentFilter(batch_id=batch_id)) == []
    assert "已撤销批次" in page.message_label.text()


def test_batch_to_open_hardship_files_links_each_payment(page: AidPage) -> None:
    factory = page.db.session_factory
    dialog = page.batches_tab.add()
    dialog.who.open_files.setChecked(True)
    dialog.program.setCurrentIndex(dialog.program.findData("送温暖"))
    dialog.date_edit.setDate(date(2026, 12, 20))
    dialog.amount.setText("800")
    preview = previewed(dialog)
    open_files = [r for r in aid.list_hardship_files(factory) if r.is_open(date(2026, 12, 20))]
    assert preview is not None and len(preview.lines) == len(open_files)
    assert dialog.title_edit.text() == "2026年送温暖"
    confirmed(dialog)
    payments = aid.list_payments(factory, PaymentFilter(batch_id=dialog.batch_id))
    assert {p.data.hardship_file_id for p in payments} == {f.id for f in open_files}


def test_a_batch_announces_its_payments_and_the_hidden_tab_reads_them_when_shown(page: AidPage) -> None:
    payments = page.payments_tab
    page.tabs.setCurrentWidget(payments)
    before = payments.model.rowCount()
    page.tabs.setCurrentWidget(page.batches_tab)
    notices = []
    notifier().changed.connect(notices.append)
    try:
        dialog = page.batches_tab.add()
        dialog.who.open_files.setChecked(True)
        dialog.program.setCurrentIndex(dialog.program.findData("送温暖"))  # within the demo's spending rules
        dialog.date_edit.setDate(TODAY)
        dialog.amount.setText("800")
        preview = previewed(dialog)
        confirmed(dialog)
    finally:
        notifier().changed.disconnect(notices.append)
    assert [(n.registers, n.source) for n in notices] == [({Register.BATCHES, Register.PAYMENTS}, page.batches_tab)]
    assert payments.changes_pending and payments.model.rowCount() == before  # hidden: not read yet
    page.tabs.setCurrentWidget(payments)
    assert not payments.changes_pending and payments.model.rowCount() == before + len(preview.lines)


def test_batch_preview_refuses_an_empty_standard(page: AidPage) -> None:
    dialog = page.batches_tab.add()
    previewed(dialog)
    assert dialog.errors["金额"].text() == "金额为 0 时请填写发放的实物" and dialog.preview is None


# --- the member's page and the application form ---------------------------------------------------


def test_member_dialog_shows_the_aid_history_with_totals_by_year(qtbot, demo_db: Database) -> None:
    create_application()
    factory = demo_db.session_factory
    member_id = next(r.data.member_id for r in aid.list_hardship_files(factory) if r.member_name == "马兰珍")
    history = aid.person_history(factory, member_id)
    dialog = MemberDialog(factory, member_id)
    qtbot.addWidget(dialog)
    summary = dialog.aid_summary.text()
    assert "困难职工档案：2021-07-12 建档，深度困难，在档" in summary
    for year, (count, amount) in history.totals_by_year.items():
        assert f"{year}年 {count} 笔 {format_yuan(amount)} 元" in summary
    total = sum(amount for _c, amount in history.totals_by_year.values())
    totals = dialog.findChild(QLabel, "aidTotals")
    # Her 中秋 月饼礼盒 and 春节 大米 are help too: their value is added, never shown as 0.00 元.
    goods = format_yuan(history.goods_value_fen)
    assert totals.text() == f"帮扶记录（{len(history.payments)} 笔，合计 {format_yuan(total)} 元＋实物价值 {goods} 元）"
    dialog.aid_details_button.click()  # every payment, in its own window
    assert dialog.aid_details.isVisible() and dialog.aid_table.rowCount() == len(history.payments)
    first = history.payments[0]
    assert [dialog.aid_table.item(0, c).text() for c in range(3)] == [
        first.data.date.isoformat(), first.data.program, format_yuan(first.data.amount_fen)
    ]  # fmt: skip


def test_hardship_application_form_is_filled_from_the_file(
    qtbot, page: AidPage, tmp_path: Path
) -> None:
    factory = page.db.session_factory
    row = next(r for r in aid.list_hardship_files(factory) if r.member_name == "马兰珍")
    person = members.get_member(factory, row.data.member_id).data
    tab = page.hardship_tab
    assert tab.select_id(row.id)
    target = tmp_path / "申请表.docx"
    assert tab.fill_form(target) is not None
    qtbot.waitUntil(lambda: page.export_task is None, timeout=60_000)
    assert target.exists() and "马兰珍" in page.message_label.text()
    pdf = libreoffice_convert(target, "pdf", tmp_path)
    text = _pdf_text(pdf)
    assert "困难职工建档申请表" in text and "马兰珍" in text
    assert mask_id_number(person.id_number) in text and person.id_number not in text
    assert row.data.family[0].name in text
    assert "☑深度困难" in text and "基层工会意见" in text
