"""The Windows version information comes from unionbook.__version__ (installer/version_info.py):
Explorer's Details tab and the installer's upgrade check read these four numbers."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "installer"))
from version_info import numeric_version, version_file_text  # noqa: E402


@pytest.mark.parametrize(
    ("version", "numbers"),
    [("0.1.0", (0, 1, 0, 0)), ("2.0", (2, 0, 0, 0)), ("1.4.12rc1", (1, 4, 12, 0)), ("3.1.0+local", (3, 1, 0, 0))],
)
def test_windows_gets_four_numbers(version: str, numbers: tuple[int, int, int, int]) -> None:
    assert numeric_version(version) == numbers


def test_not_a_version_is_refused() -> None:
    with pytest.raises(ValueError):
        numeric_version("dev")


def test_the_file_names_the_version_as_file_and_product_version() -> None:
    text = version_file_text("1.4.12rc1")
    ast.parse(text)  # pyinstaller evaluates it as a Python expression
    assert "filevers=(1, 4, 12, 0), prodvers=(1, 4, 12, 0)" in text
    assert "StringStruct('FileVersion', '1.4.12rc1')" in text
    assert "StringStruct('ProductVersion', '1.4.12rc1')" in text
    assert "StringStruct('ProductName', '工会台账 UnionBook')" in text
