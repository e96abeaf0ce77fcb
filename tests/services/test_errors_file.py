"""Where the rejected rows of an import go (services.importing.errors_file), the one rule the
import wizard and `unionbook import` share: beside the source as `<stem>.错误行.xlsx`, else the
same name in the database's folder, else nowhere, said without failing the import."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from unionbook.app import main
from unionbook.domain.errors import InputError
from unionbook.domain.idnumber import check_digit
from unionbook.services.importing import engine
from unionbook.services.importing.errors_file import write_rejected_rows
from unionbook.services.importing.members import plan_members

GOOD = "44010619850312001" + check_digit("44010619850312001")


def roster(path: Path) -> Path:
    """One good row and one whose ID Excel has already turned into a number (rejected)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = openpyxl.Workbook()
    workbook.active.append(["姓名", "身份证号码", "部门"])
    workbook.active.append(["张三", GOOD, "一车间"])
    workbook.active.append(["王五", "4.40101E+17", "三车间"])
    workbook.save(path)
    return path


class ReadOnly:
    """Makes folders refuse writes: by their mode, and where the mode does not stop the writer
    (root ignores it, and the tests run as root) the way write_rows refuses a folder it cannot
    write, by making engine.write_errors_file raise there."""

    def __init__(self) -> None:
        self.folders: list[Path] = []
        self.ignored: set[Path] = set()

    def __call__(self, folder: Path) -> None:
        folder.chmod(0o555)
        self.folders.append(folder)
        probe = folder / ".probe"
        try:
            probe.touch()
        except PermissionError:
            return
        probe.unlink()
        self.ignored.add(folder)


@pytest.fixture
def read_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[ReadOnly]:
    make = ReadOnly()
    real_write = engine.write_errors_file

    def refusing(plan, target, text_headers=None):  # noqa: ANN001, ANN202
        if Path(target).parent in make.ignored:
            raise InputError(detail=f"无法写入文件“{Path(target).name}”：没有写入权限")
        return real_write(plan, target, text_headers)

    monkeypatch.setattr(engine, "write_errors_file", refusing)
    yield make
    for folder in make.folders:
        folder.chmod(0o755)


# --- the rule ----------------------------------------------------------------------------------


def test_errors_file_goes_beside_the_source(tmp_path: Path) -> None:
    plan = plan_members(roster(tmp_path / "共享" / "花名册.xlsx"))
    written = write_rejected_rows(plan, tmp_path / "数据")
    assert written.path == tmp_path / "共享" / "花名册.错误行.xlsx"
    assert not written.fell_back and written.problem is None
    rows = list(openpyxl.load_workbook(written.path).active.iter_rows(values_only=True))
    assert rows[0] == ("姓名", "身份证号码", "部门", "错误原因") and rows[1][0] == "王五" and len(rows) == 2


def test_errors_file_name_keeps_the_stem_and_is_always_xlsx(tmp_path: Path) -> None:
    source = tmp_path / "2024.二车间.csv"
    source.write_text(f"姓名,身份证号码\n张三,{GOOD}\n王五,4.40101E+17\n", encoding="utf-8")
    written = write_rejected_rows(plan_members(source), tmp_path / "数据")
    assert written.path == tmp_path / "2024.二车间.错误行.xlsx"


def test_errors_file_falls_back_to_the_database_folder_when_the_source_folder_is_read_only(
    tmp_path: Path, read_only: ReadOnly
) -> None:
    plan = plan_members(roster(tmp_path / "光盘" / "花名册.xlsx"))
    read_only(tmp_path / "光盘")
    (tmp_path / "数据").mkdir()
    written = write_rejected_rows(plan, tmp_path / "数据")
    assert written.path == tmp_path / "数据" / "花名册.错误行.xlsx" and written.path.exists()
    assert written.fell_back and written.problem is None
    assert not (tmp_path / "光盘" / "花名册.错误行.xlsx").exists()


def test_errors_file_falls_back_when_the_old_errors_file_cannot_be_replaced(tmp_path: Path) -> None:
    """Not the folder but the file refuses (on Windows: still open in Excel). A directory in its
    place refuses for real, whoever runs the test."""
    plan = plan_members(roster(tmp_path / "共享" / "花名册.xlsx"))
    (tmp_path / "共享" / "花名册.错误行.xlsx").mkdir()
    (tmp_path / "数据").mkdir()
    written = write_rejected_rows(plan, tmp_path / "数据")
    assert written.path == tmp_path / "数据" / "花名册.错误行.xlsx" and written.fell_back


def test_errors_file_nowhere_to_write_is_a_value_not_an_exception(tmp_path: Path) -> None:
    plan = plan_members(roster(tmp_path / "共享" / "花名册.xlsx"))
    (tmp_path / "共享" / "花名册.错误行.xlsx").mkdir()
    (tmp_path / "数据" / "花名册.错误行.xlsx").mkdir(parents=True)
    written = write_rejected_rows(plan, tmp_path / "数据")
    assert written.path is None and not written.fell_back and written.problem


# --- the command line follows it ---------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_import_writes_the_errors_file_beside_the_database_when_the_source_folder_is_read_only(
    tmp_path: Path, read_only: ReadOnly, capsys: pytest.CaptureFixture[str]
) -> None:
    source = roster(tmp_path / "共享" / "花名册.xlsx")
    read_only(tmp_path / "共享")
    (tmp_path / "数据").mkdir()
    (tmp_path / "数据" / "u.sqlite").touch()  # only `demo` and the window create a database
    code, out, err = run(capsys, "--db", str(tmp_path / "数据" / "u.sqlite"), "import", "members", str(source))
    fallback = tmp_path / "数据" / "花名册.错误行.xlsx"
    assert code == 3
    assert out.strip() == (
        f"导入完成：新增 1 人，更新 0 人，未变 0 人，拒绝 1 行，跳过 0 行，警告 0 条。被拒绝的行已写入 {fallback}，修改后可再次导入。"
    )
    assert "原文件所在的文件夹无法写入" in err and fallback.exists()


def test_cli_import_with_nowhere_to_write_the_errors_file_still_reports_the_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = roster(tmp_path / "共享" / "花名册.xlsx")
    (tmp_path / "共享" / "花名册.错误行.xlsx").mkdir()
    (tmp_path / "数据" / "花名册.错误行.xlsx").mkdir(parents=True)
    (tmp_path / "数据" / "u.sqlite").touch()  # only `demo` and the window create a database
    code, out, err = run(capsys, "--db", str(tmp_path / "数据" / "u.sqlite"), "import", "members", str(source))
    assert code == 3  # the import committed: rejected rows, not a failure
    assert out.strip() == "导入完成：新增 1 人，更新 0 人，未变 0 人，拒绝 1 行，跳过 0 行，警告 0 条。"
    assert "被拒绝的行没能写入错误行文件" in err and "--errors" in err
