"""The member import wizard, driven the way a chair would: pick a messy roster, accept or correct
the guesses, import, and find the rejected rows in the errors file. Offscreen; the background work
is waited for with qtbot, never slept on."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QProgressDialog, QWizard

from unionbook.domain.errors import InputError
from unionbook.domain.idnumber import check_digit
from unionbook.services.database import Database
from unionbook.services.importing import engine
from unionbook.services.members import MemberFilter, departments, query_member_ids, status_counts
from unionbook.ui.application import create_application
from unionbook.ui.dialogs import import_wizard
from unionbook.ui.dialogs.import_wizard import ImportWizard, PageId


def rid(prefix17: str) -> str:
    return prefix17 + check_digit(prefix17)


ZHANG = rid("44010619850312001")
LI = rid("44010619900715002")
WANG = rid("33010619781120003")
ZHAO = rid("11010519920101004")
BAD = ZHANG[:-1] + ("0" if ZHANG[-1] != "0" else "1")  # wrong check digit

HEADER = ["序号", "姓名", "性别", "身份证号码\n（18位，请设为文本）", "出生日期", "所在科室", "联系电话"]


def messy_roster(path: Path, *, header: list[str] = HEADER) -> Path:
    """Title rows, a merged title, a header with a line break, one bad ID, one warning (the sheet
    says 女 for a man's ID), a totals row and a signature row."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "花名册"
    sheet.append(["某某公司工会会员花名册"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.append(["填报单位：某某公司工会", None, None, None, "填报日期：2024年12月"])
    sheet.append(header)
    sheet.append([1, "张三", "男", ZHANG, date(1985, 3, 12), "财务科", "13812345678"])
    sheet.append([2, "李四", "女", LI, "1990/7/15", "办公室", "13912345678"])
    sheet.append([3, "王五", "女", WANG, "", "生产科", ""])  # 女 disagrees with the ID: a warning
    sheet.append([4, "赵六", "男", BAD, "", "生产科", ""])  # rejected
    sheet.append([5, "钱七", "女", ZHAO, "1992-01-01", "", ""])
    sheet.append(["合计", "5人"])
    sheet.append(["填表人：王会计", None, None, "审核人：李主席"])
    for cell in sheet["D"]:
        cell.number_format = "@"
    workbook.save(path)
    return path


@pytest.fixture
def wizard(qtbot, db: Database, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN001, ANN201
    create_application()

    def no_modal(_parent: object, exc: BaseException, _title: str = "") -> None:
        raise AssertionError(f"show_error would block the test: {exc}")

    monkeypatch.setattr(import_wizard, "show_error", no_modal)
    widget = ImportWizard(db)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def go_to(qtbot, wizard: ImportWizard, page: PageId) -> None:  # noqa: ANN001
    """Press 下一步 (or 导入) until `page`, waiting for any background work in between."""
    while wizard.currentId() < page:
        before = wizard.currentId()
        qtbot.waitUntil(lambda: not wizard.busy)
        assert wizard.currentPage().isComplete(), f"page {before} is not ready"
        wizard.next()
        qtbot.waitUntil(lambda: not wizard.busy and wizard.currentId() != before, timeout=10_000)
    qtbot.waitUntil(lambda: not wizard.busy)


def current_progress_dialog(wizard: ImportWizard) -> QProgressDialog:
    """The newest one: the dialogs of finished steps may still await their deleteLater()."""
    return wizard.findChildren(QProgressDialog)[-1]


def choose_file(wizard: ImportWizard, path: Path) -> None:
    wizard.file_page.path_edit.setText(str(path))


# --- the whole way through -------------------------------------------------------------------


def test_import_wizard_imports_a_messy_roster_and_writes_the_errors_file(
    qtbot, wizard: ImportWizard, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # noqa: ANN001
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(import_wizard.QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    path = messy_roster(tmp_path / "花名册.xlsx")
    choose_file(wizard, path)

    go_to(qtbot, wizard, PageId.SHEET)
    assert wizard.sheet_page.sheet_list.currentItem().text() == "花名册"
    assert wizard.sheet_page.preview.item(2, 1).text() == "姓名"  # the sheet as it is, header on row 3

    go_to(qtbot, wizard, PageId.MAPPING)
    page = wizard.mapping_page
    assert page.header_spin.value() == 3 and page.header_spin.text() == "第 3 行"
    assert page.choice(1) == "name" and page.choice(3) == "id_number"
    assert page.choice(5) is None  # 所在科室: not a name the spec knows
    assert page.column_index("所在科室") == 5

    go_to(qtbot, wizard, PageId.PREVIEW)
    preview = wizard.preview_page
    assert preview.counts.text() == "可导入 4 行，拒绝 1 行，警告 1 条"
    rejected = preview.rejected_table
    assert rejected.rowCount() == 1
    assert [rejected.item(0, c).text() for c in range(3)] == ["7", "赵六", "身份证号码 （18位，请设为文本）"]
    assert "校验位" in rejected.item(0, 3).text()
    assert preview.warning_table.item(0, 1).text() == "王五"

    with qtbot.waitSignal(wizard.imported, timeout=10_000) as imported:
        go_to(qtbot, wizard, PageId.DONE)
    summary = imported.args[0]
    assert (summary.new, summary.rejected, summary.warnings) == (4, 1, 1)
    assert wizard.done_page.summary_label.text() == summary.line()

    ids = query_member_ids(db.session_factory)
    assert len(ids) == 4
    assert status_counts(db.session_factory).members == 4
    assert query_member_ids(db.session_factory, MemberFilter(text="赵六")) == []

    errors_path = engine.default_errors_path(path)
    assert wizard.result.errors_path == errors_path and errors_path.exists()
    sheet = openpyxl.load_workbook(errors_path).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][-1] == "错误原因" and len(rows) == 2
    assert rows[1][1] == "赵六" and rows[1][3] == BAD and rows[1][-1].startswith("第7行")
    assert sheet["D2"].number_format == "@"  # the ID column stays text, whatever the roster called it

    assert wizard.done_page.open_file_button.isVisible()
    wizard.done_page.open_file_button.click()
    wizard.done_page.open_folder_button.click()
    assert [Path(u.toLocalFile()) for u in opened] == [errors_path, errors_path.parent]


def test_import_wizard_given_a_path_starts_on_the_sheet_page(
    qtbot, db: Database, tmp_path: Path  # noqa: ANN001
) -> None:
    create_application()
    widget = ImportWizard(db, messy_roster(tmp_path / "dropped.xlsx"))
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitUntil(lambda: widget.currentId() == PageId.SHEET)
    widget.back()  # the dropped file was not the roster: the file page is still there
    assert widget.currentId() == PageId.FILE


# --- corrections -----------------------------------------------------------------------------


def test_import_wizard_column_mapping_changes_the_plan(
    qtbot, wizard: ImportWizard, db: Database, tmp_path: Path  # noqa: ANN001
) -> None:
    choose_file(wizard, messy_roster(tmp_path / "a.xlsx"))
    go_to(qtbot, wizard, PageId.MAPPING)
    page = wizard.mapping_page
    column = page.column_index("所在科室")
    assert column is not None
    page.set_choice(column, "department")
    assert wizard.overrides == {column: "department"}

    go_to(qtbot, wizard, PageId.PREVIEW)
    plan = wizard.plan
    assert plan is not None and plan.mapping.columns[column] == "department"
    assert [r.values["department"] for r in plan.accepted][:2] == ["财务科", "办公室"]

    go_to(qtbot, wizard, PageId.DONE)
    assert sorted(departments(db.session_factory)) == sorted(["办公室", "生产科", "财务科"])


def test_import_wizard_keeps_one_column_per_field(qtbot, wizard: ImportWizard, tmp_path: Path) -> None:  # noqa: ANN001
    choose_file(wizard, messy_roster(tmp_path / "a.xlsx"))
    go_to(qtbot, wizard, PageId.MAPPING)
    page = wizard.mapping_page
    page.set_choice(5, "name")  # 所在科室 → 姓名 releases the real 姓名 column
    assert page.choice(1) is None and page.choice(5) == "name"
    assert "已改为忽略" in page.note.text()
    assert wizard.overrides == {1: None, 5: "name"}
    page.set_choice(5, None)
    assert not page.isComplete()  # no 姓名 column at all: nothing could be imported
    assert "必须有一列对应到“姓名”" in page.summary.text()
    page.reset()
    assert page.choice(1) == "name" and wizard.overrides == {} and page.isComplete()


def test_import_wizard_header_row_can_be_corrected(qtbot, wizard: ImportWizard, tmp_path: Path) -> None:  # noqa: ANN001
    choose_file(wizard, messy_roster(tmp_path / "a.xlsx"))
    go_to(qtbot, wizard, PageId.MAPPING)
    page = wizard.mapping_page
    page.header_spin.setValue(1)  # the title row
    assert "第1行不是表头" in page.error.text() and not page.isComplete()
    page.header_spin.setValue(3)
    assert page.error.isHidden() and page.isComplete()
    assert wizard.header_row == 3


# --- cancel and bad files ----------------------------------------------------------------------


def import_held_until_cancelled(wizard: ImportWizard) -> threading.Event:
    """Hold the import's worker until the test sets the returned event (once it has pressed 取消),
    so the test does not race it; then the real import runs and must notice the cancel itself."""
    real_import = wizard.importer.run
    release = threading.Event()

    def held(factory, plan, **kwargs):  # noqa: ANN001, ANN003, ANN202
        release.wait(10)  # blocks the worker thread only; 10 s caps a test that fails before releasing
        return real_import(factory, plan, **kwargs)

    wizard.importer = replace(wizard.importer, run=held)
    return release


def test_import_wizard_cancel_during_import_writes_nothing(
    qtbot, wizard: ImportWizard, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # noqa: ANN001
) -> None:
    release = import_held_until_cancelled(wizard)
    choose_file(wizard, messy_roster(tmp_path / "a.xlsx"))
    go_to(qtbot, wizard, PageId.PREVIEW)
    emitted: list[object] = []
    wizard.imported.connect(emitted.append)
    wizard.next()  # 导入
    assert wizard.busy
    assert not wizard.button(QWizard.WizardButton.BackButton).isEnabled()
    current_progress_dialog(wizard).canceled.emit()  # the progress dialog's 取消
    release.set()
    qtbot.waitUntil(lambda: not wizard.busy)

    assert wizard.currentId() == PageId.PREVIEW
    assert "已取消，数据库未作任何修改" in wizard.preview_page.status.text()
    assert query_member_ids(db.session_factory) == [] and emitted == []
    assert wizard.preview_page.isComplete()  # 导入 can be pressed again
    assert not engine.default_errors_path(tmp_path / "a.xlsx").exists()


def test_import_wizard_closing_while_importing_cancels_instead(
    qtbot, wizard: ImportWizard, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # noqa: ANN001
) -> None:
    release = import_held_until_cancelled(wizard)
    choose_file(wizard, messy_roster(tmp_path / "a.xlsx"))
    go_to(qtbot, wizard, PageId.PREVIEW)
    wizard.next()
    wizard.reject()  # 取消 / the window's close button
    release.set()
    qtbot.waitUntil(lambda: not wizard.busy)
    assert wizard.isVisible() and query_member_ids(db.session_factory) == []
    assert "已取消" in wizard.preview_page.status.text()


def test_import_wizard_file_without_header_says_so_on_the_page(
    qtbot, wizard: ImportWizard, tmp_path: Path  # noqa: ANN001
) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["甲", "乙", "丙"])
    workbook.active.append(["1", "2", "3"])
    path = tmp_path / "no_header.xlsx"
    workbook.save(path)
    choose_file(wizard, path)
    go_to(qtbot, wizard, PageId.MAPPING)
    page = wizard.mapping_page
    assert page.error.isVisible()
    assert "找不到表头" in page.error.text()
    assert not page.isComplete()
    wizard.back()  # still usable: back to the sheets and the file
    wizard.back()
    assert wizard.currentId() == PageId.FILE


def test_import_wizard_unreadable_file_is_reported_on_the_file_page(
    qtbot, wizard: ImportWizard, tmp_path: Path  # noqa: ANN001
) -> None:
    path = tmp_path / "名单.docx"
    path.write_bytes(b"not a spreadsheet")
    choose_file(wizard, path)
    wizard.next()
    qtbot.waitUntil(lambda: not wizard.busy)
    assert wizard.currentId() == PageId.FILE
    assert "不支持 .docx 文件" in wizard.file_page.error.text()
    choose_file(wizard, messy_roster(tmp_path / "a.xlsx"))  # picking another file clears the message
    assert wizard.file_page.error.isHidden()
    go_to(qtbot, wizard, PageId.SHEET)


def test_import_wizard_nothing_importable_disables_import(
    qtbot, wizard: ImportWizard, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # noqa: ANN001
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(import_wizard.QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    workbook = openpyxl.Workbook()
    workbook.active.append(["姓名", "身份证号"])
    workbook.active.append(["赵六", BAD])
    path = tmp_path / "bad.xlsx"
    workbook.save(path)
    choose_file(wizard, path)
    go_to(qtbot, wizard, PageId.PREVIEW)
    page = wizard.preview_page
    assert not page.isComplete()
    assert "没有可以导入的行" in page.status.text()
    assert page.save_errors_button.isVisible()
    page.save_errors_button.click()  # no import will write the errors file, so it is offered here
    qtbot.waitUntil(lambda: not wizard.busy)
    assert [Path(u.toLocalFile()) for u in opened] == [engine.default_errors_path(path)]
    assert engine.default_errors_path(path).exists()


def test_import_wizard_errors_file_falls_back_to_the_database_folder(
    qtbot, wizard: ImportWizard, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # noqa: ANN001
) -> None:
    source_folder = tmp_path / "只读共享"
    source_folder.mkdir()
    path = messy_roster(source_folder / "a.xlsx")
    real_write = engine.write_errors_file

    def read_only_source(plan, target, text_headers=None):  # noqa: ANN001, ANN202
        if Path(target).parent == source_folder:  # a read-only share, or the old file open in Excel
            raise InputError(detail="无法写入文件")
        return real_write(plan, target, text_headers)

    monkeypatch.setattr(engine, "write_errors_file", read_only_source)
    choose_file(wizard, path)
    go_to(qtbot, wizard, PageId.DONE)
    fallback = db.path.parent / "a.错误行.xlsx"
    assert wizard.result.errors_path == fallback and fallback.exists()
    assert wizard.result.errors_fell_back
    assert str(fallback) in wizard.done_page.errors_label.text()
    assert "台账数据所在的文件夹" in wizard.done_page.errors_label.text()
    assert len(query_member_ids(db.session_factory)) == 4  # the import itself is not affected


def test_import_wizard_cancel_while_checking_offers_to_check_again(
    qtbot, wizard: ImportWizard, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # noqa: ANN001
) -> None:
    real_plan = wizard.importer.plan
    release = threading.Event()  # holds the check until the test has pressed 取消

    def held(path, factory=None, **kwargs):  # noqa: ANN001, ANN003, ANN202
        release.wait(10)
        return real_plan(path, factory, **kwargs)

    wizard.importer = replace(wizard.importer, plan=held)
    choose_file(wizard, messy_roster(tmp_path / "a.xlsx"))
    go_to(qtbot, wizard, PageId.MAPPING)
    wizard.next()
    assert wizard.busy and wizard.currentId() == PageId.PREVIEW
    current_progress_dialog(wizard).canceled.emit()
    release.set()  # the held check now runs, sees the cancel and stops
    qtbot.waitUntil(lambda: not wizard.busy)
    page = wizard.preview_page
    assert page.counts.text() == "检查已取消。" and page.retry_button.isVisible() and not page.isComplete()
    page.retry_button.click()  # released for good: this check runs through
    qtbot.waitUntil(lambda: not wizard.busy and wizard.plan is not None)
    assert page.isComplete() and not page.retry_button.isVisible()


# --- another register ---------------------------------------------------------------------------


def contract_ledger(path: Path) -> Path:
    """A ledger as a chair keeps it: a title row, our own header names and a few synonyms, a renewal
    naming the contract above it, and one row whose female count exceeds its employee count."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "集体合同"
    sheet.append(["某某公司集体合同台账"])
    sheet.append(["序号", "合同类型", "合同名称", "企业方", "签订日期", "备案日期", "生效日期", "终止日期",
                  "覆盖职工数", "覆盖女职工数", "工资增幅", "续签自"])  # fmt: skip
    sheet.append([1, "综合集体合同", "集体合同（2021—2023）", "某某公司", date(2020, 12, 20), date(2020, 12, 25),
                  date(2021, 1, 1), date(2023, 12, 31), 120, 40, None, None])  # fmt: skip
    sheet.append([2, "综合集体合同", "集体合同（2024—2026）", "某某公司", date(2023, 12, 20), date(2023, 12, 26),
                  date(2024, 1, 1), date(2026, 12, 31), 130, 45, None, "集体合同（2021—2023）"])  # fmt: skip
    sheet.append([3, "工资专项集体合同", "2024年度工资专项集体合同", "某某公司", date(2023, 12, 20), None,
                  date(2024, 1, 1), date(2024, 12, 31), 130, 45, "5.5%", None])  # fmt: skip
    sheet.append([4, "女职工权益保护专项集体合同", "女职工专项合同", "某某公司", date(2023, 3, 1), None,
                  date(2023, 3, 1), date(2026, 2, 28), 30, 45, None, None])  # fmt: skip
    workbook.save(path)
    return path


def test_import_wizard_imports_a_contract_ledger(
    qtbot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # noqa: ANN001
) -> None:
    from unionbook.services.contracts import list_contracts
    from unionbook.services.importing.registers import IMPORTERS

    create_application()
    monkeypatch.setattr(import_wizard, "show_error", lambda *_a: pytest.fail("show_error would block"))
    widget = ImportWizard(db, importer=IMPORTERS["contracts"])
    qtbot.addWidget(widget)
    widget.show()
    assert widget.windowTitle() == "导入集体合同台账"
    assert "集体合同台账" in widget.file_page.subTitle()
    choose_file(widget, contract_ledger(tmp_path / "合同台账.xlsx"))

    go_to(qtbot, widget, PageId.MAPPING)
    page = widget.mapping_page
    assert page.header_spin.value() == 2
    assert page.choice(2) == "title" and page.choice(10) == "wage_increase_pct" and page.choice(11) == "renews_title"
    assert page.isComplete()
    page.set_choice(2, None)  # no 合同名称 column: nothing could be imported
    assert not page.isComplete() and "必须有一列对应到“合同名称”" in page.summary.text()
    page.reset()

    go_to(qtbot, widget, PageId.PREVIEW)
    preview = widget.preview_page
    assert preview.counts.text() == "可导入 3 行，拒绝 1 行，警告 0 条"
    assert preview.rejected_table.horizontalHeaderItem(1).text() == "合同名称"
    assert preview.rejected_table.item(0, 1).text() == "女职工专项合同"
    assert "覆盖女职工数" in preview.rejected_table.item(0, 2).text()
    assert "合同名称和签订日期都相同" in preview.duplicates_box.title()

    with qtbot.waitSignal(widget.imported, timeout=10_000) as imported:
        go_to(qtbot, widget, PageId.DONE)
    summary = imported.args[0]
    assert (summary.new, summary.rejected, summary.unit) == (3, 1, "份")
    assert widget.done_page.summary_label.text() == summary.line() and "新增 3 份" in summary.line()

    rows = {r.data.title: r for r in list_contracts(db.session_factory)}
    assert set(rows) == {"集体合同（2021—2023）", "集体合同（2024—2026）", "2024年度工资专项集体合同"}
    assert rows["集体合同（2024—2026）"].renews_title == "集体合同（2021—2023）"
    assert rows["2024年度工资专项集体合同"].data.wage_increase_pct == 5.5
    assert engine.default_errors_path(tmp_path / "合同台账.xlsx").exists()
