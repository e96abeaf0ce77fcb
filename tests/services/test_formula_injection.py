"""The formula scan of every writer (issue 12, item 5).

Members, contracts, activities, hardship files and disbursements are imported with hostile text in
every text column (`=HYPERLINK(…)`, `=cmd|' /C calc'!A0`, `+`, `-`, `@`, a tab or line break
first); then every .xlsx the program writes — the 花名册 and the upstream layout, the four ledger
exports, the sign-off sheet, the errors file of an import, and every built-in .xlsx template — is
opened with openpyxl and its XML read: no cell may be a formula. Text that starts like one must
be stored as text with Excel's quote prefix (DESIGN.md, Known traps), so it shows as typed and
stays text when edited; numbers, negative ones included, stay numbers.
"""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from unionbook.domain.idnumber import check_digit
from unionbook.services.importing.registers import IMPORTERS
from unionbook.services.importing.spec import Kind, Unknown

HOSTILE = [
    '=HYPERLINK("http://example.com/x","点我")',
    "=cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r\n=2+2",
]
#: OWASP's list: text starting with one of these is a formula to Excel/WPS when typed or edited.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
ID_NUMBER = "44010619850312001" + check_digit("44010619850312001")
# What typed columns need to pass the import's checks; every other column gets hostile text.
_TYPED = {Kind.DATE: "2024-03-01", Kind.BOOL: "是", Kind.ID_NUMBER: ID_NUMBER, Kind.INT: 5, Kind.MONEY: 100,
          Kind.PHONE: "13812345678"}  # fmt: skip
# Columns whose value another column constrains (dates in order, a percentage, a link to a contract).
_BY_KEY = {"end_date": "2024-03-02", "effective_to": "2027-02-28", "terminated_on": None, "closed_on": None,
           "close_reason": None, "birth_date": "1985-03-12", "wage_increase_pct": "3%", "renews_title": None}  # fmt: skip


def _value(column, n: int) -> object:  # noqa: ANN001 - a spec Column
    if column.key in _BY_KEY:
        return _BY_KEY[column.key]
    if column.kind in _TYPED:
        return _TYPED[column.kind]
    if column.kind is Kind.CHOICE and column.unknown is Unknown.REJECT:
        return next(iter(column.vocab)).value
    return HOSTILE[n % len(HOSTILE)]


def _hostile_file(folder: Path, register: str, name: str) -> Path:
    spec = IMPORTERS[register].spec
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([c.label for c in spec.columns])
    row = []
    for n, column in enumerate(spec.columns):
        value = name if column.key == "name" else _value(column, n)
        cell = sheet.cell(2, n + 1, value)
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # text, the way a colleague's sheet would hold it
        row.append(value)
    path = folder / f"{register}.xlsx"
    workbook.save(path)
    return path


def _import(db, path: Path, register: str, **extra: object) -> None:  # noqa: ANN001 - a Database
    importer = IMPORTERS[register]
    plan = importer.plan(path, db.session_factory, **extra)
    assert not plan.rejected, [r for r in plan.rejection_lines()]
    importer.run(db.session_factory, plan)


def assert_no_formulas(path: Path) -> int:
    """No formula anywhere in the workbook; returns how many hostile-looking texts it holds."""
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = package.read(name)
                assert not re.search(rb"<(?:\w+:)?f[\s>/]", xml), f"{path.name} {name} holds a formula"
    guarded = 0
    workbook = openpyxl.load_workbook(path)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                where = f"{path.name} {sheet.title}!{cell.coordinate} = {cell.value!r}"
                assert cell.data_type != "f", where
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                    assert cell.data_type in ("s", "inlineStr") and cell.quotePrefix, where
                    guarded += 1
    return guarded


@pytest.fixture
def hostile_db(db, tmp_path: Path):  # noqa: ANN001, ANN201 - a Database
    from unionbook.services.union import Profile, save_profile

    save_profile(db.session_factory, Profile(union_name="=HYPERLINK(\"http://x\")工会", unit_name="@某某公司"))
    folder = tmp_path / "in"
    folder.mkdir()
    name = HOSTILE[0]
    _import(db, _hostile_file(folder, "members", name), "members")
    for register in ("contracts", "activities", "hardship"):
        _import(db, _hostile_file(folder, register, name), register)
    _import(db, _hostile_file(folder, "aid", name), "aid")
    return db


def test_every_writer_writes_hostile_text_as_text(hostile_db, tmp_path: Path) -> None:  # noqa: ANN001
    from forms import member_collection_form

    from unionbook.services import register_export as rx
    from unionbook.services.aid import BatchRecipients, preview_batch, record_batch
    from unionbook.services.documents import render
    from unionbook.services.figures import Period
    from unionbook.services.importing.engine import write_errors_file
    from unionbook.services.importing.errors_file import text_headers
    from unionbook.services.member_export import export_roster, export_to_layout
    from unionbook.services.signoff import write_batch_signoff
    from unionbook import paths
    from unionbook.services.templates import template_files

    factory = hostile_db.session_factory
    out = tmp_path / "out"
    out.mkdir()
    written: dict[str, Path] = {}
    for show_id in (False, True):
        written[f"花名册{show_id}"] = export_roster(factory, out / f"花名册{show_id}.xlsx", show_id=show_id).path
    form = member_collection_form(tmp_path / "采集表.xlsx")
    written["采集表"] = export_to_layout(factory, form.path, out / "采集表.xlsx").path
    for name, export in (("合同", rx.export_contracts), ("活动", rx.export_activities), ("帮扶", rx.export_aid),
                         ("档案", rx.export_hardship)):  # fmt: skip
        written[name] = export(factory, out / f"{name}.xlsx").path
    preview = preview_batch(factory, BatchRecipients(), title="=cmd|' /C calc'!A0", program="送温暖",
                            on=date(2024, 3, 1), amount_fen=-500 * 100 + 100_000, goods="+大米")  # fmt: skip
    batch = record_batch(factory, preview, prepared_by="-经办", approved_by="@审批")
    written["签收表"] = write_batch_signoff(factory, batch, out / "签收表.xlsx", show_id=True)
    rejected = _hostile_file(tmp_path, "members", "")  # no name: rejected, its hostile cells go to the errors file
    plan = IMPORTERS["members"].plan(rejected, factory)
    assert plan.rejected
    written["错误行"] = write_errors_file(plan, out / "错误行.xlsx", text_headers(plan))
    xlsx_templates = [t for t in template_files(paths.resource_path("templates")) if t.suffix == ".xlsx"]
    assert len(xlsx_templates) >= 5  # 会员花名册, 统计年报 and the ledgers
    for template in xlsx_templates:
        written[template.stem] = render(factory, template.stem, Period.year(2024), out / f"{template.stem}.xlsx")

    guarded = {name: assert_no_formulas(path) for name, path in written.items()}
    # Hostile text reached every writer that prints names or titles (else the scan proves nothing).
    for name, count in guarded.items():
        if name != "工会统计年报":  # figures only, no text from the records
            assert count, f"no hostile text reached {name}"


def test_numbers_stay_numbers_and_text_is_kept_exactly(tmp_path: Path) -> None:
    from unionbook.fileio.spreadsheet import read_sheet, write_rows

    path = tmp_path / "x.xlsx"
    rows = [[text, -5, -2.5, 0] for text in HOSTILE]
    write_rows(path, [("表", ["文字", "整数", "小数", "零"], rows)])
    assert assert_no_formulas(path) == len(HOSTILE)
    sheet = openpyxl.load_workbook(path)["表"]
    assert [sheet.cell(r, 2).value for r in range(2, 9)] == [-5] * 7 and sheet["C2"].value == -2.5
    assert sheet["B2"].data_type == "n" and not sheet["B2"].quotePrefix
    assert [row[0] for row in read_sheet(path).rows[1:]] == HOSTILE  # re-imported exactly as written
