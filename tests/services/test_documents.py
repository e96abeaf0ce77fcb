"""The document generator end to end: built-in templates on the demo union and on an empty
database, the PDF a chair would print, user templates, and the `report` / `templates` commands."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from conftest import libreoffice_convert
from server_books import copy_book
from docx import Document

from unionbook.app import main
from unionbook.db.models import Activity, AidPayment, EmploymentEvent, Member, MembershipEvent, UnionProfile
from unionbook.domain.errors import InputError
from unionbook.services import documents
from unionbook.services.database import Database
from unionbook.services.figures import Period, compute_with_comparison
from unionbook.services.ledgers import LEDGERS, ledger_lists

BUILTINS = {
    "年度工作总结": "docx",
    "上半年工作总结": "docx",
    "工会统计年报": "xlsx",
    "会员花名册": "xlsx",
    "集体合同台账": "xlsx",
    "帮扶发放台账": "xlsx",
    "活动台账": "xlsx",
}
TODAY = date(2025, 1, 10)


def document_text(path: Path) -> str:
    """All text a reader sees: docx paragraphs, tables, headers and footers; every xlsx cell."""
    if path.suffix == ".docx":
        document = Document(path)
        parts = [p.text for p in document.paragraphs]
        parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        for section in document.sections:
            parts += [p.text for p in section.footer.paragraphs + section.header.paragraphs]
        return "\n".join(parts)
    workbook = openpyxl.load_workbook(path)
    return "\n".join(
        "" if cell.value is None else str(cell.value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
    )


def assert_clean(text: str, where: str) -> None:
    for leftover in ("None", "{{", "{%", "}}", "%}", "Undefined"):
        assert leftover not in text, f"{where}: “{leftover}” in output"


def render(database: Database, name: str, period: Period, folder: Path) -> Path:
    return documents.render(
        database.session_factory,
        name,
        period,
        folder / f"{name}.{BUILTINS[name]}",
        user_folder=database.files_dir("templates"),
        today=TODAY,
    )


@pytest.fixture
def small_union(db: Database) -> Database:
    """A union small enough to work its figures out by hand (2024, against 2023):

    职工 甲(女) and 丙 since 2020, 丁(女) since 2019-06, 乙 from 2024-03-01: 4 at 2024-12-31, 3 a year
    earlier. 会员 甲, 丁, and 乙 from 2024-03-01: 3 against 2 (入会率 75.0 against 66.7).
    帮扶 2024: 甲 送温暖 1,234.56 元 plus 300.00 元 in kind (01-20), 乙 节日慰问 200.00 元 (11-05); 2023:
    甲 送温暖 1,000.00 元 (01-20). 活动 2024: 文体活动 40 人次 costing 1,500.00 元 (04-20), 工会委员会议
    7 人次 (06-01); 2023: 文体活动 32 人次 (04-15).
    """
    with db.session_factory.begin() as s:
        s.add(UnionProfile(id=1, union_name="江川测试公司工会", unit_name="江川测试公司"))
        jia, yi, bing, ding = (Member(name="甲", gender="女"), Member(name="乙", gender="男"),
                               Member(name="丙", gender="男"), Member(name="丁", gender="女"))  # fmt: skip
        s.add_all([jia, yi, bing, ding])
        for person, since in ((jia, date(2020, 1, 1)), (yi, date(2024, 3, 1)), (bing, date(2020, 1, 1)),
                              (ding, date(2019, 6, 1))):  # fmt: skip
            s.add(EmploymentEvent(member=person, status="在岗", date=since))
            if person is not bing:
                s.add(MembershipEvent(member=person, kind="入会", date=since))
        s.flush()
        s.add_all([
            AidPayment(member_id=jia.id, program="送温暖", date=date(2024, 1, 20), amount_fen=123456,
                       goods_value_fen=30000),
            AidPayment(member_id=yi.id, program="节日慰问", date=date(2024, 11, 5), amount_fen=20000),
            AidPayment(member_id=jia.id, program="送温暖", date=date(2023, 1, 20), amount_fen=100000),
            Activity(name="春季登山", category="文体活动", start_date=date(2024, 4, 20), participants=40,
                     cost_fen=150000),
            Activity(name="工会委员会议", category="工会委员会议", start_date=date(2024, 6, 1), participants=7),
            Activity(name="去年登山", category="文体活动", start_date=date(2023, 4, 15), participants=32),
        ])  # fmt: skip
    return db


# ------------------------------------------------------------------------------ built-ins


def test_builtin_templates_are_listed_and_valid(db: Database) -> None:
    listed = {t.name: t for t in documents.list_templates(db.files_dir("templates"))}
    assert set(BUILTINS) <= set(listed)
    for name, fmt in BUILTINS.items():
        info = listed[name]
        assert info.builtin and info.format == fmt and info.error is None and not info.unknown, name
    assert listed["工会统计年报"].period_kind.value == "统计年度"
    assert listed["上半年工作总结"].period_kind.value == "上半年"


@pytest.mark.parametrize("name", list(BUILTINS))
def test_every_builtin_renders_on_the_demo_union(demo_db: Database, tmp_path: Path, name: str) -> None:
    template = documents.find_template(name, None)
    period = documents.default_period(template, 2024)
    output = render(demo_db, name, period, tmp_path)
    text = document_text(output)
    assert_clean(text, name)
    assert "江川精密机械有限公司" in text
    assert "【请补充：工会名称】" not in text


@pytest.mark.parametrize("name", list(BUILTINS))
def test_every_builtin_renders_on_an_empty_database(db: Database, tmp_path: Path, name: str) -> None:
    output = render(db, name, Period.year(2024), tmp_path)
    text = document_text(output)
    assert_clean(text, name)
    if output.suffix == ".docx":
        # Figures all zero: their sentences vanish, every section keeps a line for the chair.
        assert "0人" not in text and "0.00万元" not in text and "0元" not in text
        assert text.count("【请补充") >= 3
        # Nothing in the registers is nothing to complain about: no "1月至12月没有组织活动".
        assert "没有组织活动" not in text and "尚未续签" not in text and "没有复核" not in text


def test_annual_summary_states_the_figures_worked_out_by_hand(small_union: Database, tmp_path: Path) -> None:
    text = document_text(render(small_union, "年度工作总结", Period.year(2024), tmp_path))
    for sentence in (
        # 会员 3 against 2: +50.0%; 入会率 3/4 = 75.0% against 2/3 = 66.7%: 8.3 points
        ("截至2024年12月31日，江川测试公司共有职工4人，其中女职工2人；工会会员3人，同比增长50.0%，"
         "入会率75.0%，比上年提高8.3个百分点。"),
        # 款物 1,234.56 + 300.00 + 200.00 = 1,734.56 元, under 1万: in 元; no 同比 for aid money
        "全年开展各类帮扶慰问2人次，惠及职工2人，发放帮扶慰问款物合计1,734.56元，其中慰问金1,434.56元、慰问品折合300元。",
        "“两节”送温暖，为1名困难职工发放救助金1,234.56元，另发放慰问品折合300元。",
        "开展节日慰问1人次，发放慰问金200元。",
        # 47 人次 against 32: +46.875% → 46.9%; 1,500.00 元 of 经费 is "1,500元"
        "全年组织开展各类活动和会议2场次，参与职工47人次，参与人次同比增长46.9%，使用活动经费1,500元。",
        "举办文体活动一场，参与职工40人次。",
        "召开工会委员会会议一次。",
    ):
        assert sentence in text, sentence


def test_annual_summary_reads_like_a_summary(demo_db: Database, tmp_path: Path) -> None:
    period = Period.year(2024)
    text = document_text(render(demo_db, "年度工作总结", period, tmp_path))
    assert "2024年工作总结和2025年工作计划" in text
    assert "召开工会委员会会议六次" in text  # the demo holds six committee meetings a year (test_demo)
    assert "工会委员会议" not in text  # the category's register name, not how a chair writes it
    assert "深入开展“安康杯”竞赛，组织安全知识竞赛等活动" in text and "竞赛活动一场" not in text
    assert "目前" not in text  # a dated report says 截至…, never 目前
    assert "冬送温暖" not in text  # one name for the program in every template: “两节”送温暖
    assert "2025年1月10日" in text  # 报告日期 in the signature: today, ten days after the year ended
    assert "附表1" in text and "附表2" in text
    for paragraph in text.splitlines():
        assert "，。" not in paragraph and "；。" not in paragraph and "，，" not in paragraph, paragraph


def test_annual_summary_converts_to_pdf_with_the_figures(demo_db: Database, tmp_path: Path) -> None:
    period = Period.year(2024)
    docx = render(demo_db, "年度工作总结", period, tmp_path)
    pdf = libreoffice_convert(docx, "pdf", tmp_path)
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is needed: apt-get install -y poppler-utils")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", "", text)
    # The figures' values are checked by hand on the small union; here, that they survive as numbers.
    for expected in (
        "2024年工作总结和2025年工作计划",
        r"工会会员\d+人",
        r"帮扶慰问\d+人次",
        r"款物合计\d+\.\d\d万元",
        r"参与职工\d+人次",
        "—1—",  # the page number field, between its 一字线
    ):
        assert re.search(expected, flat), expected
    assert "{{" not in text and "None" not in text
    # 附表2 as printed: the demo's longest category, place and name each on one line of its cell.
    for word in ("职代会/会员大会", "公司三楼多功能厅", "《工会法》《劳动合同法》知识竞赛", "工会委员会会议"):
        assert word in text, word
    assert "实物价值（元）" in text  # 附表1 carries the goods beside the cash
    pages = int(
        re.search(
            r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        ).group(1)
    )
    assert 4 <= pages <= 10


def test_statistical_report_uses_the_statistical_year(small_union: Database, tmp_path: Path) -> None:
    template = documents.find_template("工会统计年报", None)
    period = documents.default_period(template, 2024)
    assert (period.start, period.end) == (date(2023, 10, 1), date(2024, 9, 30))
    sheet = openpyxl.load_workbook(render(small_union, "工会统计年报", period, tmp_path)).active
    rows = {row[1]: row for row in sheet.iter_rows(values_only=True) if row[1] and row[0] and isinstance(row[0], int)}
    # Members at 2024-09-30: 甲, 乙, 丁; at 2023-09-30: 甲, 丁.
    assert rows["会员总数"][3:6] == (3, 2, "增长50.0%")
    # Only the 2024-01-20 payment falls in 2023-10-01..2024-09-30 (2024-11-05 is after it).
    assert float(rows["帮扶慰问资金（不含实物）"][3]) == 1234.56
    assert rows["各类活动和会议场次"][3:6] == (2, 1, "增长100.0%")
    assert "统计期间：2023年10月1日至2024年9月30日" in document_text(tmp_path / "工会统计年报.xlsx")
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)


def test_ledgers_list_every_record_and_add_up_to_the_figures(demo_db: Database, tmp_path: Path) -> None:
    period = Period.year(2024)
    figures = compute_with_comparison(demo_db.session_factory, period)
    lists = ledger_lists(demo_db.session_factory, period, LEDGERS)
    assert len(lists["会员明细"]) == figures["会员总数"] + figures["保留会籍人数"]
    assert len(lists["帮扶发放明细"]) == figures["帮扶慰问总人次"]
    assert len(lists["活动明细"]) == figures["活动总场次"]
    assert sum(r["金额"] for r in lists["帮扶发放明细"]) == figures["帮扶慰问总金额"]
    assert all("*" in r["证件号码"] for r in lists["会员明细"] if r["证件号码"])

    sheet = openpyxl.load_workbook(render(demo_db, "会员花名册", period, tmp_path)).active
    numbers = [row[0] for row in sheet.iter_rows(min_row=4, values_only=True) if isinstance(row[0], int)]
    assert numbers == list(range(1, len(lists["会员明细"]) + 1))
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == "$3:$3"


def test_context_holds_only_plain_values(demo_db: Database) -> None:
    from unionbook.fileio.templates import check_plain

    context = documents.build_context(demo_db.session_factory, Period.year(2024), ledgers=LEDGERS)
    check_plain(context)
    assert documents.known_names() >= set(context)
    assert context["工会名称"] == "江川精密机械有限公司工会" and context["下一年度"] == 2025


# ------------------------------------------------------------------------------ user templates


def _user_docx(path: Path, text: str) -> Path:
    document = Document()
    document.add_paragraph(text)
    document.save(path)
    return path


def test_user_template_with_a_typo_is_refused_with_a_suggestion(db: Database, tmp_path: Path) -> None:
    source = _user_docx(tmp_path / "我的总结.docx", "今年会员{{会员总人数}}人，入会率{{入会率}}%。")
    with pytest.raises(InputError) as excinfo:
        documents.add_user_template(db, source)
    assert excinfo.value.message().startswith("模板“我的总结.docx”中有未知变量：会员总人数（是否应为：会员总数")
    assert not (db.files_dir("templates") / "我的总结.docx").exists()
    with pytest.raises(InputError, match="会员总人数"):
        documents.render(db.session_factory, source, Period.year(2024), tmp_path / "out.docx")
    assert not (tmp_path / "out.docx").exists()


def test_user_template_is_added_listed_and_rendered_by_name(demo_db: Database, tmp_path: Path) -> None:
    source = _user_docx(tmp_path / "简报.docx", "{{工会名称}}：会员{{会员总数}}人，帮扶约{{帮扶慰问总人次|约数}}人次。")
    target = documents.add_user_template(demo_db, source)
    assert target == demo_db.files_dir("templates") / "简报.docx" and target.exists()
    with pytest.raises(InputError, match="已有同名"):
        documents.add_user_template(demo_db, source)
    documents.add_user_template(demo_db, source, replace=True)
    listed = {t.name: t for t in documents.list_templates(demo_db.files_dir("templates"))}
    assert not listed["简报"].builtin and listed["简报"].variables == {"工会名称", "会员总数", "帮扶慰问总人次"}
    output = documents.render(
        demo_db.session_factory,
        "简报",
        Period.year(2024),
        tmp_path / "简报输出.docx",
        user_folder=demo_db.files_dir("templates"),
    )
    assert re.fullmatch(r"江川精密机械有限公司工会：会员\d+人，帮扶约\d+余?人次。", document_text(output).strip())


def test_user_template_overrides_the_builtin_of_the_same_name(db: Database, tmp_path: Path) -> None:
    documents.add_user_template(db, _user_docx(tmp_path / "年度工作总结.docx", "自己的版本：{{会员总数}}"))
    listed = [t for t in documents.list_templates(db.files_dir("templates")) if t.name == "年度工作总结"]
    assert {t.builtin for t in listed} == {True, False}
    assert next(t for t in listed if t.builtin).overridden
    output = render(db, "年度工作总结", Period.year(2024), tmp_path)
    assert document_text(output).strip() == "自己的版本：0"


def test_hostile_user_template_fails_cleanly(db: Database, tmp_path: Path) -> None:
    source = _user_docx(tmp_path / "x.docx", "{{ ''.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(InputError, match="不允许"):
        documents.add_user_template(db, source)
    with pytest.raises(InputError, match="不允许"):
        documents.render(db.session_factory, source, Period.year(2024), tmp_path / "x-out.docx")


def test_output_suffix_must_match_the_template(db: Database, tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"输出文件应为 \.docx"):
        documents.render(db.session_factory, "年度工作总结", Period.year(2024), tmp_path / "总结.xlsx")
    with pytest.raises(InputError, match="找不到模板“没有这个”。可用的模板："):
        documents.render(db.session_factory, "没有这个", Period.year(2024), tmp_path / "x.docx")


# ------------------------------------------------------------------------------ command line


def run(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_report_command(demo_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db_file = copy_book(demo_template, tmp_path / "demo.sqlite")
    out_docx = tmp_path / "总结.docx"
    code, out, err = run(
        "--db",
        str(db_file),
        "report",
        "--year",
        "2024",
        "--template",
        "年度工作总结",
        "-o",
        str(out_docx),
        capsys=capsys,
    )
    assert code == 0, err
    # 2024 ended more than a month ago: signed 15 days after the year, not on the day of printing.
    assert out.strip() == f"已生成“年度工作总结”（2024年，落款日期 2025-01-15）：{out_docx}"
    assert "2025年1月15日" in document_text(out_docx)
    assert out_docx.exists()

    out_xlsx = tmp_path / "年报.xlsx"
    code, out, _ = run(
        "--db",
        str(db_file),
        "report",
        "--year",
        "2024",
        "--template",
        "工会统计年报",
        "-o",
        str(out_xlsx),
        capsys=capsys,
    )
    assert code == 0 and "2023年10月1日至2024年9月30日" in out

    code, out, _ = run("--db", str(db_file), "report", "--from", "2024-03-01", "--to", "2024-05-31", "--template",
                       "活动台账", "-o", str(tmp_path / "春.xlsx"), capsys=capsys)  # fmt: skip
    assert code == 0 and "2024年3月1日至2024年5月31日" in out

    code, out, _ = run("--db", str(db_file), "report", "--year", "2024", "--half", "--template", "年度工作总结", "-o",
                       str(tmp_path / "半.docx"), capsys=capsys)  # fmt: skip
    assert code == 0 and "2024年上半年" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--template", "没有这个模板", "-o", "x.docx"], "找不到模板“没有这个模板”"),
        (["--template", "年度工作总结", "-o", "x.pdf"], "输出文件应为 .docx"),
        (["--template", "工会统计年报", "-o", "x.docx"], "输出文件应为 .xlsx"),
        (["--template", "{typo}", "-o", "x.docx"], "未知变量：会员总人数（是否应为：会员总数"),
    ],
)
def test_report_command_refuses_unusable_input_with_exit_code_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    typo = _user_docx(tmp_path / "错字.docx", "{{会员总人数}}")
    args = [str(typo) if a == "{typo}" else str(tmp_path / a) if a.startswith("x.") else a for a in args]
    (tmp_path / "u.sqlite").touch()  # only `demo` and the window create a database
    code, _, err = run("--db", str(tmp_path / "u.sqlite"), "report", "--year", "2024", *args, capsys=capsys)
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert not list(tmp_path.glob("x.*"))


def test_report_command_needs_a_period(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["--db", str(tmp_path / "u.sqlite"), "report", "--template", "年度工作总结", "-o", str(tmp_path / "x.docx")]
    assert run(*base, capsys=capsys)[0] == 2
    assert run(*base, "--year", "2024", "--from", "2024-01-01", "--to", "2024-02-01", capsys=capsys)[0] == 2
    code, _, err = run(*base, "--from", "2024-05-01", "--to", "2024-01-01", capsys=capsys)
    assert code == 2 and "早于" in err


def test_templates_command_lists_and_adds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db_file = str(tmp_path / "u.sqlite")
    Path(db_file).touch()  # only `demo` and the window create a database
    code, out, _ = run("--db", db_file, "templates", capsys=capsys)
    assert code == 0
    for name in BUILTINS:
        assert any(line.startswith(f"{name}\t") and "内置" in line for line in out.splitlines()), name
    good = _user_docx(tmp_path / "简报.docx", "{{会员总数}}")
    code, out, _ = run("--db", db_file, "templates", "--add", str(good), capsys=capsys)
    assert code == 0 and "已加入自定义模板“简报”" in out
    bad = _user_docx(tmp_path / "坏.docx", "{{会员总人数}}")
    code, _, err = run("--db", db_file, "templates", "--add", str(bad), capsys=capsys)
    assert code == 2 and "会员总人数" in err
    code, out, _ = run("--db", db_file, "templates", capsys=capsys)
    assert any(line.startswith("简报\tdocx\t自定义") for line in out.splitlines())


def test_statistical_report_template_lists_every_figure() -> None:
    """Every figure reaches the 统计年报 through its rows (a 万元 figure through its 元 twin), but
    the dues and funds figures, which have their own statements (财务公开, 经费收支情况表); and
    the built-in reads those rows, section by section."""
    from unionbook.fileio.templates import template_variables
    from unionbook.services.figures import FIGURES
    from unionbook.services.statistical_report import row_figures

    names = {f.name for f in FIGURES if f.register not in ("会费", "经费")}
    expected = {n for n in names if not (n.endswith("万元") and n[:-2] in names)}
    assert {f.name for f in row_figures()} == expected
    used = template_variables(documents.find_template("工会统计年报", None))
    assert "统计年报指标" in used
