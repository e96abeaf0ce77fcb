"""Workbooks for paper: A4 one page wide with page numbers, saved whole or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from unionbook.domain.errors import InputError
from unionbook.fileio.paper import save_workbook, set_a4


def test_a_sheet_for_paper_prints_on_a4_one_page_wide_with_its_titles_on_each_page(tmp_path: Path) -> None:
    workbook = Workbook()
    set_a4(workbook.active, landscape=True, title_rows="1:3", header="甲工会2025年会费收缴台账 & 明细")
    save_workbook(workbook, tmp_path / "a.xlsx")
    sheet = load_workbook(tmp_path / "a.xlsx").active
    assert (sheet.page_setup.orientation, sheet.page_setup.paperSize) == ("landscape", 9)
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.print_title_rows == "$1:$3"
    assert sheet.oddHeader.center.text == "甲工会2025年会费收缴台账 && 明细"
    assert sheet.oddFooter.center.text == "第 &P 页　共 &N 页"


def test_saving_into_a_missing_folder_says_so_and_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(InputError) as raised:
        save_workbook(Workbook(), tmp_path / "无此文件夹" / "a.xlsx")
    assert raised.value.message() == f"无法写入文件“a.xlsx”：文件夹 {tmp_path / '无此文件夹'} 不存在"


def test_a_file_open_elsewhere_is_refused_in_chinese_and_the_old_file_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "台账.xlsx"
    target.write_bytes(b"old")

    def locked(_src: object, _dst: object) -> None:
        raise PermissionError("locked")

    monkeypatch.setattr("unionbook.fileio.paper.os.replace", locked)
    with pytest.raises(InputError) as raised:
        save_workbook(Workbook(), target)
    assert "文件正被 Excel/WPS 等程序打开，请关闭后重试" in raised.value.message()
    assert target.read_bytes() == b"old" and sorted(p.name for p in tmp_path.iterdir()) == ["台账.xlsx"]
