"""`unionbook district …` and `unionbook package` on the command line: the union list kept by hand
(a union registered before it reports, one dissolved), who has not reported, the documents, and
the refusals (exit 2, one line, nothing written)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from district_unions import WANG_ID, fresh_db, small_union

from unionbook.app import main
from unionbook.domain.organisation import OrgFacts


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_union_list_by_hand_and_documents(template_db, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    union = fresh_db(template_db, tmp_path / "u")
    small_union(union, "甲公司工会", [("王芳", WANG_ID, date(2010, 3, 1))], facts=OrgFacts(stat_code="A01"))
    union_path = str(union.target)
    union.close()
    code, _, err = run(capsys, "--db", union_path, "package", "--year", "2025", "-o", str(tmp_path / "a"), "--show-id")
    assert code == 2 and "--show-id 只在附花名册时有意义" in err and not (tmp_path / "a.ubpkg").exists()
    assert run(capsys, "--db", union_path, "package", "--year", "2025", "-o", str(tmp_path / "a"))[0] == 0

    db = str(tmp_path / "区总.sqlite")
    assert run(capsys, "--db", db, "district", "figures", "--year", "2025")[0] == 2  # no such file yet
    assert run(capsys, "--db", db, "district", "init", "--name", "示范区总工会")[0] == 0
    assert run(capsys, "--db", db, "district", "add-union", "--name", "乙厂工会", "--stat-code", "B02",
               "--founded", "2019-01-01")[0] == 0  # fmt: skip
    assert run(capsys, "--db", db, "district", "add-union", "--name", "丙店工会", "--stat-code", "C03",
               "--founded", "2015-01-01")[0] == 0  # fmt: skip
    code, _, err = run(capsys, "--db", db, "district", "add-union", "--name", "丁工会", "--type", "联合基层工会", "--covered-units", "0")
    assert code == 2 and "覆盖单位数至少为 1" in err
    assert run(capsys, "--db", db, "district", "edit-union", "C03", "--dissolved", "2025-06-30")[0] == 0
    assert run(capsys, "--db", db, "district", "import", str(tmp_path / "a.ubpkg"))[0] == 0
    code, out, _ = run(capsys, "--db", db, "district", "unions", "--year", "2025", "--missing")
    assert code == 0 and "2025 年度未报送的工会 1 家" in out and "乙厂工会" in out and "丙店工会" not in out
    code, out, _ = run(capsys, "--db", db, "district", "figures", "--year", "2025", "--by-union", "会员总数")
    assert "2025 年度区总工会汇总（2025年1月1日至2025年12月31日；已报送 1 家，未报送 1 家）" in out
    assert "撤销工会组织数" in out and "乙厂工会" in out and "未报送" in out
    code, _, err = run(capsys, "--db", db, "district", "figures", "--year", "2025", "--by-union", "会员人数")
    assert code == 2 and "没有这个指标：会员人数" in err
    assert run(capsys, "--db", db, "district", "report", "--year", "2025", "--template", "区总统计年报",
               "-o", str(tmp_path / "年报.xlsx"))[0] == 0  # fmt: skip
    code, _, err = run(capsys, "--db", db, "district", "report", "--year", "2025", "--template", "区总年度工作总结",
                       "-o", str(tmp_path / "总结.xlsx"))  # fmt: skip
    assert code == 2 and "输出文件应为 .docx" in err and not (tmp_path / "总结.xlsx").exists()
    code, _, err = run(capsys, "--db", union_path, "district", "figures", "--year", "2025")
    assert code == 2 and "不是区总工会汇总库" in err
    code, _, err = run(capsys, "--db", db, "package", "--year", "2025", "-o", str(tmp_path / "d"))
    assert code == 2 and "这是区总工会汇总库" in err and not (tmp_path / "d.ubpkg").exists()
